/*
 * The poller: no request waits on a hung file system (the election file made
 * a FIFO: open() blocks in the kernel as it does on a frozen GlusterFS brick),
 * a process without state fails closed after first_read_timeout_ms, a change
 * outlasting lock_timeout_ms ends with ACQ_DB_E_FS_TIMEOUT and writes nothing,
 * recovery, one reader per node with the lease taken over when its holder
 * dies, a damaged page never used, and a page that is not ours refused.
 * A hang here shows as the test case's timeout, never as a passed test.
 */
#include "fixtures.h"
#include "node/acq_db_page.h"
#include "node/acq_db_poller.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char err[ACQ_DB_ERR_MAX];
/* the cache fixture (fixtures.h) under this suite's short names */
#define cfg acq_fx_cfg
#define cache acq_fx_cache
#define get_ok acq_fx_get_ok
static pid_t kids[4];
static int nkids;

static void setup(void)
{
	signal(SIGPIPE, SIG_IGN); /* writes to a FIFO whose reader just left */
	acq_fx_cache_setup();
	nkids = 0;
}

static void teardown(void)
{
	int i;

	for (i = 0; i < nkids; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	acq_fx_cache_teardown();
}

/* Replaces the election file by a FIFO without a writer: every open() of it
 * blocks until someone opens the other end, like a request to a frozen brick. */
static void hang_the_file_system(void)
{
	char fifo[4300];

	snprintf(fifo, sizeof(fifo), "%s.fifo", acq_fx_file);
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	ck_assert_int_eq(rename(fifo, acq_fx_file), 0);
}

/* The file system answers again: the FIFO is replaced by a good file, then
 * the reader stuck in open() of the FIFO (through a second link to it) gets
 * the same bytes. In that order, so that its next read finds the file. There
 * is one such reader at most: all of a process's file-system I/O happens on
 * its poller's one thread. */
static void recover_the_file_system_if(const acq_db_state *st, int someone_is_stuck)
{
	char buf[ACQ_DB_FILE_MAX];
	char keep[4300];
	size_t n = acq_db_efile_format(st, buf, sizeof(buf));
	uint64_t end = acq_fx_now_ms() + 5000;
	int fd;

	snprintf(keep, sizeof(keep), "%s.fifo-link", acq_fx_file);
	ck_assert_int_eq(link(acq_fx_file, keep), 0);
	acq_fx_write_state(st);
	/* O_NONBLOCK fails with ENXIO while no reader has the FIFO open */
	if (!someone_is_stuck) {
		end = acq_fx_now_ms() + 200; /* a reader that got there before the file */
	}
	while ((fd = open(keep, O_WRONLY | O_NONBLOCK)) < 0 && errno == ENXIO && acq_fx_now_ms() < end) {
		usleep(1000);
	}
	ck_assert_msg(fd >= 0 || !someone_is_stuck, "nobody was stuck reading the FIFO: %s", strerror(errno));
	if (fd >= 0) {
		ck_assert_int_eq(write(fd, buf, n), (ssize_t) n);
		close(fd);
	}
	ck_assert_int_eq(unlink(keep), 0);
}

static void recover_the_file_system(const acq_db_state *st)
{
	recover_the_file_system_if(st, 1);
}

START_TEST(a_hung_file_system_never_blocks_a_request)
{
	acq_db_state w = acq_fx_state(4, "db2", NULL);
	acq_db_freshness f;
	int i;

	cfg.recheck_ms = 10;
	acq_fx_write_state(&w);
	ck_assert_str_eq(get_ok()->active, "db2");
	hang_the_file_system();
	/* the poller is now stuck in open(); every request still answers at once */
	for (i = 0; i < 100000; i++) {
		ck_assert_str_eq(get_ok()->active, "db2");
	}
	acq_db_cache_freshness(&cache, &f);
	ck_assert_int_ge(f.age_ms, 0);
	recover_the_file_system(&w);
}
END_TEST

START_TEST(a_change_on_a_hung_file_system_ends_with_fs_timeout_and_writes_nothing)
{
	acq_db_state w = acq_fx_state(4, "db2", NULL);
	acq_db_election_result res;
	char before[ACQ_DB_FILE_MAX];
	char after[ACQ_DB_FILE_MAX];
	size_t n;

	cfg.recheck_ms = 10;
	cfg.lock_timeout_ms = 300;
	acq_fx_write_state(&w);
	ck_assert_str_eq(get_ok()->active, "db2");
	hang_the_file_system();
	ck_assert_int_eq(acq_db_switchover(&cache, "db3", "test", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_E_FS_TIMEOUT);
	ck_assert_msg(strstr(err, "did not answer within acq_db.lock_timeout_ms=300") != NULL, "err: %s", err);
	ck_assert_msg(strstr(err, "no connection was made to a server whose election is not recorded") != NULL, "err: %s", err);
	ck_assert_str_eq(get_ok()->active, "db2"); /* nothing decided, nothing adopted */
	recover_the_file_system(&w);
	n = acq_fx_read_raw(acq_fx_file, before, sizeof(before));
	/* the abandoned steps ran or were dropped and released the lock: the next
	 * change goes through, and nothing else had written meanwhile (a longer
	 * deadline: on GlusterFS, lock + read + write take longer than 300 ms) */
	cfg.lock_timeout_ms = 10000;
	ck_assert_int_eq(acq_db_switchover(&cache, "db3", "test", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(res.state.epoch, 5);
	ck_assert_str_eq(get_ok()->active, "db3");
	ck_assert_uint_gt(acq_fx_read_raw(acq_fx_file, after, sizeof(after)), 0);
	ck_assert_uint_gt(n, 0);
}
END_TEST

START_TEST(without_state_a_hung_file_system_fails_closed_after_first_read_timeout)
{
	const acq_db_state *st = NULL;
	acq_db_state w = acq_fx_state(1, "db1", NULL);

	cfg.first_read_timeout_ms = 200;
	hang_the_file_system();
	ck_assert_int_eq(acq_db_cache_get(&cache, &st, err, sizeof(err)), ACQ_DB_E_FS_TIMEOUT);
	ck_assert_msg(strstr(err, "no read of") != NULL, "err: %s", err);
	ck_assert_msg(strstr(err, "no connection will be made to a guessed server") != NULL, "err: %s", err);
	ck_assert_int_eq(cache.have_state, 0);
	recover_the_file_system(&w);
	ck_assert_int_eq(acq_db_cache_refresh(&cache, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_str_eq(get_ok()->active, "db1");
}
END_TEST

/* Starts a process that uses the node page and reports "L" when it leads,
 * "F" when it follows, then waits to be killed. */
static pid_t start_node_process(int report)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		acq_db_cache c;
		const acq_db_state *st;
		acq_db_poller_info info;
		acq_db_cache_init(&c, &cfg);
		if (acq_db_cache_get(&c, &st, NULL, 0) != ACQ_DB_OK) {
			_exit(2);
		}
		acq_db_poller_get_info(c.poller, &info);
		(void) write(report, info.leader ? "L" : "F", 1);
		for (;;) {
			pause();
		}
	}
	kids[nkids++] = pid;
	return pid;
}

static int leads(void)
{
	acq_db_poller_info info;

	acq_db_poller_get_info(cache.poller, &info);
	return info.leader;
}

START_TEST(one_reader_per_node_and_the_lease_moves_when_its_holder_dies)
{
	acq_db_state w = acq_fx_state(2, "db2", NULL);
	acq_db_poller_info info;
	uint64_t end;
	char said[3] = "";
	int p[2];
	pid_t first;
	int i;

	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	cfg.recheck_ms = 20;
	acq_fx_write_state(&w);
	ck_assert_int_eq(pipe(p), 0);
	first = start_node_process(p[1]);
	ck_assert_int_eq(read(p[0], &said[0], 1), 1);
	ck_assert_int_eq(said[0], 'L');
	start_node_process(p[1]);
	ck_assert_int_eq(read(p[0], &said[1], 1), 1);
	ck_assert_int_eq(said[1], 'F');
	ck_assert_str_eq(get_ok()->active, "db2");
	acq_db_poller_get_info(cache.poller, &info);
	ck_assert_int_eq(info.mode, ACQ_DB_POLLER_NODE);
	ck_assert_int_eq(info.leader, 0);
	ck_assert_int_eq(__atomic_load_n(&cache.page->poller_pid, __ATOMIC_RELAXED), first);
	/* the holder dies: the kernel frees its flock, one of the others takes over */
	kill(first, SIGKILL);
	waitpid(first, NULL, 0);
	nkids--;
	kids[0] = kids[1];
	end = acq_fx_now_ms() + 5000;
	while (__atomic_load_n(&cache.page->poller_pid, __ATOMIC_RELAXED) == first && acq_fx_now_ms() < end) {
		usleep(1000);
	}
	ck_assert_int_ne(__atomic_load_n(&cache.page->poller_pid, __ATOMIC_RELAXED), first);
	/* and follows changes for the whole node */
	w = acq_fx_state(3, "db3", NULL);
	acq_fx_write_state(&w);
	for (i = 0; i < 5000 && get_ok()->epoch != 3; i++) {
		usleep(1000);
	}
	ck_assert_str_eq(get_ok()->active, "db3");
	close(p[0]);
	close(p[1]);
}
END_TEST

/* Waits (10 s at most) until this process's cache shows epoch. */
static uint64_t wait_for_epoch(uint64_t epoch)
{
	uint64_t end = acq_fx_now_ms() + 10000;

	while (get_ok()->epoch != epoch && acq_fx_now_ms() < end) {
		usleep(1000);
	}
	return get_ok()->epoch;
}

/* The elector is not the node's reader (another process holds the lease and
 * its timer is a minute): when the switchover returns, the node's page
 * already shows it, so every process of the node routes by it. */
START_TEST(after_a_switchover_the_node_page_shows_it_when_the_call_returns)
{
	acq_db_state w = acq_fx_state(2, "db1", NULL);
	acq_db_election_result res;
	acq_db_page_view v;
	char said = 0;
	int p[2];
	int i;

	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	acq_fx_write_state(&w);
	ck_assert_int_eq(pipe(p), 0);
	start_node_process(p[1]);
	ck_assert_int_eq(read(p[0], &said, 1), 1);
	ck_assert_int_eq(said, 'L');
	ck_assert_str_eq(get_ok()->active, "db1");
	ck_assert_int_eq(leads(), 0);
	/* many times over: without the wait, the reader wins this race often */
	for (i = 0; i < 50; i++) {
		const char *to = i % 2 ? "db1" : "db2";
		ck_assert_int_eq(acq_db_switchover(&cache, to, "test", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
		ck_assert_int_eq(acq_db_page_read(cache.page, &v), 0);
		ck_assert_int_eq(v.have_good, 1);
		ck_assert_uint_eq(v.good.epoch, 3 + (uint64_t) i);
		ck_assert_str_eq(v.good.active, to);
	}
	close(p[0]);
	close(p[1]);
}
END_TEST

/* Two pools of one user on one election file, one re-reading every minute,
 * one every 20 ms (no watch here: the timers alone). The slow one's reader
 * must not set the pace for the fast one: each interval has a page and a
 * reader of its own. */
START_TEST(a_slow_pool_does_not_set_the_pace_for_a_fast_one)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	char said = 0;
	int p[2];

	acq_db_poller_test_fail_watch(EMFILE); /* the children inherit it */
	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	acq_fx_write_state(&w);
	ck_assert_int_eq(pipe(p), 0);
	start_node_process(p[1]); /* recheck_ms is a minute (the fixture's) */
	ck_assert_int_eq(read(p[0], &said, 1), 1);
	ck_assert_int_eq(said, 'L');
	cfg.recheck_ms = 20;
	ck_assert_str_eq(get_ok()->active, "db1");
	ck_assert_int_eq(leads(), 1);
	w = acq_fx_state(2, "db2", NULL);
	acq_fx_write_state(&w);
	ck_assert_uint_eq(wait_for_epoch(2), 2);
	close(p[0]);
	close(p[1]);
}
END_TEST

static int self_reading(void)
{
	acq_db_poller_info info;

	acq_db_poller_get_info(cache.poller, &info);
	return info.self_reading;
}

/* Waits (5 s at most) until every thread of pid is stopped: kill() returns
 * before a thread running on another CPU has stopped, and the holder's reader
 * could still publish a change written right after it. */
static void wait_stopped(pid_t pid)
{
	uint64_t end = acq_fx_now_ms() + 5000;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task", (int) pid);
	for (;;) {
		DIR *d = opendir(path);
		struct dirent *e;
		int running = 0;

		ck_assert_ptr_nonnull(d);
		while ((e = readdir(d))) {
			char stat[384], buf[256], *close_paren;
			FILE *f;

			if (e->d_name[0] == '.') {
				continue;
			}
			snprintf(stat, sizeof(stat), "%s/%s/stat", path, e->d_name);
			if (!(f = fopen(stat, "r"))) {
				continue;
			}
			if (fgets(buf, sizeof(buf), f) && (close_paren = strrchr(buf, ')')) && close_paren[2] != 'T') {
				running = 1;
			}
			fclose(f);
		}
		closedir(d);
		if (!running) {
			return;
		}
		ck_assert_msg(acq_fx_now_ms() < end, "process %d did not stop within 5 s", (int) pid);
		usleep(1000);
	}
}

/* The lease holder is stopped (SIGSTOP: Ctrl-Z on a drush run, a debugger,
 * a frozen cgroup) and keeps its flock: once its page is older than the
 * lease's deadline (4 x recheck_ms + 250 ms), the others read for
 * themselves and follow a change; when it runs again they go back to it. */
START_TEST(a_stopped_lease_holder_does_not_pin_the_node)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	uint64_t end;
	char said = 0;
	pid_t holder;
	int p[2];

	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	cfg.recheck_ms = 50;
	acq_fx_write_state(&w);
	ck_assert_int_eq(pipe(p), 0);
	holder = start_node_process(p[1]);
	ck_assert_int_eq(read(p[0], &said, 1), 1);
	ck_assert_int_eq(said, 'L');
	ck_assert_str_eq(get_ok()->active, "db1");
	ck_assert_int_eq(leads(), 0);
	ck_assert_int_eq(kill(holder, SIGSTOP), 0);
	wait_stopped(holder);
	w = acq_fx_state(2, "db2", "db1");
	acq_fx_write_state(&w);
	ck_assert_uint_eq(wait_for_epoch(2), 2);
	ck_assert_str_eq(get_ok()->active, "db2");
	ck_assert_int_eq(self_reading(), 1);
	ck_assert_int_eq(leads(), 0); /* its flock still holds */
	/* the holder runs again: its page is current again, and followed */
	ck_assert_int_eq(kill(holder, SIGCONT), 0);
	end = acq_fx_now_ms() + 10000;
	while (self_reading() && acq_fx_now_ms() < end) {
		usleep(1000);
	}
	ck_assert_int_eq(self_reading(), 0);
	w = acq_fx_state(3, "db3", "db1");
	acq_fx_write_state(&w);
	ck_assert_uint_eq(wait_for_epoch(3), 3);
	ck_assert_int_eq(__atomic_load_n(&cache.page->poller_pid, __ATOMIC_RELAXED), holder);
	close(p[0]);
	close(p[1]);
}
END_TEST

/* 1 while pid runs (a zombie, or a process that is gone, does not). */
static int runs(pid_t pid)
{
	char path[64];
	char buf[512];
	char *st;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
	if (!(f = fopen(path, "r"))) {
		return 0;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	st = strrchr(buf, ')');
	return st && st[1] == ' ' && st[2] != 'Z' && st[2] != 'X';
}

static int wait_gone(pid_t pid)
{
	uint64_t end = acq_fx_now_ms() + 10000;

	while (runs(pid) && acq_fx_now_ms() < end) {
		usleep(1000);
	}
	return !runs(pid);
}

/* A short-lived process (the operator tool, PHP's CLI) reads through a
 * helper process: the reads, the watch and every step of a change happen
 * there, and this process only sees their results. */
START_TEST(with_a_helper_process_reads_and_changes_happen_outside_the_process)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	acq_db_election_result res;
	acq_db_poller_info info;
	pid_t helper;

	acq_db_poller_use_helper_process(1);
	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	acq_fx_write_state(&w);
	ck_assert_str_eq(get_ok()->active, "db1");
	acq_db_poller_get_info(cache.poller, &info);
	ck_assert_int_eq(info.helper, 1);
	ck_assert_int_eq(info.leader, 1);
	/* the page names the process served; the reads are the helper's */
	ck_assert_int_eq(__atomic_load_n(&cache.page->poller_pid, __ATOMIC_RELAXED), getpid());
	helper = info.helper_pid;
	ck_assert_int_gt(helper, 0);
	ck_assert_int_ne(helper, getpid());
	ck_assert(runs(helper));
	/* a change through the helper's steps (lock, read, write, release) */
	ck_assert_int_eq(acq_db_switchover(&cache, "db2", "test", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(res.state.epoch, 2);
	ck_assert_str_eq(get_ok()->active, "db2");
	/* the lock was released there: another change goes through */
	ck_assert_int_eq(acq_db_switchover(&cache, "db3", "test", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(res.state.epoch, 3);
	/* the helper's watch sees another process's change on this node */
	w = acq_fx_state(4, "db1", NULL);
	acq_fx_write_state(&w);
	ck_assert_uint_eq(wait_for_epoch(4), 4);
	ck_assert_int_eq(acq_db_poller_watching(cache.poller), 1);
	ck_assert_uint_eq(acq_db_cache_refresh(&cache, err, sizeof(err)), ACQ_DB_OK);
}
END_TEST

/* A change that outlasts lock_timeout_ms on a hung file system: the helper
 * finishes its step when the file system answers and then releases the
 * lock, as the thread does. */
START_TEST(with_a_helper_process_a_change_on_a_hung_file_system_times_out_and_is_cleaned_up)
{
	acq_db_state w = acq_fx_state(4, "db2", NULL);
	acq_db_election_result res;

	acq_db_poller_use_helper_process(1);
	cfg.recheck_ms = 10;
	cfg.lock_timeout_ms = 300;
	acq_fx_write_state(&w);
	ck_assert_str_eq(get_ok()->active, "db2");
	hang_the_file_system();
	ck_assert_int_eq(acq_db_switchover(&cache, "db3", "test", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_E_FS_TIMEOUT);
	ck_assert_str_eq(get_ok()->active, "db2");
	recover_the_file_system(&w);
	cfg.lock_timeout_ms = 10000;
	ck_assert_int_eq(acq_db_switchover(&cache, "db3", "test", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(res.state.epoch, 5);
	ck_assert_str_eq(get_ok()->active, "db3");
}
END_TEST

/* The process gives up on a hung file system and exits; its helper, stuck
 * in the file system, is left behind (it is not the process's child: a
 * wait() for the process's children never waits for it) and exits by
 * itself once the file system answers and it finds the process gone. */
START_TEST(a_helper_stuck_in_the_file_system_is_left_behind_and_exits_when_it_answers)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	pid_t cli, helper = 0;
	int status;
	int p[2];

	cfg.first_read_timeout_ms = 300;
	acq_fx_write_state(&w);
	ck_assert_int_eq(pipe(p), 0);
	cli = fork();
	ck_assert_int_ge(cli, 0);
	if (cli == 0) {
		acq_db_cache c;
		const acq_db_state *st;
		pid_t h;
		acq_db_poller_use_helper_process(1);
		acq_db_cache_init(&c, &cfg);
		if (acq_db_cache_get(&c, &st, NULL, 0) != ACQ_DB_OK) {
			_exit(2);
		}
		{
			acq_db_poller_info info;
			acq_db_poller_get_info(c.poller, &info);
			h = info.helper_pid;
		}
		hang_the_file_system();
		if (acq_db_cache_refresh(&c, NULL, 0) != ACQ_DB_E_FS_TIMEOUT) {
			_exit(3);
		}
		(void) write(p[1], &h, sizeof(h));
		_exit(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD ? 0 : 4); /* no child of ours */
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &helper, sizeof(helper)), (ssize_t) sizeof(helper));
	close(p[0]);
	ck_assert_int_eq(waitpid(cli, &status, 0), cli);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", WEXITSTATUS(status));
	ck_assert_int_gt(helper, 0);
	ck_assert_msg(runs(helper), "the helper is gone while the file system still hangs");
	recover_the_file_system(&w);
	ck_assert_msg(wait_gone(helper), "the helper did not exit after the file system answered");
}
END_TEST

/* Every worker of the node was gone for a while: the page still says epoch
 * 1, the cluster moved on to 9. A fresh process must not route by it before
 * a read confirms it (it becomes the reader itself and reads). */
START_TEST(a_page_whose_reader_died_long_ago_is_not_taken_without_a_fresh_read)
{
	acq_db_state old = acq_fx_state(1, "db1", NULL);
	acq_db_state now = acq_fx_state(9, "db3", "db1");
	acq_db_page *pg;
	char path[ACQ_DB_PATH_MAX];
	int fd;

	/* "long ago" measured against 3 x recheck_ms + 1 s (1.3 s here): 30 s
	 * is long ago on any machine, one booted a minute ago included */
	cfg.recheck_ms = 100;
	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	acq_fx_write_state(&now);
	ck_assert_int_eq(acq_db_page_map_shared(acq_fx_dir, acq_fx_file, cfg.recheck_ms, &pg, &fd, path, sizeof(path), err, sizeof(err)),
		ACQ_DB_OK);
	acq_db_page_publish(pg, &old, ACQ_DB_OK, NULL);
	acq_db_page_beat(pg, 1, acq_fx_mono_ms_ago(30 * 1000), acq_db_clock_wall_ms() - 30 * 1000, getpid());
	ck_assert_uint_eq(get_ok()->epoch, 9);
	ck_assert_str_eq(get_ok()->active, "db3");
	close(fd);
}
END_TEST

/* A beat stamped later than now (a damaged or planted page, or arithmetic
 * that wrapped) is no proof that the reader is alive. */
/* acq-db-admin check speaks for the node from the pages in the state
 * directory, which other local users can write into: a page owned by
 * another uid than its name claims, or writable by others, is not believed. */
START_TEST(the_node_scan_believes_only_pages_owned_by_the_uid_they_name)
{
	acq_db_state good = acq_fx_state(3, "db2", NULL);
	acq_db_page_node node;
	acq_db_page *pg;
	char path[ACQ_DB_PATH_MAX];
	int fd;

	ck_assert_int_eq(acq_db_page_map_shared(acq_fx_dir, acq_fx_file, cfg.recheck_ms, &pg, &fd, path, sizeof(path), err,
		sizeof(err)), ACQ_DB_OK);
	acq_db_page_publish(pg, &good, ACQ_DB_OK, NULL);
	acq_db_page_scan_node(acq_fx_dir, acq_fx_file, &node);
	ck_assert_int_eq(node.found, 1);
	ck_assert_int_eq(chmod(path, 0666), 0);
	acq_db_page_scan_node(acq_fx_dir, acq_fx_file, &node);
	ck_assert_int_eq(node.found, 0);
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(chown(path, geteuid() + 1, (gid_t) -1), 0);
	acq_db_page_scan_node(acq_fx_dir, acq_fx_file, &node);
	ck_assert_int_eq(node.found, 0);
	close(fd);
}
END_TEST

START_TEST(a_page_beat_in_the_future_is_not_taken_without_a_fresh_read)
{
	acq_db_state old = acq_fx_state(1, "db1", NULL);
	acq_db_state now = acq_fx_state(9, "db3", "db1");
	acq_db_page *pg;
	char path[ACQ_DB_PATH_MAX];
	int fd;

	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	acq_fx_write_state(&now);
	ck_assert_int_eq(acq_db_page_map_shared(acq_fx_dir, acq_fx_file, cfg.recheck_ms, &pg, &fd, path, sizeof(path), err, sizeof(err)),
		ACQ_DB_OK);
	acq_db_page_publish(pg, &old, ACQ_DB_OK, NULL);
	acq_db_page_beat(pg, 1, acq_db_clock_coarse_ms() + 3600 * 1000, acq_db_clock_wall_ms(), getpid());
	ck_assert_uint_eq(get_ok()->epoch, 9);
	close(fd);
}
END_TEST

/* The node's reader is alive and read a moment ago: a fresh process takes
 * the page's state at once, even when its own read would hang. */
START_TEST(a_current_page_spares_a_fresh_process_the_wait)
{
	acq_db_state w = acq_fx_state(5, "db2", NULL);
	acq_db_page *pg;
	char path[ACQ_DB_PATH_MAX];
	int fd;

	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	cfg.first_read_timeout_ms = 0; /* no wait allowed at all */
	hang_the_file_system();
	ck_assert_int_eq(acq_db_page_map_shared(acq_fx_dir, acq_fx_file, cfg.recheck_ms, &pg, &fd, path, sizeof(path), err, sizeof(err)),
		ACQ_DB_OK);
	acq_db_page_publish(pg, &w, ACQ_DB_OK, NULL);
	acq_db_page_beat(pg, 1, acq_db_clock_coarse_ms(), acq_db_clock_wall_ms(), getpid());
	ck_assert_str_eq(get_ok()->active, "db2");
	/* whether the poller got to the FIFO yet does not matter here */
	recover_the_file_system_if(&w, 0);
	close(fd);
}
END_TEST

START_TEST(a_damaged_page_is_never_used)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	acq_db_state lie = acq_fx_state(9, "db3", NULL);
	acq_db_page *pg;
	char path[ACQ_DB_PATH_MAX];
	int fd;

	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	acq_fx_write_state(&w);
	ck_assert_int_eq(acq_db_page_map_shared(acq_fx_dir, acq_fx_file, cfg.recheck_ms, &pg, &fd, path, sizeof(path), err, sizeof(err)),
		ACQ_DB_OK);
	acq_db_page_publish(pg, &lie, ACQ_DB_OK, NULL);
	__atomic_fetch_xor(&pg->good_crc, 1, __ATOMIC_RELAXED); /* what a stray write or another build would leave */
	ck_assert_str_eq(get_ok()->active, "db1");
	ck_assert_uint_eq(get_ok()->epoch, 1);
	close(fd);
}
END_TEST

START_TEST(a_page_that_is_not_ours_is_refused_and_the_process_reads_for_itself)
{
	acq_db_state w = acq_fx_state(1, "db2", NULL);
	acq_db_poller_info info;
	char path[ACQ_DB_PATH_MAX];

	acq_db_strlcpy(cfg.state_dir, acq_fx_dir, sizeof(cfg.state_dir));
	acq_fx_write_state(&w);
	ck_assert_int_eq(acq_db_page_path(acq_fx_dir, acq_fx_file, cfg.recheck_ms, path, sizeof(path)), 0);
	ck_assert_int_eq(symlink("/etc/passwd", path), 0); /* planted in a world-writable dir */
	acq_fx_log_reset();
	ck_assert_str_eq(get_ok()->active, "db2");
	acq_db_poller_get_info(cache.poller, &info);
	ck_assert_int_eq(info.mode, ACQ_DB_POLLER_PROCESS);
	ck_assert_msg(strstr(info.fallback_reason, "cannot open the node's state page") != NULL, "%s", info.fallback_reason);
	ck_assert_int_eq(acq_fx_log_count_matching("node sharing off"), 1);
}
END_TEST

Suite *acq_check_poller_suite(void)
{
	Suite *s = suite_create("poller");
	TCase *tc = tcase_create("poller");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, a_hung_file_system_never_blocks_a_request);
	tcase_add_test(tc, a_change_on_a_hung_file_system_ends_with_fs_timeout_and_writes_nothing);
	tcase_add_test(tc, without_state_a_hung_file_system_fails_closed_after_first_read_timeout);
	tcase_add_test(tc, one_reader_per_node_and_the_lease_moves_when_its_holder_dies);
	tcase_add_test(tc, after_a_switchover_the_node_page_shows_it_when_the_call_returns);
	tcase_add_test(tc, a_slow_pool_does_not_set_the_pace_for_a_fast_one);
	tcase_add_test(tc, a_stopped_lease_holder_does_not_pin_the_node);
	tcase_add_test(tc, with_a_helper_process_reads_and_changes_happen_outside_the_process);
	tcase_add_test(tc, with_a_helper_process_a_change_on_a_hung_file_system_times_out_and_is_cleaned_up);
	tcase_add_test(tc, a_helper_stuck_in_the_file_system_is_left_behind_and_exits_when_it_answers);
	tcase_add_test(tc, a_page_whose_reader_died_long_ago_is_not_taken_without_a_fresh_read);
	tcase_add_test(tc, a_page_beat_in_the_future_is_not_taken_without_a_fresh_read);
	tcase_add_test(tc, the_node_scan_believes_only_pages_owned_by_the_uid_they_name);
	tcase_add_test(tc, a_current_page_spares_a_fresh_process_the_wait);
	tcase_add_test(tc, a_damaged_page_is_never_used);
	tcase_add_test(tc, a_page_that_is_not_ours_is_refused_and_the_process_reads_for_itself);
	suite_add_tcase(s, tc);
	return s;
}
