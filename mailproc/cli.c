/* What the subcommands share: option parsing, opening config and store, time, events. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mailproc.h"

int
mp_status_exit_code(enum mp_status status)
{
	switch (status) {
	case MP_STATUS_OK:
		return MP_EX_OK;
	case MP_STATUS_USAGE:
		return MP_EX_USAGE;
	case MP_STATUS_BAD_INPUT:
	case MP_STATUS_NOT_FOUND:
	case MP_STATUS_REFUSED:
		return MP_EX_DATAERR;
	case MP_STATUS_CONFIG:
		return MP_EX_CONFIG;
	case MP_STATUS_UNAVAILABLE:
		return MP_EX_UNAVAILABLE;
	case MP_STATUS_TEMPFAIL:
	case MP_STATUS_LOCKED:
	case MP_STATUS_DATABASE:
		/* A busy or briefly broken database is worth another try. */
		return MP_EX_TEMPFAIL;
	case MP_STATUS_IO:
		return MP_EX_CANTCREAT;
	case MP_STATUS_CRYPTO:
	case MP_STATUS_COUNT:
		break;
	}
	return MP_EX_SOFTWARE;
}

int
mp_cli_fail(const struct mp_cli *cli, enum mp_status status, const char *text)
{
	fprintf(stderr, "mailproc %s: %s\n", cli->name, text && *text ? text : mp_status_to_string(status));
	return mp_status_exit_code(status);
}

int
mp_cli_parse(struct mp_cli *cli, const char *parameter_string, const char *summary,
	     const GOptionEntry *extra, bool with_now, int *argc, char ***argv)
{
	GOptionEntry common[] = {
		{ "config", 'c', 0, G_OPTION_ARG_FILENAME, &cli->config_path,
		  "Configuration file (default: $MAILPROC_CONFIG, else ./mailproc.conf)", "FILE" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &cli->verbose,
		  "Log each event on stderr", NULL },
		{ "now", 0, 0, G_OPTION_ARG_STRING, &cli->now_text,
		  "Pin the clock (Tokyo time), for tests and demos", "YYYY-MM-DDTHH:MM" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx;
	GError *error = NULL;
	char *param;
	int code = -1;

	if (!with_now)
		common[2] = common[3];
	/* --help reads "mailproc NAME [OPTION…] ARGS". */
	param = g_strdup_printf("mailproc %s", cli->name);
	g_set_prgname(param);
	ctx = g_option_context_new(parameter_string);
	g_option_context_set_summary(ctx, summary);
	g_option_context_add_main_entries(ctx, common, NULL);
	if (extra)
		g_option_context_add_main_entries(ctx, extra, NULL);
	if (!g_option_context_parse(ctx, argc, argv, &error)) {
		fprintf(stderr, "mailproc %s: %s\n(see mailproc %s --help)\n", cli->name, error->message,
			cli->name);
		code = MP_EX_USAGE;
		goto out;
	}
	if (cli->now_text && !mp_parse_time(cli->now_text, &cli->now)) {
		fprintf(stderr, "mailproc %s: --now %s: expected YYYY-MM-DDTHH:MM (Tokyo time)\n",
			cli->name, cli->now_text);
		code = MP_EX_USAGE;
		goto out;
	}
	if (!cli->now_text)
		cli->now = g_get_real_time() / G_USEC_PER_SEC;
	mp_log_init(cli->verbose);
out:
	g_clear_error(&error);
	g_option_context_free(ctx);
	g_free(param);
	return code;
}

int
mp_cli_open(struct mp_cli *cli, bool create)
{
	struct mp_error err = { "" };
	enum mp_status status;
	const char *path = cli->config_path ? cli->config_path : mp_config_default_path();

	status = mp_config_load(path, &cli->config, &err);
	if (status != MP_STATUS_OK)
		return mp_cli_fail(cli, status, err.text);
	status = mp_store_open(cli->config->paths.db, create, &cli->store, &err);
	if (status != MP_STATUS_OK)
		return mp_cli_fail(cli, status, err.text);
	return 0;
}

void
mp_cli_close(struct mp_cli *cli)
{
	mp_store_close(cli->store);
	cli->store = NULL;
	mp_config_free(cli->config);
	cli->config = NULL;
	g_free(cli->config_path);
	g_free(cli->now_text);
}

bool
mp_parse_time(const char *text, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
	size_t len = strlen(text);
	wf_day day;
	char date[11];

	if (len == 10) {
		if (!wf_day_parse(text, &day))
			return false;
	} else {
		if (len != 16 && len != 19)
			return false;
		if (len == 16 && (sscanf(text, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 ||
				  n != 16))
			return false;
		if (len == 19 && (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 ||
				  n != 19))
			return false;
		memcpy(date, text, 10);
		date[10] = '\0';
		if (!wf_day_parse(date, &day) || h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0)
			return false;
	}
	*out = wf_day_start(day) + h * 3600 + mi * 60 + s;
	return true;
}

char *
mp_format_time(int64_t t)
{
	int64_t local = t + WF_JST_OFFSET;
	int64_t secs = ((local % 86400) + 86400) % 86400;
	wf_day day = wf_day_of_time(t);
	char date[11];

	return g_strdup_printf("%s %02d:%02d", wf_day_format(day, date), (int)(secs / 3600),
			       (int)(secs % 3600 / 60));
}

enum mp_status
mp_read_file(const char *path, char **data, size_t *len, struct mp_error *err)
{
	GError *error = NULL;
	gsize size = 0;

	*data = NULL;
	if (!g_file_get_contents(path, data, &size, &error)) {
		mp_error_set(err, MP_STATUS_IO, "%s", error->message);
		g_error_free(error);
		return MP_STATUS_IO;
	}
	if (len)
		*len = size;
	return MP_STATUS_OK;
}

static const char *
address_domain(const char *address)
{
	const char *at = address ? strrchr(address, '@') : NULL;

	return at ? at + 1 : NULL;
}

/* The issued certificate also lives as files under [paths] certs/ORDER/, for
 * staff installing it by hand: DOMAIN.crt (the leaf) and chain.pem (all, as
 * received, leaf first). The database keeps the same PEM, so a failure here
 * is only a warning. */
void
mp_store_cert_files(const struct mp_cli *cli, const char *order_id, const char *cert_pem)
{
	struct mp_error err = { "" };
	GPtrArray *certs = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	char *dir = g_build_filename(cli->config->paths.certs, order_id, NULL);
	char *leaf_pem = NULL, *name = NULL, *path = NULL, *chain = NULL, *reason = NULL, *base = NULL;

	if (g_mkdir_with_parents(dir, 0750) != 0) {
		g_warning("order=%s certs: cannot create %s: %s", order_id, dir, g_strerror(errno));
		goto out;
	}
	if (parse_cert_read(cert_pem, strlen(cert_pem), "issued", certs, &err) != MP_STATUS_OK)
		goto fail;
	parse_cert_order(certs);
	leaf_pem = parse_cert_pem(g_ptr_array_index(certs, 0));
	base = wf_bundle_domain(((struct parse_cert_facts *)g_ptr_array_index(certs, 0))->subject_cn, &reason);
	name = g_strdup_printf("%s.crt", base ? base : "certificate");
	path = g_build_filename(dir, name, NULL);
	if (mp_keys_write_file(path, leaf_pem, strlen(leaf_pem), 0644, false, NULL, &err) != MP_STATUS_OK)
		goto fail;
	chain = g_build_filename(dir, "chain.pem", NULL);
	if (mp_keys_write_file(chain, cert_pem, strlen(cert_pem), 0644, false, NULL, &err) != MP_STATUS_OK)
		goto fail;
	g_message("order=%s certs=%s", order_id, dir);
	goto out;
fail:
	g_warning("order=%s certs: %s", order_id, err.text);
out:
	g_ptr_array_unref(certs);
	g_free(dir);
	g_free(leaf_pem);
	g_free(name);
	g_free(path);
	g_free(chain);
	g_free(reason);
	g_free(base);
}

enum mp_status
mp_order_event(struct mp_cli *cli, const char *order_id, const struct wf_event *event,
	       const char *detail, const char *application_json, const char *cert_pem,
	       struct wf_result **result_out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	struct mp_order *order = NULL;
	struct wf_result *result = NULL;
	int attempt;

	if (result_out)
		*result_out = NULL;
	/* A second try covers another process moving the order between our
	 * read and our write (the update checks the state it decided on). */
	for (attempt = 0; attempt < 2; attempt++) {
		mp_order_free(order);
		order = NULL;
		wf_result_free(result);
		result = NULL;
		status = mp_store_order_get(cli->store, order_id, &order, err);
		if (status != MP_STATUS_OK)
			goto out;
		result = wf_step(&order->wf, event, cli->now, &cli->config->workflow);
		struct mp_apply apply = {
			.order = order,
			.event = event,
			.result = result,
			.detail = detail,
			.application_json = application_json,
			.cert_pem = cert_pem,
			.staff = (const char *const *)cli->config->company.staff,
			.from_domain = address_domain(cli->config->smtp.from),
			.now = cli->now,
		};
		status = mp_store_apply(cli->store, &apply, err);
		if (status != MP_STATUS_TEMPFAIL)
			break;
	}
	if (status == MP_STATUS_OK && cert_pem) {
		for (guint i = 0; i < result->effects->len; i++)
			if (((struct wf_effect *)g_ptr_array_index(result->effects, i))->kind == WF_EFFECT_STORE_CERT)
				mp_store_cert_files(cli, order_id, cert_pem);
	}
out:
	if (status == MP_STATUS_OK && result_out) {
		*result_out = result;
		result = NULL;
	}
	wf_result_free(result);
	mp_order_free(order);
	return status;
}
