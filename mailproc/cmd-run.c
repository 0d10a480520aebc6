/* `mailproc run`: the cron job. Takes the run lock, fires the timers, polls the mailbox, sends. */
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
	unsigned fresh;       /* new mails in the mailbox */
	unsigned outcomes[3]; /* per enum mp_outcome */
	struct mp_outbox_totals out;
	bool server_down;
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

/* The folder of the mailbox URL ("imaps://host/INBOX" -> "INBOX"). */
static char *
inbox_folder(const char *url)
{
	GUri *uri = g_uri_parse(url, G_URI_FLAGS_NONE, NULL);
	const char *path = uri ? g_uri_get_path(uri) : NULL;
	char *folder;

	while (path && *path == '/')
		path++;
	folder = g_strdup(path && *path ? path : "INBOX");
	if (uri)
		g_uri_unref(uri);
	return folder;
}

static void
progress(unsigned done, unsigned total)
{
	/* Only for a person watching: cron's log gets the summary alone. */
	if (total >= 20 && isatty(STDERR_FILENO))
		fprintf(stderr, "\rmail %u/%u", done, total);
	if (total >= 20 && isatty(STDERR_FILENO) && done == total)
		fputc('\n', stderr);
}

/* A run killed between fetching a mail and removing its file leaves the file
 * (the whole mail) behind, and no later run fetches that mail again. The next
 * run, holding the lock, removes such leftovers: they are only ever copies of
 * mail still in, or already moved out of, the mailbox. */
static void
remove_fetched_leftovers(const char *tmp_dir)
{
	GDir *dir = g_dir_open(tmp_dir, 0, NULL);
	const char *name;

	while (dir && (name = g_dir_read_name(dir))) {
		unsigned a, b;
		char end[8], *path;

		/* Only what run_mailbox() writes: UIDVALIDITY-UID.eml */
		if (sscanf(name, "%u-%u%7s", &a, &b, end) != 3 || strcmp(end, ".eml") != 0)
			continue;
		path = g_build_filename(tmp_dir, name, NULL);
		if (unlink(path) != 0 && errno != ENOENT)
			g_warning("run: %s cannot be removed: %s", path, g_strerror(errno));
		g_free(path);
	}
	if (dir)
		g_dir_close(dir);
}

/* Poll the mailbox: every mail in the inbox is decided (committed) and then
 * moved to its folder. A mail decided by a run that stopped before the move
 * is only moved. */
static enum mp_status
run_mailbox(struct mp_cli *cli, struct mp_imap *imap, bool dry_run, struct run_totals *t,
	    struct mp_error *err)
{
	enum mp_status status;
	struct parse_classify_config pc;
	char **owned = mp_inbound_classify_config(cli->config, &pc);
	char *folder = inbox_folder(cli->config->mailbox.imap_url);
	char *roots = NULL, *db_dir = g_path_get_dirname(cli->config->paths.db), *tmp_dir;
	size_t roots_len = 0;
	uint32_t uidvalidity = 0;
	GArray *uids = NULL;

	if (mp_read_file(cli->config->trust.roots, &roots, &roots_len, NULL) != MP_STATUS_OK)
		g_warning("run: %s cannot be read: issued certificates go to staff", cli->config->trust.roots);
	/* Fetched mail waits next to the database, never in a shared /tmp. */
	tmp_dir = g_build_filename(db_dir, "tmp", NULL);
	g_mkdir_with_parents(tmp_dir, 0700);
	if (!dry_run)
		remove_fetched_leftovers(tmp_dir);
	status = mp_imap_select(imap, folder, &uidvalidity, err);
	if (status == MP_STATUS_OK)
		status = mp_imap_uids_after(imap, 0, &uids, err);
	for (guint i = 0; status == MP_STATUS_OK && i < uids->len; i++) {
		uint32_t uid = g_array_index(uids, guint32, i);
		char *path = g_strdup_printf("%s/%u-%u.eml", tmp_dir, uidvalidity, uid);
		struct mp_inbound in = { 0 };
		GMappedFile *file = NULL;
		GBytes *raw = NULL;
		size_t size = 0;

		status = mp_imap_fetch_to_file(imap, uid, path, &size, err);
		if (status == MP_STATUS_OK) {
			file = g_mapped_file_new(path, FALSE, NULL);
			raw = file ? g_mapped_file_get_bytes(file) : g_bytes_new(NULL, 0);
			status = mp_inbound_process(cli, &pc, roots, roots_len, uidvalidity, uid, raw, dry_run, &in,
						    err);
		}
		if (status == MP_STATUS_OK && !dry_run) {
			const char *to = mp_inbound_folder(cli->config, in.outcome);

			if (!in.already) {
				t->fresh++;
				t->outcomes[in.outcome]++;
				g_message("uid=%u outcome=%s order=%s folder=%s reason=\"%s\"", uid,
					  mp_outcome_name(in.outcome), in.order_id ? in.order_id : "-", to, in.reason);
				if (in.result)
					mp_print_result(in.order_id, in.result);
			}
			status = mp_imap_move(imap, uid, to, err);
		} else if (status == MP_STATUS_OK) {
			t->fresh++;
			t->outcomes[in.outcome]++;
		}
		progress(i + 1, uids->len);
		mp_inbound_clear(&in);
		if (raw)
			g_bytes_unref(raw);
		if (file)
			g_mapped_file_unref(file);
		unlink(path);
		g_free(path);
	}
	if (uids)
		g_array_unref(uids);
	g_strfreev(owned);
	g_free(folder);
	g_free(roots);
	g_free(tmp_dir);
	g_free(db_dir);
	return status;
}

int
mp_cmd_run(int argc, char **argv)
{
	struct mp_cli cli = { .name = "run" };
	struct mp_error err = { "" };
	gboolean dry_run = FALSE, no_mail = FALSE;
	GOptionEntry entries[] = {
		{ "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
		  "Change nothing and send nothing; print what would be done", NULL },
		{ "no-mail", 0, 0, G_OPTION_ARG_NONE, &no_mail,
		  "Fire the timers only: neither poll the mailbox nor send", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	struct run_totals t = { 0 };
	GPtrArray *orders = NULL;
	struct mp_templates *templates = NULL;
	struct mp_imap *imap = NULL;
	enum mp_status status;
	char *password = NULL;
	int lock_fd = -1, code;
	guint i;

	code = mp_cli_parse(&cli, "", "The cron job: fires the timers that are due, polls the mailbox\n"
				      "(every new mail is decided, recorded and moved to Processed,\n"
				      "Needs-Staff or Rejected), then sends the queued mails.\n"
				      "Exit 75 when a server is down: the next run carries on.",
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
	if (!no_mail) {
		/* A broken template must stop the run before anything is decided. */
		status = mp_templates_load(cli.config->paths.templates, &templates, &err);
		if (status != MP_STATUS_OK) {
			code = mp_cli_fail(&cli, status, err.text);
			goto out;
		}
	}

	/* 1. timers */
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

	/* 2. the mailbox */
	if (!no_mail) {
		password = mp_config_password(cli.config, MP_PASSWORD_IMAP, &status, &err);
		if (status == MP_STATUS_OK)
			status = mp_imap_connect(cli.config, password, &imap, &err);
		if (status == MP_STATUS_OK)
			status = run_mailbox(&cli, imap, dry_run, &t, &err);
		if (status == MP_STATUS_UNAVAILABLE || status == MP_STATUS_TEMPFAIL) {
			g_warning("run: mailbox: %s", err.text);
			fprintf(stderr, "mailproc run: mailbox: %s (the next run carries on)\n", err.text);
			t.server_down = true;
			if (imap && status == MP_STATUS_TEMPFAIL) {
				mp_imap_close(imap);
				imap = NULL;
			}
		} else if (status != MP_STATUS_OK) {
			code = mp_cli_fail(&cli, status, err.text);
			goto out;
		}
	}

	/* 3. the outbox */
	if (!no_mail) {
		status = mp_outbox_drain(&cli, templates, imap, dry_run, &t.out, &err);
		if (status == MP_STATUS_TEMPFAIL) {
			t.server_down = true;
		} else if (status != MP_STATUS_OK) {
			code = mp_cli_fail(&cli, status, err.text);
			goto out;
		}
	}

	printf("run%s: %u new, %u processed, %u for staff, %u rejected, %u sent, %u deferred,"
	       " %u failed; %u timers fired on %u open orders\n",
	       dry_run ? " (dry run)" : "", t.fresh, t.outcomes[MP_OUTCOME_PROCESSED],
	       t.outcomes[MP_OUTCOME_NEEDS_STAFF], t.outcomes[MP_OUTCOME_REJECTED], t.out.sent,
	       t.out.deferred, t.out.failed + t.failed, t.timers, t.orders);
	if (t.failed || t.server_down)
		code = MP_EX_TEMPFAIL;
out:
	if (password) {
		memset(password, 0, strlen(password));
		g_free(password);
	}
	mp_imap_close(imap);
	mp_templates_free(templates);
	if (orders)
		g_ptr_array_unref(orders);
	if (lock_fd >= 0)
		close(lock_fd);
	mp_cli_close(&cli);
	return code;
}
