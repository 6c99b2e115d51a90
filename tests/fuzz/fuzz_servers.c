/*
 * Fuzz target: acq_db.servers. A list that parses formats back (NAME=ADDR
 * joined by commas, with acq_db_server_format_addr) to a spec that parses
 * to the same members; a refused list leaves nothing behind and says why.
 */
#include "fuzz_common.h"
#include "config/acq_db_servers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The list as an acq_db.servers value. */
static void acq_db_fuzz_format_servers(const acq_db_server_list *l, char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < l->count; i++) {
		char addr[ACQ_DB_HOST_MAX + ACQ_DB_SOCKET_MAX + 16];
		int n;
		acq_db_server_format_addr(&l->items[i], addr, sizeof(addr));
		n = snprintf(buf + used, len - used, "%s%s=%s", i ? "," : "", l->items[i].name, addr);
		ACQ_DB_FUZZ_ASSERT(n > 0 && (size_t) n < len - used, "formatted list too long");
		used += (size_t) n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static acq_db_server_list list;
	static acq_db_server_list back;
	static char spec[ACQ_DB_MAX_SERVERS * (ACQ_DB_NAME_MAX + ACQ_DB_HOST_MAX + ACQ_DB_SOCKET_MAX + 16)];
	char err[ACQ_DB_ERR_MAX];
	char *in;
	acq_db_rc rc;

	if (size > 8192) {
		return 0;
	}
	in = acq_db_fuzz_cstr(data, size);
	err[0] = '\0';
	rc = acq_db_servers_parse(in, &list, err, sizeof(err));
	free(in);
	if (rc != ACQ_DB_OK) {
		ACQ_DB_FUZZ_ASSERT(rc == ACQ_DB_E_INVALID && err[0] && list.count == 0, "refusal: %s %s",
			acq_db_rc_name(rc), err);
		return 0;
	}
	ACQ_DB_FUZZ_ASSERT(list.count >= 1 && list.count <= ACQ_DB_MAX_SERVERS, "count %d", list.count);
	acq_db_fuzz_format_servers(&list, spec, sizeof(spec));
	rc = acq_db_servers_parse(spec, &back, err, sizeof(err));
	ACQ_DB_FUZZ_ASSERT(rc == ACQ_DB_OK, "formatted list '%s' does not parse: %s", spec, err);
	ACQ_DB_FUZZ_ASSERT(memcmp(&list, &back, sizeof(list)) == 0, "round trip changed '%s'", spec);
	return 0;
}
