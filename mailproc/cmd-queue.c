/* `mailproc queue` and `mailproc resolve`: the mails waiting for staff, and staff's decision on one. */
#include <stdio.h>
#include <string.h>

#include "mailproc.h"

int
mp_cmd_queue(int argc, char **argv)
{
	struct mp_cli cli = { .name = "queue" };
	struct mp_error err = { "" };
	GPtrArray *queue = NULL;
	enum mp_status status;
	int code;

	code = mp_cli_parse(&cli, "", "The mails waiting for staff, oldest first, with why.\n"
				      "Decide each with `mailproc resolve MESSAGE-ID --order ORDER --as ...`.",
			    NULL, false, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc > 1) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "takes no arguments (see --help)");
		goto out;
	}
	code = mp_cli_open(&cli, false);
	if (code)
		goto out;
	status = mp_store_queue(cli.store, &queue, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	if (!queue->len)
		printf("no mail is waiting for staff\n");
	for (guint i = 0; i < queue->len; i++) {
		const struct mp_message *m = g_ptr_array_index(queue, i);
		char *at = mp_format_time(m->received_at);

		printf("%s  %s  %s  order %s\n    from %s: %s\n    why: %s\n", at,
		       m->message_id ? m->message_id : "(no Message-ID)", m->kind ? m->kind : "?",
		       m->order_id ? m->order_id : "-", m->sender ? m->sender : "?", m->subject ? m->subject : "",
		       m->reason ? m->reason : "");
		g_free(at);
	}
out:
	if (queue)
		g_ptr_array_unref(queue);
	mp_cli_close(&cli);
	return code;
}

/* Find the queued message with this Message-ID. */
static enum mp_status
find_queued(struct mp_store *store, const char *message_id, struct mp_message **out, struct mp_error *err)
{
	GPtrArray *queue = NULL;
	enum mp_status status = mp_store_queue(store, &queue, err);

	*out = NULL;
	for (guint i = 0; status == MP_STATUS_OK && i < queue->len && !*out; i++) {
		struct mp_message *m = g_ptr_array_index(queue, i);

		if (m->message_id && strcmp(m->message_id, message_id) == 0)
			*out = g_ptr_array_steal_index(queue, i);
	}
	if (status == MP_STATUS_OK && !*out)
		status = mp_error_set(err, MP_STATUS_NOT_FOUND, "no mail %s is waiting for staff (see mailproc queue)",
				      message_id);
	if (queue)
		g_ptr_array_unref(queue);
	return status;
}

int
mp_cmd_resolve(int argc, char **argv)
{
	struct mp_cli cli = { .name = "resolve" };
	struct mp_error err = { "" };
	char *order_id = NULL, *as = NULL;
	GOptionEntry entries[] = {
		{ "order", 'o', 0, G_OPTION_ARG_STRING, &order_id, "The order the mail belongs to", "ORDER" },
		{ "as", 0, 0, G_OPTION_ARG_STRING, &as, "What the mail is: renew, decline, approval, issued, ignore",
		  "WHAT" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	struct mp_message *m = NULL;
	struct parse_mail *mail = NULL;
	struct parse_event *ev = NULL;
	struct parse_classify_config pc;
	struct parse_mail_limits limits;
	struct mp_order *o = NULL;
	struct wf_event event = { 0 };
	struct wf_result *result = NULL;
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
	char **owned = NULL, *roots = NULL, *pem = NULL, *detail = NULL;
	size_t roots_len = 0;
	enum mp_status status;
	int code;

	code = mp_cli_parse(&cli, "MESSAGE-ID --order ORDER --as renew|decline|approval|issued|ignore",
			    "Decide a mail that waits for staff: it counts for ORDER as the customer's\n"
			    "renew or decline, the CA's approval request, the issued certificate (which\n"
			    "must still verify against the order), or is ignored.",
			    entries, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc != 2 || !as || (!order_id && strcmp(as, "ignore") != 0)) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "expected MESSAGE-ID, --order ORDER and --as WHAT (see --help)");
		goto out;
	}
	if (strcmp(as, "renew") == 0)
		event.kind = WF_EV_RENEW_REPLY;
	else if (strcmp(as, "decline") == 0)
		event.kind = WF_EV_DECLINE_REPLY;
	else if (strcmp(as, "approval") == 0)
		event.kind = WF_EV_APPROVAL_REQUEST;
	else if (strcmp(as, "issued") == 0)
		event.kind = WF_EV_CERT_ISSUED;
	else if (strcmp(as, "ignore") != 0) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "--as: expected renew, decline, approval, issued or ignore");
		goto out;
	}
	code = mp_cli_open(&cli, false);
	if (code)
		goto out;
	status = find_queued(cli.store, argv[1], &m, &err);
	if (status == MP_STATUS_OK && order_id)
		status = mp_store_order_get(cli.store, order_id, &o, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	detail = g_strdup_printf("resolve %s by %s", m->message_id, g_get_user_name());
	if (strcmp(as, "ignore") == 0) {
		status = mp_store_message_resolve(cli.store, m->id, "ignored", order_id, cli.now, &err);
		if (status == MP_STATUS_OK)
			printf("%s: ignored\n", m->message_id);
		else
			code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	event.message_id = m->message_id;
	if (event.kind == WF_EV_APPROVAL_REQUEST || event.kind == WF_EV_CERT_ISSUED) {
		/* What the CA's mail says comes from the mail itself, kept for staff. */
		if (!m->raw && m->raw_file) {
			char *dir = mp_spool_dir(cli.config);

			status = mp_spool_read(dir, m->raw_file, m->raw_offset, m->raw_size, &m->raw, &err);
			g_free(dir);
			if (status != MP_STATUS_OK) {
				code = mp_cli_fail(&cli, status, err.text);
				goto out;
			}
		}
		if (!m->raw) {
			code = mp_cli_fail(&cli, MP_STATUS_NOT_FOUND, "the mail's text was not kept");
			goto out;
		}
		owned = mp_inbound_classify_config(cli.config, &pc);
		parse_mail_limits_default(&limits);
		status = parse_mail_mem(g_bytes_get_data(m->raw, NULL), g_bytes_get_size(m->raw), &limits, &mail, &err);
		if (status == MP_STATUS_OK)
			status = parse_classify(mail, &pc, &ev, &err);
		if (status != MP_STATUS_OK) {
			code = mp_cli_fail(&cli, status, err.text);
			goto out;
		}
		event.approval_url = ev->approval_url;
		event.ca_order = ev->ca_order;
	}
	if (event.kind == WF_EV_CERT_ISSUED) {
		const struct parse_cert_facts *leaf;

		if (!ev->certificates || !ev->certificates->len) {
			code = mp_cli_fail(&cli, MP_STATUS_BAD_INPUT, "the mail carries no certificate");
			goto out;
		}
		if (mp_read_file(cli.config->trust.roots, &roots, &roots_len, &err) != MP_STATUS_OK)
			roots = NULL;
		/* Staff decide which order; the certificate must still prove it. */
		if (!mp_match_verify_certs(o, ev->certificates, roots, roots_len, cli.now, reasons)) {
			code = mp_cli_fail(&cli, MP_STATUS_REFUSED, g_ptr_array_index(reasons, reasons->len - 1));
			goto out;
		}
		leaf = g_ptr_array_index(ev->certificates, 0);
		event.cert_verified = true;
		event.cert_sha256 = leaf->sha256;
		event.cert_not_after = leaf->not_after;
		{
			GString *all = g_string_new(NULL);

			for (guint i = 0; i < ev->certificates->len; i++) {
				char *one = parse_cert_pem(g_ptr_array_index(ev->certificates, i));

				g_string_append(all, one);
				g_free(one);
			}
			pem = g_string_free(all, FALSE);
		}
	}
	status = mp_order_event(&cli, order_id, &event, detail, NULL, pem, &result, &err);
	if (status == MP_STATUS_OK)
		status = mp_store_message_resolve(cli.store, m->id, as, order_id, cli.now, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	mp_print_result(order_id, result);
out:
	wf_result_free(result);
	parse_event_free(ev);
	parse_mail_free(mail);
	mp_message_free(m);
	mp_order_free(o);
	g_ptr_array_unref(reasons);
	g_strfreev(owned);
	g_free(roots);
	g_free(pem);
	g_free(detail);
	g_free(order_id);
	g_free(as);
	mp_cli_close(&cli);
	return code;
}
