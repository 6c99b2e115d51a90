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
#include "failover/acq_db_confirm.h"
#include "sql/acq_db_gtid.h"

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
	const char *io_running;  /* NULL: "No" */
	const char *master_host; /* where it replicates from */
	unsigned master_port;
	long long heartbeats; /* Slave_received_heartbeats */
	int hb_step;          /* added at each status read: a master that sends */
	const char *period;   /* Slave_heartbeat_period */
	char changed_to[64];  /* CHANGE MASTER TO: "host:port" */
	char slave_pos[128];  /* SET GLOBAL gtid_slave_pos */
	int started;          /* START SLAVE */
	const char *io_next;  /* received from the second status read on: a master that sends events */
	int nstatus;
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
	if (++f->nstatus >= 2 && f->io_next) {
		acq_db_strlcpy(f->io_pos, f->io_next, sizeof(f->io_pos));
	}
	if (!f->mysql) {
		row_add(row, "Connection_name", f->connection ? f->connection : "");
	}
	row_add(row, f->mysql ? "Replica_IO_Running" : "Slave_IO_Running", f->io_running ? f->io_running : "No");
	row_add(row, f->mysql ? "Source_Host" : "Master_Host", f->master_host);
	{
		char port[16], hb[32];
		snprintf(port, sizeof(port), "%u", f->master_port);
		row_add(row, f->mysql ? "Source_Port" : "Master_Port", port);
		if (!f->mysql) {
			if (f->io_running && strcmp(f->io_running, "Yes") == 0) {
				f->heartbeats += f->hb_step;
			}
			snprintf(hb, sizeof(hb), "%lld", f->heartbeats);
			row_add(row, "Slave_received_heartbeats", hb);
			row_add(row, "Slave_heartbeat_period", f->period ? f->period : "30.000");
		}
	}
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
	} else if (strncmp(sql, "CHANGE MASTER TO MASTER_HOST='", 30) == 0) {
		unsigned port = 0;
		const char *q = strchr(sql + 30, '\'');
		const char *pp = strstr(sql, "MASTER_PORT=");
		ck_assert_ptr_nonnull(strstr(sql, "MASTER_USE_GTID=slave_pos"));
		ck_assert_int_eq(f->sql_running, 0);
		sscanf(pp + 12, "%u", &port);
		snprintf(f->changed_to, sizeof(f->changed_to), "%.*s:%u", (int) (q - sql - 30), sql + 30, port);
		f->master_port = port;
		f->replica = 1;
	} else if (strcmp(sql, "START SLAVE") == 0) {
		f->started = 1;
		f->sql_running = 1;
	} else if (strncmp(sql, "SET GLOBAL gtid_slave_pos='", 27) == 0) {
		acq_db_strlcpy(f->slave_pos, sql + 27, sizeof(f->slave_pos));
		f->slave_pos[strcspn(f->slave_pos, "'")] = '\0';
	} else {
		snprintf(e, elen, "[1064] the fake does not know: %s", sql);
		return -1;
	}
	return 0;
}

/* The executor's row walk: the processlist as one row per session. */
static int fake_each(void *ctx, acq_db_sql_conn *conn, const char *sql, acq_db_sql_row_fn fn, void *arg,
	char *e, size_t elen)
{
	static acq_db_sql_row row;
	fake_srv *f = conn->srv;
	int i, n = f->clients;

	(void) ctx; (void) e; (void) elen;
	fake_note(f, sql);
	ck_assert_int_eq(strncmp(sql, "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE ", 58), 0);
	for (i = 0; i < n; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%d", 100000 + i);
		memset(&row, 0, sizeof(row));
		row_add(&row, "id", id);
		if (fn(arg, &row)) {
			return i + 1;
		}
	}
	return n;
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
	f.master_host = "127.0.0.1";
	f.master_port = 1;
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
	f.master_host = "";
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
	ops.each = NULL;
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
	ck_assert_int_lt(logged("db3@1: SET GLOBAL read_only=0"), 0);
	ck_assert_int_ge(logged("db1@1: connect"), 0); /* tried to fence it */
	ck_assert_int_eq(res.old_fenced, 0);
	/* confirmed by the replicas' IO threads, and said so */
	ck_assert_int_eq(acq_fx_log_count_matching("elected db2 at epoch 2 replacing db1 (cause: [2002] refused; db1 "
		"confirmed dead by its replicas: db2: Slave_IO_Running=No; db3: Slave_IO_Running=No"), 1);
	/* db3 had what db2 had: it now replicates from db2 */
	ck_assert_str_eq(W.srv[2].changed_to, "127.0.0.1:2");
	ck_assert_int_eq(W.srv[2].started, 1);
	ck_assert_int_ge(logged("db3@2: CHANGE MASTER TO"), 0);
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

/* ---- confirmation and the choice by data (acq_db_confirm) ---- */

static acq_db_rc elect_db1(acq_db_election_result *res)
{
	return acq_db_elect_promoting(&cache, 1, "db1", "[2002] Connection refused", NULL, NULL, &pc, res, err, sizeof(err));
}

/* db2 and db3 connected to db1; step: heartbeats added at each read */
static void replicas_connected(const char *period, int step)
{
	int i;

	for (i = 1; i < 3; i++) {
		W.srv[i].io_running = "Yes";
		W.srv[i].period = period;
		W.srv[i].hb_step = step;
	}
}

START_TEST(a_replica_that_still_receives_stops_the_election)
{
	acq_db_election_result res;

	init_with("db1");
	replicas_connected("0.010", 1);
	ck_assert_int_eq(elect_db1(&res), ACQ_DB_E_ALIVE);
	ck_assert_msg(strstr(err, "db1 is unreachable from this node but alive per db2's replication "
		"(Slave_received_heartbeats 1 -> 2 within "), "%s", err);
	ck_assert_msg(strstr(err, "this node's path to db1 (127.0.0.1:1) is broken ([2002] Connection refused)"), "%s", err);
	ck_assert_int_eq(read_file().epoch, 1);
	ck_assert_int_lt(logged("db1@1: SET GLOBAL read_only=1"), 0); /* not fenced */
	ck_assert_int_lt(logged("read_only=0"), 0);
	ck_assert_int_lt(logged("STOP"), 0);
	ck_assert_int_eq(acq_fx_log_count_matching("alive per db2's replication"), 1);
}
END_TEST

START_TEST(new_events_count_as_alive_too)
{
	acq_db_election_result res;

	init_with("db1");
	replicas_connected("0.010", 0);
	/* db2 hears nothing; db3's Gtid_IO_Pos moves between two reads */
	W.srv[2].io_next = "0-1-101";
	ck_assert_int_eq(elect_db1(&res), ACQ_DB_E_ALIVE);
	ck_assert_msg(strstr(err, "alive per db3's replication (Gtid_IO_Pos 0-1-100 -> 0-1-101 within "), "%s", err);
}
END_TEST

START_TEST(silence_over_the_window_confirms_a_frozen_master)
{
	acq_db_election_result res;

	init_with("db1");
	replicas_connected("0.010", 0);
	ck_assert_msg(elect_db1(&res) == ACQ_DB_OK, "%s", err);
	ck_assert_str_eq(read_file().active, "db2");
	ck_assert_int_eq(acq_fx_log_count_matching("db1 confirmed dead by its replicas: db2: no event and no heartbeat in "), 2);
	ck_assert_int_eq(acq_fx_log_count_matching("(heartbeat period 10 ms); db3: no event and no heartbeat"), 2);
	/* db1 was asked once, inside the window; the fence does not wait for it again */
	ck_assert_int_ge(logged("db1@1: connect"), 0);
	ck_assert_int_lt(logged_from(logged("db1@1: connect") + 1, "db1@"), 0);
	ck_assert_int_eq(acq_fx_log_count_matching("not fencing db1 before the election: it did not answer an admin connect"), 1);
}
END_TEST

START_TEST(a_silent_master_that_answers_the_admin_connect_is_fenced)
{
	acq_db_election_result res;

	init_with("db1");
	replicas_connected("0.010", 0);
	W.srv[0].reachable = 1; /* its replicas hear nothing, but this node's admin session reaches it */
	ck_assert_msg(elect_db1(&res) == ACQ_DB_OK, "%s", err);
	ck_assert_int_ge(logged("db1@1: SET GLOBAL read_only=1"), 0);
	ck_assert_int_eq(res.old_fenced, 1);
	ck_assert_int_eq(W.srv[0].read_only, 1);
}
END_TEST

START_TEST(a_long_heartbeat_period_cannot_confirm)
{
	acq_db_election_result res;

	init_with("db1");
	replicas_connected("30.000", 0);
	ck_assert_int_eq(elect_db1(&res), ACQ_DB_E_ALIVE);
	ck_assert_msg(strstr(err, "db1 is unreachable from this node but not confirmed dead: db2 is still connected to it "
		"(Slave_IO_Running=Yes) and its heartbeat period of 30000 ms is too long to tell silence within 3000 ms: "
		"set MASTER_HEARTBEAT_PERIOD=0.5 on db2"), "%s", err);
	ck_assert_int_eq(read_file().epoch, 1);
	ck_assert_int_lt(logged("read_only"), 0);
}
END_TEST

START_TEST(a_killed_master_is_confirmed_at_once)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[1].io_running = "Connecting";
	W.srv[2].io_running = "Connecting";
	ck_assert_msg(elect_db1(&res) == ACQ_DB_OK, "%s", err);
	ck_assert_int_eq(acq_fx_log_count_matching("db1 confirmed dead by its replicas: db2: Slave_IO_Running=Connecting; "
		"db3: Slave_IO_Running=Connecting"), 2);
}
END_TEST

START_TEST(without_credentials_the_election_is_unconfirmed)
{
	acq_db_election_result res;

	init_with("db1");
	cred.loaded = 0;
	ck_assert_msg(elect_db1(&res) == ACQ_DB_OK, "%s", err);
	ck_assert_str_eq(read_file().active, "db2");
	ck_assert_int_eq(acq_fx_log_count_matching("db1's failure is unconfirmed: without acq_db.admin_credentials"), 2);
	ck_assert_int_eq(W.nlog, 0);
}
END_TEST

START_TEST(the_replica_with_the_most_data_is_elected_and_the_other_follows_it)
{
	acq_db_election_result res;

	init_with("db1");
	strcpy(W.srv[2].io_pos, "0-1-130");
	strcpy(W.srv[2].applied, "0-1-120"); /* applies the rest before promotion */
	W.srv[1].period = "0.500";
	ck_assert_msg(elect_db1(&res) == ACQ_DB_OK, "%s", err);
	ck_assert_str_eq(read_file().active, "db3");
	ck_assert_str_eq(W.srv[2].applied, "0-1-130");
	ck_assert_int_eq(W.srv[2].read_only, 0);
	ck_assert_int_eq(W.srv[1].read_only, 1);
	ck_assert_int_lt(logged("db2@1: STOP SLAVE IO_THREAD"), 0);
	ck_assert_str_eq(W.srv[1].changed_to, "127.0.0.1:3");
	ck_assert_int_eq(W.srv[1].started, 1);
	/* a new MASTER_HOST would reset the period to 30 s: db2 keeps its own */
	ck_assert_int_ge(logged("MASTER_USE_GTID=slave_pos, MASTER_HEARTBEAT_PERIOD=0.500"), 0);
	ck_assert_int_eq(acq_fx_log_count_matching("candidates to replace db1 by received data: db3 first (0-1-130); "
		"left out: db2: received less than db3 (0-1-100, db3 has 0-1-130)"), 1);
	ck_assert_int_eq(acq_fx_log_count_matching("db2 now replicates from db3 (127.0.0.1:3, MASTER_USE_GTID=slave_pos)"), 1);
}
END_TEST

START_TEST(an_ahead_replica_that_cannot_be_promoted_stops_the_election)
{
	acq_db_election_result res;

	init_with("db1");
	strcpy(W.srv[2].io_pos, "0-1-130");
	W.srv[2].sql_running = 0;
	W.srv[2].sql_errno = "1062";
	ck_assert_int_eq(elect_db1(&res), ACQ_DB_E_NO_CANDIDATE);
	ck_assert_msg(strstr(err, "db3 (127.0.0.1:3): its replication stopped with error 1062"), "%s", err);
	ck_assert_msg(strstr(err, "db2: received less than db3 (0-1-100, db3 has 0-1-130): promoting it would lose "
		"transactions"), "%s", err);
	ck_assert_int_eq(W.srv[1].read_only, 1);
	ck_assert_int_eq(read_file().epoch, 1);
}
END_TEST

START_TEST(a_server_that_does_not_replicate_from_the_failed_master_is_never_elected)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[1].master_port = 9;       /* db2 replicates from elsewhere */
	W.srv[2].replica = 0;           /* db3 does not replicate */
	ck_assert_int_eq(elect_db1(&res), ACQ_DB_E_NO_CANDIDATE);
	ck_assert_msg(strstr(err, "db2 (127.0.0.1:2): not a replica of db1 (replicates from 127.0.0.1:9)"), "%s", err);
	ck_assert_msg(strstr(err, "db3 (127.0.0.1:3): not a replica of db1 (no replication configuration)"), "%s", err);
	ck_assert_int_lt(logged("read_only=0"), 0);
	ck_assert_int_eq(acq_fx_log_count_matching("db1's failure is unconfirmed: none of the 2 other members that answered "
		"replicates from it"), 1);
}
END_TEST

START_TEST(a_reached_master_that_refuses_the_fence_stops_the_election)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[0].reachable = 1;
	W.srv[0].fail_on = "read_only=1";
	ck_assert_int_eq(elect_db1(&res), ACQ_DB_E_INVALID);
	ck_assert_msg(strstr(err, "election away from db1 at epoch 1 refused: it was reached and could not be made "
		"read-only (SET GLOBAL read_only=1 failed: [1227]"), "%s", err);
	ck_assert_int_lt(logged("read_only=0"), 0);
	ck_assert_int_lt(logged("STOP"), 0);
	ck_assert_int_eq(read_file().epoch, 1);
	ck_assert_int_eq(acq_fx_log_count_matching("no election away from db1: it was reached and refused read_only=1"), 1);
}
END_TEST

START_TEST(switchover_makes_the_old_master_a_replica_of_the_new_one)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[0].reachable = 1;
	W.srv[0].replica = 1;            /* it once replicated: user and password are there */
	W.srv[0].master_host = "127.0.0.1";
	W.srv[0].master_port = 2;
	strcpy(W.srv[0].binlog_pos, "0-1-120");
	strcpy(W.srv[1].io_pos, "0-1-120");
	ck_assert_msg(acq_db_switchover_promoting(&cache, "db2", "", NULL, NULL, &pc, &res, err, sizeof(err)) == ACQ_DB_OK,
		"%s", err);
	ck_assert_str_eq(W.srv[0].changed_to, "127.0.0.1:2");
	ck_assert_str_eq(W.srv[0].slave_pos, "0-1-120");
	/* db3 replicated from db1: it follows db2 now */
	ck_assert_str_eq(W.srv[2].changed_to, "127.0.0.1:2");
	ck_assert_int_eq(W.srv[2].started, 1);
	ck_assert_int_eq(W.srv[2].read_only, 1);
	ck_assert_int_eq(W.srv[0].started, 1);
	ck_assert_int_eq(W.srv[0].read_only, 1);
	ck_assert_int_eq(acq_db_state_is_demoted(&res.state, "db1"), 0);
	ck_assert_int_eq(acq_fx_log_count_matching("db1 now replicates from db2 (127.0.0.1:2, MASTER_USE_GTID=slave_pos), "
		"from its own last write on"), 1);
}
END_TEST

START_TEST(switchover_leaves_an_old_master_without_replication_demoted)
{
	acq_db_election_result res;

	init_with("db1");
	W.srv[0].reachable = 1;
	ck_assert_msg(acq_db_switchover_promoting(&cache, "db2", "", NULL, NULL, &pc, &res, err, sizeof(err)) == ACQ_DB_OK,
		"%s", err);
	ck_assert_int_eq(acq_db_state_is_demoted(&res.state, "db1"), 1);
	ck_assert_int_eq(W.srv[0].read_only, 1);
	ck_assert_int_eq(acq_fx_log_count_matching("switchover: db1 is left demoted (read_only=1): it could not be made a "
		"replica of db2 (it has no replication configuration"), 1);
}
END_TEST

START_TEST(kill_lists_are_read_as_rows_where_the_executor_can)
{
	W.srv[0].reachable = 1;
	W.srv[0].clients = 300;  /* 300 ids of 7 bytes: far beyond GROUP_CONCAT's 1024 */
	ops.each = fake_each;
	ck_assert_int_eq(acq_db_promote_kill_clients(&pc, member("db1"), why, sizeof(why)), 300);
	ck_assert_int_eq(W.srv[0].clients, 0);
	ck_assert_int_lt(logged("GROUP_CONCAT"), 0);
	ck_assert_int_eq(acq_fx_log_count_matching("fenced db1: killed 300 application connections"), 1);
}
END_TEST

START_TEST(a_master_that_does_not_answer_costs_the_fence_only_the_connect_timeout)
{
	char pos[ACQ_DB_GTID_MAX];

	/* frozen: the kernel accepts, no greeting comes; the first connect is bounded by connect_timeout_ms */
	ck_assert_int_eq(acq_db_promote_fence(&pc, member("db1"), pos, sizeof(pos), why, sizeof(why)), 1);
	ck_assert_uint_eq(W.last_timeout_ms[0], 1000);
	ck_assert_int_eq(logged_from(logged("db1@0: connect") + 1, "db1@0: connect"), -1);
	/* reached: the fence's own session covers the lock wait too */
	W.srv[0].reachable = 1;
	ck_assert_int_eq(acq_db_promote_fence(&pc, member("db1"), pos, sizeof(pos), why, sizeof(why)), 0);
	ck_assert_uint_eq(W.last_timeout_ms[0], 2000);
}
END_TEST

START_TEST(a_slow_heartbeat_period_is_a_finding)
{
	char text[512];

	ck_assert_int_eq(acq_db_confirm_period_finding("db2", 500, 0, text, sizeof(text)), 0);
	ck_assert_int_eq(acq_db_confirm_period_finding("db2", 1000, 0, text, sizeof(text)), 0);
	ck_assert_int_eq(acq_db_confirm_period_finding("db2", 1200, 0, text, sizeof(text)), 1);
	ck_assert_str_eq(text, "db2's heartbeat period (1200 ms) makes confirming a frozen master take 2500 ms; "
		"CHANGE MASTER TO MASTER_HEARTBEAT_PERIOD=0.5 on db2 makes it 1100 ms");
	ck_assert_int_eq(acq_db_confirm_period_finding("db2", 30000, 0, text, sizeof(text)), 1);
	ck_assert_msg(strstr(text, "db2's heartbeat period (30000 ms) is too long for acq_db to confirm a frozen or "
		"cut-off master within 3000 ms: elections then wait until its IO thread gives up (slave_net_timeout)"), "%s", text);
}
END_TEST

START_TEST(gtid_positions_compare_per_domain)
{
	acq_db_gtid_set a, b;

	ck_assert_int_eq(acq_db_gtid_parse("0-1-120,1-2-5", &a, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_gtid_parse("0-2-100", &b, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_gtid_covers(&a, &b), 1); /* seq grows per domain, whichever server wrote it */
	ck_assert_int_eq(acq_db_gtid_covers(&b, &a), 0);
	ck_assert_int_eq(acq_db_gtid_parse("0-1-120", &b, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_gtid_covers(&b, &a), 0); /* lacks domain 1 */
	ck_assert_int_eq(acq_db_gtid_covers(&a, &b), 1);
	ck_assert_int_eq(acq_db_gtid_parse("", &b, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_gtid_covers(&b, &b), 1);
}
END_TEST

Suite *acq_check_promote_suite(void)
{
	Suite *s = suite_create("promote");
	TCase *tc = tcase_create("policy");
	TCase *te = tcase_create("election");
	TCase *tk = tcase_create("confirm");

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
	tcase_add_checked_fixture(tk, setup, acq_fx_cache_teardown);
	tcase_add_test(tk, a_replica_that_still_receives_stops_the_election);
	tcase_add_test(tk, new_events_count_as_alive_too);
	tcase_add_test(tk, silence_over_the_window_confirms_a_frozen_master);
	tcase_add_test(tk, a_long_heartbeat_period_cannot_confirm);
	tcase_add_test(tk, a_silent_master_that_answers_the_admin_connect_is_fenced);
	tcase_add_test(tk, a_killed_master_is_confirmed_at_once);
	tcase_add_test(tk, without_credentials_the_election_is_unconfirmed);
	tcase_add_test(tk, the_replica_with_the_most_data_is_elected_and_the_other_follows_it);
	tcase_add_test(tk, an_ahead_replica_that_cannot_be_promoted_stops_the_election);
	tcase_add_test(tk, a_server_that_does_not_replicate_from_the_failed_master_is_never_elected);
	tcase_add_test(tk, a_reached_master_that_refuses_the_fence_stops_the_election);
	tcase_add_test(tk, switchover_makes_the_old_master_a_replica_of_the_new_one);
	tcase_add_test(tk, switchover_leaves_an_old_master_without_replication_demoted);
	tcase_add_test(tk, gtid_positions_compare_per_domain);
	tcase_add_test(tk, a_slow_heartbeat_period_is_a_finding);
	tcase_add_test(tk, a_master_that_does_not_answer_costs_the_fence_only_the_connect_timeout);
	tcase_add_test(tk, kill_lists_are_read_as_rows_where_the_executor_can);
	suite_add_tcase(s, tk);
	return s;
}
