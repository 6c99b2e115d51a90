/*
 * Fuzz target: the election file as read from disk, any bytes. Whatever
 * parses must survive the round trip (fuzz_common.h); whatever does not
 * parse must come with an error message.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_state st;
	acq_db_rc rc;

	err[0] = '\0';
	rc = acq_db_efile_parse((const char *) data, size, &st, err, sizeof(err));
	if (rc == ACQ_DB_OK) {
		acq_db_fuzz_efile_round_trip(&st);
	} else {
		ACQ_DB_FUZZ_ASSERT(err[0] != '\0', "refused (%s) without a message", acq_db_rc_name(rc));
		ACQ_DB_FUZZ_ASSERT(rc == ACQ_DB_E_CORRUPT || rc == ACQ_DB_E_VERSION, "unexpected %s", acq_db_rc_name(rc));
	}
	return 0;
}
