/* The fixture corpus as a table: every fixtures/mail/X.eml through parse_mail_mem
 * and parse_classify, compared field by field with fixtures/expected/X.json. */
#include <criterion/criterion.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "parsers.h"

static const char *const ca_domains[] = { "digicert.com", "sectigo.com", "comodo.com", "globalsign.com",
					  NULL };
static const char *const staff[] = { "staff1@example-hosting.jp", "staff2@example-hosting.jp", NULL };
static const char *const own[] = { "ssl@example-hosting.jp", "info@example-hosting.jp", NULL };

static const struct parse_classify_config config = {
	.authserv_id = "mx.example-hosting.jp",
	.ca_domains = ca_domains,
	.staff = staff,
	.own_addresses = own,
};

static const char *
fixtures_dir(void)
{
	const char *dir = g_getenv("MAILPROC_FIXTURES");

	return dir && *dir ? dir : "fixtures";
}

/* Expected string member: NULL for JSON null or absent. */
static const char *
expected_string(JsonObject *o, const char *name, bool *present)
{
	JsonNode *n = json_object_get_member(o, name);

	*present = n != NULL;
	if (!n || JSON_NODE_HOLDS_NULL(n))
		return NULL;
	return json_node_get_string(n);
}

static void
compare_string(GString *diff, JsonObject *o, const char *name, const char *got)
{
	bool present;
	const char *want = expected_string(o, name, &present);

	if (!present)
		return;
	if (g_strcmp0(want, got) != 0)
		g_string_append_printf(diff, "  %s: got %s%s%s, expected %s%s%s\n", name, got ? "\"" : "",
				       got ? got : "null", got ? "\"" : "", want ? "\"" : "",
				       want ? want : "null", want ? "\"" : "");
}

static void
compare_form(GString *diff, JsonObject *o, const struct parse_event *ev)
{
	JsonNode *n = json_object_get_member(o, "form");
	JsonObject *want;
	GList *members, *l;

	if (!n)
		return;
	if (JSON_NODE_HOLDS_NULL(n)) {
		if (ev->form && ev->kind == PARSE_KIND_APPLICATION_FORM)
			g_string_append(diff, "  form: got a form, expected null\n");
		return;
	}
	if (!ev->form) {
		g_string_append(diff, "  form: got null, expected a form\n");
		return;
	}
	want = json_node_get_object(n);
	members = json_object_get_members(want);
	for (l = members; l; l = l->next) {
		const char *key = l->data;
		const char *expected = json_object_get_string_member(want, key);
		const char *got = parse_form_get(ev->form, key);

		if (got && parse_form_is_masked(ev->form, key))
			got = "********";
		if (g_strcmp0(expected, got) != 0)
			g_string_append_printf(diff, "  form.%s: got %s, expected %s\n", key,
					       got ? got : "null", expected ? expected : "null");
	}
	g_list_free(members);
}

static void
compare_certs(GString *diff, JsonObject *o, const struct parse_event *ev)
{
	JsonNode *n = json_object_get_member(o, "certificates");
	JsonArray *want;
	guint i, got_len = ev->certificates ? ev->certificates->len : 0;

	if (!n || JSON_NODE_HOLDS_NULL(n))
		return;
	want = json_node_get_array(n);
	if (json_array_get_length(want) != got_len) {
		g_string_append_printf(diff, "  certificates: got %u, expected %u\n", got_len,
				       json_array_get_length(want));
		return;
	}
	for (i = 0; i < got_len; i++) {
		const struct parse_cert_facts *c = g_ptr_array_index(ev->certificates, i);
		JsonObject *w = json_array_get_object_element(want, i);
		const char *sha = json_object_get_string_member_with_default(w, "sha256", NULL);
		const char *cn = json_object_get_string_member_with_default(w, "subject_cn", NULL);

		if (sha && g_ascii_strcasecmp(sha, c->sha256) != 0)
			g_string_append_printf(diff, "  certificates[%u].sha256: got %s, expected %s\n", i,
					       c->sha256, sha);
		if (cn && g_strcmp0(cn, c->subject_cn) != 0)
			g_string_append_printf(diff, "  certificates[%u].subject_cn: got %s, expected %s\n", i,
					       c->subject_cn ? c->subject_cn : "null", cn);
	}
}

/* The differences between what came out and what the JSON expects, or "". */
static char *
check_fixture(const char *name, const char *eml_path, const char *json_path)
{
	GString *diff = g_string_new(NULL);
	char *data = NULL;
	gsize len = 0;
	struct parse_mail_limits limits;
	struct parse_mail *mail = NULL;
	struct parse_event *ev = NULL;
	JsonParser *parser = json_parser_new();
	GError *error = NULL;
	JsonObject *want;
	bool present;
	const char *s;

	if (!g_file_get_contents(eml_path, &data, &len, &error) ||
	    !json_parser_load_from_file(parser, json_path, &error)) {
		g_string_append_printf(diff, "  cannot read: %s\n", error->message);
		goto out;
	}
	want = json_node_get_object(json_parser_get_root(parser));
	parse_mail_limits_default(&limits);
	if (parse_mail_mem(data, len, &limits, &mail, NULL) != MP_STATUS_OK) {
		/* Only an empty file may be refused; it must then be expected unknown. */
		s = expected_string(want, "kind", &present);
		if (g_strcmp0(s, "unknown") != 0)
			g_string_append_printf(diff, "  parse_mail_mem refused it, expected kind %s\n", s);
		goto out;
	}
	if (parse_classify(mail, &config, &ev, NULL) != MP_STATUS_OK) {
		g_string_append(diff, "  parse_classify failed\n");
		goto out;
	}
	compare_string(diff, want, "kind", parse_kind_name(ev->kind));
	compare_string(diff, want, "intent", parse_intent_name(ev->intent));
	compare_string(diff, want, "message_id", ev->message_id);
	compare_string(diff, want, "order", ev->order_tag);
	compare_string(diff, want, "domain", ev->domain);
	compare_string(diff, want, "forwarded_by", ev->forwarded_by);
	compare_string(diff, want, "ca", ev->ca);
	compare_string(diff, want, "ca_order", ev->ca_order);
	compare_string(diff, want, "approval_url", ev->approval_url);
	if (json_object_has_member(want, "trusted") &&
	    json_object_get_boolean_member(want, "trusted") != ev->trusted)
		g_string_append_printf(diff, "  trusted: got %s\n", ev->trusted ? "true" : "false");
	compare_form(diff, want, ev);
	compare_certs(diff, want, ev);
	if (diff->len && ev->reasons) {
		g_string_append(diff, "  reasons:");
		for (guint i = 0; i < ev->reasons->len; i++)
			g_string_append_printf(diff, " [%s]", (char *)g_ptr_array_index(ev->reasons, i));
		g_string_append_c(diff, '\n');
	}
out:
	(void)name;
	g_clear_error(&error);
	g_object_unref(parser);
	parse_event_free(ev);
	parse_mail_free(mail);
	g_free(data);
	return g_string_free(diff, FALSE);
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

Test(fixtures, every_mail_classified_as_expected, .timeout = 120)
{
	char *mail_dir = g_build_filename(fixtures_dir(), "mail", NULL);
	GDir *dir = g_dir_open(mail_dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GString *report = g_string_new(NULL);
	const char *entry;
	unsigned checked = 0, failed = 0, unsafe = 0;

	cr_assert_not_null(dir, "no folder %s", mail_dir);
	while ((entry = g_dir_read_name(dir)))
		if (g_str_has_suffix(entry, ".eml"))
			g_ptr_array_add(names, g_strndup(entry, strlen(entry) - 4));
	g_dir_close(dir);
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		char *file = g_strdup_printf("%s.eml", name);
		char *json_file = g_strdup_printf("%s.json", name);
		char *eml = g_build_filename(mail_dir, file, NULL);
		char *json = g_build_filename(fixtures_dir(), "expected", json_file, NULL);
		char *diff;

		if (!g_file_test(json, G_FILE_TEST_EXISTS)) {
			g_string_append_printf(report, "%s: no expected file\n", name);
			failed++;
		} else {
			diff = check_fixture(name, eml, json);
			checked++;
			if (*diff) {
				failed++;
				g_string_append_printf(report, "%s:\n%s", name, diff);
				/* The one mistake that must never happen: a decision
				 * where the mail was unclear. */
				if (strstr(diff, "intent: got \"renew\", expected \"unclear\"") ||
				    strstr(diff, "intent: got \"decline\", expected \"unclear\""))
					unsafe++;
			}
			g_free(diff);
		}
		g_free(file);
		g_free(json_file);
		g_free(eml);
		g_free(json);
	}
	if (report->len)
		cr_log_info("%s", report->str);
	cr_log_info("fixtures: %u checked, %u differ, %u unsafe", checked, failed, unsafe);
	cr_expect_geq(checked, 80, "only %u fixtures", checked);
	cr_expect_eq(unsafe, 0, "%u unclear mails got a decision", unsafe);
	cr_expect_eq(failed, 0, "%u of %u fixtures differ:\n%s", failed, checked, report->str);
	g_string_free(report, TRUE);
	g_ptr_array_unref(names);
	g_free(mail_dir);
}
