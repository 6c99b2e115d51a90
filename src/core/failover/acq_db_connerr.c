/*
 * Classification of connect errors. Connection-level: the server cannot be
 * reached or is going away. Everything else (bad credentials, unknown
 * database, too many connections, TLS verification failures) is a problem
 * a failover would only spread, so it goes back to the caller.
 */
#include "failover/acq_db_connerr.h"

#include <string.h>

/* mysqlnd reports a failed TLS handshake as CR_CONNECTION_ERROR (2002), the
 * same code as a refused connect, with a fixed text of its own
 * (mysqlnd_auth.c, after enable_ssl fails); libmysqlclient and MariaDB
 * Connector/C use CR_SSL_CONNECTION_ERROR (2026). Only those count: the
 * other messages of a failed connect name the host ("...on 'cryptodb'",
 * "tcp://db-ssl1:3306"), so a word search would keep a dead master called
 * that from failing over. A TLS failure is not a dead server: a certificate
 * that does not verify would fail on the standby too (same CA), and failing
 * over on it would let whoever can break TLS to one server move the farm. */
#define ACQ_DB_CR_SSL_CONNECTION_ERROR 2026
#define ACQ_DB_MYSQLND_TLS_TEXT "Cannot connect to MySQL using SSL"

/* The connect path reports an attempt as "[CODE] client message": the
 * prefix is ours, the text after it is mysqlnd's. */
static const char *acq_db_connerr_client_text(const char *message)
{
	const char *p = message;

	if (p && *p == '[') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
		}
		if (p[0] == ']' && p[1] == ' ') {
			return p + 2;
		}
	}
	return message;
}

int acq_db_connerr_is_tls(unsigned int code, const char *message)
{
	if (code == ACQ_DB_CR_SSL_CONNECTION_ERROR) {
		return 1;
	}
	message = acq_db_connerr_client_text(message);
	return code == 2002 && message
		&& strncmp(message, ACQ_DB_MYSQLND_TLS_TEXT, sizeof(ACQ_DB_MYSQLND_TLS_TEXT) - 1) == 0;
}

int acq_db_connerr_is_connection_level(unsigned int code, const char *message)
{
	if (acq_db_connerr_is_tls(code, message)) {
		return 0;
	}
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
