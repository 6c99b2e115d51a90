/*
 * The connect-path policy (acq_db_route) over a scripted attempt: which
 * failures elect, which go back to the caller untouched, following another
 * process's election, and giving up with a reason.
 */
#include "fixtures.h"
#include "failover/acq_db_route.h"

#include <stdio.h>
#include <string.h>

static char err[ACQ_DB_ERR_MAX];
/* the cache fixture (fixtures.h) under this suite's short names */
#define cfg acq_fx_cfg
#define cache acq_fx_cache

/* Per server: the error code its attempt fails with (0: it connects) and
 * the message; every attempt is recorded. A flapping script moves the
 * election file on to the next server at each failed attempt, as if
 * another process kept electing. */
typedef struct attempt_script {
	unsigned code[3];
	const char *msg[3];
	char asked[256];
	int flap;
} attempt_script;

static int attempt(void *arg, const acq_db_server *s, unsigned *code, char *msg, size_t msglen)
{
	attempt_script *a = arg;
	int i = s->name[2] - '1';

	strcat(a->asked, s->name);
	strcat(a->asked, " ");
	if (a->code[i] == 0) {
		return 0;
	}
	*code = a->code[i];
	snprintf(msg, msglen, "[%u] %s", a->code[i], a->msg[i] ? a->msg[i] : "Connection refused");
	if (a->flap) {
		acq_db_state st;
		char e[256];
		ck_assert(acq_db_efile_read(acq_fx_file, &st, e, sizeof(e)) == ACQ_DB_OK);
		st = acq_fx_state(st.epoch + 1, i == 0 ? "db2" : "db1", NULL);
		acq_fx_write_state(&st);
	}
	return -1;
}

static void setup(void)
{
	acq_fx_cache_setup();
	cfg.failover_hold_ms = 0;
	acq_fx_init_with("db1");
}

#define current acq_fx_read_file

static void route(attempt_script *a, acq_db_route_result *out)
{
	acq_db_state st = current();

	err[0] = '\0';
	acq_db_route_connect(&cache, &st, attempt, a, NULL, out, err, sizeof(err));
}

START_TEST(a_live_master_is_used_as_it_is)
{
	attempt_script a = { { 0, 0, 0 }, { 0 }, "", 0 };
	acq_db_route_result out;

	route(&a, &out);
	ck_assert_int_eq(out.outcome, ACQ_DB_ROUTE_CONNECTED);
	ck_assert_str_eq(out.server->name, "db1");
	ck_assert_int_eq(out.elected, 0);
	ck_assert_str_eq(a.asked, "db1 ");
	ck_assert_uint_eq(current().epoch, 1);
}
END_TEST

START_TEST(the_callers_own_errors_go_back_unchanged)
{
	static const struct { unsigned code; const char *msg; } cases[] = {
		{ 1045, "Access denied for user 'app'" }, { 1049, "Unknown database 'x'" }, { 1040, "Too many connections" },
		{ 2002, "Cannot connect to MySQL using SSL" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		attempt_script a = { { cases[i].code, 0, 0 }, { cases[i].msg }, "", 0 };
		acq_db_route_result out;
		route(&a, &out);
		ck_assert_int_eq(out.outcome, ACQ_DB_ROUTE_CALLER_ERROR);
		ck_assert_str_eq(out.server->name, "db1");
		ck_assert_str_eq(a.asked, "db1 ");
		ck_assert_str_eq(err, "");
	}
	ck_assert_uint_eq(current().epoch, 1);
}
END_TEST

START_TEST(a_dead_master_elects_and_the_probe_is_the_connection)
{
	attempt_script a = { { 2002, 2003, 0 }, { 0 }, "", 0 };
	acq_db_route_result out;

	route(&a, &out);
	ck_assert_int_eq(out.outcome, ACQ_DB_ROUTE_CONNECTED);
	ck_assert_int_eq(out.elected, 1);
	ck_assert_str_eq(out.server->name, "db3");
	ck_assert_str_eq(a.asked, "db1 db2 db3 "); /* no second connect to the winner */
	ck_assert_str_eq(current().active, "db3");
	ck_assert_ptr_nonnull(strstr(current().reason, "db1 failed: [2002] Connection refused"));
}
END_TEST

START_TEST(another_process_election_is_followed)
{
	attempt_script a = { { 2013, 0, 0 }, { "Lost connection" }, "", 0 };
	acq_db_route_result out;
	acq_db_state seen = current();
	acq_db_state moved = acq_fx_state(5, "db3", "db1");

	acq_fx_write_state(&moved); /* decided while our attempt ran */
	acq_db_route_connect(&cache, &seen, attempt, &a, NULL, &out, err, sizeof(err));
	ck_assert_int_eq(out.outcome, ACQ_DB_ROUTE_CONNECTED);
	ck_assert_int_eq(out.elected, 0);
	ck_assert_int_eq(out.adoptions, 1);
	ck_assert_str_eq(out.server->name, "db3");
	ck_assert_str_eq(a.asked, "db1 db3 ");
	ck_assert_uint_eq(current().epoch, 5);
}
END_TEST

START_TEST(no_candidate_gives_up_with_the_election_error)
{
	attempt_script a = { { 2002, 2002, 2003 }, { 0 }, "", 0 };
	acq_db_route_result out;

	route(&a, &out);
	ck_assert_int_eq(out.outcome, ACQ_DB_ROUTE_GAVE_UP);
	ck_assert_int_eq(out.rc, ACQ_DB_E_NO_CANDIDATE); /* not ACQ_DB_E_ALIVE: this node is not flagged isolated */
	ck_assert_msg(strstr(err, "no server can take over from db1 at epoch 1"), "%s", err);
	ck_assert_ptr_nonnull(strstr(err, "db3 (127.0.0.1:3): [2003] Connection refused"));
	ck_assert_uint_eq(current().epoch, 1);
}
END_TEST

START_TEST(a_cluster_that_keeps_changing_is_given_up_on)
{
	attempt_script a = { { 2002, 2002, 2002 }, { 0 }, "", 1 };
	acq_db_route_result out;

	route(&a, &out);
	ck_assert_int_eq(out.outcome, ACQ_DB_ROUTE_GAVE_UP);
	ck_assert_int_eq(out.adoptions, ACQ_DB_ROUTE_MAX_ADOPTIONS);
	ck_assert_msg(strstr(err, "gave up after following 16 elections in a row"), "%s", err);
}
END_TEST

Suite *acq_check_route_suite(void)
{
	Suite *s = suite_create("route");
	TCase *tc = tcase_create("connect");

	tcase_add_checked_fixture(tc, setup, acq_fx_cache_teardown);
	tcase_add_test(tc, a_live_master_is_used_as_it_is);
	tcase_add_test(tc, the_callers_own_errors_go_back_unchanged);
	tcase_add_test(tc, a_dead_master_elects_and_the_probe_is_the_connection);
	tcase_add_test(tc, another_process_election_is_followed);
	tcase_add_test(tc, no_candidate_gives_up_with_the_election_error);
	tcase_add_test(tc, a_cluster_that_keeps_changing_is_given_up_on);
	suite_add_tcase(s, tc);
	return s;
}
