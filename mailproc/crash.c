/* Crash points: tests kill a run at its Nth durable step to prove nothing is lost or done twice. */
#include <stdio.h>
#include <stdlib.h>

#include "mailproc.h"

void
mp_durable_step(const char *what)
{
	static long count;
	static long crash_at = -1;
	const char *env;

	if (crash_at < 0) {
		env = getenv("MAILPROC_TEST_CRASH_AT");
		crash_at = env && *env ? strtol(env, NULL, 10) : 0;
	}
	count++;
	g_debug("durable step %ld: %s", count, what);
	if (crash_at > 0 && count == crash_at) {
		fprintf(stderr, "mailproc: test crash at durable step %ld (%s)\n", count, what);
		fflush(NULL);
		/* _exit-like: no cleanup, as a kill -9 would leave things. */
		abort();
	}
}
