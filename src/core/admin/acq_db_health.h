/*
 * The cluster health check behind `acq-db-admin check`: what to ask each
 * member (through the SQL-executor interface, bounded by a timeout), the
 * plain report of what it said, and the verdict over all members and the
 * election file, in the monitoring-plugin convention: 0 ok, 1 warning,
 * 2 critical, 3 unknown. The verdict is policy and takes plain structs, so
 * every row of its table is a Check test; the tool only prints.
 */
#ifndef ACQ_DB_HEALTH_H
#define ACQ_DB_HEALTH_H

#include "store/acq_db_efile.h"
#include "sql/acq_db_sql.h"

typedef enum acq_db_health_status {
	ACQ_DB_HEALTH_OK = 0,
	ACQ_DB_HEALTH_WARNING = 1,
	ACQ_DB_HEALTH_CRITICAL = 2,
	ACQ_DB_HEALTH_UNKNOWN = 3
} acq_db_health_status;

#define ACQ_DB_HEALTH_TEXT_MAX 512
#define ACQ_DB_HEALTH_GTID_MAX 512
#define ACQ_DB_HEALTH_FINDINGS_MAX 64

/* A thread's state in SHOW SLAVE STATUS. */
typedef enum acq_db_thread_state {
	ACQ_DB_THREAD_NO = 0,
	ACQ_DB_THREAD_YES,
	ACQ_DB_THREAD_CONNECTING   /* IO thread retrying its master */
} acq_db_thread_state;

/* What one member said. -1 in an int field: not known (not asked, not
 * reachable, or the server has no such variable). */
typedef struct acq_db_member_report {
	char name[ACQ_DB_NAME_MAX];
	int reachable;
	char error[ACQ_DB_HEALTH_TEXT_MAX];       /* why not reachable, or a query that failed */
	char version[128];
	int is_mariadb;
	int read_only;
	long long server_id;
	char gtid_binlog_pos[ACQ_DB_HEALTH_GTID_MAX];
	char gtid_binlog_state[ACQ_DB_HEALTH_GTID_MAX];
	char gtid_slave_pos[ACQ_DB_HEALTH_GTID_MAX];
	char gtid_current_pos[ACQ_DB_HEALTH_GTID_MAX]; /* MySQL: gtid_executed */
	/* replication: has_replication = 0 when SHOW SLAVE STATUS is empty */
	int has_replication;
	char master_host[ACQ_DB_HOST_MAX];
	unsigned master_port;
	int replicates_from;                      /* member index of master_host:port, -1 none */
	acq_db_thread_state io_running;
	acq_db_thread_state sql_running;
	long long seconds_behind;                 /* -1: NULL (a thread stopped) */
	char last_error[ACQ_DB_HEALTH_TEXT_MAX];  /* IO or SQL error, "" when none */
	char gtid_io_pos[ACQ_DB_HEALTH_GTID_MAX];
	int semisync_master_enabled, semisync_slave_enabled;
	int semisync_master_on, semisync_slave_on; /* the status: actually in effect */
} acq_db_member_report;

/* Fresh report for name: unreachable until probed, every figure unknown. */
void acq_db_member_report_init(acq_db_member_report *r, const char *name);

/* Connects to member index of list and fills r (reachable = 0 and error
 * when the connect fails; a failed later query is noted in error and leaves
 * its figures unknown). Every connect and query is bounded by timeout_ms. */
void acq_db_health_probe(const acq_db_sql_ops *ops, const acq_db_server_list *list, int index,
	const acq_db_credentials *cred, unsigned timeout_ms, acq_db_member_report *r);

/* Reads the replication figures out of a SHOW ALL SLAVES STATUS / SHOW
 * REPLICA STATUS row (MariaDB, MySQL 5.7 and 8 column names alike). */
void acq_db_health_read_replication(acq_db_member_report *r, const acq_db_sql_row *row,
	const acq_db_server_list *list);

typedef struct acq_db_health_input {
	acq_db_rc file_rc;                /* of reading the election file */
	const char *file_error;           /* its message when not OK */
	const acq_db_state *state;        /* valid when file_rc is OK */
	int copy_differs;                 /* the lock file's copy is at another epoch: stale view */
	uint64_t copy_epoch;
	const acq_db_server_list *servers;
	const acq_db_member_report *members; /* one per server, same order; NULL: not probed */
	long long lag_warn_s;             /* a standby this far behind is a warning */
	int64_t node_age_ms;              /* since this node's reader last read the file; -1: unknown */
	long long age_warn_ms, age_crit_ms; /* thresholds for it (0: not judged) */
} acq_db_health_input;

typedef struct acq_db_health_finding {
	acq_db_health_status level;
	char server[ACQ_DB_NAME_MAX];     /* "" for the cluster or the file */
	char text[ACQ_DB_HEALTH_TEXT_MAX];
} acq_db_health_finding;

typedef struct acq_db_health_verdict {
	acq_db_health_status status;      /* the worst finding */
	int active;                       /* index of the active master, -1 unknown */
	int standbys, standbys_ok;        /* members other than the active, and healthy ones */
	int reachable, writable;
	int count;
	acq_db_health_finding findings[ACQ_DB_HEALTH_FINDINGS_MAX];
} acq_db_health_verdict;

/* The verdict table:
 *   critical: the election file is unreadable or damaged; the active master
 *             is unreachable or read-only; a second server is writable
 *   warning:  a standby is unreachable, not replicating (no replication, a
 *             thread stopped or connecting, or from another server than the
 *             active one) or lags lag_warn_s or more; a server is demoted;
 *             the lock file's copy is at another epoch (stale state);
 *             this node's state is age_warn_ms old (critical: age_crit_ms):
 *             its PHP processes route by what they read that long ago
 *   ok:       none of these
 * Members not probed (no credentials): only the file is judged. */
void acq_db_health_judge(const acq_db_health_input *in, acq_db_health_verdict *out);

/* "ok", "warning", "critical", "unknown" */
const char *acq_db_health_status_name(acq_db_health_status s);

/* "master", "replica" or "none": the member's role as the verdict sees it. */
const char *acq_db_health_role(const acq_db_health_verdict *v, int index, const acq_db_member_report *r);

#endif
