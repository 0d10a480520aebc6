/* Draining the outbox: render each queued mail once, send it over SMTP, record it, copy it to Sent. */
#include <stdio.h>
#include <string.h>

#include "mailproc.h"

/* Backoff after a temporary failure: 5 minutes, doubling, at most 6 hours. */
#define RETRY_FIRST (5 * 60)
#define RETRY_MAX (6 * 3600)
/* A mail that keeps failing for this many tries is given up (staff alerted). */
#define MAX_ATTEMPTS 30
/* Due mails read from the store at a time. */
#define OUTBOX_PAGE 64

static char *
format_day(int64_t t, const char *language)
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	int y, m, d;

	if (!t)
		return g_strdup("");
	wf_day_to_ymd(wf_day_of_time(t), &y, &m, &d);
	if (strcmp(language, "en") == 0)
		return g_strdup_printf("%s %d, %d", months[m - 1], d, y);
	return g_strdup_printf("%d年%d月%d日", y, m, d);
}

static char *
format_yen(int64_t yen)
{
	GString *s = g_string_new(NULL);
	char *digits = g_strdup_printf("%" G_GINT64_FORMAT, yen);
	size_t n = strlen(digits);

	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			g_string_append_c(s, ',');
		g_string_append_c(s, digits[i]);
	}
	g_free(digits);
	return g_string_free(s, FALSE);
}

static const char *
ca_display(const char *ca)
{
	if (!g_strcmp0(ca, "digicert"))
		return "DigiCert";
	if (!g_strcmp0(ca, "geotrust"))
		return "GeoTrust";
	if (!g_strcmp0(ca, "sectigo"))
		return "Sectigo";
	if (!g_strcmp0(ca, "globalsign"))
		return "GlobalSign";
	return ca ? ca : "";
}

static void
put(GHashTable *vars, const char *name, const char *value)
{
	g_hash_table_insert(vars, g_strdup(name), g_strdup(value ? value : ""));
}

static void
put_owned(GHashTable *vars, const char *name, char *value)
{
	g_hash_table_insert(vars, g_strdup(name), value ? value : g_strdup(""));
}

/* Every template variable, from the order, the config and the queued row. */
static GHashTable *
template_vars(const struct mp_config *config, const struct mp_order *o, const struct mp_outbox_due *d,
	      const char *language, const char *bundle_files, int64_t now)
{
	GHashTable *vars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	bool en = strcmp(language, "en") == 0;
	wf_day deadline = 0;

	/* A staff alert about a mail that matched no order still reads well. */
	put(vars, "order_id", o ? o->id : "(none)");
	put(vars, "company_name", config->company.name);
	put(vars, "info_address", config->company.info_address);
	put(vars, "form_url", config->company.form_url);
	put(vars, "customer_org", o ? o->customer.org_name : "");
	put(vars, "customer_org_en", o ? o->customer.org_name_en : "");
	put(vars, "contact_name", o ? o->customer.contact_name : "");
	put(vars, "domain", o ? o->domain : "");
	put(vars, "sans", o && o->sans && *o->sans ? o->sans : (en ? "none" : "なし"));
	put(vars, "ca_name", o ? ca_display(o->ca) : "");
	put(vars, "product", o ? o->product : "");
	put_owned(vars, "not_after", format_day(o ? o->wf.not_after : 0, language));
	put_owned(vars, "new_not_after", format_day(o ? o->issued_not_after : 0, language));
	put_owned(vars, "price_jpy", format_yen(o ? o->price_jpy : 0));
	if (o) {
		deadline = wf_request_deadline(&o->wf, &config->workflow);
		put_owned(vars, "deadline", format_day(wf_day_start(deadline), language));
		put_owned(vars, "deadline_days",
			  g_strdup_printf("%d", MAX(0, (int)(deadline - wf_day_of_time(now)))));
		put_owned(vars, "due_date",
			  format_day(o->wf.state_since + (int64_t)config->workflow.payment_due_days * 86400, language));
	} else {
		put(vars, "deadline", "");
		put(vars, "deadline_days", "");
		put(vars, "due_date", "");
	}
	put(vars, "approval_url", o ? o->approval_url : "");
	put(vars, "ca_order", o ? o->ca_order : "");
	put(vars, "bundle_files", bundle_files);
	put(vars, "alert_text", d->note);
	put(vars, "phone_warning",
	    d->flags && strstr(d->flags, "phone_warning") ? mp_templates_phone_warning(language) : "");
	put_owned(vars, "approval_link", mp_templates_approval_link(language, o ? o->approval_url : NULL));
	return vars;
}

/* The install report's ZIP and its file names, one per line. */
static enum mp_status
bundle_for(const struct mp_cli *cli, const struct mp_order *o, GBytes **zip, char **names,
	   struct mp_error *err)
{
	enum mp_status status;
	char *pem = NULL, *roots = NULL, *reason = NULL;
	size_t roots_len = 0;
	GPtrArray *layout = NULL;
	GString *list = g_string_new(NULL);

	status = mp_store_issued_pem(cli->store, o->id, &pem, err);
	if (status == MP_STATUS_OK && mp_read_file(cli->config->trust.roots, &roots, &roots_len, NULL) != MP_STATUS_OK)
		roots = NULL;
	if (status == MP_STATUS_OK)
		status = mp_bundle_build(o, pem, roots, roots_len, zip, err);
	if (status == MP_STATUS_OK) {
		layout = wf_bundle_layout(o->ca, o->domain, &reason);
		for (guint i = 0; layout && i < layout->len; i++)
			g_string_append_printf(list, "  %s\n",
					       ((struct wf_bundle_file *)g_ptr_array_index(layout, i))->name);
	}
	*names = g_string_free(list, FALSE);
	if (layout)
		g_ptr_array_unref(layout);
	g_free(reason);
	g_free(pem);
	g_free(roots);
	return status;
}

/* Render a queued row into the bytes that will be sent, and keep them: a
 * re-send after a crash sends the same mail with the same Message-ID. */
static enum mp_status
render(struct mp_cli *cli, const struct mp_templates *templates, struct mp_outbox_due *d,
       struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	struct mp_order *o = NULL;
	GHashTable *vars = NULL;
	GBytes *zip = NULL, *bytes = NULL;
	char *subject = NULL, *body = NULL, *names = NULL, *zip_name = NULL;
	const char *language = cli->config->language;
	bool staff = strcmp(d->template_name, "staff_alert") == 0;

	if (d->order_id) {
		status = mp_store_order_get(cli->store, d->order_id, &o, err);
		if (status != MP_STATUS_OK)
			goto out;
		if (!staff && o->customer.language && *o->customer.language)
			language = o->customer.language;
	}
	if (o && d->flags && strstr(d->flags, "attach_bundle")) {
		status = bundle_for(cli, o, &zip, &names, err);
		if (status != MP_STATUS_OK)
			goto out;
	}
	vars = template_vars(cli->config, o, d, language, names, cli->now);
	status = mp_templates_render(templates, language, d->template_name, vars, &subject, &body, err);
	if (status != MP_STATUS_OK)
		goto out;
	if (zip) {
		char *reason = NULL, *base = wf_bundle_domain(o->domain, &reason);

		zip_name = g_strdup_printf("%s.zip", base ? base : "certificates");
		g_free(base);
		g_free(reason);
	}
	{
		struct mp_compose c = {
			.from = cli->config->smtp.from,
			.from_name = cli->config->smtp.from_name,
			.to = d->recipient,
			.subject = subject,
			.body = body,
			.message_id = d->message_id,
			.in_reply_to = d->in_reply_to,
			.references = d->in_reply_to,
			.auto_submitted = d->in_reply_to ? "auto-replied" : "auto-generated",
			.date = cli->now,
			.attachment_name = zip_name,
			.attachment = zip,
		};

		status = mp_compose_message(&c, &bytes, err);
	}
	if (status != MP_STATUS_OK)
		goto out;
	status = mp_store_outbox_rendered(cli->store, d->id, bytes, subject, err);
	if (status == MP_STATUS_OK) {
		d->rendered = bytes;
		bytes = NULL;
	}
out:
	if (vars)
		g_hash_table_unref(vars);
	if (zip)
		g_bytes_unref(zip);
	if (bytes)
		g_bytes_unref(bytes);
	g_free(subject);
	g_free(body);
	g_free(names);
	g_free(zip_name);
	mp_order_free(o);
	return status;
}

/* Nothing goes to an address that cannot read it. */
static bool
no_reply_address(const char *address)
{
	static const char *const locals[] = { "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply",
					      "mailer-daemon", "postmaster", NULL };
	const char *at = strchr(address, '@');

	for (const char *const *l = locals; at && *l; l++)
		if ((size_t)(at - address) == strlen(*l) && g_ascii_strncasecmp(address, *l, at - address) == 0)
			return true;
	return false;
}

static char **
split_recipients(const char *list)
{
	char **parts = g_strsplit(list, ",", -1);

	for (char **p = parts; *p; p++)
		g_strstrip(*p);
	return parts;
}

/* Staff see what went out: a copy in the Sent folder, recorded once made. A
 * run that stops in between makes the copy next time (a second copy with
 * the same Message-ID at worst, never none). */
static void
copy_to_sent(struct mp_cli *cli, struct mp_imap *imap, const struct mp_outbox_due *d)
{
	struct mp_error e = { "" };
	const char *folder = cli->config->mailbox.sent_folder;

	if (mp_imap_append(imap, folder, d->rendered, &e) != MP_STATUS_OK)
		g_warning("outbox=%" G_GINT64_FORMAT " sent, but not yet copied to %s: %s", d->id, folder, e.text);
	else if (mp_store_outbox_copied(cli->store, d->id, cli->now, &e) != MP_STATUS_OK)
		g_warning("outbox=%" G_GINT64_FORMAT " copied to %s, not recorded: %s", d->id, folder, e.text);
}

/* One due mail: checked, built, sent, recorded. *tempfail: it waits for a
 * later run; *unreachable: the server could not be reached at all. */
static enum mp_status
send_one(struct mp_cli *cli, const struct mp_templates *templates, struct mp_imap *imap, const char *password,
	 struct mp_outbox_due *d, int64_t today, struct mp_outbox_totals *totals, bool *tempfail,
	 bool *unreachable, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	char **rcpts = split_recipients(d->recipient);
	struct mp_error e = { "" };
	int sent_today = 0;
	bool blocked = false;

	for (char **r = rcpts; *r; r++)
		blocked |= no_reply_address(*r) || !**r;
	if (blocked) {
		g_warning("outbox=%" G_GINT64_FORMAT " not sent: no-reply or empty address in %s", d->id,
			  d->recipient);
		status = mp_store_outbox_failed(cli->store, d->id, "no-reply or empty address", err);
		totals->failed++;
		goto out;
	}
	if (d->order_id && strcmp(d->template_name, "staff_alert") != 0) {
		status = mp_store_outbox_sent_since(cli->store, d->order_id, today, &sent_today, err);
		if (status == MP_STATUS_OK && sent_today >= cli->config->max_mails_per_order_per_day) {
			g_warning("order=%s outbox=%" G_GINT64_FORMAT " held until tomorrow: %d mails today",
				  d->order_id, d->id, sent_today);
			status = mp_store_outbox_retry(cli->store, d->id, "daily limit for the order",
						       today + 86400, err);
			totals->deferred++;
			goto out;
		}
	}
	if (!d->rendered) {
		status = render(cli, templates, d, &e);
		if (status != MP_STATUS_OK) {
			/* A template or data problem will not fix itself. */
			g_warning("outbox=%" G_GINT64_FORMAT " cannot be built: %s", d->id, e.text);
			status = mp_store_outbox_failed(cli->store, d->id, e.text, err);
			totals->failed++;
			goto out;
		}
	}
	status = mp_smtp_send(cli->config, password, cli->config->smtp.from, (const char *const *)rcpts,
			      d->rendered, &e);
	if (status == MP_STATUS_OK) {
		status = mp_store_outbox_sent(cli->store, d->id, cli->now, err);
		g_message("outbox=%" G_GINT64_FORMAT " sent=%s order=%s msg=%s", d->id, d->template_name,
			  d->order_id ? d->order_id : "-", d->message_id);
		totals->sent++;
		if (status == MP_STATUS_OK && imap)
			copy_to_sent(cli, imap, d);
	} else if (status == MP_STATUS_CONFIG) {
		/* A wrong login or URL: every mail would fail the same
		 * way, and none is lost by waiting for the fix. */
		mp_error_set(err, MP_STATUS_CONFIG, "%s", e.text);
		goto out;
	} else if ((status == MP_STATUS_TEMPFAIL || status == MP_STATUS_UNAVAILABLE) &&
		   d->attempts + 1 < MAX_ATTEMPTS) {
		int64_t wait = MIN((int64_t)RETRY_FIRST << MIN(d->attempts, 12), (int64_t)RETRY_MAX);

		g_warning("outbox=%" G_GINT64_FORMAT " will be retried: %s", d->id, e.text);
		*unreachable = status == MP_STATUS_UNAVAILABLE;
		status = mp_store_outbox_retry(cli->store, d->id, e.text, cli->now + wait, err);
		totals->deferred++;
		*tempfail = true;
	} else {
		char *alert = g_strdup_printf("A mail could not be delivered and was given up.\n"
					      "Order: %s\nMail: %s to %s\nServer: %s",
					      d->order_id ? d->order_id : "-", d->template_name, d->recipient,
					      e.text);

		g_warning("outbox=%" G_GINT64_FORMAT " failed for good: %s", d->id, e.text);
		status = mp_store_outbox_failed(cli->store, d->id, e.text, err);
		if (status == MP_STATUS_OK && strcmp(d->template_name, "staff_alert") != 0)
			status = mp_store_staff_alert(cli->store, cli->config, d->order_id, alert, cli->now, err);
		g_free(alert);
		totals->failed++;
	}
out:
	g_strfreev(rcpts);
	return status;
}

enum mp_status
mp_outbox_drain(struct mp_cli *cli, const struct mp_templates *templates, struct mp_imap *imap,
		bool dry_run, struct mp_outbox_totals *totals, struct mp_error *err)
{
	enum mp_status status;
	GPtrArray *due = NULL;
	char *password = NULL;
	int64_t today = wf_day_start(wf_day_of_time(cli->now)), after = 0;
	bool tempfail = false, unreachable = false;

	memset(totals, 0, sizeof *totals);
	if (imap && !dry_run) {
		GPtrArray *uncopied = NULL;

		status = mp_store_outbox_uncopied(cli->store, &uncopied, err);
		if (status != MP_STATUS_OK)
			return status;
		for (guint i = 0; i < uncopied->len; i++)
			copy_to_sent(cli, imap, g_ptr_array_index(uncopied, i));
		g_ptr_array_unref(uncopied);
	}
	/* A page at a time, in id order: memory stays flat however much waits. */
	for (bool more = true; more;) {
		status = mp_store_outbox_due(cli->store, cli->now, after, OUTBOX_PAGE, &due, err);
		if (status != MP_STATUS_OK)
			goto out;
		more = due->len == OUTBOX_PAGE;
		for (guint i = 0; i < due->len; i++) {
			struct mp_outbox_due *d = g_ptr_array_index(due, i);

			after = d->id;
			if (dry_run) {
				printf("would send %s for %s to %s (%s)\n", d->template_name,
				       d->order_id ? d->order_id : "no order", d->recipient, d->message_id);
				totals->sent++;
				continue;
			}
			if (!password) {
				password = mp_config_password(cli->config, MP_PASSWORD_SMTP, &status, err);
				if (status != MP_STATUS_OK)
					goto out;
			}
			status = send_one(cli, templates, imap, password, d, today, totals, &tempfail, &unreachable,
					  err);
			if (status != MP_STATUS_OK)
				goto out;
			if (unreachable) {
				/* The rest wait, untried, for a run that reaches the server. */
				g_warning("outbox: the SMTP server cannot be reached; the other due mails wait");
				more = false;
				break;
			}
		}
		g_ptr_array_unref(due);
		due = NULL;
	}
	status = tempfail ? MP_STATUS_TEMPFAIL : MP_STATUS_OK;
out:
	if (password) {
		memset(password, 0, strlen(password));
		g_free(password);
	}
	if (due)
		g_ptr_array_unref(due);
	return status;
}
