/*
 * The errant-transaction rule of `acq-db-admin rejoin --as-replica` (see
 * acq_db_errant.h), on the GTID sets of sql/acq_db_gtid.h. Kept apart from
 * any client so the rule is tested on positions alone, the way an operator
 * would reason.
 */
#include "admin/acq_db_errant.h"

int acq_db_gtid_errant(const acq_db_gtid_set *old, const acq_db_gtid_set *active, acq_db_gtid_set *errant)
{
	int i;

	errant->count = 0;
	for (i = 0; i < old->count; i++) {
		const acq_db_gtid *g = &old->items[i];
		int have = acq_db_gtid_index(active, g->domain, g->server);

		if (have < 0 || active->items[have].seq < g->seq) {
			errant->items[errant->count++] = *g;
		}
	}
	return errant->count;
}
