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
	} else {
		char *text = g_strdup_printf("'%s': expected renew, decline, form, approval or issued", what);

		code = mp_cli_fail(&cli, MP_STATUS_USAGE, text);
		g_free(text);
		goto out;
	}
	code = mp_cli_open(&cli, false);
	if (code)
		goto out;
	code = record_event(&cli, argv[1], &event, NULL, NULL);
out:
	g_free(opts.file);
	g_free(opts.url);
	g_free(opts.ca_order);
	g_free(opts.message_id);
	mp_cli_close(&cli);
	return code;
}
