/*
 * Fuzz target: the election file's body with a correct checksum line
 * appended, so that the fuzzer's mutations reach the grammar behind the
 * checksum (most random files fail the CRC first). Same properties as
 * fuzz_efile.
 */
#include "fuzz_common.h"

#include <inttypes.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[ACQ_DB_FILE_MAX + 32];
	char err[ACQ_DB_ERR_MAX];
	acq_db_state st;
	acq_db_rc rc;
	int n;

	if (size > ACQ_DB_FILE_MAX) {
		return 0;
	}
	memcpy(buf, data, size);
	n = snprintf(buf + size, sizeof(buf) - size, "checksum: %08" PRIx32 "\n", acq_db_crc32(data, size));
	err[0] = '\0';
	rc = acq_db_efile_parse(buf, size + (size_t) n, &st, err, sizeof(err));
	if (rc == ACQ_DB_OK) {
		acq_db_fuzz_efile_round_trip(&st);
	} else {
		ACQ_DB_FUZZ_ASSERT(err[0] != '\0', "refused (%s) without a message", acq_db_rc_name(rc));
	}
	return 0;
}
