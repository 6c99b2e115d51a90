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

#define ACQ_DB_EFILE_VERSION 2         /* what the writer writes; version 1 is still read */

/* An epoch that moves further than this from the last one a node saw is
 * refused as damaged or forged: a forged epoch near INT64_MAX would
 * otherwise leave no room for any later election. */
#define ACQ_DB_EPOCH_STEP_MAX 1000

/* The incarnation of a cluster file: 16 lowercase hex digits, random, made
 * by init and kept by every later write. A version 1 file reads as the
 * legacy incarnation (all zeros). */
#define ACQ_DB_INCARNATION_LEN 16
#define ACQ_DB_INCARNATION_LEGACY "0000000000000000"

/* The kind of the change that wrote the file: data for the code (the
 * anti-flapping hold keys on it), where the reason is for people. */
typedef enum acq_db_change_kind {
	ACQ_DB_CHANGE_OTHER = 0,              /* a version 1 reason none of the below */
	ACQ_DB_CHANGE_INIT,
	ACQ_DB_CHANGE_ELECTION,               /* automatic: starts acq_db.failover_hold_ms */
	ACQ_DB_CHANGE_SWITCHOVER,
	ACQ_DB_CHANGE_REJOIN
} acq_db_change_kind;

typedef struct acq_db_state {
	char incarnation[ACQ_DB_INCARNATION_LEN + 1]; /* "" is written as the legacy one */
	uint64_t epoch;                       /* only moves forward within an incarnation; 1 after init */
	acq_db_change_kind change;
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

/* The file's word for a kind of change ("election"), and back (-1: none). */
const char *acq_db_change_kind_name(acq_db_change_kind kind);
int acq_db_change_kind_parse(const char *word);

/* Gives st a new random incarnation (init: a new cluster file). */
acq_db_rc acq_db_state_new_incarnation(acq_db_state *st, char *err, size_t errlen);

/* Whether next, just read, may replace seen, read before: ACQ_DB_OK when it
 * is the same or a later epoch of the same incarnation, or any epoch of
 * another incarnation (a re-created file), and in both cases not more than
 * ACQ_DB_EPOCH_STEP_MAX above seen; ACQ_DB_E_CORRUPT with the reason and the
 * repair otherwise. path names the file in the message. */
acq_db_rc acq_db_state_may_follow(const acq_db_state *seen, const acq_db_state *next, const char *path,
	char *err, size_t errlen);

/* next is an earlier epoch of seen's incarnation (a reader lagging behind). */
int acq_db_state_is_behind(const acq_db_state *seen, const acq_db_state *next);

/* Fills changed_at/by with now, this host and this pid. */
void acq_db_state_stamp(acq_db_state *st);

uint32_t acq_db_crc32(const void *data, size_t len);

#endif
