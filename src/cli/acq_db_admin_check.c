/*
 * acq-db-admin check and status: read the election file and the lock file's
 * copy, ask every member (when credentials are given) through the core's
 * health probe, let the core judge, and print the result for a person
 * (text), a program (--json) or node_exporter's textfile collector
 * (--format prometheus). Nothing here decides a verdict; it only reports
 * what acq_db_health_judge() found.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acq_db_admin.h"
#include "acq_db_admin_sql.h"
#include "store/acq_db_copy.h"
#include "node/acq_db_page.h"
#include "node/acq_db_poller.h"
#include "store/acq_db_lock.h"
#include "failover/acq_db_confirm.h"

static const char *const acq_db_admin_status_word[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };
static const char *const acq_db_admin_thread_word[] = { "No", "Yes", "Connecting" };

/* What the election file and its copy say, and how fresh this node's
 * PHP processes' view of it is (their page in acq_db.state_dir). */
typedef struct acq_db_admin_view {
	acq_db_rc rc;
	char err[ACQ_DB_ERR_MAX];
	acq_db_state file;
	acq_db_state copy;
	int have_copy;
	int copy_differs;
	acq_db_page_node node;
} acq_db_admin_view;

/* The reads, on the poller's thread: a hung file system makes the tool
 * report, not hang (a FUSE read cannot be interrupted). */
typedef struct acq_db_admin_read_job {
	char election_file[ACQ_DB_PATH_MAX];
	acq_db_admin_view v;
} acq_db_admin_read_job;

static void acq_db_admin_read_files(void *arg)
{
	acq_db_admin_read_job *j = arg;

	j->v.rc = acq_db_efile_read(j->election_file, &j->v.file, j->v.err, sizeof(j->v.err));
	j->v.have_copy = acq_db_copy_read(j->election_file, &j->v.copy) == 0;
}

static void acq_db_admin_read_view(const acq_db_admin_opts *o, acq_db_admin_view *v)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_admin_read_job *j = calloc(1, sizeof(*j));
	acq_db_poller *p = j ? acq_db_poller_get(&o->cfg, err, sizeof(err)) : NULL;
	unsigned bound = o->timeout_ms > o->cfg.first_read_timeout_ms ? o->timeout_ms : o->cfg.first_read_timeout_ms;

	memset(v, 0, sizeof(*v));
	if (!p) {
		free(j);
		v->rc = acq_db_fail(v->err, sizeof(v->err), ACQ_DB_E_IO, "cannot start a reader: %s", j ? err : "no memory");
	} else {
		acq_db_strlcpy(j->election_file, o->cfg.election_file, sizeof(j->election_file));
		if (acq_db_poller_run(p, acq_db_admin_read_files, free, j, bound) != 0) {
			v->rc = acq_db_fail(v->err, sizeof(v->err), ACQ_DB_E_FS_TIMEOUT,
				"the file system of %s did not answer within %u ms (hung or unreachable volume?)",
				o->cfg.election_file, bound);
		} else {
			*v = j->v;
			free(j);
		}
	}
	if (v->rc == ACQ_DB_OK) {
		v->rc = acq_db_efile_check_servers(&v->file, &o->cfg.servers, v->err, sizeof(v->err));
	}
	v->copy_differs = v->rc == ACQ_DB_OK && v->have_copy && v->copy.epoch != v->file.epoch;
	if (o->node_dir[0]) {
		acq_db_page_scan_node(o->node_dir, o->cfg.election_file, &v->node);
	}
}

static void acq_db_admin_judge_node(const acq_db_admin_opts *o, const acq_db_admin_view *view, acq_db_health_input *in)
{
	in->node_age_ms = view->node.found ? view->node.age_ms : -1;
	in->age_warn_ms = o->age_warn_ms;
	in->age_crit_ms = o->age_crit_ms;
}

void acq_db_admin_probe_all(const acq_db_admin_opts *o, acq_db_member_report *reports)
{
	int i;

	for (i = 0; i < o->cfg.servers.count; i++) {
		acq_db_health_probe(acq_db_admin_sql_ops(), &o->cfg.servers, i, &o->cred, o->timeout_ms, &reports[i]);
	}
}

/* The replicas' heartbeat periods decide how fast an election can confirm
 * that a frozen master is dead (acq_db_confirm.h): a slow one is a warning. */
static void acq_db_admin_judge_heartbeats(const acq_db_admin_opts *o, const acq_db_member_report *reports,
	acq_db_health_verdict *v)
{
	acq_db_promote_cfg pc;
	int i;

	memset(&pc, 0, sizeof(pc));
	pc.ops = acq_db_admin_sql_ops();
	pc.cred = &o->cred;
	pc.connect_timeout_ms = o->timeout_ms;
	for (i = 0; reports && i < o->cfg.servers.count && v->count < ACQ_DB_HEALTH_FINDINGS_MAX; i++) {
		acq_db_health_finding *f = &v->findings[v->count];
		acq_db_replica_status rs;
		char e[ACQ_DB_ERR_MAX];

		if (!reports[i].reachable || !reports[i].has_replication
			|| acq_db_promote_status(&pc, &o->cfg.servers.items[i], &rs, e, sizeof(e)) != 0
			|| !acq_db_confirm_period_finding(reports[i].name, rs.heartbeat_period_ms, 0, f->text, sizeof(f->text))) {
			continue;
		}
		f->level = ACQ_DB_HEALTH_WARNING;
		acq_db_strlcpy(f->server, reports[i].name, sizeof(f->server));
		v->count++;
		if (v->status == ACQ_DB_HEALTH_OK) {
			v->status = ACQ_DB_HEALTH_WARNING;
		}
	}
}

static void acq_db_admin_judge(const acq_db_admin_opts *o, const acq_db_admin_view *view,
	const acq_db_member_report *reports, acq_db_health_verdict *v)
{
	acq_db_health_input in;

	memset(&in, 0, sizeof(in));
	in.file_rc = view->rc;
	in.file_error = view->err;
	in.state = &view->file;
	in.copy_differs = view->copy_differs;
	in.copy_epoch = view->copy.epoch;
	in.servers = &o->cfg.servers;
	in.members = reports;
	in.lag_warn_s = o->lag_warn_s;
	acq_db_admin_judge_node(o, view, &in);
	acq_db_health_judge(&in, v);
	acq_db_admin_judge_heartbeats(o, reports, v);
}

static const char *acq_db_admin_onoff(int v)
{
	return v < 0 ? "unknown" : v ? "ON" : "OFF";
}

/* ---- text ---- */

static void acq_db_admin_text_summary(const acq_db_health_verdict *v, const acq_db_admin_opts *o,
	const acq_db_admin_view *view, char *buf, size_t len)
{
	size_t used = 0;
	int shown = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < v->count && used < len; i++) {
		if (v->findings[i].level != v->status) {
			continue;
		}
		if (shown == 2) {
			snprintf(buf + used, len - used, "; and more below");
			return;
		}
		used += (size_t) snprintf(buf + used, len - used, "%s%s", shown ? "; " : "", v->findings[i].text);
		shown++;
	}
	if (!shown) {
		snprintf(buf, len, "master %s writable at epoch %" PRIu64 ", %d of %d standbys replicating",
			o->cfg.servers.items[v->active].name, view->file.epoch, v->standbys_ok, v->standbys);
	}
}

static void acq_db_admin_perfdata(FILE *out, const acq_db_admin_opts *o, const acq_db_admin_view *view,
	const acq_db_health_verdict *v, const acq_db_member_report *reports)
{
	int n = o->cfg.servers.count;
	int i;

	fputs(" |", out);
	if (view->rc == ACQ_DB_OK) {
		fprintf(out, " epoch=%" PRIu64, view->file.epoch); /* no made-up figure when unknown */
	}
	fprintf(out, " reachable=%d;;;0;%d writable=%d;;1;0;%d standbys_ok=%d;;;0;%d", v->reachable, n, v->writable, n,
		v->standbys_ok, v->standbys);
	for (i = 0; i < n; i++) {
		if (reports[i].reachable && reports[i].has_replication && reports[i].seconds_behind >= 0) {
			fprintf(out, " lag_%s=%llds;%lld;;0;", reports[i].name, reports[i].seconds_behind, o->lag_warn_s);
		}
	}
}

static void acq_db_admin_text_server(const acq_db_admin_opts *o, const acq_db_health_verdict *v, int i,
	const acq_db_member_report *r)
{
	char addr[ACQ_DB_HOST_MAX + 16];

	acq_db_server_format_addr(&o->cfg.servers.items[i], addr, sizeof(addr));
	printf("%s (%s): %s", r->name, addr, acq_db_health_role(v, i, r));
	if (!r->reachable) {
		printf(", unreachable: %s\n", r->error);
		return;
	}
	printf(", %s, read_only %s, server_id %lld, gtid_binlog_pos '%s', gtid_current_pos '%s', semi-sync master %s/%s"
		" slave %s/%s", r->version, acq_db_admin_onoff(r->read_only), r->server_id, r->gtid_binlog_pos,
		r->gtid_current_pos, acq_db_admin_onoff(r->semisync_master_enabled), acq_db_admin_onoff(r->semisync_master_on),
		acq_db_admin_onoff(r->semisync_slave_enabled), acq_db_admin_onoff(r->semisync_slave_on));
	if (r->has_replication) {
		int from = r->replicates_from;

		printf("; replicates from %s:%u%s%s%s, IO %s, SQL %s, ", r->master_host, r->master_port, from >= 0 ? " (" : "",
			from >= 0 ? o->cfg.servers.items[from].name : "", from >= 0 ? ")" : "",
			acq_db_admin_thread_word[r->io_running], acq_db_admin_thread_word[r->sql_running]);
		if (r->seconds_behind >= 0) {
			printf("%lld s behind", r->seconds_behind);
		} else {
			printf("lag unknown");
		}
		printf(", gtid_slave_pos '%s', gtid_io_pos '%s', last error: %s", r->gtid_slave_pos, r->gtid_io_pos,
			r->last_error[0] ? r->last_error : "none");
	}
	if (r->error[0]) {
		printf("; could not ask: %s", r->error);
	}
	printf("\n");
}

static void acq_db_admin_text_findings(const acq_db_health_verdict *v)
{
	int i;

	for (i = 0; i < v->count; i++) {
		printf("%s: %s\n", acq_db_admin_status_word[v->findings[i].level], v->findings[i].text);
	}
}

/* ---- JSON ---- */

static void acq_db_admin_json_int(FILE *out, int *first, const char *key, long long v, int known)
{
	acq_db_admin_json_key(out, first, key);
	if (known) {
		fprintf(out, "%lld", v);
	} else {
		fputs("null", out);
	}
}

static void acq_db_admin_json_bool(FILE *out, int *first, const char *key, int v)
{
	acq_db_admin_json_key(out, first, key);
	fputs(v < 0 ? "null" : v ? "true" : "false", out);
}

static void acq_db_admin_json_string(FILE *out, int *first, const char *key, const char *v)
{
	acq_db_admin_json_key(out, first, key);
	acq_db_admin_json_str(out, v);
}

static void acq_db_admin_json_replication(FILE *out, const acq_db_admin_opts *o, const acq_db_member_report *r)
{
	int first = 1;

	if (!r->reachable || !r->has_replication) {
		fputs("null", out);
		return;
	}
	fputc('{', out);
	acq_db_admin_json_string(out, &first, "master_host", r->master_host);
	acq_db_admin_json_int(out, &first, "master_port", r->master_port, 1);
	acq_db_admin_json_string(out, &first, "master", r->replicates_from >= 0
		? o->cfg.servers.items[r->replicates_from].name : NULL);
	acq_db_admin_json_bool(out, &first, "io_running", r->io_running == ACQ_DB_THREAD_YES);
	acq_db_admin_json_string(out, &first, "io_state", acq_db_admin_thread_word[r->io_running]);
	acq_db_admin_json_bool(out, &first, "sql_running", r->sql_running == ACQ_DB_THREAD_YES);
	acq_db_admin_json_int(out, &first, "seconds_behind", r->seconds_behind, r->seconds_behind >= 0);
	acq_db_admin_json_string(out, &first, "last_error", r->last_error[0] ? r->last_error : NULL);
	acq_db_admin_json_string(out, &first, "gtid_io_pos", r->gtid_io_pos);
	fputc('}', out);
}

static void acq_db_admin_json_server(FILE *out, const acq_db_admin_opts *o, const acq_db_admin_view *view,
	const acq_db_health_verdict *v, int i, const acq_db_member_report *r)
{
	char addr[ACQ_DB_HOST_MAX + 16];
	int first = 1;
	int g = 1;
	int s = 1;

	acq_db_server_format_addr(&o->cfg.servers.items[i], addr, sizeof(addr));
	fputc('{', out);
	acq_db_admin_json_string(out, &first, "name", r->name);
	acq_db_admin_json_string(out, &first, "address", addr);
	acq_db_admin_json_bool(out, &first, "active", i == v->active);
	acq_db_admin_json_bool(out, &first, "demoted", view->rc == ACQ_DB_OK ? acq_db_state_is_demoted(&view->file, r->name)
		: -1);
	acq_db_admin_json_bool(out, &first, "reachable", r->reachable);
	acq_db_admin_json_string(out, &first, "error", r->error[0] ? r->error : NULL);
	acq_db_admin_json_string(out, &first, "version", r->reachable ? r->version : NULL);
	acq_db_admin_json_bool(out, &first, "read_only", r->read_only);
	acq_db_admin_json_int(out, &first, "server_id", r->server_id, r->server_id >= 0);
	acq_db_admin_json_string(out, &first, "role", acq_db_health_role(v, i, r));
	acq_db_admin_json_key(out, &first, "gtid");
	fputc('{', out);
	acq_db_admin_json_string(out, &g, "binlog_pos", r->reachable ? r->gtid_binlog_pos : NULL);
	acq_db_admin_json_string(out, &g, "binlog_state", r->reachable ? r->gtid_binlog_state : NULL);
	acq_db_admin_json_string(out, &g, "slave_pos", r->reachable ? r->gtid_slave_pos : NULL);
	acq_db_admin_json_string(out, &g, "current_pos", r->reachable ? r->gtid_current_pos : NULL);
	fputc('}', out);
	acq_db_admin_json_key(out, &first, "replication");
	acq_db_admin_json_replication(out, o, r);
	acq_db_admin_json_key(out, &first, "semi_sync");
	fputc('{', out);
	acq_db_admin_json_bool(out, &s, "master_enabled", r->semisync_master_enabled);
	acq_db_admin_json_bool(out, &s, "master_active", r->semisync_master_on);
	acq_db_admin_json_bool(out, &s, "slave_enabled", r->semisync_slave_enabled);
	acq_db_admin_json_bool(out, &s, "slave_active", r->semisync_slave_on);
	fputc('}', out);
	fputc('}', out);
}

static void acq_db_admin_json_state(FILE *out, const acq_db_state *st)
{
	int first = 1;
	int i;

	fputc('{', out);
	acq_db_admin_json_int(out, &first, "epoch", (long long) st->epoch, 1);
	acq_db_admin_json_string(out, &first, "active", st->active);
	acq_db_admin_json_int(out, &first, "changed_at", st->changed_at_ms / 1000, 1);
	acq_db_admin_json_string(out, &first, "changed_by", st->changed_by_host);
	acq_db_admin_json_int(out, &first, "changed_by_pid", st->changed_by_pid, 1);
	acq_db_admin_json_string(out, &first, "reason", st->reason);
	acq_db_admin_json_key(out, &first, "demoted");
	fputc('[', out);
	for (i = 0; i < st->demoted_count; i++) {
		if (i) {
			fputc(',', out);
		}
		acq_db_admin_json_str(out, st->demoted[i]);
	}
	fputs("]}", out);
}

/* The "election" member: the file's state, its error, the copy. */
static void acq_db_admin_json_election(FILE *out, const acq_db_admin_opts *o, const acq_db_admin_view *view)
{
	int first = 1;

	fputc('{', out);
	acq_db_admin_json_string(out, &first, "file", o->cfg.election_file);
	acq_db_admin_json_bool(out, &first, "ok", view->rc == ACQ_DB_OK);
	acq_db_admin_json_string(out, &first, "error", view->rc == ACQ_DB_OK ? NULL : view->err);
	acq_db_admin_json_string(out, &first, "error_code", view->rc == ACQ_DB_OK ? NULL : acq_db_rc_name(view->rc));
	acq_db_admin_json_key(out, &first, "state");
	if (view->rc == ACQ_DB_OK) {
		acq_db_admin_json_state(out, &view->file);
	} else {
		fputs("null", out);
	}
	acq_db_admin_json_key(out, &first, "lock_copy");
	if (view->have_copy) {
		acq_db_admin_json_state(out, &view->copy);
	} else {
		fputs("null", out);
	}
	acq_db_admin_json_bool(out, &first, "stale", view->copy_differs);
	acq_db_admin_json_key(out, &first, "node");
	if (view->node.found) {
		fprintf(out, "{\"age_ms\":%lld,\"poller_pid\":%d,\"reads\":%llu}", (long long) view->node.age_ms,
			view->node.poller_pid, (unsigned long long) view->node.reads);
	} else {
		fputs("null", out);
	}
	fputc('}', out);
}

static void acq_db_admin_json_report(const acq_db_admin_opts *o, const acq_db_admin_view *view,
	const acq_db_health_verdict *v, const acq_db_member_report *reports, const char *summary)
{
	int first = 1;
	int i;

	fputc('{', stdout);
	acq_db_admin_json_string(stdout, &first, "status", acq_db_health_status_name(v->status));
	acq_db_admin_json_int(stdout, &first, "exit", v->status, 1);
	acq_db_admin_json_string(stdout, &first, "summary", summary);
	acq_db_admin_json_key(stdout, &first, "election");
	acq_db_admin_json_election(stdout, o, view);
	acq_db_admin_json_key(stdout, &first, "findings");
	fputc('[', stdout);
	for (i = 0; i < v->count; i++) {
		int f = 1;

		fputs(i ? ",{" : "{", stdout);
		acq_db_admin_json_string(stdout, &f, "level", acq_db_health_status_name(v->findings[i].level));
		acq_db_admin_json_string(stdout, &f, "server", v->findings[i].server[0] ? v->findings[i].server : NULL);
		acq_db_admin_json_string(stdout, &f, "text", v->findings[i].text);
		fputc('}', stdout);
	}
	fputc(']', stdout);
	acq_db_admin_json_key(stdout, &first, "servers");
	if (reports) {
		fputc('[', stdout);
		for (i = 0; i < o->cfg.servers.count; i++) {
			if (i) {
				fputc(',', stdout);
			}
			acq_db_admin_json_server(stdout, o, view, v, i, &reports[i]);
		}
		fputc(']', stdout);
	} else {
		fputs("null", stdout);
	}
	fputs("}\n", stdout);
}

int acq_db_admin_check(const acq_db_admin_opts *o)
{
	static acq_db_member_report reports[ACQ_DB_MAX_SERVERS];
	acq_db_health_verdict v;
	acq_db_admin_view view;
	char summary[2048];
	int i;

	if (!o->cred.loaded) {
		return acq_db_admin_unknown(o->format, "check needs the admin credentials: --credentials FILE, "
			"$ACQ_DB_ADMIN_CREDENTIALS or acq_db.admin_credentials in --ini");
	}
	acq_db_admin_read_view(o, &view);
	acq_db_admin_probe_all(o, reports);
	acq_db_admin_judge(o, &view, reports, &v);
	acq_db_admin_text_summary(&v, o, &view, summary, sizeof(summary));
	if (o->format == ACQ_DB_ADMIN_JSON) {
		acq_db_admin_json_report(o, &view, &v, reports, summary);
		return (int) v.status;
	}
	printf("ACQ_DB %s - %s", acq_db_admin_status_word[v.status], summary);
	acq_db_admin_perfdata(stdout, o, &view, &v, reports);
	printf("\n");
	if (view.rc == ACQ_DB_OK) {
		acq_db_admin_print_state("election file", &view.file);
	}
	for (i = 0; i < o->cfg.servers.count; i++) {
		acq_db_admin_text_server(o, &v, i, &reports[i]);
	}
	acq_db_admin_text_findings(&v);
	return (int) v.status;
}

/* ---- status ---- */

#define ACQ_DB_ADMIN_NODE_STALE "stale state: this node's"

/* This node's PHP processes: how old the state they route by is. */
static void acq_db_admin_text_node(const acq_db_admin_view *view)
{
	if (!view->node.found) {
		printf("node: no PHP process on this node has published a state yet (no page in acq_db.state_dir)\n");
	} else if (view->node.age_ms < 0) {
		printf("node: its PHP processes have no good read yet (reader pid %d, %llu reads)\n", view->node.poller_pid,
			(unsigned long long) view->node.reads);
	} else {
		printf("node: its PHP processes last read the election file %lld ms ago (reader pid %d, %llu reads)\n",
			(long long) view->node.age_ms, view->node.poller_pid, (unsigned long long) view->node.reads);
	}
}

/* The text form kept from before check existed: the file, the copy, and
 * the two warnings the file alone can show. */
static int acq_db_admin_status_text(const acq_db_admin_view *view)
{
	int code = ACQ_DB_ADMIN_OK;

	if (view->rc != ACQ_DB_OK) {
		printf("CRITICAL: %s\n", view->err);
		if (view->have_copy) {
			acq_db_admin_print_state("the lock file's copy (last state written under the lock)", &view->copy);
		}
		return ACQ_DB_ADMIN_CRITICAL;
	}
	acq_db_admin_print_state("OK: election file", &view->file);
	if (view->copy_differs) {
		printf("WARNING: the lock file's copy is at epoch %" PRIu64 ", the file at %" PRIu64
			" (a writer stopped between the two, the file was written without the lock, or this node's view is stale)\n",
			view->copy.epoch, view->file.epoch);
		code = ACQ_DB_ADMIN_WARNING;
	}
	if (view->file.demoted_count) {
		printf("WARNING: %d demoted server(s): no automatic failover to them until acq-db-admin rejoin\n",
			view->file.demoted_count);
		code = ACQ_DB_ADMIN_WARNING;
	}
	return code;
}

static void acq_db_admin_prom_head(const char *name, const char *type, const char *help)
{
	printf("# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One gauge per server; known = 0 leaves the server out (unknown is no
 * sample, not a made-up number). */
static void acq_db_admin_prom_server(const char *metric, const char *help, const acq_db_admin_opts *o,
	const acq_db_member_report *reports, long long (*value)(const acq_db_member_report *r, int *known))
{
	int i;

	acq_db_admin_prom_head(metric, "gauge", help);
	for (i = 0; i < o->cfg.servers.count; i++) {
		int known = 1;
		long long v = value(&reports[i], &known);

		if (known) {
			printf("%s{server=\"%s\"} %lld\n", metric, reports[i].name, v);
		}
	}
}

static long long acq_db_admin_m_up(const acq_db_member_report *r, int *known)
{
	(void) known;
	return r->reachable;
}

static long long acq_db_admin_m_ro(const acq_db_member_report *r, int *known)
{
	*known = r->reachable && r->read_only >= 0;
	return r->read_only;
}

static long long acq_db_admin_m_io(const acq_db_member_report *r, int *known)
{
	*known = r->reachable && r->has_replication;
	return r->io_running == ACQ_DB_THREAD_YES;
}

static long long acq_db_admin_m_sql(const acq_db_member_report *r, int *known)
{
	*known = r->reachable && r->has_replication;
	return r->sql_running == ACQ_DB_THREAD_YES;
}

static long long acq_db_admin_m_lag(const acq_db_member_report *r, int *known)
{
	*known = r->reachable && r->has_replication && r->seconds_behind >= 0;
	return r->seconds_behind;
}

static long long acq_db_admin_m_semi(const acq_db_member_report *r, int *known)
{
	*known = r->reachable && r->semisync_master_on >= 0;
	return r->semisync_master_on;
}

static void acq_db_admin_status_prometheus(const acq_db_admin_opts *o, const acq_db_admin_view *view,
	const acq_db_member_report *reports, const acq_db_health_verdict *v)
{
	int ok = view->rc == ACQ_DB_OK;
	int i;

	acq_db_admin_prom_head("acq_db_election_file_ok", "gauge", "1 when the election file reads and verifies");
	printf("acq_db_election_file_ok %d\n", ok);
	if (ok) {
		acq_db_admin_prom_head("acq_db_election_epoch", "counter",
			"epoch of the election file: every change (failover, switchover, rejoin) adds one");
		printf("acq_db_election_epoch %" PRIu64 "\n", view->file.epoch);
		acq_db_admin_prom_head("acq_db_election_last_change_timestamp_seconds", "gauge",
			"when the election file last changed (Unix time)");
		printf("acq_db_election_last_change_timestamp_seconds %lld\n", (long long) (view->file.changed_at_ms / 1000));
		acq_db_admin_prom_head("acq_db_election_age_seconds", "gauge", "seconds since the last change");
		printf("acq_db_election_age_seconds %lld\n",
			(long long) time(NULL) - (long long) (view->file.changed_at_ms / 1000));
		if (view->node.found && view->node.age_ms >= 0) {
			acq_db_admin_prom_head("acq_db_node_state_age_seconds", "gauge",
				"since this node's PHP processes last read the election file");
			printf("acq_db_node_state_age_seconds %.3f\n", (double) view->node.age_ms / 1000.0);
		}
		acq_db_admin_prom_head("acq_db_election_stale", "gauge",
			"1 when the lock file's copy is at another epoch than the file (a stale view)");
		printf("acq_db_election_stale %d\n", view->copy_differs);
		acq_db_admin_prom_head("acq_db_server_active", "gauge", "1 for the active master named by the election file");
		for (i = 0; i < o->cfg.servers.count; i++) {
			printf("acq_db_server_active{server=\"%s\"} %d\n", o->cfg.servers.items[i].name,
				strcmp(o->cfg.servers.items[i].name, view->file.active) == 0);
		}
		acq_db_admin_prom_head("acq_db_server_demoted", "gauge", "1 while a server needs acq-db-admin rejoin");
		for (i = 0; i < o->cfg.servers.count; i++) {
			printf("acq_db_server_demoted{server=\"%s\"} %d\n", o->cfg.servers.items[i].name,
				acq_db_state_is_demoted(&view->file, o->cfg.servers.items[i].name));
		}
	}
	if (!reports) {
		return;
	}
	acq_db_admin_prom_head("acq_db_check_status", "gauge", "verdict of acq-db-admin check: 0 ok, 1 warning, 2 critical");
	printf("acq_db_check_status %d\n", (int) v->status);
	acq_db_admin_prom_server("acq_db_server_up", "1 when the server answered within the timeout", o, reports,
		acq_db_admin_m_up);
	acq_db_admin_prom_server("acq_db_server_read_only", "@@read_only", o, reports, acq_db_admin_m_ro);
	acq_db_admin_prom_server("acq_db_server_replication_io_running", "1 when the IO thread runs", o, reports,
		acq_db_admin_m_io);
	acq_db_admin_prom_server("acq_db_server_replication_sql_running", "1 when the SQL thread runs", o, reports,
		acq_db_admin_m_sql);
	acq_db_admin_prom_server("acq_db_server_replication_seconds_behind", "Seconds_Behind_Master", o, reports,
		acq_db_admin_m_lag);
	acq_db_admin_prom_server("acq_db_server_semisync_master_active", "Rpl_semi_sync_master_status", o, reports,
		acq_db_admin_m_semi);
}

int acq_db_admin_status(const acq_db_admin_opts *o)
{
	static acq_db_member_report reports[ACQ_DB_MAX_SERVERS];
	acq_db_health_verdict v;
	acq_db_admin_view view;
	acq_db_health_input in;
	int code;
	int i;

	acq_db_admin_read_view(o, &view);
	if (o->cred.loaded) {
		acq_db_admin_probe_all(o, reports);
		acq_db_admin_judge(o, &view, reports, &v);
	} else {
		memset(&in, 0, sizeof(in));
		in.file_rc = view.rc;
		in.file_error = view.err;
		in.state = &view.file;
		in.copy_differs = view.copy_differs;
		in.copy_epoch = view.copy.epoch;
		in.servers = &o->cfg.servers;
		acq_db_admin_judge_node(o, &view, &in);
		acq_db_health_judge(&in, &v); /* the file alone, and this node's age */
	}
	if (o->format == ACQ_DB_ADMIN_JSON) {
		char summary[2048];

		acq_db_admin_text_summary(&v, o, &view, summary, sizeof(summary));
		if (!o->cred.loaded && v.status == ACQ_DB_HEALTH_OK) {
			snprintf(summary, sizeof(summary), "election file ok: epoch %" PRIu64 ", active %s", view.file.epoch,
				view.file.active);
		}
		acq_db_admin_json_report(o, &view, &v, o->cred.loaded ? reports : NULL, summary);
		return (int) v.status;
	}
	if (o->format == ACQ_DB_ADMIN_PROMETHEUS) {
		acq_db_admin_status_prometheus(o, &view, o->cred.loaded ? reports : NULL, &v);
		return (int) v.status;
	}
	/* a stale node leads: the first line is what a monitoring plugin shows */
	for (i = 0; i < v.count; i++) {
		if (strncmp(v.findings[i].text, ACQ_DB_ADMIN_NODE_STALE, strlen(ACQ_DB_ADMIN_NODE_STALE)) == 0) {
			printf("%s: %s\n", v.findings[i].level == ACQ_DB_HEALTH_CRITICAL ? "CRITICAL" : "WARNING",
				v.findings[i].text);
		}
	}
	code = acq_db_admin_status_text(&view);
	acq_db_admin_text_node(&view);
	if (!o->cred.loaded && (int) v.status > code) {
		code = (int) v.status;
	}
	if (o->cred.loaded) {
		for (i = 0; i < o->cfg.servers.count; i++) {
			acq_db_admin_text_server(o, &v, i, &reports[i]);
		}
		acq_db_admin_text_findings(&v);
		code = (int) v.status;
	}
	return code;
}
