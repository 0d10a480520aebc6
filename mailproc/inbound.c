/* One inbound mail: classify, match, decide its outcome and its event, and commit them together. */
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "mailproc.h"

void
mp_inbound_clear(struct mp_inbound *in)
{
	g_free(in->reason);
	g_free(in->order_id);
	g_free(in->cert_pem);
	wf_result_free(in->result);
	memset(in, 0, sizeof *in);
}

char **
mp_inbound_classify_config(const struct mp_config *config, struct parse_classify_config *pc)
{
	const char *own[] = { config->smtp.from, config->company.info_address, NULL };
	char **owned = g_strdupv((char **)own);

	memset(pc, 0, sizeof *pc);
	pc->authserv_id = config->trust.authserv_id;
	pc->ca_domains = (const char *const *)config->trust.ca_domains;
	pc->staff = (const char *const *)config->company.staff;
	pc->own_addresses = (const char *const *)owned;
	return owned;
}

const char *
mp_inbound_folder(const struct mp_config *config, enum mp_outcome outcome)
{
	switch (outcome) {
	case MP_OUTCOME_PROCESSED:
		return config->mailbox.processed_folder;
	case MP_OUTCOME_NEEDS_STAFF:
		return config->mailbox.review_folder;
	case MP_OUTCOME_REJECTED:
		return config->mailbox.rejected_folder;
	}
	return config->mailbox.review_folder;
}

struct wf_party
mp_form_party(const struct parse_form *form)
{
	return (struct wf_party){
		.org_name = parse_form_get(form, "org_name"),
		.org_name_en = parse_form_get(form, "org_name_en"),
		.address = parse_form_get(form, "address"),
		.phone = parse_form_get(form, "phone"),
		.contact_name = parse_form_get(form, "contact_name"),
		.contact_title = parse_form_get(form, "contact_title"),
		.contact_email = parse_form_get(form, "contact_email"),
		.tech_email = parse_form_get(form, "tech_email"),
		.ca = parse_form_get(form, "ca"),
		.validation = parse_form_get(form, "validation"),
	};
}

char *
mp_form_json(const struct parse_form *form)
{
	JsonObject *o = mp_json_form(form);
	JsonNode *root = json_node_init_object(json_node_alloc(), o);
	char *text = mp_json_to_line(root);

	json_object_unref(o);
	json_node_unref(root);
	return text;
}

char *
mp_certs_pem(GPtrArray *certs)
{
	GString *out = g_string_new(NULL);

	for (guint i = 0; certs && i < certs->len; i++) {
		char *pem = parse_cert_pem(g_ptr_array_index(certs, i));

		g_string_append(out, pem);
		g_free(pem);
	}
	return g_string_free(out, FALSE);
}

static bool
has_reason(const struct parse_event *ev, const char *needle)
{
	for (guint i = 0; ev->reasons && i < ev->reasons->len; i++)
		if (strstr(g_ptr_array_index(ev->reasons, i), needle))
			return true;
	return false;
}

/* Turn a classified, matched mail into a workflow event, or say where the
 * mail goes without one. Returns true when there is an event. */
static bool
decide(const struct parse_event *ev, const struct mp_match *m, struct wf_event *event,
       enum mp_outcome *outcome, char **reason)
{
	memset(event, 0, sizeof *event);
	event->message_id = ev->message_id;
	switch (ev->kind) {
	case PARSE_KIND_AUTO_REPLY:
		*outcome = MP_OUTCOME_PROCESSED;
		*reason = g_strdup("auto-reply: nothing to do, nothing sent");
		return false;
	case PARSE_KIND_BOUNCE:
		/* A hard bounce means a customer address is wrong: staff fix it. */
		*outcome = ev->bounce_hard ? MP_OUTCOME_NEEDS_STAFF : MP_OUTCOME_PROCESSED;
		*reason = g_strdup_printf("bounce %s for %s%s", ev->bounce_status ? ev->bounce_status : "?",
					  ev->bounce_recipient ? ev->bounce_recipient : "?",
					  ev->bounce_hard ? ": the address needs fixing" : ": temporary, ignored");
		return false;
	case PARSE_KIND_UNKNOWN:
		if (has_reason(ev, "claims to be") || has_reason(ev, "spoofed")) {
			*outcome = MP_OUTCOME_REJECTED;
			*reason = g_strdup("spoofed sender");
		} else {
			*outcome = MP_OUTCOME_NEEDS_STAFF;
			*reason = g_strdup("not a mail mailproc understands");
		}
		return false;
	default:
		break;
	}
	if (ev->needs_staff && ev->kind != PARSE_KIND_CUSTOMER_REPLY) {
		*outcome = MP_OUTCOME_NEEDS_STAFF;
		*reason = g_strdup("the mail could not be read completely");
		return false;
	}
	if (!m->order_id) {
		*outcome = MP_OUTCOME_NEEDS_STAFF;
		*reason = g_strdup("no single order matches");
		return false;
	}
	if (!m->trusted) {
		bool spoofed_ca = ev->kind == PARSE_KIND_APPROVAL_NOTICE && !ev->forwarded_by;

		*outcome = spoofed_ca ? MP_OUTCOME_REJECTED : MP_OUTCOME_NEEDS_STAFF;
		*reason = g_strdup(spoofed_ca ? "CA mail not authenticated" : "sender or certificate not trusted");
		return false;
	}
	switch (ev->kind) {
	case PARSE_KIND_CUSTOMER_REPLY:
		if (ev->intent == PARSE_INTENT_RENEW) {
			event->kind = WF_EV_RENEW_REPLY;
		} else if (ev->intent == PARSE_INTENT_DECLINE) {
			event->kind = WF_EV_DECLINE_REPLY;
		} else {
			*outcome = MP_OUTCOME_NEEDS_STAFF;
			*reason = g_strdup("the customer's intent is unclear");
			return false;
		}
		return true;
	case PARSE_KIND_APPLICATION_FORM:
		event->kind = WF_EV_APPLICATION_FORM;
		event->form = mp_form_party(ev->form);
		return true;
	case PARSE_KIND_APPROVAL_NOTICE:
		event->kind = WF_EV_APPROVAL_REQUEST;
		event->approval_url = ev->approval_url;
		event->ca_order = ev->ca_order;
		return true;
	case PARSE_KIND_ISSUED_CERTIFICATE: {
		const struct parse_cert_facts *leaf = g_ptr_array_index(ev->certificates, 0);

		event->kind = WF_EV_CERT_ISSUED;
		event->cert_verified = true; /* m->trusted: verified against the order */
		event->cert_sha256 = leaf->sha256;
		event->cert_not_after = leaf->not_after;
		return true;
	}
	default:
		break;
	}
	*outcome = MP_OUTCOME_NEEDS_STAFF;
	*reason = g_strdup("no rule for this mail");
	return false;
}

enum mp_status
mp_inbound_process(struct mp_cli *cli, const struct parse_classify_config *pc, const char *roots,
		   size_t roots_len, uint32_t uidvalidity, uint32_t uid, GBytes *raw, struct mp_spool *spool,
		   bool dry_run, struct mp_inbound *in, struct mp_error *err)
{
	enum mp_status status;
	struct mp_message *known = NULL, row = { 0 };
	struct parse_mail_limits limits;
	struct parse_mail *mail = NULL;
	struct parse_event *ev = NULL;
	struct mp_match m = { 0 };
	struct wf_event event;
	struct wf_result *result = NULL;
	struct mp_order *order = NULL;
	char *application = NULL, *pem = NULL, *detail = NULL;
	gsize len = 0;
	const void *data = g_bytes_get_data(raw, &len);
	bool has_event;

	memset(in, 0, sizeof *in);
	/* Decided before (the run stopped before the move): only move it. */
	status = mp_store_message_at(cli->store, uidvalidity, uid, &known, err);
	if (status != MP_STATUS_OK)
		goto out;
	if (known) {
		in->outcome = known->outcome;
		in->reason = g_strdup("decided by an earlier run");
		in->order_id = g_strdup(known->order_id);
		in->already = true;
		goto out;
	}
	parse_mail_limits_default(&limits);
	status = parse_mail_mem(data, len, &limits, &mail, err);
	if (status == MP_STATUS_BAD_INPUT) {
		/* Nothing like a mail: it still ends somewhere, with its reason. */
		in->outcome = MP_OUTCOME_REJECTED;
		in->reason = g_strdup_printf("not a mail: %s", err->text);
		status = MP_STATUS_OK;
		goto record;
	}
	if (status == MP_STATUS_OK)
		status = parse_classify(mail, pc, &ev, err);
	if (status == MP_STATUS_OK)
		status = mp_match_event(cli->store, cli->config, ev, roots, roots_len, cli->now, &m, err);
	if (status != MP_STATUS_OK)
		goto out;
	row.message_id = ev->message_id;
	row.kind = (char *)parse_kind_name(ev->kind);
	row.sender = ev->sender;
	row.subject = ev->subject;
	/* The same mail delivered again (another UID, or a new UIDVALIDITY). */
	if (ev->message_id) {
		status = mp_store_message_by_id(cli->store, ev->message_id, &known, err);
		if (status != MP_STATUS_OK)
			goto out;
		if (known) {
			in->outcome = MP_OUTCOME_PROCESSED;
			in->reason = g_strdup_printf("copy of a mail already handled (%s)",
						     mp_outcome_name(known->outcome));
			goto record;
		}
	}
	has_event = decide(ev, &m, &event, &in->outcome, &in->reason);
	in->order_id = g_strdup(m.order_id);
	if (has_event) {
		status = mp_store_order_get(cli->store, m.order_id, &order, err);
		if (status != MP_STATUS_OK)
			goto out;
		result = wf_step(&order->wf, &event, cli->now, &cli->config->workflow);
		if (result->refused) {
			in->outcome = MP_OUTCOME_NEEDS_STAFF;
			in->reason = g_strdup(result->reason);
			has_event = false;
		} else {
			in->outcome = MP_OUTCOME_PROCESSED;
			g_free(in->reason);
			in->reason = g_strdup_printf("%s for %s", wf_event_name(event.kind), m.order_id);
		}
	}
	if (dry_run) {
		printf("uid %u %s: %s -> %s: %s\n", uid, ev->message_id ? ev->message_id : "(no Message-ID)",
		       parse_kind_name(ev->kind), mp_outcome_name(in->outcome), in->reason);
		if (result && !result->refused)
			mp_print_result(m.order_id, result);
		goto out;
	}
	if (has_event) {
		if (event.kind == WF_EV_APPLICATION_FORM)
			application = mp_form_json(ev->form);
		if (event.kind == WF_EV_CERT_ISSUED)
			pem = mp_certs_pem(ev->certificates);
	}
record:
	if (dry_run) {
		printf("uid %u: %s: %s\n", uid, mp_outcome_name(in->outcome), in->reason);
		goto out;
	}
	row.uidvalidity = uidvalidity;
	row.uid = uid;
	row.outcome = in->outcome;
	row.reason = in->reason;
	row.order_id = in->order_id;
	row.received_at = cli->now;
	/* Staff may need the mail itself later (`resolve` re-reads it), and
	 * hear of it in the run's one alert (mp_inbound_staff_digest). */
	row.alert_pending = in->outcome == MP_OUTCOME_NEEDS_STAFF;
	if (row.alert_pending) {
		const char *file = NULL;

		status = mp_spool_add(spool, raw, &file, &row.raw_offset, err);
		if (status != MP_STATUS_OK)
			goto out;
		row.raw_file = (char *)file;
		row.raw_size = (int64_t)len;
	}
	if (result && !result->refused && order) {
		struct mp_apply apply = {
			.order = order,
			.event = &event,
			.result = result,
			.detail = detail = g_strdup_printf("mail %s", ev->message_id ? ev->message_id : "(no id)"),
			.application_json = application,
			.cert_pem = pem,
			.staff = (const char *const *)cli->config->company.staff,
			.from_domain = strrchr(cli->config->smtp.from, '@') + 1,
			.now = cli->now,
		};

		status = mp_store_apply(cli->store, &apply, err);
		if (status != MP_STATUS_OK)
			goto out;
	}
	status = mp_store_message_add(cli->store, &row, err);
	if (status != MP_STATUS_OK)
		goto out;
	in->cert_pem = pem;
	pem = NULL;
	if (result && !result->refused) {
		in->result = result;
		result = NULL;
	}
out:
	mp_message_free(known);
	mp_match_clear(&m);
	parse_event_free(ev);
	parse_mail_free(mail);
	wf_result_free(result);
	mp_order_free(order);
	g_free(application);
	g_free(pem);
	g_free(detail);
	return status;
}

/* The alert lists this many mails; `mailproc queue` has them all. */
#define DIGEST_LISTED 20

static char *
digest_text(GPtrArray *waiting)
{
	GString *text = g_string_new(NULL);

	if (waiting->len == 1)
		g_string_append(text, "A mail needs a decision.\n");
	else
		g_string_append_printf(text, "%u mails need a decision.\n\n", waiting->len);
	for (guint i = 0; i < waiting->len && i < DIGEST_LISTED; i++) {
		const struct mp_message *m = g_ptr_array_index(waiting, i);

		g_string_append_printf(text, "From: %s\nSubject: %s\nMessage-ID: %s\nWhy: %s\n\n",
				       m->sender ? m->sender : "?", m->subject ? m->subject : "",
				       m->message_id ? m->message_id : "?", m->reason ? m->reason : "");
	}
	if (waiting->len > DIGEST_LISTED)
		g_string_append_printf(text, "... and %u more.\n\n", waiting->len - DIGEST_LISTED);
	g_string_append(text, "See `mailproc queue` and `mailproc resolve`.");
	return g_string_free(text, FALSE);
}

enum mp_status
mp_inbound_staff_digest(struct mp_cli *cli, unsigned *mails, struct mp_error *err)
{
	GPtrArray *waiting = NULL;
	char *text = NULL;
	enum mp_status status;

	*mails = 0;
	status = mp_store_begin(cli->store, err);
	if (status == MP_STATUS_OK)
		status = mp_store_alert_pending(cli->store, &waiting, err);
	if (status == MP_STATUS_OK && waiting->len) {
		const struct mp_message *first = g_ptr_array_index(waiting, 0);
		const struct mp_message *last = g_ptr_array_index(waiting, waiting->len - 1);

		text = digest_text(waiting);
		/* A single mail's order names the alert; a list has no one order. */
		status = mp_store_staff_alert(cli->store, cli->config, waiting->len == 1 ? first->order_id : NULL,
					      text, cli->now, err);
		if (status == MP_STATUS_OK)
			status = mp_store_alert_sent(cli->store, last->id, err);
		if (status == MP_STATUS_OK)
			status = mp_store_commit(cli->store, err);
		if (status == MP_STATUS_OK)
			*mails = waiting->len;
	}
	/* Nothing pending: nothing written, no commit to make. */
	mp_store_rollback(cli->store);
	if (waiting)
		g_ptr_array_unref(waiting);
	g_free(text);
	return status;
}

void
mp_inbound_committed(struct mp_cli *cli, const struct mp_inbound *in)
{
	if (in->cert_pem && in->order_id)
		mp_store_cert_files(cli, in->order_id, in->cert_pem);
}
