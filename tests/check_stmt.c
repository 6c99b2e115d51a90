/*
 * The statement-path policy (acq_db_stmt): send, reroute or refuse a
 * statement on a connection whose member may have been demoted; the session
 * statements a reroute replays; the safe-read classifier that decides
 * whether a failed statement is sent once more.
 */
#include "fixtures.h"
#include "failover/acq_db_stmt.h"

#include <stdio.h>
#include <string.h>

#define SAFE(q) acq_db_stmt_is_safe_read((q), strlen(q))

static acq_db_stmt_conn sc;

static void opened_on_db1(void)
{
	acq_db_state st = acq_fx_state(3, "db1", NULL);

	acq_db_stmt_opened(&sc, "db1", &st, 7);
	acq_db_stmt_note_status(&sc, ACQ_DB_STMT_STATUS_AUTOCOMMIT);
}

START_TEST(send_while_nothing_changed)
{
	acq_db_state st = acq_fx_state(3, "db1", NULL);

	opened_on_db1();
	ck_assert_int_eq(acq_db_stmt_decide(&sc, 7, &st), ACQ_DB_STMT_SEND);
}
END_TEST

START_TEST(send_when_the_member_is_still_master)
{
	/* a rejoin of another server moves the epoch; db1 is still the master */
	acq_db_state st = acq_fx_state(4, "db1", NULL);

	opened_on_db1();
	ck_assert_int_eq(acq_db_stmt_decide(&sc, 8, &st), ACQ_DB_STMT_SEND);
	ck_assert_uint_eq(sc.epoch, 4);
	ck_assert_uint_eq(sc.generation, 8); /* the next statement takes the fast path */
}
END_TEST

START_TEST(reroute_outside_a_transaction)
{
	acq_db_state st = acq_fx_state(4, "db2", "db1");

	opened_on_db1();
	ck_assert_int_eq(acq_db_stmt_decide(&sc, 8, &st), ACQ_DB_STMT_REROUTE);
	/* not marked current: the caller reconnects and opens it again */
	ck_assert_int_eq(acq_db_stmt_decide(&sc, 8, &st), ACQ_DB_STMT_REROUTE);
}
END_TEST

START_TEST(opened_on_a_member_already_demoted)
{
	/* the connect reached db1 while another node elected db2 */
	acq_db_state st = acq_fx_state(4, "db2", "db1");

	acq_db_stmt_opened(&sc, "db1", &st, 8);
	ck_assert_int_eq(acq_db_stmt_decide(&sc, 8, &st), ACQ_DB_STMT_REROUTE);
}
END_TEST

START_TEST(refuse_inside_a_transaction)
{
	acq_db_state st = acq_fx_state(4, "db2", "db1");

	opened_on_db1();
	acq_db_stmt_note_status(&sc, ACQ_DB_STMT_STATUS_AUTOCOMMIT | ACQ_DB_STMT_STATUS_IN_TRANS);
	ck_assert_int_eq(acq_db_stmt_decide(&sc, 8, &st), ACQ_DB_STMT_REFUSE_TRX);
}
END_TEST

START_TEST(autocommit_off_counts_as_a_transaction)
{
	acq_db_state st = acq_fx_state(4, "db2", "db1");

	opened_on_db1();
	acq_db_stmt_note_status(&sc, 0);
	ck_assert_int_eq(sc.in_trans, 1);
	ck_assert_int_eq(acq_db_stmt_decide(&sc, 8, &st), ACQ_DB_STMT_REFUSE_TRX);
}
END_TEST

START_TEST(refuse_a_session_that_cannot_be_rebuilt)
{
	static const char *const q[] = { "LOCK TABLES t WRITE", "  create /* x */ temporary table t (a int)",
		"PREPARE s FROM 'SELECT 1'" };
	acq_db_state st = acq_fx_state(4, "db2", "db1");
	size_t i;

	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		opened_on_db1();
		acq_db_stmt_note_session(&sc, q[i], strlen(q[i]));
		ck_assert_msg(sc.session_lost, "%s", q[i]);
		ck_assert_int_eq(acq_db_stmt_decide(&sc, 8, &st), ACQ_DB_STMT_REFUSE_SESSION);
	}
	opened_on_db1();
	acq_db_stmt_note_session(&sc, "CREATE TABLE t (a int)", 22);
	ck_assert_int_eq(sc.session_lost, 0);
}
END_TEST

START_TEST(session_statements_are_kept_in_order_once)
{
	const char *s;

	opened_on_db1();
	acq_db_stmt_note_session(&sc, "SET NAMES utf8mb4", 17);
	acq_db_stmt_note_session(&sc, "SELECT 1", 8);
	acq_db_stmt_note_session(&sc, "use acq_test", 12);
	acq_db_stmt_note_session(&sc, "SET NAMES utf8mb4", 17);
	acq_db_stmt_note_session(&sc, "SETTINGS", 8); /* not the keyword SET */
	s = acq_db_stmt_session_next(&sc, NULL);
	ck_assert_str_eq(s, "SET NAMES utf8mb4");
	s = acq_db_stmt_session_next(&sc, s);
	ck_assert_str_eq(s, "use acq_test");
	ck_assert_ptr_null(acq_db_stmt_session_next(&sc, s));
	ck_assert_int_eq(sc.session_lost, 0);
}
END_TEST

START_TEST(too_many_session_statements_lose_the_session)
{
	char q[64];
	int i;

	opened_on_db1();
	for (i = 0; i < 200; i++) {
		int n = snprintf(q, sizeof(q), "SET @v%d = %d", i, i);
		acq_db_stmt_note_session(&sc, q, (size_t) n);
	}
	ck_assert_int_eq(sc.session_lost, ACQ_DB_STMT_LOST_FULL);
}
END_TEST

START_TEST(plain_selects_are_safe)
{
	ck_assert(SAFE("SELECT 1"));
	ck_assert(SAFE("select id, name from t where id = 3"));
	ck_assert(SAFE("  \n\t-- a comment\n# another\n/* and one */ SELECT @@port;"));
	ck_assert(SAFE("SELECT COUNT(*) FROM t WHERE a IN (SELECT b FROM u)"));
	ck_assert(SAFE("SELECT 1;  \n"));
}
END_TEST

START_TEST(locking_and_waiting_selects_are_not)
{
	ck_assert(!SAFE("SELECT * FROM t FOR UPDATE"));
	ck_assert(!SAFE("SELECT * FROM t LOCK IN SHARE MODE"));
	ck_assert(!SAFE("SELECT * FROM t FOR SHARE"));
	ck_assert(!SAFE("SELECT * FROM t FOR UPDATE SKIP LOCKED"));
	ck_assert(!SAFE("SELECT GET_LOCK('x', 10)"));
	ck_assert(!SAFE("SELECT RELEASE_LOCK('x')"));
	ck_assert(!SAFE("SELECT SLEEP(1)"));
	ck_assert(!SAFE("select sleep (1)"));
	ck_assert(!SAFE("SELECT BENCHMARK(1000, MD5('x'))"));
	ck_assert(!SAFE("SELECT MASTER_GTID_WAIT('0-1-1', 1)"));
}
END_TEST

START_TEST(selects_with_side_effects_or_session_state_are_not)
{
	ck_assert(!SAFE("SELECT @x := 1"));
	ck_assert(!SAFE("SELECT @x"));
	ck_assert(!SAFE("SELECT a INTO @x FROM t"));
	ck_assert(!SAFE("SELECT a FROM t INTO OUTFILE '/tmp/x'"));
	ck_assert(!SAFE("SELECT NEXTVAL(s)"));
	ck_assert(!SAFE("SELECT NEXT VALUE FOR s"));
	ck_assert(!SAFE("SELECT LAST_INSERT_ID()"));
	ck_assert(!SAFE("SELECT FOUND_ROWS()"));
	ck_assert(!SAFE("SELECT 1; DELETE FROM t"));
}
END_TEST

START_TEST(anything_not_plainly_a_select_is_not)
{
	ck_assert(!SAFE(""));
	ck_assert(!SAFE("   "));
	ck_assert(!SAFE("INSERT INTO t VALUES (1)"));
	ck_assert(!SAFE("COMMIT"));
	ck_assert(!SAFE("UPDATE t SET a = 1"));
	ck_assert(!SAFE("SELECTED"));
	ck_assert(!SAFE("(SELECT 1)"));
	ck_assert(!SAFE("WITH c AS (SELECT 1) SELECT * FROM c"));
	ck_assert(!SAFE("/*! SELECT */ 1"));
	ck_assert(!SAFE("/*M!100000 SELECT */ 1"));
	ck_assert(!SAFE("/* unterminated SELECT 1"));
	ck_assert(!SAFE("--SELECT 1"));
	ck_assert(!acq_db_stmt_is_safe_read("SELECT 1\0; DELETE", 17));
}
END_TEST

START_TEST(retry_needs_a_connection_level_failure_and_no_transaction)
{
	ck_assert(acq_db_stmt_may_retry(0, "SELECT 1", 8, 2006, "MySQL server has gone away"));
	ck_assert(acq_db_stmt_may_retry(0, "SELECT 1", 8, 2013, "Lost connection to MySQL server during query"));
	ck_assert(acq_db_stmt_may_retry(0, "SELECT 1", 8, 1927, "Connection was killed"));
	ck_assert(!acq_db_stmt_may_retry(1, "SELECT 1", 8, 2006, "MySQL server has gone away"));
	ck_assert(!acq_db_stmt_may_retry(0, "SELECT 1", 8, 1146, "Table 'x' doesn't exist"));
	ck_assert(!acq_db_stmt_may_retry(0, "INSERT INTO t VALUES (1)", 24, 2006, "MySQL server has gone away"));
	ck_assert(!acq_db_stmt_may_retry(0, "COMMIT", 6, 2013, "Lost connection"));
}
END_TEST

START_TEST(writes_in_flight_are_in_doubt)
{
	const char *gone = "MySQL server has gone away";

	ck_assert(acq_db_stmt_in_doubt(0, "INSERT INTO t VALUES (1)", 24, 2006, gone));
	ck_assert(acq_db_stmt_in_doubt(0, "SELECT GET_LOCK('x', 1)", 23, 2013, "Lost connection"));
	ck_assert(acq_db_stmt_in_doubt(1, "commit", 6, 2013, "Lost connection"));
	ck_assert(acq_db_stmt_in_doubt(1, " /* c */ COMMIT", 15, 2006, gone));
	/* the server rolls an open transaction back when its connection goes */
	ck_assert(!acq_db_stmt_in_doubt(1, "INSERT INTO t VALUES (1)", 24, 2006, gone));
	ck_assert(!acq_db_stmt_in_doubt(0, "SELECT 1", 8, 2006, gone));
	/* an error from the server is an answer, not a doubt */
	ck_assert(!acq_db_stmt_in_doubt(0, "INSERT INTO t VALUES (1)", 24, 1062, "Duplicate entry"));
}
END_TEST

Suite *acq_check_stmt_suite(void);

Suite *acq_check_stmt_suite(void)
{
	Suite *s = suite_create("stmt");
	TCase *tc = tcase_create("fence");
	TCase *ts = tcase_create("session");
	TCase *tr = tcase_create("safe_read");

	tcase_add_test(tc, send_while_nothing_changed);
	tcase_add_test(tc, send_when_the_member_is_still_master);
	tcase_add_test(tc, reroute_outside_a_transaction);
	tcase_add_test(tc, opened_on_a_member_already_demoted);
	tcase_add_test(tc, refuse_inside_a_transaction);
	tcase_add_test(tc, autocommit_off_counts_as_a_transaction);
	tcase_add_test(tc, refuse_a_session_that_cannot_be_rebuilt);
	suite_add_tcase(s, tc);
	tcase_add_test(ts, session_statements_are_kept_in_order_once);
	tcase_add_test(ts, too_many_session_statements_lose_the_session);
	suite_add_tcase(s, ts);
	tcase_add_test(tr, plain_selects_are_safe);
	tcase_add_test(tr, locking_and_waiting_selects_are_not);
	tcase_add_test(tr, selects_with_side_effects_or_session_state_are_not);
	tcase_add_test(tr, anything_not_plainly_a_select_is_not);
	tcase_add_test(tr, retry_needs_a_connection_level_failure_and_no_transaction);
	tcase_add_test(tr, writes_in_flight_are_in_doubt);
	suite_add_tcase(s, tr);
	return s;
}
