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

/* A run killed between fetching a batch and removing its file leaves the
 * file (the mails themselves) behind, and no later run fetches that batch
 * again. The next run, holding the lock, removes such leftovers: they are
 * only ever copies of mail still in, or already moved out of, the mailbox.
 * Returns how many there were. */
static unsigned
remove_fetched_leftovers(const char *tmp_dir)
{
	GDir *dir = g_dir_open(tmp_dir, 0, NULL);
	const char *name;
	unsigned found = 0;

	while (dir && (name = g_dir_read_name(dir))) {
		unsigned a, b;
		char end[8], *path;

		/* Only what run_batch() writes: UIDVALIDITY-UID.eml */
		if (sscanf(name, "%u-%u%7s", &a, &b, end) != 3 || strcmp(end, ".eml") != 0)
			continue;
		found++;
		path = g_build_filename(tmp_dir, name, NULL);
		if (unlink(path) != 0 && errno != ENOENT)
			g_warning("run: %s cannot be removed: %s", path, g_strerror(errno));
		g_free(path);
	}
	if (dir)
		g_dir_close(dir);
	return found;
}

/* After a run that was killed in a batch (it left its fetched file): a
 * spool file it wrote before its commit is pointed at by no decided mail,
 * and the next run decides those mails again into a file of its own. */
static void
remove_unreferenced_spool(struct mp_cli *cli, const char *spool_dir)
{
	struct mp_error err = { "" };
	GHashTable *used = NULL;
	GDir *dir;
	const char *name;

	if (!(dir = g_dir_open(spool_dir, 0, NULL)))
		return;
	if (mp_store_spool_files(cli->store, &used, &err) != MP_STATUS_OK) {
		g_warning("run: the spool is not tidied: %s", err.text);
		g_dir_close(dir);
		return;
	}
	while ((name = g_dir_read_name(dir))) {
		char *path;

		if (!g_str_has_suffix(name, ".eml") || g_hash_table_contains(used, name))
			continue;
		path = g_build_filename(spool_dir, name, NULL);
		if (unlink(path) == 0)
			g_message("run: removed %s, kept by a run that stopped before its commit", path);
		g_free(path);
	}
	g_dir_close(dir);
	g_hash_table_unref(used);
}

/* A batch: this many mails (and bytes, as the server counts them) are
 * fetched with one command, decided in one transaction and moved with one
 * command per folder. Bigger batches save round trips and commits; the
 * bytes cap keeps the fetched answer, which libetpan holds in memory, small.
 * A mail bigger than the cap comes alone. */
#define BATCH_MAILS 100
#define BATCH_BYTES (4u * 1024 * 1024)
/* Decided mails wait for their MOVE until a folder has this many (or the
 * mailbox is done): the server's cost per MOVE grows with the folders, not
 * with the mails moved. A run that stops before the MOVE leaves them
 * decided in the inbox, and the next run only moves them. */
#define MOVE_MAILS 1000

struct mailbox_run {
	struct mp_cli *cli;
	struct mp_imap *imap;
	struct parse_classify_config pc;
	char *roots;
	size_t roots_len;
	char *tmp_dir;
	char *spool_dir;
	const char *folder;
	uint32_t uidvalidity;
	bool dry_run;
	struct run_totals *t;
	GArray *to_move[3]; /* per enum mp_outcome: decided UIDs (guint32), ascending */
};

/* MOVE what waits for a folder: all of it, or only when MOVE_MAILS wait. */
static enum mp_status
move_waiting(struct mailbox_run *mr, bool all, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;

	for (int o = 0; status == MP_STATUS_OK && o < 3; o++) {
		GArray *uids = mr->to_move[o];

		if (!uids->len || (!all && uids->len < MOVE_MAILS))
			continue;
		status = mp_imap_move_uids(mr->imap, (const uint32_t *)(void *)uids->data, uids->len,
					   mp_inbound_folder(mr->cli->config, (enum mp_outcome)o), err);
		if (status == MP_STATUS_OK)
			g_array_set_size(uids, 0);
	}
	return status;
}

/* Fetch, decide and commit, then move n mails. Nothing is moved before the
 * commit: a run that stops in between finds them decided next time and only
 * moves them. */
static enum mp_status
run_batch(struct mailbox_run *mr, const struct mp_imap_item *items, guint n, struct mp_error *err)
{
	struct mp_cli *cli = mr->cli;
	uint32_t *uids = g_new(uint32_t, n);
	size_t *offsets = g_new(size_t, n), *sizes = g_new(size_t, n);
	bool *found = g_new(bool, n);
	struct mp_inbound *in = g_new0(struct mp_inbound, n);
	char *path = g_strdup_printf("%s/%u-%u.eml", mr->tmp_dir, mr->uidvalidity, items[0].uid);
	struct mp_spool *spool = mr->dry_run ? NULL : mp_spool_new(mr->spool_dir, mr->uidvalidity, items[0].uid);
	GMappedFile *file = NULL;
	GBytes *all = NULL;
	enum mp_status status;
	bool began = false;
	guint i;

	for (i = 0; i < n; i++)
		uids[i] = items[i].uid;
	/* A mail alone in its batch (as every one over BATCH_BYTES is) and
	 * bigger than a piece comes in pieces: memory stays bounded. */
	if (n == 1 && items[0].size > MP_IMAP_FETCH_CHUNK) {
		offsets[0] = 0;
		status = mp_imap_fetch_large(mr->imap, uids[0], path, &sizes[0], &found[0], err);
	} else {
		status = mp_imap_fetch_batch(mr->imap, uids, n, path, offsets, sizes, found, err);
	}
	if (status == MP_STATUS_OK) {
		GError *error = NULL;

		file = g_mapped_file_new(path, FALSE, &error);
		if (!file) {
			status = mp_error_set(err, MP_STATUS_IO, "%s", error->message);
			g_error_free(error);
		} else {
			all = g_mapped_file_get_bytes(file);
		}
	}
	if (status == MP_STATUS_OK && !mr->dry_run) {
		status = mp_store_begin(cli->store, err);
		began = status == MP_STATUS_OK;
	}
	for (i = 0; status == MP_STATUS_OK && i < n; i++) {
		GBytes *raw;

		if (!found[i]) {
			/* Expunged by someone else since the listing: nothing to do. */
			g_warning("uid=%u left the mailbox before it was fetched", uids[i]);
			continue;
		}
		raw = g_bytes_new_from_bytes(all, offsets[i], sizes[i]);
		status = mp_inbound_process(cli, &mr->pc, mr->roots, mr->roots_len, mr->uidvalidity, uids[i], raw,
					    spool, mr->dry_run, &in[i], err);
		g_bytes_unref(raw);
	}
	/* The mark of what is decided rises with the decisions. */
	if (status == MP_STATUS_OK && began)
		status = mp_store_mailbox_advance(cli->store, mr->folder, mr->uidvalidity, uids[n - 1], err);
	/* The kept mails are on disk before the rows that point at them. */
	if (status == MP_STATUS_OK && spool)
		status = mp_spool_sync(spool, err);
	if (began) {
		if (status == MP_STATUS_OK)
			status = mp_store_commit(cli->store, err);
		else
			mp_store_rollback(cli->store);
		/* Not committed: no row points at what was kept. */
		if (status != MP_STATUS_OK)
			mp_spool_discard(spool);
	}
	for (i = 0; status == MP_STATUS_OK && i < n; i++) {
		if (!found[i])
			continue;
		if (mr->dry_run || !in[i].already) {
			mr->t->fresh++;
			mr->t->outcomes[in[i].outcome]++;
		}
		if (mr->dry_run || in[i].already)
			continue;
		mp_inbound_committed(cli, &in[i]);
		g_message("uid=%u outcome=%s order=%s folder=%s reason=\"%s\"", uids[i],
			  mp_outcome_name(in[i].outcome), in[i].order_id ? in[i].order_id : "-",
			  mp_inbound_folder(cli->config, in[i].outcome), in[i].reason);
		if (in[i].result)
			mp_print_result(in[i].order_id, in[i].result);
	}
	/* Committed: now they may move, a folder's worth at a time. */
	for (i = 0; status == MP_STATUS_OK && !mr->dry_run && i < n; i++)
		if (found[i])
			g_array_append_val(mr->to_move[in[i].outcome], uids[i]);
	if (status == MP_STATUS_OK && !mr->dry_run)
		status = move_waiting(mr, false, err);
	for (i = 0; i < n; i++)
		mp_inbound_clear(&in[i]);
	mp_spool_free(spool);
	if (all)
		g_bytes_unref(all);
	if (file)
		g_mapped_file_unref(file);
	unlink(path);
	g_free(path);
	g_free(uids);
	g_free(offsets);
	g_free(sizes);
	g_free(found);
	g_free(in);
	return status;
}

/* Keep in items only the mails to fetch and decide: those past the mark of
 * what is decided in this folder (under its UIDVALIDITY). One at or below
 * the mark is still here because the run that decided it stopped before its
 * MOVE: it waits for its MOVE without being fetched again. A new UIDVALIDITY
 * makes every mail new again; the Message-IDs of mails already handled catch
 * the copies. */
static enum mp_status
only_new(struct mailbox_run *mr, GArray *items, struct mp_error *err)
{
	uint32_t validity = 0, last = 0;
	enum mp_status status;
	guint kept = 0;

	status = mp_store_mailbox_state(mr->cli->store, mr->folder, &validity, &last, err);
	if (status != MP_STATUS_OK)
		return status;
	if (validity && validity != mr->uidvalidity) {
		g_warning("run: %s has a new UIDVALIDITY (%u, was %u): every mail in it is looked at again",
			  mr->folder, mr->uidvalidity, validity);
		last = 0;
	}
	for (guint i = 0; i < items->len; i++) {
		struct mp_imap_item item = g_array_index(items, struct mp_imap_item, i);
		struct mp_message *known = NULL;

		if (item.uid <= last) {
			status = mp_store_message_at(mr->cli->store, mr->uidvalidity, item.uid, &known, err);
			if (status != MP_STATUS_OK)
				return status;
		}
		if (known && !mr->dry_run) {
			g_debug("uid=%u decided before (%s): only moved", item.uid, mp_outcome_name(known->outcome));
			g_array_append_val(mr->to_move[known->outcome], item.uid);
		} else if (!known) {
			g_array_index(items, struct mp_imap_item, kept++) = item;
		}
		mp_message_free(known);
	}
	g_array_set_size(items, kept);
	return MP_STATUS_OK;
}

/* Poll the mailbox: every mail in the inbox is decided (committed) and then
 * moved to its folder, a batch at a time. A mail decided by a run that
 * stopped before the move is only moved. */
static enum mp_status
run_mailbox(struct mp_cli *cli, struct mp_imap *imap, bool dry_run, struct run_totals *t,
	    struct mp_error *err)
{
	struct mailbox_run mr = { .cli = cli, .imap = imap, .dry_run = dry_run, .t = t };
	enum mp_status status;
	char **owned = mp_inbound_classify_config(cli->config, &mr.pc);
	char *folder = inbox_folder(cli->config->mailbox.imap_url);
	char *db_dir = g_path_get_dirname(cli->config->paths.db);
	GArray *items = NULL;
	guint start, end;

	if (mp_read_file(cli->config->trust.roots, &mr.roots, &mr.roots_len, NULL) != MP_STATUS_OK)
		g_warning("run: %s cannot be read: issued certificates go to staff", cli->config->trust.roots);
	/* Fetched mail waits next to the database, never in a shared /tmp. */
	mr.tmp_dir = g_build_filename(db_dir, "tmp", NULL);
	g_mkdir_with_parents(mr.tmp_dir, 0700);
	mr.spool_dir = mp_spool_dir(cli->config);
	if (!dry_run && remove_fetched_leftovers(mr.tmp_dir) > 0)
		remove_unreferenced_spool(cli, mr.spool_dir);
	mr.folder = folder;
	for (int o = 0; o < 3; o++)
		mr.to_move[o] = g_array_new(FALSE, FALSE, sizeof(guint32));
	status = mp_imap_select(imap, folder, &mr.uidvalidity, err);
	if (status == MP_STATUS_OK)
		status = mp_imap_list_after(imap, 0, &items, err);
	if (status == MP_STATUS_OK)
		status = only_new(&mr, items, err);
	for (start = 0; status == MP_STATUS_OK && start < items->len; start = end) {
		const struct mp_imap_item *first = &g_array_index(items, struct mp_imap_item, start);
		size_t bytes = first->size;

		for (end = start + 1; end < items->len && end - start < BATCH_MAILS; end++) {
			bytes += g_array_index(items, struct mp_imap_item, end).size;
			if (bytes > BATCH_BYTES)
				break;
		}
		status = run_batch(&mr, first, end - start, err);
		progress(end, items->len);
	}
	/* What was decided moves also when the run stopped half way: the
	 * next run has that much less to do. The first error is the one told. */
	if (!dry_run) {
		struct mp_error move_err = { "" };
		enum mp_status moved = move_waiting(&mr, true, &move_err);

		if (status == MP_STATUS_OK && moved != MP_STATUS_OK) {
			status = moved;
			*err = move_err;
		}
	}
	for (int o = 0; o < 3; o++)
		g_array_unref(mr.to_move[o]);
	if (items)
		g_array_unref(items);
	g_strfreev(owned);
	g_free(folder);
	g_free(mr.roots);
	g_free(mr.tmp_dir);
	g_free(mr.spool_dir);
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

	/* Staff hear of the mails that wait for them in one alert, also when
	 * the mailbox step stopped half way (what was committed is listed). */
	if (!no_mail && !dry_run) {
		unsigned listed = 0;

		status = mp_inbound_staff_digest(&cli, &listed, &err);
		if (status != MP_STATUS_OK) {
			code = mp_cli_fail(&cli, status, err.text);
			goto out;
		}
		if (listed)
			g_message("run: one staff alert queued for %u mails", listed);
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
