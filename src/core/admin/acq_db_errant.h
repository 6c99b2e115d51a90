/*
 * The errant-transaction check (on the GTID sets of sql/acq_db_gtid.h) that
 * decides whether an old master may become a replica of the active one: every
 * transaction it has must already be on the active master. A GTID is
 * domain-server-seq; within a domain and an originating server, seq only
 * grows, so "has" means "has that (domain, server) pair at a seq at least as
 * high". A transaction the old master wrote after the switch (same domain,
 * its own server id, a seq the active master never saw) is errant.
 */
#ifndef ACQ_DB_ERRANT_H
#define ACQ_DB_ERRANT_H

#include "sql/acq_db_gtid.h"

/* The GTIDs of old that active lacks, into errant; returns their count. */
int acq_db_gtid_errant(const acq_db_gtid_set *old, const acq_db_gtid_set *active, acq_db_gtid_set *errant);

#endif
