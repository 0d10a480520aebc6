/* `mailproc show ORDER`: the order, its certificate and its timeline with causes. */
#include <stdio.h>

#include "mailproc.h"

static void
print_day(const char *label, int64_t t)
{
	char date[11];

	printf("%-12s %s\n", label, wf_day_format(wf_day_of_time(t), date));
}

int
mp_cmd_show(int argc, char **argv)
{
	struct mp_cli cli = { .name = "show" };
	struct mp_error err = { "" };
	enum mp_status status;
	struct mp_order *o = NULL;
	GPtrArray *timeline = NULL, *mails = NULL;
	const struct mp_customer *c;
	char *since = NULL, date[11];
	const char *what;
	wf_day day;
	guint i;
	int code;

	code = mp_cli_parse(&cli, "ORDER", "Show an order, its certificate, its timeline of transitions\n"
					   "with their causes, and the mails it queued.",
			    NULL, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc != 2) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "expected one order id, e.g. ORD-2026-0012");
		goto out;
	}
	code = mp_cli_open(&cli, false);
	if (code)
		goto out;
	status = mp_store_order_get(cli.store, argv[1], &o, &err);
	if (status == MP_STATUS_OK)
		status = mp_store_timeline(cli.store, o->id, &timeline, &err);
	if (status == MP_STATUS_OK)
		status = mp_store_outbox_list(cli.store, o->id, &mails, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	c = &o->customer;
	since = mp_format_time(o->wf.state_since);
	printf("%-12s %s\n", "Order", o->id);
	printf("%-12s %s (since %s)\n", "State", wf_state_name(o->wf.state), since);
	if (wf_order_next_deadline(&o->wf, &cli.config->workflow, &day, &what))
		printf("%-12s %s %s\n", "Next", wf_day_format(day, date), what);
	printf("%-12s %s %s / %s (%s)\n", "Customer", c->id, c->org_name, c->org_name_en, c->language);
	printf("%-12s %s%s%s <%s>\n", "Contact", c->contact_name, *c->contact_title ? ", " : "",
	       c->contact_title, c->contact_email);
	if (c->tech_email && *c->tech_email)
		printf("%-12s <%s>\n", "Technical", c->tech_email);
	printf("%-12s %s\n", "Address", c->address);
	printf("%-12s %s\n", "Phone", c->phone);
	printf("%-12s %s%s%s\n", "Certificate", o->domain, *o->sans ? " + " : "", o->sans);
	printf("%-12s %s %s %s\n", "CA", o->ca, o->validation, o->product);
	print_day("Expires", o->wf.not_after);
	printf("%-12s %" G_GINT64_FORMAT " JPY\n", "Price", o->price_jpy);
	if (o->key_sha256)
		printf("%-12s sha256:%s (from %s)\n", "Key", o->key_sha256, o->key_source);
	if (o->ca_order)
		printf("%-12s %s\n", "CA order", o->ca_order);
	if (o->approval_url)
		printf("%-12s %s\n", "Approval", o->approval_url);
	if (o->notice_message_id)
		printf("%-12s %s\n", "Notice", o->notice_message_id);
	if (o->issued_sha256) {
		printf("%-12s sha256:%s\n", "Issued", o->issued_sha256);
		print_day("New expiry", o->issued_not_after);
	}

	printf("\nTimeline\n");
	for (i = 0; i < timeline->len; i++) {
		const struct mp_timeline_entry *e = g_ptr_array_index(timeline, i);
		char *at = mp_format_time(e->at), *move;

		if (!e->from_state)
			move = g_strdup_printf("-> %s", e->to_state);
		else if (g_strcmp0(e->from_state, e->to_state) == 0)
			move = g_strdup_printf("(%s)", e->to_state);
		else
			move = g_strdup_printf("%s -> %s", e->from_state, e->to_state);
		printf("  %s  %-9s  %-36s  %s%s%s\n", at, e->cause, move, e->detail ? e->detail : "",
		       e->note ? (e->detail ? ": " : "") : "", e->note ? e->note : "");
		g_free(at);
		g_free(move);
	}
	printf("\nMails\n");
	if (!mails->len)
		printf("  none\n");
	for (i = 0; i < mails->len; i++) {
		const struct mp_outbox_entry *m = g_ptr_array_index(mails, i);
		char *at = mp_format_time(m->created_at);

		printf("  %s  %-18s  %-8s  to %s\n", at, m->template_name, m->state, m->recipient);
		if (m->note)
			printf("  %16s  %s\n", "", m->note);
		g_free(at);
	}
out:
	g_free(since);
	if (timeline)
		g_ptr_array_unref(timeline);
	if (mails)
		g_ptr_array_unref(mails);
	mp_order_free(o);
	mp_cli_close(&cli);
	return code;
}
