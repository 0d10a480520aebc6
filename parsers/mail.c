/* A MIME message in memory to struct parse_mail with GMime; no GMime object leaves the mail*.c files. */
#include <string.h>

#include <gmime/gmime.h>

#include "parsers_priv.h"

#define MAIL_DEFAULT_MAX_SIZE ((size_t)50 * 1024 * 1024)
#define MAIL_DEFAULT_MAX_DEPTH 100
#define MAIL_DEFAULT_MAX_PARTS 10000

void
parse_mail_limits_default(struct parse_mail_limits *limits)
{
	limits->max_size = MAIL_DEFAULT_MAX_SIZE;
	limits->max_depth = MAIL_DEFAULT_MAX_DEPTH;
	limits->max_parts = MAIL_DEFAULT_MAX_PARTS;
}

static gpointer
gmime_init_once(gpointer data)
{
	g_mime_init();
	return NULL;
}

static void
gmime_ensure(void)
{
	static GOnce once = G_ONCE_INIT;

	g_once(&once, gmime_init_once, NULL);
}

/* ---- struct parse_mail ---------------------------------------------------- */

static void
address_clear(struct parse_mail_address *a)
{
	g_free(a->name);
	g_free(a->address);
	a->name = a->address = NULL;
}

void
parse_mail_address_free(gpointer p)
{
	if (p) {
		address_clear(p);
		g_free(p);
	}
}

static void
attachment_free(gpointer p)
{
	struct parse_mail_attachment *a = p;

	if (!a)
		return;
	g_free(a->filename);
	g_free(a->content_type);
	if (a->data)
		g_bytes_unref(a->data);
	g_free(a);
}

struct parse_mail *
parse_mail_new(void)
{
	struct parse_mail *m = g_new0(struct parse_mail, 1);

	m->references = g_ptr_array_new_with_free_func(g_free);
	m->subject = g_strdup("");
	m->to = g_ptr_array_new_with_free_func(parse_mail_address_free);
	m->cc = g_ptr_array_new_with_free_func(parse_mail_address_free);
	m->header_names = g_ptr_array_new_with_free_func(g_free);
	m->header_values = g_ptr_array_new_with_free_func(g_free);
	m->attachments = g_ptr_array_new_with_free_func(attachment_free);
	m->messages = g_ptr_array_new_with_free_func((GDestroyNotify)parse_mail_free);
	m->reasons = g_ptr_array_new_with_free_func(g_free);
	return m;
}

void
parse_mail_free(struct parse_mail *mail)
{
	if (!mail)
		return;
	g_free(mail->message_id);
	g_free(mail->in_reply_to);
	g_ptr_array_unref(mail->references);
	g_free(mail->subject);
	address_clear(&mail->from);
	address_clear(&mail->sender);
	address_clear(&mail->reply_to);
	g_free(mail->return_path);
	g_ptr_array_unref(mail->to);
	g_ptr_array_unref(mail->cc);
	g_ptr_array_unref(mail->header_names);
	g_ptr_array_unref(mail->header_values);
	g_free(mail->text);
	g_ptr_array_unref(mail->attachments);
	g_ptr_array_unref(mail->messages);
	g_free(mail->report_type);
	g_free(mail->delivery_status);
	g_free(mail->rfc822_headers);
	g_ptr_array_unref(mail->reasons);
	g_free(mail);
}

const char *
parse_mail_header(const struct parse_mail *mail, const char *name)
{
	char first;

	if (!mail || !name || !mail->header_names)
		return NULL;
	/* Most names differ in their first letter: compared before the rest. */
	first = g_ascii_tolower(*name);
	for (guint i = 0; i < mail->header_names->len && i < mail->header_values->len; i++) {
		const char *h = g_ptr_array_index(mail->header_names, i);

		if ((*h >= 'A' && *h <= 'Z' ? *h + ('a' - 'A') : *h) == first && !g_ascii_strcasecmp(h, name))
			return g_ptr_array_index(mail->header_values, i);
	}
	return NULL;
}

/* ---- small helpers -------------------------------------------------------- */

/* s as valid UTF-8 (a copy), "" for NULL. */
char *
parse_mail_utf8_dup(const char *s)
{
	if (!s)
		return g_strdup("");
	return g_utf8_validate(s, -1, NULL) ? g_strdup(s) : g_utf8_make_valid(s, -1);
}

char *
parse_mail_lower_dup(const char *s)
{
	return g_utf8_validate(s, -1, NULL) ? g_utf8_strdown(s, -1) : g_ascii_strdown(s, -1);
}

/* CRLF and lone CR made LF, in place. */
void
parse_mail_unix_newlines(GString *s)
{
	char *cr = memchr(s->str, '\r', s->len), *end = s->str + s->len;
	char *to;

	if (!cr)
		return;
	/* The bytes between two CRs move down in one go. */
	to = cr;
	while (cr) {
		char *from = cr + 1, *next;

		*to++ = '\n';
		if (from < end && *from == '\n')
			from++;
		next = from < end ? memchr(from, '\r', end - from) : NULL;
		memmove(to, from, (next ? next : end) - from);
		to += (next ? next : end) - from;
		cr = next;
	}
	g_string_truncate(s, to - s->str);
}

void
parse_mail_reason_add(struct parse_mail *m, char *reason)
{
	for (guint i = 0; i < m->reasons->len; i++) {
		if (!strcmp(g_ptr_array_index(m->reasons, i), reason)) {
			g_free(reason);
			return;
		}
	}
	g_ptr_array_add(m->reasons, reason);
}

/* ---- parse_mail_mem ------------------------------------------------------- */

static gpointer
parser_options_once(gpointer data)
{
	static const char *fallback[] = { "UTF-8", "CP932", "EUC-JP", "ISO-2022-JP", NULL };
	GMimeParserOptions *options = g_mime_parser_options_new();

	g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_allow_addresses_without_domain(options, TRUE);
	g_mime_parser_options_set_fallback_charsets(options, fallback);
	return options;
}

/* The parser options: the same for every mail, so made once and kept for
 * the life of the process; GMime only reads them. */
static GMimeParserOptions *
parser_options(void)
{
	static GOnce once = G_ONCE_INIT;

	return g_once(&once, parser_options_once, NULL);
}

static bool
all_space(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isspace(buf[i]))
			return false;
	return true;
}

enum mp_status
parse_mail_mem(const void *buf, size_t len, const struct parse_mail_limits *limits,
	       struct parse_mail **out, struct mp_error *err)
{
	struct parse_mail_limits lim;
	GMimeParserOptions *options = NULL;
	GByteArray *array = NULL;
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *msg = NULL;
	struct parse_mail *m = NULL;
	size_t parse_len = len;
	bool headers_only = false;
	enum mp_status status = MP_STATUS_OK;

	if (out)
		*out = NULL;
	if (!out) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "no place for the parsed mail");
		goto out;
	}
	if (!buf || !len || all_space(buf, len)) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "empty message");
		goto out;
	}
	gmime_ensure();
	parse_mail_limits_default(&lim);
	if (limits) {
		lim.max_size = limits->max_size;
		if (limits->max_depth)
			lim.max_depth = limits->max_depth;
		if (limits->max_parts)
			lim.max_parts = limits->max_parts;
	}
	options = parser_options();
	m = parse_mail_new();
	m->size = len;
	if (lim.max_size && len > lim.max_size) {
		headers_only = true;
		parse_len = parse_mail_header_block_len(buf, len, lim.max_size);
	} else {
		/* Some slack over the limit, so that the walk sees the level
		 * past it and says so. */
		parse_len = parse_mail_nesting_cut(buf, len, lim.max_depth + 8);
	}
	/* GMime reads the caller's bytes in place instead of a copy: the stream
	 * borrows them through a byte array it does not own, which is emptied
	 * before it is freed. Nothing writes to the stream. */
	array = g_byte_array_new_take((guint8 *)buf, parse_len);
	stream = g_mime_stream_mem_new_with_byte_array(array);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, options);
	if (msg) {
		parse_mail_walk(&lim, options, m, msg);
	} else {
		/* Nothing GMime takes for a header: the bytes are all body. */
		char *decoded = parse_charset_decode(buf, parse_len, NULL, m->reasons);
		GString *text = g_string_new(decoded);

		g_free(decoded);
		parse_mail_unix_newlines(text);
		g_free(m->text);
		m->text = g_string_free(text, FALSE);
		m->parts = 1;
		m->depth = 1;
		parse_mail_reason_add(m, g_strdup("no message header found; the whole input read as text"));
	}
	if (headers_only) {
		m->over_limits = true;
		parse_mail_reason_add(m, g_strdup_printf("message of %zu bytes is larger than the limit of %zu; body not read",
							 len, lim.max_size));
	} else if (parse_len < len) {
		m->over_limits = true;
		parse_mail_reason_add(m, g_strdup_printf("MIME nesting deeper than %u levels", lim.max_depth));
	}
	if (!m->text)
		m->text = g_strdup("");
	*out = m;
	m = NULL;
out:
	if (msg)
		g_object_unref(msg);
	if (parser)
		g_object_unref(parser);
	if (stream)
		g_object_unref(stream);
	if (array) {
		g_byte_array_steal(array, NULL);
		g_byte_array_unref(array);
	}
	parse_mail_free(m);
	return status;
}
