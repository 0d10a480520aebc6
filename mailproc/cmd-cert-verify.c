/* `mailproc cert-verify FILE...`: read certificate files, check chain, key and names, print one JSON object. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mailproc.h"

/* sysexits.h EX_NOINPUT: what the certificates are checked against (the
 * trusted roots, the --key file) cannot be read, so nothing was checked. */
#define CV_EX_NOINPUT 66

#define CV_DEFAULT_ROOTS "/etc/ssl/certs/ca-certificates.crt"
/* A certificate bundle is kilobytes; this only stops a runaway pipe. */
#define CV_STDIN_MAX (64u * 1024 * 1024)

/* The certificates read so far and what went wrong on the way. */
struct cv_input {
	GPtrArray *certs;  /* struct parse_cert_facts * */
	GPtrArray *errors; /* char *: "FILE: why", for stderr */
	GPtrArray *unread; /* char *: the FILE of each error, for the JSON */
};

/* Only the names go into the JSON: a reason may quote what the file held
 * ("holds a PRIVATE KEY"), and the JSON is passed around. */
static void
add_error(struct cv_input *in, const char *file, char *text)
{
	g_ptr_array_add(in->errors, text);
	g_ptr_array_add(in->unread, g_strdup(file));
}

static enum mp_status
read_stdin(char **data, size_t *len, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	GByteArray *buf = g_byte_array_new();
	guint8 chunk[16384];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		if (buf->len + n > CV_STDIN_MAX) {
			status = mp_error_set(err, MP_STATUS_IO, "stdin: more than %u bytes",
					      CV_STDIN_MAX);
			goto out;
		}
		g_byte_array_append(buf, chunk, (guint)n);
	}
	if (ferror(stdin))
		status = mp_error_set(err, MP_STATUS_IO, "stdin: %s", g_strerror(errno));
out:
	*len = buf->len;
	*data = (char *)g_byte_array_free(buf, FALSE);
	if (status != MP_STATUS_OK) {
		g_free(*data);
		*data = NULL;
		*len = 0;
	}
	return status;
}

/* Read one file (path "-": stdin) into in->certs; a failure is noted in
 * in->errors and reading goes on with the next file. */
static void
read_one(struct cv_input *in, const char *path)
{
	struct mp_error err = { "" };
	enum mp_status status;
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	char *data = NULL;
	size_t len = 0;

	if (strcmp(path, "-") == 0)
		status = read_stdin(&data, &len, &err);
	else
		status = mp_read_file(path, &data, &len, &err);
	/* parse_cert_read's reason names the file (or the ZIP entry) already. */
	if (status == MP_STATUS_OK)
		status = parse_cert_read(data, len, name, in->certs, &err);
	if (status != MP_STATUS_OK)
		add_error(in, name, g_strdup(err.text));
	g_free(data);
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of folder, by name (bytewise, so the order does not
 * depend on the locale), not hidden ones (.DS_Store) and not subfolders. */
static void
read_folder(struct cv_input *in, const char *folder)
{
	GError *error = NULL;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *entry;
	guint files = 0;
	GDir *dir = g_dir_open(folder, 0, &error);

	if (!dir) {
		add_error(in, folder, g_strdup_printf("%s: %s", folder, error->message));
		goto out;
	}
	while ((entry = g_dir_read_name(dir)))
		if (entry[0] != '.')
			g_ptr_array_add(names, g_strdup(entry));
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len; i++) {
		char *path = g_build_filename(folder, (const char *)g_ptr_array_index(names, i), NULL);

		if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
			read_one(in, path);
			files++;
		}
		g_free(path);
	}
	if (!files)
		add_error(in, folder, g_strdup_printf("%s: no files in the folder", folder));
out:
	if (dir)
		g_dir_close(dir);
	g_clear_error(&error);
	g_ptr_array_unref(names);
}

/* The PEM bundle of trusted roots: --roots, else [trust] roots of the
 * configuration when one is named or the default one exists, else the
 * system's bundle. Staff run this command without any configuration, so a
 * missing default configuration is no error; a broken one is. Returns 0 or
 * the exit code to leave with (after printing why). */
static int
load_roots(struct mp_cli *cli, const char *roots_opt, char **data, size_t *len, char **label)
{
	struct mp_error err = { "" };
	enum mp_status status;
	const char *path = roots_opt, *config_path = cli->config_path;
	char *where = NULL;
	int code = 0;

	*label = NULL;

	if (!path) {
		if (!config_path && g_file_test(mp_config_default_path(), G_FILE_TEST_EXISTS))
			config_path = mp_config_default_path();
		if (config_path) {
			status = mp_config_load(config_path, &cli->config, &err);
			if (status != MP_STATUS_OK) {
				code = mp_cli_fail(cli, status, err.text);
				goto out;
			}
			path = cli->config->trust.roots;
			where = g_strdup_printf("[trust] roots of %s", config_path);
		} else {
			path = CV_DEFAULT_ROOTS;
		}
	}
	if (!where)
		where = g_strdup(roots_opt ? "--roots" : "the default");
	*label = g_strdup_printf("trusted roots %s (%s)", path, where);
	status = mp_read_file(path, data, len, &err);
	if (status != MP_STATUS_OK) {
		fprintf(stderr, "mailproc %s: cannot read the %s: %s\n", cli->name, *label, err.text);
		code = CV_EX_NOINPUT;
	}
out:
	g_free(where);
	return code;
}

/* The public key of --key, as the SHA-256 of its SubjectPublicKeyInfo.
 * Returns 0 or the exit code to leave with (after printing why). */
static int
load_key(const struct mp_cli *cli, const char *path, char **spki_sha256)
{
	struct mp_error err = { "" };
	struct parse_key_facts *key = NULL;
	char *data = NULL;
	size_t len = 0;
	int code = 0;

	if (mp_read_file(path, &data, &len, &err) != MP_STATUS_OK) {
		fprintf(stderr, "mailproc %s: --key: %s\n", cli->name, err.text);
		code = CV_EX_NOINPUT;
		goto out;
	}
	if (parse_key_public(data, len, &key, &err) != MP_STATUS_OK) {
		fprintf(stderr, "mailproc %s: --key %s: %s\n", cli->name, path, err.text);
		code = MP_EX_DATAERR;
		goto out;
	}
	*spki_sha256 = g_strdup(key->spki_sha256);
out:
	parse_key_facts_free(key);
	/* A private key was in this buffer: do not leave it in freed memory. */
	if (data)
		memset(data, 0, len);
	g_free(data);
	return code;
}

static void
add_check(JsonBuilder *b, const char *name, int value)
{
	json_builder_set_member_name(b, name);
	if (value < 0)
		json_builder_add_null_value(b);
	else
		json_builder_add_boolean_value(b, value != 0);
}

static void
add_text(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (value)
		json_builder_add_string_value(b, value);
	else
		json_builder_add_null_value(b);
}

/* INTERFACE.md's object, plus names_error and unread_files. */
static char *
verdict_json(const GPtrArray *certs, const struct parse_cert_verdict *v, const GPtrArray *unread,
	     bool ok)
{
	JsonBuilder *b = json_builder_new();
	JsonNode *root;
	char *not_after = mp_json_time(v->not_after), *line;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "certificates");
	json_builder_begin_array(b);
	for (guint i = 0; i < certs->len; i++)
		mp_json_add_cert(b, g_ptr_array_index(certs, i));
	json_builder_end_array(b);
	json_builder_set_member_name(b, "chain_ok");
	json_builder_add_boolean_value(b, v->chain_ok);
	add_text(b, "chain_error", v->chain_error);
	add_check(b, "key_match", v->key_match);
	add_check(b, "names_ok", v->names_ok);
	add_text(b, "names_error", v->names_error);
	add_text(b, "not_after", not_after);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, ok);
	json_builder_set_member_name(b, "unread_files");
	json_builder_begin_array(b);
	for (guint i = 0; i < unread->len; i++)
		json_builder_add_string_value(b, g_ptr_array_index(unread, i));
	json_builder_end_array(b);
	json_builder_end_object(b);

	root = json_builder_get_root(b);
	line = mp_json_to_line(root);
	json_node_unref(root);
	g_object_unref(b);
	g_free(not_after);
	return line;
}

int
mp_cmd_cert_verify(int argc, char **argv)
{
	struct mp_cli cli = { .name = "cert-verify" };
	struct mp_error err = { "" };
	enum mp_status status;
	struct cv_input in = { NULL, NULL, NULL };
	struct parse_cert_verdict *verdict = NULL;
	char *roots_opt = NULL, *key_opt = NULL, **names = NULL;
	char *roots = NULL, *roots_label = NULL, *key_sha256 = NULL, *line = NULL;
	size_t roots_len = 0;
	bool ok;
	int code;
	GOptionEntry entries[] = {
		{ "roots", 0, 0, G_OPTION_ARG_FILENAME, &roots_opt,
		  "Trusted root certificates, a PEM bundle (default: see above)", "FILE" },
		{ "key", 0, 0, G_OPTION_ARG_FILENAME, &key_opt,
		  "The leaf must carry this public key: a private key, a public key or a CSR "
		  "(PEM or DER)",
		  "KEY.pem|CSR.pem" },
		{ "name", 0, 0, G_OPTION_ARG_STRING_ARRAY, &names,
		  "The leaf must cover this DNS name (repeat for more; *.example.jp covers one label)",
		  "DNSNAME" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};

	in.certs = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	in.errors = g_ptr_array_new_with_free_func(g_free);
	in.unread = g_ptr_array_new_with_free_func(g_free);
	code = mp_cli_parse(&cli, "FILE...",
			    "Read certificate files as CAs send them (PEM, DER, PKCS#7, ZIP; a folder\n"
			    "means every regular file in it, by name, neither hidden files nor\n"
			    "subfolders; - is stdin) and print one JSON object on one line: the\n"
			    "certificates (leaf first), whether the chain verifies against the\n"
			    "trusted roots at --now, whether the leaf has the public key of --key\n"
			    "and covers every --name, and the leaf's expiry.\n"
			    "\n"
			    "Trusted roots: --roots, else [trust] roots of the configuration when\n"
			    "--config is given or $MAILPROC_CONFIG / ./mailproc.conf exists (none is\n"
			    "needed), else " CV_DEFAULT_ROOTS ".\n"
			    "\n"
			    "Exit status: 0 when every check asked for passed; 65 when a check\n"
			    "failed, a FILE could not be read or held no certificate (the JSON is\n"
			    "still printed when any certificate was read), or --key is no key;\n"
			    "66 when the trusted roots or the --key file cannot be read (nothing\n"
			    "was checked); 64 usage; 78 a broken configuration.",
			    entries, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc < 2) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE,
				   "expected certificate files or folders (see --help)");
		goto out;
	}
	for (char **name = names; name && *name; name++) {
		if (!**name) {
			code = mp_cli_fail(&cli, MP_STATUS_USAGE, "--name: empty name");
			goto out;
		}
	}
	code = load_roots(&cli, roots_opt, &roots, &roots_len, &roots_label);
	if (code)
		goto out;
	if (key_opt) {
		code = load_key(&cli, key_opt, &key_sha256);
		if (code)
			goto out;
	}

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0 && g_file_test(argv[i], G_FILE_TEST_IS_DIR))
			read_folder(&in, argv[i]);
		else
			read_one(&in, argv[i]);
	}
	for (guint i = 0; i < in.errors->len; i++)
		fprintf(stderr, "mailproc %s: %s\n", cli.name, (char *)g_ptr_array_index(in.errors, i));
	if (!in.certs->len) {
		code = MP_EX_DATAERR;
		goto out;
	}

	parse_cert_order(in.certs);
	status = parse_cert_verify(in.certs, roots, roots_len, cli.now, key_sha256,
				   (const char *const *)names, &verdict, &err);
	if (status == MP_STATUS_BAD_INPUT) {
		/* The certificates are there, so it is the roots that hold none. */
		fprintf(stderr, "mailproc %s: %s: %s\n", cli.name, roots_label, err.text);
		code = CV_EX_NOINPUT;
		goto out;
	}
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	ok = verdict->ok && in.errors->len == 0;
	line = verdict_json(in.certs, verdict, in.unread, ok);
	printf("%s\n", line);
	if (fflush(stdout) != 0) {
		code = mp_cli_fail(&cli, MP_STATUS_IO, g_strerror(errno));
		goto out;
	}
	code = ok ? MP_EX_OK : MP_EX_DATAERR;
out:
	parse_cert_verdict_free(verdict);
	g_ptr_array_unref(in.certs);
	g_ptr_array_unref(in.errors);
	g_ptr_array_unref(in.unread);
	g_free(line);
	g_free(roots);
	g_free(roots_label);
	g_free(key_sha256);
	g_free(roots_opt);
	g_free(key_opt);
	g_strfreev(names);
	mp_cli_close(&cli);
	return code;
}
