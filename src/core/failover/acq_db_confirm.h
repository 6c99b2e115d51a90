/*
 * What an automatic election must know before it acts, asked of the
 * replicas over the SQL-executor interface: is the master really dead, and
 * which replica has its data. A failed connect from this node only makes the
 * master suspect. It is dead when the replicas that replicate from it no
 * longer receive from it: the IO thread is not connected (a killed server
 * resets the connection at once), or no event and no heartbeat came within
 * a window of twice the replica's MASTER_HEARTBEAT_PERIOD (a frozen server,
 * a cut path). One replica that still receives is enough to keep the master
 * (MaxScale's verify_master_failure; orchestrator's UnreachableMaster).
 * The candidate is then the replica of the dead master that received the
 * most (Gtid_IO_Pos, compared per domain); list order breaks ties only, and
 * a server that does not replicate from the dead master is never promoted
 * automatically. docs/failover.md says which replication settings this
 * needs and what it costs.
 */
#ifndef ACQ_DB_CONFIRM_H
#define ACQ_DB_CONFIRM_H

#include "failover/acq_db_promote.h"
#include "store/acq_db_efile.h"

/* The silence check never lasts longer than this by default: a replica whose
 * heartbeat period needs a longer window cannot confirm a death. */
#define ACQ_DB_CONFIRM_WINDOW_MAX_MS 3000
/* The window is twice the heartbeat period plus this, for the network and
 * the scheduler. */
#define ACQ_DB_CONFIRM_MARGIN_MS 100

typedef enum acq_db_verdict {
	ACQ_DB_VERDICT_DEAD = 1,     /* every replica of it that answered has stopped receiving from it */
	ACQ_DB_VERDICT_ALIVE,        /* a replica still receives from it: no election */
	ACQ_DB_VERDICT_UNSURE,       /* a replica is connected to it and cannot tell silence in time: no election */
	ACQ_DB_VERDICT_UNCONFIRMED   /* nobody to ask (promotion off, no replica of it answered): as before, unconfirmed */
} acq_db_verdict;

/* Asks every member but failed whether it still receives from failed. why:
 * what decided ("db2: Slave_IO_Running=Connecting"), and for ALIVE and
 * UNSURE the error for the caller, naming the cause ("db1 is unreachable
 * from this node but alive per db2's replication ..."). cause: the failed
 * connect's error. Logs one line naming what confirmed the verdict.
 * silent_master (may be NULL): set to 1 when a silence check ran and the
 * failed master did not answer an admin connect meanwhile (bounded by the
 * connect timeout, inside the window that is waited anyway): the election's
 * fence need not wait for it again. */
acq_db_verdict acq_db_confirm_dead(const acq_db_promote_cfg *pc, const acq_db_server_list *list, const char *failed,
	const char *cause, int *silent_master, char *why, size_t whylen);

/* The MASTER_HEARTBEAT_PERIOD acq_db recommends and sets where it points a
 * replica at a master without one of its own (docs/failover.md). */
#define ACQ_DB_CONFIRM_HEARTBEAT_PERIOD "0.5"

/* A replica's heartbeat period above this makes confirmation slow (a
 * frozen master is confirmed after twice the period). */
#define ACQ_DB_CONFIRM_PERIOD_WARN_MS 1000

/* What a heartbeat period means for confirming that name's master died:
 * 0 when it is fine; 1 with text for `acq-db-admin check` when it makes
 * confirmation slow or impossible within window_max_ms (0: the default). */
int acq_db_confirm_period_finding(const char *name, unsigned period_ms, unsigned window_max_ms, char *text, size_t len);

/* The candidates of an election away from failed, best data first. */
typedef struct acq_db_ranking {
	int count;
	int order[ACQ_DB_MAX_SERVERS];     /* member indexes to try: those that received the most, in list order */
	int nreplicas;
	int replicas[ACQ_DB_MAX_SERVERS];  /* every replica of failed that answered (to re-point afterwards) */
	char received[ACQ_DB_MAX_SERVERS][ACQ_DB_SQL_VALUE_MAX]; /* by member index */
	char excluded[ACQ_DB_ERR_MAX];     /* "db3 (addr): why; " for each member left out */
} acq_db_ranking;

/* Ranks the members of list for an election away from failed: demoted
 * servers, servers that do not answer and servers that do not replicate
 * from failed are left out (excluded says why), and so is a replica that
 * received less than another one. */
void acq_db_confirm_rank(const acq_db_promote_cfg *pc, const acq_db_server_list *list, const acq_db_state *st,
	const char *failed, acq_db_ranking *out);

/* 1 when winner received everything that member did (it may replicate from
 * the winner without losing anything). */
int acq_db_confirm_covers(const acq_db_ranking *r, int winner, int member);

/* After a switchover from old to master: every other member that replicates
 * from old replicates from master (it cannot have more than master, which
 * applied old's last write). The number re-pointed; failures are logged. */
int acq_db_confirm_repoint_followers(const acq_db_promote_cfg *pc, const acq_db_server_list *list, const char *old,
	const char *master);

#endif
