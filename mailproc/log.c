/* Logging: GLib's log for domain "mailproc" as one key=value line per event on stderr. */
#include <stdio.h>
#include <string.h>

#include "mailproc.h"

static bool log_verbose;

static const char *
level_name(GLogLevelFlags level)
{
	if (level & G_LOG_LEVEL_ERROR)
		return "error";
	if (level & G_LOG_LEVEL_CRITICAL)
		return "critical";
	if (level & G_LOG_LEVEL_WARNING)
		return "warning";
	if (level & G_LOG_LEVEL_MESSAGE)
		return "info";
	if (level & G_LOG_LEVEL_INFO)
		return "info";
	return "debug";
}

static void
log_handler(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	GDateTime *now;
	char *stamp;

	if ((level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE)) && !log_verbose)
		return;
	now = g_date_time_new_now_local();
	stamp = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S%:z");
	fprintf(stderr, "%s %s %s%s%s\n", stamp, level_name(level),
		domain && strcmp(domain, "mailproc") != 0 ? domain : "",
		domain && strcmp(domain, "mailproc") != 0 ? ": " : "", message);
	fflush(stderr);
	g_free(stamp);
	g_date_time_unref(now);
}

void
mp_log_init(bool verbose)
{
	log_verbose = verbose;
	/* Event lines (g_message) are for the cron job's log and --verbose;
	 * staff commands print their own result on stdout. */
	g_log_set_default_handler(log_handler, NULL);
}
