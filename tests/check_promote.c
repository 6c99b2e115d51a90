/*
 * The promotion policy (acq_db_promote) and its place in the election, over
 * a scripted executor: each fake server is a small model of a MariaDB or
 * MySQL server's replication state that answers the statements the policy
 * sends and records them, with the election file's epoch at that moment, so
 * the tests assert what was run, in which order, and what was left alone.
 */
#include "fixtures.h"
#include "config/acq_db_optfile.h"
#include "failover/acq_db_promote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One fake server. */
typedef struct fake_srv {
	const char *name;
	int reachable;
	int mysql;            /* MySQL 8 dialect instead of MariaDB */
	int read_only;
	int ro_sticks;        /* SET GLOBAL read_only=0 does not take */
	int replica;
	int sql_running;
	const char *sql_errno;
	const char *connection;
	char io_pos[128];     /* received */
	char applied[128];    /* applied (gtid_slave_pos) */
	int catches_up;       /* a running SQL thread applies what is waited for */
	const char *io_more;  /* received just before STOP SLAVE IO_THREAD */
	int stall_after_io_stop;
	char binlog_pos[128];
	int clients;          /* application sessions */
	const char *fail_on;  /* a statement containing this fails (privilege) */
} fake_srv;

#define FAKE_MAX 3
#define FAKE_LOG 64

typedef struct fake_world {
	fake_srv srv[FAKE_MAX];
	char log[FAKE_LOG][256];
	int nlog;
	unsigned last_timeout_ms[FAKE_MAX];
} fake_world;

static fake_world W;
static char err[ACQ_DB_ERR_MAX];
static char why[ACQ_DB_ERR_MAX];
/* the cache fixture (fixtures.h) under this suite's short names */
#define cfg acq_fx_cfg
#define cache acq_fx_cache
#define read_file acq_fx_read_file
#define init_with acq_fx_init_with
static acq_db_credentials cred;
static acq_db_sql_ops ops;
static acq_db_promote_cfg pc;

struct acq_db_sql_conn {
	fake_srv *srv;
};

static void fake_note(fake_srv *f, const char *sql)
{
	acq_db_state st;
	char e[256];
	unsigned long long epoch = 0;

	if (acq_db_efile_read(acq_fx_file, &st, e, sizeof(e)) == ACQ_DB_OK) {
		epoch = (unsigned long long) st.epoch;
	}
	if (W.nlog < FAKE_LOG) {
		snprintf(W.log[W.nlog++], sizeof(W.log[0]), "%s@%llu: %s", f->name, epoch, sql);
	}
}

static int fake_index(const char *name)
{
	int i;

	for (i = 0; i < FAKE_MAX; i++) {
		if (W.srv[i].name && strcmp(W.srv[i].name, name) == 0) {
			return i;
		}
	}
	return -1;
}

static acq_db_sql_conn *fake_connect(void *ctx, const acq_db_server *s, const acq_db_credentials *c,
	unsigned timeout_ms, char *e, size_t elen)
{
	int i = fake_index(s->name);
	acq_db_sql_conn *conn;

	(void) ctx;
	ck_assert_str_eq(c->user, "acq_admin");
	ck_assert_int_ge(i, 0);
	W.last_timeout_ms[i] = timeout_ms;
	fake_note(&W.srv[i], "connect");
	if (!W.srv[i].reachable) {
		snprintf(e, elen, "[2002] Connection refused");
		return NULL;
	}
	conn = malloc(sizeof(*conn));
	conn->srv = &W.srv[i];
	return conn;
}

static void row_add(acq_db_sql_row *row, const char *name, const char *value)
{
	if (!row) {
		return;
	}
	acq_db_strlcpy(row->names[row->ncols], name, sizeof(row->names[0]));
	acq_db_strlcpy(row->values[row->ncols], value ? value : "", sizeof(row->values[0]));
	row->is_null[row->ncols] = value == NULL;
	row->ncols++;
}

static void fake_status(fake_srv *f, acq_db_sql_row *row)
{
	if (!f->replica) {
		return;
	}
	if (!f->mysql) {
		row_add(row, "Connection_name", f->connection ? f->connection : "");
	}
	row_add(row, f->mysql ? "Replica_IO_Running" : "Slave_IO_Running", "No");
	row_add(row, f->mysql ? "Replica_SQL_Running" : "Slave_SQL_Running", f->sql_running ? "Yes" : "No");
	row_add(row, "Last_SQL_Errno", f->sql_errno ? f->sql_errno : "0");
	row_add(row, "Last_SQL_Error", f->sql_errno ? "Duplicate entry '7' for key 'PRIMARY'" : "");
	row_add(row, f->mysql ? "Retrieved_Gtid_Set" : "Gtid_IO_Pos", f->io_pos);
}

/* MASTER_GTID_WAIT / WAIT_FOR_EXECUTED_GTID_SET on the model */
static void fake_wait(fake_srv *f, const char *sql, acq_db_sql_row *row)
{
	char pos[128] = "";
	const char *q = strchr(sql, '\'');
	const char *end = q ? strchr(q + 1, '\'') : NULL;

	ck_assert_ptr_nonnull(end);
	memcpy(pos, q + 1, (size_t) (end - q - 1));
	if (strcmp(f->applied, pos) != 0 && f->sql_running && f->catches_up && f->replica) {
		acq_db_strlcpy(f->applied, pos, sizeof(f->applied));
	}
	row_add(row, "w", strcmp(f->applied, pos) == 0 ? "0" : f->mysql ? "1" : "-1");
}

static int fake_query(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row *row, char *e, size_t elen)
{
	fake_srv *f = conn->srv;

	(void) ctx;
	fake_note(f, sql);
	if (row) {
		memset(row, 0, sizeof(*row));
	}
	if (f->fail_on && strstr(sql, f->fail_on)) {
		snprintf(e, elen, "[1227] Access denied; you need (at least one of) the SUPER privilege(s)");
		return -1;
	}
	if (strcmp(sql, "SELECT @@version AS version") == 0) {
		row_add(row, "version", f->mysql ? "8.0.36" : "10.11.6-MariaDB-0+deb12u1-log");
	} else if (strcmp(sql, "SHOW ALL SLAVES STATUS") == 0 || strcmp(sql, "SHOW REPLICA STATUS") == 0) {
		ck_assert_int_eq(strcmp(sql, "SHOW REPLICA STATUS") == 0, f->mysql);
		fake_status(f, row);
	} else if (strstr(sql, "MASTER_GTID_WAIT(") || strstr(sql, "WAIT_FOR_EXECUTED_GTID_SET(")) {
		fake_wait(f, sql, row);
	} else if (strcmp(sql, "STOP SLAVE IO_THREAD") == 0 || strcmp(sql, "STOP REPLICA IO_THREAD") == 0) {
		if (f->io_more) {
			acq_db_strlcpy(f->io_pos, f->io_more, sizeof(f->io_pos));
		}
		if (f->stall_after_io_stop) {
			f->catches_up = 0;
		}
	} else if (strcmp(sql, "STOP SLAVE") == 0 || strcmp(sql, "STOP REPLICA") == 0) {
		f->sql_running = 0;
	} else if (strcmp(sql, "RESET SLAVE ALL") == 0 || strcmp(sql, "RESET REPLICA ALL") == 0) {
		f->replica = 0;
	} else if (strcmp(sql, "SET GLOBAL read_only=0") == 0) {
		f->read_only = f->ro_sticks;
	} else if (strcmp(sql, "SET GLOBAL read_only=1") == 0 || strcmp(sql, "SET GLOBAL super_read_only=1") == 0) {
		ck_assert_int_eq(strstr(sql, "super") != NULL, f->mysql);
		f->read_only = 1;
	} else if (strcmp(sql, "SELECT @@global.read_only AS ro") == 0) {
		row_add(row, "ro", f->read_only ? "1" : "0");
	} else if (strncmp(sql, "SET SESSION lock_wait_timeout=", 30) == 0) {
		/* accepted */
	} else if (strcmp(sql, "SELECT @@global.gtid_binlog_pos AS pos") == 0 || strcmp(sql, "SELECT @@global.gtid_executed AS pos") == 0) {
		row_add(row, "pos", f->binlog_pos);
	} else if (strncmp(sql, "SELECT COUNT(*) AS n, GROUP_CONCAT(ID) AS ids", 44) == 0) {
		char n[16], ids[256] = "";
		int i;
		for (i = 0; i < f->clients; i++) {
			snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids), "%s%d", i ? "," : "", 100 + i);
		}
		snprintf(n, sizeof(n), "%d", f->clients);
		row_add(row, "n", n);
		row_add(row, "ids", f->clients ? ids : NULL);
	} else if (strncmp(sql, "KILL CONNECTION ", 16) == 0) {
		f->clients--;
	} else {
		snprintf(e, elen, "[1064] the fake does not know: %s", sql);
		return -1;
	}
	return 0;
}

static void fake_close(void *ctx, acq_db_sql_conn *conn)
{
	(void) ctx;
	free(conn);
}

/* A caught-up MariaDB replica of db1 that runs read_only=1. */
static fake_srv fake_replica(const char *name)
{
	fake_srv f;

	memset(&f, 0, sizeof(f));
	f.name = name;
	f.reachable = 1;
	f.read_only = 1;
	f.replica = 1;
	f.sql_running = 1;
	f.catches_up = 1;
	strcpy(f.io_pos, "0-1-100");
	strcpy(f.applied, "0-1-100");
	return f;
}

static fake_srv fake_master(const char *name, int reachable)
{
	fake_srv f;

	memset(&f, 0, sizeof(f));
	f.name = name;
	f.reachable = reachable;
	strcpy(f.binlog_pos, "0-1-100");
	return f;
}

static void setup(void)
{
	acq_fx_cache_setup();
	memset(&W, 0, sizeof(W));
	W.srv[0] = fake_master("db1", 0);
	W.srv[1] = fake_replica("db2");
	W.srv[2] = fake_replica("db3");
	memset(&cred, 0, sizeof(cred));
	strcpy(cred.user, "acq_admin");
	strcpy(cred.password, "Pw-never-logged");
	cred.loaded = 1;
	ops.connect = fake_connect;
	ops.query = fake_query;
	ops.close = fake_close;
	ops.ctx = NULL;
	pc.ops = &ops;
	pc.cred = &cred;
	pc.connect_timeout_ms = 1000;
	pc.catchup_timeout_ms = 3000;
	acq_fx_log_reset();
}

static const acq_db_server *member(const char *name)
{
	return &cfg.servers.items[acq_db_servers_find(&cfg.servers, name)];
}

/* Index of the first log entry at or after from containing needle, or -1. */
static int logged_from(int from, const char *needle)
{
	int i;

	for (i = from; i < W.nlog; i++) {
		if (strstr(W.log[i], needle)) {
			return i;
		}
	}
	return -1;
}

static int logged(const char *needle)
{
	return logged_from(0, needle);
}

/* needles appear in this order (other statements may come in between) */
static void assert_order(const char *const *needles)
{
	int at = 0;

	for (; *needles; needles++) {
		int i = logged_from(at, *needles);
		ck_assert_msg(i >= 0, "'%s' not run after entry %d (%d statements; last '%s')", *needles, at, W.nlog,
			W.nlog ? W.log[W.nlog - 1] : "");
		at = i + 1;
	}
}

static void assert_never_started(void)
{
	ck_assert_int_lt(logged("START"), 0);
}

/* ---- the policy on one server ---- */

START_TEST(off_without_credentials_runs_nothing)
{
	cred.loaded = 0;
	ck_assert_int_eq(acq_db_promote_enabled(&pc), 0);
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), 0);
	ck_assert_int_eq(acq_db_promote_kill_clients(&pc, member("db1"), why, sizeof(why)), 0);
	ck_assert_int_eq(acq_db_promote(NULL, member("db2"), NULL, why, sizeof(why)), 0);
	ck_assert_int_eq(W.nlog, 0);
	ck_assert_int_eq(W.srv[1].read_only, 1);
}
END_TEST

START_TEST(caught_up_replica_is_detached_then_made_writable)
{
	static const char *const order[] = {
		"db2@0: connect", "db2@0: SELECT @@version", "db2@0: SHOW ALL SLAVES STATUS",
		"db2@0: SELECT MASTER_GTID_WAIT('0-1-100', ", "db2@0: STOP SLAVE IO_THREAD",
		"db2@0: SHOW ALL SLAVES STATUS", "db2@0: SELECT MASTER_GTID_WAIT('0-1-100',", "db2@0: STOP SLAVE",
		"db2@0: RESET SLAVE ALL", "db2@0: SET GLOBAL read_only=0", "db2@0: SELECT @@global.read_only", NULL
	};

	ck_assert_msg(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)) == 0, "%s", why);
	assert_order(order);
	assert_never_started();
	ck_assert_int_eq(W.srv[1].read_only, 0);
	ck_assert_int_eq(W.srv[1].replica, 0);
	/* the catch-up wait runs on this connection: its timeout covers it */
	ck_assert_uint_eq(W.last_timeout_ms[1], 4000);
	ck_assert_int_eq(acq_fx_log_count_matching("promoted db2: caught up, replication stopped and reset"), 1);
	ck_assert_int_eq(acq_fx_log_count_matching("Pw-never"), 0);
}
END_TEST

START_TEST(lagging_replica_is_waited_for)
{
	strcpy(W.srv[1].applied, "0-1-90");
	ck_assert_msg(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)) == 0, "%s", why);
	ck_assert_str_eq(W.srv[1].applied, "0-1-100");
	ck_assert_int_eq(W.srv[1].read_only, 0);
}
END_TEST

START_TEST(replica_that_cannot_catch_up_is_skipped_untouched)
{
	strcpy(W.srv[1].applied, "0-1-90");
	W.srv[1].catches_up = 0;
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "did not apply 0-1-100 within acq_db.catchup_timeout_ms=3000 (MASTER_GTID_WAIT returned -1)"),
		"%s", why);
	ck_assert_int_lt(logged("STOP"), 0);
	ck_assert_int_eq(W.srv[1].read_only, 1);
	ck_assert_int_eq(W.srv[1].replica, 1);
	ck_assert_int_eq(acq_fx_log_count_matching("not promoting db2: did not apply"), 1);
}
END_TEST

START_TEST(replication_stopped_with_an_error_is_never_promoted)
{
	W.srv[1].sql_running = 0;
	W.srv[1].sql_errno = "1062";
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "replication stopped with error 1062 (Duplicate entry '7'"), "%s", why);
	ck_assert_ptr_nonnull(strstr(why, "RESET SLAVE ALL on it"));
	ck_assert_int_lt(logged("WAIT"), 0);
	ck_assert_int_lt(logged("STOP"), 0);
	ck_assert_int_eq(W.srv[1].read_only, 1);
}
END_TEST

START_TEST(sql_thread_stopped_on_purpose_is_not_restarted)
{
	W.srv[1].sql_running = 0;
	strcpy(W.srv[1].applied, "0-1-90");
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "SQL thread is stopped (no error) with received transactions not applied"), "%s", why);
	assert_never_started();
	ck_assert_int_eq(W.srv[1].read_only, 1);
	/* already applied everything it has: fit */
	strcpy(W.srv[1].applied, "0-1-100");
	W.nlog = 0;
	ck_assert_msg(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)) == 0, "%s", why);
	assert_never_started();
	ck_assert_int_eq(W.srv[1].read_only, 0);
}
END_TEST

START_TEST(what_arrives_before_the_io_thread_stops_is_applied_too)
{
	W.srv[1].io_more = "0-1-101";
	ck_assert_msg(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)) == 0, "%s", why);
	ck_assert_int_ge(logged("MASTER_GTID_WAIT('0-1-101'"), 0);
	ck_assert_str_eq(W.srv[1].applied, "0-1-101");
}
END_TEST

START_TEST(a_stall_after_the_io_thread_stopped_leaves_it_stopped)
{
	W.srv[1].io_more = "0-1-101";
	W.srv[1].stall_after_io_stop = 1;
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "did not apply 0-1-101"));
	assert_never_started();
	ck_assert_int_lt(logged("RESET"), 0);
	ck_assert_int_eq(W.srv[1].read_only, 1);
	ck_assert_int_eq(acq_fx_log_count_matching("it stays stopped"), 1);
}
END_TEST

START_TEST(unreachable_refused_and_sticky_read_only)
{
	W.srv[1].reachable = 0;
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "admin connect failed: [2002] Connection refused");
	W.srv[1].reachable = 1;
	W.srv[1].fail_on = "STOP SLAVE IO_THREAD";
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "STOP SLAVE IO_THREAD failed: [1227] Access denied"), "%s", why);
	ck_assert_int_eq(W.srv[1].read_only, 1);
	W.srv[1].fail_on = NULL;
	W.srv[1].ro_sticks = 1;
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "read_only is still 1 after SET GLOBAL read_only=0");
}
END_TEST

START_TEST(multi_source_and_odd_positions_are_refused)
{
	W.srv[1].connection = "east";
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "named connection 'east' (multi-source)"));
	W.srv[1].connection = NULL;
	strcpy(W.srv[1].io_pos, "0-1-1'; DROP TABLE t; --");
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "has unexpected characters"));
	ck_assert_int_lt(logged("DROP"), 0);
}
END_TEST

START_TEST(a_server_that_does_not_replicate_is_only_made_writable)
{
	fake_srv *f = &W.srv[1];

	f->replica = 0;
	ck_assert_msg(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)) == 0, "%s", why);
	ck_assert_int_lt(logged("STOP"), 0);
	ck_assert_int_eq(f->read_only, 0);
	ck_assert_int_eq(acq_fx_log_count_matching("promoted db2: not a replica"), 1);
	/* as a switchover target it must already have the old master's last write */
	f->read_only = 1;
	ck_assert_int_eq(acq_db_promote(&pc, member("db2"), "0-1-200", why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "did not apply 0-1-200"));
	ck_assert_int_eq(f->read_only, 1);
}
END_TEST

START_TEST(mysql_dialect)
{
	static const char *const order[] = {
		"db2@0: SHOW REPLICA STATUS", "db2@0: SELECT WAIT_FOR_EXECUTED_GTID_SET('0-1-100', ",
		"db2@0: STOP REPLICA IO_THREAD", "db2@0: STOP REPLICA", "db2@0: RESET REPLICA ALL",
		"db2@0: SET GLOBAL read_only=0", NULL
	};
	char pos[ACQ_DB_GTID_MAX];

	W.srv[1].mysql = 1;
	ck_assert_msg(acq_db_promote(&pc, member("db2"), NULL, why, sizeof(why)) == 0, "%s", why);
	assert_order(order);
	W.srv[0].mysql = 1;
	W.srv[0].reachable = 1;
	strcpy(W.srv[0].binlog_pos, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5");
	ck_assert_int_eq(acq_db_promote_fence(&pc, member("db1"), pos, sizeof(pos), why, sizeof(why)), 0);
	ck_assert_int_ge(logged("db1@0: SET GLOBAL super_read_only=1"), 0);
	ck_assert_str_eq(pos, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5");
}
END_TEST

START_TEST(demote_undemote_and_kill)
{
	static const char *const order[] = {
		"db1@0: SET SESSION lock_wait_timeout=1", "db1@0: SET GLOBAL read_only=1", "db1@0: SELECT @@global.gtid_binlog_pos",
		NULL
	};
	char pos[ACQ_DB_GTID_MAX];

	ck_assert_int_eq(acq_db_promote_fence(&pc, member("db1"), pos, sizeof(pos), why, sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "Connection refused"));
	W.srv[0].reachable = 1;
	W.srv[0].fail_on = "read_only=1";
	ck_assert_int_eq(acq_db_promote_fence(&pc, member("db1"), pos, sizeof(pos), why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "SET GLOBAL read_only=1 failed: [1227]"));
	W.srv[0].fail_on = NULL;
	W.nlog = 0;
	ck_assert_int_eq(acq_db_promote_fence(&pc, member("db1"), pos, sizeof(pos), why, sizeof(why)), 0);
	assert_order(order);
	ck_assert_str_eq(pos, "0-1-100");
	ck_assert_int_eq(W.srv[0].read_only, 1);
	ck_assert_int_eq(acq_db_promote_unfence(&pc, member("db1"), why, sizeof(why)), 0);
	ck_assert_int_eq(W.srv[0].read_only, 0);
	W.srv[0].clients = 3;
	ck_assert_int_eq(acq_db_promote_kill_clients(&pc, member("db1"), why, sizeof(why)), 3);
	ck_assert_int_ge(logged("db1@0: KILL CONNECTION 102"), 0);
	ck_assert_int_eq(W.srv[0].clients, 0);
	ck_assert_int_eq(acq_fx_log_count_matching("fenced db1: killed 3 application connections"), 1);
	W.srv[0].reachable = 0;
	ck_assert_int_eq(acq_db_promote_kill_clients(&pc, member("db1"), why, sizeof(why)), -1);
}
END_TEST

/* ---- in the election ---- */

START_TEST(election_promotes_before_it_commits)
{
	acq_db_election_result res;

	init_with("db1");
	ck_assert_msg(acq_db_elect_promoting(&cache, 1, "db1", "[2002] refused", NULL, NULL, &pc, &res, err, sizeof(err))
		== ACQ_DB_OK, "%s", err);
	ck_assert_str_eq(read_file().active, "db2");
	/* writable while the file still said epoch 1: the epoch is written after */
	ck_assert_int_ge(logged("db2@1: SET GLOBAL read_only=0"), 0);
	ck_assert_int_eq(W.srv[1].read_only, 0);
	ck_assert_int_eq(W.srv[2].read_only, 1);
	ck_assert_int_lt(logged("db3@"), 0);
	ck_assert_int_ge(logged("db1@1: connect"), 0); /* tried to fence it */
	ck_assert_int_eq(res.old_fenced, 0);
}
END_TEST

START_TEST(election_skips_a_candidate_that_cannot_catch_up)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[1].catches_up = 0;
	strcpy(W.srv[1].applied, "0-1-7");
	ck_assert_msg(acq_db_elect_promoting(&cache, 1, "db1", "[2002] refused", NULL, NULL, &pc, &res, err, sizeof(err))
		== ACQ_DB_OK, "%s", err);
	ck_assert_str_eq(read_file().active, "db3");
	ck_assert_int_eq(W.srv[1].read_only, 1);
	ck_assert_int_eq(W.srv[1].replica, 1);
	ck_assert_int_eq(W.srv[2].read_only, 0);
}
END_TEST

START_TEST(election_with_no_fit_candidate_writes_nothing_and_says_why)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[1].catches_up = 0;
	strcpy(W.srv[1].applied, "0-1-7");
	W.srv[2].sql_running = 0;
	W.srv[2].sql_errno = "1032";
	ck_assert_int_eq(acq_db_elect_promoting(&cache, 1, "db1", "[2002] refused", NULL, NULL, &pc, &res, err, sizeof(err)),
		ACQ_DB_E_NO_CANDIDATE);
	ck_assert_msg(strstr(err, "db2 (127.0.0.1:2): did not apply 0-1-100 within acq_db.catchup_timeout_ms=3000"), "%s", err);
	ck_assert_msg(strstr(err, "db3 (127.0.0.1:3): its replication stopped with error 1032"), "%s", err);
	ck_assert_int_eq(read_file().epoch, 1);
}
END_TEST

START_TEST(election_fences_a_reachable_old_master)
{
	static const char *const order[] = {
		"db1@1: SET GLOBAL read_only=1", "db2@1: RESET SLAVE ALL", "db2@1: SET GLOBAL read_only=0",
		"db1@2: KILL CONNECTION 100", "db1@2: KILL CONNECTION 101", NULL
	};
	acq_db_election_result res;

	init_with("db1");
	W.srv[0].reachable = 1;
	W.srv[0].clients = 2;
	ck_assert_msg(acq_db_elect_promoting(&cache, 1, "db1", "[2002] timed out", NULL, NULL, &pc, &res, err, sizeof(err))
		== ACQ_DB_OK, "%s", err);
	assert_order(order);
	ck_assert_int_eq(res.old_fenced, 1);
	ck_assert_int_eq(W.srv[0].read_only, 1);
	ck_assert_int_eq(W.srv[0].clients, 0);
}
END_TEST

START_TEST(election_that_fails_gives_the_fenced_master_back)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[0].reachable = 1;
	W.srv[1].reachable = 0;
	W.srv[2].reachable = 0;
	ck_assert_int_eq(acq_db_elect_promoting(&cache, 1, "db1", "[2002] timed out", NULL, NULL, &pc, &res, err, sizeof(err)),
		ACQ_DB_E_NO_CANDIDATE);
	ck_assert_int_eq(W.srv[0].read_only, 0);
	ck_assert_int_ge(logged("db1@1: SET GLOBAL read_only=0"), 0);
	ck_assert_int_eq(read_file().epoch, 1);
}
END_TEST

START_TEST(switchover_demotes_waits_for_the_last_write_promotes_commits_kills)
{
	static const char *const order[] = {
		"db1@1: SET GLOBAL read_only=1", "db1@1: SELECT @@global.gtid_binlog_pos",
		"db2@1: SELECT MASTER_GTID_WAIT('0-1-120', ", "db2@1: STOP SLAVE IO_THREAD",
		"db2@1: RESET SLAVE ALL", "db2@1: SET GLOBAL read_only=0", "db1@2: KILL CONNECTION 100", NULL
	};
	acq_db_election_result res;

	init_with("db1");
	W.srv[0].reachable = 1;
	W.srv[0].clients = 1;
	strcpy(W.srv[0].binlog_pos, "0-1-120");
	strcpy(W.srv[1].io_pos, "0-1-120");
	strcpy(W.srv[1].applied, "0-1-110");
	ck_assert_msg(acq_db_switchover_promoting(&cache, "db2", "maintenance", NULL, NULL, &pc, &res, err, sizeof(err))
		== ACQ_DB_OK, "%s", err);
	assert_order(order);
	ck_assert_str_eq(read_file().active, "db2");
	ck_assert_str_eq(res.old_name, "db1");
	ck_assert_int_eq(W.srv[0].read_only, 1);
	ck_assert_str_eq(W.srv[1].applied, "0-1-120");
}
END_TEST

START_TEST(switchover_whose_target_fails_changes_nothing)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[0].reachable = 1;
	strcpy(W.srv[0].binlog_pos, "0-1-120");
	W.srv[1].catches_up = 0;
	ck_assert_int_eq(acq_db_switchover_promoting(&cache, "db2", "", NULL, NULL, &pc, &res, err, sizeof(err)),
		ACQ_DB_E_NO_CANDIDATE);
	ck_assert_msg(strstr(err, "switchover target db2 could not be promoted: did not apply 0-1-120"), "%s", err);
	ck_assert_ptr_nonnull(strstr(err, "db1 stays the master"));
	ck_assert_int_eq(W.srv[0].read_only, 0); /* writable again */
	ck_assert_int_eq(W.srv[1].read_only, 1);
	ck_assert_int_eq(read_file().epoch, 1);
}
END_TEST

START_TEST(switchover_refused_by_the_old_master_changes_nothing)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[0].reachable = 1;
	W.srv[0].fail_on = "read_only=1";
	ck_assert_int_eq(acq_db_switchover_promoting(&cache, "db2", "", NULL, NULL, &pc, &res, err, sizeof(err)),
		ACQ_DB_E_INVALID);
	ck_assert_msg(strstr(err, "switchover refused: db1 could not be made read-only"), "%s", err);
	ck_assert_int_lt(logged("db2@"), 0);
	ck_assert_int_eq(read_file().epoch, 1);
}
END_TEST

START_TEST(switchover_from_an_unreachable_master_goes_on_as_an_election)
{
	acq_db_election_result res;

	init_with("db1");
	ck_assert_msg(acq_db_switchover_promoting(&cache, "db3", "", NULL, NULL, &pc, &res, err, sizeof(err)) == ACQ_DB_OK,
		"%s", err);
	ck_assert_int_ge(logged("db3@1: SELECT MASTER_GTID_WAIT('0-1-100'"), 0); /* its own received position */
	ck_assert_int_eq(res.old_fenced, 0);
	ck_assert_int_eq(acq_fx_log_count_matching("switchover: db1 cannot be reached"), 1);
	ck_assert_str_eq(read_file().active, "db3");
}
END_TEST

Suite *acq_check_promote_suite(void)
{
	Suite *s = suite_create("promote");
	TCase *tc = tcase_create("policy");
	TCase *te = tcase_create("election");

	tcase_add_checked_fixture(tc, setup, acq_fx_cache_teardown);
	tcase_add_test(tc, off_without_credentials_runs_nothing);
	tcase_add_test(tc, caught_up_replica_is_detached_then_made_writable);
	tcase_add_test(tc, lagging_replica_is_waited_for);
	tcase_add_test(tc, replica_that_cannot_catch_up_is_skipped_untouched);
	tcase_add_test(tc, replication_stopped_with_an_error_is_never_promoted);
	tcase_add_test(tc, sql_thread_stopped_on_purpose_is_not_restarted);
	tcase_add_test(tc, what_arrives_before_the_io_thread_stops_is_applied_too);
	tcase_add_test(tc, a_stall_after_the_io_thread_stopped_leaves_it_stopped);
	tcase_add_test(tc, unreachable_refused_and_sticky_read_only);
	tcase_add_test(tc, multi_source_and_odd_positions_are_refused);
	tcase_add_test(tc, a_server_that_does_not_replicate_is_only_made_writable);
	tcase_add_test(tc, mysql_dialect);
	tcase_add_test(tc, demote_undemote_and_kill);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(te, setup, acq_fx_cache_teardown);
	tcase_add_test(te, election_promotes_before_it_commits);
	tcase_add_test(te, election_skips_a_candidate_that_cannot_catch_up);
	tcase_add_test(te, election_with_no_fit_candidate_writes_nothing_and_says_why);
	tcase_add_test(te, election_fences_a_reachable_old_master);
	tcase_add_test(te, election_that_fails_gives_the_fenced_master_back);
	tcase_add_test(te, switchover_demotes_waits_for_the_last_write_promotes_commits_kills);
	tcase_add_test(te, switchover_whose_target_fails_changes_nothing);
	tcase_add_test(te, switchover_refused_by_the_old_master_changes_nothing);
	tcase_add_test(te, switchover_from_an_unreachable_master_goes_on_as_an_election);
	suite_add_tcase(s, te);
	return s;
}
