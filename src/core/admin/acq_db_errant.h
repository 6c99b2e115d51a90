/*
 * MariaDB GTID positions as sets, and the errant-transaction check that
 * decides whether an old master may become a replica of the active one: every
 * transaction it has must already be on the active master. A GTID is
 * domain-server-seq; within a domain and an originating server, seq only
 * grows, so "has" means "has that (domain, server) pair at a seq at least as
 * high". A transaction the old master wrote after the switch (same domain,
 * its own server id, a seq the active master never saw) is errant.
 */
#ifndef ACQ_DB_ERRANT_H
#define ACQ_DB_ERRANT_H

#include "lib/acq_db_common.h"

#define ACQ_DB_GTID_SET_MAX 64

typedef struct acq_db_gtid {
	uint32_t domain;
	uint32_t server;
	uint64_t seq;
} acq_db_gtid;

typedef struct acq_db_gtid_set {
	int count;
	acq_db_gtid items[ACQ_DB_GTID_SET_MAX];   /* one per (domain, server), highest seq */
} acq_db_gtid_set;

/* Parses "0-1-100,1-2-5" (as in @@gtid_binlog_state, @@gtid_slave_pos; ""
 * is the empty set). Entries for the same (domain, server) keep the highest
 * seq. err quotes the bad entry. */
acq_db_rc acq_db_gtid_parse(const char *text, acq_db_gtid_set *out, char *err, size_t errlen);

/* Adds every entry of more to into (highest seq per pair). */
void acq_db_gtid_merge(acq_db_gtid_set *into, const acq_db_gtid_set *more);

/* The GTIDs of old that active lacks, into errant; returns their count. */
int acq_db_gtid_errant(const acq_db_gtid_set *old, const acq_db_gtid_set *active, acq_db_gtid_set *errant);

/* "0-1-100,1-2-5" (sorted by domain, then server); "" for the empty set. */
void acq_db_gtid_format(const acq_db_gtid_set *set, char *buf, size_t len);

#endif
