/*
 * Fuzz target: the connect-error classifier. The first two bytes are the
 * error code (little-endian), the rest the client's message. Properties: a
 * TLS failure never starts an election; only the listed codes do; and the
 * host name part of a message cannot change the answer (the classifier
 * reads the code and mysqlnd's fixed TLS text, nothing else).
 */
#include "fuzz_common.h"
#include "failover/acq_db_connerr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int acq_db_fuzz_listed(unsigned int code)
{
	static const unsigned int codes[] = { 2002, 2003, 2005, 2006, 2012, 2013, 2027, 1053, 1077, 1079, 1152, 1927 };
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if (codes[i] == code) {
			return 1;
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int code;
	char *msg;
	char *with_host;
	int elect;
	int tls;

	if (size < 2 || size > 4096) {
		return 0;
	}
	code = (unsigned int) data[0] | (unsigned int) data[1] << 8;
	msg = acq_db_fuzz_cstr(data + 2, size - 2);
	elect = acq_db_connerr_is_connection_level(code, msg);
	tls = acq_db_connerr_is_tls(code, msg);
	ACQ_DB_FUZZ_ASSERT(!(elect && tls), "code %u elects on a TLS failure", code);
	ACQ_DB_FUZZ_ASSERT(!elect || acq_db_fuzz_listed(code), "code %u elects", code);
	ACQ_DB_FUZZ_ASSERT(elect == (acq_db_fuzz_listed(code) && !tls), "code %u: elect %d, tls %d", code, elect, tls);
	/* a message that names a host with TLS-ish words after the client's text */
	with_host = malloc(size + 64);
	if (!with_host) {
		abort();
	}
	snprintf(with_host, size + 64, "%s (trying to connect via tcp://db-ssl-tls-crypto:3306)", msg);
	ACQ_DB_FUZZ_ASSERT(acq_db_connerr_is_connection_level(code, with_host) == elect,
		"a host name changed the answer for code %u", code);
	free(with_host);
	free(msg);
	return 0;
}
