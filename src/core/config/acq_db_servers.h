/*
 * The cluster members from acq_db.servers ("db1=10.0.0.11:3306, db2=[::1]:3307,
 * db3=unix:/run/mysqld/db3.sock"), parsed once and validated strictly: a typo
 * here would route a whole web farm to the wrong place.
 */
#ifndef ACQ_DB_SERVERS_H
#define ACQ_DB_SERVERS_H

#include "lib/acq_db_common.h"

#define ACQ_DB_DEFAULT_PORT 3306

typedef struct acq_db_server {
	char name[ACQ_DB_NAME_MAX];
	char host[ACQ_DB_HOST_MAX];     /* IPv6 without brackets; "localhost" for sockets */
	unsigned int port;
	char socket[ACQ_DB_SOCKET_MAX]; /* empty unless the member is a unix socket */
} acq_db_server;

typedef struct acq_db_server_list {
	int count;
	acq_db_server items[ACQ_DB_MAX_SERVERS];
} acq_db_server_list;

/* Parses the whole list or nothing; err names the offending entry. */
acq_db_rc acq_db_servers_parse(const char *spec, acq_db_server_list *out, char *err, size_t errlen);

/* Index of the server with this name, or -1. */
int acq_db_servers_find(const acq_db_server_list *list, const char *name);

/* Index of the member reached at host:port (or socket path), or -1. */
int acq_db_servers_find_addr(const acq_db_server_list *list, const char *host, unsigned int port, const char *socket);

#define ACQ_DB_ROUTE_ALIAS (-2)

/* Which member a connect to HOST:PORT (or localhost + SOCKET) names: its
 * index, ACQ_DB_ROUTE_ALIAS for the alias host, or -1 (not a member). An
 * empty host means localhost, port 0 means 3306, [IPv6] brackets are
 * ignored, host names compare case-insensitively. */
int acq_db_servers_route(const acq_db_server_list *list, const char *alias, const char *host, unsigned int port,
	const char *socket);

/* "10.0.0.11:3306", "[::1]:3307" or "unix:/path" for messages. */
void acq_db_server_format_addr(const acq_db_server *s, char *buf, size_t len);

#endif
