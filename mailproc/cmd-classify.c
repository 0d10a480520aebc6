/* `mailproc classify FILE.eml...`: what each mail is, as one JSON object per line; changes nothing. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <json-glib/json-glib.h>

#include "mailproc.h"

struct classify_ctx {
	struct mp_cli *cli;
	struct parse_classify_config pc;
	char **owned;           /* the default CA domains, or our own addresses */
	struct mp_store *store; /* NULL: the mail alone decides */
	char *roots;
	size_t roots_len;
	struct parse_mail_limits limits;
	JsonBuilder *builder;   /* certificates only; reused (json_builder_reset) */
	JsonGenerator *gen;     /* one line per mail, not pretty */
	GString *line;          /* the line being written, reused */
};

/* The line of a mail is built as JsonObject members set one after the
 * other (json-glib keeps them in that order): the builder would copy every
 * member name once more and keep a state stack for a flat object. */
static void
add_string(JsonObject *o, const char *name, const char *value)
{
	if (value)
		json_object_set_string_member(o, name, value);
	else
		json_object_set_null_member(o, name);
}

static void
add_reasons(JsonObject *o, GPtrArray *first, GPtrArray *second)
{
	JsonArray *a = json_array_sized_new((first ? first->len : 0) + (second ? second->len : 0));

	for (guint i = 0; first && i < first->len; i++)
		json_array_add_string_element(a, g_ptr_array_index(first, i));
	for (guint i = 0; second && i < second->len; i++)
		json_array_add_string_element(a, g_ptr_array_index(second, i));
	json_object_set_array_member(o, "reasons", a);
}

/* The certificates through mp_json_add_cert(), which writes to a builder. */
static void
add_certificates(struct classify_ctx *ctx, JsonObject *o, GPtrArray *certs)
{
	JsonBuilder *b = ctx->builder;

	if (!certs || !certs->len) {
		json_object_set_array_member(o, "certificates", json_array_new());
		return;
	}
	json_builder_begin_array(b);
	for (guint i = 0; i < certs->len; i++)
		mp_json_add_cert(b, g_ptr_array_index(certs, i));
	json_builder_end_array(b);
	json_object_set_member(o, "certificates", json_builder_get_root(b));
	json_builder_reset(b);
}

/* The mail's JSON line, newline included, into ctx->line. */
static void
event_json(struct classify_ctx *ctx, const char *file, const struct parse_event *ev, const struct mp_match *m,
	   bool with_db)
{
	JsonObject *o = json_object_new();
	JsonNode *root;

	add_string(o, "file", file);
	add_string(o, "message_id", ev->message_id);
	add_string(o, "kind", parse_kind_name(ev->kind));
	add_string(o, "intent", parse_intent_name(ev->intent));
	/* Without a database the subject's tag is all the mail says. */
	add_string(o, "order", with_db ? m->order_id : ev->order_tag);
	add_string(o, "domain", ev->domain);
	json_object_set_boolean_member(o, "trusted", with_db ? m->trusted : ev->trusted);
	add_reasons(o, ev->reasons, with_db ? m->reasons : NULL);
	add_string(o, "forwarded_by", ev->forwarded_by);
	add_string(o, "ca", ev->ca);
	add_string(o, "ca_order", ev->ca_order);
	add_string(o, "approval_url", ev->approval_url);
	if (ev->kind == PARSE_KIND_APPLICATION_FORM && ev->form)
		json_object_set_object_member(o, "form", mp_json_form(ev->form));
	else
		json_object_set_null_member(o, "form");
	add_certificates(ctx, o, ev->certificates);
	if (ev->kind == PARSE_KIND_BOUNCE) {
		JsonObject *bo = json_object_new();

		add_string(bo, "recipient", ev->bounce_recipient);
		add_string(bo, "status", ev->bounce_status);
		json_object_set_boolean_member(bo, "hard", ev->bounce_hard);
		add_string(bo, "original_message_id", ev->bounce_original_id);
		json_object_set_object_member(o, "bounce", bo);
	}
	json_object_set_boolean_member(o, "needs_staff", ev->needs_staff || (with_db && !m->order_id));
	root = json_node_init_object(json_node_alloc(), o);
	json_object_unref(o);
	/* As mp_json_to_line() writes it, with one generator and one string
	 * for the run. */
	json_generator_set_root(ctx->gen, root);
	json_node_unref(root);
	g_string_truncate(ctx->line, 0);
	json_generator_to_gstring(ctx->gen, ctx->line);
	g_string_append_c(ctx->line, '\n');
}

static enum mp_status
read_input(const char *file, char **data, size_t *len, struct mp_error *err)
{
	GString *buf;
	char chunk[65536];
	size_t n;

	if (strcmp(file, "-") != 0)
		return mp_read_file(file, data, len, err);
	buf = g_string_new(NULL);
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		g_string_append_len(buf, chunk, (gssize)n);
	if (ferror(stdin)) {
		g_string_free(buf, TRUE);
		return mp_error_set(err, MP_STATUS_IO, "standard input: %s", g_strerror(errno));
	}
	*len = buf->len;
	*data = g_string_free(buf, FALSE);
	return MP_STATUS_OK;
}

static enum mp_status
classify_one(struct classify_ctx *ctx, const char *file, struct mp_error *err)
{
	enum mp_status status;
	char *data = NULL;
	size_t len = 0;
	struct parse_mail *mail = NULL;
	struct parse_event *ev = NULL;
	struct mp_match m = { 0 };

	status = read_input(file, &data, &len, err);
	if (status == MP_STATUS_OK)
		status = parse_mail_mem(data, len, &ctx->limits, &mail, err);
	if (status == MP_STATUS_OK)
		status = parse_classify(mail, &ctx->pc, &ev, err);
	if (status == MP_STATUS_OK && ctx->store)
		status = mp_match_event(ctx->store, ctx->cli->config, ev, ctx->roots, ctx->roots_len,
					ctx->cli->now, &m, err);
	if (status != MP_STATUS_OK)
		goto out;
	event_json(ctx, file, ev, &m, ctx->store != NULL);
	fwrite(ctx->line->str, 1, ctx->line->len, stdout);
out:
	mp_match_clear(&m);
	parse_event_free(ev);
	parse_mail_free(mail);
	g_free(data);
	return status;
}

/* A folder entry: its name and its type as readdir() gave it. */
struct folder_entry {
	char *name;
	unsigned char type; /* DT_* */
};

static gint
compare_entries(gconstpointer a, gconstpointer b)
{
	return strcmp(((const struct folder_entry *)a)->name, ((const struct folder_entry *)b)->name);
}

/* A folder: every regular file in it, in name order; a Maildir's cur/ and
 * new/ (never tmp/, where deliveries are still being written). The type
 * readdir() gives saves a stat() per file; a link, or a file system that
 * does not say, is looked at with stat() (links followed). */
static void
collect_folder(const char *path, GPtrArray *files)
{
	DIR *dir = opendir(path);
	GArray *entries = g_array_new(FALSE, FALSE, sizeof(struct folder_entry));
	struct dirent *d;

	if (!dir) {
		g_ptr_array_add(files, g_strdup(path)); /* reported when read */
		g_array_free(entries, TRUE);
		return;
	}
	while ((d = readdir(dir))) {
		struct folder_entry e = { NULL, d->d_type };

		if (d->d_name[0] == '.' || strcmp(d->d_name, "tmp") == 0)
			continue;
		e.name = g_strdup(d->d_name);
		g_array_append_val(entries, e);
	}
	closedir(dir);
	g_array_sort(entries, compare_entries);
	for (guint i = 0; i < entries->len; i++) {
		struct folder_entry *e = &g_array_index(entries, struct folder_entry, i);
		char *full = g_build_filename(path, e->name, NULL);
		unsigned char type = e->type;
		struct stat st;

		if (type == DT_UNKNOWN || type == DT_LNK)
			type = stat(full, &st) != 0 ? DT_UNKNOWN : S_ISDIR(st.st_mode) ? DT_DIR
							     : S_ISREG(st.st_mode)  ? DT_REG
										    : DT_UNKNOWN;
		if (type == DT_DIR)
			collect_folder(full, files);
		else if (type == DT_REG)
			g_ptr_array_add(files, g_steal_pointer(&full));
		g_free(full);
		g_free(e->name);
	}
	g_array_free(entries, TRUE);
}

/* The classifier's view of the configuration, or the defaults without one. */
static int
setup(struct classify_ctx *ctx, bool config_given)
{
	struct mp_cli *cli = ctx->cli;
	const char *path = cli->config_path ? cli->config_path : mp_config_default_path();
	struct mp_error err = { "" };
	enum mp_status status;

	parse_mail_limits_default(&ctx->limits);
	if (!config_given && !g_file_test(path, G_FILE_TEST_EXISTS)) {
		ctx->owned = g_strsplit("digicert.com,sectigo.com,comodo.com,globalsign.com", ",", -1);
		ctx->pc.ca_domains = (const char *const *)ctx->owned;
		return 0;
	}
	status = mp_config_load(path, &cli->config, &err);
	if (status != MP_STATUS_OK)
		return mp_cli_fail(cli, status, err.text);
	ctx->owned = mp_inbound_classify_config(cli->config, &ctx->pc);
	/* With a database the orders decide; a missing one is not an error: the
	 * mail alone speaks. The database is only read. */
	status = mp_store_open(cli->config->paths.db, false, &ctx->store, &err);
	if (status == MP_STATUS_NOT_FOUND)
		return 0;
	if (status != MP_STATUS_OK)
		return mp_cli_fail(cli, status, err.text);
	if (mp_read_file(cli->config->trust.roots, &ctx->roots, &ctx->roots_len, &err) != MP_STATUS_OK)
		g_warning("classify: %s: certificates cannot be verified", err.text);
	return 0;
}

int
mp_cmd_classify(int argc, char **argv)
{
	struct mp_cli cli = { .name = "classify" };
	struct classify_ctx ctx = { .cli = &cli };
	struct mp_error err = { "" };
	unsigned failed = 0;
	int code, i;

	code = mp_cli_parse(&cli, "FILE.eml...",
			    "Read mails from files (or - for standard input; a folder or Maildir means\n"
			    "every mail in it) and print one JSON object\n"
			    "per mail, one per line: kind, intent, order, trust and the facts found.\n"
			    "Changes nothing. With a config whose database holds the orders, the\n"
			    "order and trust use it; without one, what the mail alone says.",
			    NULL, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc < 2) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "expected one or more mail files (see --help)");
		goto out;
	}
	code = setup(&ctx, cli.config_path != NULL);
	if (code)
		goto out;
	ctx.builder = json_builder_new();
	ctx.gen = json_generator_new();
	json_generator_set_pretty(ctx.gen, FALSE);
	ctx.line = g_string_sized_new(1024);
	for (i = 1; i < argc; i++) {
		GPtrArray *files = g_ptr_array_new_with_free_func(g_free);

		if (strcmp(argv[i], "-") != 0 && g_file_test(argv[i], G_FILE_TEST_IS_DIR))
			collect_folder(argv[i], files);
		else
			g_ptr_array_add(files, g_strdup(argv[i]));
		for (guint f = 0; f < files->len; f++) {
			const char *file = g_ptr_array_index(files, f);

			if (classify_one(&ctx, file, &err) != MP_STATUS_OK) {
				fprintf(stderr, "mailproc classify: %s: %s\n", file, err.text);
				failed++;
			}
		}
		g_ptr_array_unref(files);
	}
	if (failed)
		code = MP_EX_DATAERR;
out:
	if (ctx.builder)
		g_object_unref(ctx.builder);
	if (ctx.gen)
		g_object_unref(ctx.gen);
	if (ctx.line)
		g_string_free(ctx.line, TRUE);
	mp_store_close(ctx.store);
	g_strfreev(ctx.owned);
	g_free(ctx.roots);
	mp_cli_close(&cli);
	return code;
}
