/*
 * The statement path's policy, apart from any client library. A connection
 * remembers the member it reached and the epoch it was opened at; before each
 * statement it is checked against the current state. The invariant: no
 * statement is sent to a member that the election file no longer names as the
 * active master. Such a connection, outside a transaction and with a session
 * that can be rebuilt, is reconnected through the routed connect and the
 * statement sent there (REROUTE); inside a transaction it is refused (the
 * transaction was on the demoted master and is gone), as is a connection
 * whose session holds state that cannot be replayed (a lock, a temporary
 * table, a server-side prepared statement). On the hot path the check costs
 * the cache's one atomic load and one compare of the cache's generation.
 *
 * The second half is the safe-read rule: a statement that failed with a
 * connection-level error may be sent once more, on the new master, only when
 * it is a plain autocommit SELECT outside a transaction whose repetition
 * cannot change anything or read session state it would not find there. The
 * classifier is conservative: anything it does not understand is not safe.
 */
#ifndef ACQ_DB_STMT_H
#define ACQ_DB_STMT_H

#include <stddef.h>
#include <stdint.h>

#include "node/acq_db_cache.h"

/* Server status bits of the MySQL protocol (OK and EOF packets). */
#define ACQ_DB_STMT_STATUS_IN_TRANS 0x0001
#define ACQ_DB_STMT_STATUS_AUTOCOMMIT 0x0002

/* The session statements a connection sent (SET, USE), replayed in order on
 * a new connection; NUL-separated, identical ones kept once. */
#define ACQ_DB_STMT_SESSION_MAX 2048

typedef struct acq_db_stmt_conn {
	char member[ACQ_DB_NAME_MAX];  /* "": not a routed connection */
	uint64_t epoch;                /* the epoch it was opened (or last found current) at */
	uint64_t generation;           /* the cache's generation when last found current */
	int in_trans;                  /* a transaction is open, or autocommit is off */
	int session_lost;              /* it holds session state that cannot be replayed: why */
	size_t session_len;
	char session[ACQ_DB_STMT_SESSION_MAX];
} acq_db_stmt_conn;

typedef enum acq_db_stmt_action {
	ACQ_DB_STMT_SEND = 0,          /* the member is the active master */
	ACQ_DB_STMT_REROUTE,           /* reconnect to the active master, replay the session, send there */
	ACQ_DB_STMT_REFUSE_TRX,        /* a transaction was open on the demoted member */
	ACQ_DB_STMT_REFUSE_SESSION     /* its session cannot be rebuilt elsewhere */
} acq_db_stmt_action;

/* Why session_lost is set (0: it is not). */
enum {
	ACQ_DB_STMT_LOST_NONE = 0,
	ACQ_DB_STMT_LOST_LOCK,         /* LOCK TABLES, a table lock held */
	ACQ_DB_STMT_LOST_TEMPORARY,    /* CREATE TEMPORARY TABLE */
	ACQ_DB_STMT_LOST_PREPARE,      /* PREPARE (SQL-level prepared statement) */
	ACQ_DB_STMT_LOST_FULL          /* more session statements than fit */
};

/* A connection was opened to member at st (and the cache's generation). */
void acq_db_stmt_opened(acq_db_stmt_conn *sc, const char *member, const acq_db_state *st, uint64_t generation);

acq_db_stmt_action acq_db_stmt_decide_slow(acq_db_stmt_conn *sc, uint64_t generation, const acq_db_state *st);

/* What to do with a statement about to be sent on sc; st and generation
 * are the cache's (acq_db_cache_get). Fast path: nothing changed. */
static inline acq_db_stmt_action acq_db_stmt_decide(acq_db_stmt_conn *sc, uint64_t generation, const acq_db_state *st)
{
	if (generation == sc->generation) {
		return ACQ_DB_STMT_SEND;
	}
	return acq_db_stmt_decide_slow(sc, generation, st);
}

/* The server status of the connection's last result. */
static inline void acq_db_stmt_note_status(acq_db_stmt_conn *sc, unsigned int server_status)
{
	sc->in_trans = (server_status & ACQ_DB_STMT_STATUS_IN_TRANS) || !(server_status & ACQ_DB_STMT_STATUS_AUTOCOMMIT);
}

/* Records a statement that changes the session (SET, USE: kept for replay;
 * LOCK, PREPARE, CREATE TEMPORARY: the session cannot be rebuilt). Others
 * cost a look at their first byte. */
void acq_db_stmt_note_session(acq_db_stmt_conn *sc, const char *q, size_t len);

/* The replay list: the statement after prev (NULL: the first), or NULL. */
const char *acq_db_stmt_session_next(const acq_db_stmt_conn *sc, const char *prev);

/* Words for ACQ_DB_STMT_LOST_*. */
const char *acq_db_stmt_lost_name(int why);

/* 1 if q is a plain SELECT whose repetition on another server has no side
 * effect and reads no session state (see the file comment). */
int acq_db_stmt_is_safe_read(const char *q, size_t len);

/* 1 if a statement that failed with (code, msg) may be sent once more on the
 * new master: a connection-level failure, no transaction open before it,
 * and a safe read. */
int acq_db_stmt_may_retry(int in_trans, const char *q, size_t len, unsigned int code, const char *msg);

/* 1 if a statement that failed with (code, msg) may or may not have taken
 * effect on the server it was sent to: a connection-level failure while it
 * was in flight, and either a COMMIT, or outside a transaction anything
 * that is not a safe read (an autocommit write). A statement inside a
 * transaction other than COMMIT is not: the server rolls the transaction
 * back when the connection goes. */
int acq_db_stmt_in_doubt(int in_trans, const char *q, size_t len, unsigned int code, const char *msg);

#endif
