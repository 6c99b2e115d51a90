/*
 * MariaDB GTID positions as sets. A GTID is domain-server-seq; within a
 * domain seq only grows, whichever server wrote it, and within a (domain,
 * server) pair too. A set keeps one entry per (domain, server), the highest
 * seq. Used by the election's data-driven choice of a candidate
 * (failover/acq_db_confirm.h) and by the operator's errant-transaction check
 * (admin/acq_db_errant.h).
 */
#ifndef ACQ_DB_GTID_H
#define ACQ_DB_GTID_H

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

/* Parses "0-1-100,1-2-5" (as in @@gtid_binlog_state, @@gtid_slave_pos,
 * Gtid_IO_Pos; "" is the empty set). Entries for the same (domain, server)
 * keep the highest seq. err quotes the bad entry. */
acq_db_rc acq_db_gtid_parse(const char *text, acq_db_gtid_set *out, char *err, size_t errlen);

/* Adds every entry of more to into (highest seq per pair). */
void acq_db_gtid_merge(acq_db_gtid_set *into, const acq_db_gtid_set *more);

/* Index of the (domain, server) entry in set, or -1. */
int acq_db_gtid_index(const acq_db_gtid_set *set, uint32_t domain, uint32_t server);

/* 1 when a has, in every domain of b, a seq at least as high as b's
 * highest there: a has received everything b has (positions compare per
 * domain, as Gtid_IO_Pos and gtid_slave_pos are written). */
int acq_db_gtid_covers(const acq_db_gtid_set *a, const acq_db_gtid_set *b);

/* "0-1-100,1-2-5" (sorted by domain, then server); "" for the empty set. */
void acq_db_gtid_format(const acq_db_gtid_set *set, char *buf, size_t len);

#endif
