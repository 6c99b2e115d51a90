/*
 * The per-process cache: first read, fail-closed without a good state,
 * inotify invalidation for changes on this node, the bounded re-read for
 * changes inotify cannot see, keep-and-warn-once for a file that turns bad,
 * refusing an epoch that goes backwards, and a fresh watch after fork().
 */
#include "fixtures.h"
#include "acq_db_copy.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char err[ACQ_DB_ERR_MAX];
static acq_db_config cfg;
static acq_db_cache cache;

static void setup(void)
{
	acq_fx_setup();
	acq_fx_config(&cfg, "db1=127.0.0.1:1,db2=127.0.0.1:2,db3=127.0.0.1:3");
	acq_db_cache_init(&cache, &cfg);
}

static void teardown(void)
{
	acq_db_cache_destroy(&cache);
	acq_fx_teardown();
}

static const acq_db_state *get_ok(void)
{
	const acq_db_state *st = NULL;

	ck_assert_msg(acq_db_cache_get(&cache, &st, err, sizeof(err)) == ACQ_DB_OK, "get: %s", err);
	return st;
}

/* Polls until the cache shows epoch want or the deadline passes. */
static const acq_db_state *wait_for_epoch(uint64_t want, unsigned deadline_ms)
{
	uint64_t end = acq_fx_now_ms() + deadline_ms;
	const acq_db_state *st;

	for (;;) {
		acq_db_cache_request_start(&cache);
		st = get_ok();
		if (st->epoch == want || acq_fx_now_ms() > end) {
			return st;
		}
		usleep(1000);
	}
}

START_TEST(first_read_and_fast_path)
{
	acq_db_state w = acq_fx_state(3, "db2", NULL);
	const acq_db_state *st;
	uint64_t reads;

	acq_fx_write_state(&w);
	st = get_ok();
	ck_assert_uint_eq(st->epoch, 3);
	ck_assert_str_eq(st->active, "db2");
	ck_assert_int_eq(cache.last_read_reason, ACQ_DB_READ_FIRST);
	reads = cache.reads;
	get_ok();
	get_ok();
	ck_assert_uint_eq(cache.reads, reads); /* nothing changed: no re-read */
}
END_TEST

START_TEST(missing_file_fails_closed)
{
	const acq_db_state *st = NULL;

	ck_assert_int_eq(acq_db_cache_get(&cache, &st, err, sizeof(err)), ACQ_DB_E_MISSING);
	ck_assert_ptr_nonnull(strstr(err, "acq_db_init()"));
	ck_assert_int_eq(cache.have_state, 0);
}
END_TEST

START_TEST(inotify_sees_a_local_change)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	const acq_db_state *st;

	cfg.recheck_ms = 600000; /* only inotify can explain a quick update */
	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	ck_assert_int_ge(cache.inotify_fd, 0);
	w = acq_fx_state(2, "db2", "db1");
	acq_fx_write_state(&w);
	st = wait_for_epoch(2, 3000);
	ck_assert_uint_eq(st->epoch, 2);
	ck_assert_str_eq(st->active, "db2");
	ck_assert_int_eq(cache.last_read_reason, ACQ_DB_READ_INOTIFY);
}
END_TEST

/* Stands for a change made on another node, which a watch on a FUSE mount
 * does not report: the cache loses its inotify descriptor for good. */
static void lose_inotify(void)
{
	ck_assert_int_ge(cache.inotify_fd, 0);
	close(cache.inotify_fd);
	cache.inotify_fd = -1;
	cache.inotify_failed = 1;
}

START_TEST(without_inotify_a_long_recheck_hides_the_change)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	uint64_t end;

	cfg.recheck_ms = 60000;
	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	lose_inotify();
	w = acq_fx_state(2, "db2", NULL);
	acq_fx_write_state(&w);
	/* 300 ms of requests: every one must still answer from the cache */
	end = acq_fx_now_ms() + 300;
	while (acq_fx_now_ms() < end) {
		acq_db_cache_request_start(&cache);
		ck_assert_uint_eq(get_ok()->epoch, 1);
		usleep(2000);
	}
	ck_assert_uint_eq(cache.reads, 1);
	/* an explicit reload (the election path's) does see it */
	ck_assert_int_eq(acq_db_cache_reload(&cache, ACQ_DB_READ_RETRY, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(get_ok()->epoch, 2);
}
END_TEST

START_TEST(without_inotify_the_recheck_sees_it_after_recheck_ms)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	const acq_db_state *st;
	uint64_t read_at;

	cfg.recheck_ms = 50;
	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	read_at = acq_fx_now_ms();
	lose_inotify();
	w = acq_fx_state(2, "db2", NULL);
	acq_fx_write_state(&w);
	st = wait_for_epoch(2, 3000);
	ck_assert_uint_eq(st->epoch, 2);
	ck_assert_int_eq(cache.last_read_reason, ACQ_DB_READ_RECHECK);
	/* not before recheck_ms, less one tick of the coarse clock (1-4 ms) */
	ck_assert_uint_ge(acq_fx_now_ms() - read_at, 45);
}
END_TEST

START_TEST(newer_mirror_beats_a_stale_file)
{
	acq_db_state w = acq_fx_state(4, "db1", NULL);
	acq_db_state newer = acq_fx_state(5, "db3", "db1");
	acq_db_lock lk;

	acq_fx_write_state(&w);
	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 100, &lk, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_copy_write(lk.fd, &newer, err, sizeof(err)), ACQ_DB_OK);
	acq_db_lock_release(&lk);
	ck_assert_uint_eq(get_ok()->epoch, 5);
	ck_assert_str_eq(get_ok()->active, "db3");
}
END_TEST

/* The file turns bad after a good read: every get keeps the good state,
 * last_error says why, and exactly one warning is logged. */
static void keeps_old_state_after(const char *bytes, const char *needle)
{
	acq_db_state w = acq_fx_state(2, "db2", NULL);
	const acq_db_state *st;
	int i;

	cfg.recheck_ms = 0; /* every call re-reads */
	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 2);
	acq_fx_log_reset();
	acq_fx_write_raw(acq_fx_file, bytes, strlen(bytes));
	for (i = 0; i < 5; i++) {
		acq_db_cache_request_start(&cache);
		st = get_ok();
		ck_assert_uint_eq(st->epoch, 2);
		ck_assert_str_eq(st->active, "db2");
	}
	ck_assert_msg(strstr(cache.last_error, needle) != NULL, "last_error '%s' lacks '%s'", cache.last_error, needle);
	ck_assert_int_eq(acq_fx_log_count(), 1); /* warned once, not five times */
	ck_assert_ptr_nonnull(strstr(acq_fx_log_last(), "acq_db: keeping active server db2 (epoch 2)"));
}

START_TEST(corrupt_file_keeps_good_state_and_warns_once)
{
	keeps_old_state_after("garbage\n", "not an acq_db election file");
}
END_TEST

START_TEST(unknown_server_keeps_good_state_and_warns_once)
{
	acq_db_state w = acq_fx_state(9, "db9", NULL);
	char buf[ACQ_DB_FILE_MAX];
	size_t n = acq_db_efile_format(&w, buf, sizeof(buf));

	buf[n] = '\0';
	keeps_old_state_after(buf, "'db9'");
}
END_TEST

START_TEST(missing_file_after_a_good_read_keeps_it)
{
	keeps_old_state_after("", "file is empty");
	ck_assert_int_eq(unlink(acq_fx_file), 0);
	acq_db_cache_request_start(&cache);
	ck_assert_str_eq(get_ok()->active, "db2");
	ck_assert_int_eq(cache.last_rc, ACQ_DB_E_MISSING);
	ck_assert_int_eq(acq_fx_log_count(), 1); /* still the one warning */
}
END_TEST

START_TEST(a_good_file_again_clears_the_error_and_rearms_the_warning)
{
	acq_db_state w = acq_fx_state(3, "db3", NULL);

	keeps_old_state_after("garbage\n", "not an acq_db election file");
	acq_fx_write_state(&w);
	acq_db_cache_request_start(&cache);
	ck_assert_uint_eq(get_ok()->epoch, 3);
	ck_assert_int_eq(cache.last_rc, ACQ_DB_OK);
	ck_assert_str_eq(cache.last_error, "");
	acq_fx_write_raw(acq_fx_file, "junk\n", 5);
	acq_db_cache_request_start(&cache);
	ck_assert_uint_eq(get_ok()->epoch, 3);
	ck_assert_int_eq(acq_fx_log_count(), 2); /* a new breakage is worth a new warning */
	ck_assert_ptr_nonnull(strstr(acq_fx_log_last(), "keeping active server db3 (epoch 3)"));
}
END_TEST

START_TEST(no_state_and_bad_file_fails_closed_with_repair_advice)
{
	const acq_db_state *st = NULL;
	acq_db_state w = acq_fx_state(9, "db9", NULL);

	acq_fx_write_raw(acq_fx_file, "garbage\n", 8);
	ck_assert_int_eq(acq_db_cache_get(&cache, &st, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "move the file aside"));
	ck_assert_ptr_nonnull(strstr(err, "acq_db_init("));
	acq_fx_write_state(&w);
	ck_assert_int_eq(acq_db_cache_get(&cache, &st, err, sizeof(err)), ACQ_DB_E_UNKNOWN_SERVER);
	ck_assert_ptr_nonnull(strstr(err, "no connection will be made to a guessed server"));
}
END_TEST

START_TEST(epoch_going_backwards_is_refused)
{
	acq_db_state w = acq_fx_state(5, "db2", "db1");
	acq_db_state old = acq_fx_state(3, "db1", NULL);
	char buf[ACQ_DB_FILE_MAX];
	size_t n = acq_db_efile_format(&old, buf, sizeof(buf));

	cfg.recheck_ms = 0;
	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 5);
	acq_fx_log_reset();
	acq_fx_write_raw(acq_fx_file, buf, n); /* a restored older copy, no lock file copy of it */
	acq_db_cache_request_start(&cache);
	ck_assert_uint_eq(get_ok()->epoch, 5);
	ck_assert_str_eq(get_ok()->active, "db2");
	acq_db_cache_request_start(&cache);
	ck_assert_uint_eq(get_ok()->epoch, 5);
	ck_assert_int_eq(cache.last_rc, ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(cache.last_error, "went back from epoch 5 to 3"));
	ck_assert_int_eq(acq_fx_log_count(), 1);
	ck_assert_ptr_nonnull(strstr(acq_fx_log_last(), "keeping active server db2 (epoch 5)"));
	ck_assert_ptr_nonnull(strstr(acq_fx_log_last(), "went back from epoch 5 to 3"));
}
END_TEST

START_TEST(child_after_fork_has_its_own_watch)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	int parent_fd;
	pid_t pid;
	int status;

	cfg.recheck_ms = 600000;
	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	parent_fd = cache.inotify_fd;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		const acq_db_state *st = NULL;
		uint64_t end;
		/* the child must not drain the parent's (shared) inotify description */
		if (acq_db_cache_get(&cache, &st, NULL, 0) != ACQ_DB_OK || cache.inotify_fd < 0) {
			_exit(2);
		}
		w = acq_fx_state(2, "db2", NULL);
		acq_fx_write_state(&w);
		end = acq_fx_now_ms() + 3000;
		while (acq_fx_now_ms() < end) {
			acq_db_cache_request_start(&cache);
			if (acq_db_cache_get(&cache, &st, NULL, 0) == ACQ_DB_OK && st->epoch == 2) {
				_exit(cache.last_read_reason == ACQ_DB_READ_INOTIFY ? 0 : 3);
			}
			usleep(1000);
		}
		_exit(4);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", WEXITSTATUS(status));
	/* the parent's own watch still works and reports the child's write */
	ck_assert_int_eq(cache.inotify_fd, parent_fd);
	ck_assert_uint_eq(wait_for_epoch(2, 3000)->epoch, 2);
	ck_assert_int_eq(cache.last_read_reason, ACQ_DB_READ_INOTIFY);
}
END_TEST

Suite *acq_check_cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("cache");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, first_read_and_fast_path);
	tcase_add_test(tc, missing_file_fails_closed);
	tcase_add_test(tc, inotify_sees_a_local_change);
	tcase_add_test(tc, without_inotify_a_long_recheck_hides_the_change);
	tcase_add_test(tc, without_inotify_the_recheck_sees_it_after_recheck_ms);
	tcase_add_test(tc, newer_mirror_beats_a_stale_file);
	tcase_add_test(tc, corrupt_file_keeps_good_state_and_warns_once);
	tcase_add_test(tc, unknown_server_keeps_good_state_and_warns_once);
	tcase_add_test(tc, missing_file_after_a_good_read_keeps_it);
	tcase_add_test(tc, a_good_file_again_clears_the_error_and_rearms_the_warning);
	tcase_add_test(tc, no_state_and_bad_file_fails_closed_with_repair_advice);
	tcase_add_test(tc, epoch_going_backwards_is_refused);
	tcase_add_test(tc, child_after_fork_has_its_own_watch);
	suite_add_tcase(s, tc);
	return s;
}
