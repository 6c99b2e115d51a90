/*
 * Logging hook: the core formats one greppable line ("acq_db: ...") and hands
 * it to a sink the host program installs (PHP's error log in the extension,
 * stderr in the CLI and the tests). No sink: the line is dropped.
 */
#ifndef ACQ_DB_LOG_H
#define ACQ_DB_LOG_H

#include <stddef.h>

typedef enum acq_db_log_level {
	ACQ_DB_LOG_ERROR = 0,
	ACQ_DB_LOG_WARNING = 1,
	ACQ_DB_LOG_NOTICE = 2
} acq_db_log_level;

typedef void (*acq_db_log_sink_fn)(acq_db_log_level level, const char *line);

void acq_db_log_set_sink(acq_db_log_sink_fn sink);

/* Drops every later line logged by the calling thread (the poller's). */
void acq_db_log_mute_this_thread(void);

/* Formats one line, escapes it (acq_db_log_escape) and hands it to the sink. */
void acq_db_log(acq_db_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* src into dst (at most len bytes with the NUL) with each control byte
 * (C0 and DEL) written as \xNN, so that text from a server (an error
 * message, Last_SQL_Error with row data) can neither end a log line early,
 * forge the next one, nor drive a terminal. Other bytes, UTF-8 included,
 * pass. An escape that does not fit is left out whole. Returns the length. */
size_t acq_db_log_escape(char *dst, size_t len, const char *src);

#endif
