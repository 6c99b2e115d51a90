/*
 * The confirmation and the data-driven ranking of acq_db_confirm.h. One
 * status read per member (its own short admin session); the members still
 * connected to the suspect master are read again every poll until one of
 * them shows something new (alive) or its window has passed in silence.
 */
#include "failover/acq_db_confirm.h"
#include "sql/acq_db_gtid.h"
#include "lib/acq_db_clock.h"
#include "lib/acq_db_log.h"

#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#define ACQ_DB_CONFIRM_POLL_MS 50

static void acq_db_confirm_append(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void acq_db_confirm_append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 < len) {
		va_start(ap, fmt);
		vsnprintf(buf + used, len - used, fmt, ap);
		va_end(ap);
	}
}

/* Two host names for the same address (a name and its IP literal). */
static int acq_db_same_address(const char *a, const char *b)
{
	struct addrinfo hints, *ra = NULL, *rb = NULL, *x, *y;
	int same = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(a, NULL, &hints, &ra) != 0 || getaddrinfo(b, NULL, &hints, &rb) != 0) {
		if (ra) {
			freeaddrinfo(ra);
		}
		return 0;
	}
	for (x = ra; x && !same; x = x->ai_next) {
		for (y = rb; y && !same; y = y->ai_next) {
			same = x->ai_family == y->ai_family && x->ai_addrlen == y->ai_addrlen
				&& memcmp(x->ai_addr, y->ai_addr, x->ai_addrlen) == 0;
		}
	}
	freeaddrinfo(ra);
	freeaddrinfo(rb);
	return same;
}

/* The replica's master is s: same port, same host (by name or address). */
static int acq_db_replicates_from(const acq_db_replica_status *rs, const acq_db_server *s)
{
	if (!rs->replica || rs->connection[0] || s->socket[0] || rs->master_port != s->port) {
		return 0;
	}
	return strcasecmp(rs->master_host, s->host) == 0 || acq_db_same_address(rs->master_host, s->host);
}

static const acq_db_server *acq_db_confirm_member(const acq_db_server_list *list, const char *name)
{
	int idx = name ? acq_db_servers_find(list, name) : -1;

	return idx >= 0 ? &list->items[idx] : NULL;
}

static void acq_db_confirm_sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t) (ms / 1000), (long) (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0) {
	}
}

/* ---- is the master dead? ------------------------------------------------ */

/* One replica of the suspect that is still connected to it. */
typedef struct acq_db_watch {
	const acq_db_server *s;
	acq_db_replica_status first;
	unsigned window_ms;
	int done;
} acq_db_watch;

typedef struct acq_db_confirm_run {
	const acq_db_promote_cfg *pc;
	const acq_db_server *failed;
	const char *cause;
	acq_db_watch watch[ACQ_DB_MAX_SERVERS];
	int nwatch;
	int dead;                      /* replicas that stopped receiving */
	char dead_why[ACQ_DB_ERR_MAX]; /* "db2: Slave_IO_Running=Connecting; " */
	char unsure_why[ACQ_DB_ERR_MAX];
	char *why;
	size_t whylen;
	int master_silent;             /* the failed master did not answer an admin connect during the window */
} acq_db_confirm_run;

static unsigned acq_db_window_max(const acq_db_promote_cfg *pc)
{
	return pc->confirm_window_max_ms ? pc->confirm_window_max_ms : ACQ_DB_CONFIRM_WINDOW_MAX_MS;
}

/* Sorts one first sample: stopped receiving, to be watched, or unsure. */
static void acq_db_confirm_first(acq_db_confirm_run *r, const acq_db_server *s, const acq_db_replica_status *rs)
{
	unsigned window;

	if (strcmp(rs->io_running, "Yes") != 0) {
		r->dead++;
		acq_db_confirm_append(r->dead_why, sizeof(r->dead_why), "%s: Slave_IO_Running=%s; ", s->name,
			rs->io_running[0] ? rs->io_running : "(empty)");
		return;
	}
	if (rs->heartbeats < 0 || rs->heartbeat_period_ms == 0) {
		acq_db_confirm_append(r->unsure_why, sizeof(r->unsure_why), "%s is still connected to it and shows no "
			"heartbeat counter to tell silence by; ", s->name);
		return;
	}
	window = 2 * rs->heartbeat_period_ms + ACQ_DB_CONFIRM_MARGIN_MS;
	if (window > acq_db_window_max(r->pc)) {
		acq_db_confirm_append(r->unsure_why, sizeof(r->unsure_why), "%s is still connected to it (Slave_IO_Running=Yes) "
			"and its heartbeat period of %u ms is too long to tell silence within %u ms: set "
			"MASTER_HEARTBEAT_PERIOD=0.5 on %s (docs/failover.md); ", s->name, rs->heartbeat_period_ms,
			acq_db_window_max(r->pc), s->name);
		return;
	}
	r->watch[r->nwatch].s = s;
	r->watch[r->nwatch].first = *rs;
	r->watch[r->nwatch].window_ms = window;
	r->nwatch++;
}

/* Something new since the first sample: the master is sending. */
static int acq_db_confirm_news(const acq_db_watch *w, const acq_db_replica_status *now, char *what, size_t len)
{
	if (now->heartbeats != w->first.heartbeats) {
		snprintf(what, len, "Slave_received_heartbeats %lld -> %lld", w->first.heartbeats, now->heartbeats);
		return 1;
	}
	if (strcmp(now->received, w->first.received) != 0) {
		snprintf(what, len, "Gtid_IO_Pos %.100s -> %.100s", w->first.received, now->received);
		return 1;
	}
	return 0;
}

/* Polls the watched replicas; 1 as soon as one of them receives (why filled
 * with the caller's error), 0 when every window passed in silence. */
static int acq_db_confirm_watch(acq_db_confirm_run *r)
{
	uint64_t t0 = acq_db_clock_mono_us();
	int open = r->nwatch;
	acq_db_replica_status ms;
	char me[ACQ_DB_ERR_MAX];

	/* The window is waited anyway: spend its start asking the failed master
	 * itself, so that the fence under the lock need not wait for a frozen
	 * one a second time. An answer changes nothing here: the replicas decide. */
	r->master_silent = acq_db_promote_status(r->pc, r->failed, &ms, me, sizeof(me)) != 0;

	while (open > 0) {
		unsigned elapsed;
		int i;

		acq_db_confirm_sleep_ms(ACQ_DB_CONFIRM_POLL_MS);
		elapsed = (unsigned) ((acq_db_clock_mono_us() - t0) / 1000);
		for (i = 0; i < r->nwatch; i++) {
			acq_db_watch *w = &r->watch[i];
			acq_db_replica_status now;
			char what[300];
			char e[ACQ_DB_ERR_MAX];

			if (w->done) {
				continue;
			}
			if (acq_db_promote_status(r->pc, w->s, &now, e, sizeof(e)) != 0) {
				w->done = 1; /* it stopped answering: no witness either way */
				open--;
				continue;
			}
			if (acq_db_confirm_news(w, &now, what, sizeof(what))) {
				snprintf(r->why, r->whylen, "%s is unreachable from this node but alive per %s's replication (%s within "
					"%u ms); no election: this node's path to %s (%s:%u) is broken (%s)", r->failed->name, w->s->name,
					what, elapsed, r->failed->name, r->failed->host, r->failed->port, r->cause ? r->cause : "failed");
				return 1;
			}
			if (strcmp(now.io_running, "Yes") != 0) {
				w->done = 1;
				r->dead++;
				acq_db_confirm_append(r->dead_why, sizeof(r->dead_why), "%s: Slave_IO_Running=%s after %u ms; ",
					w->s->name, now.io_running, elapsed);
			} else if (elapsed >= w->window_ms) {
				w->done = 1;
				r->dead++;
				acq_db_confirm_append(r->dead_why, sizeof(r->dead_why), "%s: no event and no heartbeat in %u ms "
					"(heartbeat period %u ms); ", w->s->name, elapsed, w->first.heartbeat_period_ms);
			}
			open -= w->done;
		}
	}
	return 0;
}

static acq_db_verdict acq_db_confirm_verdict(acq_db_confirm_run *r, int asked)
{
	if (r->nwatch > 0 && acq_db_confirm_watch(r)) {
		acq_db_log(ACQ_DB_LOG_WARNING, "%s", r->why);
		return ACQ_DB_VERDICT_ALIVE;
	}
	if (r->unsure_why[0]) {
		snprintf(r->why, r->whylen, "%s is unreachable from this node but not confirmed dead: %sno election (cause: %s)",
			r->failed->name, r->unsure_why, r->cause ? r->cause : "failed");
		acq_db_log(ACQ_DB_LOG_WARNING, "%s", r->why);
		return ACQ_DB_VERDICT_UNSURE;
	}
	if (r->dead > 0) {
		snprintf(r->why, r->whylen, "%s confirmed dead by its replicas: %s", r->failed->name, r->dead_why);
		acq_db_log(ACQ_DB_LOG_WARNING, "%s", r->why);
		return ACQ_DB_VERDICT_DEAD;
	}
	snprintf(r->why, r->whylen, "%s's failure is unconfirmed: none of the %d other member%s that answered replicates "
		"from it", r->failed->name, asked, asked == 1 ? "" : "s");
	acq_db_log(ACQ_DB_LOG_WARNING, "%s", r->why);
	return ACQ_DB_VERDICT_UNCONFIRMED;
}

acq_db_verdict acq_db_confirm_dead(const acq_db_promote_cfg *pc, const acq_db_server_list *list, const char *failed,
	const char *cause, int *silent_master, char *why, size_t whylen)
{
	acq_db_confirm_run r;
	acq_db_verdict v;
	int asked = 0;
	int i;

	memset(&r, 0, sizeof(r));
	r.pc = pc;
	r.failed = acq_db_confirm_member(list, failed);
	r.cause = cause;
	r.why = why;
	r.whylen = whylen;
	if (!acq_db_promote_enabled(pc) || !r.failed) {
		snprintf(why, whylen, "%s's failure is unconfirmed: without acq_db.admin_credentials no replica is asked",
			failed);
		acq_db_log(ACQ_DB_LOG_NOTICE, "%s", why);
		return ACQ_DB_VERDICT_UNCONFIRMED;
	}
	for (i = 0; i < list->count; i++) {
		const acq_db_server *s = &list->items[i];
		acq_db_replica_status rs;
		char e[ACQ_DB_ERR_MAX];

		if (s == r.failed || acq_db_promote_status(pc, s, &rs, e, sizeof(e)) != 0) {
			continue;
		}
		asked++;
		if (acq_db_replicates_from(&rs, r.failed)) {
			acq_db_confirm_first(&r, s, &rs);
		}
	}
	v = acq_db_confirm_verdict(&r, asked);
	if (silent_master) {
		*silent_master = v == ACQ_DB_VERDICT_DEAD && r.master_silent;
	}
	return v;
}

int acq_db_confirm_period_finding(const char *name, unsigned period_ms, unsigned window_max_ms, char *text, size_t len)
{
	unsigned window = 2 * period_ms + ACQ_DB_CONFIRM_MARGIN_MS;

	if (!window_max_ms) {
		window_max_ms = ACQ_DB_CONFIRM_WINDOW_MAX_MS;
	}
	if (period_ms == 0 || period_ms <= ACQ_DB_CONFIRM_PERIOD_WARN_MS) {
		return 0;
	}
	if (window > window_max_ms) {
		snprintf(text, len, "%s's heartbeat period (%u ms) is too long for acq_db to confirm a frozen or cut-off "
			"master within %u ms: elections then wait until its IO thread gives up (slave_net_timeout); "
			"CHANGE MASTER TO MASTER_HEARTBEAT_PERIOD=0.5 on %s", name, period_ms, window_max_ms, name);
	} else {
		snprintf(text, len, "%s's heartbeat period (%u ms) makes confirming a frozen master take %u ms; "
			"CHANGE MASTER TO MASTER_HEARTBEAT_PERIOD=0.5 on %s makes it %u ms", name, period_ms, window, name,
			2 * 500 + ACQ_DB_CONFIRM_MARGIN_MS);
	}
	return 1;
}

/* ---- which replica has the data? ---------------------------------------- */

/* A member's place in the election, before the data is compared: 1 when it
 * is a replica of failed that answered; 0 with excluded appended otherwise. */
static int acq_db_rank_eligible(const acq_db_promote_cfg *pc, const acq_db_server *s, const acq_db_server *failed,
	const acq_db_state *st, char *received, size_t reclen, char *excluded, size_t exlen)
{
	char addr[ACQ_DB_HOST_MAX + 16];
	char e[ACQ_DB_ERR_MAX];
	acq_db_replica_status rs;

	acq_db_server_format_addr(s, addr, sizeof(addr));
	if (st && acq_db_state_is_demoted(st, s->name)) {
		acq_db_confirm_append(excluded, exlen, "%s (%s): demoted, needs acq_db_rejoin() before it can be elected; ",
			s->name, addr);
		return 0;
	}
	if (acq_db_promote_status(pc, s, &rs, e, sizeof(e)) != 0) {
		acq_db_confirm_append(excluded, exlen, "%s (%s): %s; ", s->name, addr, e);
		return 0;
	}
	if (!acq_db_replicates_from(&rs, failed)) {
		char from[ACQ_DB_HOST_MAX + 96];

		if (!rs.replica) {
			snprintf(from, sizeof(from), "no replication configuration");
		} else if (rs.connection[0]) {
			snprintf(from, sizeof(from), "replicates through the named connection '%.64s'", rs.connection);
		} else {
			snprintf(from, sizeof(from), "replicates from %s:%u", rs.master_host, rs.master_port);
		}
		acq_db_confirm_append(excluded, exlen, "%s (%s): not a replica of %s (%s): an automatic election promotes "
			"only the failed master's replicas; ", s->name, addr, failed->name, from);
		return 0;
	}
	acq_db_strlcpy(received, rs.received, reclen);
	return 1;
}

int acq_db_confirm_covers(const acq_db_ranking *r, int winner, int member)
{
	acq_db_gtid_set a, b;

	if (acq_db_gtid_parse(r->received[winner], &a, NULL, 0) != ACQ_DB_OK
		|| acq_db_gtid_parse(r->received[member], &b, NULL, 0) != ACQ_DB_OK) {
		return strcmp(r->received[winner], r->received[member]) == 0;
	}
	return acq_db_gtid_covers(&a, &b);
}

/* Keeps, in list order, the replicas that received everything every other
 * one did; the others are excluded, naming one that is ahead. */
static void acq_db_rank_by_data(const acq_db_server_list *list, acq_db_ranking *out)
{
	int i, j;

	for (i = 0; i < out->nreplicas; i++) {
		int m = out->replicas[i];
		int ahead = -1;

		for (j = 0; j < out->nreplicas && ahead < 0; j++) {
			if (j != i && !acq_db_confirm_covers(out, m, out->replicas[j])) {
				ahead = out->replicas[j];
			}
		}
		if (ahead < 0) {
			out->order[out->count++] = m;
			continue;
		}
		acq_db_confirm_append(out->excluded, sizeof(out->excluded), "%s: received less than %s (%.200s, %s has "
			"%.200s): promoting it would lose transactions; ", list->items[m].name, list->items[ahead].name,
			out->received[m][0] ? out->received[m] : "nothing", list->items[ahead].name, out->received[ahead]);
	}
}

void acq_db_confirm_rank(const acq_db_promote_cfg *pc, const acq_db_server_list *list, const acq_db_state *st,
	const char *failed, acq_db_ranking *out)
{
	const acq_db_server *f = acq_db_confirm_member(list, failed);
	int i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < list->count; i++) {
		if (&list->items[i] == f) {
			continue;
		}
		if (f && acq_db_rank_eligible(pc, &list->items[i], f, st, out->received[i], sizeof(out->received[i]),
			out->excluded, sizeof(out->excluded))) {
			out->replicas[out->nreplicas++] = i;
		}
	}
	acq_db_rank_by_data(list, out);
	if (out->count > 0) {
		acq_db_log(ACQ_DB_LOG_NOTICE, "candidates to replace %s by received data: %s first (%.200s)%s%.600s", failed,
			list->items[out->order[0]].name, out->received[out->order[0]][0] ? out->received[out->order[0]] : "nothing",
			out->excluded[0] ? "; left out: " : "", out->excluded);
	}
}

int acq_db_confirm_repoint_followers(const acq_db_promote_cfg *pc, const acq_db_server_list *list, const char *old,
	const char *master)
{
	const acq_db_server *o = acq_db_confirm_member(list, old);
	const acq_db_server *m = acq_db_confirm_member(list, master);
	int done = 0;
	int i;

	for (i = 0; o && m && acq_db_promote_enabled(pc) && i < list->count; i++) {
		const acq_db_server *s = &list->items[i];
		acq_db_replica_status rs;
		char why[ACQ_DB_ERR_MAX] = "";

		if (s == o || s == m || acq_db_promote_status(pc, s, &rs, why, sizeof(why)) != 0
			|| !acq_db_replicates_from(&rs, o)) {
			continue;
		}
		if (acq_db_promote_repoint(pc, s, m, 0, why, sizeof(why)) == 0) {
			done++;
		} else {
			acq_db_log(ACQ_DB_LOG_ERROR, "%s could not be re-pointed to %s (%s); it still replicates from %s, which "
				"is read-only now: CHANGE MASTER TO MASTER_HOST=... on it by hand", s->name, master, why, old);
		}
	}
	return done;
}
