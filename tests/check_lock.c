/*
 * The writers' lock: exclusive across processes, bounded waits that end in
 * ACQ_DB_E_LOCK_TIMEOUT (never a write without the lock), clear errors for
 * a lock file that cannot be opened, and the lock file's copy of the state.
 */
#include "fixtures.h"
#include "store/acq_db_copy.h"
#include "store/acq_db_lock.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char err[ACQ_DB_ERR_MAX];

/* A child that holds the lock until its stdin pipe closes; returns its pid
 * once it has the lock (it tells us through another pipe: no sleeping). */
static pid_t hold_lock_in_child(int *release_fd)
{
	int ready[2];
	int release[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(release), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		acq_db_lock lk;
		close(ready[0]);
		close(release[1]);
		if (acq_db_lock_acquire(acq_fx_file, 1000, &lk, NULL, 0) != ACQ_DB_OK) {
			_exit(1);
		}
		(void) write(ready[1], "L", 1);
		(void) read(release[0], &c, 1); /* returns when the parent closes */
		acq_db_lock_release(&lk);
		_exit(0);
	}
	close(ready[1]);
	close(release[0]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	*release_fd = release[1];
	return pid;
}

static void release_child(pid_t pid, int release_fd)
{
	int status;

	close(release_fd);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

START_TEST(acquire_and_release)
{
	acq_db_lock lk;

	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 100, &lk, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_ge(lk.fd, 0);
	acq_db_lock_release(&lk);
	ck_assert_int_eq(lk.fd, -1);
	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 0, &lk, err, sizeof(err)), ACQ_DB_OK);
	acq_db_lock_release(&lk);
}
END_TEST

START_TEST(held_elsewhere_times_out_then_succeeds)
{
	acq_db_lock lk;
	int release_fd;
	pid_t pid = hold_lock_in_child(&release_fd);
	uint64_t t0 = acq_fx_now_ms();

	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 200, &lk, err, sizeof(err)), ACQ_DB_E_LOCK_TIMEOUT);
	ck_assert_uint_ge(acq_fx_now_ms() - t0, 200);   /* it did wait (a bound, not a speed) */
	ck_assert_uint_lt(acq_fx_now_ms() - t0, 5000);
	ck_assert_ptr_nonnull(strstr(err, "lock_timeout_ms=200"));
	ck_assert_ptr_nonnull(strstr(err, "nothing was written"));
	ck_assert_int_eq(lk.fd, -1);
	release_child(pid, release_fd);
	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 200, &lk, err, sizeof(err)), ACQ_DB_OK);
	acq_db_lock_release(&lk);
}
END_TEST

START_TEST(waiter_gets_it_when_released)
{
	acq_db_lock lk;
	int release_fd;
	pid_t pid = hold_lock_in_child(&release_fd);

	/* still held: a single try (timeout 0) fails at once and names the holder */
	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 0, &lk, err, sizeof(err)), ACQ_DB_E_LOCK_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(err, "held by pid"));
	close(release_fd); /* the holder releases while (or before) we wait */
	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 5000, &lk, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_lt(lk.waited_ms, 5000);
	acq_db_lock_release(&lk);
	waitpid(pid, NULL, 0);
}
END_TEST

/* A thread of this process that holds the lock for 1.5 s. The sleep is the
 * bound under test, not a synchronisation: the waiter starts when told. */
static void *hold_lock_in_thread(void *arg)
{
	int *ready = arg;
	acq_db_lock lk;

	if (acq_db_lock_acquire(acq_fx_file, 1000, &lk, NULL, 0) != ACQ_DB_OK) {
		close(*ready); /* the waiter sees EOF: no lock */
		return NULL;
	}
	acq_fx_signal(*ready);
	usleep(1500 * 1000);
	acq_db_lock_release(&lk);
	return NULL;
}

/* Regression (was a bug, fixed): inside one process (ZTS: one PHP thread per request) lock
 * holders are serialised by a mutex taken with pthread_mutex_lock, with no
 * deadline: a second thread waits as long as the first holds the lock,
 * whatever lock_timeout_ms says, and then succeeds. The header promises
 * "Waits are bounded: a lock that cannot be had in time is an error". */
START_TEST(another_thread_holding_it_times_out_too)
{
	int ready[2];
	pthread_t t;
	acq_db_lock lk;
	acq_db_rc rc;
	uint64_t t0;
	uint64_t waited;

	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, hold_lock_in_thread, &ready[1]), 0);
	acq_fx_await(ready[0]);
	t0 = acq_fx_now_ms();
	rc = acq_db_lock_acquire(acq_fx_file, 200, &lk, err, sizeof(err));
	waited = acq_fx_now_ms() - t0;
	if (rc == ACQ_DB_OK) {
		acq_db_lock_release(&lk);
	}
	pthread_join(t, NULL);
	ck_assert_msg(rc == ACQ_DB_E_LOCK_TIMEOUT, "got %s after %llu ms with lock_timeout_ms=200",
		acq_db_rc_name(rc), (unsigned long long) waited);
	ck_assert_uint_ge(waited, 200);
	ck_assert_msg(waited < 1000, "waited %llu ms with lock_timeout_ms=200", (unsigned long long) waited);
	ck_assert_ptr_nonnull(strstr(err, "lock_timeout_ms=200"));
}
END_TEST

START_TEST(unopenable_lock_file_is_named)
{
	acq_db_lock lk;
	char lockpath[4300];
	char path[4300];

	snprintf(lockpath, sizeof(lockpath), "%s.lock", acq_fx_file);
	ck_assert_int_eq(mkdir(lockpath, 0755), 0);
	ck_assert_int_ne(acq_db_lock_acquire(acq_fx_file, 100, &lk, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_ptr_nonnull(strstr(err, "cannot open lock file"));
	ck_assert_ptr_nonnull(strstr(err, lockpath));
	snprintf(path, sizeof(path), "%s/missing/election", acq_fx_dir);
	ck_assert_int_eq(acq_db_lock_acquire(path, 100, &lk, err, sizeof(err)), ACQ_DB_E_IO);
	acq_fx_make_dir_readonly(); /* 0555 and not root: the lock file cannot be created */
	snprintf(path, sizeof(path), "%s/other", acq_fx_dir);
	ck_assert_int_eq(acq_db_lock_acquire(path, 100, &lk, err, sizeof(err)), ACQ_DB_E_PERM);
	ck_assert_ptr_nonnull(strstr(err, "needs read-write access"));
}
END_TEST

/* The lock file sits in a directory every worker can write, and the copy
 * of the election file is written into it: a symlink planted at its name
 * must not send that write into another file. */
START_TEST(planted_symlink_as_lock_file_is_refused)
{
	acq_db_lock lk;
	char lockpath[4300];
	char victim[4300];
	char after[64];

	snprintf(victim, sizeof(victim), "%s/victim", acq_fx_dir);
	acq_fx_write_raw(victim, "precious\n", 9);
	snprintf(lockpath, sizeof(lockpath), "%s.lock", acq_fx_file);
	ck_assert_int_eq(symlink(victim, lockpath), 0);
	if (acq_db_lock_acquire(acq_fx_file, 100, &lk, err, sizeof(err)) == ACQ_DB_OK) {
		acq_db_state st = acq_fx_state(1, "db1", NULL);
		(void) acq_db_copy_write(lk.fd, &st, NULL, 0);
		acq_db_lock_release(&lk);
		ck_abort_msg("the lock was taken through a symlink");
	}
	ck_assert_ptr_nonnull(strstr(err, "symbolic link"));
	acq_fx_read_raw(victim, after, sizeof(after));
	ck_assert_str_eq(after, "precious\n");
}
END_TEST

START_TEST(copy_round_trip_and_mark)
{
	acq_db_lock lk;
	acq_db_state st = acq_fx_state(17, "db2", "db1");
	acq_db_state back;

	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 100, &lk, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(acq_db_copy_mark(lk.fd), 0);
	ck_assert_int_eq(acq_db_copy_write(lk.fd, &st, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(acq_db_copy_mark(lk.fd), 17);
	ck_assert_int_eq(acq_db_copy_read_fd(lk.fd, &back), 0);
	ck_assert_str_eq(back.active, "db2");
	acq_db_lock_release(&lk);
	ck_assert_int_eq(acq_db_copy_read(acq_fx_file, &back), 0);
	ck_assert_uint_eq(back.epoch, 17);
	ck_assert_int_eq(back.demoted_count, 1);
}
END_TEST

START_TEST(damaged_copy_is_ignored)
{
	char lockpath[4300];
	acq_db_state back;
	acq_db_lock lk;
	acq_db_state st = acq_fx_state(5, "db1", NULL);
	char buf[8192];
	size_t n;

	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 100, &lk, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_copy_write(lk.fd, &st, err, sizeof(err)), ACQ_DB_OK);
	acq_db_lock_release(&lk);
	snprintf(lockpath, sizeof(lockpath), "%s.lock", acq_fx_file);
	n = acq_fx_read_raw(lockpath, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "epoch: 5\n"));
	strstr(buf, "epoch: 5\n")[7] = '6'; /* a torn or edited copy: checksum no longer matches */
	acq_fx_write_raw(lockpath, buf, n);
	ck_assert_int_ne(acq_db_copy_read(acq_fx_file, &back), 0);
}
END_TEST

Suite *acq_check_lock_suite(void)
{
	Suite *s = suite_create("lock");
	TCase *tc = tcase_create("lock");
	TCase *bug = tcase_create("lock_regressions");

	tcase_add_checked_fixture(tc, acq_fx_setup, acq_fx_teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, acquire_and_release);
	tcase_add_test(tc, held_elsewhere_times_out_then_succeeds);
	tcase_add_test(tc, waiter_gets_it_when_released);
	tcase_add_test(tc, unopenable_lock_file_is_named);
	tcase_add_test(tc, planted_symlink_as_lock_file_is_refused);
	tcase_add_test(tc, copy_round_trip_and_mark);
	tcase_add_test(tc, damaged_copy_is_ignored);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(bug, acq_fx_setup, acq_fx_teardown);
	tcase_set_timeout(bug, 20);
	tcase_add_test(bug, another_thread_holding_it_times_out_too);
	suite_add_tcase(s, bug);
	return s;
}
