/* Unit tests of mp_compose_message: each mail is parsed back with GMime and compared with what went in. */
#include <string.h>

#include <criterion/criterion.h>
#include <gmime/gmime.h>

#include "mailproc.h"

#define T_DATE INT64_C(1795000000) /* 2026-11-18T11:06:40Z = 20:06:40 JST */

static const char SUBJECT[] = "SSL証明書（www.example.co.jp）更新のご依頼を承りました [ORD-2026-0012]";
static const char BODY[] =
	"株式会社見本商事\n"
	"山田 太郎 様\n"
	"\n"
	"いつもお世話になっております。\n"
	"更新料金：33,000円（税込）\n"
	"https://www.example-hosting.jp/ssl/renew/\n";

static void
init_gmime(void)
{
	g_mime_init();
}

TestSuite(mp_compose, .init = init_gmime);

static void
basic(struct mp_compose *c)
{
	memset(c, 0, sizeof(*c));
	c->from = "ssl@example-hosting.jp";
	c->from_name = "株式会社サンプルホスティング SSL係";
	c->to = "山田 太郎 <yamada@example.co.jp>, tech@example.co.jp";
	c->subject = SUBJECT;
	c->body = BODY;
	c->message_id = "<mp.ORD-2026-0012.3@example-hosting.jp>";
	c->in_reply_to = "<reply-1@example.co.jp>";
	c->references = "<notice-1@example-hosting.jp> <reply-1@example.co.jp>";
	c->auto_submitted = "auto-replied";
	c->date = T_DATE;
}

static GBytes *
compose_ok(const struct mp_compose *c)
{
	struct mp_error err = { "" };
	GBytes *out = NULL;

	cr_assert_eq(mp_compose_message(c, &out, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_not_null(out);
	return out;
}

static GMimeMessage *
parse(GBytes *bytes)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer((const char *)data, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);

	cr_assert_not_null(m);
	g_object_unref(parser);
	g_object_unref(stream);
	return m;
}

/* The whole message as a NUL-terminated string (it has no NUL). */
static char *
text_of(GBytes *bytes)
{
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);

	cr_assert_null(memchr(data, 0, len));
	return g_strndup(data, len);
}

static void
assert_crlf_only(GBytes *bytes)
{
	gsize len;
	const char *d = g_bytes_get_data(bytes, &len);

	cr_assert_gt(len, 4);
	for (gsize i = 0; i < len; i++) {
		if (d[i] == '\n')
			cr_assert(i > 0 && d[i - 1] == '\r', "bare LF at %zu", i);
		if (d[i] == '\r')
			cr_assert(i + 1 < len && d[i + 1] == '\n', "bare CR at %zu", i);
	}
	cr_assert(len >= 2 && d[len - 2] == '\r' && d[len - 1] == '\n');
}

/* Header lines no longer than RFC 5322's 78 recommended characters. */
static void
assert_header_lines_short(GBytes *bytes)
{
	char *text = text_of(bytes);
	char *end = strstr(text, "\r\n\r\n");
	char **lines;

	cr_assert_not_null(end);
	*end = 0;
	lines = g_strsplit(text, "\r\n", -1);
	for (guint i = 0; lines[i]; i++)
		cr_assert_leq(strlen(lines[i]), 78, "long header line: %s", lines[i]);
	g_strfreev(lines);
	g_free(text);
}

/* part's "type/subtype" is want (GMime returns a new string). */
static void
assert_mime_type(GMimeObject *part, const char *want)
{
	char *type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(part));

	cr_assert_str_eq(type, want);
	g_free(type);
}

static char *
strip_cr(const char *s)
{
	GString *out = g_string_new(NULL);

	for (; *s; s++)
		if (*s != '\r')
			g_string_append_c(out, *s);
	return g_string_free(out, FALSE);
}

/* The text part's decoded text with LF line ends. */
static char *
body_text(GMimeObject *part, const char *charset)
{
	char *text, *lf;

	cr_assert(GMIME_IS_TEXT_PART(part));
	assert_mime_type(part, "text/plain");
	cr_assert(g_ascii_strcasecmp(g_mime_object_get_content_type_parameter(part, "charset"), charset) == 0,
		  "charset %s", g_mime_object_get_content_type_parameter(part, "charset"));
	text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
	cr_assert_not_null(text);
	lf = strip_cr(text);
	g_free(text);
	return lf;
}

static void
assert_headers(GMimeMessage *m, const struct mp_compose *c)
{
	InternetAddressList *from = g_mime_message_get_from(m), *to = g_mime_message_get_to(m);
	InternetAddressMailbox *mb;
	GMimeReferences *refs;
	GDateTime *date;

	cr_assert_str_eq(g_mime_message_get_subject(m), c->subject);
	cr_assert_str_eq(g_mime_message_get_message_id(m), "mp.ORD-2026-0012.3@example-hosting.jp");
	cr_assert_str_eq(g_mime_object_get_header(GMIME_OBJECT(m), "In-Reply-To"),
			 "<reply-1@example.co.jp>");
	refs = g_mime_references_parse(NULL, g_mime_object_get_header(GMIME_OBJECT(m), "References"));
	cr_assert_eq(g_mime_references_length(refs), 2);
	cr_assert_str_eq(g_mime_references_get_message_id(refs, 0), "notice-1@example-hosting.jp");
	cr_assert_str_eq(g_mime_references_get_message_id(refs, 1), "reply-1@example.co.jp");
	g_mime_references_free(refs);
	cr_assert_str_eq(g_mime_object_get_header(GMIME_OBJECT(m), "Auto-Submitted"), c->auto_submitted);
	cr_assert_not_null(g_mime_object_get_header(GMIME_OBJECT(m), "X-Auto-Response-Suppress"));
	cr_assert_str_eq(g_mime_object_get_header(GMIME_OBJECT(m), "MIME-Version"), "1.0");

	date = g_mime_message_get_date(m);
	cr_assert_not_null(date);
	cr_assert_eq(g_date_time_to_unix(date), c->date);
	cr_assert_eq(g_date_time_get_utc_offset(date), (GTimeSpan)9 * 3600 * G_TIME_SPAN_SECOND);

	cr_assert_eq(internet_address_list_length(from), 1);
	mb = INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(from, 0));
	cr_assert_str_eq(internet_address_mailbox_get_addr(mb), c->from);
	cr_assert_str_eq(internet_address_get_name(INTERNET_ADDRESS(mb)), c->from_name);

	cr_assert_eq(internet_address_list_length(to), 2);
	mb = INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(to, 0));
	cr_assert_str_eq(internet_address_mailbox_get_addr(mb), "yamada@example.co.jp");
	cr_assert_str_eq(internet_address_get_name(INTERNET_ADDRESS(mb)), "山田 太郎");
	mb = INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(to, 1));
	cr_assert_str_eq(internet_address_mailbox_get_addr(mb), "tech@example.co.jp");
}

/* Exactly one header line starting with name. */
static void
assert_one_header(GBytes *bytes, const char *line_start)
{
	char *text = text_of(bytes);
	char *end = strstr(text, "\r\n\r\n");
	char *needle = g_strconcat("\r\n", line_start, NULL);
	char *hit;
	int n = 0;

	*end = 0;
	if (g_str_has_prefix(text, line_start))
		n++;
	for (hit = text; (hit = strstr(hit, needle)); hit++)
		n++;
	cr_assert_eq(n, 1, "%d header lines start with \"%s\"", n, line_start);
	g_free(needle);
	g_free(text);
}

/* ---- UTF-8 ------------------------------------------------------------------ */

Test(mp_compose, utf8_round_trip)
{
	struct mp_compose c;
	GBytes *out;
	GMimeMessage *m;
	char *text, *body;

	basic(&c);
	out = compose_ok(&c);
	assert_crlf_only(out);
	assert_header_lines_short(out);
	text = text_of(out);
	cr_assert_not_null(strstr(text, "Date: Wed, 18 Nov 2026 20:06:40 +0900\r\n"), "%s", text);
	cr_assert_not_null(strstr(text, "Message-Id: <mp.ORD-2026-0012.3@example-hosting.jp>\r\n"));
	cr_assert_not_null(strstr(text, "Content-Transfer-Encoding: base64\r\n"));
	cr_assert_not_null(strstr(text, "=?UTF-8?"), "subject not RFC 2047 encoded");
	assert_one_header(out, "MIME-Version:");
	assert_one_header(out, "Subject:");
	assert_one_header(out, "Date:");
	g_free(text);

	m = parse(out);
	assert_headers(m, &c);
	body = body_text(g_mime_message_get_mime_part(m), "UTF-8");
	cr_assert_str_eq(body, BODY);
	g_free(body);
	g_object_unref(m);
	g_bytes_unref(out);
}

Test(mp_compose, ascii_body_is_7bit_and_optional_headers_left_out)
{
	struct mp_compose c;
	GBytes *out;
	GMimeMessage *m;
	char *text, *body;

	basic(&c);
	c.from_name = NULL;
	c.in_reply_to = NULL;
	c.references = NULL;
	c.auto_submitted = "auto-generated";
	c.subject = "Renewal of your SSL certificate for www.example.co.jp [ORD-2026-0012]";
	c.body = "Dear Taro Yamada,\n\nPlease renew.\n";
	out = compose_ok(&c);
	assert_crlf_only(out);
	text = text_of(out);
	cr_assert_not_null(strstr(text, "Content-Transfer-Encoding: 7bit\r\n"));
	cr_assert_not_null(strstr(text, "\r\n\r\nDear Taro Yamada,\r\n\r\nPlease renew.\r\n"));
	cr_assert_not_null(strstr(text, "\r\nSubject: Renewal of your SSL certificate for www.example.co.jp\r\n [ORD-2026-0012]\r\n") ||
			   strstr(text, "\r\nSubject: Renewal of your SSL certificate for www.example.co.jp [ORD-2026-0012]\r\n"),
			   "%s", text);
	cr_assert_null(strstr(text, "In-Reply-To:"));
	cr_assert_null(strstr(text, "References:"));
	cr_assert_not_null(strstr(text, "\r\nFrom: ssl@example-hosting.jp\r\n"));
	g_free(text);
	m = parse(out);
	cr_assert_str_eq(g_mime_object_get_header(GMIME_OBJECT(m), "Auto-Submitted"), "auto-generated");
	cr_assert_str_eq(g_mime_message_get_subject(m), c.subject);
	body = body_text(g_mime_message_get_mime_part(m), "UTF-8");
	cr_assert_str_eq(body, c.body);
	g_free(body);
	g_object_unref(m);
	g_bytes_unref(out);

	c.subject = "Reminder: the certificate order for www.example.co.jp is waiting for your approval [ORD-2026-0012]";
	out = compose_ok(&c);
	assert_header_lines_short(out);
	m = parse(out);
	cr_assert_str_eq(g_mime_message_get_subject(m), c.subject);
	g_object_unref(m);
	g_bytes_unref(out);
}

/* ---- ISO-2022-JP -------------------------------------------------------------- */

static bool
all_7bit(GBytes *bytes)
{
	gsize len;
	const guint8 *d = g_bytes_get_data(bytes, &len);

	for (gsize i = 0; i < len; i++)
		if (d[i] >= 0x80)
			return false;
	return true;
}

Test(mp_compose, iso2022jp_round_trip)
{
	struct mp_compose c;
	GBytes *out;
	GMimeMessage *m;
	char *text, *body;

	basic(&c);
	c.iso2022jp = true;
	out = compose_ok(&c);
	assert_crlf_only(out);
	assert_header_lines_short(out);
	cr_assert(all_7bit(out));
	text = text_of(out);
	cr_assert_not_null(strstr(text, "Subject: =?ISO-2022-JP?B?"), "%s", text);
	cr_assert_not_null(strstr(text, "From: =?ISO-2022-JP?B?"), "%s", text);
	cr_assert_not_null(strstr(text, " [ORD-2026-0012]\r\n"), "the tag stays readable: %s", text);
	cr_assert_not_null(strstr(text, "Content-Transfer-Encoding: 7bit\r\n"));
	/* each line of the body ends in ASCII (RFC 1468) */
	cr_assert_not_null(strstr(text, "\x1b(B\r\n"));
	g_free(text);

	m = parse(out);
	assert_headers(m, &c);
	body = body_text(g_mime_message_get_mime_part(m), "ISO-2022-JP");
	cr_assert_str_eq(body, BODY);
	g_free(body);
	g_object_unref(m);
	g_bytes_unref(out);
}

Test(mp_compose, iso2022jp_long_subject_folds_and_decodes)
{
	struct mp_compose c;
	GBytes *out;
	GMimeMessage *m;
	const char *subject = "【再度のお願い】認証局からの承認メールへのご対応（www.example.co.jp）"
			      "につきまして、お手数ですが至急ご確認くださいますようお願い申し上げます "
			      "=?not-a-word?= [ORD-2026-0012]";

	basic(&c);
	c.iso2022jp = true;
	c.subject = subject;
	out = compose_ok(&c);
	assert_crlf_only(out);
	assert_header_lines_short(out);
	cr_assert(all_7bit(out));
	m = parse(out);
	cr_assert_str_eq(g_mime_message_get_subject(m), subject);
	g_object_unref(m);
	g_bytes_unref(out);

	/* runs of encoded words between plain ones, in both charsets */
	for (int jis = 0; jis < 2; jis++) {
		c.iso2022jp = jis;
		c.subject = "更新 x のお知らせ a 証明書 [ORD-2026-0012]";
		out = compose_ok(&c);
		m = parse(out);
		cr_assert_str_eq(g_mime_message_get_subject(m), c.subject);
		g_object_unref(m);
		g_bytes_unref(out);
	}
}

/* Characters outside JIS X 0208 ("髙", "①", half-width kana) fall back to UTF-8. */
Test(mp_compose, iso2022jp_falls_back_to_utf8)
{
	struct mp_compose c;
	GBytes *out;
	GMimeMessage *m;
	char *body;
	const char *text = "髙橋 様\n①ｶﾅ\n";

	basic(&c);
	c.iso2022jp = true;
	c.subject = "髙橋様への更新のご案内 [ORD-2026-0012]";
	c.from_name = "ｻﾝﾌﾟﾙ SSL";
	c.body = text;
	out = compose_ok(&c);
	assert_crlf_only(out);
	m = parse(out);
	cr_assert_str_eq(g_mime_message_get_subject(m), c.subject);
	cr_assert_str_eq(internet_address_get_name(internet_address_list_get_address(g_mime_message_get_from(m), 0)),
			 c.from_name);
	body = body_text(g_mime_message_get_mime_part(m), "UTF-8");
	cr_assert_str_eq(body, text);
	g_free(body);
	g_object_unref(m);
	g_bytes_unref(out);
}

/* ---- the ZIP attachment ------------------------------------------------------- */

static GBytes *
zip_bytes(void)
{
	guint8 data[5000];

	/* "PK\3\4" and then every byte value, CR and LF included */
	for (gsize i = 0; i < sizeof(data); i++)
		data[i] = (guint8)((i * 7 + i / 256) & 0xff);
	memcpy(data, "PK\x03\x04", 4);
	data[100] = '\r';
	data[101] = '\n';
	data[200] = '\n';
	return g_bytes_new(data, sizeof(data));
}

static void
attachment_round_trip(const char *name, bool iso2022jp)
{
	struct mp_compose c;
	GBytes *zip = zip_bytes(), *out;
	GMimeMessage *m;
	GMimeObject *top, *first, *second;
	GMimeStream *decoded;
	GByteArray *got;
	char *body;

	basic(&c);
	c.iso2022jp = iso2022jp;
	c.attachment_name = name;
	c.attachment = zip;
	out = compose_ok(&c);
	assert_crlf_only(out);
	assert_header_lines_short(out);

	m = parse(out);
	assert_headers(m, &c);
	top = g_mime_message_get_mime_part(m);
	cr_assert(GMIME_IS_MULTIPART(top));
	assert_mime_type(top, "multipart/mixed");
	cr_assert_eq(g_mime_multipart_get_count(GMIME_MULTIPART(top)), 2);
	first = g_mime_multipart_get_part(GMIME_MULTIPART(top), 0);
	second = g_mime_multipart_get_part(GMIME_MULTIPART(top), 1);
	body = body_text(first, iso2022jp ? "ISO-2022-JP" : "UTF-8");
	cr_assert_str_eq(body, BODY);
	g_free(body);

	cr_assert(GMIME_IS_PART(second));
	assert_mime_type(second, "application/zip");
	cr_assert_eq(g_mime_part_get_content_encoding(GMIME_PART(second)), GMIME_CONTENT_ENCODING_BASE64);
	cr_assert_str_eq(g_mime_object_get_disposition(second), "attachment");
	cr_assert_str_eq(g_mime_part_get_filename(GMIME_PART(second)), name);
	decoded = g_mime_stream_mem_new();
	cr_assert_geq(g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(second)), decoded), 0);
	got = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(decoded));
	cr_assert_eq(got->len, g_bytes_get_size(zip));
	cr_assert_arr_eq(got->data, g_bytes_get_data(zip, NULL), got->len);
	g_object_unref(decoded);
	g_object_unref(m);
	g_bytes_unref(out);
	g_bytes_unref(zip);
}

Test(mp_compose, zip_attachment_round_trips)
{
	attachment_round_trip("www.example.co.jp.zip", false);
}

Test(mp_compose, zip_attachment_with_iso2022jp_body)
{
	attachment_round_trip("wildcard.example.co.jp.zip", true);
}

Test(mp_compose, non_ascii_attachment_name_uses_rfc2231)
{
	struct mp_compose c;
	GBytes *zip = zip_bytes(), *out;
	char *text;

	attachment_round_trip("証明書_www.example.co.jp.zip", false);
	basic(&c);
	c.attachment_name = "証明書_www.example.co.jp.zip";
	c.attachment = zip;
	out = compose_ok(&c);
	text = text_of(out);
	cr_assert_not_null(strstr(text, "filename*"), "%s", text);
	g_free(text);
	g_bytes_unref(out);
	g_bytes_unref(zip);
}

Test(mp_compose, attachment_needs_name_and_data)
{
	struct mp_compose c;
	struct mp_error err = { "" };
	GBytes *zip = zip_bytes(), *out = NULL;

	basic(&c);
	c.attachment = zip;
	cr_assert_eq(mp_compose_message(&c, &out, &err), MP_STATUS_BAD_INPUT);
	basic(&c);
	c.attachment_name = "a.zip";
	cr_assert_eq(mp_compose_message(&c, &out, &err), MP_STATUS_BAD_INPUT);
	cr_assert_null(out);
	g_bytes_unref(zip);
}

/* ---- refusals ----------------------------------------------------------------- */

static void
refused(const struct mp_compose *c, const char *what)
{
	struct mp_error err = { "" };
	GBytes *out = (GBytes *)&err; /* must be reset to NULL */

	cr_assert_eq(mp_compose_message(c, &out, &err), MP_STATUS_BAD_INPUT, "%s accepted", what);
	cr_assert_null(out);
	cr_assert_neq(err.text[0], 0);
}

Test(mp_compose, line_breaks_in_header_values_are_refused)
{
	static const char *const breaks[] = { "\r\n", "\n", "\r" };
	struct mp_compose c;

	for (size_t i = 0; i < G_N_ELEMENTS(breaks); i++) {
		char *subject = g_strconcat("更新 [ORD-2026-0012]", breaks[i], "Bcc: victim@example.net", NULL);
		char *to = g_strconcat("yamada@example.co.jp", breaks[i], "Bcc: victim@example.net", NULL);
		char *name = g_strconcat("SSL係", breaks[i], "Bcc: victim@example.net", NULL);
		char *id = g_strconcat("<a@b>", breaks[i], "Bcc: victim@example.net", NULL);
		char *attachment = g_strconcat("a.zip", breaks[i], "X: y", NULL);

		basic(&c);
		c.subject = subject;
		refused(&c, "subject");
		basic(&c);
		c.to = to;
		refused(&c, "to");
		basic(&c);
		c.from_name = name;
		refused(&c, "from_name");
		basic(&c);
		c.message_id = id;
		refused(&c, "message_id");
		basic(&c);
		c.in_reply_to = id;
		refused(&c, "in_reply_to");
		basic(&c);
		c.references = id;
		refused(&c, "references");
		basic(&c);
		c.from = to;
		refused(&c, "from");
		basic(&c);
		c.auto_submitted = name;
		refused(&c, "auto_submitted");
		basic(&c);
		c.attachment_name = attachment;
		c.attachment = g_bytes_new_static("PK", 2);
		refused(&c, "attachment_name");
		g_bytes_unref(c.attachment);
		g_free(subject);
		g_free(to);
		g_free(name);
		g_free(id);
		g_free(attachment);
	}
}

Test(mp_compose, recipients_must_be_addresses)
{
	static const char *const bad[] = { "", "   ", "undisclosed-recipients:;", "yamada",
					   "Friends: a@example.jp, b@example.jp;", "@example.jp" };
	struct mp_compose c;

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		basic(&c);
		c.to = bad[i];
		refused(&c, bad[i]);
	}
}

Test(mp_compose, required_fields_and_bad_ids)
{
	struct mp_compose c;

	basic(&c);
	c.message_id = NULL;
	refused(&c, "no message id");
	basic(&c);
	c.message_id = "<>";
	refused(&c, "empty message id");
	basic(&c);
	c.message_id = "<a b@c>";
	refused(&c, "message id with a space");
	basic(&c);
	c.from = "not an address";
	refused(&c, "from");
	basic(&c);
	c.subject = NULL;
	refused(&c, "no subject");
	basic(&c);
	c.body = "\xff\xfe";
	refused(&c, "body not UTF-8");
	basic(&c);
	c.subject = "\xe6\x9b";
	refused(&c, "subject not UTF-8");
}

Test(mp_compose, message_id_without_brackets_is_taken)
{
	struct mp_compose c;
	GBytes *out;
	GMimeMessage *m;

	basic(&c);
	c.message_id = "mp.ORD-2026-0012.3@example-hosting.jp";
	out = compose_ok(&c);
	m = parse(out);
	cr_assert_str_eq(g_mime_message_get_message_id(m), "mp.ORD-2026-0012.3@example-hosting.jp");
	g_object_unref(m);
	g_bytes_unref(out);
}

/* ---- the real templates, rendered and composed ---------------------------------- */

static void
set(GHashTable *vars, const char *k, const char *v)
{
	g_hash_table_replace(vars, g_strdup(k), g_strdup(v));
}

Test(mp_compose, every_real_template_round_trips)
{
	struct mp_error err = { "" };
	struct mp_templates *t = NULL;
	static const char *const languages[] = { "ja", "en" };

	cr_assert_eq(mp_templates_load("templates", &t, &err), MP_STATUS_OK, "%s", err.text);
	for (size_t l = 0; l < 2; l++) {
		GHashTable *vars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		bool ja = l == 0;

		for (const char *const *v = mp_templates_variables(); *v; v++)
			set(vars, *v, "値 value");
		set(vars, "order_id", "ORD-2026-0012");
		set(vars, "domain", "www.example.co.jp");
		set(vars, "not_after", ja ? "2026年12月10日" : "December 10, 2026");
		set(vars, "phone_warning", mp_templates_phone_warning(languages[l]));
		g_hash_table_replace(vars, g_strdup("approval_link"),
				     mp_templates_approval_link(languages[l], "https://www.digicert.com/a"));
		for (int m = 0; m < WF_MAIL_COUNT; m++)
			for (int jis = 0; jis < 2; jis++) {
				struct mp_compose c;
				char *subject, *body, *got;
				GBytes *out;
				GMimeMessage *msg;

				cr_assert_eq(mp_templates_render(t, languages[l], wf_mail_name(m), vars,
								 &subject, &body, &err),
					     MP_STATUS_OK, "%s", err.text);
				basic(&c);
				c.subject = subject;
				c.body = body;
				c.iso2022jp = jis;
				out = compose_ok(&c);
				assert_crlf_only(out);
				assert_header_lines_short(out);
				if (jis)
					cr_assert(all_7bit(out), "%s/%s", languages[l], wf_mail_name(m));
				msg = parse(out);
				cr_assert_str_eq(g_mime_message_get_subject(msg), subject);
				got = body_text(g_mime_message_get_mime_part(msg),
						jis ? "ISO-2022-JP" : "UTF-8");
				cr_assert_str_eq(got, body, "%s/%s", languages[l], wf_mail_name(m));
				g_free(got);
				g_object_unref(msg);
				g_bytes_unref(out);
				g_free(subject);
				g_free(body);
			}
		g_hash_table_unref(vars);
	}
	mp_templates_free(t);
}
