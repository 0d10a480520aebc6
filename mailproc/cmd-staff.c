/* `mailproc applied|installed|paid ORDER`: what staff did by hand, recorded as events. */
#include <stdio.h>
#include <string.h>

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

/* The name to send as SNI when checking an order's server: its domain, or
 * for a wildcard order "*.example.jp" the host checked when it is a name
 * under the wildcard, else "www.example.jp". Caller frees. */
static char *
check_server_name(const char *domain, const char *host)
{
	const char *base;
	size_t host_len, base_len;

	if (!g_str_has_prefix(domain, "*."))
		return g_strdup(domain);
	base = domain + 2;
	host_len = strlen(host);
	base_len = strlen(base);
	/* A wildcard covers exactly one label (RFC 6125). */
	if (!g_hostname_is_ip_address(host) && host_len > base_len + 1 &&
	    host[host_len - base_len - 1] == '.' &&
	    g_ascii_strcasecmp(host + host_len - base_len, base) == 0 &&
	    !memchr(host, '.', host_len - base_len - 1) && !strchr(host, '*'))
		return g_ascii_strdown(host, -1);
	return g_strconcat("www.", base, NULL);
}

/* installed --check: the server must serve the order's issued certificate
 * (same SHA-256) before the order moves; anything else records nothing. */
static int
installed_checked(struct mp_cli *cli, const char *order_id, const char *target, int timeout)
{
	struct mp_error err = { "" };
	enum mp_status status;
	struct mp_order *o = NULL;
	struct wf_result *result = NULL;
	struct wf_event event = { .kind = WF_EV_STAFF_INSTALLED, .install_checked = true };
	GPtrArray *issued = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	GPtrArray *served = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	const struct parse_cert_facts *want, *got;
	char *host = NULL, *port = NULL, *label = NULL, *pem = NULL, *sni = NULL, *note = NULL;
	char *detail = NULL, *text = NULL;
	GBytes *der = NULL;
	char day[11];
	int code;

	if (!mp_tls_split_hostport(target, &host, &port)) {
		text = g_strdup_printf("--check %s: expected HOST, HOST:PORT or [IPv6]:PORT", target);
		code = mp_cli_fail(cli, MP_STATUS_USAGE, text);
		goto out;
	}
	label = mp_tls_join_hostport(host, port);
	code = mp_cli_open(cli, false);
	if (code)
		goto out;
	status = mp_store_order_get(cli->store, order_id, &o, &err);
	if (status == MP_STATUS_OK) {
		status = mp_store_issued_pem(cli->store, order_id, &pem, &err);
		if (status == MP_STATUS_NOT_FOUND)
			status = mp_error_set(&err, MP_STATUS_NOT_FOUND,
					      "%s has no issued certificate to check against", order_id);
	}
	if (status == MP_STATUS_OK)
		status = parse_cert_read(pem, strlen(pem), "issued certificate", issued, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(cli, status, err.text);
		goto out;
	}
	parse_cert_order(issued);
	want = g_ptr_array_index(issued, 0);
	/* Ask the workflow first (a pure step, nothing stored), so that a check
	 * whose outcome could not be recorded does not go on the network. */
	result = wf_step(&o->wf, &event, cli->now, &cli->config->workflow);
	if (result->refused) {
		code = mp_cli_fail(cli, MP_STATUS_REFUSED, result->reason);
		goto out;
	}
	wf_result_free(result);
	result = NULL;

	sni = check_server_name(o->domain, host);
	status = mp_tls_fetch_leaf(host, port, sni, timeout, &der, &note, &err);
	if (status != MP_STATUS_OK) {
		g_message("order=%s check=%s sni=%s result=unreachable", order_id, label, sni);
		text = g_strdup_printf("%s; nothing recorded", err.text);
		code = mp_cli_fail(cli, status, text);
		goto out;
	}
	status = parse_cert_read(g_bytes_get_data(der, NULL), g_bytes_get_size(der), label, served, &err);
	if (status != MP_STATUS_OK) {
		text = g_strdup_printf("%s: the served certificate cannot be read (%s); nothing recorded",
				       label, err.text);
		code = mp_cli_fail(cli, status, text);
		goto out;
	}
	got = g_ptr_array_index(served, 0);
	if (g_ascii_strcasecmp(got->sha256, want->sha256) != 0) {
		g_message("order=%s check=%s sni=%s result=other served_sha256=%s", order_id, label, sni,
			  got->sha256);
		text = g_strdup_printf("%s serves another certificate (CN %s, sha256 %s, valid until %s),"
				       " not the one issued for %s; nothing recorded",
				       label, got->subject_cn ? got->subject_cn : "(none)", got->sha256,
				       wf_day_format(wf_day_of_time(got->not_after), day), order_id);
		code = mp_cli_fail(cli, MP_STATUS_BAD_INPUT, text);
		goto out;
	}
	g_message("order=%s check=%s sni=%s result=match sha256=%s tls=\"%s\"", order_id, label, sni,
		  got->sha256, note);
	printf("%s serves the issued certificate for %s, valid until %s (Tokyo)\n", label, o->domain,
	       wf_day_format(wf_day_of_time(want->not_after), day));
	printf("%s: %s\n", label, note);
	fflush(stdout);

	/* The timeline says who checked what: staff commands run under their login. */
	detail = g_strdup_printf("%s --check %s by %s", cli->name, label, g_get_user_name());
	status = mp_order_event(cli, order_id, &event, detail, NULL, NULL, &result, &err);
	if (status == MP_STATUS_OK)
		mp_print_result(order_id, result);
	else
		code = mp_cli_fail(cli, status, err.text);
out:
	wf_result_free(result);
	mp_order_free(o);
	g_ptr_array_unref(issued);
	g_ptr_array_unref(served);
	if (der)
		g_bytes_unref(der);
	g_free(host);
	g_free(port);
	g_free(label);
	g_free(pem);
	g_free(sni);
	g_free(note);
	g_free(detail);
	g_free(text);
	return code;
}

int
mp_cmd_installed(int argc, char **argv)
{
	struct mp_cli cli = { .name = "installed" };
	struct wf_event event = { .kind = WF_EV_STAFF_INSTALLED, .install_checked = false };
	char *check = NULL;
	int timeout = -1; /* not given */
	GOptionEntry entries[] = {
		{ "check", 0, 0, G_OPTION_ARG_STRING, &check,
		  "Confirm over TLS first that this server serves the issued certificate",
		  "HOST[:PORT]" },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
		  "With --check: give up on the server after this many seconds (default 10)", "SECONDS" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	int code;

	code = mp_cli_parse(&cli, "ORDER",
			    "Record that staff installed the issued certificate on the server\n"
			    "(issued -> installed), which sends the install report with the\n"
			    "certificate ZIP and the invoice notice (-> reported).\n"
			    "Without --check the timeline notes that this rests on the staff\n"
			    "member's word. With --check HOST[:PORT] (port 443 unless given,\n"
			    "[::1]:8443 for IPv6) mailproc first fetches the certificate the server\n"
			    "presents (SNI: the order's domain; for a wildcard order the host checked\n"
			    "when it is a name under the wildcard, else www. and the base name) and\n"
			    "records the installation, \"checked over TLS\", only when it is the\n"
			    "certificate issued for the order (same SHA-256). Another certificate\n"
			    "exits 65 and an unreachable server 69; neither records anything.\n"
			    "Whether the server's chain verifies against the system's trusted roots\n"
			    "is printed as a note.",
			    entries, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc != 2) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "expected one order id, e.g. ORD-2026-0012");
		goto out;
	}
	if (timeout != -1 && !check) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "--timeout goes with --check");
		goto out;
	}
	if (timeout != -1 && (timeout < 1 || timeout > 600)) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "--timeout: expected 1 to 600 seconds");
		goto out;
	}
	if (check)
		code = installed_checked(&cli, argv[1], check, timeout == -1 ? 10 : timeout);
	else
		code = staff_event(&cli, argv[1], &event);
out:
	g_free(check);
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
