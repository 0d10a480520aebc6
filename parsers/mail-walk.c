/* A message's MIME tree walked within the limits: the body text chosen, attachments and attached messages copied out. */
#include <string.h>

#include <gmime/gmime.h>

#include "parsers_priv.h"

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
		parse_mail_reason_add(f->mail, g_strdup(reason));
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
	char *lower = parse_mail_lower_dup(mime ? mime : "application/octet-stream");

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
	/* Only text says why it reads oddly; a broken attachment fails on its
	 * own (a certificate that does not parse), and scanning every large
	 * attachment twice would cost as much as decoding it. */
	if (g_mime_data_wrapper_get_encoding(content) == GMIME_CONTENT_ENCODING_BASE64 &&
	    g_mime_content_type_is_type(g_mime_object_get_content_type(GMIME_OBJECT(part)), "text", "*") &&
	    base64_broken(g_mime_data_wrapper_get_stream(content))) {
		char *mime = mime_type_of(GMIME_OBJECT(part));

		parse_mail_reason_add(f->mail,
				      g_strdup_printf("broken base64 in a %s part; decoded what could be", mime));
		g_free(mime);
	}
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(content, mem) < 0)
		parse_mail_reason_add(f->mail, g_strdup("a part's content could not be decoded"));
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
		parse_mail_reason_add(f->mail, g_strdup(g_ptr_array_index(reasons, i)));
	g_ptr_array_unref(reasons);
	s = g_string_new(text);
	g_free(text);
	parse_mail_unix_newlines(s);
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
 * Content-Type header needs the repair of parse_mail_rfc2047_repair(), else NULL. */
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

		if (!raw || !strstr(raw, "=?") || !(fixed = parse_mail_rfc2047_repair(f->mail, raw)))
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
		sub.mail = parse_mail_new();
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
							     : parse_mail_utf8_dup(filename);
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
			f->mail->report_type = g_strstrip(parse_mail_lower_dup(type));
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
	sub.mail = parse_mail_new();
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

/* ---- one message ----------------------------------------------------------- */

static bool
has_visible_text(const GString *s)
{
	for (gsize i = 0; i < s->len; i++)
		if (!g_ascii_isspace(s->str[i]))
			return true;
	return false;
}

/* Headers, then the body from the top part at depth. */
static void
fill_message(struct mail_walk *w, struct mail_fill *f, GMimeMessage *msg, unsigned depth)
{
	struct parse_mail *m = f->mail;

	f->plain = g_string_new(NULL);
	f->html = g_string_new(NULL);
	parse_mail_envelope(w->options, m, msg);
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

void
parse_mail_walk(const struct parse_mail_limits *limits, GMimeParserOptions *options, struct parse_mail *m,
		GMimeMessage *msg)
{
	struct mail_walk w = { *limits, options, 0 };
	struct mail_fill f = { 0 };

	f.mail = m;
	fill_message(&w, &f, msg, 1);
}
