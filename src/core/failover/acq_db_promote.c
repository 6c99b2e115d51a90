/*
 * The promotion policy of acq_db_promote.h, for MariaDB (GTID) and MySQL 8
 * (GTID sets). Each public call opens its own administrative connection,
 * runs a short fixed sequence, logs what it changed and closes; the two
 * dialects differ only in the statements and column names of one table.
 */
#include "failover/acq_db_promote.h"
#include "lib/acq_db_clock.h"
#include "lib/acq_db_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What differs between MariaDB and MySQL 8. */
typedef struct acq_db_dialect {
	const char *status_sql;
	const char *col_sql_running;
	const char *col_received;     /* what the IO thread has received */
	const char *col_connection;   /* MariaDB multi-source; NULL on MySQL */
	const char *wait_fn;          /* (position, seconds) -> 0 once applied */
	const char *stop_io_sql;
	const char *stop_sql;
	const char *reset_sql;
	const char *read_only_sql;
	const char *position_sql;     /* a master's last written position, column pos */
	const char *col_io_running;
	const char *col_master_host;
	const char *col_master_port;
} acq_db_dialect;

static const acq_db_dialect acq_db_mariadb = {
	"SHOW ALL SLAVES STATUS", "Slave_SQL_Running", "Gtid_IO_Pos", "Connection_name", "MASTER_GTID_WAIT",
	"STOP SLAVE IO_THREAD", "STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL read_only=1",
	"SELECT @@global.gtid_binlog_pos AS pos", "Slave_IO_Running", "Master_Host", "Master_Port"
};

static const acq_db_dialect acq_db_mysql = {
	"SHOW REPLICA STATUS", "Replica_SQL_Running", "Retrieved_Gtid_Set", NULL, "WAIT_FOR_EXECUTED_GTID_SET",
	"STOP REPLICA IO_THREAD", "STOP REPLICA", "RESET REPLICA ALL", "SET GLOBAL super_read_only=1",
	"SELECT @@global.gtid_executed AS pos", "Replica_IO_Running", "Source_Host", "Source_Port"
};

/* One administrative session with one server. */
typedef struct acq_db_admin_session {
	const acq_db_promote_cfg *pc;
	const acq_db_server *s;
	acq_db_sql_conn *conn;
	const acq_db_dialect *d;
	acq_db_sql_row row;
	char err[ACQ_DB_ERR_MAX];
} acq_db_admin_session;

int acq_db_promote_enabled(const acq_db_promote_cfg *pc)
{
	return pc && pc->ops && pc->cred && pc->cred->loaded;
}

static int acq_db_why(char *why, size_t whylen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int acq_db_why(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Connects and learns the dialect from @@version. */
static int acq_db_admin_session_open(acq_db_admin_session *ss, const acq_db_promote_cfg *pc, const acq_db_server *s,
	unsigned timeout_ms, char *why, size_t whylen)
{
	const char *version;

	memset(ss, 0, sizeof(*ss));
	ss->pc = pc;
	ss->s = s;
	ss->conn = pc->ops->connect(pc->ops->ctx, s, pc->cred, timeout_ms, ss->err, sizeof(ss->err));
	if (!ss->conn) {
		return acq_db_why(why, whylen, "admin connect failed: %s", ss->err);
	}
	if (pc->ops->query(pc->ops->ctx, ss->conn, "SELECT @@version AS version", &ss->row, ss->err, sizeof(ss->err)) != 0
		|| !(version = acq_db_sql_row_get(&ss->row, "version"))) {
		pc->ops->close(pc->ops->ctx, ss->conn);
		ss->conn = NULL;
		return acq_db_why(why, whylen, "SELECT @@version failed: %s", ss->err);
	}
	ss->d = strstr(version, "MariaDB") ? &acq_db_mariadb : &acq_db_mysql;
	return 0;
}

static void acq_db_admin_session_close(acq_db_admin_session *ss)
{
	if (ss->conn) {
		ss->pc->ops->close(ss->pc->ops->ctx, ss->conn);
		ss->conn = NULL;
	}
}

/* Runs sql; the first row (if any) is in ss->row. On failure why says which
 * statement failed and how. */
static int acq_db_admin_session_run(acq_db_admin_session *ss, const char *sql, char *why, size_t whylen)
{
	memset(&ss->row, 0, sizeof(ss->row));
	if (ss->pc->ops->query(ss->pc->ops->ctx, ss->conn, sql, &ss->row, ss->err, sizeof(ss->err)) != 0) {
		return acq_db_why(why, whylen, "%s failed: %s", sql, ss->err);
	}
	return 0;
}

static const char *acq_db_col(const acq_db_admin_session *ss, const char *name)
{
	const char *v = name ? acq_db_sql_row_get(&ss->row, name) : NULL;

	return v ? v : "";
}

/* A GTID position or set goes into a string literal: no quote, no
 * backslash, nothing but what GTIDs are written with. */
static int acq_db_gtid_safe(const char *pos)
{
	const char *p;

	for (p = pos; *p; p++) {
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
			|| *p == ':' || *p == ',' || *p == '-' || *p == '_' || *p == ' ' || *p == '\n')) {
			return 0;
		}
	}
	return 1;
}

/* Waits until the server has applied pos, for at most budget_ms. 0 when it
 * has; -1 with why otherwise (timed out, or the wait failed). */
static int acq_db_wait_applied(acq_db_admin_session *ss, const char *pos, unsigned budget_ms, char *why, size_t whylen)
{
	char sql[ACQ_DB_GTID_MAX + 128];
	const char *w;

	if (!pos[0]) {
		return 0; /* nothing received: nothing to apply */
	}
	if (!acq_db_gtid_safe(pos)) {
		return acq_db_why(why, whylen, "GTID position '%.64s' has unexpected characters", pos);
	}
	if (budget_ms == 0) {
		budget_ms = 1; /* a timeout of 0 is not "do not wait" everywhere */
	}
	snprintf(sql, sizeof(sql), "SELECT %s('%s', %u.%03u) AS w", ss->d->wait_fn, pos, budget_ms / 1000, budget_ms % 1000);
	if (acq_db_admin_session_run(ss, sql, why, whylen) != 0) {
		return -1;
	}
	w = acq_db_sql_row_get(&ss->row, "w");
	if (w && strcmp(w, "0") == 0) {
		return 0;
	}
	return acq_db_why(why, whylen, "did not apply %.200s within acq_db.catchup_timeout_ms=%u (%s returned %s)",
		pos, ss->pc->catchup_timeout_ms, ss->d->wait_fn, w && w[0] ? w : "NULL");
}

static unsigned acq_db_ms_left(uint64_t deadline_us)
{
	uint64_t now = acq_db_clock_mono_us();

	return now >= deadline_us ? 0 : (unsigned) ((deadline_us - now) / 1000);
}

/* The replica's fitness, before anything is changed on it: no stopped-with-
 * error SQL thread, not multi-source, and caught up with target (or with
 * what it received) within the budget. */
static int acq_db_replica_fit(acq_db_admin_session *ss, const char *target, uint64_t deadline_us, char *why, size_t whylen)
{
	char received[ACQ_DB_GTID_MAX];
	const char *errno_s = acq_db_col(ss, "Last_SQL_Errno");
	int sql_running = strcmp(acq_db_col(ss, ss->d->col_sql_running), "Yes") == 0;
	char wait_why[ACQ_DB_ERR_MAX];

	if (!sql_running && errno_s[0] && strcmp(errno_s, "0") != 0) {
		return acq_db_why(why, whylen, "its replication stopped with error %s (%.300s): it lacks every transaction "
			"after that one, so it is not promoted automatically; fix replication, or accept the loss with "
			"STOP SLAVE; RESET SLAVE ALL on it and try again", errno_s, acq_db_col(ss, "Last_SQL_Error"));
	}
	if (ss->d->col_connection && acq_db_col(ss, ss->d->col_connection)[0]) {
		return acq_db_why(why, whylen, "it replicates through the named connection '%.64s' (multi-source): "
			"automatic promotion handles the default connection only", acq_db_col(ss, ss->d->col_connection));
	}
	acq_db_strlcpy(received, acq_db_col(ss, ss->d->col_received), sizeof(received));
	if (!target) {
		target = received;
	}
	if (!sql_running) {
		/* stopped on purpose: do not restart it; fit only if nothing is pending */
		if (acq_db_wait_applied(ss, target, 0, wait_why, sizeof(wait_why)) != 0) {
			return acq_db_why(why, whylen, "its SQL thread is stopped (no error) with received transactions not "
				"applied (%s); acq_db does not restart it: START SLAVE SQL_THREAD, or promote by hand", wait_why);
		}
		return 0;
	}
	return acq_db_wait_applied(ss, target, acq_db_ms_left(deadline_us), why, whylen);
}

/* Stop receiving, apply the rest of what was received, stop, forget the
 * old master (a restart must not reconnect to it). The IO thread stops
 * first so that nothing arrives after the last wait. */
static int acq_db_replica_detach(acq_db_admin_session *ss, uint64_t deadline_us, char *why, size_t whylen)
{
	char received[ACQ_DB_GTID_MAX];

	if (acq_db_admin_session_run(ss, ss->d->stop_io_sql, why, whylen) != 0
		|| acq_db_admin_session_run(ss, ss->d->status_sql, why, whylen) != 0) {
		return -1;
	}
	acq_db_strlcpy(received, acq_db_col(ss, ss->d->col_received), sizeof(received));
	if (acq_db_wait_applied(ss, received, acq_db_ms_left(deadline_us), why, whylen) != 0) {
		acq_db_log(ACQ_DB_LOG_WARNING, "%s: IO thread stopped for promotion, but the rest did not apply; it stays "
			"stopped (a restart in GTID mode discards unapplied relay logs)", ss->s->name);
		return -1;
	}
	return acq_db_admin_session_run(ss, ss->d->stop_sql, why, whylen) != 0
		|| acq_db_admin_session_run(ss, ss->d->reset_sql, why, whylen) != 0 ? -1 : 0;
}

static int acq_db_make_writable(acq_db_admin_session *ss, char *why, size_t whylen)
{
	if (acq_db_admin_session_run(ss, "SET GLOBAL read_only=0", why, whylen) != 0
		|| acq_db_admin_session_run(ss, "SELECT @@global.read_only AS ro", why, whylen) != 0) {
		return -1;
	}
	if (strcmp(acq_db_col(ss, "ro"), "0") != 0) {
		return acq_db_why(why, whylen, "read_only is still %s after SET GLOBAL read_only=0", acq_db_col(ss, "ro"));
	}
	return 0;
}

static int acq_db_promote_session(acq_db_admin_session *ss, const char *wait_pos, char *why, size_t whylen)
{
	uint64_t deadline = acq_db_clock_mono_us() + (uint64_t) ss->pc->catchup_timeout_ms * 1000;
	int replica;

	if (acq_db_admin_session_run(ss, ss->d->status_sql, why, whylen) != 0) {
		return -1;
	}
	replica = ss->row.ncols > 0;
	if (replica && (acq_db_replica_fit(ss, wait_pos, deadline, why, whylen) != 0
		|| acq_db_replica_detach(ss, deadline, why, whylen) != 0)) {
		return -1;
	}
	if (!replica && wait_pos && wait_pos[0]) {
		/* a switchover target that does not replicate: it must still have the old master's writes */
		if (acq_db_wait_applied(ss, wait_pos, 0, why, whylen) != 0) {
			return -1;
		}
	}
	if (acq_db_make_writable(ss, why, whylen) != 0) {
		return -1;
	}
	acq_db_log(ACQ_DB_LOG_WARNING, "promoted %s: %sread_only=0", ss->s->name,
		replica ? "caught up, replication stopped and reset, " : "not a replica, ");
	return 0;
}

int acq_db_promote(const acq_db_promote_cfg *pc, const acq_db_server *cand, const char *wait_pos,
	char *why, size_t whylen)
{
	acq_db_admin_session ss;
	int rc;

	if (!acq_db_promote_enabled(pc)) {
		return 0;
	}
	/* the catch-up wait runs on this connection: its reads may take that long */
	if (acq_db_admin_session_open(&ss, pc, cand, pc->connect_timeout_ms + pc->catchup_timeout_ms, why, whylen) != 0) {
		acq_db_log(ACQ_DB_LOG_WARNING, "not promoting %s: %s", cand->name, why);
		return -1;
	}
	rc = acq_db_promote_session(&ss, wait_pos, why, whylen);
	acq_db_admin_session_close(&ss);
	if (rc != 0) {
		acq_db_log(ACQ_DB_LOG_WARNING, "not promoting %s: %s", cand->name, why);
	}
	return rc;
}

/* read_only=1 waits for commits in flight; bound that wait on the server
 * too, so that a long transaction cannot hold the election. */
static unsigned acq_db_lock_wait_s(const acq_db_promote_cfg *pc)
{
	return pc->connect_timeout_ms < 2000 ? 1 : pc->connect_timeout_ms / 1000;
}

int acq_db_promote_fence(const acq_db_promote_cfg *pc, const acq_db_server *old, char *pos, size_t poslen,
	char *why, size_t whylen)
{
	char sql[64];
	acq_db_admin_session ss;
	unsigned wait_s;
	int rc;

	if (pos && poslen) {
		pos[0] = '\0';
	}
	if (!acq_db_promote_enabled(pc)) {
		return acq_db_why(why, whylen, "promotion is off");
	}
	wait_s = acq_db_lock_wait_s(pc);
	/* Reachable at all? Within the connect timeout only: a frozen master
	 * (TCP accepted by the kernel, no greeting) costs that, not the longer
	 * timeout the fence statement needs. */
	if (acq_db_admin_session_open(&ss, pc, old, pc->connect_timeout_ms, why, whylen) != 0) {
		return 1;
	}
	acq_db_admin_session_close(&ss);
	if (acq_db_admin_session_open(&ss, pc, old, pc->connect_timeout_ms + wait_s * 1000, why, whylen) != 0) {
		return 1;
	}
	snprintf(sql, sizeof(sql), "SET SESSION lock_wait_timeout=%u", wait_s);
	rc = acq_db_admin_session_run(&ss, sql, why, whylen) != 0 || acq_db_admin_session_run(&ss, ss.d->read_only_sql, why, whylen) != 0
		|| acq_db_admin_session_run(&ss, ss.d->position_sql, why, whylen) != 0 ? -1 : 0;
	if (rc == 0) {
		if (pos && acq_db_strlcpy(pos, acq_db_col(&ss, "pos"), poslen) != 0) {
			rc = acq_db_why(why, whylen, "its GTID position is longer than %zu bytes", poslen - 1);
		} else {
			acq_db_log(ACQ_DB_LOG_WARNING, "demoted %s: read_only=1 at GTID position %s", old->name,
				acq_db_col(&ss, "pos")[0] ? acq_db_col(&ss, "pos") : "(none)");
		}
	}
	acq_db_admin_session_close(&ss);
	return rc;
}

int acq_db_promote_unfence(const acq_db_promote_cfg *pc, const acq_db_server *old, char *why, size_t whylen)
{
	acq_db_admin_session ss;
	int rc;

	if (!acq_db_promote_enabled(pc)) {
		return 0;
	}
	if (acq_db_admin_session_open(&ss, pc, old, pc->connect_timeout_ms, why, whylen) != 0) {
		return -1;
	}
	rc = acq_db_make_writable(&ss, why, whylen);
	acq_db_admin_session_close(&ss);
	if (rc == 0) {
		acq_db_log(ACQ_DB_LOG_WARNING, "%s is writable again (read_only=0): the change away from it did not happen",
			old->name);
	}
	return rc;
}

/* The application's sessions: not ours, not replication, not the server's own. */
#define ACQ_DB_CLIENTS_WHERE \
	"WHERE ID <> CONNECTION_ID() AND USER <> SUBSTRING_INDEX(USER(), '@', 1) " \
	"AND USER NOT IN ('system user', 'event_scheduler') " \
	"AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon', 'Slave_IO', 'Slave_SQL', 'Slave_worker')"
/* As rows, where the executor reads rows; as one capped list otherwise. */
#define ACQ_DB_CLIENT_ROWS_SQL "SELECT ID AS id FROM information_schema.PROCESSLIST " ACQ_DB_CLIENTS_WHERE
#define ACQ_DB_CLIENTS_SQL "SELECT COUNT(*) AS n, GROUP_CONCAT(ID) AS ids FROM information_schema.PROCESSLIST " \
	ACQ_DB_CLIENTS_WHERE

/* KILLs every id in the comma-separated list; the count that went. A
 * session that ended by itself meanwhile (1094 unknown thread) is fine. */
static int acq_db_kill_ids(acq_db_admin_session *ss, const char *ids)
{
	char list[ACQ_DB_SQL_VALUE_MAX];
	char *save = NULL;
	char *id;
	int killed = 0;

	acq_db_strlcpy(list, ids, sizeof(list));
	for (id = strtok_r(list, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		char sql[64];
		char err[ACQ_DB_ERR_MAX];
		if (strspn(id, "0123456789") != strlen(id) || strlen(id) > 20) {
			continue;
		}
		snprintf(sql, sizeof(sql), "KILL CONNECTION %s", id);
		if (ss->pc->ops->query(ss->pc->ops->ctx, ss->conn, sql, NULL, err, sizeof(err)) == 0) {
			killed++;
		}
	}
	return killed;
}

/* The ids of a processlist read as rows. */
typedef struct acq_db_id_list {
	char (*ids)[24];
	int count;
	int cap;
} acq_db_id_list;

static int acq_db_collect_id(void *arg, const acq_db_sql_row *row)
{
	acq_db_id_list *l = arg;
	const char *id = acq_db_sql_row_get(row, "id");

	if (!id || !id[0] || strspn(id, "0123456789") != strlen(id) || strlen(id) > 20) {
		return 0;
	}
	if (l->count == l->cap) {
		int cap = l->cap ? l->cap * 2 : 64;
		char (*more)[24] = realloc(l->ids, sizeof(*more) * (size_t) cap);
		if (!more) {
			return 1;
		}
		l->ids = more;
		l->cap = cap;
	}
	acq_db_strlcpy(l->ids[l->count++], id, sizeof(l->ids[0]));
	return 0;
}

/* Every application session, read as rows and killed one by one. */
static int acq_db_kill_rows(acq_db_admin_session *ss, char *why, size_t whylen)
{
	acq_db_id_list l = { NULL, 0, 0 };
	int killed = 0;
	int i;

	if (ss->pc->ops->each(ss->pc->ops->ctx, ss->conn, ACQ_DB_CLIENT_ROWS_SQL, acq_db_collect_id, &l, ss->err,
		sizeof(ss->err)) < 0) {
		free(l.ids);
		return acq_db_why(why, whylen, "reading the processlist failed: %s", ss->err);
	}
	for (i = 0; i < l.count; i++) {
		char sql[64];
		char err[ACQ_DB_ERR_MAX];

		snprintf(sql, sizeof(sql), "KILL CONNECTION %s", l.ids[i]);
		if (ss->pc->ops->query(ss->pc->ops->ctx, ss->conn, sql, NULL, err, sizeof(err)) == 0) {
			killed++;
		}
	}
	free(l.ids);
	return killed;
}

/* An executor without rows: GROUP_CONCAT is capped (1024 bytes by default),
 * so a few rounds take the rest. */
static int acq_db_kill_listed(acq_db_admin_session *ss, char *why, size_t whylen)
{
	int killed = 0;
	int round;

	for (round = 0; round < 8; round++) {
		int n;

		if (acq_db_admin_session_run(ss, ACQ_DB_CLIENTS_SQL, why, whylen) != 0) {
			return killed ? killed : -1;
		}
		if (strcmp(acq_db_col(ss, "n"), "0") == 0 || !acq_db_col(ss, "ids")[0]) {
			break;
		}
		n = acq_db_kill_ids(ss, acq_db_col(ss, "ids"));
		if (n == 0) {
			break;
		}
		killed += n;
	}
	return killed;
}

int acq_db_promote_kill_clients(const acq_db_promote_cfg *pc, const acq_db_server *old, char *why, size_t whylen)
{
	acq_db_admin_session ss;
	int killed;

	if (!acq_db_promote_enabled(pc)) {
		return 0;
	}
	if (acq_db_admin_session_open(&ss, pc, old, pc->connect_timeout_ms, why, whylen) != 0) {
		return -1;
	}
	killed = pc->ops->each ? acq_db_kill_rows(&ss, why, whylen) : acq_db_kill_listed(&ss, why, whylen);
	acq_db_admin_session_close(&ss);
	if (killed >= 0) {
		acq_db_log(ACQ_DB_LOG_WARNING, "fenced %s: killed %d application connection%s", old->name, killed,
			killed == 1 ? "" : "s");
	}
	return killed;
}

/* "0.500" seconds (Slave_heartbeat_period) in ms; 0 when absent or odd. */
static unsigned acq_db_period_ms(const char *v)
{
	char *end = NULL;
	double d;

	if (!v || !v[0]) {
		return 0;
	}
	d = strtod(v, &end);
	if (end == v || d <= 0 || d > 4294967.0) {
		return 0;
	}
	return (unsigned) (d * 1000.0 + 0.5);
}

static void acq_db_status_from_row(const acq_db_admin_session *ss, acq_db_replica_status *out)
{
	const char *hb = acq_db_sql_row_get(&ss->row, "Slave_received_heartbeats");

	memset(out, 0, sizeof(*out));
	out->mysql = ss->d == &acq_db_mysql;
	out->heartbeats = hb && hb[0] ? strtoll(hb, NULL, 10) : -1;
	if (ss->row.ncols == 0) {
		return;
	}
	out->replica = 1;
	acq_db_strlcpy(out->connection, acq_db_col(ss, ss->d->col_connection), sizeof(out->connection));
	acq_db_strlcpy(out->io_running, acq_db_col(ss, ss->d->col_io_running), sizeof(out->io_running));
	acq_db_strlcpy(out->master_host, acq_db_col(ss, ss->d->col_master_host), sizeof(out->master_host));
	out->master_port = (unsigned) strtoul(acq_db_col(ss, ss->d->col_master_port), NULL, 10);
	acq_db_strlcpy(out->received, acq_db_col(ss, ss->d->col_received), sizeof(out->received));
	out->heartbeat_period_ms = acq_db_period_ms(acq_db_sql_row_get(&ss->row, "Slave_heartbeat_period"));
}

int acq_db_promote_status(const acq_db_promote_cfg *pc, const acq_db_server *s, acq_db_replica_status *out,
	char *why, size_t whylen)
{
	acq_db_admin_session ss;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!acq_db_promote_enabled(pc)) {
		return acq_db_why(why, whylen, "promotion is off");
	}
	if (acq_db_admin_session_open(&ss, pc, s, pc->connect_timeout_ms, why, whylen) != 0) {
		return -1;
	}
	rc = acq_db_admin_session_run(&ss, ss.d->status_sql, why, whylen);
	if (rc == 0) {
		acq_db_status_from_row(&ss, out);
	}
	acq_db_admin_session_close(&ss);
	return rc;
}

/* A host goes into a string literal of CHANGE MASTER: names and IP literals only. */
static int acq_db_host_safe(const char *host)
{
	return host[0] && strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:") == strlen(host);
}

/* A demoted old master replicates from its own last write on. */
static int acq_db_repoint_old_master(acq_db_admin_session *ss, char *why, size_t whylen)
{
	char pos[ACQ_DB_GTID_MAX];
	char sql[ACQ_DB_GTID_MAX + 64];

	if (acq_db_admin_session_run(ss, ss->d->position_sql, why, whylen) != 0) {
		return -1;
	}
	acq_db_strlcpy(pos, acq_db_col(ss, "pos"), sizeof(pos));
	if (!acq_db_gtid_safe(pos)) {
		return acq_db_why(why, whylen, "GTID position '%.64s' has unexpected characters", pos);
	}
	snprintf(sql, sizeof(sql), "SET GLOBAL gtid_slave_pos='%s'", pos);
	return acq_db_admin_session_run(ss, sql, why, whylen);
}

static int acq_db_repoint_session(acq_db_admin_session *ss, const acq_db_server *master, int was_master,
	char *why, size_t whylen)
{
	char sql[ACQ_DB_HOST_MAX + 200];
	unsigned period_ms;

	if (ss->d != &acq_db_mariadb) {
		return acq_db_why(why, whylen, "re-pointing replicas is done for MariaDB only");
	}
	if (acq_db_admin_session_run(ss, ss->d->status_sql, why, whylen) != 0) {
		return -1;
	}
	if (ss->row.ncols == 0) {
		return acq_db_why(why, whylen, "it has no replication configuration (no replication user or password to "
			"reuse)");
	}
	if (acq_db_col(ss, "Connection_name")[0]) {
		return acq_db_why(why, whylen, "it replicates through the named connection '%.64s' (multi-source)",
			acq_db_col(ss, "Connection_name"));
	}
	period_ms = acq_db_period_ms(acq_db_sql_row_get(&ss->row, "Slave_heartbeat_period"));
	if (acq_db_admin_session_run(ss, "STOP SLAVE", why, whylen) != 0
		|| (was_master && acq_db_repoint_old_master(ss, why, whylen) != 0)) {
		return -1;
	}
	/* a new MASTER_HOST resets the heartbeat period to slave_net_timeout/2: keep the replica's own */
	if (period_ms) {
		snprintf(sql, sizeof(sql), "CHANGE MASTER TO MASTER_HOST='%s', MASTER_PORT=%u, MASTER_USE_GTID=slave_pos, "
			"MASTER_HEARTBEAT_PERIOD=%u.%03u", master->host, master->port, period_ms / 1000, period_ms % 1000);
	} else {
		snprintf(sql, sizeof(sql), "CHANGE MASTER TO MASTER_HOST='%s', MASTER_PORT=%u, MASTER_USE_GTID=slave_pos",
			master->host, master->port);
	}
	return acq_db_admin_session_run(ss, sql, why, whylen) != 0
		|| acq_db_admin_session_run(ss, "START SLAVE", why, whylen) != 0 ? -1 : 0;
}

int acq_db_promote_repoint(const acq_db_promote_cfg *pc, const acq_db_server *replica, const acq_db_server *master,
	int was_master, char *why, size_t whylen)
{
	acq_db_admin_session ss;
	int rc;

	if (!acq_db_promote_enabled(pc)) {
		return acq_db_why(why, whylen, "promotion is off");
	}
	if (master->socket[0] || !acq_db_host_safe(master->host)) {
		return acq_db_why(why, whylen, "%s's address in acq_db.servers (%s) cannot be given to CHANGE MASTER",
			master->name, master->socket[0] ? master->socket : master->host);
	}
	if (acq_db_admin_session_open(&ss, pc, replica, pc->connect_timeout_ms, why, whylen) != 0) {
		return -1;
	}
	rc = acq_db_repoint_session(&ss, master, was_master, why, whylen);
	acq_db_admin_session_close(&ss);
	if (rc == 0) {
		acq_db_log(ACQ_DB_LOG_WARNING, "%s now replicates from %s (%s:%u, MASTER_USE_GTID=slave_pos)%s", replica->name,
			master->name, master->host, master->port, was_master ? ", from its own last write on" : "");
	}
	return rc;
}
