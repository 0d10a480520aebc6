/* `mailproc csr ORDER`: the order's new key (kept 0600, never shown) and its CSR, printed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "mailproc.h"

struct csr_opts {
	int rsa;
	char *state;
	char *locality;
	gboolean force;
};

/* What the CSR says, and where each value came from (for messages). */
struct csr_subject {
	char *org;               /* owned */
	const char *org_from;    /* static */
	char *address;           /* owned, may be NULL */
	const char *address_from;
	const char *state;       /* borrowed: --state or the prefecture table */
	char **names;            /* the order's names after its domain, owned */
};

static void
csr_subject_clear(struct csr_subject *s)
{
	g_free(s->org);
	g_free(s->address);
	g_strfreev(s->names);
}

/* A CSR belongs to an accepted order, or re-issues one already at the CA. */
static bool
csr_state_ok(enum wf_state state)
{
	return state == WF_STATE_ACCEPTED || state == WF_STATE_APPLIED ||
	       state == WF_STATE_AWAITING_APPROVAL;
}

static char *
trimmed_or_null(const char *text)
{
	char *copy;

	if (!text)
		return NULL;
	copy = g_strstrip(g_strdup(text));
	if (!*copy)
		g_clear_pointer(&copy, g_free);
	return copy;
}

/* A string member of obj, trimmed; NULL when absent, empty or not a string. */
static char *
string_member(JsonObject *obj, const char *name)
{
	JsonNode *node = json_object_get_member(obj, name);

	if (!node || !JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
		return NULL;
	return trimmed_or_null(json_node_get_string(node));
}

/* org_name_en and address from the stored application (the form), which
 * take precedence over the customer's record. */
static enum mp_status
application_values(const struct mp_order *o, char **org, char **address, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	JsonParser *parser;
	JsonNode *root;
	JsonObject *obj;
	GError *error = NULL;

	*org = *address = NULL;
	if (!o->application || !*o->application)
		return MP_STATUS_OK;
	parser = json_parser_new();
	if (!json_parser_load_from_data(parser, o->application, -1, &error)) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "%s: the stored application is not JSON: %s",
				      o->id, error->message);
		goto out;
	}
	root = json_parser_get_root(parser);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "%s: the stored application is not a JSON object", o->id);
		goto out;
	}
	obj = json_node_get_object(root);
	*org = string_member(obj, "org_name_en");
	*address = string_member(obj, "address");
out:
	g_clear_error(&error);
	g_object_unref(parser);
	return status;
}

/* Gather and check the subject. Prints what is wrong and returns the exit
 * code, or 0. */
static int
csr_subject(const struct mp_cli *cli, const struct mp_order *o, const struct csr_opts *opts,
	    struct csr_subject *s)
{
	struct mp_error err = { "" };
	enum mp_status status;
	char *text;
	int code;

	status = application_values(o, &s->org, &s->address, &err);
	if (status != MP_STATUS_OK)
		return mp_cli_fail(cli, status, err.text);
	s->org_from = "the application form";
	if (!s->org) {
		s->org = trimmed_or_null(o->customer.org_name_en);
		s->org_from = "the customer's record";
	}
	s->address_from = "the application form";
	if (!s->address) {
		s->address = trimmed_or_null(o->customer.address);
		s->address_from = "the customer's record";
	}
	if (!s->org) {
		text = g_strdup_printf("%s: no English organization name (org_name_en) in the application"
				       " form or the customer's record; import it first", o->id);
		code = mp_cli_fail(cli, MP_STATUS_BAD_INPUT, text);
		g_free(text);
		return code;
	}
	if (mp_keys_check_text("O", s->org, 64, &err) != MP_STATUS_OK) {
		text = g_strdup_printf("%s (from %s)", err.text, s->org_from);
		code = mp_cli_fail(cli, MP_STATUS_BAD_INPUT, text);
		g_free(text);
		return code;
	}

	s->state = opts->state ? opts->state : mp_keys_prefecture_en(s->address);
	if (!s->state) {
		text = g_strdup_printf("give --state Tokyo: the prefecture in English (the address '%s'"
				       " from %s does not start with one of the 47)",
				       s->address ? s->address : "", s->address_from);
		code = mp_cli_fail(cli, MP_STATUS_USAGE, text);
		g_free(text);
		return code;
	}
	if (!opts->locality) {
		text = g_strdup_printf("give --locality Chiyoda-ku: the city or ward in English, as in"
				       " the organization's registration (address: %s)",
				       s->address ? s->address : "none on record");
		code = mp_cli_fail(cli, MP_STATUS_USAGE, text);
		g_free(text);
		return code;
	}
	if ((opts->state && mp_keys_check_text("--state", opts->state, 128, &err) != MP_STATUS_OK) ||
	    mp_keys_check_text("--locality", opts->locality, 128, &err) != MP_STATUS_OK)
		return mp_cli_fail(cli, MP_STATUS_USAGE, err.text);

	s->names = g_strsplit_set(o->sans ? o->sans : "", " \t", -1);
	return 0;
}

/* The names after the domain, without the empty strings of a split. */
static const char **
extra_names(char **split)
{
	GPtrArray *names = g_ptr_array_new();

	for (char **n = split; n && *n; n++)
		if (**n)
			g_ptr_array_add(names, *n);
	g_ptr_array_add(names, NULL);
	return (const char **)g_ptr_array_free(names, FALSE);
}

/* Record the new public key and a timeline line in one transaction, checking
 * that nobody moved the order since it was read. */
static enum mp_status
record_key(struct mp_cli *cli, const struct mp_order *o, const struct parse_key_facts *key,
	   const char *kept, struct mp_error *err)
{
	enum mp_status status;
	struct mp_order *now = NULL;
	char *detail = g_strdup_printf("%s by %s", cli->name, g_get_user_name());
	char *note, *kept_name = kept ? g_path_get_basename(kept) : NULL;

	note = kept_name ? g_strdup_printf("key and CSR generated (%s); the old key kept as %s",
					   key->description, kept_name) :
			   g_strdup_printf("key and CSR generated (%s)", key->description);
	status = mp_store_begin(cli->store, err);
	if (status != MP_STATUS_OK)
		goto out;
	status = mp_store_order_get(cli->store, o->id, &now, err);
	if (status == MP_STATUS_OK && now->wf.state != o->wf.state)
		status = mp_error_set(err, MP_STATUS_TEMPFAIL, "%s moved from %s to %s meanwhile; try again",
				      o->id, wf_state_name(o->wf.state), wf_state_name(now->wf.state));
	if (status == MP_STATUS_OK)
		status = mp_store_order_set_key(cli->store, o->id, key, err);
	if (status == MP_STATUS_OK)
		status = mp_store_add_transition(cli->store, o->id, wf_state_name(o->wf.state),
						 wf_state_name(o->wf.state), wf_cause_name(WF_CAUSE_STAFF),
						 detail, note, cli->now, err);
	if (status == MP_STATUS_OK)
		status = mp_store_commit(cli->store, err);
out:
	if (status != MP_STATUS_OK)
		mp_store_rollback(cli->store);
	mp_order_free(now);
	g_free(detail);
	g_free(note);
	g_free(kept_name);
	return status;
}

static int
make_csr(struct mp_cli *cli, const char *order_id, const struct csr_opts *opts)
{
	struct mp_error err = { "" };
	enum mp_status status;
	struct mp_order *o = NULL;
	struct csr_subject subject = { 0 };
	struct mp_csr_request req;
	struct parse_key_facts *key = NULL, *csr_key = NULL;
	const char **names = NULL;
	char *key_pem = NULL, *csr_pem = NULL;
	char *key_path = NULL, *csr_path = NULL, *key_kept = NULL, *csr_kept = NULL;
	char *text = NULL;
	bool key_written = false, csr_written = false;
	int code;

	code = mp_cli_open(cli, false);
	if (code)
		goto out;
	status = mp_store_order_get(cli->store, order_id, &o, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(cli, status, err.text);
		goto out;
	}
	if (!csr_state_ok(o->wf.state)) {
		text = g_strdup_printf("%s is %s: a CSR is made for an accepted order (or, to re-issue,"
				       " an applied or awaiting_approval one)",
				       o->id, wf_state_name(o->wf.state));
		code = mp_cli_fail(cli, MP_STATUS_REFUSED, text);
		goto out;
	}
	/* The id names files: it must not reach outside the keys folder. */
	if (!*o->id || o->id[0] == '.' || strchr(o->id, '/')) {
		code = mp_cli_fail(cli, MP_STATUS_BAD_INPUT, "the order id cannot name a file");
		goto out;
	}
	code = csr_subject(cli, o, opts, &subject);
	if (code)
		goto out;

	if (g_mkdir_with_parents(cli->config->paths.keys, 0700) != 0) {
		text = g_strdup_printf("creating %s: %s", cli->config->paths.keys, g_strerror(errno));
		code = mp_cli_fail(cli, MP_STATUS_IO, text);
		goto out;
	}
	key_path = g_strdup_printf("%s/%s.key", cli->config->paths.keys, o->id);
	csr_path = g_strdup_printf("%s/%s.csr", cli->config->paths.keys, o->id);
	if (!opts->force && g_file_test(key_path, G_FILE_TEST_EXISTS)) {
		text = g_strdup_printf("%s already has a key (%s); --force makes a new one and keeps the"
				       " old as %s.old", o->id, key_path, key_path);
		code = mp_cli_fail(cli, MP_STATUS_REFUSED, text);
		goto out;
	}

	names = extra_names(subject.names);
	req = (struct mp_csr_request){
		.type = opts->rsa ? MP_KEY_RSA : MP_KEY_EC_P256,
		.bits = opts->rsa,
		.country = "JP",
		.state = subject.state,
		.locality = opts->locality,
		.org = subject.org,
		.cn = o->domain,
		.names = names,
	};
	status = mp_keys_make_csr(&req, &key_pem, &csr_pem, &err);
	/* The key as every other part of mailproc sees it, and a check that
	 * the CSR carries that very key. */
	if (status == MP_STATUS_OK)
		status = parse_key_public(key_pem, strlen(key_pem), &key, &err);
	if (status == MP_STATUS_OK)
		status = parse_key_public(csr_pem, strlen(csr_pem), &csr_key, &err);
	if (status == MP_STATUS_OK && strcmp(key->spki_sha256, csr_key->spki_sha256) != 0)
		status = mp_error_set(&err, MP_STATUS_CRYPTO, "the CSR does not carry the new key");
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(cli, status, err.text);
		goto out;
	}

	status = mp_keys_write_private(key_path, key_pem, opts->force, &key_kept, &err);
	if (status == MP_STATUS_REFUSED) {
		text = g_strdup_printf("%s already has a key (%s); --force makes a new one and keeps the"
				       " old as %s.old", o->id, key_path, key_path);
		code = mp_cli_fail(cli, status, text);
		goto out;
	}
	key_written = status == MP_STATUS_OK;
	if (status == MP_STATUS_OK)
		status = mp_keys_write_file(csr_path, csr_pem, strlen(csr_pem), 0644, true, &csr_kept, &err);
	csr_written = key_written && status == MP_STATUS_OK;
	if (status == MP_STATUS_OK)
		status = record_key(cli, o, key, key_kept, &err);
	if (status != MP_STATUS_OK) {
		/* The database does not know the new key: neither may the folder. */
		if (csr_written)
			mp_keys_undo_write(csr_path, csr_kept);
		if (key_written)
			mp_keys_undo_write(key_path, key_kept);
		code = mp_cli_fail(cli, status, err.text);
		goto out;
	}

	g_message("order=%s csr=%s key=\"%s\" spki_sha256=%s%s%s", o->id, csr_path, key->description,
		  key->spki_sha256, key_kept ? " kept=" : "", key_kept ? key_kept : "");
	fputs(csr_pem, stdout);
	fprintf(stderr, "mailproc csr: %s: new key (%s) in %s (mode 0600, never mailed), CSR in %s\n",
		o->id, key->description, key_path, csr_path);
	if (key_kept)
		fprintf(stderr, "mailproc csr: %s: the old key is kept as %s\n", o->id, key_kept);
	code = MP_EX_OK;
out:
	g_free(text);
	g_free(names);
	mp_keys_free_secret(key_pem);
	g_free(csr_pem);
	parse_key_facts_free(key);
	parse_key_facts_free(csr_key);
	g_free(key_path);
	g_free(csr_path);
	g_free(key_kept);
	g_free(csr_kept);
	csr_subject_clear(&subject);
	mp_order_free(o);
	return code;
}

int
mp_cmd_csr(int argc, char **argv)
{
	struct mp_cli cli = { .name = "csr" };
	struct csr_opts opts = { 0 };
	GOptionEntry entries[] = {
		{ "rsa", 0, 0, G_OPTION_ARG_INT, &opts.rsa,
		  "An RSA key of BITS (2048 or 3072) instead of ECDSA P-256", "BITS" },
		{ "state", 0, 0, G_OPTION_ARG_STRING, &opts.state,
		  "ST: the prefecture in English (default: from the address)", "ST" },
		{ "locality", 0, 0, G_OPTION_ARG_STRING, &opts.locality,
		  "L: the city or ward in English, as registered (required)", "L" },
		{ "force", 0, 0, G_OPTION_ARG_NONE, &opts.force,
		  "Make a new key even when the order has one (the old is kept as .old)", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	int code;

	code = mp_cli_parse(&cli, "ORDER",
			    "Generate the order's key (ECDSA P-256, or RSA with --rsa) and a CSR\n"
			    "from its application data: C=JP, ST, L, O (the English organization\n"
			    "name), CN (the domain) and every name as a subjectAltName. The key\n"
			    "stays in the keys folder (mode 0600, never printed or mailed); the\n"
			    "CSR is written next to it and printed, for the order at the CA.",
			    entries, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc != 2) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "expected one order id, e.g. ORD-2026-0012");
		goto out;
	}
	if (opts.rsa != 0 && opts.rsa != 2048 && opts.rsa != 3072) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "--rsa: 2048 or 3072");
		goto out;
	}
	code = make_csr(&cli, argv[1], &opts);
out:
	g_free(opts.state);
	g_free(opts.locality);
	mp_cli_close(&cli);
	return code;
}
