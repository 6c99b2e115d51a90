/*
 * The published state: a small page of memory that the poller fills with
 * what it last read from the election file, and that requests read without
 * any system call. Shared by every process of one Unix user on one node when
 * it lives in acq_db.state_dir (a file on tmpfs, mapped), or private to one
 * process when node sharing is off. A seqlock guards the state, so readers
 * never wait for the writer and never see half of a change; the heartbeat
 * fields are single words written after every read.
 */
#ifndef ACQ_DB_PAGE_H
#define ACQ_DB_PAGE_H

#include "store/acq_db_efile.h"

#define ACQ_DB_PAGE_MAGIC 0x62647161u /* "aqdb" */

typedef struct acq_db_page {
	uint32_t magic;             /* 0 until the first publication */
	uint32_t layout;            /* sizeof(acq_db_page): the same build on both sides */
	uint64_t seq;               /* odd while a publication is being written */
	/* under the seqlock */
	acq_db_state good;          /* the last good state read; epoch 0: none yet */
	uint32_t good_crc;          /* CRC-32 of good, so a damaged page is never used */
	int32_t rc;                 /* the last read's outcome (acq_db_rc) */
	char error[ACQ_DB_ERR_MAX]; /* its message when rc is not ACQ_DB_OK */
	/* heartbeat, written after every read */
	uint64_t reads;             /* reads of the election file made for this page */
	int64_t last_ok_wall_ms;    /* when the last good read finished (0: never) */
	uint64_t last_ok_mono_ms;   /* the same on CLOCK_MONOTONIC (one clock per node) */
	uint64_t last_try_mono_ms;  /* when the last read, good or not, finished */
	int32_t poller_pid;         /* the process whose reader (thread or helper) reads for this page */
} acq_db_page;

/* What a reader copies out of a page. */
typedef struct acq_db_page_view {
	uint64_t seq;
	int have_good;
	acq_db_state good;
	acq_db_rc rc;
	char error[ACQ_DB_ERR_MAX];
} acq_db_page_view;

/* The page file's path for election_file read every interval_ms in dir; 0 if it fits. */
int acq_db_page_path(const char *dir, const char *election_file, unsigned interval_ms, char *path, size_t pathlen);

/* Maps the node page for election_file and interval_ms in dir (created 0600
 * if missing, its memory reserved: ACQ_DB_E_IO when dir is full). Refuses a
 * page that is not a regular file owned by this user. */
acq_db_rc acq_db_page_map_shared(const char *dir, const char *election_file, unsigned interval_ms, acq_db_page **out,
	int *fd, char *path, size_t pathlen, char *err, size_t errlen);

/* A page private to this process (node sharing off, or no state_dir), and
 * to its helper process if it has one (anonymous shared memory). */
acq_db_page *acq_db_page_map_private(void);

/* Writer side (the lease holder only): a new state and/or read outcome. */
void acq_db_page_publish(acq_db_page *pg, const acq_db_state *good, acq_db_rc rc, const char *error);

/* Writer side: one read finished (ok or not), made for process pid (the
 * reader's own, or the one its helper process serves). */
void acq_db_page_beat(acq_db_page *pg, int ok, uint64_t mono_ms, int64_t wall_ms, int pid);

/* The current sequence number; a reader that saw it before has nothing new. */
static inline uint64_t acq_db_page_seq(const acq_db_page *pg)
{
	return __atomic_load_n(&pg->seq, __ATOMIC_ACQUIRE);
}

/* Copies a consistent view out; -1 while a publication is being written
 * (or the writer died half-way: the next publication repairs it). */
int acq_db_page_read(const acq_db_page *pg, acq_db_page_view *out);

static inline uint64_t acq_db_page_load_u64(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/* What the operator tool learns of a node from its pages: the freshest
 * reader of election_file among every user's page in dir. */
typedef struct acq_db_page_node {
	int found;                  /* a page of this layout exists for the file */
	int64_t age_ms;             /* since its last good read; -1: never */
	int64_t last_ok_wall_ms;
	int poller_pid;
	uint64_t reads;
	acq_db_rc rc;               /* its last read's outcome */
	char error[ACQ_DB_ERR_MAX];
} acq_db_page_node;

/* Scans dir for the pages of election_file (any Unix user), read-only. */
void acq_db_page_scan_node(const char *dir, const char *election_file, acq_db_page_node *out);

#endif
