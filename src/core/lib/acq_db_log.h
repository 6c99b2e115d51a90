/*
 * Logging hook: the core formats one greppable line ("acq_db: ...") and hands
 * it to a sink the host program installs (PHP's error log in the extension,
 * stderr in the CLI and the tests). No sink: the line is dropped.
 */
#ifndef ACQ_DB_LOG_H
#define ACQ_DB_LOG_H

typedef enum acq_db_log_level {
	ACQ_DB_LOG_ERROR = 0,
	ACQ_DB_LOG_WARNING = 1,
	ACQ_DB_LOG_NOTICE = 2
} acq_db_log_level;

typedef void (*acq_db_log_sink_fn)(acq_db_log_level level, const char *line);

void acq_db_log_set_sink(acq_db_log_sink_fn sink);

/* Drops every later line logged by the calling thread (the poller's). */
void acq_db_log_mute_this_thread(void);

void acq_db_log(acq_db_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
