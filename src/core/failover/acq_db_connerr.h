/*
 * Which MySQL client/server error codes mean "this server is not there"
 * (start an election) and which would fail on every server (return to the
 * caller unchanged). Kept in the core so the rule is unit-tested.
 */
#ifndef ACQ_DB_CONNERR_H
#define ACQ_DB_CONNERR_H

/* 1 if a connect that failed with this error (code and the client's message)
 * should start an election. */
int acq_db_connerr_is_connection_level(unsigned int code, const char *message);

/* 1 if the error is a TLS/SSL failure (handshake, certificate): by its code,
 * or by the exact text mysqlnd sets, never by words that a host name in the
 * message could contain. */
int acq_db_connerr_is_tls(unsigned int code, const char *message);

#endif
