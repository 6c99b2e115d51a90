/*
 * Elections and the other writes: init (creates once, never overwrites),
 * the compare-and-swap (a stale epoch adopts and writes nothing), candidate
 * order and skipping, the all-failed error, lock timeouts, switchover,
 * rejoin, the hold-down, and a stale election file unmasked by the lock
 * file's copy.
 */
#include "fixtures.h"
#include "store/acq_db_copy.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char err[ACQ_DB_ERR_MAX];
/* the cache fixture (fixtures.h) under this suite's short names */
#define cfg acq_fx_cfg
#define cache acq_fx_cache
#define read_file acq_fx_read_file
#define init_with acq_fx_init_with

/* A scripted probe: passes for names in `pass`, records who was asked. */
typedef struct probe_script {
	const char *pass;
	char asked[256];
} probe_script;

static int probe(void *arg, const acq_db_server *s, char *why, size_t len)
{
	probe_script *p = arg;
	char needle[64];

	strcat(p->asked, s->name);
	strcat(p->asked, " ");
	snprintf(needle, sizeof(needle), " %s ", s->name);
	if (p->pass && strstr(p->pass, needle)) {
		return 0;
	}
	snprintf(why, len, "[2002] %s refused", s->name);
	return -1;
}

START_TEST(init_creates_epoch_one_with_the_first_server)
{
	acq_db_state st;

	ck_assert_int_eq(acq_db_init(&cache, NULL, &st, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(st.epoch, 1);
	ck_assert_str_eq(read_file().active, "db1");
	ck_assert_str_eq(read_file().reason, "initialised");
	ck_assert_ptr_nonnull(strstr(acq_fx_log_last(), "initialised"));
}
END_TEST

START_TEST(init_refuses_to_overwrite)
{
	char before[ACQ_DB_FILE_MAX];
	char after[ACQ_DB_FILE_MAX];
	acq_db_state st;

	init_with("db2");
	acq_fx_read_raw(acq_fx_file, before, sizeof(before));
	ck_assert_int_eq(acq_db_init(&cache, "db1", &st, err, sizeof(err)), ACQ_DB_E_EXISTS);
	ck_assert_ptr_nonnull(strstr(err, "refusing to overwrite"));
	acq_fx_read_raw(acq_fx_file, after, sizeof(after));
	ck_assert_str_eq(before, after);
	acq_fx_write_raw(acq_fx_file, "junk", 4); /* a damaged file is not overwritten either */
	ck_assert_int_eq(acq_db_init(&cache, "db1", &st, err, sizeof(err)), ACQ_DB_E_EXISTS);
}
END_TEST

START_TEST(init_unknown_name_is_refused)
{
	acq_db_state st;

	ck_assert_int_eq(acq_db_init(&cache, "db9", &st, err, sizeof(err)), ACQ_DB_E_UNKNOWN_SERVER);
	ck_assert_int_ne(access(acq_fx_file, F_OK), 0);
}
END_TEST

START_TEST(init_after_moving_a_damaged_file_aside_continues_the_epoch)
{
	acq_db_election_result res;
	acq_db_state st;
	char aside[4300];

	init_with("db1");
	ck_assert_int_eq(acq_db_switchover(&cache, "db2", "x", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_switchover(&cache, "db3", "x", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
	snprintf(aside, sizeof(aside), "%s.damaged", acq_fx_file);
	ck_assert_int_eq(rename(acq_fx_file, aside), 0);
	ck_assert_int_eq(acq_db_init(&cache, "db3", &st, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(st.epoch, 4);
}
END_TEST

START_TEST(elect_moves_to_the_next_server_and_demotes)
{
	probe_script p = { " db2 db3 ", "" };
	acq_db_election_result res;
	acq_db_state st;

	init_with("db1");
	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "[2002] Connection refused", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(res.outcome, ACQ_DB_ELECTED);
	ck_assert_str_eq(p.asked, "db2 ");
	st = read_file();
	ck_assert_uint_eq(st.epoch, 2);
	ck_assert_str_eq(st.active, "db2");
	ck_assert_int_eq(st.demoted_count, 1);
	ck_assert_str_eq(st.demoted[0], "db1");
	ck_assert_ptr_nonnull(strstr(st.reason, "db1 failed: [2002] Connection refused"));
	ck_assert_ptr_nonnull(strstr(acq_fx_log_last(), "acq_db: elected db2 at epoch 2 replacing db1"));
	ck_assert_uint_eq(cache.state.epoch, 2); /* the elector's cache follows */
}
END_TEST

START_TEST(stale_epoch_adopts_and_writes_nothing)
{
	probe_script p = { " db1 db2 db3 ", "" };
	acq_db_election_result res;
	char before[ACQ_DB_FILE_MAX];
	char after[ACQ_DB_FILE_MAX];

	init_with("db1");
	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	acq_fx_read_raw(acq_fx_file, before, sizeof(before));
	p.asked[0] = '\0';
	/* a second process that also saw epoch 1 with db1 failing */
	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(res.outcome, ACQ_DB_ADOPTED);
	ck_assert_str_eq(res.state.active, "db2");
	ck_assert_str_eq(p.asked, "");
	acq_fx_read_raw(acq_fx_file, after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

START_TEST(candidates_in_priority_order_skipping_demoted)
{
	probe_script p = { " db3 ", "" };
	acq_db_election_result res;
	acq_db_state w = acq_fx_state(7, "db3", "db1");

	acq_fx_write_state(&w);
	/* db3 fails; db1 is demoted; db2's probe fails: nobody. */
	p.pass = " db1 ";
	ck_assert_int_eq(acq_db_elect(&cache, 7, "db3", "gone", probe, &p, &res, err, sizeof(err)), ACQ_DB_E_NO_CANDIDATE);
	ck_assert_str_eq(p.asked, "db2 ");
	ck_assert_ptr_nonnull(strstr(err, "db1 (127.0.0.1:1): demoted, needs acq_db_rejoin()"));
	ck_assert_ptr_nonnull(strstr(err, "db2 (127.0.0.1:2): [2002] db2 refused"));
	ck_assert_ptr_nonnull(strstr(err, "db3 (127.0.0.1:3): the failed master"));
	ck_assert_uint_eq(read_file().epoch, 7);
	/* with db2 passing, db2 wins over nothing else; order is the list's */
	w = acq_fx_state(8, "db1", NULL);
	acq_fx_write_state(&w);
	p.pass = " db2 db3 ";
	p.asked[0] = '\0';
	ck_assert_int_eq(acq_db_elect(&cache, 8, "db1", "gone", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_str_eq(p.asked, "db2 ");
	ck_assert_str_eq(res.state.active, "db2");
	p.pass = " db3 "; /* db2 fails next: db1 demoted, db3 passes */
	p.asked[0] = '\0';
	ck_assert_int_eq(acq_db_elect(&cache, 9, "db2", "gone", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_str_eq(p.asked, "db3 ");
	ck_assert_str_eq(read_file().active, "db3");
}
END_TEST

START_TEST(priority_order_skips_the_failed_and_the_unhealthy)
{
	probe_script p = { " db3 ", "" };
	acq_db_election_result res;
	acq_db_state st;

	init_with("db1");
	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "gone", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_str_eq(p.asked, "db2 db3 "); /* never the failed db1; db2 before db3 */
	ck_assert_int_eq(res.outcome, ACQ_DB_ELECTED);
	ck_assert_int_eq(res.winner_probed, 1);
	st = read_file();
	ck_assert_str_eq(st.active, "db3");
	ck_assert_uint_eq(st.epoch, 2);
	/* only the failed master is demoted, not the one whose probe failed */
	ck_assert_int_eq(st.demoted_count, 1);
	ck_assert_str_eq(st.demoted[0], "db1");
}
END_TEST

START_TEST(no_candidate_writes_nothing_and_says_why)
{
	probe_script p = { " ", "" };
	acq_db_election_result res;
	char before[ACQ_DB_FILE_MAX];
	char after[ACQ_DB_FILE_MAX];
	acq_db_state w = acq_fx_state(4, "db2", "db3");

	acq_fx_write_state(&w);
	acq_fx_read_raw(acq_fx_file, before, sizeof(before));
	ck_assert_int_eq(acq_db_elect(&cache, 4, "db2", "[2013] Lost connection", probe, &p, &res, err, sizeof(err)),
		ACQ_DB_E_NO_CANDIDATE);
	ck_assert_str_eq(p.asked, "db1 ");
	ck_assert_ptr_nonnull(strstr(err, "no server can take over from db2 at epoch 4 ([2013] Lost connection)"));
	ck_assert_ptr_nonnull(strstr(err, "db1 (127.0.0.1:1): [2002] db1 refused"));
	ck_assert_ptr_nonnull(strstr(err, "db2 (127.0.0.1:2): the failed master"));
	ck_assert_ptr_nonnull(strstr(err, "db3 (127.0.0.1:3): demoted"));
	acq_fx_read_raw(acq_fx_file, after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

/* A failed election reaches the operator's log, not only the application:
 * one greppable line with the cause, the candidates tried and why each was
 * refused; the same failure again at once is not logged again (a herd of
 * processes hitting one dead master must not flood the log). */
START_TEST(a_failed_election_is_one_log_line_naming_every_candidate)
{
	probe_script p = { " ", "" };
	acq_db_election_result res;
	acq_db_state w = acq_fx_state(4, "db2", "db3");

	acq_fx_write_state(&w);
	acq_fx_log_reset();
	ck_assert_int_eq(acq_db_elect(&cache, 4, "db2", "[2013] Lost connection", probe, &p, &res, err, sizeof(err)),
		ACQ_DB_E_NO_CANDIDATE);
	ck_assert_int_eq(acq_fx_log_count_matching("election away from db2 failed (no-candidate) at epoch 4, cause: [2013] Lost connection"), 1);
	ck_assert_int_eq(acq_fx_log_count_matching("db1 (127.0.0.1:1): [2002] db1 refused"), 1);
	ck_assert_int_eq(acq_fx_log_count_matching("db3 (127.0.0.1:3): demoted"), 1);
	p.asked[0] = '\0';
	ck_assert_int_eq(acq_db_elect(&cache, 4, "db2", "[2013] Lost connection", probe, &p, &res, err, sizeof(err)),
		ACQ_DB_E_NO_CANDIDATE);
	ck_assert_int_eq(acq_fx_log_count_matching("election away from db2 failed"), 1);
}
END_TEST

START_TEST(the_last_epoch_is_not_exceeded)
{
	probe_script p = { " db2 db3 ", "" };
	acq_db_election_result res;
	char before[ACQ_DB_FILE_MAX];
	char after[ACQ_DB_FILE_MAX];
	acq_db_state w = acq_fx_state((uint64_t) INT64_MAX - 1, "db1", NULL);

	acq_fx_write_state(&w);
	ck_assert_int_eq(acq_db_elect(&cache, (uint64_t) INT64_MAX - 1, "db1", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(read_file().epoch, (uint64_t) INT64_MAX);
	acq_fx_read_raw(acq_fx_file, before, sizeof(before));
	ck_assert_int_eq(acq_db_elect(&cache, (uint64_t) INT64_MAX, "db2", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "cannot grow any further; nothing was written"));
	ck_assert_int_eq(acq_db_rejoin(&cache, "db1", &res, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	acq_fx_read_raw(acq_fx_file, after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

START_TEST(missing_file_elects_nothing)
{
	probe_script p = { " db2 ", "" };
	acq_db_election_result res;

	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_E_MISSING);
	ck_assert_int_ne(access(acq_fx_file, F_OK), 0);
	ck_assert_str_eq(p.asked, "");
}
END_TEST

START_TEST(lock_held_elsewhere_times_out_and_writes_nothing)
{
	probe_script p = { " db2 ", "" };
	acq_db_election_result res;
	char before[ACQ_DB_FILE_MAX];
	char after[ACQ_DB_FILE_MAX];
	int ready[2];
	int release[2];
	pid_t pid;
	char c;

	init_with("db1");
	cfg.lock_timeout_ms = 150;
	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(release), 0);
	pid = fork();
	if (pid == 0) {
		acq_db_lock lk;
		if (acq_db_lock_acquire(acq_fx_file, 1000, &lk, NULL, 0) != ACQ_DB_OK) {
			_exit(1);
		}
		(void) write(ready[1], "L", 1);
		close(release[1]);
		(void) read(release[0], &c, 1);
		_exit(0);
	}
	close(release[0]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	acq_fx_read_raw(acq_fx_file, before, sizeof(before));
	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_E_LOCK_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(err, "lock_timeout_ms=150"));
	ck_assert_str_eq(p.asked, "");
	acq_fx_read_raw(acq_fx_file, after, sizeof(after));
	ck_assert_str_eq(before, after);
	close(release[1]);
	waitpid(pid, NULL, 0);
	/* once the other process is gone, the same election goes through */
	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(read_file().epoch, 2);
}
END_TEST

START_TEST(switchover_named_next_active_unknown)
{
	acq_db_election_result res;
	acq_db_state w = acq_fx_state(3, "db1", "db2");

	acq_fx_write_state(&w);
	ck_assert_int_eq(acq_db_switchover(&cache, "db1", "", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_E_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "already the active server"));
	ck_assert_int_eq(acq_db_switchover(&cache, "db9", "", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_E_UNKNOWN_SERVER);
	/* next eligible skips demoted db2 */
	ck_assert_int_eq(acq_db_switchover(&cache, NULL, "maintenance", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_str_eq(read_file().active, "db3");
	ck_assert_ptr_nonnull(strstr(read_file().reason, "switchover from db1: maintenance"));
	ck_assert_int_eq(read_file().demoted_count, 1);
	/* naming a demoted server un-demotes it; the old active is not demoted */
	ck_assert_int_eq(acq_db_switchover(&cache, "db2", "", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_str_eq(read_file().active, "db2");
	ck_assert_int_eq(read_file().demoted_count, 0);
	ck_assert_uint_eq(read_file().epoch, 5);
}
END_TEST

START_TEST(switchover_target_that_fails_its_check_writes_nothing)
{
	probe_script p = { " db3 ", "" };
	acq_db_election_result res;
	char before[ACQ_DB_FILE_MAX];
	char after[ACQ_DB_FILE_MAX];

	init_with("db1");
	acq_fx_read_raw(acq_fx_file, before, sizeof(before));
	ck_assert_int_eq(acq_db_switchover(&cache, "db2", "op", probe, &p, &res, err, sizeof(err)), ACQ_DB_E_NO_CANDIDATE);
	ck_assert_ptr_nonnull(strstr(err, "switchover target db2 failed its check: [2002] db2 refused"));
	acq_fx_read_raw(acq_fx_file, after, sizeof(after));
	ck_assert_str_eq(before, after);
	ck_assert_int_eq(acq_db_switchover(&cache, "db3", "op", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(res.winner_probed, 1);
	ck_assert_str_eq(p.asked, "db2 db3 ");
	ck_assert_str_eq(read_file().active, "db3");
	ck_assert_int_eq(read_file().demoted_count, 0); /* the old active is not demoted */
	ck_assert_ptr_nonnull(strstr(acq_fx_log_last(), "switched over to db3 at epoch 2"));
}
END_TEST

START_TEST(rejoin_bumps_the_epoch_only_when_needed)
{
	acq_db_election_result res;
	acq_db_state w = acq_fx_state(3, "db2", "db1");
	char before[ACQ_DB_FILE_MAX];
	char after[ACQ_DB_FILE_MAX];

	acq_fx_write_state(&w);
	ck_assert_int_eq(acq_db_rejoin(&cache, "db1", &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(res.outcome, ACQ_DB_ELECTED);
	ck_assert_uint_eq(read_file().epoch, 4);
	ck_assert_int_eq(read_file().demoted_count, 0);
	ck_assert_ptr_nonnull(strstr(read_file().reason, "rejoin: db1"));
	acq_fx_read_raw(acq_fx_file, before, sizeof(before));
	ck_assert_int_eq(acq_db_rejoin(&cache, "db1", &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(res.outcome, ACQ_DB_ADOPTED);
	acq_fx_read_raw(acq_fx_file, after, sizeof(after));
	ck_assert_str_eq(before, after);
	ck_assert_int_eq(acq_db_rejoin(&cache, "db9", &res, err, sizeof(err)), ACQ_DB_E_UNKNOWN_SERVER);
}
END_TEST

START_TEST(hold_refuses_a_second_automatic_election)
{
	probe_script p = { " db2 db3 ", "" };
	acq_db_election_result res;

	init_with("db1");
	cfg.failover_hold_ms = 60000;
	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_elect(&cache, 2, "db2", "y", probe, &p, &res, err, sizeof(err)), ACQ_DB_E_HOLD);
	ck_assert_ptr_nonnull(strstr(err, "failover_hold_ms=60000"));
	ck_assert_uint_eq(read_file().epoch, 2);
	/* an operator's switchover does not start a hold */
	ck_assert_int_eq(acq_db_switchover(&cache, "db3", "op", NULL, NULL, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_elect(&cache, 3, "db3", "z", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_str_eq(read_file().active, "db2");
}
END_TEST

START_TEST(stale_file_under_the_lock_cannot_hide_a_newer_epoch)
{
	probe_script p = { " db2 db3 ", "" };
	acq_db_election_result res;
	acq_db_state old = acq_fx_state(1, "db1", NULL);
	char buf[ACQ_DB_FILE_MAX];
	size_t n = acq_db_efile_format(&old, buf, sizeof(buf));

	init_with("db1");
	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	/* the path now serves the old epoch-1 file (a stale FUSE entry); the lock file's copy says 2 */
	acq_fx_write_raw(acq_fx_file, buf, n);
	p.asked[0] = '\0';
	ck_assert_int_eq(acq_db_elect(&cache, 1, "db1", "x", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(res.outcome, ACQ_DB_ADOPTED);
	ck_assert_uint_eq(res.state.epoch, 2);
	ck_assert_str_eq(p.asked, "");
}
END_TEST

START_TEST(a_newer_lock_file_copy_is_the_base_of_the_next_election)
{
	probe_script p = { " db1 db2 db3 ", "" };
	acq_db_election_result res;
	acq_db_state file = acq_fx_state(2, "db1", NULL);
	acq_db_state copy = acq_fx_state(3, "db2", "db1");
	acq_db_lock lk;
	acq_db_state st;

	/* the path serves epoch 2, the lock file's copy (written first by the
	 * last writer) says 3: an election from epoch 3 builds on the copy */
	acq_fx_write_state(&file);
	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 1000, &lk, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_copy_write(lk.fd, &copy, err, sizeof(err)), ACQ_DB_OK);
	acq_db_lock_release(&lk);
	ck_assert_int_eq(acq_db_elect(&cache, 3, "db2", "gone", probe, &p, &res, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(res.outcome, ACQ_DB_ELECTED);
	ck_assert_str_eq(p.asked, "db3 "); /* db1 is demoted in the copy, not in the stale file */
	st = read_file();
	ck_assert_uint_eq(st.epoch, 4);
	ck_assert_str_eq(st.active, "db3");
	ck_assert(acq_db_state_is_demoted(&st, "db1"));
	ck_assert(acq_db_state_is_demoted(&st, "db2"));
	ck_assert_int_eq(acq_db_copy_read(acq_fx_file, &st), 0);
	ck_assert_uint_eq(st.epoch, 4); /* and the copy follows */
}
END_TEST

/* Regression (was a bug, fixed): the lock file's copy is written before the election file. When
 * the election file cannot be written (here: its temp name is taken by a
 * directory; in life: ENOSPC, EIO, a quota), acq_db_elect returns an error
 * ("nothing written" is what callers and operators read into it), but the
 * copy already says epoch 2 / db2, and every reader (acq_db_read_freshest,
 * the cache) follows the copy. The failover happened while the elector was
 * told it failed. Expected: an error means no reader sees a new epoch (put the
 * old copy back when the file write fails), or success is reported. */
START_TEST(failed_file_write_leaves_no_new_epoch_behind)
{
	probe_script p = { " db2 db3 ", "" };
	acq_db_election_result res;
	acq_db_state st;
	acq_db_rc rc;
	char lock[4300];

	init_with("db1");
	/* the temp file's name is random: make its directory unwritable, while
	 * the lock file (and so the copy) stays writable */
	snprintf(lock, sizeof(lock), "%s.lock", acq_fx_file);
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(lock, 65534, 65534), 0);
		ck_assert_int_eq(chown(acq_fx_file, 65534, 65534), 0);
	}
	acq_fx_make_dir_readonly();
	rc = acq_db_elect(&cache, 1, "db1", "gone", probe, &p, &res, err, sizeof(err));
	ck_assert_msg(rc == ACQ_DB_E_PERM, "%s: %s", acq_db_rc_name(rc), err);
	ck_assert_ptr_nonnull(strstr(err, "cannot create"));
	ck_assert_uint_eq(read_file().epoch, 1);
	ck_assert_int_eq(acq_db_read_freshest(acq_fx_file, -1, &st, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_msg(st.epoch == 1, "acq_db_elect failed, yet readers now see epoch %llu with %s",
		(unsigned long long) st.epoch, st.active);
}
END_TEST

Suite *acq_check_election_suite(void)
{
	Suite *s = suite_create("election");
	TCase *tc = tcase_create("election");
	TCase *bug = tcase_create("election_regressions");

	tcase_add_checked_fixture(tc, acq_fx_cache_setup, acq_fx_cache_teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, init_creates_epoch_one_with_the_first_server);
	tcase_add_test(tc, init_refuses_to_overwrite);
	tcase_add_test(tc, init_unknown_name_is_refused);
	tcase_add_test(tc, init_after_moving_a_damaged_file_aside_continues_the_epoch);
	tcase_add_test(tc, elect_moves_to_the_next_server_and_demotes);
	tcase_add_test(tc, stale_epoch_adopts_and_writes_nothing);
	tcase_add_test(tc, candidates_in_priority_order_skipping_demoted);
	tcase_add_test(tc, priority_order_skips_the_failed_and_the_unhealthy);
	tcase_add_test(tc, no_candidate_writes_nothing_and_says_why);
	tcase_add_test(tc, a_failed_election_is_one_log_line_naming_every_candidate);
	tcase_add_test(tc, the_last_epoch_is_not_exceeded);
	tcase_add_test(tc, missing_file_elects_nothing);
	tcase_add_test(tc, lock_held_elsewhere_times_out_and_writes_nothing);
	tcase_add_test(tc, switchover_named_next_active_unknown);
	tcase_add_test(tc, switchover_target_that_fails_its_check_writes_nothing);
	tcase_add_test(tc, rejoin_bumps_the_epoch_only_when_needed);
	tcase_add_test(tc, hold_refuses_a_second_automatic_election);
	tcase_add_test(tc, stale_file_under_the_lock_cannot_hide_a_newer_epoch);
	tcase_add_test(tc, a_newer_lock_file_copy_is_the_base_of_the_next_election);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(bug, acq_fx_cache_setup, acq_fx_cache_teardown);
	tcase_set_timeout(bug, 20);
	tcase_add_test(bug, failed_file_write_leaves_no_new_epoch_behind);
	suite_add_tcase(s, bug);
	return s;
}
