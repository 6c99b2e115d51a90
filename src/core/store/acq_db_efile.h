/*
 * The election file: a small, versioned, checksummed text file on the shared
 * file system that says which server is the master at which epoch. Readers
 * parse it without a lock; writers replace it atomically (temp file, fsync,
 * rename, fsync of the directory) while holding acq_db_lock.
 */
#ifndef ACQ_DB_EFILE_H
#define ACQ_DB_EFILE_H

#include "lib/acq_db_common.h"
#include "config/acq_db_servers.h"

#define ACQ_DB_EFILE_VERSION 1

typedef struct acq_db_state {
	uint64_t epoch;                       /* only moves forward; 1 after init */
	char active[ACQ_DB_NAME_MAX];
	int64_t changed_at_ms;                /* wall clock, Unix epoch ms */
	char changed_by_host[ACQ_DB_HOST_MAX];
	long changed_by_pid;
	char reason[ACQ_DB_REASON_MAX];
	int demoted_count;
	char demoted[ACQ_DB_MAX_SERVERS][ACQ_DB_NAME_MAX];
	uint32_t checksum;                    /* as read or as last written */
} acq_db_state;

/* Text form of a state into buf; returns its length, or 0 if buf is too small. */
size_t acq_db_efile_format(const acq_db_state *st, char *buf, size_t len);

/* Parses and verifies a whole file's bytes (syntax, version, checksum). */
acq_db_rc acq_db_efile_parse(const char *buf, size_t len, acq_db_state *out, char *err, size_t errlen);

/* Checks that the state only names servers this node knows. */
acq_db_rc acq_db_efile_check_servers(const acq_db_state *st, const acq_db_server_list *servers,
	char *err, size_t errlen);

/* Reads and parses the file at path. ACQ_DB_E_MISSING when it is not there. */
acq_db_rc acq_db_efile_read(const char *path, acq_db_state *out, char *err, size_t errlen);

/* acq_db_efile_read, also telling whether the path led to a replaced file
 * (ESTALE after a few retries). */
acq_db_rc acq_db_efile_read_ex(const char *path, acq_db_state *out, int *stale, char *err, size_t errlen);

/* Atomically replaces (or creates) the file. Caller holds the lock. */
acq_db_rc acq_db_efile_write(const char *path, acq_db_state *st, char *err, size_t errlen);

/* Demoted-set helpers. */
int acq_db_state_is_demoted(const acq_db_state *st, const char *name);
void acq_db_state_demote(acq_db_state *st, const char *name);
void acq_db_state_undemote(acq_db_state *st, const char *name);

/* Replaces control characters so a reason can never break the line format. */
void acq_db_state_set_reason(acq_db_state *st, const char *reason);

/* Fills changed_at/by with now, this host and this pid. */
void acq_db_state_stamp(acq_db_state *st);

uint32_t acq_db_crc32(const void *data, size_t len);

#endif
