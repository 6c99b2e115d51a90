/*
 * A request's view of the election state: what the poller last published
 * (acq_db_poller.h), checked against this process's own configuration. The
 * fast path is one load of the page's sequence number; nothing here touches
 * the election file's file system, so a hung volume cannot stall a request.
 * A process keeps the last good state for as long as the file cannot be read
 * or is bad (and warns once); a process that never had one waits for the
 * first read for first_read_timeout_ms at most and then fails closed.
 */
#ifndef ACQ_DB_CACHE_H
#define ACQ_DB_CACHE_H

#include "lib/acq_db_clock.h"
#include "lib/acq_db_common.h"
#include "store/acq_db_efile.h"
#include "node/acq_db_page.h"
#include "config/acq_db_servers.h"
#include "config/acq_db_settings.h" /* acq_db_config */

typedef enum acq_db_read_reason {
	ACQ_DB_READ_NONE = 0,
	ACQ_DB_READ_FIRST,      /* first state of this process (or after fork) */
	ACQ_DB_READ_PUBLISHED,  /* the poller published a change */
	ACQ_DB_READ_ELECTION,   /* authoritative read or write under the lock, in this process */
	ACQ_DB_READ_RETRY       /* an earlier read failed */
} acq_db_read_reason;

const char *acq_db_read_reason_name(acq_db_read_reason r);

struct acq_db_poller;

typedef struct acq_db_cache {
	const acq_db_config *cfg;
	struct acq_db_poller *poller;
	acq_db_page *const *page_slot;  /* the poller's current page (it switches while a lease holder is late) */
	const acq_db_page *page;        /* the page last looked at */
	const acq_db_page *adopt_page;  /* the page whose read count page_reads_at_adopt is */
	acq_db_state state;
	int have_state;
	uint64_t generation;          /* bumps whenever state changes */
	uint64_t seen_seq;            /* the page's sequence number last looked at */
	unsigned long fork_gen;       /* acq_db_fork_generation when the poller was taken */
	acq_db_read_reason last_read_reason;
	uint64_t reads;               /* states taken (from the page or an election) */
	uint64_t page_reads_at_adopt; /* the page's read count when this process wrote or read under the lock */
	acq_db_rc last_rc;
	char last_error[ACQ_DB_ERR_MAX];
	int warned;                   /* a stale-but-kept warning was logged */
} acq_db_cache;

/* Bumped in every child after fork(): the poller's thread did not survive it. */
extern volatile unsigned long acq_db_fork_generation;

void acq_db_cache_init(acq_db_cache *c, const acq_db_config *cfg);
void acq_db_cache_destroy(acq_db_cache *c);

acq_db_rc acq_db_cache_get_slow(acq_db_cache *c, const acq_db_state **out, char *err, size_t errlen);

/* The current state. Fast path: one atomic load, no system call. */
static inline acq_db_rc acq_db_cache_get(acq_db_cache *c, const acq_db_state **out, char *err, size_t errlen)
{
	if (c->have_state && c->fork_gen == acq_db_fork_generation
		&& __atomic_load_n(c->page_slot, __ATOMIC_ACQUIRE) == c->page && acq_db_page_seq(c->page) == c->seen_seq) {
		*out = &c->state;
		return ACQ_DB_OK;
	}
	return acq_db_cache_get_slow(c, out, err, errlen);
}

/* Asks the poller for a read now and waits for it (first_read_timeout_ms at
 * most): tests, and callers that know the file just changed. */
acq_db_rc acq_db_cache_refresh(acq_db_cache *c, char *err, size_t errlen);

/* Installs a state this process just read under the lock or wrote itself. */
void acq_db_cache_adopt(acq_db_cache *c, const acq_db_state *st, acq_db_read_reason why);

/* After this process wrote epoch (a change it made): waits until the page
 * every process of the node reads shows it, so that when the caller
 * returns the whole node routes by the change. Bounded by recheck_ms plus a
 * little and by first_read_timeout_ms (a stopped or hung reader). */
void acq_db_cache_await_page(acq_db_cache *c, uint64_t epoch);

/* The poller serving this cache (started if need be); NULL with err filled. */
struct acq_db_poller *acq_db_cache_poller(acq_db_cache *c, char *err, size_t errlen);

/* How the node's reads are going, for status: ms since the last good read
 * (-1: never), its wall time, the number of reads made for the page. */
typedef struct acq_db_freshness {
	int64_t age_ms;
	int64_t last_ok_wall_ms;
	uint64_t page_reads;
	int poller_pid;
} acq_db_freshness;

void acq_db_cache_freshness(const acq_db_cache *c, acq_db_freshness *out);

#endif
