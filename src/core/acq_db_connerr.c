/*
 * Classification of connect errors. Connection-level: the server cannot be
 * reached or is going away. Everything else (bad credentials, unknown
 * database, too many connections, TLS verification failures) is a problem
 * a failover would only spread, so it goes back to the caller.
 */
#include "acq_db_connerr.h"

int acq_db_connerr_is_connection_level(unsigned int code)
{
	switch (code) {
	case 2002: /* CR_CONNECTION_ERROR: refused / socket missing / connect timeout */
	case 2003: /* CR_CONN_HOST_ERROR: unreachable, no route */
	case 2005: /* CR_UNKNOWN_HOST: a member's name does not resolve */
	case 2006: /* CR_SERVER_GONE_ERROR */
	case 2013: /* CR_SERVER_LOST: lost during the handshake / greeting timeout */
	case 2012: /* CR_SERVER_HANDSHAKE_ERR */
	case 2027: /* CR_MALFORMED_PACKET: not speaking the protocol (half-dead) */
	case 1053: /* ER_SERVER_SHUTDOWN */
	case 1077: /* ER_NORMAL_SHUTDOWN */
	case 1079: /* ER_SHUTDOWN_COMPLETE */
	case 1152: /* ER_ABORTING_CONNECTION */
	case 1927: /* ER_CONNECTION_KILLED (MariaDB) */
		return 1;
	default:
		return 0;
	}
}
