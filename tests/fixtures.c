/*
 * Implementation of the shared fixtures (see fixtures.h).
 */
#define _GNU_SOURCE
#include "fixtures.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

char acq_fx_dir[4096];
char acq_fx_file[4200];

static int acq_fx_log_n;
static char acq_fx_log_line[2048];

const char *acq_fx_base_dir(void)
{
	const char *d = getenv("ACQ_DB_CHECK_DIR");

	if (d && *d) {
		return d;
	}
	d = getenv("TMPDIR");
	return d && *d ? d : "/tmp";
}

static void acq_fx_log_sink(acq_db_log_level level, const char *line)
{
	(void) level;
	acq_fx_log_n++;
	snprintf(acq_fx_log_line, sizeof(acq_fx_log_line), "%s", line);
}

void acq_fx_setup(void)
{
	snprintf(acq_fx_dir, sizeof(acq_fx_dir), "%s/acq_db_check.XXXXXX", acq_fx_base_dir());
	ck_assert_msg(mkdtemp(acq_fx_dir) != NULL, "mkdtemp in %s failed", acq_fx_base_dir());
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

void acq_fx_teardown(void)
{
	if (getuid() == 0 && geteuid() != 0) {
		(void) seteuid(0);
		(void) setegid(0);
	}
	if (acq_fx_dir[0]) {
		chmod(acq_fx_dir, 0700);
		nftw(acq_fx_dir, acq_fx_rm, 16, FTW_DEPTH | FTW_PHYS);
	}
}

void acq_fx_config(acq_db_config *cfg, const char *spec)
{
	char err[ACQ_DB_ERR_MAX];

	memset(cfg, 0, sizeof(*cfg));
	ck_assert_msg(acq_db_servers_parse(spec, &cfg->servers, err, sizeof(err)) == ACQ_DB_OK, "spec: %s", err);
	acq_db_strlcpy(cfg->election_file, acq_fx_file, sizeof(cfg->election_file));
	cfg->recheck_ms = 60000;
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
	acq_fx_log_line[0] = '\0';
}

int acq_fx_log_count(void)
{
	return acq_fx_log_n;
}

const char *acq_fx_log_last(void)
{
	return acq_fx_log_line;
}

void acq_fx_drop_privileges(void)
{
	if (geteuid() == 0) {
		/* effective ids only: teardown takes root back to remove the temp dir */
		ck_assert_int_eq(setegid(65534), 0);
		ck_assert_int_eq(seteuid(65534), 0);
	}
}

uint64_t acq_fx_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}
