/*
 * Fuzz target: the lock file's copy of the election file, read through
 * the copy's own reader (acq_db_copy_read_fd) from a memfd that holds
 * the input, as a reader would find it in FILE.lock: any bytes, any length.
 * A copy that is taken must survive the election-file round trip.
 */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "store/acq_db_copy.h"

#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	acq_db_state st;

	if (fd < 0 && (fd = memfd_create("acq_db_fuzz_lock", MFD_CLOEXEC)) < 0) {
		abort();
	}
	if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t) size)) {
		abort();
	}
	if (acq_db_copy_read_fd(fd, &st) == 0) {
		acq_db_fuzz_efile_round_trip(&st);
	}
	return 0;
}
