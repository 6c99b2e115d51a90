/*
 * The health verdict of `acq-db-admin check`, one test per row of its table
 * (acq_db_health.h), the reading of SHOW SLAVE STATUS rows in MariaDB's and
 * MySQL's spellings, the probe against a scripted SQL executor, and the
 * errant-GTID rule of `rejoin --as-replica`.
 */
#include "fixtures.h"

#include <stdio.h>
#include <string.h>

#include "admin/acq_db_errant.h"
#include "admin/acq_db_health.h"

static acq_db_server_list servers;
static acq_db_member_report members[3];
static acq_db_state state;
static acq_db_health_input in;
static acq_db_health_verdict v;

/* db1 master, db2 and db3 replicating from it, all caught up. */
static void healthy_cluster(void)
{
	char err[ACQ_DB_ERR_MAX];
	int i;

	ck_assert_int_eq(acq_db_servers_parse("db1=127.0.0.41:36001,db2=127.0.0.42:36002,db3=127.0.0.43:36003",
		&servers, err, sizeof(err)), ACQ_DB_OK);
	state = acq_fx_state(7, "db1", NULL);
	for (i = 0; i < 3; i++) {
		acq_db_member_report *r = &members[i];

		acq_db_member_report_init(r, servers.items[i].name);
		r->reachable = 1;
		r->read_only = i != 0;
		if (i) {
			r->has_replication = 1;
			r->replicates_from = 0;
			acq_db_strlcpy(r->master_host, "127.0.0.41", sizeof(r->master_host));
			r->master_port = 36001;
			r->io_running = r->sql_running = ACQ_DB_THREAD_YES;
			r->seconds_behind = 0;
		}
	}
	memset(&in, 0, sizeof(in));
	in.file_rc = ACQ_DB_OK;
	in.state = &state;
	in.servers = &servers;
	in.members = members;
	in.lag_warn_s = 30;
}

/* The verdict has a finding at level whose text contains needle. */
static int has_finding(acq_db_health_status level, const char *needle)
{
	int i;

	for (i = 0; i < v.count; i++) {
		if (v.findings[i].level == level && strstr(v.findings[i].text, needle)) {
			return 1;
		}
	}
	return 0;
}

#define ck_verdict(want, level, needle) do { \
	acq_db_health_judge(&in, &v); \
	ck_assert_int_eq(v.status, want); \
	ck_assert_msg(has_finding(level, needle), "no %s finding with '%s' (%d findings, first: '%s')", \
		acq_db_health_status_name(level), needle, v.count, v.count ? v.findings[0].text : ""); \
} while (0)

START_TEST(healthy_is_ok)
{
	healthy_cluster();
	acq_db_health_judge(&in, &v);
	ck_assert_int_eq(v.status, ACQ_DB_HEALTH_OK);
	ck_assert_int_eq(v.count, 0);
	ck_assert_int_eq(v.active, 0);
	ck_assert_int_eq(v.standbys, 2);
	ck_assert_int_eq(v.standbys_ok, 2);
	ck_assert_int_eq(v.reachable, 3);
	ck_assert_int_eq(v.writable, 1);
	ck_assert_str_eq(acq_db_health_role(&v, 0, &members[0]), "master");
	ck_assert_str_eq(acq_db_health_role(&v, 1, &members[1]), "replica");
	ck_assert_str_eq(acq_db_health_status_name(v.status), "ok");
}
END_TEST

/* This node's PHP processes route by what they read node_age_ms ago. */
START_TEST(a_stale_node_state_is_warning_then_critical)
{
	healthy_cluster();
	in.age_warn_ms = 5000;
	in.age_crit_ms = 60000;
	in.node_age_ms = 40;
	acq_db_health_judge(&in, &v);
	ck_assert_int_eq(v.status, ACQ_DB_HEALTH_OK);
	in.node_age_ms = -1; /* no page: unknown, not judged */
	acq_db_health_judge(&in, &v);
	ck_assert_int_eq(v.status, ACQ_DB_HEALTH_OK);
	in.node_age_ms = 5000;
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING, "last read the election file 5000 ms ago");
	in.node_age_ms = 60000;
	ck_verdict(ACQ_DB_HEALTH_CRITICAL, ACQ_DB_HEALTH_CRITICAL, "critical at 60000 ms");
	in.age_warn_ms = in.age_crit_ms = 0; /* thresholds off */
	acq_db_health_judge(&in, &v);
	ck_assert_int_eq(v.status, ACQ_DB_HEALTH_OK);
}
END_TEST

START_TEST(standby_lagging_is_warning)
{
	healthy_cluster();
	members[2].seconds_behind = 29;
	acq_db_health_judge(&in, &v);
	ck_assert_int_eq(v.status, ACQ_DB_HEALTH_OK);
	members[2].seconds_behind = 30;
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING, "standby db3 lags 30 s (warning from 30 s)");
	ck_assert_int_eq(v.standbys_ok, 1);
}
END_TEST

START_TEST(standby_replication_stopped_is_warning)
{
	healthy_cluster();
	members[1].sql_running = ACQ_DB_THREAD_NO;
	members[1].seconds_behind = -1;
	acq_db_strlcpy(members[1].last_error, "SQL: Duplicate entry '1' for key 'PRIMARY'", sizeof(members[1].last_error));
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING,
		"standby db2 replication stopped: IO Yes, SQL No: SQL: Duplicate entry");
	healthy_cluster();
	members[1].io_running = ACQ_DB_THREAD_CONNECTING;
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING, "IO Connecting, SQL Yes");
}
END_TEST

START_TEST(standby_without_replication_or_from_elsewhere_is_warning)
{
	healthy_cluster();
	members[2].has_replication = 0;
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING, "standby db3 does not replicate");
	healthy_cluster();
	members[2].replicates_from = 1;
	acq_db_strlcpy(members[2].master_host, "127.0.0.42", sizeof(members[2].master_host));
	members[2].master_port = 36002;
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING,
		"standby db3 replicates from 127.0.0.42:36002, not from the active master db1");
}
END_TEST

START_TEST(standby_unreachable_is_warning)
{
	healthy_cluster();
	members[1].reachable = 0;
	acq_db_strlcpy(members[1].error, "[2002] Can't connect", sizeof(members[1].error));
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING, "standby db2 is unreachable: [2002] Can't connect");
	ck_assert_int_eq(v.reachable, 2);
	ck_assert_str_eq(acq_db_health_role(&v, 1, &members[1]), "unknown");
}
END_TEST

START_TEST(demoted_server_is_warning)
{
	healthy_cluster();
	state = acq_fx_state(7, "db1", "db3");
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING, "db3 is demoted");
}
END_TEST

START_TEST(stale_state_is_warning)
{
	healthy_cluster();
	in.copy_differs = 1;
	in.copy_epoch = 8;
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING, "the lock file's copy is at epoch 8, the file at 7");
}
END_TEST

START_TEST(master_down_is_critical)
{
	healthy_cluster();
	members[0].reachable = 0;
	acq_db_strlcpy(members[0].error, "[2013] Lost connection", sizeof(members[0].error));
	ck_verdict(ACQ_DB_HEALTH_CRITICAL, ACQ_DB_HEALTH_CRITICAL, "active master db1 is unreachable: [2013] Lost");
	ck_assert_str_eq(acq_db_health_status_name(v.status), "critical");
}
END_TEST

START_TEST(master_read_only_is_critical)
{
	healthy_cluster();
	members[0].read_only = 1;
	ck_verdict(ACQ_DB_HEALTH_CRITICAL, ACQ_DB_HEALTH_CRITICAL, "active master db1 is read-only");
	members[0].read_only = -1;
	ck_verdict(ACQ_DB_HEALTH_CRITICAL, ACQ_DB_HEALTH_CRITICAL, "of unknown read_only");
}
END_TEST

START_TEST(two_writable_servers_is_critical)
{
	healthy_cluster();
	members[2].read_only = 0;
	ck_verdict(ACQ_DB_HEALTH_CRITICAL, ACQ_DB_HEALTH_CRITICAL, "2 writable servers (db1, db3)");
	ck_assert_int_eq(v.writable, 2);
	ck_assert_int_eq(v.standbys_ok, 1);
}
END_TEST

START_TEST(damaged_or_missing_file_is_critical)
{
	healthy_cluster();
	in.file_rc = ACQ_DB_E_CORRUPT;
	in.file_error = "election file /e is unusable: checksum mismatch";
	ck_verdict(ACQ_DB_HEALTH_CRITICAL, ACQ_DB_HEALTH_CRITICAL, "election file /e is unusable: checksum mismatch");
	ck_assert_int_eq(v.active, -1);
	in.file_rc = ACQ_DB_E_MISSING;
	in.file_error = NULL;
	ck_verdict(ACQ_DB_HEALTH_CRITICAL, ACQ_DB_HEALTH_CRITICAL, "election file unusable (");
	/* the servers are still counted, and a split brain still shows */
	members[1].read_only = 0;
	ck_verdict(ACQ_DB_HEALTH_CRITICAL, ACQ_DB_HEALTH_CRITICAL, "2 writable servers (db1, db2)");
}
END_TEST

START_TEST(file_only_without_credentials)
{
	healthy_cluster();
	in.members = NULL;
	acq_db_health_judge(&in, &v);
	ck_assert_int_eq(v.status, ACQ_DB_HEALTH_OK);
	ck_assert_int_eq(v.active, 0);
	state = acq_fx_state(7, "db1", "db2");
	ck_verdict(ACQ_DB_HEALTH_WARNING, ACQ_DB_HEALTH_WARNING, "db2 is demoted");
}
END_TEST

/* Fills row with name=value pairs (a NULL value is SQL NULL). */
static void fake_row(acq_db_sql_row *row, const char *const *pairs)
{
	memset(row, 0, sizeof(*row));
	for (; pairs[0]; pairs += 2) {
		acq_db_strlcpy(row->names[row->ncols], pairs[0], sizeof(row->names[0]));
		acq_db_strlcpy(row->values[row->ncols], pairs[1] ? pairs[1] : "", sizeof(row->values[0]));
		row->is_null[row->ncols] = pairs[1] == NULL;
		row->ncols++;
	}
}

START_TEST(reads_mariadb_and_mysql_replication_rows)
{
	static acq_db_sql_row row;
	static const char *const mariadb[] = {
		"Connection_name", "", "Slave_IO_Running", "Yes", "Slave_SQL_Running", "No",
		"Seconds_Behind_Master", NULL, "Master_Host", "127.0.0.41", "Master_Port", "36001",
		"Last_IO_Error", "", "Last_SQL_Error", "Error 'Duplicate entry'", "Gtid_IO_Pos", "0-36001-12", NULL
	};
	static const char *const mysql[] = {
		"Replica_IO_Running", "Connecting", "Replica_SQL_Running", "Yes", "Seconds_Behind_Source", "4",
		"Source_Host", "127.0.0.9", "Source_Port", "3306", "Last_IO_Error", "error connecting to master",
		"Retrieved_Gtid_Set", "uuid:1-5", NULL
	};
	acq_db_member_report r;

	healthy_cluster();
	acq_db_member_report_init(&r, "db2");
	fake_row(&row, mariadb);
	acq_db_health_read_replication(&r, &row, &servers);
	ck_assert_int_eq(r.has_replication, 1);
	ck_assert_int_eq(r.io_running, ACQ_DB_THREAD_YES);
	ck_assert_int_eq(r.sql_running, ACQ_DB_THREAD_NO);
	ck_assert_int_eq(r.seconds_behind, -1);
	ck_assert_int_eq(r.replicates_from, 0);
	ck_assert_str_eq(r.last_error, "SQL: Error 'Duplicate entry'");
	ck_assert_str_eq(r.gtid_io_pos, "0-36001-12");
	acq_db_member_report_init(&r, "db2");
	fake_row(&row, mysql);
	acq_db_health_read_replication(&r, &row, &servers);
	ck_assert_int_eq(r.io_running, ACQ_DB_THREAD_CONNECTING);
	ck_assert_int_eq(r.seconds_behind, 4);
	ck_assert_int_eq(r.replicates_from, -1);
	ck_assert_str_eq(r.last_error, "IO: error connecting to master");
	ck_assert_str_eq(r.gtid_io_pos, "uuid:1-5");
	acq_db_member_report_init(&r, "db1");
	row.ncols = 0;
	acq_db_health_read_replication(&r, &row, &servers);
	ck_assert_int_eq(r.has_replication, 0);
}
END_TEST

/* Last_SQL_Error carries row data: a value with a line break or a terminal
 * escape reaches the operator's terminal, JSON and the Nagios line as one
 * line with the control bytes written as \xNN. */
START_TEST(server_error_text_is_escaped_in_the_report)
{
	static acq_db_sql_row row;
	static const char *const hostile[] = {
		"Slave_IO_Running", "Yes", "Slave_SQL_Running", "No", "Master_Host", "127.0.0.41", "Master_Port", "36001",
		"Last_IO_Error", "", "Last_SQL_Error", "Duplicate entry 'a\nOK: all fine\x1b[2J' for key 'PRIMARY'", NULL
	};
	acq_db_member_report r;

	healthy_cluster();
	acq_db_member_report_init(&r, "db2");
	fake_row(&row, hostile);
	acq_db_health_read_replication(&r, &row, &servers);
	ck_assert_str_eq(r.last_error, "SQL: Duplicate entry 'a\\x0aOK: all fine\\x1b[2J' for key 'PRIMARY'");
}
END_TEST

/* A scripted executor: connects only to db1; answers by statement prefix. */
static int fake_closed;

static acq_db_sql_conn *fake_connect(void *ctx, const acq_db_server *s, const acq_db_credentials *cred,
	unsigned timeout_ms, char *err, size_t errlen)
{
	(void) ctx; (void) cred;
	ck_assert_uint_eq(timeout_ms, 1500);
	if (strcmp(s->name, "db1") != 0) {
		snprintf(err, errlen, "[2003] Can't connect to server on '%s' (111)", s->host);
		return NULL;
	}
	return (acq_db_sql_conn *) &fake_closed;
}

static int fake_query(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row *row, char *err, size_t errlen)
{
	static const char *const basics[] = { "version", "10.11.6-MariaDB-0+deb12u1", "read_only", "0",
		"server_id", "36001", NULL };
	static const char *const gtids[] = { "binlog_pos", "0-36001-9", "binlog_state", "0-36001-9",
		"slave_pos", "", "current_pos", "0-36001-9", NULL };
	static const char *const semisync[] = { "m", "1", "s", "0", NULL };
	static const char *const semistatus[] = { "m", "OFF", "s", NULL, NULL };

	(void) ctx; (void) conn;
	if (strncmp(sql, "SELECT VERSION()", 16) == 0) {
		fake_row(row, basics);
	} else if (strstr(sql, "gtid_binlog_pos")) {
		fake_row(row, gtids);
	} else if (strcmp(sql, "SHOW ALL SLAVES STATUS") == 0) {
		row->ncols = 0;
	} else if (strstr(sql, "rpl_semi_sync_master_enabled")) {
		fake_row(row, semisync);
	} else if (strstr(sql, "information_schema.GLOBAL_STATUS")) {
		fake_row(row, semistatus);
	} else {
		snprintf(err, errlen, "[1064] unexpected statement in the test: %s", sql);
		return -1;
	}
	return 0;
}

static void fake_close(void *ctx, acq_db_sql_conn *conn)
{
	(void) ctx; (void) conn;
	fake_closed++;
}

START_TEST(probe_asks_and_reads_a_member)
{
	acq_db_sql_ops ops = { fake_connect, fake_query, fake_close, NULL, NULL };
	acq_db_credentials cred;
	acq_db_member_report r;

	memset(&cred, 0, sizeof(cred));
	healthy_cluster();
	fake_closed = 0;
	acq_db_health_probe(&ops, &servers, 0, &cred, 1500, &r);
	ck_assert_int_eq(r.reachable, 1);
	ck_assert_msg(r.error[0] == '\0', "%s", r.error);
	ck_assert_int_eq(r.is_mariadb, 1);
	ck_assert_int_eq(r.read_only, 0);
	ck_assert_int_eq(r.server_id, 36001);
	ck_assert_str_eq(r.gtid_binlog_state, "0-36001-9");
	ck_assert_int_eq(r.has_replication, 0);
	ck_assert_int_eq(r.semisync_master_enabled, 1);
	ck_assert_int_eq(r.semisync_slave_enabled, 0);
	ck_assert_int_eq(r.semisync_master_on, 0);
	ck_assert_int_eq(r.semisync_slave_on, -1);
	ck_assert_int_eq(fake_closed, 1);
	acq_db_health_probe(&ops, &servers, 1, &cred, 1500, &r);
	ck_assert_int_eq(r.reachable, 0);
	ck_assert_str_eq(r.name, "db2");
	ck_assert_str_eq(r.error, "[2003] Can't connect to server on '127.0.0.42' (111)");
	ck_assert_int_eq(r.read_only, -1);
	ck_assert_int_eq(fake_closed, 1);
}
END_TEST

static acq_db_gtid_set gset(const char *text)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_gtid_set s;

	ck_assert_msg(acq_db_gtid_parse(text, &s, err, sizeof(err)) == ACQ_DB_OK, "'%s': %s", text, err);
	return s;
}

START_TEST(gtid_sets_parse_merge_and_format)
{
	char err[ACQ_DB_ERR_MAX];
	char buf[256];
	acq_db_gtid_set a = gset("1-2-5, 0-36001-100,0-36001-90,0-36002-101");
	acq_db_gtid_set b = gset("");
	acq_db_gtid_set bad;

	ck_assert_int_eq(a.count, 3);
	acq_db_gtid_format(&a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0-36001-100,0-36002-101,1-2-5");
	ck_assert_int_eq(b.count, 0);
	b = gset("0-36002-150,2-7-1");
	acq_db_gtid_merge(&a, &b);
	acq_db_gtid_format(&a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0-36001-100,0-36002-150,1-2-5,2-7-1");
	ck_assert_int_eq(acq_db_gtid_parse("0-1", &bad, err, sizeof(err)), ACQ_DB_E_INVALID);
	ck_assert_msg(strstr(err, "'0-1' is not a GTID"), "%s", err);
	ck_assert_int_eq(acq_db_gtid_parse("0-1-2,x", &bad, err, sizeof(err)), ACQ_DB_E_INVALID);
	ck_assert_int_eq(acq_db_gtid_parse("0-1-99999999999999999999", &bad, err, sizeof(err)), ACQ_DB_E_INVALID);
	ck_assert_int_eq(acq_db_gtid_parse("0-4294967296-1", &bad, err, sizeof(err)), ACQ_DB_E_INVALID);
	ck_assert_int_eq(bad.count, 0);
}
END_TEST

START_TEST(errant_gtids_are_what_the_active_master_lacks)
{
	acq_db_gtid_set errant;
	acq_db_gtid_set old = gset("0-36001-100");
	acq_db_gtid_set active = gset("0-36001-100,0-36002-150");
	char buf[128];

	/* caught up before the switch, the new master wrote on: not diverged */
	ck_assert_int_eq(acq_db_gtid_errant(&old, &active, &errant), 0);
	/* the new master behind the old one at the switch: lost, not errant on
	 * the new side, but the old master has them */
	active = gset("0-36001-98,0-36002-99");
	ck_assert_int_eq(acq_db_gtid_errant(&old, &active, &errant), 1);
	/* the old master wrote after the switch: same domain, its own server id */
	old = gset("0-36001-101");
	active = gset("0-36001-100,0-36002-101");
	ck_assert_int_eq(acq_db_gtid_errant(&old, &active, &errant), 1);
	acq_db_gtid_format(&errant, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0-36001-101");
	/* a domain the active master never saw */
	old = gset("0-36001-100,5-36001-1");
	active = gset("0-36001-100");
	ck_assert_int_eq(acq_db_gtid_errant(&old, &active, &errant), 1);
	ck_assert_uint_eq(errant.items[0].domain, 5);
	/* a fresh server has nothing errant */
	old = gset("");
	ck_assert_int_eq(acq_db_gtid_errant(&old, &active, &errant), 0);
}
END_TEST

Suite *acq_check_health_suite(void)
{
	Suite *s = suite_create("health");
	TCase *verdict = tcase_create("verdict");
	TCase *probe = tcase_create("probe");
	TCase *errant = tcase_create("errant");

	tcase_add_test(verdict, healthy_is_ok);
	tcase_add_test(verdict, a_stale_node_state_is_warning_then_critical);
	tcase_add_test(verdict, standby_lagging_is_warning);
	tcase_add_test(verdict, standby_replication_stopped_is_warning);
	tcase_add_test(verdict, standby_without_replication_or_from_elsewhere_is_warning);
	tcase_add_test(verdict, standby_unreachable_is_warning);
	tcase_add_test(verdict, demoted_server_is_warning);
	tcase_add_test(verdict, stale_state_is_warning);
	tcase_add_test(verdict, master_down_is_critical);
	tcase_add_test(verdict, master_read_only_is_critical);
	tcase_add_test(verdict, two_writable_servers_is_critical);
	tcase_add_test(verdict, damaged_or_missing_file_is_critical);
	tcase_add_test(verdict, file_only_without_credentials);
	suite_add_tcase(s, verdict);
	tcase_add_test(probe, reads_mariadb_and_mysql_replication_rows);
	tcase_add_test(probe, server_error_text_is_escaped_in_the_report);
	tcase_add_test(probe, probe_asks_and_reads_a_member);
	suite_add_tcase(s, probe);
	tcase_add_test(errant, gtid_sets_parse_merge_and_format);
	tcase_add_test(errant, errant_gtids_are_what_the_active_master_lacks);
	suite_add_tcase(s, errant);
	return s;
}
