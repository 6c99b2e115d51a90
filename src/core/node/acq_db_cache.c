/*
 * The request side of the published state: taking the page's state into
 * this process, with the keep-the-good-value policy. A process that holds a
 * good state keeps it when the file turns corrupt, unknown, missing or
 * unreadable (and warns once); a process that has none fails closed, because
 * routing to a guessed server may write to a demoted master.
 */
#include "node/acq_db_cache.h"
#include "lib/acq_db_log.h"
#include "node/acq_db_poller.h"

#include <inttypes.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

volatile unsigned long acq_db_fork_generation;

static pthread_once_t acq_db_atfork_once = PTHREAD_ONCE_INIT;

static void acq_db_on_fork_child(void)
{
	acq_db_fork_generation++;
}

static void acq_db_register_atfork(void)
{
	pthread_atfork(NULL, NULL, acq_db_on_fork_child);
}

const char *acq_db_read_reason_name(acq_db_read_reason r)
{
	switch (r) {
	case ACQ_DB_READ_NONE: return "none";
	case ACQ_DB_READ_FIRST: return "first";
	case ACQ_DB_READ_PUBLISHED: return "published";
	case ACQ_DB_READ_ELECTION: return "election";
	case ACQ_DB_READ_RETRY: return "retry";
	}
	return "unknown";
}

/* The slot of a cache that has no poller yet: no page. */
static acq_db_page *const acq_db_no_page;

void acq_db_cache_init(acq_db_cache *c, const acq_db_config *cfg)
{
	pthread_once(&acq_db_atfork_once, acq_db_register_atfork);
	memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	c->page_slot = &acq_db_no_page;
	c->fork_gen = acq_db_fork_generation;
}

void acq_db_cache_destroy(acq_db_cache *c)
{
	/* the poller is the process's, shared by every cache of the same configuration */
	c->have_state = 0;
	c->poller = NULL;
	c->page = NULL;
	c->page_slot = &acq_db_no_page;
}

acq_db_poller *acq_db_cache_poller(acq_db_cache *c, char *err, size_t errlen)
{
	if (!c->poller || c->fork_gen != acq_db_fork_generation) {
		/* after fork() the thread is gone: acq_db_poller_get starts a new one */
		c->poller = acq_db_poller_get(c->cfg, err, errlen);
		if (!c->poller) {
			return NULL;
		}
		c->page_slot = acq_db_poller_page_slot(c->poller);
		c->page = acq_db_poller_page(c->poller);
		c->fork_gen = acq_db_fork_generation;
	}
	return c->poller;
}

static void acq_db_cache_set_error(acq_db_cache *c, acq_db_rc rc, const char *msg)
{
	c->last_rc = rc;
	acq_db_strlcpy(c->last_error, msg, sizeof(c->last_error));
}

static void acq_db_cache_warn_kept(acq_db_cache *c, const char *why)
{
	if (c->warned) {
		return;
	}
	c->warned = 1;
	acq_db_log(ACQ_DB_LOG_WARNING, "keeping active server %s (epoch %" PRIu64 ") from an earlier good read: %s",
		c->state.active, c->state.epoch, why);
}

void acq_db_cache_adopt(acq_db_cache *c, const acq_db_state *st, acq_db_read_reason why)
{
	if (!c->have_state || c->state.epoch != st->epoch || c->state.checksum != st->checksum) {
		c->generation++;
	}
	c->state = *st;
	c->have_state = 1;
	c->warned = 0;
	c->last_rc = ACQ_DB_OK;
	c->last_error[0] = '\0';
	c->last_read_reason = why;
	c->reads++;
	/* after our own authoritative read or write, the page is behind until
	 * the poller has read again (see acq_db_cache_page_is_news) */
	c->page_reads_at_adopt = why == ACQ_DB_READ_ELECTION && c->page ? acq_db_page_load_u64(&c->page->reads) : 0;
	c->adopt_page = c->page;
}

/* What the page says, good or bad, may come from a read that started before
 * this process's own authoritative read or write under the lock: only a read
 * that began after it (two reads on) is news. */
static int acq_db_cache_page_is_news(const acq_db_cache *c)
{
	return !c->page_reads_at_adopt || c->page != c->adopt_page
		|| acq_db_page_load_u64(&c->page->reads) >= c->page_reads_at_adopt + 2;
}

/* What an operator should do when a process cannot route at all. */
static const char *acq_db_cache_repair_hint(acq_db_rc rc)
{
	switch (rc) {
	case ACQ_DB_E_CORRUPT:
		return "; no connection will be made to a guessed server. To repair: move the file aside "
			"(mv FILE FILE.damaged) and run acq_db_init('NAME') with the server that really is the master";
	case ACQ_DB_E_UNKNOWN_SERVER:
	case ACQ_DB_E_FS_TIMEOUT:
	case ACQ_DB_E_IO:
		return "; no connection will be made to a guessed server";
	case ACQ_DB_E_PERM:
		return "; give the PHP user read access to the file and its directory";
	default:
		return "";
	}
}

/* The page's state, if it is good, news to us and names only our servers.
 * An older epoch than ours is the page lagging behind a change this process
 * made itself (the poller has not read it yet), not a regression: the
 * poller refuses real regressions before they reach the page. */
static acq_db_rc acq_db_cache_take(acq_db_cache *c, const acq_db_page_view *v, char *msg, size_t msglen)
{
	acq_db_rc rc;

	if (c->have_state && !acq_db_cache_page_is_news(c)) {
		return ACQ_DB_OK;
	}
	if (!v->have_good) {
		return acq_db_fail(msg, msglen, v->rc != ACQ_DB_OK ? v->rc : ACQ_DB_E_IO, "%s",
			v->rc != ACQ_DB_OK ? v->error : "no state published yet");
	}
	if (c->have_state && acq_db_state_is_behind(&c->state, &v->good)) {
		return ACQ_DB_OK;
	}
	rc = acq_db_efile_check_servers(&v->good, &c->cfg->servers, msg, msglen);
	if (rc == ACQ_DB_OK && (!c->have_state || v->good.epoch != c->state.epoch || v->good.checksum != c->state.checksum)) {
		acq_db_cache_adopt(c, &v->good, c->have_state ? ACQ_DB_READ_PUBLISHED
			: c->last_rc != ACQ_DB_OK ? ACQ_DB_READ_RETRY : ACQ_DB_READ_FIRST);
	}
	return rc;
}

/* A page state a fresh process may take without waiting: one that the
 * node's reader confirmed lately. A page whose reader died long ago (every
 * worker of the node was gone for a while) or is stuck on a hung volume may
 * be far behind the cluster: routing by it could write to a demoted master. */
#define ACQ_DB_PAGE_CURRENT_SLACK_MS 1000

static int acq_db_cache_page_is_current(const acq_db_cache *c, const acq_db_page_view *v)
{
	uint64_t tried = __atomic_load_n(&c->page->last_try_mono_ms, __ATOMIC_RELAXED);
	uint64_t now = acq_db_clock_coarse_ms();

	/* only a good state spares the wait: an error on the page (a missing
	 * file, say) may be older than the fix, and failing closed on it would
	 * be wrong; a read to confirm it costs little */
	/* a beat later than now is no sign of life: the page lies (or a test's
	 * arithmetic wrapped around on a machine up for less than its offset) */
	return v->have_good && tried && tried <= now
		&& now - tried <= 3ull * c->cfg->recheck_ms + ACQ_DB_PAGE_CURRENT_SLACK_MS;
}

/* A process without state and a page that is not current: ask for a read
 * and wait, bounded, until the page shows one that finished after now. The
 * wait looks at memory only (every 1 ms): the read is the leader's, this
 * process's own poller at most tries for the lease. */
static int acq_db_cache_wait_first(acq_db_cache *c, acq_db_page_view *v)
{
	uint64_t start = acq_db_clock_coarse_ms();
	uint64_t end = acq_db_clock_mono_us() + (uint64_t) c->cfg->first_read_timeout_ms * 1000;

	acq_db_poller_poke(c->poller);
	for (;;) {
		uint64_t tried;
		/* the poller may switch to a page of its own meanwhile (a late holder) */
		c->page = __atomic_load_n(c->page_slot, __ATOMIC_ACQUIRE);
		tried = __atomic_load_n(&c->page->last_try_mono_ms, __ATOMIC_ACQUIRE);
		/* same tick counts: a read finishing within 1-4 ms of the ask; a
		 * stamp later than now is no read at all (see page_is_current) */
		if (tried && tried >= start && tried <= acq_db_clock_coarse_ms() && acq_db_page_read(c->page, v) == 0 && (v->have_good || v->rc != ACQ_DB_OK)) {
			return 0;
		}
		if (acq_db_clock_mono_us() >= end) {
			return -1;
		}
		usleep(1000);
	}
}

static acq_db_rc acq_db_cache_first_read_timeout(acq_db_cache *c, char *err, size_t errlen)
{
	acq_db_cache_set_error(c, ACQ_DB_E_FS_TIMEOUT, "");
	acq_db_fail(c->last_error, sizeof(c->last_error), ACQ_DB_E_FS_TIMEOUT,
		"no election state yet: no read of %s finished within acq_db.first_read_timeout_ms=%u "
		"(a hung or unreachable volume, or a node too overloaded to read it)", c->cfg->election_file,
		c->cfg->first_read_timeout_ms);
	return acq_db_fail(err, errlen, ACQ_DB_E_FS_TIMEOUT, "%s%s", c->last_error,
		acq_db_cache_repair_hint(ACQ_DB_E_FS_TIMEOUT));
}

acq_db_rc acq_db_cache_get_slow(acq_db_cache *c, const acq_db_state **out, char *err, size_t errlen)
{
	char msg[ACQ_DB_ERR_MAX];
	acq_db_page_view v;
	acq_db_rc rc;

	if (!acq_db_cache_poller(c, err, errlen)) {
		return c->have_state ? (*out = &c->state, ACQ_DB_OK) : ACQ_DB_E_IO;
	}
	c->page = __atomic_load_n(c->page_slot, __ATOMIC_ACQUIRE);
	if (acq_db_page_read(c->page, &v) != 0) {
		/* a publication in progress: what we have is at most one change old */
		if (c->have_state) {
			*out = &c->state;
			return ACQ_DB_OK;
		}
		memset(&v, 0, sizeof(v));
	}
	if (!c->have_state && !acq_db_cache_page_is_current(c, &v) && acq_db_cache_wait_first(c, &v) != 0) {
		return acq_db_cache_first_read_timeout(c, err, errlen);
	}
	acq_db_poller_report(c->poller);
	c->seen_seq = v.seq;
	rc = acq_db_cache_take(c, &v, msg, sizeof(msg));
	if (rc == ACQ_DB_OK && v.rc != ACQ_DB_OK && acq_db_cache_page_is_news(c)) {
		rc = v.rc; /* a good state from before, and the latest read failed */
		acq_db_strlcpy(msg, v.error, sizeof(msg));
	}
	if (rc == ACQ_DB_OK) {
		c->last_rc = ACQ_DB_OK;
		c->last_error[0] = '\0';
		c->warned = 0;
		*out = &c->state;
		return ACQ_DB_OK;
	}
	acq_db_cache_set_error(c, rc, msg);
	if (c->have_state) {
		acq_db_cache_warn_kept(c, msg);
		*out = &c->state;
		return ACQ_DB_OK;
	}
	return acq_db_fail(err, errlen, rc, "%s%s", msg, acq_db_cache_repair_hint(rc));
}

acq_db_rc acq_db_cache_refresh(acq_db_cache *c, char *err, size_t errlen)
{
	const acq_db_state *st;

	if (!acq_db_cache_poller(c, err, errlen)) {
		return ACQ_DB_E_IO;
	}
	if (acq_db_poller_wait_fresh_read(c->poller, c->cfg->first_read_timeout_ms) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_FS_TIMEOUT,
			"the file system of %s did not answer within acq_db.first_read_timeout_ms=%u",
			c->cfg->election_file, c->cfg->first_read_timeout_ms);
	}
	c->seen_seq = ~(uint64_t) 0; /* look at the page again whatever its number */
	return acq_db_cache_get_slow(c, &st, err, errlen);
}

/* The node's reader learns of this node's own change from its watch at
 * once, or from its next timed read when it has none: at most that long. */
#define ACQ_DB_AWAIT_SLACK_MS 100

void acq_db_cache_await_page(acq_db_cache *c, uint64_t epoch)
{
	char err[ACQ_DB_ERR_MAX];
	uint64_t bound = (uint64_t) c->cfg->recheck_ms + ACQ_DB_AWAIT_SLACK_MS;
	uint64_t end;
	acq_db_page_view v;

	if (!acq_db_cache_poller(c, err, sizeof(err))) {
		return;
	}
	if (bound > c->cfg->first_read_timeout_ms) {
		bound = c->cfg->first_read_timeout_ms;
	}
	end = acq_db_clock_mono_us() + bound * 1000;
	/* this process may be the reader (or read for itself) */
	acq_db_poller_poke(c->poller);
	for (;;) {
		c->page = __atomic_load_n(c->page_slot, __ATOMIC_ACQUIRE);
		if (acq_db_page_read(c->page, &v) == 0 && v.have_good && v.good.epoch >= epoch) {
			return;
		}
		if (acq_db_clock_mono_us() >= end) {
			return;
		}
		usleep(200);
	}
}

void acq_db_cache_freshness(const acq_db_cache *c, acq_db_freshness *out)
{
	memset(out, 0, sizeof(*out));
	out->age_ms = -1;
	if (!c->page) {
		return;
	}
	out->last_ok_wall_ms = __atomic_load_n(&c->page->last_ok_wall_ms, __ATOMIC_RELAXED);
	out->page_reads = __atomic_load_n(&c->page->reads, __ATOMIC_RELAXED);
	out->poller_pid = __atomic_load_n(&c->page->poller_pid, __ATOMIC_RELAXED);
	if (out->last_ok_wall_ms) {
		uint64_t ok = __atomic_load_n(&c->page->last_ok_mono_ms, __ATOMIC_RELAXED);
		uint64_t now = acq_db_clock_coarse_ms();
		out->age_ms = now > ok ? (int64_t) (now - ok) : 0;
	}
}
