/*
 * The request side of the published state: the first state, fail-closed
 * without a good one, the fast path that makes no system call, following a
 * published change, keep-and-warn-once for a file that turns bad, refusing
 * an epoch that goes backwards, and a child after fork() with a reader of its
 * own; a change made on this node read at once through the watch, and the
 * timed re-read (with one warning) when no watch can be set up. The poller's
 * timer is a minute, so every step is an event (a test's ask, or the watch),
 * not a race with a timer.
 */
#include "fixtures.h"
#include "store/acq_db_copy.h"
#include "node/acq_db_poller.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char err[ACQ_DB_ERR_MAX];
/* the cache fixture (fixtures.h) under this suite's short names */
#define cfg acq_fx_cfg
#define cache acq_fx_cache
#define get_ok acq_fx_get_ok
#define refresh_ok acq_fx_refresh_ok

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
	ck_assert_uint_eq(cache.reads, reads); /* nothing published: nothing taken again */
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

START_TEST(a_published_change_is_followed)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	const acq_db_state *st;

	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	w = acq_fx_state(2, "db2", "db1");
	acq_fx_write_state(&w);
	/* the request never reads: the poller does (here at once, through its
	 * watch, or when asked) and the request takes what it published */
	st = refresh_ok();
	ck_assert_uint_eq(st->epoch, 2);
	ck_assert_str_eq(st->active, "db2");
	ck_assert_int_eq(cache.last_read_reason, ACQ_DB_READ_PUBLISHED);
}
END_TEST

/* Waits (10 s at most, far below the minute of the timer) for epoch. */
static uint64_t wait_for_epoch(uint64_t epoch)
{
	uint64_t end = acq_fx_now_ms() + 10000;

	while (get_ok()->epoch != epoch && acq_fx_now_ms() < end) {
		usleep(1000);
	}
	return get_ok()->epoch;
}

/* Another process of this node renames a new election file into place (as
 * every change does): the watch wakes the reader, which publishes it long
 * before its timer (a minute) would have. */
START_TEST(a_change_made_on_this_node_is_read_at_once)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);

	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	ck_assert_int_eq(acq_db_poller_watching(cache.poller), 1);
	w = acq_fx_state(2, "db2", "db1");
	acq_fx_write_state(&w);
	ck_assert_uint_eq(wait_for_epoch(2), 2);
	ck_assert_str_eq(get_ok()->active, "db2");
	ck_assert_int_eq(cache.last_read_reason, ACQ_DB_READ_PUBLISHED);
}
END_TEST

/* A writer writes the lock file's copy first and closes the lock file when
 * it is done: that close alone (the copy newer than the file) is read. */
START_TEST(a_new_copy_in_the_lock_file_is_read_at_once)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	acq_db_state newer = acq_fx_state(3, "db3", NULL);
	char lock[4300];
	int fd;

	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	snprintf(lock, sizeof(lock), "%s.lock", acq_fx_file);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(acq_db_copy_write(fd, &newer, err, sizeof(err)), ACQ_DB_OK);
	close(fd);
	ck_assert_uint_eq(wait_for_epoch(3), 3);
	ck_assert_str_eq(get_ok()->active, "db3");
}
END_TEST

/* No watch (here: inotify refuses, as with fs.inotify.max_user_instances
 * used up): one warning that says what to raise, and the timed re-read
 * still finds every change. */
START_TEST(the_recheck_timer_finds_a_change_by_itself)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	uint64_t end;

	acq_db_poller_test_fail_watch(EMFILE);
	cfg.recheck_ms = 20;
	acq_fx_log_reset();
	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	ck_assert_int_eq(acq_db_poller_watching(cache.poller), 0);
	ck_assert_int_eq(acq_fx_log_count_matching("cannot watch"), 1);
	ck_assert_msg(strstr(acq_fx_log_last(), "raise fs.inotify.max_user_instances") != NULL, "%s", acq_fx_log_last());
	ck_assert_msg(strstr(acq_fx_log_last(), "re-reads election every acq_db.recheck_ms=20") != NULL, "%s",
		acq_fx_log_last());
	w = acq_fx_state(2, "db2", NULL);
	acq_fx_write_state(&w);
	end = acq_fx_now_ms() + 5000;
	while (get_ok()->epoch != 2 && acq_fx_now_ms() < end) {
		usleep(1000);
	}
	ck_assert_uint_eq(get_ok()->epoch, 2);
	ck_assert_uint_eq(refresh_ok()->epoch, 2);
	ck_assert_int_eq(acq_fx_log_count_matching("cannot watch"), 1); /* once */
}
END_TEST

START_TEST(newer_copy_beats_a_stale_file)
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

	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 2);
	acq_fx_log_reset();
	acq_fx_write_raw(acq_fx_file, bytes, strlen(bytes));
	for (i = 0; i < 5; i++) {
		st = refresh_ok();
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
	ck_assert_str_eq(refresh_ok()->active, "db2");
	ck_assert_int_eq(cache.last_rc, ACQ_DB_E_MISSING);
	ck_assert_int_eq(acq_fx_log_count(), 1); /* still the one warning */
}
END_TEST

START_TEST(a_good_file_again_clears_the_error_and_rearms_the_warning)
{
	acq_db_state w = acq_fx_state(3, "db3", NULL);

	keeps_old_state_after("garbage\n", "not an acq_db election file");
	acq_fx_write_state(&w);
	ck_assert_uint_eq(refresh_ok()->epoch, 3);
	ck_assert_int_eq(cache.last_rc, ACQ_DB_OK);
	ck_assert_str_eq(cache.last_error, "");
	acq_fx_write_raw(acq_fx_file, "junk\n", 5);
	ck_assert_uint_eq(refresh_ok()->epoch, 3);
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
	acq_db_cache_refresh(&cache, err, sizeof(err));
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

	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 5);
	acq_fx_log_reset();
	acq_fx_write_raw(acq_fx_file, buf, n); /* a restored older copy, no lock file copy of it */
	ck_assert_uint_eq(refresh_ok()->epoch, 5);
	ck_assert_str_eq(get_ok()->active, "db2");
	ck_assert_uint_eq(refresh_ok()->epoch, 5);
	ck_assert_int_eq(cache.last_rc, ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(cache.last_error, "went back from epoch 5 to 3"));
	ck_assert_int_eq(acq_fx_log_count(), 1);
	ck_assert_ptr_nonnull(strstr(acq_fx_log_last(), "keeping active server db2 (epoch 5)"));
	ck_assert_ptr_nonnull(strstr(acq_fx_log_last(), "went back from epoch 5 to 3"));
}
END_TEST

/* The poller's thread does not survive fork(): the child starts its own and
 * follows changes with it; the parent's goes on. */
START_TEST(child_after_fork_has_a_reader_of_its_own)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	pid_t pid;
	int status;

	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		const acq_db_state *st = NULL;
		w = acq_fx_state(2, "db2", NULL);
		acq_fx_write_state(&w);
		if (acq_db_cache_refresh(&cache, NULL, 0) != ACQ_DB_OK || acq_db_cache_get(&cache, &st, NULL, 0) != ACQ_DB_OK) {
			_exit(2);
		}
		_exit(st->epoch == 2 ? 0 : 3);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", WEXITSTATUS(status));
	ck_assert_uint_eq(refresh_ok()->epoch, 2);
}
END_TEST

/* The same with a helper process (PHP's CLI, pcntl_fork): the child gets a
 * page and a helper of its own, and the parent's helper goes on serving the
 * parent alone. */
START_TEST(child_after_fork_has_a_helper_of_its_own)
{
	acq_db_state w = acq_fx_state(1, "db1", NULL);
	acq_db_poller_info info;
	pid_t pid;
	int status;

	acq_db_poller_use_helper_process(1);
	acq_fx_write_state(&w);
	ck_assert_uint_eq(get_ok()->epoch, 1);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		const acq_db_state *st = NULL;
		acq_db_poller_info mine;
		w = acq_fx_state(2, "db2", NULL);
		acq_fx_write_state(&w);
		if (acq_db_cache_refresh(&cache, NULL, 0) != ACQ_DB_OK || acq_db_cache_get(&cache, &st, NULL, 0) != ACQ_DB_OK) {
			_exit(2);
		}
		acq_db_poller_get_info(cache.poller, &mine);
		_exit(st->epoch != 2 ? 3 : !mine.helper ? 4 : 0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", WEXITSTATUS(status));
	ck_assert_uint_eq(refresh_ok()->epoch, 2);
	acq_db_poller_get_info(cache.poller, &info);
	ck_assert_int_eq(info.helper, 1);
	ck_assert_int_gt(info.helper_pid, 0);
	w = acq_fx_state(3, "db3", NULL);
	acq_fx_write_state(&w);
	ck_assert_uint_eq(wait_for_epoch(3), 3);
}
END_TEST

Suite *acq_check_cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("cache");

	tcase_add_checked_fixture(tc, acq_fx_cache_setup, acq_fx_cache_teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, first_read_and_fast_path);
	tcase_add_test(tc, missing_file_fails_closed);
	tcase_add_test(tc, a_published_change_is_followed);
	tcase_add_test(tc, a_change_made_on_this_node_is_read_at_once);
	tcase_add_test(tc, a_new_copy_in_the_lock_file_is_read_at_once);
	tcase_add_test(tc, the_recheck_timer_finds_a_change_by_itself);
	tcase_add_test(tc, newer_copy_beats_a_stale_file);
	tcase_add_test(tc, corrupt_file_keeps_good_state_and_warns_once);
	tcase_add_test(tc, unknown_server_keeps_good_state_and_warns_once);
	tcase_add_test(tc, missing_file_after_a_good_read_keeps_it);
	tcase_add_test(tc, a_good_file_again_clears_the_error_and_rearms_the_warning);
	tcase_add_test(tc, no_state_and_bad_file_fails_closed_with_repair_advice);
	tcase_add_test(tc, epoch_going_backwards_is_refused);
	tcase_add_test(tc, child_after_fork_has_a_reader_of_its_own);
	tcase_add_test(tc, child_after_fork_has_a_helper_of_its_own);
	suite_add_tcase(s, tc);
	return s;
}
