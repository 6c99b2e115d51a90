/*
 * The acq-db-admin commands that change servers, not only the election file:
 * rejoin --as-replica (make a demoted old master a replica of the active one
 * and then mark it eligible) and switchover (the planned change of master
 * with the admin credentials, or its plan with --dry-run, with what each
 * server reports). The errant-transaction rule
 * and the verdict on each server come from the core; this file asks, prints
 * and runs the few statements.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "acq_db_admin.h"
#include "store/acq_db_copy.h"
#include "acq_db_admin_sql.h"
#include "failover/acq_db_election.h"
#include "failover/acq_db_confirm.h"
#include "admin/acq_db_errant.h"

static const char *const acq_db_admin_thread_names[] = { "No", "Yes", "Connecting" };

/* Appends 'text' as an SQL string literal. Backslashes and control
 * characters are refused rather than escaped: their meaning depends on the
 * server's sql_mode (NO_BACKSLASH_ESCAPES), and a replication account does
 * not need them. Returns -1 when refused or out of room. */
static int acq_db_admin_sql_literal(char *buf, size_t len, size_t *used, const char *text)
{
	const char *p;

	if (*used + 1 >= len) {
		return -1;
	}
	buf[(*used)++] = '\'';
	for (p = text; *p; p++) {
		if (*p == '\\' || (unsigned char) *p < 0x20) {
			return -1;
		}
		if (*used + 3 >= len) {
			return -1;
		}
		if (*p == '\'') {
			buf[(*used)++] = '\'';
		}
		buf[(*used)++] = *p;
	}
	buf[(*used)++] = '\'';
	buf[*used] = '\0';
	return 0;
}

/* CHANGE MASTER TO the active master with the replication account c (and
 * its TLS files). */
static int acq_db_admin_change_master_sql(const acq_db_credentials *c, const acq_db_server *m, char *buf, size_t len)
{
	size_t used = 0;
	int bad = 0;

	used = (size_t) snprintf(buf, len, "CHANGE MASTER TO MASTER_HOST=");
	bad |= acq_db_admin_sql_literal(buf, len, &used, m->host);
	used += (size_t) snprintf(buf + used, len - used, ", MASTER_PORT=%u, MASTER_USER=", m->port);
	bad |= acq_db_admin_sql_literal(buf, len, &used, c->user);
	used += (size_t) snprintf(buf + used, len - used, ", MASTER_PASSWORD=");
	bad |= acq_db_admin_sql_literal(buf, len, &used, c->password);
	if (c->ssl_ca[0] || c->ssl_cert[0] || c->ssl_key[0]) {
		used += (size_t) snprintf(buf + used, len - used, ", MASTER_SSL=1");
		if (c->ssl_ca[0]) {
			used += (size_t) snprintf(buf + used, len - used, ", MASTER_SSL_CA=");
			bad |= acq_db_admin_sql_literal(buf, len, &used, c->ssl_ca);
		}
		if (c->ssl_cert[0]) {
			used += (size_t) snprintf(buf + used, len - used, ", MASTER_SSL_CERT=");
			bad |= acq_db_admin_sql_literal(buf, len, &used, c->ssl_cert);
		}
		if (c->ssl_key[0]) {
			used += (size_t) snprintf(buf + used, len - used, ", MASTER_SSL_KEY=");
			bad |= acq_db_admin_sql_literal(buf, len, &used, c->ssl_key);
		}
		used += (size_t) snprintf(buf + used, len - used, ", MASTER_SSL_VERIFY_SERVER_CERT=%d",
			c->ssl_verify_server_cert ? 1 : 0);
	}
	/* a short heartbeat lets an election confirm a frozen master in time (acq_db_confirm.h) */
	used += (size_t) snprintf(buf + used, len - used, ", MASTER_USE_GTID=slave_pos, MASTER_HEARTBEAT_PERIOD=%s",
		ACQ_DB_CONFIRM_HEARTBEAT_PERIOD);
	return bad || used >= len ? -1 : 0;
}

/* The errant-transaction check: what old has that active lacks. Returns
 * the count (0: not diverged), or -1 when a position cannot be read. */
static int acq_db_admin_errant(const acq_db_member_report *old, const acq_db_member_report *active,
	acq_db_gtid_set *errant, char *err, size_t errlen)
{
	acq_db_gtid_set have, slave, mine;

	/* the active master has what it wrote and what it applied as a
	 * replica (its binlog lacks those without log_slave_updates) */
	if (acq_db_gtid_parse(active->gtid_binlog_state, &have, err, errlen) != ACQ_DB_OK
		|| acq_db_gtid_parse(active->gtid_slave_pos, &slave, err, errlen) != ACQ_DB_OK
		|| acq_db_gtid_parse(old->gtid_binlog_state, &mine, err, errlen) != ACQ_DB_OK) {
		return -1;
	}
	acq_db_gtid_merge(&have, &slave);
	return acq_db_gtid_errant(&mine, &have, errant);
}

static int acq_db_admin_run(const acq_db_sql_ops *ops, acq_db_sql_conn *conn, const char *name, const char *sql,
	const char *shown)
{
	char err[ACQ_DB_ERR_MAX];

	if (ops->query(ops->ctx, conn, sql, NULL, err, sizeof(err)) != 0) {
		fprintf(stderr, "acq-db-admin: %s: %s failed: %s\n", name, shown ? shown : sql, err);
		return -1;
	}
	printf("%s: %s\n", name, shown ? shown : sql);
	return 0;
}

/* Polls old's replication until both threads run, an error shows, or the
 * deadline. 0 when running. */
static int acq_db_admin_wait_replicating(const acq_db_admin_opts *o, int index, acq_db_member_report *r)
{
	struct timespec start, now, pause = { 0, 100 * 1000 * 1000 };
	long long waited_ms = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		acq_db_health_probe(acq_db_admin_sql_ops(), &o->cfg.servers, index, &o->cred, o->timeout_ms, r);
		if (r->reachable && r->has_replication && r->io_running == ACQ_DB_THREAD_YES
			&& r->sql_running == ACQ_DB_THREAD_YES) {
			return 0;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited_ms = (now.tv_sec - start.tv_sec) * 1000LL + (now.tv_nsec - start.tv_nsec) / 1000000;
		/* a stopped SQL thread with an error will not recover by waiting */
		if (waited_ms >= (long long) o->wait_ms || (r->has_replication && r->sql_running == ACQ_DB_THREAD_NO
				&& r->last_error[0])) {
			return -1;
		}
		nanosleep(&pause, NULL);
	}
}

/* Reads the state and probes both servers; fills the indexes. Returns 0 or
 * an exit code after saying why not. */
static int acq_db_admin_rejoin_prepare(const acq_db_admin_opts *o, acq_db_state *st, int *old_i, int *act_i,
	acq_db_member_report *old, acq_db_member_report *act)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_rc rc;

	if (!o->cred.loaded) {
		fprintf(stderr, "acq-db-admin: rejoin --as-replica needs the admin credentials (--credentials FILE)\n");
		return ACQ_DB_ADMIN_USAGE;
	}
	rc = acq_db_read_freshest(o->cfg.election_file, -1, st, err, sizeof(err));
	if (rc == ACQ_DB_OK) {
		rc = acq_db_efile_check_servers(st, &o->cfg.servers, err, sizeof(err));
	}
	if (rc != ACQ_DB_OK) {
		fprintf(stderr, "acq-db-admin: rejoin refused: %s\n", err);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	*old_i = acq_db_servers_find(&o->cfg.servers, o->name);
	*act_i = acq_db_servers_find(&o->cfg.servers, st->active);
	if (*old_i == *act_i) {
		fprintf(stderr, "acq-db-admin: rejoin refused: %s is the active master (epoch %" PRIu64 "); --as-replica "
			"is for an old master\n", o->name, st->epoch);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	if (o->cfg.servers.items[*act_i].socket[0]) {
		fprintf(stderr, "acq-db-admin: rejoin refused: the active master %s is a unix socket, which a replica "
			"cannot reach; configure it by host:port\n", st->active);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	acq_db_health_probe(acq_db_admin_sql_ops(), &o->cfg.servers, *old_i, &o->cred, o->timeout_ms, old);
	acq_db_health_probe(acq_db_admin_sql_ops(), &o->cfg.servers, *act_i, &o->cred, o->timeout_ms, act);
	if (!old->reachable || !act->reachable) {
		const acq_db_member_report *r = old->reachable ? act : old;

		fprintf(stderr, "acq-db-admin: rejoin refused: %s is unreachable: %s\n", r->name, r->error);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	if (!old->is_mariadb || !act->is_mariadb) {
		fprintf(stderr, "acq-db-admin: rejoin --as-replica refused: it compares MariaDB GTIDs, and %s runs %s\n",
			old->is_mariadb ? act->name : old->name, old->is_mariadb ? act->version : old->version);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	return 0;
}

/* The account the replica logs in to the master with, which the server
 * keeps in master.info: --replication-credentials FILE ([client]), else the
 * [replication] section of the admin credentials file, else the admin
 * account itself, with a warning (its password then sits in master.info).
 * from names where it came from. 0, or -1 when a named file is refused. */
static int acq_db_admin_replication_account(const acq_db_admin_opts *o, acq_db_credentials *repl, char *from,
	size_t fromlen)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_rc rc;

	if (o->repl_cred_path) {
		if (acq_db_optfile_read(o->repl_cred_path, repl, err, sizeof(err)) != ACQ_DB_OK) {
			fprintf(stderr, "acq-db-admin: --replication-credentials: %s\n", err);
			return -1;
		}
		snprintf(from, fromlen, "%s", o->repl_cred_path);
		return 0;
	}
	rc = acq_db_optfile_read_group(o->cred_path, "replication", repl, err, sizeof(err));
	if (rc == ACQ_DB_OK) {
		snprintf(from, fromlen, "%s [replication]", o->cred_path);
		return 0;
	}
	if (rc != ACQ_DB_E_MISSING) {
		fprintf(stderr, "acq-db-admin: replication account: %s\n", err);
		return -1;
	}
	fprintf(stderr, "acq-db-admin: warning: no replication account named (--replication-credentials FILE, or a "
		"[replication] section with user= and password= in %s): the admin account %s is the replication account, "
		"and its password is stored in the replica's master.info\n", o->cred_path, o->cred.user);
	*repl = o->cred;
	snprintf(from, fromlen, "%s", o->cred_path);
	return 0;
}

/* Fences old and points it at the active master. 0 or -1 (said why). */
static int acq_db_admin_make_replica(const acq_db_admin_opts *o, int old_i, int act_i)
{
	const acq_db_sql_ops *ops = acq_db_admin_sql_ops();
	const acq_db_server *m = &o->cfg.servers.items[act_i];
	const char *name = o->cfg.servers.items[old_i].name;
	char sql[4096];
	char shown[ACQ_DB_PATH_MAX + 1024];
	char from[ACQ_DB_PATH_MAX + 32];
	char err[ACQ_DB_ERR_MAX];
	acq_db_credentials repl;
	acq_db_sql_conn *conn;
	int bad;

	if (acq_db_admin_replication_account(o, &repl, from, sizeof(from)) != 0) {
		return -1;
	}
	bad = acq_db_admin_change_master_sql(&repl, m, sql, sizeof(sql));
	if (bad) {
		acq_db_credentials_wipe(&repl);
		explicit_bzero(sql, sizeof(sql));
		fprintf(stderr, "acq-db-admin: the replication account's user, password or TLS paths contain a backslash or "
			"a control character, which CHANGE MASTER cannot be given safely; use another password\n");
		return -1;
	}
	conn = ops->connect(ops->ctx, &o->cfg.servers.items[old_i], &o->cred, o->timeout_ms, err, sizeof(err));
	if (!conn) {
		explicit_bzero(sql, sizeof(sql));
		fprintf(stderr, "acq-db-admin: %s: %s\n", name, err);
		return -1;
	}
	/* the password is in sql: what is printed is a copy without it */
	snprintf(shown, sizeof(shown), "CHANGE MASTER TO MASTER_HOST='%s', MASTER_PORT=%u, MASTER_USER='%s', "
		"MASTER_PASSWORD=<from %s>, MASTER_USE_GTID=slave_pos, MASTER_HEARTBEAT_PERIOD=%s", m->host, m->port,
		repl.user, from, ACQ_DB_CONFIRM_HEARTBEAT_PERIOD);
	acq_db_credentials_wipe(&repl);
	bad = acq_db_admin_run(ops, conn, name, "SET GLOBAL read_only = 1", NULL)
		|| acq_db_admin_run(ops, conn, name, "STOP SLAVE", NULL)
		/* an old master's own writes are in its binlog, not in
		 * gtid_slave_pos: start from everything it has */
		|| acq_db_admin_run(ops, conn, name, "SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_current_pos", NULL)
		|| acq_db_admin_run(ops, conn, name, sql, shown)
		|| acq_db_admin_run(ops, conn, name, "START SLAVE", NULL);
	explicit_bzero(sql, sizeof(sql));
	ops->close(ops->ctx, conn);
	return bad ? -1 : 0;
}

int acq_db_admin_rejoin_replica(const acq_db_admin_opts *o, acq_db_cache *cache)
{
	static acq_db_member_report old, act;
	char err[ACQ_DB_ERR_MAX];
	char list[1024];
	acq_db_election_result res;
	acq_db_gtid_set errant;
	acq_db_state st;
	int old_i, act_i, n, code;

	code = acq_db_admin_rejoin_prepare(o, &st, &old_i, &act_i, &old, &act);
	if (code) {
		return code;
	}
	n = acq_db_admin_errant(&old, &act, &errant, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "acq-db-admin: rejoin refused: cannot read the GTID positions: %s\n", err);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	if (n > 0) {
		acq_db_gtid_format(&errant, list, sizeof(list));
		fprintf(stderr, "acq-db-admin: rejoin %s --as-replica refused: %s has diverged: %d transaction(s) that the "
			"active master %s lacks (errant GTIDs %s; %s has gtid_binlog_state '%s', %s has '%s' and gtid_slave_pos "
			"'%s'). Nothing was changed. Either rebuild %s from a backup of %s (mariabackup) and rejoin it, or "
			"find those transactions in %s's binary log (mariadb-binlog prints each GTID), apply on %s what must "
			"be kept, then rebuild %s the same way.\n",
			o->name, o->name, n, act.name, list, o->name, old.gtid_binlog_state, act.name, act.gtid_binlog_state,
			act.gtid_slave_pos, o->name, act.name, o->name, act.name, o->name);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	printf("%s has no transaction that %s lacks (its gtid_binlog_state '%s'): making it a replica\n", o->name,
		act.name, old.gtid_binlog_state);
	if (acq_db_admin_make_replica(o, old_i, act_i) != 0) {
		fprintf(stderr, "acq-db-admin: %s is not marked eligible\n", o->name);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	if (acq_db_admin_wait_replicating(o, old_i, &old) != 0) {
		fprintf(stderr, "acq-db-admin: %s does not replicate from %s within %u ms (IO %s, SQL %s%s%s%s%s); "
			"it stays demoted: fix that, then run rejoin again\n", o->name, act.name, o->wait_ms,
			acq_db_admin_thread_names[old.io_running], acq_db_admin_thread_names[old.sql_running],
			old.last_error[0] ? ", " : "", old.last_error, old.error[0] ? "; " : "", old.error);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	printf("%s: replicating from %s (IO Yes, SQL Yes, %lld s behind, gtid_slave_pos '%s')\n", o->name, act.name,
		old.seconds_behind, old.gtid_slave_pos);
	if (acq_db_rejoin(cache, o->name, &res, err, sizeof(err)) != ACQ_DB_OK) {
		fprintf(stderr, "acq-db-admin: %s replicates, but marking it eligible failed: %s\n", o->name, err);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	acq_db_admin_print_state("now", &res.state);
	return ACQ_DB_ADMIN_OK;
}

/* The target of a switchover without NAME: the first eligible server after
 * the active one in priority order, as acq_db_switchover picks it. */
static int acq_db_admin_switchover_target(const acq_db_admin_opts *o, const acq_db_state *st)
{
	int i;

	if (o->name) {
		return acq_db_servers_find(&o->cfg.servers, o->name);
	}
	for (i = 0; i < o->cfg.servers.count; i++) {
		const char *n = o->cfg.servers.items[i].name;

		if (strcmp(n, st->active) != 0 && !acq_db_state_is_demoted(st, n)) {
			return i;
		}
	}
	return -1;
}

/* The plan's blockers as the target's report shows them; 0 when none. */
static int acq_db_admin_plan_blockers(const acq_db_member_report *t, int act_i)
{
	int n = 0;

	if (!t->reachable) {
		printf("  blocker: the target is unreachable: %s\n", t->error);
		return 1;
	}
	if (!t->has_replication || t->replicates_from != act_i) {
		printf("  blocker: the target does not replicate from the active master: it could not catch up\n");
		n++;
	}
	if (t->has_replication && t->sql_running == ACQ_DB_THREAD_NO && t->last_error[0]) {
		printf("  blocker: the target's SQL thread stopped with an error (%s)\n", t->last_error);
		n++;
	}
	return n;
}

/* The switchover itself: the core's promoting switchover (demote, wait
 * for catch-up, promote, commit) over libmysqlclient. */
static int acq_db_admin_switchover_run(const acq_db_admin_opts *o, acq_db_cache *cache, const char *target)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_election_result res;
	acq_db_promote_cfg pc;
	acq_db_rc rc;

	memset(&pc, 0, sizeof(pc));
	memset(&res, 0, sizeof(res));
	pc.ops = acq_db_admin_sql_ops();
	pc.cred = &o->cred;
	pc.connect_timeout_ms = o->timeout_ms;
	pc.catchup_timeout_ms = o->wait_ms;
	rc = acq_db_switchover_promoting(cache, target, o->reason ? o->reason : "acq-db-admin", NULL, NULL, &pc, &res,
		err, sizeof(err));
	if (rc != ACQ_DB_OK) {
		fprintf(stderr, "acq-db-admin: switchover failed (%s): %s\n", acq_db_rc_name(rc), err);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	acq_db_admin_print_state("now", &res.state);
	printf("%s %s; next: acq-db-admin rejoin %s --as-replica, and the same for every other standby that "
		"replicated from it\n", res.old_name, res.old_fenced ? "was made read-only"
		: "could not be reached to make it read-only: make sure it is down or read-only", res.old_name);
	return ACQ_DB_ADMIN_OK;
}

/* What each server reports, one line each, for the plan. */
static void acq_db_admin_print_found(const acq_db_admin_opts *o, const acq_db_member_report *reports)
{
	int i;

	for (i = 0; i < o->cfg.servers.count; i++) {
		const acq_db_member_report *r = &reports[i];

		printf("  found %s: %s", r->name, r->reachable ? (r->read_only == 0 ? "writable" : "read-only") : "unreachable");
		if (!r->reachable) {
			printf(": %s\n", r->error);
			continue;
		}
		printf(", gtid_binlog_pos '%s', gtid_current_pos '%s'", r->gtid_binlog_pos, r->gtid_current_pos);
		if (r->has_replication) {
			printf(", replicates from %s:%u, IO %s, SQL %s, ", r->master_host, r->master_port,
				acq_db_admin_thread_names[r->io_running], acq_db_admin_thread_names[r->sql_running]);
			if (r->seconds_behind >= 0) {
				printf("%lld s behind", r->seconds_behind);
			} else {
				printf("lag unknown");
			}
			printf(", gtid_slave_pos '%s'%s%s", r->gtid_slave_pos, r->last_error[0] ? ", last error: " : "",
				r->last_error);
		}
		printf("\n");
	}
}

/* A demoted server missed writes (an election skipped it, or the master
 * was switched away from it): switching to it without rejoin loses them.
 * Refused unless --force; 0 when fine, or the exit code after saying why.
 * A file that cannot be read is left to the command itself to report. */
int acq_db_admin_refuse_demoted_target(const acq_db_admin_opts *o)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_state st;

	if (!o->name || o->force || acq_db_read_freshest(o->cfg.election_file, -1, &st, err, sizeof(err)) != ACQ_DB_OK
		|| !acq_db_state_is_demoted(&st, o->name)) {
		return 0;
	}
	fprintf(stderr, "acq-db-admin: switchover refused: %s is demoted (epoch %" PRIu64 "): it may lack writes the "
		"master took since; check it, make it a replica (rejoin %s --as-replica) or mark it eligible (rejoin %s), "
		"or give --force to switch to it as it is\n", o->name, st.epoch, o->name, o->name);
	return ACQ_DB_ADMIN_CRITICAL;
}

int acq_db_admin_switchover(const acq_db_admin_opts *o, acq_db_cache *cache)
{
	static acq_db_member_report reports[ACQ_DB_MAX_SERVERS];
	char err[ACQ_DB_ERR_MAX];
	acq_db_state st;
	int act_i, t_i, blockers;

	if (acq_db_read_freshest(o->cfg.election_file, -1, &st, err, sizeof(err)) != ACQ_DB_OK) {
		fprintf(stderr, "acq-db-admin: switchover: %s\n", err);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	act_i = acq_db_servers_find(&o->cfg.servers, st.active);
	t_i = acq_db_admin_switchover_target(o, &st);
	if (act_i < 0 || t_i < 0 || t_i == act_i) {
		fprintf(stderr, "acq-db-admin: switchover: %s\n", t_i >= 0 && t_i == act_i
			? "the target is the active master already"
			: "no eligible server to switch to (every other server is demoted: rejoin one first)");
		return ACQ_DB_ADMIN_CRITICAL;
	}
	printf("plan: planned switchover from %s to %s, election file epoch %" PRIu64 " -> %" PRIu64 "%s\n", st.active,
		o->cfg.servers.items[t_i].name, st.epoch, st.epoch + 1, o->dry_run ? " (dry run: nothing is changed)" : "");
	if (!o->cred.loaded) {
		printf("  no credentials: only the election file would change; the servers are not asked\n");
		return ACQ_DB_ADMIN_OK;
	}
	acq_db_admin_probe_all(o, reports);
	acq_db_admin_print_found(o, reports);
	printf("  1. demote %s: SET GLOBAL read_only=1, let commits in flight land, read its last GTID (now '%s')\n",
		st.active, reports[act_i].gtid_binlog_pos);
	printf("  2. wait up to %u ms until %s has applied that GTID (it is at '%s')\n", o->wait_ms,
		reports[t_i].name, reports[t_i].gtid_current_pos);
	printf("  3. promote %s: stop and forget its replication, SET GLOBAL read_only=0\n", reports[t_i].name);
	printf("  4. commit: election file epoch %" PRIu64 ", active %s; every PHP node follows; then end the "
		"application's connections to %s\n", st.epoch + 1, reports[t_i].name, st.active);
	printf("  then: acq-db-admin rejoin %s --as-replica\n", st.active);
	blockers = acq_db_admin_plan_blockers(&reports[t_i], act_i);
	if (!reports[act_i].reachable) {
		printf("  note: the active master is unreachable: nothing to demote, the target is promoted on what it has\n");
	}
	if (o->dry_run) {
		return blockers ? ACQ_DB_ADMIN_CRITICAL : ACQ_DB_ADMIN_OK;
	}
	/* the core re-checks everything under the lock; the blockers above
	 * are what it will most likely refuse on, so say them first */
	return acq_db_admin_switchover_run(o, cache, o->cfg.servers.items[t_i].name);
}
