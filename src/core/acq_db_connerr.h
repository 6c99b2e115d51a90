/*
 * Which MySQL client/server error codes mean "this server is not there"
 * (start an election) and which would fail on every server (return to the
 * caller unchanged). Kept in the core so the rule is unit-tested.
 */
#ifndef ACQ_DB_CONNERR_H
#define ACQ_DB_CONNERR_H

/* 1 if a connect that failed with this error code should start an election. */
int acq_db_connerr_is_connection_level(unsigned int code);

#endif
