/* A message's top-level headers in the order written, RFC 2047 words repaired; its addresses and ids copied out. */
#include <string.h>

#include <gmime/gmime.h>

#include "parsers_priv.h"

/* "<id>" from an id GMime gave without brackets; NULL for nothing. */
static char *
msgid_bracketed(const char *id)
{
	char *s, *out;

	if (!id)
		return NULL;
	s = g_strstrip(parse_mail_utf8_dup(id));
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
char *
parse_mail_rfc2047_repair(struct parse_mail *m, const char *raw)
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
		parse_mail_reason_add(m, g_strdup(g_ptr_array_index(reasons, i)));
	g_ptr_array_unref(reasons);
	if (!changed) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

/* ---- headers -------------------------------------------------------------- */

static struct parse_mail_address *
address_new(const char *name, const char *addr)
{
	struct parse_mail_address *a = g_new0(struct parse_mail_address, 1);

	if (name && *name) {
		a->name = g_strstrip(parse_mail_utf8_dup(name));
		if (!*a->name) {
			g_free(a->name);
			a->name = NULL;
		}
	}
	if (addr && *addr) {
		char *valid = g_strstrip(parse_mail_utf8_dup(addr));

		a->address = *valid ? parse_mail_lower_dup(valid) : NULL;
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
	GPtrArray *all = g_ptr_array_new_with_free_func(parse_mail_address_free);

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
		char *lower = parse_mail_lower_dup(addr);

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
fill_headers(GMimeParserOptions *options, struct parse_mail *m, GMimeMessage *msg)
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
		char *fixed = parse_mail_rfc2047_repair(m, g_mime_header_get_raw_value(h));

		g_ptr_array_add(m->header_names, parse_mail_utf8_dup(g_mime_header_get_name(h)));
		if (fixed) {
			char *unfolded = g_mime_utils_header_unfold(fixed);
			char *value = g_mime_utils_header_decode_text(options, unfolded);

			g_ptr_array_add(m->header_values, g_strstrip(parse_mail_utf8_dup(value)));
			g_free(value);
			g_free(unfolded);
			g_free(fixed);
		} else {
			g_ptr_array_add(m->header_values,
					g_strstrip(parse_mail_utf8_dup(g_mime_header_get_value(h))));
		}
	}
	g_array_free(all, TRUE);
}

/* The addresses of every name: header of msg. GMime's own list unless an
 * encoded word needs the repair of parse_mail_rfc2047_repair(). Caller unrefs. */
static InternetAddressList *
address_list_of(GMimeParserOptions *options, struct parse_mail *m, GMimeMessage *msg, const char *name,
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
		fixed = parse_mail_rfc2047_repair(m, g_mime_header_get_raw_value(h));
		unfolded = g_mime_utils_header_unfold(fixed ? fixed : g_mime_header_get_raw_value(h));
		part = internet_address_list_parse(options, unfolded);
		if (part) {
			internet_address_list_append(list, part);
			g_object_unref(part);
		}
		g_free(unfolded);
		g_free(fixed);
	}
	return list;
}

void
parse_mail_envelope(GMimeParserOptions *options, struct parse_mail *m, GMimeMessage *msg)
{
	InternetAddressList *list;
	const char *value;
	GDateTime *date;

	fill_headers(options, m, msg);
	m->message_id = msgid_bracketed(g_mime_message_get_message_id(msg));
	value = parse_mail_header(m, "In-Reply-To");
	if (value) {
		GMimeReferences *refs = g_mime_references_parse(options, value);

		if (refs && g_mime_references_length(refs) > 0)
			m->in_reply_to = msgid_bracketed(g_mime_references_get_message_id(refs, 0));
		if (refs)
			g_mime_references_free(refs);
	}
	value = parse_mail_header(m, "References");
	if (value) {
		GMimeReferences *refs = g_mime_references_parse(options, value);
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
	list = address_list_of(options, m, msg, "From", g_mime_message_get_from(msg));
	address_first(m, list, "From", &m->from);
	g_object_unref(list);
	list = address_list_of(options, m, msg, "Sender", g_mime_message_get_sender(msg));
	address_first(m, list, "Sender", &m->sender);
	g_object_unref(list);
	list = address_list_of(options, m, msg, "Reply-To", g_mime_message_get_reply_to(msg));
	address_first(m, list, "Reply-To", &m->reply_to);
	g_object_unref(list);
	list = address_list_of(options, m, msg, "To", g_mime_message_get_to(msg));
	addresses_collect(list, m->to, 0);
	g_object_unref(list);
	list = address_list_of(options, m, msg, "Cc", g_mime_message_get_cc(msg));
	addresses_collect(list, m->cc, 0);
	g_object_unref(list);
	value = parse_mail_header(m, "Return-Path");
	if (value)
		m->return_path = return_path_of(value);
	date = g_mime_message_get_date(msg);
	if (date)
		m->date = g_date_time_to_unix(date);
}
