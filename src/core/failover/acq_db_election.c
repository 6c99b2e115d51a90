/*
 * The election state machine. Probes run while the lock is held, so that the
 * processes which saw the same failure wait and then adopt the result rather
 * than each electing (one election, not a herd). A lock that cannot be had,
 * a file that cannot be read under the lock, or no passing candidate: nothing
 * is written and the error says why.
 */
#include "failover/acq_db_election.h"
#include "lib/acq_db_clock.h"
#include "failover/acq_db_confirm.h"
#include "store/acq_db_copy.h"
#include "store/acq_db_lock.h"
#include "lib/acq_db_log.h"
#include "node/acq_db_poller.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the file-system steps of a change, on the poller's thread -------- */

/* What the poller's thread works on for one change. It lives on the heap:
 * when a step outlasts the deadline, the request walks away and the thread
 * finishes the step, releases the lock and frees this. */
typedef struct acq_db_change_io {
	acq_db_poller *poller;
	char election_file[ACQ_DB_PATH_MAX];
	unsigned timeout_ms;
	uint64_t start_ms;
	acq_db_lock lk;
	acq_db_state st;          /* read: what was read; write: what to write */
	uint64_t mark;            /* init: the copy's epoch */
	acq_db_rc rc;
	char err[ACQ_DB_ERR_MAX];
} acq_db_change_io;

/* One change as the request sees it. io becomes NULL once abandoned. */
typedef struct acq_db_change_run {
	acq_db_cache *c;
	acq_db_change_io *io;
	uint64_t fs_spent_us;     /* time waited for file-system steps: the deadline's clock */
	unsigned lock_waited_ms;
} acq_db_change_run;

static void acq_db_io_take_lock(void *arg)
{
	acq_db_change_io *io = arg;

	io->rc = acq_db_lock_take(io->election_file, io->timeout_ms, io->start_ms, &io->lk, io->err, sizeof(io->err));
	if (io->rc == ACQ_DB_OK) {
		acq_db_poller_set_held_lock(io->poller, io->lk.fd);
	}
}

static void acq_db_io_release(void *arg)
{
	acq_db_change_io *io = arg;

	if (io->lk.fd >= 0) {
		acq_db_poller_set_held_lock(io->poller, -1);
		acq_db_lock_drop(&io->lk);
	}
}

/* A step outlasted the deadline: whatever it did, the lock goes. */
static void acq_db_io_abandon(void *arg)
{
	acq_db_io_release(arg);
	free(arg);
}

/* The authoritative read under the lock. A shared file system may serve a
 * stale cached election file for a moment after another node's rename (or a
 * handle to the replaced file: ESTALE). The lock file's copy, read through
 * the held lock's own descriptor, is current (GlusterFS's client caches do not
 * serve it: measured by tests/run-herd.sh --gluster, where a separate
 * read-only open did serve stale copies), so it decides whenever it is newer
 * or the file is stale. */
static void acq_db_io_read(void *arg)
{
	acq_db_change_io *io = arg;

	io->rc = acq_db_read_freshest(io->election_file, io->lk.fd, &io->st, io->err, sizeof(io->err));
}

/* The lock file's copy first, then the election file: a reader whose path
 * still shows the old file (a stale cache) then always finds the new copy.
 * If the election file cannot be written, the copy is put back as it was,
 * so a failed change never takes effect through the copy. The rename makes
 * the write whole or nothing, also when it outlasts the deadline. */
static void acq_db_io_write(void *arg)
{
	acq_db_change_io *io = arg;
	acq_db_state before;
	int had_copy = acq_db_copy_read_fd(io->lk.fd, &before) == 0;

	io->rc = acq_db_copy_write(io->lk.fd, &io->st, io->err, sizeof(io->err));
	if (io->rc == ACQ_DB_OK) {
		io->rc = acq_db_efile_write(io->election_file, &io->st, io->err, sizeof(io->err));
		if (io->rc != ACQ_DB_OK) {
			/* undo the copy, or say that it could not be: readers take
			 * the freshest of file and copy, so a copy left ahead of the
			 * file names a change that was never recorded */
			if ((had_copy ? (acq_db_copy_write(io->lk.fd, &before, NULL, 0) == ACQ_DB_OK ? 0 : -1)
				: acq_db_copy_clear(io->lk.fd)) != 0) {
				size_t used = strlen(io->err);
				snprintf(io->err + used, sizeof(io->err) - used,
					"; the lock file's copy could not be undone either: check the volume, then "
					"acq-db-admin status shows which epoch the nodes follow");
			}
		}
	}
}

/* init: is there a file already, and the highest epoch ever written. */
static void acq_db_io_read_for_init(void *arg)
{
	acq_db_change_io *io = arg;

	io->rc = acq_db_efile_read(io->election_file, &io->st, NULL, 0);
	io->mark = acq_db_copy_mark(io->lk.fd);
}

#define ACQ_DB_STEP_GRACE_MS 250

/* Runs one step on the poller's thread within what is left of the deadline
 * (acq_db.lock_timeout_ms over every step of one change). */
static acq_db_rc acq_db_change_step(acq_db_change_run *s, acq_db_job_fn fn, const char *what, char *err, size_t errlen)
{
	unsigned budget = s->c->cfg->lock_timeout_ms;
	uint64_t spent_ms = s->fs_spent_us / 1000;
	unsigned left = spent_ms < budget ? budget - (unsigned) spent_ms : 0;
	uint64_t t0 = acq_db_clock_mono_us();

	/* The grace beyond the deadline lets a lock wait that ends on time say
	 * so itself ("held by pid N"); a file system that does not answer by
	 * then is hung. It also gives lock_timeout_ms=0 ("one try") its moment. */
	if (acq_db_poller_run(s->io->poller, fn, acq_db_io_abandon, s->io, left + ACQ_DB_STEP_GRACE_MS) != 0) {
		s->io = NULL;
		return acq_db_fail(err, errlen, ACQ_DB_E_FS_TIMEOUT,
			"the shared file system of %s did not answer within acq_db.lock_timeout_ms=%u while %s; "
			"nothing was decided here and no connection was made to a server whose election is not recorded%s",
			s->c->cfg->election_file, budget, what,
			fn == acq_db_io_write ? " (the write may still land, whole or not at all, when the file system answers)" : "");
	}
	s->fs_spent_us += acq_db_clock_mono_us() - t0;
	if (s->io->rc != ACQ_DB_OK) {
		return acq_db_fail(err, errlen, s->io->rc, "%s", s->io->err);
	}
	return ACQ_DB_OK;
}

/* The authoritative read under the lock; it must also know every name. */
static acq_db_rc acq_db_read_locked(acq_db_cache *c, acq_db_change_run *lk, acq_db_state *st, char *err, size_t errlen)
{
	acq_db_rc rc = acq_db_change_step(lk, acq_db_io_read, "reading the election file under the lock", err, errlen);

	if (rc == ACQ_DB_OK) {
		*st = lk->io->st;
		rc = acq_db_efile_check_servers(st, &c->cfg->servers, err, errlen);
	}
	if (rc == ACQ_DB_OK && c->have_state) {
		rc = acq_db_state_may_follow(&c->state, st, c->cfg->election_file, err, errlen);
	}
	return rc;
}

static acq_db_rc acq_db_write_locked(acq_db_cache *c, acq_db_change_run *lk, acq_db_state *st, char *err, size_t errlen)
{
	acq_db_rc rc;

	lk->io->st = *st;
	rc = acq_db_change_step(lk, acq_db_io_write, "writing the election file", err, errlen);
	if (rc == ACQ_DB_OK) {
		*st = lk->io->st; /* with the checksum the write computed */
		acq_db_cache_adopt(c, st, ACQ_DB_READ_ELECTION);
	}
	return rc;
}

/* Moves to the next epoch, records why and by whom, writes, and reports the new state. */
static acq_db_rc acq_db_commit_locked(acq_db_cache *c, acq_db_change_run *lk, acq_db_state *st, const char *reason,
	int probed, acq_db_election_result *res, char *err, size_t errlen)
{
	acq_db_rc rc;

	/* epochs stay within a signed 64-bit integer: PHP shows them as int */
	if (st->epoch >= (uint64_t) INT64_MAX) {
		return acq_db_fail(err, errlen, ACQ_DB_E_CORRUPT, "epoch %" PRIu64 " cannot grow any further; nothing was written",
			st->epoch);
	}
	st->epoch++;
	acq_db_state_set_reason(st, reason);
	acq_db_state_stamp(st);
	rc = acq_db_write_locked(c, lk, st, err, errlen);
	if (rc == ACQ_DB_OK) {
		res->outcome = ACQ_DB_ELECTED;
		res->state = *st;
		res->winner_probed = probed;
	}
	return rc;
}

static void acq_db_append(char *buf, size_t len, const char *fmt, const char *a, const char *b, const char *why)
{
	size_t used = strlen(buf);

	if (used < len) {
		snprintf(buf + used, len - used, fmt, a, b, why);
	}
}

/* Tries candidates in priority order; index of the winner or -1 with tried
 * filled with "name (addr): why; ..." for every server that was considered. */
static int acq_db_pick_candidate(acq_db_cache *c, const acq_db_state *st, const char *failed,
	acq_db_probe_fn probe, void *arg, const acq_db_promote_cfg *pc, char *tried, size_t triedlen)
{
	const acq_db_server_list *list = &c->cfg->servers;
	int i;

	tried[0] = '\0';
	for (i = 0; i < list->count; i++) {
		const acq_db_server *s = &list->items[i];
		char addr[ACQ_DB_HOST_MAX + 16];
		char why[ACQ_DB_ERR_MAX] = "";

		acq_db_server_format_addr(s, addr, sizeof(addr));
		if (strcmp(s->name, failed) == 0) {
			acq_db_append(tried, triedlen, "%s (%s): %s; ", s->name, addr, "the failed master");
			continue;
		}
		if (acq_db_state_is_demoted(st, s->name)) {
			acq_db_append(tried, triedlen, "%s (%s): %s; ", s->name, addr,
				"demoted, needs acq_db_rejoin() before it can be elected");
			continue;
		}
		if ((!probe || probe(arg, s, why, sizeof(why)) == 0) && acq_db_promote(pc, s, NULL, why, sizeof(why)) == 0) {
			return i;
		}
		acq_db_append(tried, triedlen, "%s (%s): %s; ", s->name, addr, why[0] ? why : "probe failed");
	}
	return -1;
}

/* With promotion: only the failed master's replicas that received the most
 * are tried, in list order (acq_db_confirm_rank); the others are named in
 * tried with the reason they were left out. */
static int acq_db_pick_by_data(acq_db_cache *c, const acq_db_state *st, const char *failed,
	acq_db_probe_fn probe, void *arg, const acq_db_promote_cfg *pc, acq_db_ranking *rk, char *tried, size_t triedlen)
{
	const acq_db_server_list *list = &c->cfg->servers;
	int i;

	acq_db_confirm_rank(pc, list, st, failed, rk);
	tried[0] = '\0';
	for (i = 0; i < rk->count; i++) {
		const acq_db_server *s = &list->items[rk->order[i]];
		char addr[ACQ_DB_HOST_MAX + 16];
		char why[ACQ_DB_ERR_MAX] = "";

		acq_db_server_format_addr(s, addr, sizeof(addr));
		if ((!probe || probe(arg, s, why, sizeof(why)) == 0) && acq_db_promote(pc, s, NULL, why, sizeof(why)) == 0) {
			return rk->order[i];
		}
		acq_db_append(tried, triedlen, "%s (%s): %s; ", s->name, addr, why[0] ? why : "probe failed");
	}
	acq_db_strlcpy(tried + strlen(tried), rk->excluded, triedlen - strlen(tried));
	return -1;
}

/* What a change needs; each kind of change reads the fields it uses. */
typedef struct acq_db_change {
	uint64_t seen_epoch;     /* elect */
	const char *name;        /* elect: the failed master; switchover: target; rejoin, init: the server */
	const char *text;        /* elect: cause; switchover: reason */
	acq_db_probe_fn probe;
	void *probe_arg;
	const acq_db_promote_cfg *promote; /* elect, switchover; NULL: no promotion */
	acq_db_ranking *ranking; /* elect with promotion: the candidates by data, for re-pointing afterwards */
	int master_silent;       /* elect: the failed master did not answer the confirmation's admin connect */
} acq_db_change;

typedef acq_db_rc (*acq_db_locked_fn)(acq_db_cache *c, acq_db_change_run *lk, const acq_db_change *rq,
	acq_db_election_result *res, char *err, size_t errlen);

/* Every change: take the lock, decide and write under it, release; the
 * file-system steps on the poller's thread, within one deadline. */
static acq_db_rc acq_db_run_locked(acq_db_cache *c, acq_db_locked_fn fn, const acq_db_change *rq,
	acq_db_election_result *res, char *err, size_t errlen)
{
	acq_db_change_run s;
	acq_db_poller *poller;
	acq_db_rc rc;

	memset(res, 0, sizeof(*res));
	memset(&s, 0, sizeof(s));
	s.c = c;
	if (!(poller = acq_db_cache_poller(c, err, errlen))) {
		return ACQ_DB_E_IO;
	}
	rc = acq_db_lock_enter(c->cfg->election_file, c->cfg->lock_timeout_ms, err, errlen);
	if (rc != ACQ_DB_OK) {
		return rc;
	}
	s.io = calloc(1, sizeof(*s.io));
	if (!s.io) {
		acq_db_lock_leave();
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "out of memory");
	}
	s.io->poller = poller;
	s.io->lk.fd = -1;
	s.io->timeout_ms = c->cfg->lock_timeout_ms;
	s.io->start_ms = acq_db_clock_mono_us() / 1000;
	acq_db_strlcpy(s.io->election_file, c->cfg->election_file, sizeof(s.io->election_file));
	rc = acq_db_change_step(&s, acq_db_io_take_lock, "taking the lock", err, errlen);
	if (rc == ACQ_DB_OK) {
		res->lock_waited_ms = s.io->lk.waited_ms;
		rc = fn(c, &s, rq, res, err, errlen);
	}
	if (s.io) {
		/* releasing never waits long: closing a descriptor */
		if (acq_db_poller_run(poller, acq_db_io_release, acq_db_io_abandon, s.io, c->cfg->lock_timeout_ms + 1000) == 0) {
			free(s.io);
		}
	}
	acq_db_lock_leave();
	if (rc == ACQ_DB_OK && res->outcome == ACQ_DB_ELECTED) {
		acq_db_cache_await_page(c, res->state.epoch); /* the node's other processes use it when we return */
	}
	return rc;
}

#define ACQ_DB_ELECTION_PREFIX "election: "

/* The active server came from an automatic election less than
 * failover_hold_ms ago. Operator changes (switchover, rejoin, init) do not
 * start the hold. */
static int acq_db_within_hold(const acq_db_cache *c, const acq_db_state *st)
{
	int64_t age = acq_db_clock_wall_ms() - st->changed_at_ms;

	return c->cfg->failover_hold_ms > 0
		&& st->change == ACQ_DB_CHANGE_ELECTION
		&& age >= 0 && age < (int64_t) c->cfg->failover_hold_ms;
}

static const acq_db_server *acq_db_member(const acq_db_cache *c, const char *name)
{
	int idx = name ? acq_db_servers_find(&c->cfg->servers, name) : -1;

	return idx >= 0 ? &c->cfg->servers.items[idx] : NULL;
}

/* An election moves away from a master that failed the caller's connect;
 * if the admin connection still reaches it, it stops taking writes before
 * anyone else is made writable. 1 when it was made read-only, 0 when it
 * could not be reached, -1 when it was reached and refused (why filled):
 * that stops the election, as it stops a switchover, since it would go on
 * taking writes next to the new master. */
static int acq_db_fence_locked(acq_db_cache *c, const acq_db_promote_cfg *pc, const char *failed, int master_silent,
	char *why, size_t whylen)
{
	const acq_db_server *old = acq_db_member(c, failed);
	int rc;

	if (!acq_db_promote_enabled(pc) || !old) {
		return 0;
	}
	if (master_silent) {
		acq_db_log(ACQ_DB_LOG_NOTICE, "not fencing %s before the election: it did not answer an admin connect while "
			"its replicas' silence was confirmed", old->name);
		return 0;
	}
	rc = acq_db_promote_fence(pc, old, NULL, 0, why, whylen);
	if (rc == 0) {
		return 1;
	}
	if (rc > 0) {
		acq_db_log(ACQ_DB_LOG_NOTICE, "could not fence %s before the election (%s)", old->name, why);
		return 0;
	}
	return -1;
}

/* Nobody took over: the fenced master is all there is, so it takes writes again. */
static void acq_db_unfence_locked(acq_db_cache *c, const acq_db_promote_cfg *pc, const char *old_name,
	acq_db_election_result *res)
{
	char why[ACQ_DB_ERR_MAX] = "";

	if (res->old_fenced && acq_db_promote_unfence(pc, acq_db_member(c, old_name), why, sizeof(why)) != 0) {
		acq_db_log(ACQ_DB_LOG_ERROR, "%s was made read-only for a change that did not happen, and turning "
			"read_only off again failed: %s; SET GLOBAL read_only=0 on it by hand", old_name, why);
	}
	res->old_fenced = 0;
}

/* After the epoch is written: the old master's sessions go, and reconnect to the new one. */
static void acq_db_fence_after_commit(acq_db_cache *c, const acq_db_promote_cfg *pc, const char *old_name,
	const acq_db_election_result *res)
{
	char why[ACQ_DB_ERR_MAX] = "";

	if (res->outcome == ACQ_DB_ELECTED && res->old_fenced
		&& acq_db_promote_kill_clients(pc, acq_db_member(c, old_name), why, sizeof(why)) < 0) {
		acq_db_log(ACQ_DB_LOG_WARNING, "could not end the application's connections to %s (%s); it is read-only",
			old_name, why);
	}
}

static acq_db_rc acq_db_elect_locked(acq_db_cache *c, acq_db_change_run *lk, const acq_db_change *rq,
	acq_db_election_result *res, char *err, size_t errlen)
{
	uint64_t seen_epoch = rq->seen_epoch;
	const char *failed = rq->name;
	const char *cause = rq->text;
	acq_db_probe_fn probe = rq->probe;
	void *arg = rq->probe_arg;
	char tried[ACQ_DB_ERR_MAX];
	char reason[ACQ_DB_REASON_MAX];
	acq_db_state st;
	acq_db_rc rc = acq_db_read_locked(c, lk, &st, err, errlen);
	int fenced;
	int winner;

	if (rc != ACQ_DB_OK) {
		return rc;
	}
	if (st.epoch != seen_epoch) {
		acq_db_cache_adopt(c, &st, ACQ_DB_READ_ELECTION);
		res->outcome = ACQ_DB_ADOPTED;
		res->state = st;
		return ACQ_DB_OK;
	}
	if (acq_db_within_hold(c, &st)) {
		acq_db_cache_adopt(c, &st, ACQ_DB_READ_ELECTION);
		return acq_db_fail(err, errlen, ACQ_DB_E_HOLD,
			"automatic failover away from %s refused: it was itself elected %lld ms ago "
			"(acq_db.failover_hold_ms=%u). Failures in a row point at a cause that would follow the master "
			"(a query of death, an overload); an operator decides: acq_db_switchover('NAME') or acq-db-admin switchover NAME",
			failed, (long long) (acq_db_clock_wall_ms() - st.changed_at_ms), c->cfg->failover_hold_ms);
	}
	acq_db_strlcpy(res->old_name, failed, sizeof(res->old_name));
	fenced = acq_db_fence_locked(c, rq->promote, failed, rq->master_silent, tried, sizeof(tried));
	if (fenced < 0) {
		acq_db_cache_adopt(c, &st, ACQ_DB_READ_ELECTION);
		acq_db_log(ACQ_DB_LOG_WARNING, "no election away from %s: it was reached and refused read_only=1 (%s)",
			failed, tried);
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "election away from %s at epoch %" PRIu64 " refused: it was "
			"reached and could not be made read-only (%s), so it would go on taking writes next to a new master; "
			"nothing was changed", failed, seen_epoch, tried);
	}
	res->old_fenced = fenced;
	if (acq_db_promote_enabled(rq->promote) && rq->ranking) {
		winner = acq_db_pick_by_data(c, &st, failed, probe, arg, rq->promote, rq->ranking, tried, sizeof(tried));
	} else {
		winner = acq_db_pick_candidate(c, &st, failed, probe, arg, rq->promote, tried, sizeof(tried));
	}
	if (winner < 0) {
		acq_db_unfence_locked(c, rq->promote, failed, res);
		acq_db_cache_adopt(c, &st, ACQ_DB_READ_ELECTION);
		return acq_db_fail(err, errlen, ACQ_DB_E_NO_CANDIDATE,
			"no server can take over from %s at epoch %" PRIu64 " (%s); tried: %s",
			failed, seen_epoch, cause ? cause : "failed", tried);
	}
	acq_db_state_demote(&st, failed);
	acq_db_state_undemote(&st, c->cfg->servers.items[winner].name);
	acq_db_strlcpy(st.active, c->cfg->servers.items[winner].name, sizeof(st.active));
	snprintf(reason, sizeof(reason), ACQ_DB_ELECTION_PREFIX "%s failed: %s", failed, cause ? cause : "unknown");
	st.change = ACQ_DB_CHANGE_ELECTION;
	return acq_db_commit_locked(c, lk, &st, reason, probe != NULL, res, err, errlen);
}

/* The other replicas of the failed master now replicate from the new one:
 * only those that received nothing the new master lacks. */
static void acq_db_repoint_replicas(acq_db_cache *c, const acq_db_promote_cfg *pc, const acq_db_ranking *rk,
	const char *winner_name)
{
	int winner = acq_db_servers_find(&c->cfg->servers, winner_name);
	int i;

	for (i = 0; winner >= 0 && i < rk->nreplicas; i++) {
		const acq_db_server *s = &c->cfg->servers.items[rk->replicas[i]];
		char why[ACQ_DB_ERR_MAX] = "";

		if (rk->replicas[i] == winner) {
			continue;
		}
		if (!acq_db_confirm_covers(rk, winner, rk->replicas[i])) {
			acq_db_log(ACQ_DB_LOG_ERROR, "%s was not re-pointed to %s: it received transactions %s lacks (%s); "
				"it still replicates from the dead master", s->name, winner_name, winner_name, rk->received[rk->replicas[i]]);
		} else if (acq_db_promote_repoint(pc, s, &c->cfg->servers.items[winner], 0, why, sizeof(why)) != 0) {
			acq_db_log(ACQ_DB_LOG_ERROR, "%s could not be re-pointed to %s (%s); it still replicates from the dead "
				"master: CHANGE MASTER TO MASTER_HOST=... on it by hand", s->name, winner_name, why);
		}
	}
}

/* Confirms before the lock, so that processes that saw the same failure
 * confirm side by side rather than one after the other; the epoch is
 * checked first: nothing to confirm once someone else has decided. */
static acq_db_rc acq_db_elect_confirm(acq_db_cache *c, uint64_t seen_epoch, const char *failed_name, const char *cause,
	const acq_db_promote_cfg *pc, int *master_silent, char *confirmed, size_t conflen, char *err, size_t errlen)
{
	const acq_db_state *now = NULL;
	char e[ACQ_DB_ERR_MAX];
	acq_db_verdict v;

	if (acq_db_cache_get(c, &now, e, sizeof(e)) == ACQ_DB_OK && now->epoch != seen_epoch) {
		snprintf(confirmed, conflen, "not asked: epoch %" PRIu64 " is already decided", now->epoch);
		return ACQ_DB_OK;
	}
	v = acq_db_confirm_dead(pc, &c->cfg->servers, failed_name, cause, master_silent, confirmed, conflen);
	if (v == ACQ_DB_VERDICT_ALIVE || v == ACQ_DB_VERDICT_UNSURE) {
		return acq_db_fail(err, errlen, ACQ_DB_E_ALIVE, "%s", confirmed);
	}
	return ACQ_DB_OK;
}

/* A failed or refused election reaches the operator's log as one line:
 * the cause, then err (every candidate tried and why it was refused). The
 * same failure in this process again within ACQ_DB_FAILED_LOG_QUIET_MS is
 * not repeated: every connect of a process, and every process of a herd,
 * meets the same dead master and would say the same thing. */
#define ACQ_DB_FAILED_LOG_QUIET_MS 10000

static void acq_db_log_failed_election(const char *failed_name, uint64_t seen_epoch, const char *cause, acq_db_rc rc,
	const char *err)
{
	static uint64_t last_ms, last_epoch;
	static acq_db_rc last_rc;
	static char last_failed[ACQ_DB_NAME_MAX];
	uint64_t now = acq_db_clock_mono_ms();

	if (last_ms && now - last_ms < ACQ_DB_FAILED_LOG_QUIET_MS && last_rc == rc && last_epoch == seen_epoch
		&& strcmp(last_failed, failed_name) == 0) {
		return;
	}
	last_ms = now;
	last_rc = rc;
	last_epoch = seen_epoch;
	acq_db_strlcpy(last_failed, failed_name, sizeof(last_failed));
	acq_db_log(ACQ_DB_LOG_ERROR, "election away from %s failed (%s) at epoch %" PRIu64 ", cause: %s: %s", failed_name,
		acq_db_rc_name(rc), seen_epoch, cause ? cause : "unknown", err && err[0] ? err : "(no detail)");
}

acq_db_rc acq_db_elect_promoting(acq_db_cache *c, uint64_t seen_epoch, const char *failed_name, const char *cause,
	acq_db_probe_fn probe, void *probe_arg, const acq_db_promote_cfg *pc, acq_db_election_result *res,
	char *err, size_t errlen)
{
	acq_db_ranking ranking;
	acq_db_change rq = { seen_epoch, failed_name, cause, probe, probe_arg, pc, &ranking, 0 };
	char confirmed[ACQ_DB_ERR_MAX] = "";
	acq_db_rc rc;

	memset(&ranking, 0, sizeof(ranking));
	rc = acq_db_elect_confirm(c, seen_epoch, failed_name, cause, pc, &rq.master_silent, confirmed, sizeof(confirmed),
		err, errlen);
	if (rc != ACQ_DB_OK) {
		memset(res, 0, sizeof(*res));
		return rc;
	}
	rc = acq_db_run_locked(c, acq_db_elect_locked, &rq, res, err, errlen);
	if (rc != ACQ_DB_OK) {
		acq_db_log_failed_election(failed_name, seen_epoch, cause, rc, err);
	}
	if (rc == ACQ_DB_OK && res->outcome == ACQ_DB_ELECTED) {
		acq_db_log(ACQ_DB_LOG_WARNING, "elected %s at epoch %" PRIu64 " replacing %s (cause: %s; %s) by %s pid %ld",
			res->state.active, res->state.epoch, failed_name, cause ? cause : "unknown", confirmed,
			res->state.changed_by_host, res->state.changed_by_pid);
		acq_db_fence_after_commit(c, pc, failed_name, res);
		if (acq_db_promote_enabled(pc)) {
			acq_db_repoint_replicas(c, pc, &ranking, res->state.active);
		}
	}
	return rc;
}

acq_db_rc acq_db_elect(acq_db_cache *c, uint64_t seen_epoch, const char *failed_name, const char *cause,
	acq_db_probe_fn probe, void *probe_arg, acq_db_election_result *res, char *err, size_t errlen)
{
	return acq_db_elect_promoting(c, seen_epoch, failed_name, cause, probe, probe_arg, NULL, res, err, errlen);
}

/* Resolves the switchover target: a known server other than the active one. */
static acq_db_rc acq_db_switchover_target(acq_db_cache *c, const acq_db_state *st, const char *target,
	int *idx, char *err, size_t errlen)
{
	const acq_db_server_list *list = &c->cfg->servers;
	int i;

	if (target) {
		*idx = acq_db_servers_find(list, target);
		if (*idx < 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_UNKNOWN_SERVER, "'%s' is not in acq_db.servers", target);
		}
		if (strcmp(target, st->active) == 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "'%s' is already the active server (epoch %" PRIu64 ")",
				target, st->epoch);
		}
		return ACQ_DB_OK;
	}
	for (i = 0; i < list->count; i++) {
		if (strcmp(list->items[i].name, st->active) != 0 && !acq_db_state_is_demoted(st, list->items[i].name)) {
			*idx = i;
			return ACQ_DB_OK;
		}
	}
	return acq_db_fail(err, errlen, ACQ_DB_E_NO_CANDIDATE,
		"no eligible server to switch to from %s: every other server is demoted (use acq_db_rejoin() first)", st->active);
}

/* A planned switchover stops writes on the old master first, so that the
 * target can apply its very last transaction. An old master that cannot be
 * reached is moved away from as in an election; one that is reached but
 * refuses stops the switchover: it would go on taking writes. */
static acq_db_rc acq_db_switchover_demote_locked(acq_db_cache *c, const acq_db_promote_cfg *pc, const char *active,
	char *pos, size_t poslen, acq_db_election_result *res, char *err, size_t errlen)
{
	const acq_db_server *old = acq_db_member(c, active);
	char why[ACQ_DB_ERR_MAX] = "";
	int rc;

	if (!acq_db_promote_enabled(pc) || !old) {
		return ACQ_DB_OK;
	}
	rc = acq_db_promote_fence(pc, old, pos, poslen, why, sizeof(why));
	if (rc == 0) {
		res->old_fenced = 1;
		return ACQ_DB_OK;
	}
	if (rc > 0) {
		acq_db_log(ACQ_DB_LOG_WARNING, "switchover: %s cannot be reached to make it read-only (%s); "
			"going on as after a failure", old->name, why);
		return ACQ_DB_OK;
	}
	return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "switchover refused: %s could not be made read-only (%s); "
		"nothing was changed", old->name, why);
}

/* The old master of a switchover, read-only now, replicates from the new
 * one; if it cannot, it is left demoted (it must rejoin) and the log says so. */
static void acq_db_switchover_old_master_locked(acq_db_cache *c, const acq_db_promote_cfg *pc, acq_db_state *st,
	const acq_db_server *target, const acq_db_election_result *res)
{
	const acq_db_server *old = acq_db_member(c, st->active);
	char why[ACQ_DB_ERR_MAX] = "";

	if (!res->old_fenced || !old) {
		return;
	}
	if (acq_db_promote_repoint(pc, old, target, 1, why, sizeof(why)) == 0) {
		return;
	}
	acq_db_state_demote(st, old->name);
	acq_db_log(ACQ_DB_LOG_WARNING, "switchover: %s is left demoted (read_only=1): it could not be made a replica of %s "
		"(%s); make it one by hand, then acq_db_rejoin('%s')", old->name, target->name, why, old->name);
}

static acq_db_rc acq_db_switchover_locked(acq_db_cache *c, acq_db_change_run *lk, const acq_db_change *rq,
	acq_db_election_result *res, char *err, size_t errlen)
{
	const char *target = rq->name;
	const char *reason = rq->text;
	acq_db_probe_fn probe = rq->probe;
	void *arg = rq->probe_arg;
	char why[ACQ_DB_ERR_MAX] = "";
	char text[ACQ_DB_REASON_MAX];
	char pos[ACQ_DB_GTID_MAX] = "";
	acq_db_state st;
	acq_db_rc rc = acq_db_read_locked(c, lk, &st, err, errlen);
	const acq_db_server *s;
	int idx = -1;

	if (rc == ACQ_DB_OK) {
		rc = acq_db_switchover_target(c, &st, target, &idx, err, errlen);
	}
	if (rc != ACQ_DB_OK) {
		return rc;
	}
	s = &c->cfg->servers.items[idx];
	acq_db_strlcpy(res->old_name, st.active, sizeof(res->old_name));
	rc = acq_db_switchover_demote_locked(c, rq->promote, st.active, pos, sizeof(pos), res, err, errlen);
	if (rc != ACQ_DB_OK) {
		return rc;
	}
	if (probe && probe(arg, s, why, sizeof(why)) != 0) {
		acq_db_unfence_locked(c, rq->promote, st.active, res);
		return acq_db_fail(err, errlen, ACQ_DB_E_NO_CANDIDATE, "switchover target %s failed its check: %s", s->name, why);
	}
	if (acq_db_promote(rq->promote, s, res->old_fenced ? pos : NULL, why, sizeof(why)) != 0) {
		acq_db_unfence_locked(c, rq->promote, st.active, res);
		return acq_db_fail(err, errlen, ACQ_DB_E_NO_CANDIDATE,
			"switchover target %s could not be promoted: %s; %s stays the master", s->name, why, st.active);
	}
	acq_db_switchover_old_master_locked(c, rq->promote, &st, s, res);
	snprintf(text, sizeof(text), "switchover from %s: %s", st.active, reason && reason[0] ? reason : "manual");
	acq_db_state_undemote(&st, s->name);
	acq_db_strlcpy(st.active, s->name, sizeof(st.active));
	st.change = ACQ_DB_CHANGE_SWITCHOVER;
	return acq_db_commit_locked(c, lk, &st, text, probe != NULL, res, err, errlen);
}

acq_db_rc acq_db_switchover_promoting(acq_db_cache *c, const char *target, const char *reason,
	acq_db_probe_fn probe, void *probe_arg, const acq_db_promote_cfg *pc, acq_db_election_result *res,
	char *err, size_t errlen)
{
	acq_db_change rq = { 0, target, reason, probe, probe_arg, pc, NULL, 0 };
	acq_db_rc rc;

	rc = acq_db_run_locked(c, acq_db_switchover_locked, &rq, res, err, errlen);
	if (rc == ACQ_DB_OK) {
		acq_db_log(ACQ_DB_LOG_WARNING, "switched over to %s at epoch %" PRIu64 " (%s) by %s pid %ld",
			res->state.active, res->state.epoch, res->state.reason, res->state.changed_by_host, res->state.changed_by_pid);
		acq_db_fence_after_commit(c, pc, res->old_name, res);
		if (res->old_fenced) {
			(void) acq_db_confirm_repoint_followers(pc, &c->cfg->servers, res->old_name, res->state.active);
		}
	}
	return rc;
}

acq_db_rc acq_db_switchover(acq_db_cache *c, const char *target, const char *reason,
	acq_db_probe_fn probe, void *probe_arg, acq_db_election_result *res, char *err, size_t errlen)
{
	return acq_db_switchover_promoting(c, target, reason, probe, probe_arg, NULL, res, err, errlen);
}

static acq_db_rc acq_db_rejoin_locked(acq_db_cache *c, acq_db_change_run *lk, const acq_db_change *rq,
	acq_db_election_result *res, char *err, size_t errlen)
{
	const char *name = rq->name;
	char text[ACQ_DB_REASON_MAX];
	acq_db_state st;
	acq_db_rc rc = acq_db_read_locked(c, lk, &st, err, errlen);

	if (rc != ACQ_DB_OK) {
		return rc;
	}
	if (!acq_db_state_is_demoted(&st, name)) {
		acq_db_cache_adopt(c, &st, ACQ_DB_READ_ELECTION);
		res->outcome = ACQ_DB_ADOPTED;
		res->state = st;
		return ACQ_DB_OK; /* already eligible: nothing to write */
	}
	acq_db_state_undemote(&st, name);
	snprintf(text, sizeof(text), "rejoin: %s declared healthy by an operator", name);
	st.change = ACQ_DB_CHANGE_REJOIN;
	return acq_db_commit_locked(c, lk, &st, text, 0, res, err, errlen);
}

acq_db_rc acq_db_rejoin(acq_db_cache *c, const char *name, acq_db_election_result *res, char *err, size_t errlen)
{
	acq_db_change rq = { 0, name, NULL, NULL, NULL, NULL, NULL, 0 };
	acq_db_rc rc;

	if (acq_db_servers_find(&c->cfg->servers, name) < 0) {
		memset(res, 0, sizeof(*res));
		return acq_db_fail(err, errlen, ACQ_DB_E_UNKNOWN_SERVER, "'%s' is not in acq_db.servers", name);
	}
	rc = acq_db_run_locked(c, acq_db_rejoin_locked, &rq, res, err, errlen);
	if (rc == ACQ_DB_OK && res->outcome == ACQ_DB_ELECTED) {
		acq_db_log(ACQ_DB_LOG_WARNING, "%s rejoined (eligible again) at epoch %" PRIu64, name, res->state.epoch);
	}
	return rc;
}

static acq_db_rc acq_db_init_locked(acq_db_cache *c, acq_db_change_run *lk, const acq_db_change *rq,
	acq_db_election_result *res, char *err, size_t errlen)
{
	const char *active = rq->name;
	acq_db_state st;
	acq_db_rc rc = acq_db_change_step(lk, acq_db_io_read_for_init, "reading the election file under the lock", err, errlen);

	if (rc == ACQ_DB_E_FS_TIMEOUT) {
		return rc;
	}
	rc = lk->io->rc;
	if (rc != ACQ_DB_E_MISSING) {
		return acq_db_fail(err, errlen, ACQ_DB_E_EXISTS,
			"election file %s already exists (%s); refusing to overwrite it: use acq_db_switchover() to change "
			"the active server, or remove the file by hand if you really mean to start over",
			c->cfg->election_file, rc == ACQ_DB_OK ? "valid" : acq_db_rc_name(rc));
	}
	memset(&st, 0, sizeof(st));
	/* After a damaged file was moved aside, continue above every epoch ever
	 * written, so that caches holding a later epoch accept the new file. */
	st.epoch = lk->io->mark; /* + 1 by commit */
	acq_db_strlcpy(st.active, active, sizeof(st.active));
	st.change = ACQ_DB_CHANGE_INIT;
	if ((rc = acq_db_state_new_incarnation(&st, err, errlen)) != ACQ_DB_OK) {
		return rc;
	}
	return acq_db_commit_locked(c, lk, &st, "initialised", 0, res, err, errlen);
}

acq_db_rc acq_db_init(acq_db_cache *c, const char *active, acq_db_state *out, char *err, size_t errlen)
{
	acq_db_election_result res;
	acq_db_change rq = { 0, active, NULL, NULL, NULL, NULL, NULL, 0 };
	acq_db_rc rc;

	if (c->cfg->servers.count == 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "acq_db.servers is empty");
	}
	if (!active) {
		active = c->cfg->servers.items[0].name;
	} else if (acq_db_servers_find(&c->cfg->servers, active) < 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_UNKNOWN_SERVER, "'%s' is not in acq_db.servers", active);
	}
	rq.name = active;
	rc = acq_db_run_locked(c, acq_db_init_locked, &rq, &res, err, errlen);
	if (rc == ACQ_DB_OK) {
		*out = res.state;
		acq_db_log(ACQ_DB_LOG_NOTICE, "initialised %s with active server %s at epoch %" PRIu64, c->cfg->election_file, active, out->epoch);
	}
	return rc;
}
