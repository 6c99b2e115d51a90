/*
 * Promotion policy: what makes an elected server the one writable master,
 * run over the SQL-executor interface (acq_db_sql.h) with the administrative
 * credentials. A candidate that replicates takes writes only after it has
 * applied everything it received (bounded by catchup_timeout_ms); then its
 * replication is stopped and forgotten and read_only turned off, and only
 * then may the caller write the new epoch. A planned switchover first makes
 * the old master read-only and waits for the target to apply the old
 * master's last transaction. Fencing a reachable old master (read_only=1,
 * the application's connections killed) is best effort and logged.
 *
 * Decisions (docs/promotion.md): a replica whose SQL thread stopped with an
 * error is never promoted automatically (it is missing everything after the
 * error); a replica whose SQL thread was stopped without an error is not
 * restarted (someone stopped it on purpose) and is promoted only if it has
 * already applied what it received. The IO thread is only ever stopped,
 * never restarted: in GTID mode a restart discards received relay logs that
 * are not applied yet, and with the master gone they exist nowhere else.
 */
#ifndef ACQ_DB_PROMOTE_H
#define ACQ_DB_PROMOTE_H

#include "sql/acq_db_sql.h"

#define ACQ_DB_GTID_MAX ACQ_DB_SQL_VALUE_MAX

typedef struct acq_db_promote_cfg {
	const acq_db_sql_ops *ops;
	const acq_db_credentials *cred;  /* loaded = 0: promotion off, every call is a no-op success */
	unsigned connect_timeout_ms;     /* connect, and every statement but the catch-up wait */
	unsigned catchup_timeout_ms;     /* how long a replica may take to apply what it received */
	unsigned confirm_window_max_ms;  /* the longest silence check (acq_db_confirm.h); 0: the default */
} acq_db_promote_cfg;

/* What a server's replication says, from the first row of SHOW ALL SLAVES
 * STATUS (SHOW REPLICA STATUS on MySQL). */
typedef struct acq_db_replica_status {
	int replica;                       /* it has a replication configuration */
	char connection[64];               /* MariaDB's Connection_name: "" for the default one */
	char io_running[16];               /* "Yes", "No", "Connecting" */
	char master_host[ACQ_DB_HOST_MAX];
	unsigned master_port;
	char received[ACQ_DB_SQL_VALUE_MAX]; /* Gtid_IO_Pos / Retrieved_Gtid_Set */
	long long heartbeats;              /* Slave_received_heartbeats; -1: not shown */
	unsigned heartbeat_period_ms;      /* Slave_heartbeat_period; 0: not shown */
	int mysql;                         /* MySQL's dialect (GTID sets, no heartbeat counter) */
} acq_db_replica_status;

/* 1 when pc is set and holds loaded credentials. */
int acq_db_promote_enabled(const acq_db_promote_cfg *pc);

/* Makes cand the writable master. wait_pos: the GTID position it must have
 * applied first (a switchover: the old master's last), NULL for what it has
 * received (Gtid_IO_Pos / Retrieved_Gtid_Set). 0, or -1 with why filled
 * ("SQL thread stopped with error 1062: ...", "did not catch up within ..."):
 * the candidate is then to be skipped. Nothing is changed on cand before it
 * is known to be caught up. */
int acq_db_promote(const acq_db_promote_cfg *pc, const acq_db_server *cand, const char *wait_pos,
	char *why, size_t whylen);

/* Reads s's replication status within the connect timeout. 0, or -1 with
 * why (not reached, the statement refused). */
int acq_db_promote_status(const acq_db_promote_cfg *pc, const acq_db_server *s, acq_db_replica_status *out,
	char *why, size_t whylen);

/* Points replica at master (CHANGE MASTER TO host, port, MASTER_USE_GTID=
 * slave_pos; START SLAVE), keeping its replication user and password. With
 * was_master (a demoted old master), its own last writes become its replica
 * position first (gtid_slave_pos = gtid_binlog_pos), and a server that never
 * had a replication configuration is left as it is: nobody knows its
 * replication password. 0, or -1 with why. MariaDB only. */
int acq_db_promote_repoint(const acq_db_promote_cfg *pc, const acq_db_server *replica, const acq_db_server *master,
	int was_master, char *why, size_t whylen);

/* Makes old read-only, letting commits in flight land (bounded), and puts
 * its last written GTID position into pos. 0 when done; 1 when old could
 * not be reached (why says how); -1 when it was reached but refused. */
int acq_db_promote_fence(const acq_db_promote_cfg *pc, const acq_db_server *old, char *pos, size_t poslen,
	char *why, size_t whylen);

/* Undoes acq_db_promote_fence (a switchover whose target could not be
 * promoted): read_only=0 on old again. 0 or -1 with why. */
int acq_db_promote_unfence(const acq_db_promote_cfg *pc, const acq_db_server *old, char *why, size_t whylen);

/* Ends the application's connections on old (everything but replication,
 * system threads and the admin user's own), so that they reconnect and are
 * routed to the new master. Number killed, or -1 with why. */
int acq_db_promote_kill_clients(const acq_db_promote_cfg *pc, const acq_db_server *old, char *why, size_t whylen);

#endif
