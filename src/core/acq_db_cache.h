/*
 * The per-process view of the election file, cheap enough to consult on every
 * acq_db_active() call. Local changes (any process on this node) arrive by
 * inotify on the file's directory, checked at most once per clock tick and at
 * the start of every request; changes made on other nodes, which inotify on a
 * FUSE mount cannot see, arrive by re-reading the content every recheck_ms.
 */
#ifndef ACQ_DB_CACHE_H
#define ACQ_DB_CACHE_H

#include "acq_db_clock.h"
#include "acq_db_common.h"
#include "acq_db_efile.h"
#include "acq_db_servers.h"

typedef struct acq_db_config {
	acq_db_server_list servers;
	char election_file[ACQ_DB_PATH_MAX];
	unsigned recheck_ms;
	unsigned lock_timeout_ms;
	unsigned failover_hold_ms;    /* no 2nd automatic election this soon after one */
} acq_db_config;

typedef enum acq_db_read_reason {
	ACQ_DB_READ_NONE = 0,
	ACQ_DB_READ_FIRST,      /* first use in this process (or after fork) */
	ACQ_DB_READ_INOTIFY,    /* a change on this node was signalled */
	ACQ_DB_READ_RECHECK,    /* recheck_ms elapsed: catches other nodes */
	ACQ_DB_READ_ELECTION,   /* authoritative read under the lock */
	ACQ_DB_READ_RETRY       /* an earlier read failed */
} acq_db_read_reason;

const char *acq_db_read_reason_name(acq_db_read_reason r);

typedef struct acq_db_cache {
	const acq_db_config *cfg;
	acq_db_state state;
	int have_state;
	uint64_t generation;          /* bumps whenever state changes */
	unsigned long fork_gen;       /* acq_db_fork_generation when fds were made */
	int inotify_fd;
	int inotify_failed;           /* no inotify here: recheck only */
	uint64_t watch_retry_ms;      /* directory missing: next try at this coarse ms */
	uint64_t last_event_check_ms; /* coarse ms of the last inotify drain */
	uint64_t next_recheck_ms;     /* coarse ms when content must be re-read */
	int64_t last_read_wall_ms;
	acq_db_read_reason last_read_reason;
	uint64_t reads;
	acq_db_rc last_rc;
	char last_error[ACQ_DB_ERR_MAX];
	int warned;                   /* a stale-but-kept warning was logged */
	char base_name[256];          /* file name inside the watched directory */
} acq_db_cache;

/* Bumped in every child after fork(): inherited inotify descriptors are shared. */
extern volatile unsigned long acq_db_fork_generation;

void acq_db_cache_init(acq_db_cache *c, const acq_db_config *cfg);
void acq_db_cache_destroy(acq_db_cache *c);

/* Called at the start of each request: look at inotify once, whatever the clock. */
static inline void acq_db_cache_request_start(acq_db_cache *c)
{
	c->last_event_check_ms = 0;
}

acq_db_rc acq_db_cache_get_slow(acq_db_cache *c, const acq_db_state **out, char *err, size_t errlen);

/* The current state. Fast path: no system call while nothing is due. */
static inline acq_db_rc acq_db_cache_get(acq_db_cache *c, const acq_db_state **out, char *err, size_t errlen)
{
	if (c->have_state && c->fork_gen == acq_db_fork_generation) {
		uint64_t now = acq_db_clock_coarse_ms();
		if (now == c->last_event_check_ms && now < c->next_recheck_ms) {
			*out = &c->state;
			return ACQ_DB_OK;
		}
	}
	return acq_db_cache_get_slow(c, out, err, errlen);
}

/* Forces a content re-read now (tests, and after a failed local action). */
acq_db_rc acq_db_cache_reload(acq_db_cache *c, acq_db_read_reason why, char *err, size_t errlen);

/* Installs a state this process just read under the lock or wrote itself. */
void acq_db_cache_adopt(acq_db_cache *c, const acq_db_state *st, acq_db_read_reason why);

#endif
