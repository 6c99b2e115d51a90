/*
 * One process-wide sink; set once at startup (MINIT, main) before any thread
 * could log, so it needs no lock. Every line is escaped on its way to the
 * sink: messages carry text from servers, and each "acq_db:" line must stay
 * one line.
 */
#include "lib/acq_db_log.h"

#include <stdarg.h>
#include <stdio.h>

static acq_db_log_sink_fn acq_db_log_sink;

/* The poller thread never logs: the sink may be PHP's error log, which only
 * the request's own thread may call. It publishes its findings instead, and
 * request threads report them. */
static __thread int acq_db_log_muted;

void acq_db_log_mute_this_thread(void)
{
	acq_db_log_muted = 1;
}

void acq_db_log_set_sink(acq_db_log_sink_fn sink)
{
	acq_db_log_sink = sink;
}

size_t acq_db_log_escape(char *dst, size_t len, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t used = 0;

	if (len == 0) {
		return 0;
	}
	for (; *src; src++) {
		unsigned char c = (unsigned char) *src;
		if (c < 0x20 || c == 0x7f) {
			if (used + 4 >= len) {
				break;
			}
			dst[used++] = '\\';
			dst[used++] = 'x';
			dst[used++] = hex[c >> 4];
			dst[used++] = hex[c & 0xf];
		} else {
			if (used + 1 >= len) {
				break;
			}
			dst[used++] = (char) c;
		}
	}
	dst[used] = '\0';
	return used;
}

void acq_db_log(acq_db_log_level level, const char *fmt, ...)
{
	char line[2048];
	char escaped[2048];
	int n;
	va_list ap;

	if (!acq_db_log_sink || acq_db_log_muted) {
		return;
	}
	n = snprintf(line, sizeof(line), "acq_db: ");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t) n, fmt, ap);
	va_end(ap);
	acq_db_log_escape(escaped, sizeof(escaped), line);
	acq_db_log_sink(level, escaped);
}
