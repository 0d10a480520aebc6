/* `mailproc record ORDER WHAT`: what a customer or the CA said outside the mailbox. */
#include <stdio.h>
#include <string.h>

#include "mailproc.h"

struct record_opts {
	char *file;
	char *url;
	char *ca_order;
	char *message_id;
};

static int
record_event(struct mp_cli *cli, const char *order_id, const struct wf_event *event,
	     const char *application_json, const char *cert_pem)
{
	struct mp_error err = { "" };
	struct wf_result *result = NULL;
	enum mp_status status;
	char *detail;
	int code = 0;

	detail = event->message_id ?
			 g_strdup_printf("record %s by %s, %s", wf_event_name(event->kind),
					 g_get_user_name(), event->message_id) :
			 g_strdup_printf("record %s by %s", wf_event_name(event->kind), g_get_user_name());
	status = mp_order_event(cli, order_id, event, detail, application_json, cert_pem, &result, &err);
	if (status == MP_STATUS_OK)
		mp_print_result(order_id, result);
	else
		code = mp_cli_fail(cli, status, err.text);
	wf_result_free(result);
	g_free(detail);
	return code;
}

/* form: the application form's text, compared with last year's data by the
 * workflow (organization, CA, validation type; address and contact). */
static int
record_form(struct mp_cli *cli, const char *order_id, const char *file, struct wf_event *event)
{
	struct mp_error err = { "" };
	enum mp_status status;
	struct mp_order *o = NULL;
	struct parse_form *form = NULL;
	char *data = NULL, *json = NULL;
	const char *domain;
	size_t len = 0;
	int code = 0;

	if (!file) {
		code = mp_cli_fail(cli, MP_STATUS_USAGE, "form needs --file with the form's text");
		goto out;
	}
	status = mp_store_order_get(cli->store, order_id, &o, &err);
	if (status == MP_STATUS_OK)
		status = mp_read_file(file, &data, &len, &err);
	if (status == MP_STATUS_OK)
		status = parse_form_text(data, len, &form, &err);
	if (status == MP_STATUS_OK && !parse_form_is_form(form))
		status = mp_error_set(&err, MP_STATUS_BAD_INPUT,
				      "%s does not look like the application form (it needs the domain"
				      " and at least three other fields)", file);
	domain = form ? parse_form_get(form, "domain") : NULL;
	if (status == MP_STATUS_OK && g_ascii_strcasecmp(domain, o->domain) != 0)
		status = mp_error_set(&err, MP_STATUS_BAD_INPUT,
				      "the form is for %s, but %s renews %s", domain, order_id, o->domain);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(cli, status, err.text);
		goto out;
	}
	event->form = mp_form_party(form);
	json = mp_form_json(form);
	code = record_event(cli, order_id, event, json, NULL);
out:
	mp_order_free(o);
	parse_form_free(form);
	g_free(data);
	g_free(json);
	return code;
}

/* issued: the certificate must prove itself (chain to the configured roots,
 * this order's key, the order's names) before the order moves. */
static int
record_issued(struct mp_cli *cli, const char *order_id, const char *file, struct wf_event *event)
{
	struct mp_error err = { "" };
	enum mp_status status;
	struct mp_order *o = NULL;
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *certs = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	char *data = NULL, *roots = NULL, *pem = NULL;
	size_t len = 0, roots_len = 0;
	const struct parse_cert_facts *leaf;
	int code = 0;

	if (!file) {
		code = mp_cli_fail(cli, MP_STATUS_USAGE, "issued needs --file with the certificate files");
		goto out;
	}
	status = mp_store_order_get(cli->store, order_id, &o, &err);
	if (status == MP_STATUS_OK && !o->key_sha256)
		status = mp_error_set(&err, MP_STATUS_REFUSED,
				      "%s has no key on record, so the certificate cannot be matched to it;"
				      " import the order's key_file first", order_id);
	if (status == MP_STATUS_OK)
		status = mp_read_file(file, &data, &len, &err);
	if (status == MP_STATUS_OK)
		status = parse_cert_read(data, len, file, certs, &err);
	if (status == MP_STATUS_OK)
		status = mp_read_file(cli->config->trust.roots, &roots, &roots_len, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(cli, status, err.text);
		goto out;
	}
	parse_cert_order(certs);
	if (!mp_match_verify_certs(o, certs, roots, roots_len, cli->now, reasons)) {
		char *why = g_strdup_printf("%s: not accepted for %s: %s", file, order_id,
					    (char *)g_ptr_array_index(reasons, reasons->len - 1));

		code = mp_cli_fail(cli, MP_STATUS_BAD_INPUT, why);
		g_free(why);
		goto out;
	}
	leaf = g_ptr_array_index(certs, 0);
	event->cert_verified = true;
	event->cert_sha256 = leaf->sha256;
	event->cert_not_after = leaf->not_after;
	pem = mp_certs_pem(certs);
	code = record_event(cli, order_id, event, NULL, pem);
out:
	mp_order_free(o);
	g_ptr_array_unref(reasons);
	g_ptr_array_unref(certs);
	g_free(data);
	g_free(roots);
	g_free(pem);
	return code;
}

int
mp_cmd_record(int argc, char **argv)
{
	struct mp_cli cli = { .name = "record" };
	struct record_opts opts = { 0 };
	GOptionEntry entries[] = {
		{ "file", 'f', 0, G_OPTION_ARG_FILENAME, &opts.file,
		  "form: the form's text (Key: value lines); issued: the certificate files", "FILE" },
		{ "url", 0, 0, G_OPTION_ARG_STRING, &opts.url, "approval: the CA's approval link", "URL" },
		{ "ca-order", 0, 0, G_OPTION_ARG_STRING, &opts.ca_order, "approval: the CA's order number",
		  "NUMBER" },
		{ "message-id", 0, 0, G_OPTION_ARG_STRING, &opts.message_id,
		  "The mail it came in, so the answer threads to it", "<ID>" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	struct wf_event event = { 0 };
	const char *what;
	int code;

	code = mp_cli_parse(&cli, "ORDER renew|decline|form|approval|issued",
			    "Record what a customer or the CA said outside the mailbox (a phone\n"
			    "call, a mail read elsewhere) as if the mail had arrived:\n"
			    "  renew      the customer wants to renew (answered with the form link)\n"
			    "  decline    the customer does not renew (confirmation sent)\n"
			    "  form       the application form, from --file (Key: value lines)\n"
			    "  approval   the CA asked the applicant to approve (--url, --ca-order)\n"
			    "  issued     the issued certificate, from --file (verified first)",
			    entries, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc != 3) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "expected ORDER and what to record (see --help)");
		goto out;
	}
	what = argv[2];
	event.message_id = opts.message_id;
	if (strcmp(what, "renew") == 0) {
		event.kind = WF_EV_RENEW_REPLY;
	} else if (strcmp(what, "decline") == 0) {
		event.kind = WF_EV_DECLINE_REPLY;
	} else if (strcmp(what, "approval") == 0) {
		event.kind = WF_EV_APPROVAL_REQUEST;
		event.approval_url = opts.url;
		event.ca_order = opts.ca_order;
	} else if (strcmp(what, "form") == 0) {
		event.kind = WF_EV_APPLICATION_FORM;
	} else if (strcmp(what, "issued") == 0) {
		event.kind = WF_EV_CERT_ISSUED;
	} else {
		char *text = g_strdup_printf("'%s': expected renew, decline, form, approval or issued", what);

		code = mp_cli_fail(&cli, MP_STATUS_USAGE, text);
		g_free(text);
		goto out;
	}
	code = mp_cli_open(&cli, false);
	if (code)
		goto out;
	if (event.approval_url && !parse_url_on_domains(event.approval_url, (const char *const *)cli.config->trust.ca_domains)) {
		char *text = g_strdup_printf("--url %s: not an https link on a CA domain of [trust] ca_domains",
					     event.approval_url);

		code = mp_cli_fail(&cli, MP_STATUS_BAD_INPUT, text);
		g_free(text);
		goto out;
	}
	if (event.kind == WF_EV_CERT_ISSUED)
		code = record_issued(&cli, argv[1], opts.file, &event);
	else if (event.kind == WF_EV_APPLICATION_FORM)
		code = record_form(&cli, argv[1], opts.file, &event);
	else
		code = record_event(&cli, argv[1], &event, NULL, NULL);
out:
	g_free(opts.file);
	g_free(opts.url);
	g_free(opts.ca_order);
	g_free(opts.message_id);
	mp_cli_close(&cli);
	return code;
}
