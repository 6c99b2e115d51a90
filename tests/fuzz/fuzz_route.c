/*
 * Fuzz target: the routing rule. The input is five lines: the servers
 * spec, the alias, the connect's host, its socket, and its port (decimal).
 * Properties: the answer is a member's index, the alias or -1; the alias
 * wins only when the host is the alias; and every member is routed to
 * itself when a connect names its own address as acq_db spells it.
 */
#include "fuzz_common.h"
#include "config/acq_db_servers.h"

#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next '\n'-terminated field of s (modified in place), or "" at the end. */
static char *acq_db_fuzz_field(char **s)
{
	char *start = *s;
	char *nl = strchr(start, '\n');

	if (nl) {
		*nl = '\0';
		*s = nl + 1;
	} else {
		*s = start + strlen(start);
	}
	return start;
}

static void acq_db_fuzz_members_route_to_themselves(const acq_db_server_list *l)
{
	int i;

	for (i = 0; i < l->count; i++) {
		const acq_db_server *s = &l->items[i];
		char host[ACQ_DB_HOST_MAX + 2];
		int got;
		if (s->socket[0]) {
			got = acq_db_servers_route(l, NULL, "localhost", 0, s->socket);
		} else {
			snprintf(host, sizeof(host), strchr(s->host, ':') ? "[%s]" : "%s", s->host);
			got = acq_db_servers_route(l, NULL, host, s->port, NULL);
		}
		ACQ_DB_FUZZ_ASSERT(got == i, "member %d (%s) routes to %d", i, s->name, got);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static acq_db_server_list list;
	char *in;
	char *p;
	char *spec;
	char *alias;
	char *host;
	char *sock;
	unsigned long port;
	int got;

	if (size > 4096) {
		return 0;
	}
	in = acq_db_fuzz_cstr(data, size);
	p = in;
	spec = acq_db_fuzz_field(&p);
	alias = acq_db_fuzz_field(&p);
	host = acq_db_fuzz_field(&p);
	sock = acq_db_fuzz_field(&p);
	port = strtoul(acq_db_fuzz_field(&p), NULL, 10) & 0xFFFFFu;
	if (acq_db_servers_parse(spec, &list, NULL, 0) != ACQ_DB_OK) {
		acq_db_servers_parse("db1=10.0.0.11:3306,db2=[::1]:3307,db3=unix:/run/db3.sock,db4=db-d.example", &list, NULL, 0);
	}
	got = acq_db_servers_route(&list, alias, host, (unsigned int) port, sock);
	ACQ_DB_FUZZ_ASSERT(got == -1 || got == ACQ_DB_ROUTE_ALIAS || (got >= 0 && got < list.count), "route gave %d", got);
	if (got == ACQ_DB_ROUTE_ALIAS) {
		ACQ_DB_FUZZ_ASSERT(alias[0] && strcasecmp(host[0] ? host : "localhost", alias) == 0, "alias '%s' for host '%s'",
			alias, host);
	}
	acq_db_fuzz_members_route_to_themselves(&list);
	free(in);
	return 0;
}
