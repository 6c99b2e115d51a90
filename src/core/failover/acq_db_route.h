/*
 * The connect path's policy, apart from any client library: try the active
 * master; if it fails at connection level, run an election whose probe is
 * the same connect to each candidate (or follow the election someone else
 * just ran) and go on with the new master; hand every other failure back to
 * the caller unchanged; give up, saying why, when no server can be master or
 * the cluster keeps changing. The client (mysqlnd in the extension) supplies
 * one "attempt": a connect to one member with the caller's own settings.
 */
#ifndef ACQ_DB_ROUTE_H
#define ACQ_DB_ROUTE_H

#include "failover/acq_db_election.h"

/* Connects to s. 0 on success; otherwise -1 with the client's error code
 * and message ("[2002] ...") in code and msg. */
typedef int (*acq_db_attempt_fn)(void *arg, const acq_db_server *s, unsigned *code, char *msg, size_t msglen);

typedef enum acq_db_route_outcome {
	ACQ_DB_ROUTE_CONNECTED = 1,  /* an attempt succeeded: it is the caller's connection */
	ACQ_DB_ROUTE_CALLER_ERROR,   /* not connection level (credentials, database, TLS): the attempt's own error stands */
	ACQ_DB_ROUTE_GAVE_UP         /* no master to be had: err says why */
} acq_db_route_outcome;

typedef struct acq_db_route_result {
	acq_db_route_outcome outcome;
	const acq_db_server *server; /* CONNECTED: the member; CALLER_ERROR: the one that refused */
	int elected;                 /* this call's election made server the master */
	int adoptions;               /* elections by other processes that this call followed */
	acq_db_rc rc;                /* GAVE_UP: why; ACQ_DB_E_ALIVE: the master is alive per its
	                              * replicas and only this node cannot reach it (isolated) */
} acq_db_route_result;

/* Elections by others followed in one call before giving up. */
#define ACQ_DB_ROUTE_MAX_ADOPTIONS ACQ_DB_MAX_SERVERS

/* Routes one connect, starting from st (the caller's current view). pc:
 * promotion for an election this call runs (NULL: none). */
void acq_db_route_connect(acq_db_cache *c, const acq_db_state *st, acq_db_attempt_fn attempt, void *arg,
	const acq_db_promote_cfg *pc, acq_db_route_result *out, char *err, size_t errlen);

#endif
