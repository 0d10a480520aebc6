/* Mail templates: load and check templates/{ja,en}/NAME.txt, fill in their {{variables}}. */
#include <string.h>

#include "mailproc.h"

/*
 * The variables a template may use. The caller formats every value; none is
 * ever left blank silently (a variable missing from the table is refused), so
 * a value that may be absent has a word for "none" chosen by the caller.
 *
 *   order_id         "ORD-2026-0012"
 *   company_name     our company ([company] name)
 *   info_address     our info address ([company] info_address)
 *   form_url         the renewal application form ([company] form_url)
 *   customer_org     the customer's organization name (Japanese)
 *   customer_org_en  the same in English
 *   contact_name     the customer's contact person
 *   domain           the certificate's common name
 *   sans             the other names, comma-separated ("なし" / "none" when
 *                    there are none)
 *   ca_name          "DigiCert", "Sectigo", ...
 *   product          the certificate product's name
 *   not_after        the current certificate's expiry date
 *   new_not_after    the new certificate's expiry date
 *   price_jpy        the price with thousands separators, no unit ("33,000")
 *   deadline         the request deadline date
 *   deadline_days    business days left until the deadline ("3")
 *   approval_url     the CA's approval link (on the CA's own host)
 *   ca_order         the CA's order number
 *   bundle_files     the ZIP's file names, one per line
 *   due_date         the payment due date
 *   alert_text       staff alert: what happened (may be several lines)
 *   phone_warning    acceptance: the whole phone-verification paragraph
 *                    (mp_templates_phone_warning()) or ""
 *   approval_link    the whole line with the approval link
 *                    (mp_templates_approval_link()) or ""
 *
 * Dates are formatted by the caller: "2026年12月10日" in Japanese mails,
 * "December 10, 2026" in English ones.
 */
static const char *const variables[] = {
	"order_id", "company_name", "info_address", "form_url",
	"customer_org", "customer_org_en", "contact_name", "domain",
	"sans", "ca_name", "product", "not_after",
	"new_not_after", "price_jpy", "deadline", "deadline_days",
	"approval_url", "ca_order", "bundle_files", "due_date",
	"alert_text", "phone_warning", "approval_link", NULL,
};

static const char *const languages[] = { "ja", "en" };
#define N_LANGUAGES G_N_ELEMENTS(languages)

/* Every customer mail carries this in its subject, so replies can be matched. */
#define ORDER_TAG "[{{order_id}}]"
#define STAFF_PREFIX "[mailproc] "

struct template {
	char *path;    /* for messages */
	char *subject; /* the Subject line's text, placeholders kept */
	char *body;    /* placeholders kept, LF line ends */
};

struct mp_templates {
	struct template t[N_LANGUAGES][WF_MAIL_COUNT];
};

const char *const *
mp_templates_variables(void)
{
	return variables;
}

static bool
is_variable(const char *name, size_t len)
{
	for (size_t i = 0; variables[i]; i++)
		if (strlen(variables[i]) == len && memcmp(variables[i], name, len) == 0)
			return true;
	return false;
}

void
mp_templates_free(struct mp_templates *templates)
{
	if (!templates)
		return;
	for (size_t l = 0; l < N_LANGUAGES; l++)
		for (size_t m = 0; m < WF_MAIL_COUNT; m++) {
			g_free(templates->t[l][m].path);
			g_free(templates->t[l][m].subject);
			g_free(templates->t[l][m].body);
		}
	g_free(templates);
}

/* ---- loading ------------------------------------------------------------- */

static int
line_of(const char *text, const char *at)
{
	int line = 1;

	for (const char *p = text; p < at; p++)
		if (*p == '\n')
			line++;
	return line;
}

/* Check every {{...}} of one line (len bytes, no LF) against the variables. */
static enum mp_status
check_placeholders(const char *path, int lineno, const char *line, size_t len, struct mp_error *err)
{
	const char *end = line + len;
	const char *p = line;
	const char *open, *close;

	while ((open = g_strstr_len(p, end - p, "{{"))) {
		close = g_strstr_len(open + 2, end - (open + 2), "}}");
		if (!close)
			return mp_error_set(err, MP_STATUS_CONFIG, "%s:%d: unclosed {{", path, lineno);
		if (!is_variable(open + 2, close - (open + 2)))
			return mp_error_set(err, MP_STATUS_CONFIG, "%s:%d: unknown variable {{%.*s}}", path,
					    lineno, (int)MIN(close - (open + 2), 64), open + 2);
		p = close + 2;
	}
	return MP_STATUS_OK;
}

/* Parse one template file's text (valid UTF-8, LF line ends) into t. */
static enum mp_status
template_parse(struct template *t, enum wf_mail mail, const char *text, struct mp_error *err)
{
	const char *path = t->path;
	const char *nl, *line, *body;
	enum mp_status status;
	int lineno = 1;

	/* Placeholders first, line by line so an error names its line. */
	for (line = text; *line; line = nl + 1, lineno++) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		status = check_placeholders(path, lineno, line, nl - line, err);
		if (status != MP_STATUS_OK)
			return status;
		if (!*nl)
			break;
	}

	nl = strchr(text, '\n');
	if (!nl || g_ascii_strncasecmp(text, "Subject:", 8) != 0)
		return mp_error_set(err, MP_STATUS_CONFIG,
				    "%s:1: the first line must be \"Subject: ...\" followed by a blank line",
				    path);
	t->subject = g_strstrip(g_strndup(text + 8, nl - (text + 8)));
	if (!*t->subject)
		return mp_error_set(err, MP_STATUS_CONFIG, "%s:1: the subject is empty", path);
	if (mail == WF_MAIL_STAFF_ALERT) {
		if (!g_str_has_prefix(t->subject, STAFF_PREFIX))
			return mp_error_set(err, MP_STATUS_CONFIG,
					    "%s:1: a staff alert's subject must start with \"%s\"", path,
					    STAFF_PREFIX);
	} else if (!strstr(t->subject, ORDER_TAG)) {
		return mp_error_set(err, MP_STATUS_CONFIG,
				    "%s:1: the subject must carry the order tag %s", path, ORDER_TAG);
	}

	body = nl + 1;
	nl = strchr(body, '\n');
	for (line = body; nl && line < nl && (*line == ' ' || *line == '\t'); line++)
		;
	if (!nl || line != nl)
		return mp_error_set(err, MP_STATUS_CONFIG,
				    "%s:2: a blank line must follow the subject line", path);
	body = nl + 1;
	while (*body == '\n')
		body++;
	for (line = body; *line == ' ' || *line == '\t' || *line == '\n'; line++)
		;
	if (!*line)
		return mp_error_set(err, MP_STATUS_CONFIG, "%s: the body is empty", path);
	t->body = g_strdup(body);

	return MP_STATUS_OK;
}

/* Read one file into t: UTF-8 without control characters, CRLF or LF. */
static enum mp_status
template_read(struct template *t, enum wf_mail mail, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	GError *gerr = NULL;
	GString *text = NULL;
	const char *end, *p;
	char *buf = NULL;
	gsize len;

	if (!g_file_get_contents(t->path, &buf, &len, &gerr)) {
		if (g_error_matches(gerr, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			status = mp_error_set(err, MP_STATUS_CONFIG, "%s: missing", t->path);
		else
			status = mp_error_set(err, MP_STATUS_CONFIG, "%s: %s", t->path, gerr->message);
		goto out;
	}
	p = buf;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) { /* a BOM some editors write */
		p += 3;
		len -= 3;
	}
	if (!g_utf8_validate_len(p, len, &end)) {
		status = mp_error_set(err, MP_STATUS_CONFIG, "%s:%d: not valid UTF-8 (or a NUL byte)",
				      t->path, line_of(p, end));
		goto out;
	}
	text = g_string_sized_new(len);
	for (gsize i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\r' && i + 1 < len && p[i + 1] == '\n')
			continue;
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			status = mp_error_set(err, MP_STATUS_CONFIG, "%s:%d: control character 0x%02x",
					      t->path, line_of(p, p + i), c);
			goto out;
		}
		g_string_append_c(text, (char)c);
	}
	status = template_parse(t, mail, text->str, err);
out:
	if (text)
		g_string_free(text, TRUE);
	g_clear_error(&gerr);
	g_free(buf);
	return status;
}

enum mp_status
mp_templates_load(const char *dir, struct mp_templates **out, struct mp_error *err)
{
	struct mp_templates *templates = g_new0(struct mp_templates, 1);
	enum mp_status status = MP_STATUS_OK;

	*out = NULL;
	for (size_t l = 0; l < N_LANGUAGES; l++)
		for (size_t m = 0; m < WF_MAIL_COUNT; m++) {
			struct template *t = &templates->t[l][m];
			char *file = g_strconcat(wf_mail_name((enum wf_mail)m), ".txt", NULL);

			t->path = g_build_filename(dir, languages[l], file, NULL);
			g_free(file);
			status = template_read(t, (enum wf_mail)m, err);
			if (status != MP_STATUS_OK)
				goto out;
		}
	*out = templates;
	templates = NULL;
out:
	mp_templates_free(templates);
	return status;
}

/* ---- rendering ----------------------------------------------------------- */

/* Append text to out with its {{variables}} filled in from vars. A value is
 * appended as it is and never scanned again, so a "{{" in it stays text. */
static enum mp_status
expand(const char *language, const char *name, const char *text, GHashTable *vars, bool subject,
       GString *out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	const char *p = text, *open, *close, *value;
	char *var = NULL;

	while ((open = strstr(p, "{{"))) {
		close = strstr(open + 2, "}}");
		g_assert(close); /* checked at load */
		g_string_append_len(out, p, open - p);
		g_free(var);
		var = g_strndup(open + 2, close - (open + 2));
		value = g_hash_table_lookup(vars, var);
		if (!value) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "template %s (%s): no value for {{%s}}", name, language, var);
			goto out;
		}
		if (!g_utf8_validate(value, -1, NULL)) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "template %s (%s): the value of {{%s}} is not valid UTF-8",
					      name, language, var);
			goto out;
		}
		if (subject && strpbrk(value, "\r\n")) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "template %s (%s): the value of {{%s}} goes into the subject "
					      "and has a line break", name, language, var);
			goto out;
		}
		/* CRLF or CR in a value become LF, like the template's own lines. */
		for (const char *v = value; *v; v++) {
			if (*v == '\r') {
				g_string_append_c(out, '\n');
				if (v[1] == '\n')
					v++;
			} else {
				g_string_append_c(out, *v);
			}
		}
		p = close + 2;
	}
	g_string_append(out, p);
out:
	g_free(var);
	return status;
}

/* Tidy a filled-in body: no trailing blanks on a line, no run of more than
 * one empty line (an empty conditional paragraph leaves one), no empty line
 * at the start or the end, exactly one LF at the end. A line of blanks counts
 * as empty. */
static char *
tidy_body(const char *text)
{
	GString *out = g_string_sized_new(strlen(text) + 1);
	const char *p = text, *nl, *end;
	int newlines = 0;

	for (; *p; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		end = nl;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end == p) {
			newlines++;
			continue;
		}
		if (out->len)
			g_string_append(out, newlines >= 2 ? "\n\n" : "\n");
		g_string_append_len(out, p, end - p);
		newlines = 1;
	}
	g_string_append_c(out, '\n');
	return g_string_free(out, FALSE);
}

enum mp_status
mp_templates_render(const struct mp_templates *templates, const char *language, const char *name,
		    GHashTable *vars, char **subject, char **body, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	const struct template *t = NULL;
	GString *s = NULL, *b = NULL;

	*subject = *body = NULL;
	for (size_t l = 0; l < N_LANGUAGES && !t; l++)
		if (language && strcmp(language, languages[l]) == 0)
			for (size_t m = 0; m < WF_MAIL_COUNT && !t; m++)
				if (name && strcmp(name, wf_mail_name((enum wf_mail)m)) == 0)
					t = &templates->t[l][m];
	if (!t) {
		status = mp_error_set(err, MP_STATUS_NOT_FOUND, "no template %s in language %s",
				      name ? name : "(null)", language ? language : "(null)");
		goto out;
	}
	s = g_string_new(NULL);
	status = expand(language, name, t->subject, vars, true, s, err);
	if (status != MP_STATUS_OK)
		goto out;
	b = g_string_new(NULL);
	status = expand(language, name, t->body, vars, false, b, err);
	if (status != MP_STATUS_OK)
		goto out;
	*subject = g_strstrip(g_string_free(s, FALSE));
	s = NULL;
	*body = tidy_body(b->str);
out:
	if (s)
		g_string_free(s, TRUE);
	if (b)
		g_string_free(b, TRUE);
	return status;
}

/* ---- the conditional paragraphs ------------------------------------------ */

static const char phone_warning_ja[] =
	"■登録住所・ご担当者様の変更に伴う電話確認について\n"
	"前年度と登録住所またはご担当者様が異なるため、認証局から\n"
	"お客様のご担当者様へ電話確認が行われる場合がございます。\n"
	"電話確認は、DUNSナンバー、またはiタウンページ（第三者データベース）\n"
	"で確認できる代表電話番号宛てに行われますので、ご対応をお願いいたします。\n"
	"また、DUNS情報を更新されていない場合は、事前にDUNS情報の修正を\n"
	"行ってください。情報が古いままですと電話確認ができず、証明書の発行が\n"
	"遅れる場合がございます。\n";

static const char phone_warning_en[] =
	"Telephone verification: your address or contact has changed\n"
	"  Your registered address or contact person differs from last year's\n"
	"  application, so the certificate authority may telephone your\n"
	"  organization to verify the order. It calls the main telephone\n"
	"  number listed in your DUNS record or in a third-party directory\n"
	"  (the Japanese iTownpage); please make sure the call is answered.\n"
	"  If your DUNS record is out of date, please have it corrected\n"
	"  first: otherwise the verification fails and the certificate is\n"
	"  issued late.\n";

const char *
mp_templates_phone_warning(const char *language)
{
	if (language && strcmp(language, "ja") == 0)
		return phone_warning_ja;
	if (language && strcmp(language, "en") == 0)
		return phone_warning_en;
	return NULL;
}

char *
mp_templates_approval_link(const char *language, const char *approval_url)
{
	if (!approval_url || !*approval_url)
		return g_strdup("");
	for (const char *p = approval_url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return g_strdup(""); /* not one URL: never print what we cannot vouch for */
	if (language && strcmp(language, "en") == 0)
		return g_strdup_printf("  The approval page (on the certificate authority's site):\n  %s\n",
				       approval_url);
	return g_strdup_printf("承認ページ（認証局のサイト）：\n%s\n", approval_url);
}
