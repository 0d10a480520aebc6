/* The project's status codes and their names. */
#include <stdarg.h>
#include <stdio.h>

#include "parsers.h"

static const char *const status_names[MP_STATUS_COUNT] = {
	[MP_STATUS_OK] = "ok",
	[MP_STATUS_USAGE] = "usage error",
	[MP_STATUS_BAD_INPUT] = "bad input",
	[MP_STATUS_NOT_FOUND] = "not found",
	[MP_STATUS_REFUSED] = "refused",
	[MP_STATUS_CONFIG] = "configuration error",
	[MP_STATUS_IO] = "i/o error",
	[MP_STATUS_DATABASE] = "database error",
	[MP_STATUS_UNAVAILABLE] = "service unavailable",
	[MP_STATUS_TEMPFAIL] = "temporary failure",
	[MP_STATUS_LOCKED] = "locked",
	[MP_STATUS_CRYPTO] = "crypto error",
};

const char *
mp_status_to_string(enum mp_status status)
{
	if ((int)status < 0 || status >= MP_STATUS_COUNT || !status_names[status])
		return "unknown status";
	return status_names[status];
}

enum mp_status
mp_error_set(struct mp_error *err, enum mp_status status, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->text, sizeof err->text, fmt, ap);
		va_end(ap);
	}
	return status;
}
