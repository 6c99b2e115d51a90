/*
 * Elections and the other writes to the election file. Each one is a
 * compare-and-swap on the epoch, done under the lock after an authoritative
 * re-read: "I saw epoch E with active S fail". If the epoch has moved on,
 * someone else already decided: adopt their result and write nothing.
 */
#ifndef ACQ_DB_ELECTION_H
#define ACQ_DB_ELECTION_H

#include "node/acq_db_cache.h"
#include "failover/acq_db_promote.h"

/* Checks one candidate. Returns 0 when it is usable as the master; otherwise
 * writes why not into why. In the extension this is the caller's own connect. */
typedef int (*acq_db_probe_fn)(void *arg, const acq_db_server *candidate, char *why, size_t whylen);

typedef enum acq_db_outcome {
	ACQ_DB_ELECTED = 1,   /* we wrote epoch E+1 */
	ACQ_DB_ADOPTED        /* the epoch had moved on: someone else decided */
} acq_db_outcome;

typedef struct acq_db_election_result {
	acq_db_outcome outcome;
	acq_db_state state;       /* the state now in force */
	int winner_probed;        /* the probe passed for state.active in this call */
	unsigned lock_waited_ms;
	int old_fenced;           /* promotion: the replaced master was reached and made read-only */
	char old_name[ACQ_DB_NAME_MAX]; /* switchover: the master it replaced */
} acq_db_election_result;

/* Automatic failover away from failed_name, which this process saw as active
 * at seen_epoch. cause says what went wrong (it ends up in the file). */
acq_db_rc acq_db_elect(acq_db_cache *c, uint64_t seen_epoch, const char *failed_name, const char *cause,
	acq_db_probe_fn probe, void *probe_arg, acq_db_election_result *res, char *err, size_t errlen);

/* Operator switchover to target (NULL: the first eligible server in
 * priority order other than the active one). probe may be NULL. The old active is not
 * demoted; target is removed from the demoted set. */
acq_db_rc acq_db_switchover(acq_db_cache *c, const char *target, const char *reason,
	acq_db_probe_fn probe, void *probe_arg, acq_db_election_result *res, char *err, size_t errlen);

/* The same two with promotion (acq_db_promote.h; pc NULL or without
 * credentials: exactly the calls above). Under the lock: the replaced master
 * is made read-only if it can be reached (a switchover refuses to go on if
 * it is reached but refuses), the candidate that passes the probe is
 * promoted (a failed promotion skips it; a switchover then makes the old
 * master writable again and changes nothing), and only then is the epoch
 * written. After the lock, the application's connections to a fenced old
 * master are killed so that they reconnect to the new one. */
acq_db_rc acq_db_elect_promoting(acq_db_cache *c, uint64_t seen_epoch, const char *failed_name, const char *cause,
	acq_db_probe_fn probe, void *probe_arg, const acq_db_promote_cfg *pc, acq_db_election_result *res,
	char *err, size_t errlen);
acq_db_rc acq_db_switchover_promoting(acq_db_cache *c, const char *target, const char *reason,
	acq_db_probe_fn probe, void *probe_arg, const acq_db_promote_cfg *pc, acq_db_election_result *res,
	char *err, size_t errlen);

/* Operator says name is healthy again: it becomes eligible (epoch + 1). */
acq_db_rc acq_db_rejoin(acq_db_cache *c, const char *name, acq_db_election_result *res, char *err, size_t errlen);

/* Creates the election file (epoch 1, or one above the lock file's mark if a
 * damaged file was moved aside); refuses to overwrite. active NULL: first server. */
acq_db_rc acq_db_init(acq_db_cache *c, const char *active, acq_db_state *out, char *err, size_t errlen);

#endif
