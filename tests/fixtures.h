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

#include "acq_db_cache.h"
#include "acq_db_election.h"
#include "acq_db_lock.h"
#include "acq_db_log.h"

extern char acq_fx_dir[4096];   /* this test's temp dir */
extern char acq_fx_file[4200];  /* acq_fx_dir/election */

void acq_fx_setup(void);
void acq_fx_teardown(void);
const char *acq_fx_base_dir(void);

/* cfg for spec ("db1=127.0.0.1:3306,...") and acq_fx_file; aborts the test on a bad spec */
void acq_fx_config(acq_db_config *cfg, const char *spec);
void acq_fx_write_raw(const char *path, const char *bytes, size_t len);
size_t acq_fx_read_raw(const char *path, char *buf, size_t len);
/* a valid state: epoch, active, demoted (space separated or NULL) */
acq_db_state acq_fx_state(uint64_t epoch, const char *active, const char *demoted);
/* writes a state with acq_db_efile_write, failing the test on error */
void acq_fx_write_state(const acq_db_state *st);

/* log capture */
void acq_fx_log_reset(void);
int acq_fx_log_count(void);
const char *acq_fx_log_last(void);

/* As root, act as nobody (effective ids) until teardown (permission
 * tests); a no-op for other users. */
void acq_fx_drop_privileges(void);

/* monotonic ms */
uint64_t acq_fx_now_ms(void);

#endif
