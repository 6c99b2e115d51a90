/*
 * Slow path of the cache: fork detection, inotify set-up and draining, and the
 * content re-read with its keep-the-good-value policy. A process that holds a
 * good state keeps it when the file turns corrupt, unknown or missing (and
 * warns once); a process that has none fails closed, because routing to a
 * guessed server may write to a demoted master.
 */
#include "acq_db_cache.h"
#include "acq_db_copy.h"
#include "acq_db_log.h"

#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#define ACQ_DB_WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE \
	| IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

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
	case ACQ_DB_READ_INOTIFY: return "inotify";
	case ACQ_DB_READ_RECHECK: return "recheck";
	case ACQ_DB_READ_ELECTION: return "election";
	case ACQ_DB_READ_RETRY: return "retry";
	}
	return "unknown";
}

void acq_db_cache_init(acq_db_cache *c, const acq_db_config *cfg)
{
	char copy[ACQ_DB_PATH_MAX];

	pthread_once(&acq_db_atfork_once, acq_db_register_atfork);
	memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	c->inotify_fd = -1;
	c->fork_gen = acq_db_fork_generation;
	acq_db_strlcpy(copy, cfg->election_file, sizeof(copy));
	acq_db_strlcpy(c->base_name, basename(copy), sizeof(c->base_name));
}

static void acq_db_cache_close_watch(acq_db_cache *c)
{
	if (c->inotify_fd >= 0) {
		close(c->inotify_fd);
		c->inotify_fd = -1;
	}
}

void acq_db_cache_destroy(acq_db_cache *c)
{
	acq_db_cache_close_watch(c);
	c->have_state = 0;
}

/* A child shares its parent's inotify description: one drain would eat the
 * other's events. Drop ours (closing only our copy) and start afresh. */
static void acq_db_cache_after_fork(acq_db_cache *c)
{
	acq_db_cache_close_watch(c);
	c->inotify_failed = 0;
	c->watch_retry_ms = 0;
	c->fork_gen = acq_db_fork_generation;
	c->next_recheck_ms = 0;
}

/* Returns 1 if a watch now exists (the caller must then re-read: events
 * before the watch were not seen). */
static int acq_db_cache_open_watch(acq_db_cache *c)
{
	char copy[ACQ_DB_PATH_MAX];
	int fd;

	if (c->inotify_fd >= 0 || c->inotify_failed || acq_db_clock_coarse_ms() < c->watch_retry_ms) {
		return 0;
	}
	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0) {
		c->inotify_failed = 1;
		acq_db_log(ACQ_DB_LOG_WARNING, "inotify unavailable (%s); changes are seen every acq_db.recheck_ms=%u",
			strerror(errno), c->cfg->recheck_ms);
		return 0;
	}
	acq_db_strlcpy(copy, c->cfg->election_file, sizeof(copy));
	if (inotify_add_watch(fd, dirname(copy), ACQ_DB_WATCH_MASK) < 0) {
		/* Directory missing (volume not mounted yet?): retry at the next recheck. */
		close(fd);
		c->watch_retry_ms = acq_db_clock_coarse_ms() + c->cfg->recheck_ms;
		return 0;
	}
	c->inotify_fd = fd;
	return 1;
}

/* Reads every pending event; 1 if one concerns our file or the watch broke. */
static int acq_db_cache_drain_events(acq_db_cache *c)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int relevant = 0;

	for (;;) {
		ssize_t n = read(c->inotify_fd, buf, sizeof(buf));
		char *p;
		if (n <= 0) {
			break;
		}
		for (p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *) p;
			if (ev->mask & (IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
				relevant = 1;
				if (ev->mask & (IN_IGNORED | IN_UNMOUNT | IN_DELETE_SELF | IN_MOVE_SELF)) {
					acq_db_cache_close_watch(c);
					return 1;
				}
			} else if (ev->len && strcmp(ev->name, c->base_name) == 0) {
				relevant = 1;
			}
			p += sizeof(struct inotify_event) + ev->len;
		}
	}
	return relevant;
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
	c->last_read_wall_ms = acq_db_clock_wall_ms();
	c->reads++;
	c->next_recheck_ms = acq_db_clock_coarse_ms() + c->cfg->recheck_ms;
}

/* A file whose epoch went backwards was replaced by an older copy (a restore,
 * a stale replica, a re-init): following it could resurrect a demoted master. */
static acq_db_rc acq_db_cache_check_regression(const acq_db_cache *c, const acq_db_state *st, char *err, size_t errlen)
{
	if (c->have_state && st->epoch < c->state.epoch) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT,
			"election file %s went back from epoch %" PRIu64 " to %" PRIu64 " (restored or re-initialised?); "
			"fail over with acq_db_failover() to write a newer epoch", c->cfg->election_file, c->state.epoch, st->epoch);
	}
	return ACQ_DB_OK;
}

/* What an operator should do when a process cannot route at all. */
static const char *acq_db_cache_repair_hint(acq_db_rc rc)
{
	switch (rc) {
	case ACQ_DB_E_CORRUPT:
		return "; no connection will be made to a guessed server. To repair: move the file aside "
			"(mv FILE FILE.damaged) and run acq_db_init('NAME') with the server that really is the master";
	case ACQ_DB_E_UNKNOWN_SERVER:
		return "; no connection will be made to a guessed server";
	case ACQ_DB_E_PERM:
		return "; give the PHP user read access to the file and its directory";
	default:
		return "";
	}
}

acq_db_rc acq_db_cache_reload(acq_db_cache *c, acq_db_read_reason why, char *err, size_t errlen)
{
	char msg[ACQ_DB_ERR_MAX];
	acq_db_state st;
	acq_db_rc rc = acq_db_read_freshest(c->cfg->election_file, -1, &st, msg, sizeof(msg));

	if (rc == ACQ_DB_OK) {
		rc = acq_db_efile_check_servers(&st, &c->cfg->servers, msg, sizeof(msg));
	}
	if (rc == ACQ_DB_OK) {
		rc = acq_db_cache_check_regression(c, &st, msg, sizeof(msg));
	}
	if (rc == ACQ_DB_OK) {
		acq_db_cache_adopt(c, &st, why);
		return ACQ_DB_OK;
	}
	acq_db_cache_set_error(c, rc, msg);
	c->next_recheck_ms = acq_db_clock_coarse_ms() + c->cfg->recheck_ms;
	if (c->have_state) {
		acq_db_cache_warn_kept(c, msg);
		return ACQ_DB_OK;
	}
	return acq_db_fail(err, errlen, rc, "%s%s", msg, acq_db_cache_repair_hint(rc));
}

acq_db_rc acq_db_cache_get_slow(acq_db_cache *c, const acq_db_state **out, char *err, size_t errlen)
{
	uint64_t now = acq_db_clock_coarse_ms();
	acq_db_read_reason why = ACQ_DB_READ_NONE;
	acq_db_rc rc;

	if (c->fork_gen != acq_db_fork_generation) {
		acq_db_cache_after_fork(c);
	}
	if (acq_db_cache_open_watch(c)) {
		why = ACQ_DB_READ_FIRST;
	} else if (c->inotify_fd >= 0 && c->last_event_check_ms != now && acq_db_cache_drain_events(c)) {
		why = ACQ_DB_READ_INOTIFY;
	}
	c->last_event_check_ms = now;
	if (!c->have_state) {
		why = c->last_rc != ACQ_DB_OK ? ACQ_DB_READ_RETRY : ACQ_DB_READ_FIRST;
	} else if (why == ACQ_DB_READ_NONE && now >= c->next_recheck_ms) {
		why = c->last_rc != ACQ_DB_OK ? ACQ_DB_READ_RETRY : ACQ_DB_READ_RECHECK;
	}
	if (why != ACQ_DB_READ_NONE) {
		rc = acq_db_cache_reload(c, why, err, errlen);
		if (rc != ACQ_DB_OK) {
			return rc;
		}
	}
	*out = &c->state;
	return ACQ_DB_OK;
}
