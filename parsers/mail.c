/* A MIME message in memory to struct parse_mail with GMime; no GMime object leaves this file. */
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

static void
address_free(gpointer p)
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

static struct parse_mail *
mail_new(void)
{
	struct parse_mail *m = g_new0(struct parse_mail, 1);

	m->references = g_ptr_array_new_with_free_func(g_free);
	m->subject = g_strdup("");
	m->to = g_ptr_array_new_with_free_func(address_free);
	m->cc = g_ptr_array_new_with_free_func(address_free);
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
	if (!mail || !name || !mail->header_names)
		return NULL;
	for (guint i = 0; i < mail->header_names->len && i < mail->header_values->len; i++)
		if (!g_ascii_strcasecmp(g_ptr_array_index(mail->header_names, i), name))
			return g_ptr_array_index(mail->header_values, i);
	return NULL;
}

/* ---- small helpers -------------------------------------------------------- */

/* s as valid UTF-8 (a copy), "" for NULL. */
static char *
utf8_dup(const char *s)
{
	if (!s)
		return g_strdup("");
	return g_utf8_validate(s, -1, NULL) ? g_strdup(s) : g_utf8_make_valid(s, -1);
}

static char *
lower_dup(const char *s)
{
	return g_utf8_validate(s, -1, NULL) ? g_utf8_strdown(s, -1) : g_ascii_strdown(s, -1);
}

/* CRLF and lone CR made LF, in place. */
static void
text_unix_newlines(GString *s)
{
	gsize j = 0;

	if (!memchr(s->str, '\r', s->len))
		return;
	for (gsize i = 0; i < s->len; i++) {
		if (s->str[i] == '\r') {
			s->str[j++] = '\n';
			if (i + 1 < s->len && s->str[i + 1] == '\n')
				i++;
		} else {
			s->str[j++] = s->str[i];
		}
	}
	g_string_truncate(s, j);
}

static bool
has_visible_text(const GString *s)
{
	for (gsize i = 0; i < s->len; i++)
		if (!g_ascii_isspace(s->str[i]))
			return true;
	return false;
}

static void
reason_add(struct parse_mail *m, char *reason)
{
	for (guint i = 0; i < m->reasons->len; i++) {
		if (!strcmp(g_ptr_array_index(m->reasons, i), reason)) {
			g_free(reason);
			return;
		}
	}
	g_ptr_array_add(m->reasons, reason);
}

/* "<id>" from an id GMime gave without brackets; NULL for nothing. */
static char *
msgid_bracketed(const char *id)
{
	char *s, *out;

	if (!id)
		return NULL;
	s = g_strstrip(utf8_dup(id));
	if (!*s) {
		g_free(s);
		return NULL;
	}
	out = s[0] == '<' ? g_strdup(s) : g_strdup_printf("<%s>", s);
	g_free(s);
	return out;
}

/* ---- RFC 2047 encoded words ---------------------------------------------- */

/* The encoded word "=?charset?B|Q?text?=" at p: its length, or 0. */
static size_t
encoded_word_at(const char *p, const char **cs, size_t *cs_len, char *enc, const char **text,
		size_t *text_len)
{
	const char *q, *e;

	if (p[0] != '=' || p[1] != '?')
		return 0;
	for (q = p + 2; *q && *q != '?' && !g_ascii_isspace(*q); q++)
		;
	if (*q != '?' || q == p + 2 || !q[1] || !strchr("BbQq", q[1]) || q[2] != '?')
		return 0;
	for (e = q + 3; *e && !(e[0] == '?' && e[1] == '=') && !g_ascii_isspace(*e); e++)
		;
	if (e[0] != '?')
		return 0;
	*cs = p + 2;
	*cs_len = q - (p + 2);
	/* RFC 2231 language suffix: "utf-8*ja". */
	for (size_t i = 0; i < *cs_len; i++)
		if ((*cs)[i] == '*')
			*cs_len = i;
	*enc = g_ascii_toupper(q[1]);
	*text = q + 3;
	*text_len = e - (q + 3);
	return e + 2 - p;
}

/* The bytes an encoded word's text stands for, appended to out. Each word
 * is decoded on its own, so that padding in one does not spoil the next. */
static void
encoded_word_bytes(char enc, const char *text, size_t len, GByteArray *out)
{
	if (enc == 'B') {
		gint state = 0;
		guint save = 0;
		gsize at = out->len;

		g_byte_array_set_size(out, at + len * 3 / 4 + 3);
		at += g_base64_decode_step(text, len, out->data + at, &state, &save);
		g_byte_array_set_size(out, at);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		guint8 c = (guint8)text[i];

		if (c == '_') {
			c = ' ';
		} else if (c == '=' && i + 2 < len && g_ascii_isxdigit(text[i + 1]) && g_ascii_isxdigit(text[i + 2])) {
			c = (guint8)(g_ascii_xdigit_value(text[i + 1]) * 16 + g_ascii_xdigit_value(text[i + 2]));
			i += 2;
		}
		g_byte_array_append(out, &c, 1);
	}
}

/* raw (a header value as written) with each run of encoded words in one
 * charset, separated by white space only, decoded together and written
 * back as one UTF-8 word; NULL when raw has no encoded word. GMime decodes
 * each base64 word with the state the one before left, so a word padded
 * in the middle of a character (common from Japanese mailers) spoils the
 * rest; and it reads the charsets with iconv alone, which turns the NEC
 * characters of ISO-2022-JP and CP932 into '?'. Charset reasons go to m. */
static char *
rfc2047_normalize(struct parse_mail *m, const char *raw)
{
	GString *out;
	GPtrArray *reasons;
	const char *p = raw;
	bool changed = false;

	if (!raw || !strstr(raw, "=?"))
		return NULL;
	out = g_string_new(NULL);
	reasons = g_ptr_array_new_with_free_func(g_free);
	while (*p) {
		const char *cs, *text, *end;
		size_t cs_len, text_len, n;
		char enc, *label, *utf8;
		GByteArray *bytes;

		n = encoded_word_at(p, &cs, &cs_len, &enc, &text, &text_len);
		if (!n) {
			g_string_append_c(out, *p++);
			continue;
		}
		label = g_strndup(cs, cs_len);
		bytes = g_byte_array_new();
		encoded_word_bytes(enc, text, text_len, bytes);
		end = p + n;
		for (;;) {
			const char *q = end, *cs2, *text2;
			size_t cs2_len, text2_len, n2;
			char enc2;

			while (g_ascii_isspace(*q))
				q++;
			n2 = encoded_word_at(q, &cs2, &cs2_len, &enc2, &text2, &text2_len);
			if (!n2 || cs2_len != cs_len || g_ascii_strncasecmp(cs2, cs, cs_len))
				break;
			encoded_word_bytes(enc2, text2, text2_len, bytes);
			end = q + n2;
		}
		utf8 = parse_charset_decode((const char *)bytes->data, bytes->len, label, reasons);
		for (char *c = utf8; *c; c++)
			if (*c == '\r' || *c == '\n' || *c == '\t')
				*c = ' ';
		if (*utf8) {
			char *b64 = g_base64_encode((const guchar *)utf8, strlen(utf8));

			g_string_append_printf(out, "=?UTF-8?B?%s?=", b64);
			g_free(b64);
		}
		changed = true;
		g_free(utf8);
		g_free(label);
		g_byte_array_unref(bytes);
		p = end;
	}
	for (guint i = 0; i < reasons->len; i++)
		reason_add(m, g_strdup(g_ptr_array_index(reasons, i)));
	g_ptr_array_unref(reasons);
	if (!changed) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

/* ---- walking the tree ----------------------------------------------------- */

/* The whole parse: limits count over the message and its attached ones. */
struct mail_walk {
	struct parse_mail_limits limits;
	GMimeParserOptions *options;
	unsigned parts;
};

/* One message being filled, and the message it is attached to. */
struct mail_fill {
	struct parse_mail *mail;
	struct mail_fill *outer;
	unsigned base; /* depth of the message/rfc822 part holding it (0: top) */
	GString *plain;
	GString *html;
	bool has_plain;
	bool has_html;
};

/* A limit was hit: every message up the chain is over limits and says why. */
static void
limit_hit(struct mail_fill *f, const char *reason)
{
	for (; f; f = f->outer) {
		f->mail->over_limits = true;
		reason_add(f->mail, g_strdup(reason));
	}
}

static void walk_object(struct mail_walk *w, struct mail_fill *f, GMimeObject *obj, unsigned depth,
			bool want_text);
static void fill_message(struct mail_walk *w, struct mail_fill *f, GMimeMessage *msg, unsigned depth);

/* "type/subtype" in lower case. */
static char *
mime_type_of(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *mime = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	char *lower = lower_dup(mime ? mime : "application/octet-stream");

	g_free(mime);
	return lower;
}

static bool
is_type(GMimeObject *obj, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);

	return ct && g_mime_content_type_is_type(ct, type, subtype);
}

/* A leaf part that the sender meant as a file rather than as the body. */
static bool
is_attached(GMimeObject *obj)
{
	const char *disposition = g_mime_object_get_disposition(obj);

	if (disposition && !g_ascii_strcasecmp(disposition, "attachment"))
		return true;
	return GMIME_IS_PART(obj) && g_mime_part_get_filename(GMIME_PART(obj)) != NULL;
}

/* Whether base64 text (what the part holds before decoding) is broken:
 * characters outside the alphabet, or a length that does not end whole. */
static bool
base64_broken(GMimeStream *stream)
{
	char buf[4096];
	ssize_t n;
	size_t count = 0;
	bool broken = false;

	if (!stream || g_mime_stream_reset(stream) < 0)
		return false;
	while (!broken && (n = g_mime_stream_read(stream, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)buf[i];

			if (g_ascii_isalnum(c) || c == '+' || c == '/' || c == '=')
				count++;
			else if (!g_ascii_isspace(c)) {
				broken = true;
				break;
			}
		}
	}
	g_mime_stream_reset(stream);
	return broken || count % 4 != 0;
}

/* The decoded (base64, quoted-printable, uuencode) content of a leaf part. */
static GBytes *
part_bytes(struct mail_fill *f, GMimePart *part)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *mem;
	GByteArray *array;

	if (!content)
		return g_bytes_new(NULL, 0);
	if (g_mime_data_wrapper_get_encoding(content) == GMIME_CONTENT_ENCODING_BASE64 &&
	    base64_broken(g_mime_data_wrapper_get_stream(content))) {
		char *mime = mime_type_of(GMIME_OBJECT(part));

		reason_add(f->mail, g_strdup_printf("broken base64 in a %s part; decoded what could be", mime));
		g_free(mime);
	}
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(content, mem) < 0)
		reason_add(f->mail, g_strdup("a part's content could not be decoded"));
	/* Take the bytes from the stream instead of copying them. */
	array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	g_object_unref(mem);
	return g_byte_array_free_to_bytes(array);
}

/* A text part's content as UTF-8 with LF line ends. */
static GString *
part_text(struct mail_fill *f, GMimePart *part, bool html)
{
	GBytes *bytes = part_bytes(f, part);
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	const char *label = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
	char *sniffed = NULL, *text;
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
	GString *s;

	if (html && !label)
		label = sniffed = parse_html_meta_charset(data, len);
	text = parse_charset_decode(data, len, label, reasons);
	g_bytes_unref(bytes);
	g_free(sniffed);
	for (guint i = 0; i < reasons->len; i++)
		reason_add(f->mail, g_strdup(g_ptr_array_index(reasons, i)));
	g_ptr_array_unref(reasons);
	s = g_string_new(text);
	g_free(text);
	text_unix_newlines(s);
	return s;
}

/* Texts from several inline parts, a blank line between them. */
static void
text_join(GString *into, GString *part)
{
	if (into->len) {
		while (into->len && into->str[into->len - 1] == '\n')
			g_string_truncate(into, into->len - 1);
		g_string_append(into, "\n\n");
	}
	g_string_append_len(into, part->str, part->len);
}

/* The file name of obj when an RFC 2047 word in its Content-Disposition or
 * Content-Type header needs the repair of rfc2047_normalize(), else NULL. */
static char *
filename_repaired(struct mail_walk *w, struct mail_fill *f, GMimeObject *obj)
{
	static const char *const headers[] = { "Content-Disposition", "Content-Type" };
	GMimeHeaderList *list = g_mime_object_get_header_list(obj);
	char *name = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(headers) && !name; i++) {
		GMimeHeader *h = list ? g_mime_header_list_get_header(list, headers[i]) : NULL;
		const char *raw = h ? g_mime_header_get_raw_value(h) : NULL;
		char *fixed, *unfolded;
		const char *value = NULL;

		if (!raw || !strstr(raw, "=?") || !(fixed = rfc2047_normalize(f->mail, raw)))
			continue;
		unfolded = g_mime_utils_header_unfold(fixed);
		if (i == 0) {
			GMimeContentDisposition *d = g_mime_content_disposition_parse(w->options, unfolded);

			if (d && (value = g_mime_content_disposition_get_parameter(d, "filename")))
				name = g_mime_utils_header_decode_text(w->options, value);
			if (d)
				g_object_unref(d);
		} else {
			GMimeContentType *ct = g_mime_content_type_parse(w->options, unfolded);

			if (ct && (value = g_mime_content_type_get_parameter(ct, "name")))
				name = g_mime_utils_header_decode_text(w->options, value);
			if (ct)
				g_object_unref(ct);
		}
		g_free(unfolded);
		g_free(fixed);
	}
	return name;
}

/* A message/rfc822 part with a base64 or quoted-printable body, which GMime
 * leaves as a leaf: decode it and parse the result as the attached message. */
static void
walk_encoded_message(struct mail_walk *w, struct mail_fill *f, GMimePart *part, unsigned depth)
{
	GBytes *bytes = part_bytes(f, part);
	gsize len;
	const char *data = g_bytes_get_data(bytes, &len);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data ? data : "", len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *inner;
	struct mail_fill sub = { 0 };

	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	inner = g_mime_parser_construct_message(parser, w->options);
	if (inner) {
		sub.mail = mail_new();
		sub.mail->size = len;
		sub.outer = f;
		sub.base = depth;
		fill_message(w, &sub, inner, depth + 1);
		g_ptr_array_add(f->mail->messages, sub.mail);
		g_object_unref(inner);
	}
	g_object_unref(parser);
	g_object_unref(stream);
	g_bytes_unref(bytes);
}

static void
walk_leaf(struct mail_walk *w, struct mail_fill *f, GMimePart *part, unsigned depth, bool want_text)
{
	GMimeObject *obj = GMIME_OBJECT(part);
	struct parse_mail_attachment *a;
	GString *text;
	const char *filename;

	if (is_type(obj, "message", "rfc822") || is_type(obj, "message", "global")) {
		walk_encoded_message(w, f, part, depth);
		return;
	}
	if (!is_attached(obj)) {
		if (is_type(obj, "message", "delivery-status") || is_type(obj, "message", "global-delivery-status")) {
			if (!f->mail->delivery_status) {
				text = part_text(f, part, false);
				f->mail->delivery_status = g_string_free(text, FALSE);
			}
			return;
		}
		if (is_type(obj, "text", "rfc822-headers") || is_type(obj, "message", "rfc822-headers") ||
		    is_type(obj, "message", "global-headers")) {
			if (!f->mail->rfc822_headers) {
				text = part_text(f, part, false);
				f->mail->rfc822_headers = g_string_free(text, FALSE);
			}
			return;
		}
		if (is_type(obj, "text", "plain") || is_type(obj, "text", "html")) {
			bool html = is_type(obj, "text", "html");

			/* The alternatives not chosen are neither text nor files. */
			if (!want_text)
				return;
			text = part_text(f, part, html);
			if (html) {
				char *plain = parse_html_to_text(text->str, text->len);

				g_string_assign(text, plain);
				g_free(plain);
				text_join(f->html, text);
				f->has_html = true;
			} else {
				text_join(f->plain, text);
				f->has_plain = true;
			}
			g_string_free(text, TRUE);
			return;
		}
	}
	a = g_new0(struct parse_mail_attachment, 1);
	filename = g_mime_part_get_filename(part);
	if (filename) {
		/* GMime decodes RFC 2231, and RFC 2047 in name= the way it
		 * decodes headers, with the same faults. */
		a->filename = filename_repaired(w, f, obj);
		if (!a->filename)
			a->filename = strstr(filename, "=?") ? g_mime_utils_header_decode_text(w->options, filename)
							     : utf8_dup(filename);
		if (!g_utf8_validate(a->filename, -1, NULL)) {
			char *valid = g_utf8_make_valid(a->filename, -1);

			g_free(a->filename);
			a->filename = valid;
		}
	}
	a->content_type = mime_type_of(obj);
	a->data = part_bytes(f, part);
	g_ptr_array_add(f->mail->attachments, a);
}

enum { HAS_PLAIN = 1, HAS_HTML = 2 };

/* Which inline body texts a subtree holds (attached messages excluded);
 * *budget bounds the parts looked at. */
static unsigned
subtree_texts(GMimeObject *obj, unsigned depth_left, unsigned *budget)
{
	unsigned found = 0;

	if (!depth_left || !*budget)
		return 0;
	(*budget)--;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);

		for (int i = 0; i < n && found != (HAS_PLAIN | HAS_HTML); i++)
			found |= subtree_texts(g_mime_multipart_get_part(mp, i), depth_left - 1, budget);
	} else if (GMIME_IS_PART(obj) && !is_attached(obj)) {
		if (is_type(obj, "text", "plain"))
			found |= HAS_PLAIN;
		else if (is_type(obj, "text", "html"))
			found |= HAS_HTML;
	}
	return found;
}

/* The alternative to read: the first with text/plain, else the last with
 * text/html; -1 to read them all (none has either). */
static int
alternative_choice(struct mail_walk *w, GMimeMultipart *mp, unsigned depth)
{
	int n = g_mime_multipart_get_count(mp), plain = -1, html = -1;
	unsigned depth_left = w->limits.max_depth > depth ? w->limits.max_depth - depth : 0;
	unsigned budget = w->limits.max_parts;

	for (int i = 0; i < n; i++) {
		unsigned found = subtree_texts(g_mime_multipart_get_part(mp, i), depth_left, &budget);

		if ((found & HAS_PLAIN) && plain < 0)
			plain = i;
		if (found & HAS_HTML)
			html = i;
	}
	return plain >= 0 ? plain : html;
}

static void
walk_multipart(struct mail_walk *w, struct mail_fill *f, GMimeMultipart *mp, unsigned depth, bool want_text)
{
	GMimeObject *obj = GMIME_OBJECT(mp);
	int n = g_mime_multipart_get_count(mp), chosen = -1;

	if (is_type(obj, "multipart", "report") && !f->mail->report_type) {
		const char *type = g_mime_object_get_content_type_parameter(obj, "report-type");

		if (type)
			f->mail->report_type = g_strstrip(lower_dup(type));
	}
	if (want_text && is_type(obj, "multipart", "alternative"))
		chosen = alternative_choice(w, mp, depth);
	for (int i = 0; i < n; i++) {
		if (w->parts >= w->limits.max_parts) {
			char *reason = g_strdup_printf("more than %u MIME parts", w->limits.max_parts);

			limit_hit(f, reason);
			g_free(reason);
			break;
		}
		walk_object(w, f, g_mime_multipart_get_part(mp, i), depth + 1, want_text && (chosen < 0 || i == chosen));
	}
}

static void
walk_message_part(struct mail_walk *w, struct mail_fill *f, GMimeMessagePart *part, unsigned depth)
{
	GMimeMessage *inner = g_mime_message_part_get_message(part);
	struct mail_fill sub = { 0 };

	if (!inner)
		return;
	sub.mail = mail_new();
	sub.outer = f;
	sub.base = depth;
	fill_message(w, &sub, inner, depth + 1);
	g_ptr_array_add(f->mail->messages, sub.mail);
}

static void
walk_object(struct mail_walk *w, struct mail_fill *f, GMimeObject *obj, unsigned depth, bool want_text)
{
	if (!obj)
		return;
	if (depth > w->limits.max_depth) {
		char *reason = g_strdup_printf("MIME nesting deeper than %u levels", w->limits.max_depth);

		limit_hit(f, reason);
		g_free(reason);
		return;
	}
	if (w->parts >= w->limits.max_parts) {
		char *reason = g_strdup_printf("more than %u MIME parts", w->limits.max_parts);

		limit_hit(f, reason);
		g_free(reason);
		return;
	}
	w->parts++;
	for (struct mail_fill *c = f; c; c = c->outer) {
		c->mail->parts++;
		c->mail->depth = MAX(c->mail->depth, depth - c->base);
	}
	if (GMIME_IS_MULTIPART(obj))
		walk_multipart(w, f, GMIME_MULTIPART(obj), depth, want_text);
	else if (GMIME_IS_MESSAGE_PART(obj))
		walk_message_part(w, f, GMIME_MESSAGE_PART(obj), depth);
	else if (GMIME_IS_PART(obj))
		walk_leaf(w, f, GMIME_PART(obj), depth, want_text);
}

/* ---- headers -------------------------------------------------------------- */

static struct parse_mail_address *
address_new(const char *name, const char *addr)
{
	struct parse_mail_address *a = g_new0(struct parse_mail_address, 1);

	if (name && *name) {
		a->name = g_strstrip(utf8_dup(name));
		if (!*a->name) {
			g_free(a->name);
			a->name = NULL;
		}
	}
	if (addr && *addr) {
		char *valid = g_strstrip(utf8_dup(addr));

		a->address = *valid ? lower_dup(valid) : NULL;
		g_free(valid);
	}
	return a;
}

/* Every mailbox of list, the members of groups included. */
static void
addresses_collect(InternetAddressList *list, GPtrArray *out, unsigned depth)
{
	int n = list ? internet_address_list_length(list) : 0;

	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);

		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			if (depth < 4)
				addresses_collect(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out,
						  depth + 1);
		} else if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			g_ptr_array_add(out, address_new(internet_address_get_name(ia),
							 internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))));
		}
	}
}

/* The first mailbox of a From-like header; a value GMime finds no address
 * in ("From: John Doe") is kept as the name alone. */
static void
address_first(struct parse_mail *m, InternetAddressList *list, const char *header,
	      struct parse_mail_address *into)
{
	GPtrArray *all = g_ptr_array_new_with_free_func(address_free);

	addresses_collect(list, all, 0);
	if (all->len) {
		struct parse_mail_address *a = g_ptr_array_index(all, 0);

		*into = *a;
		a->name = a->address = NULL;
	} else {
		const char *value = parse_mail_header(m, header);

		if (value && !strchr(value, '@')) {
			char *name = g_strstrip(g_strdup(value));

			if (*name)
				into->name = name;
			else
				g_free(name);
		}
	}
	g_ptr_array_unref(all);
}

/* "user@host" (lower case) from a Return-Path value; "" for <>. */
static char *
return_path_of(const char *value)
{
	const char *open = strchr(value, '<'), *close;
	char *addr;

	if (open && (close = strchr(open, '>')))
		addr = g_strndup(open + 1, close - open - 1);
	else
		addr = g_strdup(value);
	g_strstrip(addr);
	if (addr[0] == '"' && addr[1] == '"' && !addr[2])
		addr[0] = '\0';
	{
		char *lower = lower_dup(addr);

		g_free(addr);
		return lower;
	}
}

struct header_at {
	gint64 offset;
	guint order;
	GMimeHeader *header;
};

static int
header_at_cmp(const void *a, const void *b)
{
	const struct header_at *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Every top-level header in the order written: GMime keeps Content-* headers
 * on the top part and the rest on the message, so merge them by offset. */
static void
fill_headers(struct mail_walk *w, struct parse_mail *m, GMimeMessage *msg)
{
	GMimeHeaderList *lists[2] = { g_mime_object_get_header_list(GMIME_OBJECT(msg)), NULL };
	GMimeObject *top = g_mime_message_get_mime_part(msg);
	GArray *all = g_array_new(FALSE, FALSE, sizeof(struct header_at));

	if (top)
		lists[1] = g_mime_object_get_header_list(top);
	for (int l = 0; l < 2; l++) {
		int n = lists[l] ? g_mime_header_list_get_count(lists[l]) : 0;

		for (int i = 0; i < n; i++) {
			struct header_at h;

			h.header = g_mime_header_list_get_header_at(lists[l], i);
			h.offset = g_mime_header_get_offset(h.header);
			h.order = all->len;
			if (h.offset < 0)
				h.offset = G_MAXINT64;
			g_array_append_val(all, h);
		}
	}
	g_array_sort(all, header_at_cmp);
	for (guint i = 0; i < all->len; i++) {
		GMimeHeader *h = g_array_index(all, struct header_at, i).header;
		char *fixed = rfc2047_normalize(m, g_mime_header_get_raw_value(h));

		g_ptr_array_add(m->header_names, utf8_dup(g_mime_header_get_name(h)));
		if (fixed) {
			char *unfolded = g_mime_utils_header_unfold(fixed);
			char *value = g_mime_utils_header_decode_text(w->options, unfolded);

			g_ptr_array_add(m->header_values, g_strstrip(utf8_dup(value)));
			g_free(value);
			g_free(unfolded);
			g_free(fixed);
		} else {
			g_ptr_array_add(m->header_values, g_strstrip(utf8_dup(g_mime_header_get_value(h))));
		}
	}
	g_array_free(all, TRUE);
}

/* The addresses of every name: header of msg. GMime's own list unless an
 * encoded word needs the repair of rfc2047_normalize(). Caller unrefs. */
static InternetAddressList *
address_list_of(struct mail_walk *w, struct parse_mail *m, GMimeMessage *msg, const char *name,
		InternetAddressList *gmime_list)
{
	GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	int n = g_mime_header_list_get_count(headers);
	InternetAddressList *list = NULL;

	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(headers, i);
		const char *raw = g_mime_header_get_raw_value(h);

		if (raw && strstr(raw, "=?") && !g_ascii_strcasecmp(g_mime_header_get_name(h), name)) {
			list = internet_address_list_new();
			break;
		}
	}
	if (!list)
		return gmime_list ? g_object_ref(gmime_list) : internet_address_list_new();
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(headers, i);
		char *fixed, *unfolded;
		InternetAddressList *part;

		if (g_ascii_strcasecmp(g_mime_header_get_name(h), name) != 0 || !g_mime_header_get_raw_value(h))
			continue;
		fixed = rfc2047_normalize(m, g_mime_header_get_raw_value(h));
		unfolded = g_mime_utils_header_unfold(fixed ? fixed : g_mime_header_get_raw_value(h));
		part = internet_address_list_parse(w->options, unfolded);
		if (part) {
			internet_address_list_append(list, part);
			g_object_unref(part);
		}
		g_free(unfolded);
		g_free(fixed);
	}
	return list;
}

static void
fill_envelope(struct mail_walk *w, struct parse_mail *m, GMimeMessage *msg)
{
	InternetAddressList *list;
	const char *value;
	GDateTime *date;

	fill_headers(w, m, msg);
	m->message_id = msgid_bracketed(g_mime_message_get_message_id(msg));
	value = parse_mail_header(m, "In-Reply-To");
	if (value) {
		GMimeReferences *refs = g_mime_references_parse(w->options, value);

		if (refs && g_mime_references_length(refs) > 0)
			m->in_reply_to = msgid_bracketed(g_mime_references_get_message_id(refs, 0));
		if (refs)
			g_mime_references_free(refs);
	}
	value = parse_mail_header(m, "References");
	if (value) {
		GMimeReferences *refs = g_mime_references_parse(w->options, value);
		int n = refs ? g_mime_references_length(refs) : 0;

		for (int i = 0; i < n; i++) {
			char *id = msgid_bracketed(g_mime_references_get_message_id(refs, i));

			if (id)
				g_ptr_array_add(m->references, id);
		}
		if (refs)
			g_mime_references_free(refs);
	}
	/* The header as decoded above, with the encoded-word repairs. */
	value = parse_mail_header(m, "Subject");
	g_free(m->subject);
	m->subject = g_strdup(value ? value : "");
	list = address_list_of(w, m, msg, "From", g_mime_message_get_from(msg));
	address_first(m, list, "From", &m->from);
	g_object_unref(list);
	list = address_list_of(w, m, msg, "Sender", g_mime_message_get_sender(msg));
	address_first(m, list, "Sender", &m->sender);
	g_object_unref(list);
	list = address_list_of(w, m, msg, "Reply-To", g_mime_message_get_reply_to(msg));
	address_first(m, list, "Reply-To", &m->reply_to);
	g_object_unref(list);
	list = address_list_of(w, m, msg, "To", g_mime_message_get_to(msg));
	addresses_collect(list, m->to, 0);
	g_object_unref(list);
	list = address_list_of(w, m, msg, "Cc", g_mime_message_get_cc(msg));
	addresses_collect(list, m->cc, 0);
	g_object_unref(list);
	value = parse_mail_header(m, "Return-Path");
	if (value)
		m->return_path = return_path_of(value);
	date = g_mime_message_get_date(msg);
	if (date)
		m->date = g_date_time_to_unix(date);
}

/* Headers, then the body from the top part at depth. */
static void
fill_message(struct mail_walk *w, struct mail_fill *f, GMimeMessage *msg, unsigned depth)
{
	struct parse_mail *m = f->mail;

	f->plain = g_string_new(NULL);
	f->html = g_string_new(NULL);
	fill_envelope(w, m, msg);
	walk_object(w, f, g_mime_message_get_mime_part(msg), depth, true);
	if (f->has_html && !(f->has_plain && has_visible_text(f->plain))) {
		m->text = g_string_free(f->html, FALSE);
		m->text_from_html = true;
		g_string_free(f->plain, TRUE);
	} else {
		m->text = g_string_free(f->plain, FALSE);
		g_string_free(f->html, TRUE);
	}
	f->plain = f->html = NULL;
}

/* ---- the pre-scan --------------------------------------------------------- */

/* One declared boundary on the nesting stack. */
struct scan_boundary {
	char *value;
	int below; /* index of the same value lower on the stack, or -1 */
};

static void
scan_pop(GArray *stack, GHashTable *top)
{
	struct scan_boundary *b = &g_array_index(stack, struct scan_boundary, stack->len - 1);

	if (b->below >= 0)
		g_hash_table_insert(top, b->value, GINT_TO_POINTER(b->below + 1));
	else
		g_hash_table_remove(top, b->value);
	g_free(b->value);
	g_array_set_size(stack, stack->len - 1);
}

/* Whether the '=' at eq (within [start, eq]) ends "boundary", spaces allowed. */
static bool
is_boundary_eq(const char *start, const char *eq)
{
	const char *p = eq;

	while (p > start && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	return p - start >= 8 && !g_ascii_strncasecmp(p - 8, "boundary", 8);
}

/* How many "boundary=" the buffer holds, counting no further than limit. */
static unsigned
boundary_count(const char *buf, size_t len, unsigned limit)
{
	const char *p = buf, *end = buf + len;
	unsigned n = 0;

	while (n < limit && p < end && (p = memchr(p, '=', end - p))) {
		if (is_boundary_eq(buf, p))
			n++;
		p++;
	}
	return n;
}

/* A "boundary=" parameter on the line [line, end), or NULL. */
static char *
scan_declared(const char *line, const char *end)
{
	const char *p = line;

	while (p < end && (p = memchr(p, '=', end - p))) {
		const char *v = p + 1, *start;

		p++;
		if (!is_boundary_eq(line, v - 1))
			continue;
		while (v < end && (*v == ' ' || *v == '\t' || *v == '"'))
			v++;
		start = v;
		while (v < end && *v != '"' && *v != ';' && *v != '\r' && *v != '\n' && v - start < 200)
			v++;
		while (v > start && (v[-1] == ' ' || v[-1] == '\t'))
			v--;
		if (v > start)
			return g_strndup(start, v - start);
	}
	return NULL;
}

/* GMime compares each line with every boundary open around it and nests
 * multiparts up to 1024 deep, so a mail of a million nested multiparts takes
 * it minutes. A linear look at the declared boundaries finds where nesting
 * passes limit; the parser is given the bytes before that line only. Returns
 * that length, or len. */
static size_t
nesting_cut(const char *buf, size_t len, unsigned limit)
{
	GArray *stack = g_array_new(FALSE, FALSE, sizeof(struct scan_boundary));
	GHashTable *top = g_hash_table_new(g_str_hash, g_str_equal); /* value -> index + 1 */
	const char *p = buf, *end = buf + len;
	size_t cut = len;

	/* Nesting needs a declaration per level: most mail stops here. */
	if (boundary_count(buf, len, limit) < limit)
		p = end;
	while (p < end) {
		const char *eol = memchr(p, '\n', end - p), *line_end;
		char *declared;

		line_end = eol ? eol : end;
		if (line_end - p >= 2 && p[0] == '-' && p[1] == '-' && line_end - p < 260 && stack->len) {
			const char *b = p + 2, *e = line_end;
			char *value;
			gpointer at;
			bool closing = false;

			while (e > b && g_ascii_isspace(e[-1]))
				e--;
			value = g_strndup(b, e - b);
			at = g_hash_table_lookup(top, value);
			if (!at && e - b >= 2 && e[-1] == '-' && e[-2] == '-') {
				value[e - b - 2] = '\0';
				at = g_hash_table_lookup(top, value);
				closing = at != NULL;
			}
			if (at) {
				while (stack->len > (guint)GPOINTER_TO_INT(at))
					scan_pop(stack, top);
				if (closing)
					scan_pop(stack, top);
			}
			g_free(value);
		} else if ((declared = scan_declared(p, line_end))) {
			struct scan_boundary sb;
			gpointer at = g_hash_table_lookup(top, declared);

			if (stack->len >= limit) {
				g_free(declared);
				cut = p - buf;
				break;
			}
			sb.value = declared;
			sb.below = at ? GPOINTER_TO_INT(at) - 1 : -1;
			g_array_append_val(stack, sb);
			g_hash_table_insert(top, declared, GINT_TO_POINTER(stack->len));
		}
		p = eol ? eol + 1 : end;
	}
	while (stack->len)
		scan_pop(stack, top);
	g_array_free(stack, TRUE);
	g_hash_table_destroy(top);
	return cut;
}

/* The length of the header block at the start of buf (its blank line
 * included), looking at no more than max bytes. */
static size_t
header_block_len(const char *buf, size_t len, size_t max)
{
	const char *p = buf, *end = buf + MIN(len, max), *last_eol = NULL;

	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);

		if (!eol)
			break;
		last_eol = eol;
		if (eol == p || (eol == p + 1 && *p == '\r'))
			return eol + 1 - buf;
		p = eol + 1;
	}
	return last_eol ? (size_t)(last_eol + 1 - buf) : MIN(len, max);
}

/* ---- parse_mail_mem ------------------------------------------------------- */

static GMimeParserOptions *
parser_options_new(void)
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
	struct mail_walk w = { { 0 }, NULL, 0 };
	struct mail_fill f = { 0 };
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
	parse_mail_limits_default(&w.limits);
	if (limits) {
		w.limits.max_size = limits->max_size;
		if (limits->max_depth)
			w.limits.max_depth = limits->max_depth;
		if (limits->max_parts)
			w.limits.max_parts = limits->max_parts;
	}
	w.options = parser_options_new();
	m = mail_new();
	m->size = len;
	if (w.limits.max_size && len > w.limits.max_size) {
		headers_only = true;
		parse_len = header_block_len(buf, len, w.limits.max_size);
	} else {
		/* Some slack over the limit, so that the walk sees the level
		 * past it and says so. */
		parse_len = nesting_cut(buf, len, w.limits.max_depth + 8);
	}
	stream = g_mime_stream_mem_new_with_buffer(buf, parse_len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, w.options);
	f.mail = m;
	if (msg) {
		fill_message(&w, &f, msg, 1);
	} else {
		/* Nothing GMime takes for a header: the bytes are all body. */
		char *decoded = parse_charset_decode(buf, parse_len, NULL, m->reasons);
		GString *text = g_string_new(decoded);

		g_free(decoded);
		text_unix_newlines(text);
		g_free(m->text);
		m->text = g_string_free(text, FALSE);
		m->parts = 1;
		m->depth = 1;
		reason_add(m, g_strdup("no message header found; the whole input read as text"));
	}
	if (headers_only) {
		m->over_limits = true;
		reason_add(m, g_strdup_printf("message of %zu bytes is larger than the limit of %zu; body not read",
					      len, w.limits.max_size));
	} else if (parse_len < len) {
		m->over_limits = true;
		reason_add(m, g_strdup_printf("MIME nesting deeper than %u levels", w.limits.max_depth));
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
	if (w.options)
		g_mime_parser_options_free(w.options);
	parse_mail_free(m);
	return status;
}
