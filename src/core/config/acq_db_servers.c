/*
 * Parser for acq_db.servers. One entry is NAME=ADDRESS; entries are separated
 * by commas, blanks around them are ignored. ADDRESS is HOST, HOST:PORT,
 * [IPV6], [IPV6]:PORT or unix:/absolute/socket/path. Anything else is refused
 * with a message that quotes the entry, because a silently skipped member is
 * a failover target that does not exist when it is needed. Each address has
 * one spelling (docs/design.md, "Grammar"): IPv4 as a plain dotted quad, IPv6
 * kept in its canonical form, ports without leading zeros, so that one server
 * can never become two members.
 */
#include "config/acq_db_servers.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ACQ_DB_ENTRY_MAX 512

static int acq_db_is_label_char(char c)
{
	return isalnum((unsigned char) c) || c == '_';
}

/* A DNS name: labels of letters, digits, '_' and inner '-', 1 to 63 bytes,
 * joined by single dots (no leading, trailing or doubled dot). */
static int acq_db_is_dns_name(const char *h)
{
	const char *label = h;

	for (;;) {
		size_t n = strcspn(label, ".");
		size_t i;
		if (n == 0 || n > 63 || !acq_db_is_label_char(label[0]) || !acq_db_is_label_char(label[n - 1])) {
			return 0;
		}
		for (i = 1; i + 1 < n; i++) {
			if (!acq_db_is_label_char(label[i]) && label[i] != '-') {
				return 0;
			}
		}
		if (label[n] == '\0') {
			return 1;
		}
		label += n + 1;
	}
}

/* 1 if the last label is all digits: no top-level domain is, and the
 * resolver reads such a name as a number ("127.1", "2130706433"). */
static int acq_db_ends_numeric(const char *h)
{
	const char *last = strrchr(h, '.');

	last = last ? last + 1 : h;
	return *last && strspn(last, "0123456789") == strlen(last);
}

/* The canonical text of an IPv6 literal into out (INET6_ADDRSTRLEN), or -1. */
static int acq_db_ipv6_canonical(const char *text, char *out, size_t len)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, text, &a) != 1 || !inet_ntop(AF_INET6, &a, out, (socklen_t) len)) {
		return -1;
	}
	return 0;
}

/* 1 if inet_aton (which getaddrinfo tries first) takes h as an IPv4
 * address: also "127.1", "0x7f000001", "0177.0.0.1"; then canon gets the
 * dotted quad. */
static int acq_db_ipv4_as_resolved(const char *h, char *canon, size_t len)
{
	struct in_addr a;

	return inet_aton(h, &a) != 0 && inet_ntop(AF_INET, &a, canon, (socklen_t) len) != NULL;
}

static void acq_db_trim(const char **start, const char **end)
{
	while (*start < *end && isspace((unsigned char) **start)) {
		(*start)++;
	}
	while (*end > *start && isspace((unsigned char) (*end)[-1])) {
		(*end)--;
	}
}

static acq_db_rc acq_db_parse_port(const char *p, int idx, const char *entry, unsigned int *port,
	char *err, size_t errlen)
{
	uint64_t v;
	const char *end;

	if (*p < '0' || *p > '9') {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': port '%s' is not a number", idx, entry, p);
	}
	/* one spelling per port: no leading zero, no sign, nothing after it */
	if (acq_db_parse_dec(p, 65535, &v, &end) != 0 || *end != '\0' || v == 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': port '%s' must be a number from 1 to 65535", idx, entry, p);
	}
	*port = (unsigned int) v;
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_socket_addr(const char *addr, int idx, const char *entry,
	acq_db_server *s, char *err, size_t errlen)
{
	const char *path = addr + 5; /* after "unix:" */
	size_t i;

	if (strncmp(addr, "unix:", 5) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': write the socket prefix in lowercase (unix:/path/to/mysqld.sock)", idx, entry);
	}
	if (path[0] != '/') {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': socket path must be absolute (unix:/path/to/mysqld.sock)", idx, entry);
	}
	for (i = 0; path[i]; i++) {
		if ((unsigned char) path[i] < 0x20 || path[i] == 0x7f) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
				"entry %d '%s': control byte in the socket path", idx, entry);
		}
	}
	if (acq_db_strlcpy(s->socket, path, sizeof(s->socket)) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': socket path longer than %d bytes", idx, entry, ACQ_DB_SOCKET_MAX - 1);
	}
	strcpy(s->host, "localhost");
	s->port = ACQ_DB_DEFAULT_PORT;
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_ipv6_addr(const char *addr, int idx, const char *entry,
	acq_db_server *s, char *err, size_t errlen)
{
	const char *close = strchr(addr, ']');
	char text[ACQ_DB_HOST_MAX];
	size_t n;
	size_t i;

	if (!close) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': IPv6 address lacks the closing ']'", idx, entry);
	}
	n = (size_t) (close - addr - 1);
	if (n == 0 || n >= sizeof(s->host)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': empty or overlong IPv6 address", idx, entry);
	}
	for (i = 0; i < n; i++) {
		char c = addr[1 + i];
		if (!isxdigit((unsigned char) c) && c != ':' && c != '.') {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
				"entry %d '%s': '%c' is not allowed in an IPv6 address", idx, entry, c);
		}
	}
	memcpy(text, addr + 1, n);
	text[n] = '\0';
	/* kept in canonical form: [0:0::1] and [::1] are one address */
	if (acq_db_ipv6_canonical(text, s->host, sizeof(s->host)) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': '%s' is not an IPv6 address", idx, entry, text);
	}
	s->port = ACQ_DB_DEFAULT_PORT;
	if (close[1] == '\0') {
		return ACQ_DB_OK;
	}
	if (close[1] != ':') {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': expected ':PORT' after ']'", idx, entry);
	}
	return acq_db_parse_port(close + 2, idx, entry, &s->port, err, errlen);
}

/* A host is a plain dotted quad or a DNS name; nothing the resolver would
 * read as another spelling of an IPv4 address, and not "unix" (a socket
 * member missing its path). */
static acq_db_rc acq_db_check_host_name(const char *h, int idx, const char *entry, char *err, size_t errlen)
{
	char quad[INET_ADDRSTRLEN];

	if (strcasecmp(h, "unix") == 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': 'unix' is not taken as a host name; a socket is written unix:/path/to/mysqld.sock",
			idx, entry);
	}
	if (acq_db_ipv4_as_resolved(h, quad, sizeof(quad)) || acq_db_ends_numeric(h)) {
		if (acq_db_ipv4_as_resolved(h, quad, sizeof(quad)) && strcmp(quad, h) == 0) {
			return ACQ_DB_OK;
		}
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': '%s' is not an IPv4 address in the plain form of four numbers 0-255 "
			"without leading zeros (like 10.0.0.11)", idx, entry, h);
	}
	if (!acq_db_is_dns_name(h)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': '%s' is not a host name (labels of letters, digits, '_' and inner '-', "
			"joined by single dots)", idx, entry, h);
	}
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_host_addr(const char *addr, int idx, const char *entry,
	acq_db_server *s, char *err, size_t errlen)
{
	const char *colon = strchr(addr, ':');
	size_t n = colon ? (size_t) (colon - addr) : strlen(addr);
	size_t i;

	if (colon && strchr(colon + 1, ':')) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': write IPv6 addresses in brackets, e.g. [::1]:3306", idx, entry);
	}
	if (n == 0 || n >= sizeof(s->host)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': empty or overlong host", idx, entry);
	}
	for (i = 0; i < n; i++) {
		if (!acq_db_is_name_char(addr[i])) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
				"entry %d '%s': '%c' is not allowed in a host name", idx, entry, addr[i]);
		}
	}
	memcpy(s->host, addr, n);
	s->host[n] = '\0';
	if (acq_db_check_host_name(s->host, idx, entry, err, errlen) != ACQ_DB_OK) {
		return ACQ_DB_E_INVALID;
	}
	s->port = ACQ_DB_DEFAULT_PORT;
	return colon ? acq_db_parse_port(colon + 1, idx, entry, &s->port, err, errlen) : ACQ_DB_OK;
}

static acq_db_rc acq_db_parse_entry(const char *entry, int idx, acq_db_server *s, char *err, size_t errlen)
{
	const char *eq = strchr(entry, '=');
	const char *addr;
	size_t n;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (!eq) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': expected NAME=HOST:PORT", idx, entry);
	}
	n = (size_t) (eq - entry);
	while (n > 0 && isspace((unsigned char) entry[n - 1])) {
		n--;
	}
	if (n == 0 || n >= sizeof(s->name)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': server name must be 1 to %d characters", idx, entry, ACQ_DB_NAME_MAX - 1);
	}
	for (i = 0; i < n; i++) {
		if (!acq_db_is_name_char(entry[i])) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
				"entry %d '%s': '%c' is not allowed in a server name (use letters, digits, '_', '-', '.')",
				idx, entry, entry[i]);
		}
	}
	memcpy(s->name, entry, n);
	s->name[n] = '\0';
	addr = eq + 1;
	while (isspace((unsigned char) *addr)) {
		addr++;
	}
	if (*addr == '\0') {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "entry %d '%s': address is empty", idx, entry);
	}
	if (strncasecmp(addr, "unix:", 5) == 0) {
		return acq_db_parse_socket_addr(addr, idx, entry, s, err, errlen);
	}
	if (addr[0] == '[') {
		return acq_db_parse_ipv6_addr(addr, idx, entry, s, err, errlen);
	}
	return acq_db_parse_host_addr(addr, idx, entry, s, err, errlen);
}

static acq_db_rc acq_db_check_unique(const acq_db_server_list *list, const acq_db_server *s, int idx,
	const char *entry, char *err, size_t errlen)
{
	if (acq_db_servers_find(list, s->name) >= 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': server name '%s' is listed twice", idx, entry, s->name);
	}
	/* a socket member's host and port are placeholders: compare sockets with
	 * sockets and TCP addresses with TCP addresses, as routing does */
	if (acq_db_servers_find_addr(list, s->socket[0] ? NULL : s->host, s->port, s->socket[0] ? s->socket : NULL) >= 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
			"entry %d '%s': the same address is already listed under another name", idx, entry);
	}
	return ACQ_DB_OK;
}

static acq_db_rc acq_db_servers_parse_into(const char *spec, acq_db_server_list *out, char *err, size_t errlen)
{
	const char *p = spec ? spec : "";
	int idx = 0;

	for (;;) {
		const char *comma = strchr(p, ',');
		const char *start = p;
		const char *end = comma ? comma : p + strlen(p);
		char entry[ACQ_DB_ENTRY_MAX];
		acq_db_server s;
		acq_db_rc rc;

		acq_db_trim(&start, &end);
		idx++;
		if (start == end) {
			if (comma || idx > 1) {
				return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "entry %d is empty (stray comma?)", idx);
			}
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
				"no servers listed; expected e.g. db1=10.0.0.11:3306, db2=10.0.0.12:3306");
		}
		if ((size_t) (end - start) >= sizeof(entry)) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "entry %d is longer than %d bytes",
				idx, ACQ_DB_ENTRY_MAX - 1);
		}
		memcpy(entry, start, (size_t) (end - start));
		entry[end - start] = '\0';
		if (out->count == ACQ_DB_MAX_SERVERS) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "more than %d servers listed", ACQ_DB_MAX_SERVERS);
		}
		rc = acq_db_parse_entry(entry, idx, &s, err, errlen);
		if (rc == ACQ_DB_OK) {
			rc = acq_db_check_unique(out, &s, idx, entry, err, errlen);
		}
		if (rc != ACQ_DB_OK) {
			return rc;
		}
		out->items[out->count++] = s;
		if (!comma) {
			return ACQ_DB_OK;
		}
		p = comma + 1;
	}
}

acq_db_rc acq_db_servers_parse(const char *spec, acq_db_server_list *out, char *err, size_t errlen)
{
	acq_db_rc rc;

	memset(out, 0, sizeof(*out));
	rc = acq_db_servers_parse_into(spec, out, err, errlen);
	if (rc != ACQ_DB_OK) {
		memset(out, 0, sizeof(*out)); /* all or nothing */
	}
	return rc;
}

int acq_db_servers_find(const acq_db_server_list *list, const char *name)
{
	int i;

	for (i = 0; i < list->count; i++) {
		if (strcmp(list->items[i].name, name) == 0) {
			return i;
		}
	}
	return -1;
}

int acq_db_servers_find_addr(const acq_db_server_list *list, const char *host, unsigned int port, const char *socket)
{
	int i;

	for (i = 0; i < list->count; i++) {
		const acq_db_server *s = &list->items[i];
		if (s->socket[0]) {
			if (socket && strcmp(s->socket, socket) == 0) {
				return i;
			}
			continue;
		}
		if (host && s->port == port && strcasecmp(s->host, host) == 0) {
			return i;
		}
	}
	return -1;
}

int acq_db_servers_route(const acq_db_server_list *list, const char *alias, const char *host, unsigned int port,
	const char *socket)
{
	char bare[ACQ_DB_HOST_MAX];
	char canon[ACQ_DB_HOST_MAX];
	size_t n;

	if (!host || !host[0]) {
		host = "localhost";
	}
	if (alias && alias[0] && strcasecmp(host, alias) == 0) {
		return ACQ_DB_ROUTE_ALIAS;
	}
	if (strcasecmp(host, "localhost") == 0 && socket && socket[0]) {
		return acq_db_servers_find_addr(list, NULL, 0, socket);
	}
	n = strlen(host);
	if (host[0] == '[' && n > 2 && host[n - 1] == ']' && n - 2 < sizeof(bare)) {
		memcpy(bare, host + 1, n - 2);
		bare[n - 2] = '\0';
		host = bare;
		if (acq_db_ipv6_canonical(bare, canon, sizeof(canon)) != 0) {
			return -1; /* brackets hold IPv6 or nothing */
		}
		host = canon;
	} else if (strchr(host, ':') && acq_db_ipv6_canonical(host, canon, sizeof(canon)) == 0) {
		host = canon; /* members keep the canonical spelling */
	}
	return acq_db_servers_find_addr(list, host, port ? port : ACQ_DB_DEFAULT_PORT, NULL);
}

void acq_db_server_format_addr(const acq_db_server *s, char *buf, size_t len)
{
	if (s->socket[0]) {
		snprintf(buf, len, "unix:%s", s->socket);
	} else if (strchr(s->host, ':')) {
		snprintf(buf, len, "[%s]:%u", s->host, s->port);
	} else {
		snprintf(buf, len, "%s:%u", s->host, s->port);
	}
}
