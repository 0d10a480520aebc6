/* Outgoing mails built with GMime: headers that cannot be injected into, Japanese as UTF-8 or ISO-2022-JP, CRLF. */
#include <string.h>

#include <gmime/gmime.h>

#include "mailproc.h"

/* RFC 2047: an encoded word is at most 75 characters and a line holding one
 * at most 76. Words of at most 62 fit after "Subject: " with room to spare. */
#define WORD_MAX 62
/* Fold header lines before this many characters (RFC 5322 recommends 78). */
#define FOLD_AT 76
/* RFC 5322's limit on a line, without the CRLF. */
#define LINE_MAX_OCTETS 998

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

static bool
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* text in ISO-2022-JP, ending in ASCII, or NULL when a character has no
 * place in it (JIS X 0208 lacks e.g. "髙", "①" and half-width kana). */
static char *
to_jis(const char *text, gssize len, gsize *out_len)
{
	return g_convert(text, len, "ISO-2022-JP", "UTF-8", NULL, out_len, NULL);
}

static bool
fits_jis(const char *text)
{
	char *jis = to_jis(text, -1, NULL);

	g_free(jis);
	return jis != NULL;
}

/* ---- headers: RFC 2047 encoded words, folded ----------------------------------- */

/* A header value being built as GMime keeps a raw value (" ...\n"), folded
 * before FOLD_AT. */
struct folder {
	GString *raw;
	gsize column;
	bool started; /* a piece is on the first line: folding may begin */
};

static void
folder_init(struct folder *f, const char *header_name)
{
	f->raw = g_string_new(NULL);
	f->column = strlen(header_name) + 1; /* "Name:" */
	f->started = false;
}

static char *
folder_finish(struct folder *f)
{
	g_string_append_c(f->raw, '\n');
	return g_string_free(f->raw, FALSE);
}

static void
fold_append(struct folder *f, const char *piece)
{
	gsize len = strlen(piece);

	if (f->started && f->column + 1 + len > FOLD_AT) {
		g_string_append(f->raw, "\n ");
		f->column = 1;
	} else {
		g_string_append_c(f->raw, ' ');
		f->column++;
	}
	g_string_append(f->raw, piece);
	f->column += len;
	f->started = true;
}

/* The bytes of text[0..len) in the word's charset (text fits, checked). */
static char *
charset_bytes(const char *text, gsize len, bool jis, gsize *out_len)
{
	char *bytes;

	if (!jis) {
		*out_len = len;
		return g_strndup(text, len);
	}
	bytes = to_jis(text, len, out_len);
	g_assert(bytes); /* the whole text converted, so does a piece of it */
	return bytes;
}

/* RFC 2047 "Q" keeps these as they are in every context, a phrase too. */
static bool
q_plain(guchar c)
{
	return g_ascii_isalnum(c) || strchr("!*+-/", c);
}

static gsize
q_length(const guchar *bytes, gsize len)
{
	gsize n = 0;

	for (gsize i = 0; i < len; i++)
		n += q_plain(bytes[i]) || bytes[i] == ' ' ? 1 : 3;
	return n;
}

static char *
q_encode(const guchar *bytes, gsize len)
{
	GString *out = g_string_new(NULL);

	for (gsize i = 0; i < len; i++) {
		if (q_plain(bytes[i]))
			g_string_append_c(out, (char)bytes[i]);
		else if (bytes[i] == ' ')
			g_string_append_c(out, '_');
		else
			g_string_append_printf(out, "=%02X", bytes[i]);
	}
	return g_string_free(out, FALSE);
}

/* Append text as encoded words of UTF-8 or (jis, when text fits it)
 * ISO-2022-JP, each converted on its own so that it starts and ends in
 * ASCII (RFC 1468). Every word but the last has no base64 padding: GMime
 * 3.2.13 (gmime issue 133) and other readers join adjacent B words of one
 * charset before decoding and stop at a "=" in the middle. When no such
 * piece fits, that word is "Q" encoded instead. */
static void
fold_append_words(struct folder *f, const char *text, bool jis)
{
	const char *charset = jis ? "ISO-2022-JP" : "UTF-8";
	const gsize overhead = strlen(charset) + 7; /* "=?", "?B?", "?=" */
	const char *start = text;

	while (*start) {
		const char *end, *next, *b_end = NULL, *aligned_end = NULL, *q_end = NULL, *use;
		gsize len;
		guchar *bytes;
		char *payload, *word;
		bool q = false;

		for (end = start; *end; end = next) {
			bool fits_b, fits_q;

			next = g_utf8_next_char(end);
			bytes = (guchar *)charset_bytes(start, next - start, jis, &len);
			fits_b = overhead + (len + 2) / 3 * 4 <= WORD_MAX;
			fits_q = overhead + q_length(bytes, len) <= WORD_MAX;
			g_free(bytes);
			if (!fits_b && !fits_q && end > start)
				break;
			if (fits_b || end == start) {
				b_end = next;
				if (len % 3 == 0)
					aligned_end = next;
			}
			if (fits_q || end == start)
				q_end = next;
		}
		if (!*b_end || aligned_end) {
			use = *b_end ? aligned_end : b_end; /* the last word may be padded */
		} else {
			use = q_end;
			q = true;
		}
		bytes = (guchar *)charset_bytes(start, use - start, jis, &len);
		payload = q ? q_encode(bytes, len) : g_base64_encode(bytes, len);
		word = g_strdup_printf("=?%s?%c?%s?=", charset, q ? 'Q' : 'B', payload);
		fold_append(f, word);
		g_free(word);
		g_free(payload);
		g_free(bytes);
		start = use;
	}
}

/* Must this word of a header be encoded: not ASCII, or it would read as an
 * encoded word itself. */
static bool
needs_encoding(const char *word)
{
	return !is_ascii(word) || strstr(word, "=?");
}

/* The raw value of an unstructured header: ASCII words as they are, runs of
 * other words as encoded words (ISO-2022-JP when jis and the text fits). */
static char *
raw_text(const char *header_name, const char *text, bool jis)
{
	struct folder f;
	char **words = g_strsplit(text, " ", -1);
	GString *run = g_string_new(NULL);

	jis = jis && fits_jis(text);
	folder_init(&f, header_name);
	for (guint i = 0; words[i]; i++) {
		if (needs_encoding(words[i])) {
			if (run->len)
				g_string_append_c(run, ' ');
			g_string_append(run, words[i]);
			continue;
		}
		if (run->len) {
			fold_append_words(&f, run->str, jis);
			g_string_truncate(run, 0);
		}
		fold_append(&f, words[i]);
	}
	if (run->len)
		fold_append_words(&f, run->str, jis);
	g_string_free(run, TRUE);
	g_strfreev(words);
	return folder_finish(&f);
}

/* The raw value of an address header: a display name that is not ASCII as
 * encoded words (ISO-2022-JP when jis and it fits); the rest as GMime
 * writes it (quoting included). */
static char *
raw_mailboxes(const char *header_name, InternetAddressList *list, bool jis)
{
	int n = internet_address_list_length(list);
	struct folder f;

	folder_init(&f, header_name);
	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		const char *name = internet_address_get_name(ia);
		const char *comma = i + 1 < n ? "," : "";
		char *piece;

		if (name && *name && !is_ascii(name)) {
			fold_append_words(&f, name, jis && fits_jis(name));
			piece = g_strdup_printf("<%s>%s",
						internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)),
						comma);
		} else {
			char *s = internet_address_to_string(ia, NULL, TRUE);

			piece = g_strconcat(s, comma, NULL);
			g_free(s);
		}
		fold_append(&f, piece);
		g_free(piece);
	}
	return folder_finish(&f);
}

static void
set_raw(GMimeMessage *message, const char *name, char *raw)
{
	GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
	GMimeHeader *header = g_mime_header_list_get_header(headers, name);

	g_assert(header); /* set by the caller just before */
	g_mime_header_set_raw_value(header, raw);
	g_free(raw);
}

/* ---- the body ---------------------------------------------------------------- */

/* text with every line end made CRLF (MIME's canonical form, which base64
 * keeps as it is), each line converted on its own for ISO-2022-JP so that
 * it ends in ASCII (RFC 1468). NULL when jis and a line does not convert. */
static GByteArray *
body_bytes(const char *text, bool jis)
{
	GByteArray *out = g_byte_array_new();
	const char *p = text, *eol;
	gsize len;
	char *conv;

	while (*p) {
		eol = strpbrk(p, "\r\n");
		len = eol ? (gsize)(eol - p) : strlen(p);
		if (jis && len) {
			conv = to_jis(p, len, &len);
			if (!conv) {
				g_byte_array_free(out, TRUE);
				return NULL;
			}
			g_byte_array_append(out, (const guint8 *)conv, len);
			g_free(conv);
		} else {
			g_byte_array_append(out, (const guint8 *)p, len);
		}
		if (!eol)
			break;
		g_byte_array_append(out, (const guint8 *)"\r\n", 2);
		p = eol + (eol[0] == '\r' && eol[1] == '\n' ? 2 : 1);
	}
	return out;
}

/* 7bit when the bytes are ASCII in lines SMTP can carry, else base64. */
static GMimeContentEncoding
body_encoding(const GByteArray *bytes)
{
	gsize column = 0;

	for (guint i = 0; i < bytes->len; i++) {
		if (bytes->data[i] >= 0x80)
			return GMIME_CONTENT_ENCODING_BASE64;
		column = bytes->data[i] == '\n' ? 0 : column + 1;
		if (column > LINE_MAX_OCTETS)
			return GMIME_CONTENT_ENCODING_BASE64;
	}
	return GMIME_CONTENT_ENCODING_7BIT;
}

static void
part_set_content(GMimePart *part, const void *data, gsize len)
{
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
	GMimeDataWrapper *wrapper = g_mime_data_wrapper_new_with_stream(stream,
									GMIME_CONTENT_ENCODING_DEFAULT);

	g_mime_part_set_content(part, wrapper);
	g_object_unref(wrapper);
	g_object_unref(stream);
}

static GMimeObject *
text_part_new(const char *body, bool iso2022jp)
{
	GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
	GByteArray *bytes = iso2022jp ? body_bytes(body, true) : NULL;
	const char *charset = "ISO-2022-JP";

	if (!bytes) { /* UTF-8 asked for, or the text has no place in ISO-2022-JP */
		bytes = body_bytes(body, false);
		charset = "UTF-8";
	}
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", charset);
	g_mime_part_set_content_encoding(GMIME_PART(part), body_encoding(bytes));
	part_set_content(GMIME_PART(part), bytes->data, bytes->len);
	g_byte_array_free(bytes, TRUE);
	return GMIME_OBJECT(part);
}

static GMimeObject *
zip_part_new(const char *name, GBytes *data)
{
	GMimePart *part = g_mime_part_new_with_type("application", "zip");
	gsize len;
	const void *p = g_bytes_get_data(data, &len);

	g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
	g_mime_part_set_filename(part, name); /* RFC 2231 when not ASCII (GMime's default) */
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
	part_set_content(part, p, len);
	return GMIME_OBJECT(part);
}

/* ---- the message ------------------------------------------------------------- */

static enum mp_status
check_header_values(const struct mp_compose *c, struct mp_error *err)
{
	const struct {
		const char *name, *value;
	} fields[] = {
		{ "from", c->from },
		{ "from_name", c->from_name },
		{ "to", c->to },
		{ "subject", c->subject },
		{ "message_id", c->message_id },
		{ "in_reply_to", c->in_reply_to },
		{ "references", c->references },
		{ "auto_submitted", c->auto_submitted },
		{ "attachment_name", c->attachment_name },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(fields); i++) {
		if (!fields[i].value)
			continue;
		if (strpbrk(fields[i].value, "\r\n"))
			return mp_error_set(err, MP_STATUS_BAD_INPUT,
					    "compose: %s contains a line break", fields[i].name);
		if (!g_utf8_validate(fields[i].value, -1, NULL))
			return mp_error_set(err, MP_STATUS_BAD_INPUT, "compose: %s is not valid UTF-8",
					    fields[i].name);
	}
	if (!c->from || !c->to || !c->subject || !c->body || !c->message_id)
		return mp_error_set(err, MP_STATUS_BAD_INPUT,
				    "compose: from, to, subject, body and message_id are required");
	if (!g_utf8_validate(c->body, -1, NULL))
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "compose: the body is not valid UTF-8");
	if (!strchr(c->from, '@') || strpbrk(c->from, " \t<>\"(),;"))
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "compose: bad from address \"%s\"", c->from);
	if (!c->attachment_name != !c->attachment)
		return mp_error_set(err, MP_STATUS_BAD_INPUT,
				    "compose: an attachment needs both its name and its data");
	if (c->attachment_name && !*c->attachment_name)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "compose: empty attachment name");
	return MP_STATUS_OK;
}

/* The message id without its angle brackets, or NULL when it is no id. */
static char *
bare_message_id(const char *id)
{
	gsize len = strlen(id);

	if (len >= 2 && id[0] == '<' && id[len - 1] == '>') {
		id++;
		len -= 2;
	}
	if (!len || !memchr(id, '@', len))
		return NULL;
	for (gsize i = 0; i < len; i++)
		if ((unsigned char)id[i] <= ' ' || (unsigned char)id[i] >= 0x7f || id[i] == '<' ||
		    id[i] == '>')
			return NULL;
	return g_strndup(id, len);
}

/* Append the addresses of to, refusing anything that is not a plain mailbox. */
static enum mp_status
add_recipients(GMimeMessage *message, const char *to, struct mp_error *err)
{
	InternetAddressList *list = internet_address_list_parse(NULL, to);
	enum mp_status status = MP_STATUS_OK;
	int n = list ? internet_address_list_length(list) : 0;

	if (n <= 0) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "compose: no address in to \"%s\"", to);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		const char *addr;

		if (!INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT, "compose: a group in to \"%s\"", to);
			goto out;
		}
		addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
		if (!addr || !strchr(addr, '@') || addr[0] == '@' || g_str_has_suffix(addr, "@")) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT, "compose: bad address in to \"%s\"",
					      to);
			goto out;
		}
	}
	internet_address_list_append(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_TO),
				     list);
out:
	if (list)
		g_object_unref(list);
	return status;
}

enum mp_status
mp_compose_message(const struct mp_compose *compose, GBytes **out, struct mp_error *err)
{
	enum mp_status status;
	GMimeMessage *message = NULL;
	GMimeObject *body = NULL, *zip = NULL;
	GMimeMultipart *mixed = NULL;
	GMimeFormatOptions *options = NULL;
	GMimeStream *stream = NULL;
	GTimeZone *jst = NULL;
	GDateTime *utc = NULL, *date = NULL;
	GByteArray *bytes;
	char *id = NULL;
	const char *name = compose->from_name && *compose->from_name ? compose->from_name : NULL;

	*out = NULL;
	status = check_header_values(compose, err);
	if (status != MP_STATUS_OK)
		goto out;
	id = bare_message_id(compose->message_id);
	if (!id) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "compose: bad message_id \"%s\"",
				      compose->message_id);
		goto out;
	}
	utc = g_date_time_new_from_unix_utc(compose->date);
	if (!utc) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "compose: date out of range");
		goto out;
	}
	gmime_ensure();

	message = g_mime_message_new(TRUE);
	/* Date in Japan's time: the zone of every date the customer reads. */
	jst = g_time_zone_new_offset(9 * 3600);
	date = g_date_time_to_timezone(utc, jst);
	g_mime_message_set_date(message, date);

	/* From, To and Subject are written by our own encoder (see
	 * fold_append_words): GMime's makes words longer than RFC 2047 allows
	 * and would pick "Q" for ISO-2022-JP. */
	g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_FROM, name, compose->from);
	set_raw(message, "From", raw_mailboxes("From", g_mime_message_get_from(message),
						compose->iso2022jp));

	status = add_recipients(message, compose->to, err);
	if (status != MP_STATUS_OK)
		goto out;
	set_raw(message, "To", raw_mailboxes("To", g_mime_message_get_to(message), compose->iso2022jp));

	g_mime_message_set_subject(message, compose->subject, "UTF-8");
	if (needs_encoding(compose->subject))
		set_raw(message, "Subject", raw_text("Subject", compose->subject, compose->iso2022jp));

	g_mime_message_set_message_id(message, id);
	if (compose->in_reply_to && *compose->in_reply_to)
		g_mime_object_set_header(GMIME_OBJECT(message), "In-Reply-To", compose->in_reply_to,
					 NULL);
	if (compose->references && *compose->references)
		g_mime_object_set_header(GMIME_OBJECT(message), "References", compose->references,
					 NULL);
	if (compose->auto_submitted && *compose->auto_submitted) {
		g_mime_object_set_header(GMIME_OBJECT(message), "Auto-Submitted",
					 compose->auto_submitted, NULL);
		/* Exchange's out-of-office and auto-replies only: "All" would
		 * also suppress the delivery reports that tell us of a bad address. */
		g_mime_object_set_header(GMIME_OBJECT(message), "X-Auto-Response-Suppress",
					 "OOF, AutoReply", NULL);
	}
	g_mime_object_set_header(GMIME_OBJECT(message), "MIME-Version", "1.0", NULL);

	body = text_part_new(compose->body, compose->iso2022jp);
	if (compose->attachment) {
		zip = zip_part_new(compose->attachment_name, compose->attachment);
		mixed = g_mime_multipart_new_with_subtype("mixed");
		g_mime_multipart_add(mixed, body);
		g_mime_multipart_add(mixed, zip);
		g_mime_message_set_mime_part(message, GMIME_OBJECT(mixed));
	} else {
		g_mime_message_set_mime_part(message, body);
	}

	options = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
	stream = g_mime_stream_mem_new();
	if (g_mime_object_write_to_stream(GMIME_OBJECT(message), options, stream) < 0) {
		status = mp_error_set(err, MP_STATUS_IO, "compose: GMime could not write the message");
		goto out;
	}
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
	*out = g_bytes_new(bytes->data, bytes->len);
	status = MP_STATUS_OK;
out:
	if (stream)
		g_object_unref(stream);
	if (options)
		g_mime_format_options_free(options);
	if (mixed)
		g_object_unref(mixed);
	if (zip)
		g_object_unref(zip);
	if (body)
		g_object_unref(body);
	if (message)
		g_object_unref(message);
	if (date)
		g_date_time_unref(date);
	if (utc)
		g_date_time_unref(utc);
	if (jst)
		g_time_zone_unref(jst);
	g_free(id);
	return status;
}
