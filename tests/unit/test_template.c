/* Unit tests of the mail templates: the real templates/ folder loads and renders in both languages; broken copies are refused. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <criterion/criterion.h>

#include "mailproc.h"

#define ORDER "ORD-2026-0012"

static const char *const languages[] = { "ja", "en" };

/* A full table of values, as the caller would fill it in for language. */
static GHashTable *
full_vars(const char *language)
{
	GHashTable *vars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	bool ja = strcmp(language, "ja") == 0;
	const char *const *v;

#define SET(k, val) g_hash_table_replace(vars, g_strdup(k), g_strdup(val))
	SET("order_id", ORDER);
	SET("company_name", ja ? "株式会社サンプルホスティング" : "Sample Hosting Co., Ltd.");
	SET("info_address", "info@example-hosting.jp");
	SET("form_url", "https://www.example-hosting.jp/ssl/renew/");
	SET("customer_org", "株式会社見本商事");
	SET("customer_org_en", "Mihon Shoji Co., Ltd.");
	SET("contact_name", ja ? "山田 太郎" : "Taro Yamada");
	SET("domain", "www.example.co.jp");
	SET("sans", "example.co.jp, shop.example.co.jp");
	SET("ca_name", "DigiCert");
	SET("product", "GeoTrust True BusinessID");
	SET("not_after", ja ? "2026年12月10日" : "December 10, 2026");
	SET("new_not_after", ja ? "2027年6月28日" : "June 28, 2027");
	SET("price_jpy", "33,000");
	SET("deadline", ja ? "2026年11月26日" : "November 26, 2026");
	SET("deadline_days", "3");
	SET("approval_url", "https://www.digicert.com/link/approve?t=abc");
	SET("ca_order", "12345678");
	SET("bundle_files", "www.example.co.jp.crt\nDigiCertCA.ca\nTrustedRoot.ca");
	SET("due_date", ja ? "2027年1月15日" : "January 15, 2027");
	SET("alert_text", ja ? "差出人が注文の連絡先ではありません。\n差出人: someone@example.net"
			     : "The sender is not a contact of the order.\nFrom: someone@example.net");
	SET("phone_warning", mp_templates_phone_warning(language));
	g_hash_table_replace(vars, g_strdup("approval_link"),
			     mp_templates_approval_link(language, "https://www.digicert.com/link/approve?t=abc"));
#undef SET
	/* the table and the variable list agree */
	for (v = mp_templates_variables(); *v; v++)
		cr_assert(g_hash_table_contains(vars, *v), "no test value for %s", *v);
	cr_assert_eq(g_hash_table_size(vars), g_strv_length((char **)mp_templates_variables()));
	return vars;
}

static struct mp_templates *
load_ok(const char *dir)
{
	struct mp_error err = { "" };
	struct mp_templates *t = NULL;
	enum mp_status st = mp_templates_load(dir, &t, &err);

	cr_assert_eq(st, MP_STATUS_OK, "load %s: %s", dir, err.text);
	cr_assert_not_null(t);
	return t;
}

/* ---- a temporary copy of templates/ to break --------------------------------- */

static char *
copy_templates(void)
{
	GError *gerr = NULL;
	char *tmp = g_dir_make_tmp("mp-tpl-XXXXXX", &gerr);

	cr_assert_not_null(tmp, "%s", gerr ? gerr->message : "");
	for (size_t l = 0; l < 2; l++) {
		char *dir = g_build_filename(tmp, languages[l], NULL);

		cr_assert_eq(g_mkdir(dir, 0700), 0);
		for (int m = 0; m < WF_MAIL_COUNT; m++) {
			char *file = g_strconcat(wf_mail_name(m), ".txt", NULL);
			char *from = g_build_filename("templates", languages[l], file, NULL);
			char *to = g_build_filename(dir, file, NULL);
			char *buf;
			gsize len;

			cr_assert(g_file_get_contents(from, &buf, &len, NULL), "read %s", from);
			cr_assert(g_file_set_contents(to, buf, len, NULL));
			g_free(buf);
			g_free(to);
			g_free(from);
			g_free(file);
		}
		g_free(dir);
	}
	return tmp;
}

static void
remove_templates(char *tmp)
{
	for (size_t l = 0; l < 2; l++) {
		char *dir = g_build_filename(tmp, languages[l], NULL);

		for (int m = 0; m < WF_MAIL_COUNT; m++) {
			char *file = g_strconcat(wf_mail_name(m), ".txt", NULL);
			char *path = g_build_filename(dir, file, NULL);

			g_unlink(path);
			g_free(path);
			g_free(file);
		}
		g_rmdir(dir);
		g_free(dir);
	}
	g_rmdir(tmp);
	g_free(tmp);
}

static void
write_file(const char *tmp, const char *language, const char *name, const char *text)
{
	char *file = g_strconcat(name, ".txt", NULL);
	char *path = g_build_filename(tmp, language, file, NULL);

	cr_assert(g_file_set_contents(path, text, -1, NULL));
	g_free(path);
	g_free(file);
}

static char *
read_template(const char *tmp, const char *language, const char *name)
{
	char *file = g_strconcat(name, ".txt", NULL);
	char *path = g_build_filename(tmp, language, file, NULL);
	char *buf;

	cr_assert(g_file_get_contents(path, &buf, NULL, NULL));
	g_free(path);
	g_free(file);
	return buf;
}

/* Load tmp and expect MP_STATUS_CONFIG with err ending in suffix. */
static void
load_refused(const char *tmp, const char *suffix)
{
	struct mp_error err = { "" };
	struct mp_templates *t = (struct mp_templates *)&err; /* must be reset to NULL */
	enum mp_status st = mp_templates_load(tmp, &t, &err);

	cr_assert_eq(st, MP_STATUS_CONFIG, "status %d (%s)", st, err.text);
	cr_assert_null(t);
	cr_assert(g_str_has_suffix(err.text, suffix), "error \"%s\", wanted it to end in \"%s\"",
		  err.text, suffix);
	cr_assert(g_str_has_prefix(err.text, tmp), "error \"%s\" names no file", err.text);
}

/* ---- the real templates ------------------------------------------------------- */

Test(mp_templates, variables_are_the_documented_set)
{
	static const char *const want[] = {
		"order_id", "company_name", "info_address", "form_url", "customer_org",
		"customer_org_en", "contact_name", "domain", "sans", "ca_name", "product",
		"not_after", "new_not_after", "price_jpy", "deadline", "deadline_days",
		"approval_url", "ca_order", "bundle_files", "due_date", "alert_text",
		"phone_warning", "approval_link",
	};
	const char *const *v = mp_templates_variables();

	cr_assert_eq(g_strv_length((char **)v), G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		cr_assert(g_strv_contains(v, want[i]), "%s missing", want[i]);
}

Test(mp_templates, real_folder_loads)
{
	mp_templates_free(load_ok("templates"));
	mp_templates_free(NULL);
}

Test(mp_templates, every_template_renders_in_both_languages)
{
	struct mp_templates *t = load_ok("templates");

	for (size_t l = 0; l < 2; l++) {
		GHashTable *vars = full_vars(languages[l]);

		for (int m = 0; m < WF_MAIL_COUNT; m++) {
			const char *name = wf_mail_name(m);
			struct mp_error err = { "" };
			char *subject = NULL, *body = NULL;
			enum mp_status st = mp_templates_render(t, languages[l], name, vars, &subject,
								 &body, &err);

			cr_assert_eq(st, MP_STATUS_OK, "%s/%s: %s", languages[l], name, err.text);
			cr_assert(g_utf8_validate(subject, -1, NULL) && g_utf8_validate(body, -1, NULL));
			cr_assert_null(strstr(subject, "{{"), "%s/%s subject: %s", languages[l], name, subject);
			cr_assert_null(strstr(body, "{{"), "%s/%s body keeps a placeholder", languages[l], name);
			cr_assert_null(strpbrk(subject, "\r\n"));
			cr_assert_null(strchr(body, '\r'));
			cr_assert_null(strstr(body, "\n\n\n"), "%s/%s: a big gap", languages[l], name);
			cr_assert(g_str_has_suffix(body, "\n") && !g_str_has_suffix(body, "\n\n"));
			cr_assert_neq(body[0], '\n');
			if (m == WF_MAIL_STAFF_ALERT) {
				cr_assert(g_str_has_prefix(subject, "[mailproc] "), "%s", subject);
				cr_assert_not_null(strstr(body, "someone@example.net"));
			} else {
				/* the tag that matches replies, and whom to write to */
				cr_assert(g_str_has_suffix(subject, " [" ORDER "]"), "%s/%s: %s",
					  languages[l], name, subject);
				cr_assert_not_null(strstr(body, "info@example-hosting.jp"), "%s/%s",
						   languages[l], name);
				cr_assert_not_null(strstr(subject, "www.example.co.jp"), "%s/%s: %s",
						   languages[l], name, subject);
			}
			g_free(subject);
			g_free(body);
		}
		g_hash_table_unref(vars);
	}
	mp_templates_free(t);
}

/* A Japanese template must fit ISO-2022-JP (no "～", "①", "髙"...), or the
 * ISO-2022-JP mail would have to fall back to UTF-8. */
Test(mp_templates, japanese_templates_fit_iso2022jp)
{
	struct mp_templates *t = load_ok("templates");
	GHashTable *vars = full_vars("ja");

	for (int m = 0; m < WF_MAIL_COUNT; m++) {
		char *subject, *body, *conv;
		struct mp_error err = { "" };

		cr_assert_eq(mp_templates_render(t, "ja", wf_mail_name(m), vars, &subject, &body, &err),
			     MP_STATUS_OK, "%s", err.text);
		conv = g_convert(body, -1, "ISO-2022-JP", "UTF-8", NULL, NULL, NULL);
		cr_assert_not_null(conv, "ja/%s body does not fit ISO-2022-JP", wf_mail_name(m));
		g_free(conv);
		conv = g_convert(subject, -1, "ISO-2022-JP", "UTF-8", NULL, NULL, NULL);
		cr_assert_not_null(conv, "ja/%s subject does not fit ISO-2022-JP", wf_mail_name(m));
		g_free(conv);
		g_free(subject);
		g_free(body);
	}
	g_hash_table_unref(vars);
	mp_templates_free(t);
}

static void
render_ok(const struct mp_templates *t, const char *language, const char *name, GHashTable *vars,
	  char **subject, char **body)
{
	struct mp_error err = { "" };

	cr_assert_eq(mp_templates_render(t, language, name, vars, subject, body, &err), MP_STATUS_OK,
		     "%s/%s: %s", language, name, err.text);
}

Test(mp_templates, notice_says_what_by_when_and_how_much)
{
	struct mp_templates *t = load_ok("templates");

	for (size_t l = 0; l < 2; l++) {
		GHashTable *vars = full_vars(languages[l]);
		char *subject, *body;

		render_ok(t, languages[l], "notice", vars, &subject, &body);
		cr_assert_not_null(strstr(body, "33,000"));
		cr_assert_not_null(strstr(body, l == 0 ? "33,000円（税込）" : "JPY 33,000"));
		cr_assert_not_null(strstr(body, g_hash_table_lookup(vars, "deadline")));
		cr_assert_not_null(strstr(body, g_hash_table_lookup(vars, "not_after")));
		cr_assert_not_null(strstr(body, "https://www.example-hosting.jp/ssl/renew/"));
		cr_assert_not_null(strstr(body, l == 0 ? "このメールにご返信" : "reply to this mail"));
		g_free(subject);
		g_free(body);
		g_hash_table_unref(vars);
	}
	mp_templates_free(t);
}

Test(mp_templates, install_report_lists_the_zip_and_the_invoice)
{
	struct mp_templates *t = load_ok("templates");

	for (size_t l = 0; l < 2; l++) {
		GHashTable *vars = full_vars(languages[l]);
		char *subject, *body;

		render_ok(t, languages[l], "install_report", vars, &subject, &body);
		cr_assert_not_null(strstr(body, "www.example.co.jp.crt\nDigiCertCA.ca\nTrustedRoot.ca\n"));
		cr_assert_not_null(strstr(body, g_hash_table_lookup(vars, "new_not_after")));
		cr_assert_not_null(strstr(body, g_hash_table_lookup(vars, "due_date")));
		cr_assert_not_null(strstr(body, "33,000"));
		cr_assert_not_null(strstr(body, "Chrome"));
		cr_assert_not_null(strstr(body, "Firefox"));
		cr_assert_not_null(strstr(body, "Edge"));
		cr_assert_not_null(strstr(body, "ZIP"));
		g_free(subject);
		g_free(body);
		g_hash_table_unref(vars);
	}
	mp_templates_free(t);
}

Test(mp_templates, conditional_paragraphs_collapse)
{
	struct mp_templates *t = load_ok("templates");

	for (size_t l = 0; l < 2; l++) {
		GHashTable *vars = full_vars(languages[l]);
		char *subject, *with, *without;

		render_ok(t, languages[l], "acceptance", vars, &subject, &with);
		g_free(subject);
		cr_assert_not_null(strstr(with, "DUNS"));
		g_hash_table_replace(vars, g_strdup("phone_warning"), g_strdup(""));
		render_ok(t, languages[l], "acceptance", vars, &subject, &without);
		g_free(subject);
		cr_assert_null(strstr(without, "DUNS"));
		cr_assert_null(strstr(without, "\n\n\n"));
		cr_assert_lt(strlen(without), strlen(with));
		g_free(with);
		g_free(without);

		for (int m = WF_MAIL_APPROVAL_REQUEST; m <= WF_MAIL_APPROVAL_REMINDER; m++) {
			g_hash_table_replace(vars, g_strdup("approval_link"),
					     mp_templates_approval_link(languages[l], "https://www.digicert.com/a?b=c"));
			render_ok(t, languages[l], wf_mail_name(m), vars, &subject, &with);
			g_free(subject);
			cr_assert_not_null(strstr(with, "https://www.digicert.com/a?b=c\n"));
			g_hash_table_replace(vars, g_strdup("approval_link"), mp_templates_approval_link(languages[l], NULL));
			render_ok(t, languages[l], wf_mail_name(m), vars, &subject, &without);
			g_free(subject);
			cr_assert_null(strstr(without, "digicert.com"));
			cr_assert_null(strstr(without, "\n\n\n"));
			g_free(with);
			g_free(without);
		}
		g_hash_table_unref(vars);
	}
	mp_templates_free(t);
}

Test(mp_templates, empty_paragraph_leaves_one_blank_line)
{
	char *tmp = copy_templates();
	struct mp_templates *t;
	GHashTable *vars = full_vars("en");
	char *subject, *body;

	write_file(tmp, "en", "staff_alert",
		   "Subject: [mailproc] {{order_id}}\n\nA\n\n{{phone_warning}}\n\nB   \n{{approval_link}}\n\n\nC\n\n\n");
	t = load_ok(tmp);
	g_hash_table_replace(vars, g_strdup("phone_warning"), g_strdup(""));
	g_hash_table_replace(vars, g_strdup("approval_link"), g_strdup(""));
	render_ok(t, "en", "staff_alert", vars, &subject, &body);
	cr_assert_str_eq(subject, "[mailproc] " ORDER);
	cr_assert_str_eq(body, "A\n\nB\n\nC\n");
	g_free(subject);
	g_free(body);

	g_hash_table_replace(vars, g_strdup("phone_warning"), g_strdup("P1\nP2\n"));
	render_ok(t, "en", "staff_alert", vars, &subject, &body);
	cr_assert_str_eq(body, "A\n\nP1\nP2\n\nB\n\nC\n");
	g_free(subject);
	g_free(body);
	g_hash_table_unref(vars);
	mp_templates_free(t);
	remove_templates(tmp);
}

/* ---- rendering refusals ------------------------------------------------------- */

Test(mp_templates, missing_value_is_refused_by_name)
{
	struct mp_templates *t = load_ok("templates");
	GHashTable *vars = full_vars("ja");
	struct mp_error err = { "" };
	char *subject = (char *)"x", *body = (char *)"x";

	g_hash_table_remove(vars, "deadline");
	cr_assert_eq(mp_templates_render(t, "ja", "notice", vars, &subject, &body, &err),
		     MP_STATUS_BAD_INPUT);
	cr_assert_not_null(strstr(err.text, "{{deadline}}"), "%s", err.text);
	cr_assert_null(subject);
	cr_assert_null(body);
	g_hash_table_unref(vars);
	mp_templates_free(t);
}

Test(mp_templates, line_break_in_a_subject_value_is_refused)
{
	struct mp_templates *t = load_ok("templates");
	const char *bad[] = { "www.example.co.jp\r\nBcc: victim@example.net", "a\nb", "a\rb" };

	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
			GHashTable *vars = full_vars(languages[l]);
			struct mp_error err = { "" };
			char *subject, *body;

			g_hash_table_replace(vars, g_strdup("domain"), g_strdup(bad[i]));
			cr_assert_eq(mp_templates_render(t, languages[l], "notice", vars, &subject, &body,
							 &err),
				     MP_STATUS_BAD_INPUT);
			cr_assert_not_null(strstr(err.text, "{{domain}}"), "%s", err.text);
			g_hash_table_replace(vars, g_strdup("order_id"), g_strdup(bad[i]));
			g_hash_table_replace(vars, g_strdup("domain"), g_strdup("example.jp"));
			cr_assert_eq(mp_templates_render(t, languages[l], "staff_alert", vars, &subject,
							 &body, &err),
				     MP_STATUS_BAD_INPUT);
			g_hash_table_unref(vars);
		}
	mp_templates_free(t);
}

Test(mp_templates, line_breaks_in_body_values_are_fine)
{
	struct mp_templates *t = load_ok("templates");
	GHashTable *vars = full_vars("en");
	char *subject, *body;

	g_hash_table_replace(vars, g_strdup("alert_text"), g_strdup("line one\r\nline two\rline three"));
	render_ok(t, "en", "staff_alert", vars, &subject, &body);
	cr_assert_not_null(strstr(body, "line one\nline two\nline three\n"));
	g_free(subject);
	g_free(body);
	g_hash_table_unref(vars);
	mp_templates_free(t);
}

Test(mp_templates, value_with_braces_is_not_expanded)
{
	struct mp_templates *t = load_ok("templates");
	GHashTable *vars = full_vars("ja");
	char *subject, *body;

	g_hash_table_replace(vars, g_strdup("contact_name"), g_strdup("{{order_id}} {{nope"));
	g_hash_table_replace(vars, g_strdup("domain"), g_strdup("{{info_address}}"));
	render_ok(t, "ja", "notice", vars, &subject, &body);
	cr_assert_not_null(strstr(body, "{{order_id}} {{nope 様"));
	cr_assert_not_null(strstr(subject, "{{info_address}}"));
	cr_assert(g_str_has_suffix(subject, "[" ORDER "]"));
	g_free(subject);
	g_free(body);
	g_hash_table_unref(vars);
	mp_templates_free(t);
}

Test(mp_templates, unknown_template_or_language)
{
	struct mp_templates *t = load_ok("templates");
	GHashTable *vars = full_vars("ja");
	struct mp_error err = { "" };
	char *subject, *body;

	cr_assert_eq(mp_templates_render(t, "fr", "notice", vars, &subject, &body, &err),
		     MP_STATUS_NOT_FOUND);
	cr_assert_eq(mp_templates_render(t, "ja", "invoice", vars, &subject, &body, &err),
		     MP_STATUS_NOT_FOUND);
	cr_assert_null(subject);
	g_hash_table_unref(vars);
	mp_templates_free(t);
}

Test(mp_templates, approval_link_only_for_one_url)
{
	char *s;

	s = mp_templates_approval_link("ja", NULL);
	cr_assert_str_eq(s, "");
	g_free(s);
	s = mp_templates_approval_link("en", "");
	cr_assert_str_eq(s, "");
	g_free(s);
	s = mp_templates_approval_link("en", "https://a.example/x y");
	cr_assert_str_eq(s, "");
	g_free(s);
	s = mp_templates_approval_link("en", "https://a.example/x\nBcc: y");
	cr_assert_str_eq(s, "");
	g_free(s);
	s = mp_templates_approval_link("en", "https://www.digicert.com/x");
	cr_assert_not_null(strstr(s, "https://www.digicert.com/x\n"));
	g_free(s);
	cr_assert_not_null(mp_templates_phone_warning("ja"));
	cr_assert_not_null(strstr(mp_templates_phone_warning("en"), "DUNS"));
	cr_assert_null(mp_templates_phone_warning("de"));
}

/* ---- broken template files ---------------------------------------------------- */

Test(mp_templates, unknown_variable_names_file_and_line)
{
	char *tmp = copy_templates();
	char *text = read_template(tmp, "en", "reminder");
	char **lines = g_strsplit(text, "\n", -1);
	char *joined;

	cr_assert_gt(g_strv_length(lines), 8);
	g_free(lines[6]);
	lines[6] = g_strdup("The deadline is {{dead_line}}.");
	joined = g_strjoinv("\n", lines);
	write_file(tmp, "en", "reminder", joined);
	load_refused(tmp, "/en/reminder.txt:7: unknown variable {{dead_line}}");
	g_free(joined);
	g_strfreev(lines);
	g_free(text);
	remove_templates(tmp);
}

Test(mp_templates, unknown_variable_in_subject)
{
	char *tmp = copy_templates();

	write_file(tmp, "ja", "decline_confirm", "Subject: {{Order_id}} [{{order_id}}]\n\nbody\n");
	load_refused(tmp, "/ja/decline_confirm.txt:1: unknown variable {{Order_id}}");
	remove_templates(tmp);
}

Test(mp_templates, unclosed_braces_are_refused)
{
	char *tmp = copy_templates();

	write_file(tmp, "ja", "form_link", "Subject: x [{{order_id}}]\n\nline\n{{form_url\n}}\n");
	load_refused(tmp, "/ja/form_link.txt:4: unclosed {{");
	remove_templates(tmp);
}

Test(mp_templates, missing_template_is_refused)
{
	char *tmp = copy_templates();
	char *path = g_build_filename(tmp, "ja", "notice.txt", NULL);

	cr_assert_eq(g_unlink(path), 0);
	load_refused(tmp, "/ja/notice.txt: missing");
	g_free(path);
	remove_templates(tmp);
}

Test(mp_templates, missing_folder_is_refused)
{
	struct mp_error err = { "" };
	struct mp_templates *t = NULL;

	cr_assert_eq(mp_templates_load("/nonexistent/templates", &t, &err), MP_STATUS_CONFIG);
	cr_assert_str_eq(err.text, "/nonexistent/templates/ja/notice.txt: missing");
	cr_assert_null(t);
}

Test(mp_templates, malformed_files_are_refused)
{
	static const struct {
		const char *name, *text, *suffix;
	} cases[] = {
		{ "notice", "Hello [{{order_id}}]\n\nbody\n", "/ja/notice.txt:1: the first line must be \"Subject: ...\" followed by a blank line" },
		{ "notice", "Subject: x [{{order_id}}]\nbody\n", "/ja/notice.txt:2: a blank line must follow the subject line" },
		{ "notice", "Subject: x [{{order_id}}]", "/ja/notice.txt:1: the first line must be \"Subject: ...\" followed by a blank line" },
		{ "notice", "Subject:   \n\nbody\n", "/ja/notice.txt:1: the subject is empty" },
		{ "notice", "Subject: x [{{order_id}}]\n\n \n\n", "/ja/notice.txt: the body is empty" },
		{ "reminder", "Subject: reminder\n\nbody\n", "/ja/reminder.txt:1: the subject must carry the order tag [{{order_id}}]" },
		{ "staff_alert", "Subject: alert {{order_id}}\n\nbody\n", "/ja/staff_alert.txt:1: a staff alert's subject must start with \"[mailproc] \"" },
		{ "acceptance", "Subject: x [{{order_id}}]\n\nok\nbad \xff\n", "/ja/acceptance.txt:4: not valid UTF-8 (or a NUL byte)" },
		{ "acceptance", "Subject: x [{{order_id}}]\n\nok\n\x1b$B\n", "/ja/acceptance.txt:4: control character 0x1b" },
		{ "acceptance", "Subject: x [{{order_id}}]\n\nok\rbad\n", "/ja/acceptance.txt:3: control character 0x0d" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *tmp = copy_templates();

		write_file(tmp, "ja", cases[i].name, cases[i].text);
		load_refused(tmp, cases[i].suffix);
		remove_templates(tmp);
	}
}

Test(mp_templates, crlf_and_bom_are_accepted)
{
	char *tmp = copy_templates();
	struct mp_templates *plain = load_ok("templates"), *t;
	char *text = read_template(tmp, "ja", "notice");
	GString *crlf = g_string_new("\xEF\xBB\xBF");
	GHashTable *vars = full_vars("ja");
	char *s1, *b1, *s2, *b2;

	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			g_string_append_c(crlf, '\r');
		g_string_append_c(crlf, *p);
	}
	write_file(tmp, "ja", "notice", crlf->str);
	t = load_ok(tmp);
	render_ok(plain, "ja", "notice", vars, &s1, &b1);
	render_ok(t, "ja", "notice", vars, &s2, &b2);
	cr_assert_str_eq(s1, s2);
	cr_assert_str_eq(b1, b2);
	g_free(s1);
	g_free(b1);
	g_free(s2);
	g_free(b2);
	g_hash_table_unref(vars);
	g_string_free(crlf, TRUE);
	g_free(text);
	mp_templates_free(t);
	mp_templates_free(plain);
	remove_templates(tmp);
}
