/*
 * Implementation of the shared fixtures (see fixtures.h).
 */
#define _GNU_SOURCE
#include "fixtures.h"
#include "lib/acq_db_clock.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char acq_fx_dir[4096];
char acq_fx_file[4200];
static char acq_fx_run[4096]; /* this run's directory, holding every test's */

static int acq_fx_log_n;
static char acq_fx_log_lines[ACQ_FX_LOG_KEEP][2048];

const char *acq_fx_base_dir(void)
{
	const char *d = getenv("ACQ_DB_CHECK_DIR");

	if (d && *d) {
		return d;
	}
	d = getenv("TMPDIR");
	return d && *d ? d : "/tmp";
}

/* A failed assertion ends a test's process with _exit(), skipping the
 * teardown; a directory for the whole run, removed by the runner at the
 * end, takes what such tests leave behind. */
const char *acq_fx_run_dir_create(void)
{
	snprintf(acq_fx_run, sizeof(acq_fx_run), "%s/acq_db_check.XXXXXX", acq_fx_base_dir());
	if (!mkdtemp(acq_fx_run)) {
		acq_fx_run[0] = '\0';
		return NULL;
	}
	/* the permission tests run as nobody and must reach their directories */
	chmod(acq_fx_run, 0755);
	return acq_fx_run;
}

static void acq_fx_log_sink(acq_db_log_level level, const char *line)
{
	(void) level;
	snprintf(acq_fx_log_lines[acq_fx_log_n % ACQ_FX_LOG_KEEP], sizeof(acq_fx_log_lines[0]), "%s", line);
	acq_fx_log_n++;
}

void acq_fx_setup(void)
{
	const char *parent = acq_fx_run[0] ? acq_fx_run : acq_fx_base_dir();

	ck_assert_msg(snprintf(acq_fx_dir, sizeof(acq_fx_dir), "%s/%sXXXXXX", parent,
		acq_fx_run[0] ? "test." : "acq_db_check.") < (int) sizeof(acq_fx_dir), "%s: path too long", parent);
	ck_assert_msg(mkdtemp(acq_fx_dir) != NULL, "mkdtemp in %s failed", parent);
	snprintf(acq_fx_file, sizeof(acq_fx_file), "%s/election", acq_fx_dir);
	acq_db_log_set_sink(acq_fx_log_sink);
	acq_fx_log_reset();
}

static int acq_fx_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void) sb;
	(void) flag;
	(void) ftw;
	chmod(path, 0700);
	return remove(path);
}

/* Removes a tree whatever the tests did to its modes. */
static void acq_fx_remove_tree(const char *dir)
{
	chmod(dir, 0700);
	nftw(dir, acq_fx_rm, 16, FTW_DEPTH | FTW_PHYS);
}

void acq_fx_teardown(void)
{
	if (getuid() == 0 && geteuid() != 0) {
		(void) seteuid(0);
		(void) setegid(0);
	}
	if (acq_fx_dir[0]) {
		acq_fx_remove_tree(acq_fx_dir);
	}
}

void acq_fx_run_dir_remove(void)
{
	if (acq_fx_run[0]) {
		acq_fx_remove_tree(acq_fx_run);
		acq_fx_run[0] = '\0';
	}
}

void acq_fx_config(acq_db_config *cfg, const char *spec)
{
	char err[ACQ_DB_ERR_MAX];

	memset(cfg, 0, sizeof(*cfg));
	ck_assert_msg(acq_db_servers_parse(spec, &cfg->servers, err, sizeof(err)) == ACQ_DB_OK, "spec: %s", err);
	acq_db_strlcpy(cfg->election_file, acq_fx_file, sizeof(cfg->election_file));
	cfg->recheck_ms = 60000;      /* reads come when a test asks (acq_db_cache_refresh) */
	cfg->first_read_timeout_ms = 2000;
	cfg->lock_timeout_ms = 2000;
	cfg->failover_hold_ms = 0;
}

void acq_fx_write_raw(const char *path, const char *bytes, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0664);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, bytes, len), (ssize_t) len);
	close(fd);
}

size_t acq_fx_read_raw(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, len - 1);
	close(fd);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	return (size_t) n;
}

acq_db_state acq_fx_state(uint64_t epoch, const char *active, const char *demoted)
{
	acq_db_state st;

	memset(&st, 0, sizeof(st));
	st.epoch = epoch;
	snprintf(st.active, sizeof(st.active), "%s", active);
	acq_db_state_set_reason(&st, "fixture");
	acq_db_state_stamp(&st);
	if (demoted) {
		char copy[256];
		char *save = NULL;
		char *tok;
		snprintf(copy, sizeof(copy), "%s", demoted);
		for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			acq_db_state_demote(&st, tok);
		}
	}
	return st;
}

void acq_fx_write_state(const acq_db_state *st)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_state copy = *st;

	ck_assert_msg(acq_db_efile_write(acq_fx_file, &copy, err, sizeof(err)) == ACQ_DB_OK, "write: %s", err);
}

void acq_fx_log_reset(void)
{
	acq_fx_log_n = 0;
	memset(acq_fx_log_lines, 0, sizeof(acq_fx_log_lines));
}

int acq_fx_log_count(void)
{
	return acq_fx_log_n;
}

const char *acq_fx_log_last(void)
{
	return acq_fx_log_n ? acq_fx_log_lines[(acq_fx_log_n - 1) % ACQ_FX_LOG_KEEP] : "";
}

int acq_fx_log_count_matching(const char *needle)
{
	int kept = acq_fx_log_n < ACQ_FX_LOG_KEEP ? acq_fx_log_n : ACQ_FX_LOG_KEEP;
	int found = 0;
	int i;

	for (i = 0; i < kept; i++) {
		found += strstr(acq_fx_log_lines[i], needle) != NULL;
	}
	return found;
}

void acq_fx_drop_privileges(void)
{
	if (geteuid() == 0) {
		/* effective ids only: teardown takes root back to remove the temp dir */
		ck_assert_int_eq(setegid(65534), 0);
		ck_assert_int_eq(seteuid(65534), 0);
	}
}

void acq_fx_make_unreadable(const char *path)
{
	ck_assert_int_eq(chmod(path, 0), 0);
	acq_fx_drop_privileges();
}

void acq_fx_make_dir_readonly(void)
{
	ck_assert_int_eq(chmod(acq_fx_dir, 0555), 0);
	acq_fx_drop_privileges();
}

void acq_fx_signal(int fd)
{
	ssize_t n;

	do {
		n = write(fd, "!", 1);
	} while (n < 0 && errno == EINTR);
}

void acq_fx_await(int fd)
{
	char c;
	ssize_t n;

	do {
		n = read(fd, &c, 1);
	} while (n < 0 && errno == EINTR);
	ck_assert_msg(n == 1, "the other process or thread gave up before it was ready");
}

uint64_t acq_fx_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}

uint64_t acq_fx_mono_ms_ago(uint64_t ms)
{
	uint64_t now = acq_db_clock_coarse_ms();

	/* on a machine up for less than ms, "long ago" is boot: stamp 1 (0
	 * means "never" on the page) instead of wrapping into the future */
	return now > ms ? now - ms : 1;
}

/* ---- the cache fixture ---------------------------------------------- */

acq_db_config acq_fx_cfg;
acq_db_cache acq_fx_cache;

void acq_fx_cache_setup(void)
{
	acq_fx_setup();
	acq_fx_config(&acq_fx_cfg, ACQ_FX_THREE);
	acq_db_cache_init(&acq_fx_cache, &acq_fx_cfg);
}

void acq_fx_cache_teardown(void)
{
	/* test switches back to their defaults (they matter with CK_FORK=no) */
	acq_db_poller_test_fail_watch(0);
	acq_db_poller_use_helper_process(0);
	acq_db_cache_destroy(&acq_fx_cache);
	acq_fx_teardown();
}

const acq_db_state *acq_fx_get_ok(void)
{
	char err[ACQ_DB_ERR_MAX];
	const acq_db_state *st = NULL;

	ck_assert_msg(acq_db_cache_get(&acq_fx_cache, &st, err, sizeof(err)) == ACQ_DB_OK, "get: %s", err);
	return st;
}

const acq_db_state *acq_fx_refresh_ok(void)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_rc rc = acq_db_cache_refresh(&acq_fx_cache, err, sizeof(err));

	ck_assert_msg(rc == ACQ_DB_OK || acq_fx_cache.have_state, "refresh: %s", err);
	return acq_fx_get_ok();
}

acq_db_state acq_fx_read_file(void)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_state st;

	ck_assert_msg(acq_db_efile_read(acq_fx_file, &st, err, sizeof(err)) == ACQ_DB_OK, "%s", err);
	return st;
}

void acq_fx_init_with(const char *active)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_state st;

	ck_assert_msg(acq_db_init(&acq_fx_cache, active, &st, err, sizeof(err)) == ACQ_DB_OK, "init: %s", err);
}
