/*
 * Shared fixtures of the Check suites: a temp directory per test (under
 * $ACQ_DB_CHECK_DIR when set, so the suites also run on a GlusterFS mount),
 * configurations built from a server spec, raw file writes, and a log sink
 * that keeps what the core logged.
 */
#ifndef ACQ_DB_FIXTURES_H
#define ACQ_DB_FIXTURES_H

#include <check.h>
#include <stddef.h>

#include "node/acq_db_cache.h"
#include "node/acq_db_poller.h"
#include "failover/acq_db_election.h"
#include "store/acq_db_lock.h"
#include "lib/acq_db_log.h"

/* Tag of the test cases that show a bug in src/core not fixed yet: the
 * runner leaves them out unless CK_EXCLUDE_TAGS or CK_INCLUDE_TAGS is set
 * (CK_INCLUDE_TAGS=known-bug ./check_acq_db runs just those). Each such test
 * asserts the behaviour the core should have, so it passes once fixed. */
#define ACQ_FX_KNOWN_BUG "known-bug"

extern char acq_fx_dir[4096];   /* this test's temp dir */
extern char acq_fx_file[4200];  /* acq_fx_dir/election */

void acq_fx_setup(void);
void acq_fx_teardown(void);
/* $ACQ_DB_CHECK_DIR, else $TMPDIR, else /tmp */
const char *acq_fx_base_dir(void);
/* The runner's directory for one run under the base (NULL on failure; the
 * tests then make theirs in the base directly), and its removal. */
const char *acq_fx_run_dir_create(void);
void acq_fx_run_dir_remove(void);

/* cfg for spec ("db1=127.0.0.1:3306,...") and acq_fx_file; aborts the test on a bad spec */
void acq_fx_config(acq_db_config *cfg, const char *spec);
void acq_fx_write_raw(const char *path, const char *bytes, size_t len);
size_t acq_fx_read_raw(const char *path, char *buf, size_t len);
/* a valid state: epoch, active, demoted (space separated or NULL) */
acq_db_state acq_fx_state(uint64_t epoch, const char *active, const char *demoted);
/* writes a state with acq_db_efile_write, failing the test on error */
void acq_fx_write_state(const acq_db_state *st);

/* Log capture: the sink keeps the last ACQ_FX_LOG_KEEP lines and counts
 * every line, so a test can assert "warned exactly once" and on wording. */
#define ACQ_FX_LOG_KEEP 16
void acq_fx_log_reset(void);
int acq_fx_log_count(void);
const char *acq_fx_log_last(void);
/* lines logged since the reset that contain needle (among the kept ones) */
int acq_fx_log_count_matching(const char *needle);

/* As root, act as nobody (effective ids) until teardown (permission
 * tests); a no-op for other users. */
void acq_fx_drop_privileges(void);

/* Takes read (and, for the directory, write) permission away from this
 * test's user: chmod 000 on a file, 0555 on acq_fx_dir, then drops root
 * (root ignores modes). Teardown restores what it needs to clean up. */
void acq_fx_make_unreadable(const char *path);
void acq_fx_make_dir_readonly(void);

/* One-byte handshake between the processes or threads of a test: the
 * ready side signals, the other blocks until then (no sleeping). */
void acq_fx_signal(int fd);
void acq_fx_await(int fd);

/* monotonic ms */
uint64_t acq_fx_now_ms(void);

/* The coarse monotonic clock ms ago, never below 1: CLOCK_MONOTONIC starts
 * near 0 at boot, so "now - an hour" wraps on a machine up for minutes (a
 * CI runner). Every test that stamps a time in the past goes through this. */
uint64_t acq_fx_mono_ms_ago(uint64_t ms);

/* The cache fixture of the suites that elect, route or read through a
 * cache: acq_fx_setup, then three members ACQ_FX_THREE in acq_fx_cfg and a
 * cache over them; the teardown destroys the cache, then acq_fx_teardown.
 * A suite that needs more calls these from its own setup and teardown. */
#define ACQ_FX_THREE "db1=127.0.0.1:1,db2=127.0.0.1:2,db3=127.0.0.1:3"
extern acq_db_config acq_fx_cfg;
extern acq_db_cache acq_fx_cache;
void acq_fx_cache_setup(void);
void acq_fx_cache_teardown(void);

/* The cache's state now, failing the test unless it is good. */
const acq_db_state *acq_fx_get_ok(void);
/* The poller reads the file now, and the request looks (acq_fx_get_ok). */
const acq_db_state *acq_fx_refresh_ok(void);
/* The election file as it reads now, failing the test unless it does. */
acq_db_state acq_fx_read_file(void);
/* acq_db_init(&acq_fx_cache, active), failing the test on error. */
void acq_fx_init_with(const char *active);

#endif
