/*
 * The poller: one background thread per process that does every piece of
 * I/O on the election file's file system, so that no request ever waits on
 * it. A FUSE request that reached a frozen GlusterFS brick cannot be
 * interrupted, not even by SIGKILL; a timeout around a read in the request
 * would not help, so the read happens here and the request only looks at the
 * page the poller publishes (acq_db_page.h).
 *
 * Per node (per Unix user, election file and recheck_ms) one process's
 * poller holds the lease, an flock on the page file in acq_db.state_dir that
 * the kernel frees when its holder dies, and it alone re-reads the shared
 * file every recheck_ms: the shared file system sees one reader per node,
 * not one per PHP process. Every other process's poller only waits for the
 * lease. With node sharing off (no state_dir), each process reads for itself.
 *
 * The lease has a deadline: a holder that is alive but has not read for 4 x
 * recheck_ms + 250 ms (stopped by SIGSTOP, Ctrl-Z, a debugger or a frozen
 * cgroup, or stuck on the volume) no longer speaks for the node; each
 * follower then reads for itself into a page of its own, every recheck_ms,
 * and goes back to the node's page once the holder reads again.
 *
 * The reader sleeps on an inotify watch of the election file's directory
 * with recheck_ms as its timeout: a change made on this node (the rename of
 * a new election file, the lock file closed after its copy was written) is
 * read and published at once. FUSE raises no event for another client's
 * writes, so other nodes' changes still arrive by the timed re-read. A
 * watch that cannot be set up leaves the timed re-read alone (one warning).
 *
 * Elections hand their file-system steps (lock, authoritative read, write)
 * to the same thread as jobs and wait for each with a deadline: a job that
 * does not finish in time is abandoned to the thread, which finishes it when
 * the file system answers and then runs its clean-up (release the lock).
 */
#ifndef ACQ_DB_POLLER_H
#define ACQ_DB_POLLER_H

#include "node/acq_db_cache.h"
#include "node/acq_db_page.h"

typedef struct acq_db_poller acq_db_poller;

typedef enum acq_db_poller_mode {
	ACQ_DB_POLLER_NODE = 0,   /* one reader per node, through the shared page */
	ACQ_DB_POLLER_PROCESS     /* this process reads for itself */
} acq_db_poller_mode;

typedef struct acq_db_poller_info {
	acq_db_poller_mode mode;
	int leader;               /* this process holds the node's lease */
	int self_reading;         /* a follower reading for itself: the holder is late */
	int helper;               /* the reading is done by a helper process, not a thread */
	int helper_pid;           /* its pid, once it runs (0: not yet, or a thread) */
	char page_path[ACQ_DB_PATH_MAX];
	char fallback_reason[ACQ_DB_ERR_MAX]; /* why node sharing is off, if it was asked for */
} acq_db_poller_info;

/* The process's poller for cfg's election file, created on first use and
 * restarted in a child after fork(). NULL with err filled when no thread can
 * be started. */
acq_db_poller *acq_db_poller_get(const acq_db_config *cfg, char *err, size_t errlen);

/* The page requests read now: the node's, or a follower's own while the
 * lease holder is late (see the slot). */
const acq_db_page *acq_db_poller_page(const acq_db_poller *p);

/* Where the poller keeps that pointer: a request compares it with the page
 * it last looked at, one load, and so notices a switch on its fast path. */
acq_db_page *const *acq_db_poller_page_slot(const acq_db_poller *p);

void acq_db_poller_get_info(const acq_db_poller *p, acq_db_poller_info *out);

/* Short-lived processes (the operator tool, PHP's CLI): from now on the
 * pollers of this process read through a helper process, not a thread, so
 * that a read stuck in a hung FUSE volume never holds the process at exit
 * (a stuck thread does: the exit waits for it). The helper is left behind
 * and exits when the file system lets it go. Call before the first use. */
void acq_db_poller_use_helper_process(int on);

/* Asks for a read now (without waiting for recheck_ms). */
void acq_db_poller_poke(acq_db_poller *p);

/* Waits until the page shows a read that started after this call, at most
 * timeout_ms. 0 when one finished, -1 on timeout. */
int acq_db_poller_wait_fresh_read(acq_db_poller *p, unsigned timeout_ms);

/* Logs, once, what the thread could not tell itself (it never logs): a
 * watch that could not be set up. Request side; cheap when there is nothing. */
void acq_db_poller_report(acq_db_poller *p);

/* 1 while the thread watches the election file's directory (it reads for
 * the node or the process and the watch could be set up). */
int acq_db_poller_watching(const acq_db_poller *p);

/* For tests: the errno with which every later watch set-up fails (0: none). */
void acq_db_poller_test_fail_watch(int e);

typedef void (*acq_db_job_fn)(void *arg);

/* Runs fn(arg) on the poller's thread and waits at most timeout_ms. Returns 0
 * when fn has returned. Returns -1 on timeout: from then on the thread owns
 * arg; it finishes fn if it started it and then calls abandon(arg).
 * arg is a block from malloc/calloc that points at nothing but the poller:
 * with a helper process (acq_db_poller_use_helper_process) its bytes travel
 * there and back, fn and abandon run on the helper's copy, and on timeout
 * the caller's block is freed here. */
int acq_db_poller_run(acq_db_poller *p, acq_db_job_fn fn, acq_db_job_fn abandon, void *arg, unsigned timeout_ms);

/* The lock file descriptor the thread holds for an election in progress, or
 * -1. The poller reads the lock file's copy through it: closing another
 * descriptor of the lock file would drop the process's fcntl lock. Only the
 * poller's thread calls these (from jobs). */
void acq_db_poller_set_held_lock(acq_db_poller *p, int fd);

#endif
