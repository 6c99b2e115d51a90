/*
 * `acq-db-admin check`: the questions put to each member and the verdict
 * over the cluster (see acq_db_health.h for the table). The probe asks only
 * what every MariaDB and MySQL answers to an account with REPLICATION CLIENT
 * (or SUPER), and a question a server cannot answer leaves that figure
 * unknown instead of failing the member.
 */
#include "admin/acq_db_health.h"
#include "lib/acq_db_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void acq_db_member_report_init(acq_db_member_report *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	acq_db_strlcpy(r->name, name, sizeof(r->name));
	r->read_only = -1;
	r->server_id = -1;
	r->replicates_from = -1;
	r->seconds_behind = -1;
	r->semisync_master_enabled = r->semisync_slave_enabled = -1;
	r->semisync_master_on = r->semisync_slave_on = -1;
}

/* Appends "; what: err" to r->error (a question that failed). */
static void acq_db_health_note(acq_db_member_report *r, const char *what, const char *err)
{
	size_t used = strlen(r->error);

	snprintf(r->error + used, sizeof(r->error) - used, "%s%s: %s", used ? "; " : "", what, err);
}

/* The first of the column names present in row, or NULL. */
static const char *acq_db_health_col(const acq_db_sql_row *row, const char *a, const char *b)
{
	const char *v = acq_db_sql_row_get(row, a);

	return v ? v : (b ? acq_db_sql_row_get(row, b) : NULL);
}

static int acq_db_health_flag(const char *v)
{
	if (!v || !v[0]) {
		return -1;
	}
	return strcasecmp(v, "ON") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "YES") == 0;
}

static acq_db_thread_state acq_db_health_thread(const char *v)
{
	if (v && strcasecmp(v, "Yes") == 0) {
		return ACQ_DB_THREAD_YES;
	}
	if (v && strcasecmp(v, "Connecting") == 0) {
		return ACQ_DB_THREAD_CONNECTING;
	}
	return ACQ_DB_THREAD_NO;
}

static void acq_db_health_copy(char *dst, size_t len, const char *v)
{
	acq_db_strlcpy(dst, v ? v : "", len);
}

void acq_db_health_read_replication(acq_db_member_report *r, const acq_db_sql_row *row,
	const acq_db_server_list *list)
{
	const char *lag = acq_db_health_col(row, "Seconds_Behind_Master", "Seconds_Behind_Source");
	const char *port = acq_db_health_col(row, "Master_Port", "Source_Port");
	const char *io_err = acq_db_health_col(row, "Last_IO_Error", NULL);
	const char *sql_err = acq_db_health_col(row, "Last_SQL_Error", NULL);
	const char *gtid = acq_db_health_col(row, "Gtid_IO_Pos", "Retrieved_Gtid_Set");

	r->has_replication = row->ncols > 0;
	if (!r->has_replication) {
		return;
	}
	acq_db_health_copy(r->master_host, sizeof(r->master_host), acq_db_health_col(row, "Master_Host", "Source_Host"));
	r->master_port = port ? (unsigned) strtoul(port, NULL, 10) : 0;
	r->io_running = acq_db_health_thread(acq_db_health_col(row, "Slave_IO_Running", "Replica_IO_Running"));
	r->sql_running = acq_db_health_thread(acq_db_health_col(row, "Slave_SQL_Running", "Replica_SQL_Running"));
	r->seconds_behind = lag && lag[0] ? strtoll(lag, NULL, 10) : -1;
	char raw[sizeof(r->last_error)] = "";

	if (io_err && io_err[0]) {
		snprintf(raw, sizeof(raw), "IO: %s", io_err);
	} else if (sql_err && sql_err[0]) {
		snprintf(raw, sizeof(raw), "SQL: %s", sql_err);
	}
	/* server text (Last_SQL_Error carries row data) goes to terminals, JSON
	 * and monitoring lines: one line, no terminal escapes */
	acq_db_log_escape(r->last_error, sizeof(r->last_error), raw);
	acq_db_health_copy(r->gtid_io_pos, sizeof(r->gtid_io_pos), gtid);
	r->replicates_from = r->master_host[0] ? acq_db_servers_route(list, NULL, r->master_host, r->master_port, NULL) : -1;
	if (r->replicates_from < 0) {
		r->replicates_from = -1;
	}
}

/* Runs sql into the shared row; on failure notes it under what. */
static int acq_db_health_ask(const acq_db_sql_ops *ops, acq_db_sql_conn *conn, const char *sql, const char *what,
	acq_db_member_report *r, acq_db_sql_row *row, int quiet)
{
	char err[ACQ_DB_ERR_MAX];

	if (ops->query(ops->ctx, conn, sql, row, err, sizeof(err)) != 0) {
		if (!quiet) {
			acq_db_health_note(r, what, err);
		}
		return -1;
	}
	return 0;
}

static void acq_db_health_ask_basics(const acq_db_sql_ops *ops, acq_db_sql_conn *conn, acq_db_member_report *r,
	acq_db_sql_row *row)
{
	const char *v;

	if (acq_db_health_ask(ops, conn, "SELECT VERSION() AS version, @@GLOBAL.read_only AS read_only, "
			"@@GLOBAL.server_id AS server_id", "version", r, row, 0) != 0) {
		return;
	}
	acq_db_health_copy(r->version, sizeof(r->version), acq_db_sql_row_get(row, "version"));
	r->is_mariadb = strstr(r->version, "MariaDB") != NULL;
	r->read_only = acq_db_health_flag(acq_db_sql_row_get(row, "read_only"));
	v = acq_db_sql_row_get(row, "server_id");
	r->server_id = v && v[0] ? strtoll(v, NULL, 10) : -1;
}

static void acq_db_health_ask_gtids(const acq_db_sql_ops *ops, acq_db_sql_conn *conn, acq_db_member_report *r,
	acq_db_sql_row *row)
{
	if (r->is_mariadb) {
		if (acq_db_health_ask(ops, conn, "SELECT @@GLOBAL.gtid_binlog_pos AS binlog_pos, "
				"@@GLOBAL.gtid_binlog_state AS binlog_state, @@GLOBAL.gtid_slave_pos AS slave_pos, "
				"@@GLOBAL.gtid_current_pos AS current_pos", "GTID positions", r, row, 0) != 0) {
			return;
		}
		acq_db_health_copy(r->gtid_binlog_pos, sizeof(r->gtid_binlog_pos), acq_db_sql_row_get(row, "binlog_pos"));
		acq_db_health_copy(r->gtid_binlog_state, sizeof(r->gtid_binlog_state),
			acq_db_sql_row_get(row, "binlog_state"));
		acq_db_health_copy(r->gtid_slave_pos, sizeof(r->gtid_slave_pos), acq_db_sql_row_get(row, "slave_pos"));
		acq_db_health_copy(r->gtid_current_pos, sizeof(r->gtid_current_pos), acq_db_sql_row_get(row, "current_pos"));
	} else if (acq_db_health_ask(ops, conn, "SELECT @@GLOBAL.gtid_executed AS executed", "GTID positions", r, row, 1) == 0) {
		acq_db_health_copy(r->gtid_current_pos, sizeof(r->gtid_current_pos), acq_db_sql_row_get(row, "executed"));
	}
}

static void acq_db_health_ask_replication(const acq_db_sql_ops *ops, acq_db_sql_conn *conn,
	const acq_db_server_list *list, acq_db_member_report *r, acq_db_sql_row *row)
{
	/* MariaDB: every connection of a multi-source replica (the first is
	 * judged); MySQL 8.0.22+ renamed SLAVE to REPLICA, older ones only
	 * know the old spelling */
	if (r->is_mariadb) {
		if (acq_db_health_ask(ops, conn, "SHOW ALL SLAVES STATUS", "replication status", r, row, 0) != 0) {
			return;
		}
	} else if (acq_db_health_ask(ops, conn, "SHOW REPLICA STATUS", "replication status", r, row, 1) != 0
		&& acq_db_health_ask(ops, conn, "SHOW SLAVE STATUS", "replication status", r, row, 0) != 0) {
		return;
	}
	acq_db_health_read_replication(r, row, list);
}

/* Semi-sync is reported, not judged: where it is not built in (MySQL
 * without the plugin) it stays unknown without a note. */
static void acq_db_health_ask_semisync(const acq_db_sql_ops *ops, acq_db_sql_conn *conn, acq_db_member_report *r,
	acq_db_sql_row *row)
{
	const char *status_table = r->is_mariadb ? "information_schema.GLOBAL_STATUS" : "performance_schema.global_status";
	char sql[512];

	if (acq_db_health_ask(ops, conn, "SELECT @@GLOBAL.rpl_semi_sync_master_enabled AS m, "
			"@@GLOBAL.rpl_semi_sync_slave_enabled AS s", "semi-sync", r, row, 1) == 0) {
		r->semisync_master_enabled = acq_db_health_flag(acq_db_sql_row_get(row, "m"));
		r->semisync_slave_enabled = acq_db_health_flag(acq_db_sql_row_get(row, "s"));
	}
	snprintf(sql, sizeof(sql), "SELECT (SELECT VARIABLE_VALUE FROM %s WHERE VARIABLE_NAME = "
		"'Rpl_semi_sync_master_status') AS m, (SELECT VARIABLE_VALUE FROM %s WHERE VARIABLE_NAME = "
		"'Rpl_semi_sync_slave_status') AS s", status_table, status_table);
	if (acq_db_health_ask(ops, conn, sql, "semi-sync status", r, row, 1) == 0) {
		r->semisync_master_on = acq_db_health_flag(acq_db_sql_row_get(row, "m"));
		r->semisync_slave_on = acq_db_health_flag(acq_db_sql_row_get(row, "s"));
	}
}

void acq_db_health_probe(const acq_db_sql_ops *ops, const acq_db_server_list *list, int index,
	const acq_db_credentials *cred, unsigned timeout_ms, acq_db_member_report *r)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_sql_conn *conn;
	acq_db_sql_row *row;

	acq_db_member_report_init(r, list->items[index].name);
	row = malloc(sizeof(*row)); /* 70 kB: not on a thread's stack */
	if (!row) {
		acq_db_strlcpy(r->error, "out of memory", sizeof(r->error));
		return;
	}
	conn = ops->connect(ops->ctx, &list->items[index], cred, timeout_ms, err, sizeof(err));
	if (!conn) {
		acq_db_strlcpy(r->error, err, sizeof(r->error));
		free(row);
		return;
	}
	r->reachable = 1;
	acq_db_health_ask_basics(ops, conn, r, row);
	acq_db_health_ask_gtids(ops, conn, r, row);
	acq_db_health_ask_replication(ops, conn, list, r, row);
	acq_db_health_ask_semisync(ops, conn, r, row);
	ops->close(ops->ctx, conn);
	free(row);
}

static void acq_db_health_add(acq_db_health_verdict *v, acq_db_health_status level, const char *server,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void acq_db_health_add(acq_db_health_verdict *v, acq_db_health_status level, const char *server,
	const char *fmt, ...)
{
	acq_db_health_finding *f;
	va_list ap;

	if (level > v->status) {
		v->status = level;
	}
	if (v->count == ACQ_DB_HEALTH_FINDINGS_MAX) {
		return; /* the status still counts it */
	}
	f = &v->findings[v->count++];
	f->level = level;
	acq_db_strlcpy(f->server, server ? server : "", sizeof(f->server));
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
}

static void acq_db_health_judge_file(const acq_db_health_input *in, acq_db_health_verdict *v)
{
	int i;

	if (in->file_rc != ACQ_DB_OK) {
		/* the core's messages name the file and say what to do */
		if (in->file_error && in->file_error[0]) {
			acq_db_health_add(v, ACQ_DB_HEALTH_CRITICAL, "", "%s", in->file_error);
		} else {
			acq_db_health_add(v, ACQ_DB_HEALTH_CRITICAL, "", "election file unusable (%s)", acq_db_rc_name(in->file_rc));
		}
		return;
	}
	v->active = acq_db_servers_find(in->servers, in->state->active);
	if (v->active < 0) {
		acq_db_health_add(v, ACQ_DB_HEALTH_CRITICAL, "", "election file names '%s', which is not configured",
			in->state->active);
	}
	if (in->node_age_ms >= 0 && ((in->age_crit_ms && in->node_age_ms >= in->age_crit_ms)
		|| (in->age_warn_ms && in->node_age_ms >= in->age_warn_ms))) {
		int crit = in->age_crit_ms && in->node_age_ms >= in->age_crit_ms;
		acq_db_health_add(v, crit ? ACQ_DB_HEALTH_CRITICAL : ACQ_DB_HEALTH_WARNING, "", "stale state: this node's "
			"PHP processes last read the election file %lld ms ago (%s at %lld ms): they keep routing by it; "
			"is the shared file system hung?", (long long) in->node_age_ms, crit ? "critical" : "warning",
			crit ? in->age_crit_ms : in->age_warn_ms);
	}
	if (in->copy_differs) {
		acq_db_health_add(v, ACQ_DB_HEALTH_WARNING, "", "stale state: the lock file's copy is at epoch %llu, "
			"the file at %llu", (unsigned long long) in->copy_epoch, (unsigned long long) in->state->epoch);
	}
	for (i = 0; i < in->state->demoted_count; i++) {
		acq_db_health_add(v, ACQ_DB_HEALTH_WARNING, in->state->demoted[i], "%s is demoted: no automatic "
			"failover to it until acq-db-admin rejoin", in->state->demoted[i]);
	}
}

static void acq_db_health_judge_writable(const acq_db_health_input *in, acq_db_health_verdict *v)
{
	char names[ACQ_DB_HEALTH_TEXT_MAX] = "";
	size_t used = 0;
	int i;

	for (i = 0; i < in->servers->count; i++) {
		const acq_db_member_report *r = &in->members[i];

		if (r->reachable) {
			v->reachable++;
		}
		if (r->reachable && r->read_only == 0) {
			v->writable++;
			used += (size_t) snprintf(names + used, used < sizeof(names) ? sizeof(names) - used : 0, "%s%s",
				used ? ", " : "", r->name);
			if (used >= sizeof(names)) {
				used = sizeof(names) - 1;
			}
		}
	}
	if (v->writable >= 2) {
		acq_db_health_add(v, ACQ_DB_HEALTH_CRITICAL, "", "%d writable servers (%s): split brain risk, "
			"SET GLOBAL read_only=1 on every one but the active master", v->writable, names);
	}
}

static void acq_db_health_judge_master(const acq_db_health_input *in, acq_db_health_verdict *v)
{
	const acq_db_member_report *m = &in->members[v->active];

	if (!m->reachable) {
		acq_db_health_add(v, ACQ_DB_HEALTH_CRITICAL, m->name, "active master %s is unreachable: %s", m->name,
			m->error);
	} else if (m->read_only != 0) {
		acq_db_health_add(v, ACQ_DB_HEALTH_CRITICAL, m->name, "active master %s is %s", m->name,
			m->read_only == 1 ? "read-only" : "of unknown read_only (the question failed)");
	}
}

/* One standby; returns 1 when it is healthy. */
static int acq_db_health_judge_standby(const acq_db_health_input *in, acq_db_health_verdict *v,
	const acq_db_member_report *r)
{
	static const char *const thread_names[] = { "No", "Yes", "Connecting" };
	const char *active = v->active >= 0 ? in->servers->items[v->active].name : NULL;
	int ok = 1;

	if (!r->reachable) {
		acq_db_health_add(v, ACQ_DB_HEALTH_WARNING, r->name, "standby %s is unreachable: %s", r->name, r->error);
		return 0;
	}
	if (r->read_only == 0) {
		ok = 0; /* the writable finding is the cluster's */
	}
	if (!r->has_replication) {
		acq_db_health_add(v, ACQ_DB_HEALTH_WARNING, r->name, "standby %s does not replicate (no replication "
			"configured)", r->name);
		return 0;
	}
	if (r->io_running != ACQ_DB_THREAD_YES || r->sql_running != ACQ_DB_THREAD_YES) {
		acq_db_health_add(v, ACQ_DB_HEALTH_WARNING, r->name, "standby %s replication stopped: IO %s, SQL %s%s%s",
			r->name, thread_names[r->io_running], thread_names[r->sql_running], r->last_error[0] ? ": " : "",
			r->last_error);
		ok = 0;
	}
	if (active && r->replicates_from != v->active) {
		acq_db_health_add(v, ACQ_DB_HEALTH_WARNING, r->name, "standby %s replicates from %s:%u, not from the "
			"active master %s", r->name, r->master_host, r->master_port, active);
		ok = 0;
	}
	if (r->seconds_behind >= 0 && r->seconds_behind >= in->lag_warn_s) {
		acq_db_health_add(v, ACQ_DB_HEALTH_WARNING, r->name, "standby %s lags %lld s (warning from %lld s)",
			r->name, r->seconds_behind, in->lag_warn_s);
		ok = 0;
	}
	return ok;
}

void acq_db_health_judge(const acq_db_health_input *in, acq_db_health_verdict *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	out->active = -1;
	acq_db_health_judge_file(in, out);
	if (!in->members) {
		return;
	}
	acq_db_health_judge_writable(in, out);
	if (out->active < 0) {
		return; /* no master to judge the standbys against: the file's finding says why */
	}
	acq_db_health_judge_master(in, out);
	for (i = 0; i < in->servers->count; i++) {
		if (i == out->active) {
			continue;
		}
		out->standbys++;
		out->standbys_ok += acq_db_health_judge_standby(in, out, &in->members[i]);
	}
}

const char *acq_db_health_status_name(acq_db_health_status s)
{
	switch (s) {
	case ACQ_DB_HEALTH_OK: return "ok";
	case ACQ_DB_HEALTH_WARNING: return "warning";
	case ACQ_DB_HEALTH_CRITICAL: return "critical";
	default: return "unknown";
	}
}

const char *acq_db_health_role(const acq_db_health_verdict *v, int index, const acq_db_member_report *r)
{
	if (!r->reachable) {
		return index == v->active ? "master" : "unknown";
	}
	if (index == v->active) {
		return "master";
	}
	return r->has_replication ? "replica" : "none";
}
