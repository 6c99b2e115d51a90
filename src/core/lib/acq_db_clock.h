/*
 * Clocks for the hot path. CLOCK_MONOTONIC_COARSE is served by the vDSO
 * without a system call; its resolution (one kernel tick, 1-4 ms) is plenty
 * for gating re-reads measured in hundreds of milliseconds.
 */
#ifndef ACQ_DB_CLOCK_H
#define ACQ_DB_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t acq_db_clock_coarse_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}

static inline uint64_t acq_db_clock_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

static inline uint64_t acq_db_clock_mono_ms(void)
{
	return acq_db_clock_mono_us() / 1000;
}

static inline int64_t acq_db_clock_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif
