/* `mailproc applied|installed|paid ORDER`: what staff did by hand, recorded as events. */
#include <stdio.h>

#include "mailproc.h"

void
mp_print_result(const char *order_id, const struct wf_result *result)
{
	guint i;

	for (i = 0; i < result->records->len; i++) {
		const struct wf_record *r = g_ptr_array_index(result->records, i);

		if (r->from != r->to)
			printf("%s: %s -> %s (%s)%s%s\n", order_id, wf_state_name(r->from),
			       wf_state_name(r->to), wf_cause_name(r->cause), r->note ? ": " : "",
			       r->note ? r->note : "");
		else
			printf("%s: %s%s%s\n", order_id, wf_state_name(r->to), r->note ? ": " : "",
			       r->note ? r->note : "");
	}
	for (i = 0; i < result->effects->len; i++) {
		const struct wf_effect *e = g_ptr_array_index(result->effects, i);

		if (e->kind == WF_EFFECT_MAIL)
			printf("%s: mail queued: %s to %s\n", order_id, wf_mail_name(e->mail),
			       e->to == WF_TO_STAFF ? "staff" : "the customer");
	}
}

static int
staff_event(struct mp_cli *cli, const char *order_id, const struct wf_event *event)
{
	struct mp_error err = { "" };
	struct wf_result *result = NULL;
	enum mp_status status;
	char *detail;
	int code;

	code = mp_cli_open(cli, false);
	if (code)
		return code;
	/* The timeline says who did it: staff commands run under their login. */
	detail = g_strdup_printf("%s by %s", cli->name, g_get_user_name());
	status = mp_order_event(cli, order_id, event, detail, NULL, NULL, &result, &err);
	if (status == MP_STATUS_OK)
		mp_print_result(order_id, result);
	else
		code = mp_cli_fail(cli, status, err.text);
	wf_result_free(result);
	g_free(detail);
	return code;
}

static int
one_order_command(struct mp_cli *cli, int argc, char **argv, const char *summary,
		  const GOptionEntry *extra, struct wf_event *event)
{
	int code = mp_cli_parse(cli, "ORDER", summary, extra, true, &argc, &argv);

	if (code >= 0)
		return code;
	if (argc != 2)
		return mp_cli_fail(cli, MP_STATUS_USAGE, "expected one order id, e.g. ORD-2026-0012");
	return staff_event(cli, argv[1], event);
}

int
mp_cmd_applied(int argc, char **argv)
{
	struct mp_cli cli = { .name = "applied" };
	char *ca_order = NULL;
	GOptionEntry entries[] = {
		{ "ca-order", 0, 0, G_OPTION_ARG_STRING, &ca_order, "The CA's order number", "NUMBER" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	struct wf_event event = { .kind = WF_EV_STAFF_APPLIED };
	int code;

	/* GOption fills ca_order during parsing, so the event points at it. */
	event.ca_order = NULL;
	code = mp_cli_parse(&cli, "ORDER", "Record that staff generated the key and CSR and placed the\n"
					   "order at the CA (accepted -> applied).",
			    entries, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc != 2) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "expected one order id, e.g. ORD-2026-0012");
		goto out;
	}
	event.ca_order = ca_order;
	code = staff_event(&cli, argv[1], &event);
out:
	g_free(ca_order);
	mp_cli_close(&cli);
	return code;
}

int
mp_cmd_installed(int argc, char **argv)
{
	struct mp_cli cli = { .name = "installed" };
	struct wf_event event = { .kind = WF_EV_STAFF_INSTALLED, .install_checked = false };
	int code;

	code = one_order_command(&cli, argc, argv,
				 "Record that staff installed the issued certificate on the server\n"
				 "(issued -> installed), which sends the install report with the\n"
				 "certificate ZIP and the invoice notice (-> reported).\n"
				 "The timeline notes that this rests on the staff member's word.",
				 NULL, &event);
	mp_cli_close(&cli);
	return code;
}

int
mp_cmd_paid(int argc, char **argv)
{
	struct mp_cli cli = { .name = "paid" };
	struct wf_event event = { .kind = WF_EV_STAFF_PAID };
	int code;

	code = one_order_command(&cli, argc, argv,
				 "Record that the renewal fee was received (reported -> paid);\n"
				 "the next cycle's order is scheduled from the new expiry.",
				 NULL, &event);
	mp_cli_close(&cli);
	return code;
}
