/* `mailproc run`: the cron job. Takes the run lock, then fires every timer that is due. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "mailproc.h"

/* Safety net: a workflow that kept offering timers would be a bug; stop
 * after this many steps for one order in one run. */
#define MAX_TIMER_STEPS 16

struct run_totals {
	unsigned orders;
	unsigned timers;
	unsigned mails;
	unsigned failed;
};

static unsigned
count_mails(const struct wf_result *r)
{
	unsigned n = 0;

	for (guint i = 0; i < r->effects->len; i++)
		if (((const struct wf_effect *)g_ptr_array_index(r->effects, i))->kind == WF_EFFECT_MAIL)
			n++;
	return n;
}

/* Dry run: step a copy of the order in memory and print; nothing is stored. */
static void
dry_run_order(struct mp_cli *cli, const struct mp_order *o, struct run_totals *t)
{
	struct wf_order copy = o->wf;
	enum wf_event_kind kind;
	int steps = 0;

	while (steps++ < MAX_TIMER_STEPS && wf_timer_next(&copy, cli->now, &cli->config->workflow, &kind)) {
		struct wf_event event = { .kind = kind };
		struct wf_result *r = wf_step(&copy, &event, cli->now, &cli->config->workflow);

		if (r->refused) {
			printf("%s: timer %s would be refused: %s\n", o->id, wf_event_name(kind), r->reason);
			wf_result_free(r);
			break;
		}
		printf("%s: timer %s would fire\n", o->id, wf_event_name(kind));
		mp_print_result(o->id, r);
		t->timers++;
		t->mails += count_mails(r);
		if (r->state != copy.state)
			copy.state_since = cli->now;
		copy.state = r->state;
		copy.flags = r->flags;
		wf_result_free(r);
	}
}

static void
run_order_timers(struct mp_cli *cli, const char *order_id, struct run_totals *t)
{
	struct mp_error err = { "" };
	int steps;

	for (steps = 0; steps < MAX_TIMER_STEPS; steps++) {
		struct mp_order *o = NULL;
		struct wf_result *r = NULL;
		enum wf_event_kind kind;
		struct wf_event event = { 0 };
		enum mp_status status;
		char *detail;
		bool due;

		if (mp_store_order_get(cli->store, order_id, &o, &err) != MP_STATUS_OK) {
			g_warning("order=%s timers: %s", order_id, err.text);
			t->failed++;
			return;
		}
		due = wf_timer_next(&o->wf, cli->now, &cli->config->workflow, &kind);
		mp_order_free(o);
		if (!due)
			return;
		event.kind = kind;
		detail = g_strdup_printf("timer %s", wf_event_name(kind));
		status = mp_order_event(cli, order_id, &event, detail, NULL, NULL, &r, &err);
		g_free(detail);
		if (status != MP_STATUS_OK) {
			g_warning("order=%s timer=%s failed: %s", order_id, wf_event_name(kind), err.text);
			t->failed++;
			return;
		}
		mp_print_result(order_id, r);
		t->timers++;
		t->mails += count_mails(r);
		wf_result_free(r);
	}
	g_warning("order=%s timers: stopped after %d steps in one run", order_id, MAX_TIMER_STEPS);
}

/* One run at a time: an flock next to the database, released by the kernel
 * when the process ends however it ends. */
static int
take_lock(struct mp_cli *cli, int *fd_out)
{
	char *path = g_strdup_printf("%s.lock", cli->config->paths.db);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	int code = 0;

	if (fd < 0) {
		char *text = g_strdup_printf("%s: %s", path, g_strerror(errno));

		code = mp_cli_fail(cli, MP_STATUS_IO, text);
		g_free(text);
	} else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, "mailproc run: another run holds %s; this one leaves it to that one\n", path);
		close(fd);
		fd = -1;
		code = MP_EX_TEMPFAIL;
	}
	*fd_out = fd;
	g_free(path);
	return code;
}

int
mp_cmd_run(int argc, char **argv)
{
	struct mp_cli cli = { .name = "run" };
	struct mp_error err = { "" };
	gboolean dry_run = FALSE;
	GOptionEntry entries[] = {
		{ "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
		  "Change nothing and send nothing; print what would be done", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	struct run_totals t = { 0 };
	GPtrArray *orders = NULL;
	enum mp_status status;
	int lock_fd = -1, code;
	guint i;

	code = mp_cli_parse(&cli, "", "The cron job. Fires the timers that are due (renewal notices,\n"
				      "reminders, expiry, approval and payment reminders, overdue\n"
				      "issuance alerts) and queues the mails they call for.\n"
				      "Polling the mailbox and sending over SMTP are not built yet.",
			    entries, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc > 1) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "takes no arguments (see --help)");
		goto out;
	}
	code = mp_cli_open(&cli, false);
	if (code)
		goto out;
	if (!dry_run) {
		code = take_lock(&cli, &lock_fd);
		if (code)
			goto out;
	}
	status = mp_store_order_list(cli.store, NULL, &orders, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	for (i = 0; i < orders->len; i++) {
		const struct mp_order *o = g_ptr_array_index(orders, i);

		if (wf_state_is_terminal(o->wf.state))
			continue;
		t.orders++;
		if (dry_run)
			dry_run_order(&cli, o, &t);
		else
			run_order_timers(&cli, o->id, &t);
	}
	printf("run%s: %u open orders, %u timers %s, %u mails %s, %u failed\n",
	       dry_run ? " (dry run)" : "", t.orders, t.timers, dry_run ? "due" : "fired", t.mails,
	       dry_run ? "would be queued" : "queued", t.failed);
	if (t.failed)
		code = MP_EX_TEMPFAIL;
out:
	if (orders)
		g_ptr_array_unref(orders);
	if (lock_fd >= 0)
		close(lock_fd);
	mp_cli_close(&cli);
	return code;
}
