/*
 * The poller's thread (see acq_db_poller.h): its registry, its loop of jobs
 * and timed reads, the node lease, and what happens to all of it at fork().
 * The thread never calls into PHP and never logs; it blocks every signal, so
 * PHP's timers and php-fpm's signals keep going to the request's thread.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* close_range */
#endif
#include "node/acq_db_poller.h"
#include "lib/acq_db_clock.h"
#include "store/acq_db_copy.h"
#include "lib/acq_db_log.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define ACQ_DB_POLLERS_MAX 8
#define ACQ_DB_POLLER_STACK (256 * 1024)
#define ACQ_DB_LEASE_RETRY_MS 100

typedef struct acq_db_job {
	struct acq_db_job *next;
	acq_db_job_fn fn;
	acq_db_job_fn abandon;
	void *arg;
	int done;
	int abandoned;
} acq_db_job;

/* What requests read of the reader's state: shared memory, so that it is
 * the same whether the reader is a thread or a helper process. */
typedef struct acq_db_poller_shared {
	acq_db_page *current;            /* what requests read: page or own */
	int leader;
	int watching;
	int helper_pid;                  /* the helper process (0: a thread reads) */
	int watch_warn;                  /* 1: a warning to log from a request's thread */
	char watch_error[ACQ_DB_ERR_MAX];
} acq_db_poller_shared;

struct acq_db_poller {
	/* what it reads, fixed at creation */
	char election_file[ACQ_DB_PATH_MAX];
	char state_dir[ACQ_DB_PATH_MAX];
	unsigned interval_ms;
	/* the page and the lease */
	acq_db_page *page;               /* the node's page (or the process's, in process mode) */
	acq_db_page *own;                /* a follower's own page while the node's reader is stopped */
	acq_db_poller_shared *sh;
	int self_reading;                /* a follower reading for itself (the lease's deadline passed) */
	acq_db_poller_mode mode;
	int page_fd;                     /* flock target; -1 in process mode */
	int leader;
	char page_path[ACQ_DB_PATH_MAX];
	char fallback_reason[ACQ_DB_ERR_MAX];
	/* the thread */
	pthread_mutex_t mu;
	pthread_cond_t done;             /* a job finished, a read finished */
	pid_t pid;                       /* the process the thread runs in */
	pid_t served_pid;                /* the process the reads are made for (the page names it) */
	int running;
	int poke;
	uint64_t reads_started;
	uint64_t reads_finished;
	acq_db_job *head, *tail;
	int held_lock_fd;
	int wake_fd;                     /* eventfd: a job or a poke for the thread */
	/* the watch on the election file's directory (the reader only) */
	int watch_fd;                    /* inotify; -1: none (not the reader, or polling) */
	int watch_failed;                /* set-up failed: this process polls */
	/* a helper process instead of the thread (short-lived processes) */
	int helper_fd;                   /* the request side's end of the socket; -1: a thread */
	uint64_t helper_job_id;
};

/* Short-lived processes (the operator tool, PHP's CLI) read through a
 * helper process instead of a thread (acq_db_poller_use_helper_process). */
static int acq_db_poller_helper_mode;
/* set while a helper is being forked: the fork handler leaves its memory shared */
static int acq_db_helper_forking;

/* For tests: the errno every watch set-up fails with (0: none). */
static int acq_db_poller_watch_fail_errno;

void acq_db_poller_test_fail_watch(int e)
{
	__atomic_store_n(&acq_db_poller_watch_fail_errno, e, __ATOMIC_RELAXED);
}

static pthread_mutex_t acq_db_pollers_mu = PTHREAD_MUTEX_INITIALIZER;
static acq_db_poller *acq_db_pollers[ACQ_DB_POLLERS_MAX];
static int acq_db_pollers_count;
static pthread_once_t acq_db_poller_atfork_once = PTHREAD_ONCE_INIT;

/* ---- the reading ------------------------------------------------------ */

/* The leader keeps the highest epoch it has seen in the file's incarnation:
 * a file that went back (restored from a backup) or jumped too far ahead
 * (damaged, forged) is reported, never published as the node's state, so a
 * fresh process cannot pick it up either. A re-created file (a new
 * incarnation, acq_db_init) is followed from its first epoch. */
static void acq_db_poller_read_once(acq_db_poller *p, acq_db_page *pg)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_state st;
	acq_db_page_view cur;
	acq_db_rc rc = acq_db_read_freshest(p->election_file, p->held_lock_fd, &st, err, sizeof(err));
	int have_cur = acq_db_page_read(pg, &cur) == 0 && cur.have_good;

	if (rc == ACQ_DB_OK && have_cur) {
		rc = acq_db_state_may_follow(&cur.good, &st, p->election_file, err, sizeof(err));
	}
	if (rc == ACQ_DB_OK) {
		/* publish only a change: every publication makes every process look */
		if (!have_cur || cur.rc != ACQ_DB_OK || cur.good.epoch != st.epoch || cur.good.checksum != st.checksum) {
			acq_db_page_publish(pg, &st, ACQ_DB_OK, NULL);
		}
	} else if (!have_cur || cur.rc != rc || strcmp(cur.error, err) != 0) {
		acq_db_page_publish(pg, NULL, rc, err);
	}
	acq_db_page_beat(pg, rc == ACQ_DB_OK, acq_db_clock_coarse_ms(), acq_db_clock_wall_ms(), p->served_pid);
}

/* ---- the lease's deadline --------------------------------------------- */

/* The lease holder is alive (its flock holds) but has not read for this
 * long: stopped (SIGSTOP, Ctrl-Z, a debugger, a frozen cgroup) or stuck. Its
 * followers then read for themselves, so it cannot pin the node to an ever
 * older state; they go back to its page once it reads again. */
#define ACQ_DB_LEASE_DEADLINE_SLACK_MS 250

static int acq_db_poller_holder_is_late(const acq_db_poller *p)
{
	uint64_t tried = __atomic_load_n(&p->page->last_try_mono_ms, __ATOMIC_RELAXED);
	uint64_t now = acq_db_clock_coarse_ms();
	uint64_t deadline = 4ull * p->interval_ms + ACQ_DB_LEASE_DEADLINE_SLACK_MS;

	/* a beat in the future is no sign of life either (see the cache) */
	return !tried || tried > now || now - tried > deadline;
}

/* A follower's read for itself, into a page of its own that starts as a
 * copy of the node's good state (so an epoch that goes back is still
 * refused); requests are switched to it once it holds the read. */
static void acq_db_poller_read_for_self(acq_db_poller *p)
{
	acq_db_page_view v;

	if (!p->self_reading && acq_db_page_read(p->page, &v) == 0 && v.have_good) {
		acq_db_page_publish(p->own, &v.good, ACQ_DB_OK, NULL);
	}
	acq_db_poller_read_once(p, p->own);
	p->self_reading = 1;
	__atomic_store_n(&p->sh->current, p->own, __ATOMIC_RELEASE);
}

static void acq_db_poller_follow_holder(acq_db_poller *p)
{
	p->self_reading = 0;
	__atomic_store_n(&p->sh->current, p->page, __ATOMIC_RELEASE);
}

/* ---- the watch -------------------------------------------------------- */

/* The directory and the two names in it whose changes matter: the election
 * file (renamed into place: IN_MOVED_TO) and the lock file (its copy is
 * rewritten in place and the writer closes it: IN_CLOSE_WRITE). Events come
 * for changes made through this node's own mount only (FUSE raises none for
 * another client's writes), so the timed re-read stays. */
static void acq_db_poller_split(const char *path, char *dir, size_t dirlen, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		acq_db_strlcpy(dir, ".", dirlen);
		*base = path;
	} else if (slash == path) {
		acq_db_strlcpy(dir, "/", dirlen);
		*base = slash + 1;
	} else {
		size_t n = (size_t) (slash - path) + 1;
		acq_db_strlcpy(dir, path, n < dirlen ? n : dirlen);
		*base = slash + 1;
	}
}

/* Sets the watch up (on the poller's thread: adding a watch looks the
 * directory up, which may hang on a frozen volume). On failure the process
 * polls, and one warning goes out from a request's thread (this one never
 * logs). */
static void acq_db_poller_watch(acq_db_poller *p)
{
	char dir[ACQ_DB_PATH_MAX];
	const char *base;
	int fd = -1;
	int e = __atomic_load_n(&acq_db_poller_watch_fail_errno, __ATOMIC_RELAXED);

	if (p->watch_fd >= 0 || p->watch_failed) {
		return;
	}
	acq_db_poller_split(p->election_file, dir, sizeof(dir), &base);
	if (!e && (fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
		e = errno;
	}
	if (!e && inotify_add_watch(fd, dir, IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_ONLYDIR) < 0) {
		e = errno;
	}
	if (!e) {
		p->watch_fd = fd;
		__atomic_store_n(&p->sh->watching, 1, __ATOMIC_RELAXED);
		return;
	}
	if (fd >= 0) {
		close(fd);
	}
	p->watch_failed = 1;
	(void) acq_db_fail(p->sh->watch_error, sizeof(p->sh->watch_error), ACQ_DB_E_IO,
		"cannot watch %s for changes made on this node (%s%s); this node re-reads %s every acq_db.recheck_ms=%u "
		"instead, so its own changes also take up to that long to be seen", dir, strerror(e),
		e == EMFILE ? ": raise fs.inotify.max_user_instances" : e == ENOSPC ? ": raise fs.inotify.max_user_watches" : "",
		base, p->interval_ms);
	__atomic_store_n(&p->sh->watch_warn, 1, __ATOMIC_RELEASE);
}

static void acq_db_poller_unwatch(acq_db_poller *p)
{
	if (p->watch_fd >= 0) {
		close(p->watch_fd);
		p->watch_fd = -1;
		__atomic_store_n(&p->sh->watching, 0, __ATOMIC_RELAXED);
	}
}

/* Drains the watch; 1 if the election file or the lock file changed (or
 * events were lost), which calls for a read now. */
static int acq_db_poller_watch_drain(acq_db_poller *p)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	char dir[ACQ_DB_PATH_MAX];
	const char *base;
	size_t blen;
	int hit = 0;
	ssize_t n;

	acq_db_poller_split(p->election_file, dir, sizeof(dir), &base);
	blen = strlen(base);
	while ((n = read(p->watch_fd, buf, sizeof(buf))) > 0) {
		char *at = buf;
		while (at < buf + n) {
			const struct inotify_event *ev = (const struct inotify_event *) at;
			const char *name = ev->len ? ev->name : "";
			if (ev->mask & (IN_Q_OVERFLOW | IN_IGNORED)) {
				hit = 1;
			} else if (strncmp(name, base, blen) == 0 && (name[blen] == '\0' || strcmp(name + blen, ".lock") == 0)) {
				hit = 1;
			}
			if (ev->mask & IN_IGNORED) {
				/* the directory went away: set the watch up again at the next read */
				acq_db_poller_unwatch(p);
				return 1;
			}
			at += sizeof(struct inotify_event) + ev->len;
		}
	}
	return hit;
}

/* Takes the node's lease if it is free. The page's descriptor is this
 * process's own (never inherited: see the fork handler), so the flock is. */
static int acq_db_poller_try_lease(acq_db_poller *p)
{
	if (p->mode == ACQ_DB_POLLER_PROCESS) {
		return 1;
	}
	if (p->page_fd < 0) {
		char err[ACQ_DB_ERR_MAX];
		acq_db_page *again;
		if (acq_db_page_map_shared(p->state_dir, p->election_file, p->interval_ms, &again, &p->page_fd, p->page_path,
			sizeof(p->page_path), err, sizeof(err)) != ACQ_DB_OK) {
			return 0;
		}
		/* keep the first mapping: requests hold pointers into it */
		munmap(again, sizeof(acq_db_page));
	}
	return flock(p->page_fd, LOCK_EX | LOCK_NB) == 0;
}

/* ---- the thread ------------------------------------------------------- */

static acq_db_job *acq_db_poller_pop(acq_db_poller *p)
{
	acq_db_job *j = p->head;

	if (j) {
		p->head = j->next;
		if (!p->head) {
			p->tail = NULL;
		}
	}
	return j;
}

/* Runs one job with the mutex released; an abandoned job's clean-up runs
 * right after it, before any later job, so a lock it left is released first. */
static void acq_db_poller_run_job(acq_db_poller *p, acq_db_job *j)
{
	int skip = j->abandoned;

	pthread_mutex_unlock(&p->mu);
	if (!skip) {
		j->fn(j->arg);
	}
	pthread_mutex_lock(&p->mu);
	j->done = 1;
	if (j->abandoned) {
		pthread_mutex_unlock(&p->mu);
		if (j->abandon) {
			j->abandon(j->arg);
		}
		free(j);
		pthread_mutex_lock(&p->mu);
		return;
	}
	pthread_cond_broadcast(&p->done);
}

static void acq_db_poller_timed_read(acq_db_poller *p)
{
	int leader;

	p->reads_started++;
	p->poke = 0;
	pthread_mutex_unlock(&p->mu);
	leader = p->leader || acq_db_poller_try_lease(p);
	p->leader = leader;
	__atomic_store_n(&p->sh->leader, leader, __ATOMIC_RELAXED);
	if (leader) {
		/* before the read: a change made while it is set up is then read */
		acq_db_poller_watch(p);
		acq_db_poller_read_once(p, p->page);
		acq_db_poller_follow_holder(p);
	} else if (acq_db_poller_holder_is_late(p)) {
		acq_db_poller_read_for_self(p);
	} else if (p->self_reading) {
		acq_db_poller_follow_holder(p);
	}
	pthread_mutex_lock(&p->mu);
	p->reads_finished++;
	pthread_cond_broadcast(&p->done);
}

/* Blocks until due_ms, a job or a poke (the wake eventfd), or a change
 * made on this node (the watch), whichever comes first. */
static void acq_db_poller_sleep_until(acq_db_poller *p, uint64_t due_ms)
{
	uint64_t now = acq_db_clock_coarse_ms();
	struct pollfd fds[2];
	uint64_t wait_ms;
	int nfds = 1;
	int woke;
	int wake_failed = 0;

	if (p->head || p->poke || now >= due_ms) {
		return;
	}
	wait_ms = due_ms - now;
	fds[0].fd = p->wake_fd;
	fds[0].events = POLLIN;
	fds[1].fd = p->watch_fd;
	fds[1].events = POLLIN;
	if (p->watch_fd >= 0) {
		nfds = 2;
	}
	pthread_mutex_unlock(&p->mu);
	woke = poll(fds, (nfds_t) nfds, wait_ms > INT32_MAX ? INT32_MAX : (int) wait_ms);
	if (woke > 0 && (fds[0].revents & POLLIN)) {
		uint64_t n;
		/* clears the eventfd's counter; EAGAIN (another waker raced us)
		 * leaves nothing to clear, so the result only matters to the loop */
		if (read(p->wake_fd, &n, sizeof(n)) < 0 && errno != EAGAIN && errno != EINTR) {
			wake_failed = 1; /* read now rather than sleep on a descriptor that fails */
		}
	}
	if (wake_failed || (woke > 0 && nfds == 2 && fds[1].revents && acq_db_poller_watch_drain(p))) {
		pthread_mutex_lock(&p->mu);
		p->poke = 1;
		return;
	}
	pthread_mutex_lock(&p->mu);
}

/* Wakes the thread (the caller holds the mutex). */
static void acq_db_poller_wake(acq_db_poller *p)
{
	uint64_t one = 1;

	/* an eventfd write fails only when its counter is about to overflow
	 * (EAGAIN): the thread has a wake-up pending either way */
	if (write(p->wake_fd, &one, sizeof(one)) < 0) {
		return;
	}
}

/* The next timed read, on a grid of every ms: a read that took long (a
 * busy volume, a loaded node: tens of ms on GlusterFS under load) does not
 * push every later one back, so the period stays recheck_ms and not
 * recheck_ms plus the read (measured: 9-10 reads/s instead of 20 at 50 ms,
 * and the other nodes' lag grew by as much). A reader far behind (a hang)
 * starts a new grid instead of catching up. */
static uint64_t acq_db_poller_next_due(uint64_t due, unsigned every)
{
	uint64_t now = acq_db_clock_coarse_ms();

	if (!due || due + 2ull * every < now) {
		return now + every;
	}
	return due + every > now ? due + every : now;
}

/* How long until the next timed read: a follower retries the lease less
 * often than the reader reads. */
static unsigned acq_db_poller_every(const acq_db_poller *p)
{
	unsigned every = p->leader || p->mode == ACQ_DB_POLLER_PROCESS || p->self_reading ? p->interval_ms
		: (p->interval_ms < ACQ_DB_LEASE_RETRY_MS ? p->interval_ms : ACQ_DB_LEASE_RETRY_MS);

	return every ? every : 1;
}

static void *acq_db_poller_main(void *arg)
{
	acq_db_poller *p = arg;
	uint64_t due = 0;

	acq_db_log_mute_this_thread();
	pthread_mutex_lock(&p->mu);
	for (;;) {
		acq_db_job *j = acq_db_poller_pop(p);
		if (j) {
			acq_db_poller_run_job(p, j);
			continue;
		}
		if (p->poke || acq_db_clock_coarse_ms() >= due) {
			unsigned every = acq_db_poller_every(p);
			int timed = acq_db_clock_coarse_ms() >= due;
			acq_db_poller_timed_read(p);
			/* a read asked for (a poke, the watch) leaves the grid alone */
			due = timed ? acq_db_poller_next_due(due, every) : due;
			continue;
		}
		acq_db_poller_sleep_until(p, due);
	}
	return NULL;
}

static int acq_db_poller_start_thread(acq_db_poller *p, char *err, size_t errlen)
{
	pthread_attr_t attr;
	sigset_t all, old;
	pthread_t tid;
	int rc;

	if (p->wake_fd < 0 && (p->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
		acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot start acq_db's reader thread: eventfd: %s", strerror(errno));
		return -1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, ACQ_DB_POLLER_STACK);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old); /* the thread inherits "all blocked" */
	p->served_pid = getpid();
	rc = pthread_create(&tid, &attr, acq_db_poller_main, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot start acq_db's reader thread: %s", strerror(rc));
		return -1;
	}
	p->pid = getpid();
	p->running = 1;
	return 0;
}


/* ---- the helper process ----------------------------------------------- */

/* A thread stuck in a FUSE request keeps its process alive after exit()
 * until the file system answers (the exit waits for every thread). A
 * short-lived process (the operator tool, a PHP CLI script) must exit as
 * soon as it has its answer, so its reader is a process of its own: the
 * same loop, forked (twice, so that it is never this process's child: a
 * script's wait() for its children must not wait for it), talking over a
 * socket pair. Jobs travel by value: the job's argument (a block from
 * malloc holding no pointer but to the poller, which the helper has at the
 * same address) goes there, fn runs on the copy, and the copy comes back.
 * A helper left stuck in the file system is left behind: it sees the
 * socket close and exits when the file system lets it go. */

enum { ACQ_DB_MSG_JOB = 1, ACQ_DB_MSG_ABANDON, ACQ_DB_MSG_POKE, ACQ_DB_MSG_DONE };

typedef struct acq_db_msg {
	uint32_t type;
	uint32_t size;                   /* bytes of the job's argument after the header */
	uint64_t id;
	acq_db_job_fn fn;
	acq_db_job_fn abandon;
} acq_db_msg;

#define ACQ_DB_MSG_MAX (64 * 1024)

/* One helper start at a time (threads of one process). Not a mutex: fork()
 * runs the fork handlers, which take every poller's mutex, while it is held. */
static int acq_db_helper_starting;

void acq_db_poller_use_helper_process(int on)
{
	__atomic_store_n(&acq_db_poller_helper_mode, on, __ATOMIC_RELAXED);
}

static int acq_db_msg_send(int fd, const acq_db_msg *m, const void *payload, int flags)
{
	struct iovec iov[2];
	struct msghdr mh;
	ssize_t n;

	iov[0].iov_base = (void *) m;
	iov[0].iov_len = sizeof(*m);
	iov[1].iov_base = (void *) payload;
	iov[1].iov_len = m->size;
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = m->size ? 2 : 1;
	do {
		n = sendmsg(fd, &mh, MSG_NOSIGNAL | flags);
	} while (n < 0 && errno == EINTR);
	return n == (ssize_t) (sizeof(*m) + m->size) ? 0 : -1;
}

static ssize_t acq_db_msg_recv(int fd, void *buf, size_t len, int flags)
{
	ssize_t n;

	do {
		n = recv(fd, buf, len, flags);
	} while (n < 0 && errno == EINTR);
	return n;
}

/* The helper's last finished job: its copy waits for the next message,
 * which may say that the request had given up on it meanwhile. */
typedef struct acq_db_helper_done {
	uint64_t id;
	void *copy;
	acq_db_job_fn abandon;
} acq_db_helper_done;

static void acq_db_helper_clean_up(void *copy, acq_db_job_fn abandon)
{
	if (abandon) {
		abandon(copy); /* it frees the copy (the contract of acq_db_poller_run) */
	} else {
		free(copy);
	}
}

static void acq_db_helper_job(int sock, const acq_db_msg *m, const char *payload, acq_db_helper_done *last)
{
	acq_db_msg next;
	acq_db_msg done;
	void *copy = malloc(m->size ? m->size : 1);

	if (!copy) {
		return; /* no answer: the request times out */
	}
	memcpy(copy, payload, m->size);
	/* given up before it ran: only the clean-up, as the thread skips it */
	if (acq_db_msg_recv(sock, &next, sizeof(next), MSG_PEEK | MSG_DONTWAIT) == (ssize_t) sizeof(next)
		&& next.type == ACQ_DB_MSG_ABANDON && next.id == m->id) {
		(void) acq_db_msg_recv(sock, &next, sizeof(next), MSG_DONTWAIT);
		acq_db_helper_clean_up(copy, m->abandon);
		return;
	}
	m->fn(copy);
	memset(&done, 0, sizeof(done));
	done.type = ACQ_DB_MSG_DONE;
	done.size = m->size;
	done.id = m->id;
	if (acq_db_msg_send(sock, &done, copy, 0) != 0 && errno != EAGAIN) {
		acq_db_helper_clean_up(copy, m->abandon);
		_exit(0); /* the process it served is gone */
	}
	last->id = m->id;
	last->copy = copy;
	last->abandon = m->abandon;
}

/* Every message waiting on the socket; the process is gone at end of file. */
static void acq_db_helper_serve(acq_db_poller *p, int sock, acq_db_helper_done *last, char *buf)
{
	for (;;) {
		ssize_t n = acq_db_msg_recv(sock, buf, ACQ_DB_MSG_MAX, MSG_DONTWAIT);
		const acq_db_msg *m = (const acq_db_msg *) buf;
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
			_exit(0);
		}
		if (n < (ssize_t) sizeof(*m)) {
			return;
		}
		if (last->copy) {
			if (m->type == ACQ_DB_MSG_ABANDON && m->id == last->id) {
				acq_db_helper_clean_up(last->copy, last->abandon);
				last->copy = NULL;
				continue;
			}
			free(last->copy); /* the request took the answer */
			last->copy = NULL;
		}
		if (m->type == ACQ_DB_MSG_POKE) {
			p->poke = 1;
		} else if (m->type == ACQ_DB_MSG_JOB && (size_t) n == sizeof(*m) + m->size) {
			acq_db_helper_job(sock, m, buf + sizeof(*m), last);
		}
	}
}

/* The thread's loop, with the socket where the thread has its queue. */
static void acq_db_helper_loop(acq_db_poller *p, int sock)
{
	acq_db_helper_done last;
	char *buf = malloc(ACQ_DB_MSG_MAX);
	uint64_t due = 0;

	memset(&last, 0, sizeof(last));
	if (!buf) {
		_exit(1);
	}
	for (;;) {
		uint64_t now = acq_db_clock_coarse_ms();
		struct pollfd fds[2];
		nfds_t nfds = p->watch_fd >= 0 ? 2 : 1;
		if (p->poke || now >= due) {
			unsigned every = acq_db_poller_every(p);
			pthread_mutex_lock(&p->mu);
			acq_db_poller_timed_read(p);
			pthread_mutex_unlock(&p->mu);
			due = now >= due ? acq_db_poller_next_due(due, every) : due;
			continue;
		}
		fds[0].fd = sock;
		fds[0].events = POLLIN;
		fds[1].fd = p->watch_fd;
		fds[1].events = POLLIN;
		if (poll(fds, nfds, due - now > INT32_MAX ? INT32_MAX : (int) (due - now)) <= 0) {
			continue;
		}
		if (nfds == 2 && fds[1].revents && acq_db_poller_watch_drain(p)) {
			p->poke = 1;
		}
		if (fds[0].revents) {
			acq_db_helper_serve(p, sock, &last, buf);
		}
	}
}

/* The helper keeps nothing of the process but its memory: no signal of the
 * process's reaches it (its own session, everything blocked), no descriptor
 * (a pipe to a shell waiting for its end, a client's socket) outlives the
 * process in it. */
__attribute__((noreturn)) static void acq_db_helper_main(acq_db_poller *p, int sock)
{
	sigset_t all;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	int fd;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, NULL);
	(void) setsid();
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	if (sock != 3) {
		dup2(sock, 3);
		sock = 3;
	}
	if (close_range(4, ~0U, 0) != 0) {
		for (fd = 4; fd < 65536; fd++) {
			close(fd);
		}
	}
	(void) fcntl(sock, F_SETFD, FD_CLOEXEC);
	__atomic_store_n(&p->sh->helper_pid, (int) getpid(), __ATOMIC_RELAXED);
	acq_db_log_mute_this_thread();
	acq_db_helper_loop(p, sock);
	_exit(0);
}

static int acq_db_poller_start_helper(acq_db_poller *p, char *err, size_t errlen)
{
	int status = 0;
	int sv[2];
	pid_t mid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot start acq_db's reader process: socketpair: %s", strerror(errno));
		return -1;
	}
	p->served_pid = getpid();
	__atomic_store_n(&p->sh->helper_pid, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&acq_db_helper_forking, 1, __ATOMIC_RELAXED);
	mid = fork();
	if (mid == 0) {
		pid_t h = fork();
		if (h == 0) {
			close(sv[0]);
			acq_db_helper_main(p, sv[1]);
		}
		_exit(h < 0 ? 1 : 0);
	}
	__atomic_store_n(&acq_db_helper_forking, 0, __ATOMIC_RELAXED);
	close(sv[1]);
	/* ECHILD (SIGCHLD ignored: reaped already) leaves status 0 */
	while (mid > 0 && waitpid(mid, &status, 0) < 0 && errno == EINTR) {
	}
	if (mid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		close(sv[0]);
		acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot start acq_db's reader process: fork: %s",
			mid < 0 ? strerror(errno) : "the second fork failed");
		return -1;
	}
	p->helper_fd = sv[0];
	p->pid = getpid();
	p->running = 1;
	return 0;
}

/* The helper died (killed, or out of memory): the next use starts another. */
static void acq_db_helper_lost(acq_db_poller *p)
{
	close(p->helper_fd);
	p->helper_fd = -1;
	p->running = 0;
}

/* acq_db_poller_run through the helper; the caller's arg is freed when the
 * helper is given up on (its copy there is cleaned up by abandon). */
static int acq_db_helper_run(acq_db_poller *p, acq_db_job_fn fn, acq_db_job_fn abandon, void *arg, unsigned timeout_ms)
{
	uint64_t end = acq_db_clock_mono_us() + (uint64_t) timeout_ms * 1000;
	size_t size = malloc_usable_size(arg);
	char *buf = malloc(ACQ_DB_MSG_MAX);
	acq_db_msg m;
	int rc = -1;

	memset(&m, 0, sizeof(m));
	m.type = ACQ_DB_MSG_JOB;
	m.size = (uint32_t) size;
	m.fn = fn;
	m.abandon = abandon;
	pthread_mutex_lock(&p->mu);
	m.id = ++p->helper_job_id;
	if (buf && size + sizeof(m) <= ACQ_DB_MSG_MAX && p->helper_fd >= 0
		&& acq_db_msg_send(p->helper_fd, &m, arg, MSG_DONTWAIT) == 0) {
		for (;;) {
			uint64_t now = acq_db_clock_mono_us();
			struct pollfd pf = { p->helper_fd, POLLIN, 0 };
			const acq_db_msg *r = (const acq_db_msg *) buf;
			ssize_t n;
			if (now >= end) {
				break;
			}
			if (poll(&pf, 1, (int) ((end - now + 999) / 1000)) <= 0) {
				continue;
			}
			n = acq_db_msg_recv(p->helper_fd, buf, ACQ_DB_MSG_MAX, MSG_DONTWAIT);
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
				acq_db_helper_lost(p);
				break;
			}
			/* anything else is a late answer to a job given up on */
			if (n == (ssize_t) (sizeof(m) + size) && r->type == ACQ_DB_MSG_DONE && r->id == m.id) {
				memcpy(arg, buf + sizeof(m), size);
				rc = 0;
				break;
			}
		}
	}
	if (rc != 0 && p->helper_fd >= 0) {
		acq_db_msg a;
		memset(&a, 0, sizeof(a));
		a.type = ACQ_DB_MSG_ABANDON;
		a.id = m.id;
		(void) acq_db_msg_send(p->helper_fd, &a, NULL, MSG_DONTWAIT);
	}
	pthread_mutex_unlock(&p->mu);
	free(buf);
	if (rc != 0) {
		free(arg);
	}
	return rc;
}

static void acq_db_poller_read_job(void *arg)
{
	acq_db_poller *p = *(acq_db_poller **) arg;

	pthread_mutex_lock(&p->mu);
	acq_db_poller_timed_read(p);
	pthread_mutex_unlock(&p->mu);
}

/* ---- fork ------------------------------------------------------------- */

static void acq_db_poller_init_sync(acq_db_poller *p);

/* No poller mutex may be held by another thread across fork(): the child
 * would inherit it locked, with no thread left to unlock it. */
static void acq_db_poller_before_fork(void)
{
	int i;

	pthread_mutex_lock(&acq_db_pollers_mu);
	for (i = 0; i < acq_db_pollers_count; i++) {
		pthread_mutex_lock(&acq_db_pollers[i]->mu);
	}
}

static void acq_db_poller_after_fork_parent(void)
{
	int i;

	for (i = acq_db_pollers_count - 1; i >= 0; i--) {
		pthread_mutex_unlock(&acq_db_pollers[i]->mu);
	}
	pthread_mutex_unlock(&acq_db_pollers_mu);
}

/* Anonymous shared memory is shared with the parent after fork(): a child
 * takes a copy of its own at the same address (one thread runs here). */
static void acq_db_poller_unshare(void *addr, size_t len)
{
	char copy[8192];

	if (!addr || len > sizeof(copy)) {
		return;
	}
	memcpy(copy, addr, len);
	if (mmap(addr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
		memcpy(addr, copy, len);
	}
}

/* The child has no thread. Its copy of the page descriptor shares the
 * parent's flock: close it, or the lease would outlive a parent that dies. Jobs
 * of the parent's are the parent's business (their memory is left as is).
 * A helper being forked keeps the parent's memory shared: that is its job. */
static void acq_db_poller_after_fork_child(void)
{
	int helper = __atomic_load_n(&acq_db_helper_forking, __ATOMIC_RELAXED);
	int i;

	if (!helper) {
		__atomic_store_n(&acq_db_helper_starting, 0, __ATOMIC_RELAXED); /* another thread's start is the parent's */
	}

	for (i = 0; i < acq_db_pollers_count; i++) {
		acq_db_poller *p = acq_db_pollers[i];
		if (!helper) {
			if (p->mode == ACQ_DB_POLLER_PROCESS) {
				acq_db_poller_unshare(p->page, sizeof(acq_db_page));
			}
			acq_db_poller_unshare(p->own, sizeof(acq_db_page));
			acq_db_poller_unshare(p->sh, sizeof(*p->sh));
			p->sh->current = p->page;
			p->sh->leader = 0;
			p->sh->watching = 0;
			p->sh->watch_warn = 0;
		}
		if (p->helper_fd >= 0) {
			/* the parent's helper: it must see the parent leave */
			close(p->helper_fd);
			p->helper_fd = -1;
		}
		/* the parent's thread may have been waiting on these */
		acq_db_poller_init_sync(p);
		if (p->page_fd >= 0) {
			close(p->page_fd);
			p->page_fd = -1;
		}
		/* the parent's: a read of the watch here would take its events */
		acq_db_poller_unwatch(p);
		if (p->wake_fd >= 0) {
			close(p->wake_fd);
			p->wake_fd = -1;
		}
		p->watch_failed = 0;
		p->self_reading = 0;
		p->leader = 0;
		p->running = 0;
		p->head = p->tail = NULL;
		p->held_lock_fd = -1;
		p->poke = 0;
	}
	pthread_mutex_init(&acq_db_pollers_mu, NULL);
}

static void acq_db_poller_register_atfork(void)
{
	pthread_atfork(acq_db_poller_before_fork, acq_db_poller_after_fork_parent, acq_db_poller_after_fork_child);
}

/* ---- the registry ----------------------------------------------------- */

static void acq_db_poller_init_sync(acq_db_poller *p)
{
	pthread_condattr_t ca;

	pthread_mutex_init(&p->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->done, &ca);
	pthread_condattr_destroy(&ca);
}

/* Node page if state_dir allows, else a private one (and why). */
static acq_db_poller *acq_db_poller_create(const acq_db_config *cfg, char *err, size_t errlen)
{
	acq_db_poller *p = calloc(1, sizeof(*p));

	if (!p) {
		acq_db_fail(err, errlen, ACQ_DB_E_IO, "out of memory");
		return NULL;
	}
	acq_db_strlcpy(p->election_file, cfg->election_file, sizeof(p->election_file));
	acq_db_strlcpy(p->state_dir, cfg->state_dir, sizeof(p->state_dir));
	p->interval_ms = cfg->recheck_ms;
	p->page_fd = -1;
	p->held_lock_fd = -1;
	p->wake_fd = -1;
	p->watch_fd = -1;
	p->helper_fd = -1;
	p->mode = ACQ_DB_POLLER_PROCESS;
	p->sh = mmap(NULL, sizeof(*p->sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	p->own = acq_db_page_map_private();
	if (p->sh == MAP_FAILED || !p->own) {
		if (p->sh != MAP_FAILED) {
			munmap(p->sh, sizeof(*p->sh));
		}
		if (p->own) {
			munmap(p->own, sizeof(acq_db_page));
		}
		free(p);
		acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot map memory for acq_db's state: %s", strerror(errno));
		return NULL;
	}
	if (cfg->state_dir[0]
		&& acq_db_page_map_shared(cfg->state_dir, cfg->election_file, cfg->recheck_ms, &p->page, &p->page_fd, p->page_path,
			sizeof(p->page_path), p->fallback_reason, sizeof(p->fallback_reason)) == ACQ_DB_OK) {
		p->mode = ACQ_DB_POLLER_NODE;
	} else if (cfg->state_dir[0]) {
		acq_db_log(ACQ_DB_LOG_WARNING, "node sharing off, this process reads the election file itself: %s",
			p->fallback_reason);
	}
	if (p->mode == ACQ_DB_POLLER_PROCESS && !(p->page = acq_db_page_map_private())) {
		munmap(p->sh, sizeof(*p->sh));
		munmap(p->own, sizeof(acq_db_page));
		free(p);
		acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot map memory for acq_db's state: %s", strerror(errno));
		return NULL;
	}
	p->sh->current = p->page;
	acq_db_poller_init_sync(p);
	return p;
}

static int acq_db_poller_matches(const acq_db_poller *p, const acq_db_config *cfg)
{
	return strcmp(p->election_file, cfg->election_file) == 0 && strcmp(p->state_dir, cfg->state_dir) == 0
		&& p->interval_ms == cfg->recheck_ms;
}

acq_db_poller *acq_db_poller_get(const acq_db_config *cfg, char *err, size_t errlen)
{
	acq_db_poller *p = NULL;
	int i;

	pthread_once(&acq_db_poller_atfork_once, acq_db_poller_register_atfork);
	pthread_mutex_lock(&acq_db_pollers_mu);
	for (i = 0; i < acq_db_pollers_count && !p; i++) {
		if (acq_db_poller_matches(acq_db_pollers[i], cfg)) {
			p = acq_db_pollers[i];
		}
	}
	if (!p && acq_db_pollers_count == ACQ_DB_POLLERS_MAX) {
		acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "too many acq_db configurations in one process");
	} else if (!p && (p = acq_db_poller_create(cfg, err, errlen))) {
		acq_db_pollers[acq_db_pollers_count++] = p;
	}
	if (p && !__atomic_load_n(&acq_db_poller_helper_mode, __ATOMIC_RELAXED)) {
		pthread_mutex_lock(&p->mu);
		if ((!p->running || p->pid != getpid()) && acq_db_poller_start_thread(p, err, errlen) != 0) {
			pthread_mutex_unlock(&p->mu);
			p = NULL;
		} else {
			pthread_mutex_unlock(&p->mu);
		}
	}
	pthread_mutex_unlock(&acq_db_pollers_mu);
	/* fork() takes every poller's mutex (the fork handlers): none is held here */
	if (p && __atomic_load_n(&acq_db_poller_helper_mode, __ATOMIC_RELAXED)) {
		while (__atomic_exchange_n(&acq_db_helper_starting, 1, __ATOMIC_ACQUIRE)) {
			sched_yield();
		}
		if ((!p->running || p->pid != getpid() || p->helper_fd < 0) && acq_db_poller_start_helper(p, err, errlen) != 0) {
			p = NULL;
		}
		__atomic_store_n(&acq_db_helper_starting, 0, __ATOMIC_RELEASE);
	}
	return p;
}

const acq_db_page *acq_db_poller_page(const acq_db_poller *p)
{
	return __atomic_load_n(&p->sh->current, __ATOMIC_ACQUIRE);
}

acq_db_page *const *acq_db_poller_page_slot(const acq_db_poller *p)
{
	return &p->sh->current;
}

void acq_db_poller_get_info(const acq_db_poller *p, acq_db_poller_info *out)
{
	out->mode = p->mode;
	out->leader = __atomic_load_n(&p->sh->leader, __ATOMIC_RELAXED);
	out->self_reading = __atomic_load_n(&p->sh->current, __ATOMIC_RELAXED) != p->page;
	out->helper = p->helper_fd >= 0;
	out->helper_pid = out->helper ? __atomic_load_n(&p->sh->helper_pid, __ATOMIC_RELAXED) : 0;
	acq_db_strlcpy(out->page_path, p->page_path, sizeof(out->page_path));
	acq_db_strlcpy(out->fallback_reason, p->fallback_reason, sizeof(out->fallback_reason));
}

void acq_db_poller_poke(acq_db_poller *p)
{
	pthread_mutex_lock(&p->mu);
	if (p->helper_fd >= 0) {
		acq_db_msg m;
		memset(&m, 0, sizeof(m));
		m.type = ACQ_DB_MSG_POKE;
		(void) acq_db_msg_send(p->helper_fd, &m, NULL, MSG_DONTWAIT);
	} else {
		p->poke = 1;
		acq_db_poller_wake(p);
	}
	pthread_mutex_unlock(&p->mu);
}

static void acq_db_poller_deadline(struct timespec *ts, unsigned timeout_ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += (time_t) (timeout_ms / 1000);
	ts->tv_nsec += (long) (timeout_ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

int acq_db_poller_wait_fresh_read(acq_db_poller *p, unsigned timeout_ms)
{
	struct timespec ts;
	uint64_t want;
	int rc = 0;

	if (p->helper_fd >= 0) {
		acq_db_poller **a = malloc(sizeof(*a));
		if (!a) {
			return -1;
		}
		*a = p;
		if (acq_db_helper_run(p, acq_db_poller_read_job, NULL, a, timeout_ms) != 0) {
			return -1;
		}
		free(a);
		return 0;
	}
	acq_db_poller_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&p->mu);
	/* a read already under way may have started before the caller's change */
	want = p->reads_started + 1;
	p->poke = 1;
	acq_db_poller_wake(p);
	while (p->reads_finished < want && rc == 0) {
		rc = pthread_cond_timedwait(&p->done, &p->mu, &ts);
	}
	rc = p->reads_finished >= want ? 0 : -1;
	pthread_mutex_unlock(&p->mu);
	return rc;
}

int acq_db_poller_run(acq_db_poller *p, acq_db_job_fn fn, acq_db_job_fn abandon, void *arg, unsigned timeout_ms)
{
	acq_db_job *j;
	struct timespec ts;
	int rc = 0;

	if (p->helper_fd >= 0) {
		return acq_db_helper_run(p, fn, abandon, arg, timeout_ms);
	}
	if (!(j = calloc(1, sizeof(*j)))) {
		return -1;
	}
	j->fn = fn;
	j->abandon = abandon;
	j->arg = arg;
	acq_db_poller_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&p->mu);
	if (p->tail) {
		p->tail->next = j;
	} else {
		p->head = j;
	}
	p->tail = j;
	acq_db_poller_wake(p);
	while (!j->done && rc == 0) {
		rc = pthread_cond_timedwait(&p->done, &p->mu, &ts);
	}
	if (j->done) {
		pthread_mutex_unlock(&p->mu);
		free(j);
		return 0;
	}
	j->abandoned = 1; /* the thread frees it, after fn and abandon */
	pthread_mutex_unlock(&p->mu);
	return -1;
}

void acq_db_poller_report(acq_db_poller *p)
{
	char msg[ACQ_DB_ERR_MAX];

	/* written once by the reader before the flag; the flag clears once */
	if (!__atomic_exchange_n(&p->sh->watch_warn, 0, __ATOMIC_ACQ_REL)) {
		return;
	}
	acq_db_strlcpy(msg, p->sh->watch_error, sizeof(msg));
	acq_db_log(ACQ_DB_LOG_WARNING, "%s", msg);
}

int acq_db_poller_watching(const acq_db_poller *p)
{
	return __atomic_load_n(&p->sh->watching, __ATOMIC_RELAXED);
}

void acq_db_poller_set_held_lock(acq_db_poller *p, int fd)
{
	p->held_lock_fd = fd;
}
