/*
 * The connect-path policy of acq_db_route.h. Each round tries the master
 * named by the current view; a connection-level failure starts an election
 * at that view's epoch, whose compare-and-swap either elects (the winning
 * probe's connection is the caller's) or reports the newer state someone
 * else wrote, which the next round tries.
 */
#include "failover/acq_db_route.h"
#include "failover/acq_db_connerr.h"

#include <stdio.h>
#include <string.h>

/* The election's probe is the caller's own connect. */
typedef struct acq_db_route_probe {
	acq_db_attempt_fn attempt;
	void *arg;
} acq_db_route_probe;

static int acq_db_route_probe_fn(void *arg, const acq_db_server *candidate, char *why, size_t whylen)
{
	acq_db_route_probe *p = arg;
	unsigned code = 0;

	return p->attempt(p->arg, candidate, &code, why, whylen) == 0 ? 0 : -1;
}

static const acq_db_server *acq_db_route_member(const acq_db_cache *c, const char *name)
{
	int idx = acq_db_servers_find(&c->cfg->servers, name);

	return idx >= 0 ? &c->cfg->servers.items[idx] : NULL;
}

void acq_db_route_connect(acq_db_cache *c, const acq_db_state *st, acq_db_attempt_fn attempt, void *arg,
	const acq_db_promote_cfg *pc, acq_db_route_result *out, char *err, size_t errlen)
{
	acq_db_route_probe probe = { attempt, arg };
	acq_db_state seen = *st;
	int round;

	memset(out, 0, sizeof(*out));
	for (round = 0; round <= ACQ_DB_ROUTE_MAX_ADOPTIONS; round++) {
		const acq_db_server *active = acq_db_route_member(c, seen.active);
		char cause[ACQ_DB_ERR_MAX] = "";
		acq_db_election_result res;
		unsigned code = 0;

		if (!active) {
			out->outcome = ACQ_DB_ROUTE_GAVE_UP;
			out->rc = ACQ_DB_E_UNKNOWN_SERVER;
			snprintf(err, errlen, "acq_db: the election file names '%s', which is not in acq_db.servers", seen.active);
			return;
		}
		out->server = active;
		if (attempt(arg, active, &code, cause, sizeof(cause)) == 0) {
			out->outcome = ACQ_DB_ROUTE_CONNECTED;
			return;
		}
		if (!acq_db_connerr_is_connection_level(code, cause)) {
			out->outcome = ACQ_DB_ROUTE_CALLER_ERROR; /* it would fail on every server */
			return;
		}
		if (round == ACQ_DB_ROUTE_MAX_ADOPTIONS) {
			break;
		}
		out->rc = acq_db_elect_promoting(c, seen.epoch, active->name, cause, acq_db_route_probe_fn, &probe, pc, &res,
			err, errlen);
		if (out->rc != ACQ_DB_OK) {
			out->outcome = ACQ_DB_ROUTE_GAVE_UP;
			return;
		}
		if (res.outcome == ACQ_DB_ELECTED) {
			out->outcome = ACQ_DB_ROUTE_CONNECTED;
			out->server = acq_db_route_member(c, res.state.active);
			out->elected = 1;
			return; /* the winning probe's connection */
		}
		out->adoptions++;
		seen = res.state; /* someone else elected: connect to their choice */
	}
	out->outcome = ACQ_DB_ROUTE_GAVE_UP;
	out->rc = ACQ_DB_E_NO_CANDIDATE; /* no master could be had in time */
	snprintf(err, errlen, "acq_db: gave up after following %d elections in a row; the cluster is changing too fast",
		ACQ_DB_ROUTE_MAX_ADOPTIONS);
}
