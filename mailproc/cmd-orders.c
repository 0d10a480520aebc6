/* `mailproc orders`: one line per order with its next deadline. */
#include <stdio.h>

#include "mailproc.h"

int
mp_cmd_orders(int argc, char **argv)
{
	struct mp_cli cli = { .name = "orders" };
	struct mp_error err = { "" };
	char *state_text = NULL;
	GOptionEntry entries[] = {
		{ "state", 's', 0, G_OPTION_ARG_STRING, &state_text, "Only orders in this state", "STATE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	enum wf_state state;
	enum mp_status status;
	GPtrArray *orders = NULL;
	guint i;
	int code;

	code = mp_cli_parse(&cli, "", "One line per order: id, domain, state, next deadline.\n"
				      "States: scheduled notice_sent declined requested accepted applied\n"
				      "awaiting_approval issued installed reported paid new_application lapsed.",
			    entries, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc > 1) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "takes no arguments (see --help)");
		goto out;
	}
	if (state_text && !wf_state_parse(state_text, &state)) {
		char *text = g_strdup_printf("--state %s: no such state (see --help)", state_text);

		code = mp_cli_fail(&cli, MP_STATUS_USAGE, text);
		g_free(text);
		goto out;
	}
	code = mp_cli_open(&cli, false);
	if (code)
		goto out;
	status = mp_store_order_list(cli.store, state_text ? &state : NULL, &orders, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	for (i = 0; i < orders->len; i++) {
		const struct mp_order *o = g_ptr_array_index(orders, i);
		wf_day day;
		const char *what;
		char date[11];

		if (wf_order_next_deadline(&o->wf, &cli.config->workflow, &day, &what))
			printf("%-13s  %-30s  %-17s  %s %s%s\n", o->id, o->domain, wf_state_name(o->wf.state),
			       wf_day_format(day, date), what,
			       day < wf_day_of_time(cli.now) ? " (passed)" : "");
		else
			printf("%-13s  %-30s  %s\n", o->id, o->domain, wf_state_name(o->wf.state));
	}
out:
	if (orders)
		g_ptr_array_unref(orders);
	g_free(state_text);
	mp_cli_close(&cli);
	return code;
}
