/* Forwarded mails: the attached message that is the forwarded one, or an inline forward's quoted headers and text. */
#include <string.h>

#include "parsers_priv.h"

/* Lines of a quoted header block ("From: ... Subject: ..."). */
#define FORWARD_HEADER_LINES 20

/* ---- subjects ------------------------------------------------------------------ */

static const char *
skip_brackets(const char *s)
{
	s = parse_text_skip_spaces(s);
	while (*s == '[' || *s == '(') {
		const char *close = strchr(s, *s == '[' ? ']' : ')');

		/* "[ORD-2026-0012] Fwd: ..." and "(fwd) ..." */
		if (!close || close - s > 40)
			break;
		if (!g_ascii_strncasecmp(s + 1, "fw", 2))
			return s + 1;
		s = parse_text_skip_spaces(close + 1);
	}
	return s;
}

static bool
forward_subject(const char *subject_lc)
{
	const char *s = skip_brackets(subject_lc);

	return g_str_has_prefix(s, "fw:") || g_str_has_prefix(s, "fwd:") || g_str_has_prefix(s, "fw :") ||
	       g_str_has_prefix(s, "fwd :") || g_str_has_prefix(s, "fwd)") || g_str_has_prefix(s, "fw)") ||
	       g_str_has_prefix(s, "転送:") || g_str_has_prefix(s, "転送 :") || g_str_has_prefix(s, "tr:") ||
	       g_str_has_prefix(s, "wg:");
}

bool
parse_forward_reply_subject(const char *subject_lc)
{
	const char *s = skip_brackets(subject_lc);

	for (int i = 0; i < 4 && *s; i++) {
		if (g_str_has_prefix(s, "re:") || g_str_has_prefix(s, "re :") || g_str_has_prefix(s, "re[") ||
		    g_str_has_prefix(s, "re^") || g_str_has_prefix(s, "返信:") || g_str_has_prefix(s, "返:") ||
		    g_str_has_prefix(s, "aw:") || g_str_has_prefix(s, "sv:") || g_str_has_prefix(s, "antw:"))
			return true;
		/* "Fwd: Re: ..." */
		if (!forward_subject(s))
			break;
		s = strchr(s, ':');
		if (!s)
			break;
		s = skip_brackets(s + 1);
	}
	return false;
}

/* ---- inline forwards ------------------------------------------------------------ */

/* A line of the text, NFKC lower case, trimmed, without '*' marks (an HTML
 * mail's bold "*From:*" as text). Caller g_free()s. */
static char *
line_norm(const char *line, size_t len)
{
	char *n = parse_view_fold_lower(line, (gssize)len);
	GString *out = g_string_new(NULL);
	char *t;

	for (const char *p = n; *p; p++)
		if (*p != '*')
			g_string_append_c(out, *p);
	g_free(n);
	t = parse_text_collapse(out->str);
	g_string_free(out, TRUE);
	return t;
}

enum fwd_marker {
	FWD_NONE,
	FWD_EXPLICIT, /* says "forwarded" */
	FWD_ORIGINAL, /* "-----Original Message-----": a forward only under a Fwd: subject */
};

static enum fwd_marker
forward_marker(const char *l)
{
	bool dashes = g_str_has_prefix(l, "--") || g_str_has_prefix(l, "__") || g_str_has_prefix(l, "==");

	if (g_str_has_prefix(l, "begin forwarded message") || g_str_has_prefix(l, "転送されたメッセージ") ||
	    g_str_has_prefix(l, "forwarded message"))
		return FWD_EXPLICIT;
	if (!dashes)
		return FWD_NONE;
	if (strstr(l, "forwarded message") || strstr(l, "転送されたメッセージ") || strstr(l, "転送メッセージ") ||
	    strstr(l, "forward message") || strstr(l, "転送 -") || strstr(l, "転送-") ||
	    strstr(l, "転送元のメッセージ"))
		return FWD_EXPLICIT;
	if (strstr(l, "original message") || strstr(l, "元のメッセージ") || strstr(l, "オリジナルメッセージ"))
		return FWD_ORIGINAL;
	return FWD_NONE;
}

enum fwd_field { F_NONE, F_FROM, F_DATE, F_TO, F_CC, F_SUBJECT, F_MESSAGE_ID, F_OTHER };

/* The field of a quoted header line ("差出人: ...") and where its value starts. */
static enum fwd_field
forward_field(const char *l, const char **value)
{
	static const struct {
		const char *label;
		enum fwd_field field;
	} labels[] = {
		{ "from", F_FROM },       { "差出人", F_FROM },     { "送信者", F_FROM },
		{ "送信元", F_FROM },     { "date", F_DATE },       { "sent", F_DATE },
		{ "日付", F_DATE },       { "送信日時", F_DATE },   { "送信日", F_DATE },
		{ "日時", F_DATE },       { "to", F_TO },           { "宛先", F_TO },
		{ "受信者", F_TO },       { "cc", F_CC },           { "subject", F_SUBJECT },
		{ "件名", F_SUBJECT },    { "題名", F_SUBJECT },    { "message-id", F_MESSAGE_ID },
		{ "reply-to", F_OTHER },  { "importance", F_OTHER }, { "重要度", F_OTHER },
		{ "attachments", F_OTHER }, { "添付ファイル", F_OTHER }, { "bcc", F_OTHER },
	};
	const char *colon = strchr(l, ':');

	if (!colon)
		return F_NONE;
	for (size_t i = 0; i < G_N_ELEMENTS(labels); i++) {
		size_t n = strlen(labels[i].label);
		const char *e = l + n;

		if (strncmp(l, labels[i].label, n) != 0)
			continue;
		while (*e == ' ')
			e++;
		if (e != colon)
			continue;
		*value = parse_text_skip_spaces(colon + 1);
		return labels[i].field;
	}
	return F_NONE;
}

/* "DigiCert <admin@digicert.com>", "DigiCert [mailto:admin@digicert.com]",
 * "admin@digicert.com": the address in the brackets wins over one in the name. */
static void
parse_address(const char *value, char **name, char **address)
{
	const char *lt = strrchr(value, '<'), *open = strstr(value, "[mailto:");
	const char *b = NULL, *e = NULL;

	*name = NULL;
	*address = NULL;
	if (lt && strchr(lt, '>')) {
		b = lt + 1;
		e = strchr(lt, '>');
	} else if (open && strchr(open, ']')) {
		b = open + 1;
		e = strchr(open, ']');
	}
	if (b) {
		char *n = g_strndup(value, (lt && b == lt + 1 ? lt : open) - value);

		if (g_str_has_prefix(b, "mailto:"))
			b += 7;
		*address = g_ascii_strdown(b, e - b);
		g_strstrip(*address);
		g_strstrip(g_strdelimit(n, "\"", ' '));
		if (*n)
			*name = n;
		else
			g_free(n);
	} else {
		const char *at = strchr(value, '@');

		if (at) {
			const char *s = at, *t = at;

			while (s > value && !strchr(" \t\"'(<[", s[-1]))
				s--;
			while (*t && !strchr(" \t\"')>]", *t))
				t++;
			*address = g_ascii_strdown(s, t - s);
		}
	}
	if (*address && (!strchr(*address, '@') || strchr(*address, ' '))) {
		g_free(*address);
		*address = NULL;
	}
}

void
parse_forward_clear(struct parse_forward *f)
{
	g_free(f->from);
	g_free(f->from_name);
	g_free(f->subject);
	g_free(f->message_id);
	g_free(f->text);
}

/* The body of a forward, unquoted when every line of it was quoted with '>'. */
static char *
forward_body(char **lines, guint from)
{
	GString *out = g_string_new(NULL);
	bool all_quoted = true, any = false;

	for (guint i = from; lines[i]; i++) {
		const char *l = parse_text_skip_spaces(lines[i]);

		if (*l) {
			any = true;
			all_quoted &= *l == '>';
		}
	}
	all_quoted &= any;
	for (guint i = from; lines[i]; i++) {
		const char *l = lines[i];

		if (all_quoted) {
			l = strchr(l, '>') ? strchr(l, '>') + 1 : l;
			if (*l == ' ')
				l++;
		}
		g_string_append(out, l);
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

/* What follows the first ':' or '：' of line. Borrowed. */
static const char *
value_after_colon(const char *line)
{
	const char *a = strchr(line, ':'), *b = strstr(line, "：");

	if (b && (!a || b < a))
		return b + strlen("：");
	return a ? a + 1 : "";
}

/* Read the quoted header block at lines[i]; on success fill f and return
 * true (the body is what follows the block). */
static bool
forward_block(char **lines, guint i, struct parse_forward *f)
{
	guint n = 0, seen = 0;
	enum fwd_field last = F_NONE;

	while (lines[i] && !*parse_text_skip_spaces(lines[i]) && n++ < 3)
		i++;
	for (n = 0; lines[i] && n < FORWARD_HEADER_LINES; i++, n++) {
		char *l = line_norm(lines[i], strlen(lines[i]));
		const char *value = NULL;
		enum fwd_field field = forward_field(l, &value);
		/* the value as written, not normalised: the subject keeps its case */
		const char *raw = value_after_colon(lines[i]);

		while (*raw == '*' || *raw == ' ' || *raw == '\t')
			raw++;
		if (!*l) {
			g_free(l);
			if (seen)
				break;
			continue;
		}
		if (field == F_NONE) {
			g_free(l);
			/* a long To: or Cc: wraps onto the next line */
			if (seen && (last == F_TO || last == F_CC) && n < FORWARD_HEADER_LINES - 1)
				continue;
			if (seen)
				break;
			return false;
		}
		seen++;
		last = field;
		if (field == F_FROM && !f->from) {
			char *value_raw = g_strstrip(g_strdup(raw));

			/* An earlier From: line may have left a name without an address. */
			g_clear_pointer(&f->from_name, g_free);
			parse_address(value_raw, &f->from_name, &f->from);
			g_free(value_raw);
		} else if (field == F_SUBJECT && !f->subject) {
			f->subject = g_strstrip(g_strdup(raw));
		} else if (field == F_MESSAGE_ID && !f->message_id) {
			f->message_id = g_strstrip(g_strdup(value));
		}
		g_free(l);
	}
	if (!seen)
		return false;
	f->text = forward_body(lines, i);
	return true;
}

static bool
quote_line(const char *l)
{
	return *l == '>' || g_str_has_suffix(l, "wrote:") || g_str_has_suffix(l, "書きました:") ||
	       g_str_has_suffix(l, "のメッセージ:");
}

/* Whether a line could be a marker, a quoted header or an attribution: the
 * rest is passed over without normalising it. */
static bool
worth_a_look(const char *line)
{
	static const char *const labels[] = {
		"from", "sent", "date", "to", "cc", "subject", "begin", "forward", "差出人", "送信者",
		"送信元", "送信日", "日付", "日時", "件名", "題名", "宛先", "受信者", "転送", NULL,
	};
	const char *p = parse_text_skip_spaces(line);
	size_t n;
	char first;

	if (!*p)
		return false;
	if (strchr("-_=>", *p))
		return true;
	while (*p == '*')
		p++;
	n = strlen(p);
	/* The labels are in lower case: most lines fail on the first byte. */
	first = g_ascii_tolower(*p);
	for (size_t i = 0; labels[i]; i++)
		if (first == labels[i][0] && !g_ascii_strncasecmp(p, labels[i], strlen(labels[i])))
			return true;
	/* "... wrote:", "... のメッセージ：" */
	return (n && p[n - 1] == ':') || g_str_has_suffix(p, "：");
}

/* The lines of text from start on, without their line ends (a trailing
 * '\r' dropped). Caller g_strfreev()s. */
static char **
lines_from(const char *start)
{
	char **lines = g_strsplit(start, "\n", -1);

	for (guint i = 0; lines[i]; i++) {
		size_t len = strlen(lines[i]);

		if (len && lines[i][len - 1] == '\r')
			lines[i][len - 1] = '\0';
	}
	return lines;
}

/* An inline forward in view's text: a marker line ("---------- Forwarded
 * message ---------"), or under a Fwd: subject "-----Original Message-----"
 * or an Outlook header block ("From: ... Sent: ..."), then the quoted
 * headers and the forwarded text. The text is read a line at a time and
 * cut into lines only from a marker on: most mails have none. */
bool
parse_forward_find_inline(const struct parse_view *view, struct parse_forward *f)
{
	bool fwd_subject = forward_subject(view->subject_lc);
	bool quoted_before = false, found = false;
	GString *line = g_string_new(NULL);
	const char *next_line;

	for (const char *p = view->text; *p && !found; p = next_line) {
		const char *nl = strchr(p, '\n'), *value;
		char *l, **rest = NULL;
		enum fwd_marker marker;

		next_line = nl ? nl + 1 : p + strlen(p);
		g_string_truncate(line, 0);
		g_string_append_len(line, p, (nl ? nl : next_line) - p);
		if (line->len && line->str[line->len - 1] == '\r')
			g_string_truncate(line, line->len - 1);
		if (!worth_a_look(line->str))
			continue;
		if (*parse_text_skip_spaces(line->str) == '>') {
			quoted_before = true;
		}
		/* Under a reply's subject only a marker before any quote counts. */
		if (quoted_before && !fwd_subject)
			break;
		l = line_norm(line->str, line->len);
		marker = forward_marker(l);

		if (marker == FWD_EXPLICIT && (fwd_subject || !quoted_before)) {
			rest = lines_from(p);
			found = forward_block(rest, 1, f);
			if (!found) {
				/* "--- 転送 ---" with the text right after it */
				f->text = forward_body(rest, 1);
				found = true;
			}
		} else if (marker == FWD_ORIGINAL && fwd_subject && !quoted_before) {
			rest = lines_from(p);
			found = forward_block(rest, 1, f);
		} else if (fwd_subject && !quoted_before && forward_field(l, &value) == F_FROM && nl) {
			/* Outlook's block without a marker: From:, then Sent: or Date: */
			char *next;
			const char *v2;

			rest = lines_from(p);
			next = line_norm(rest[1], strlen(rest[1]));
			if (forward_field(next, &v2) == F_DATE)
				found = forward_block(rest, 0, f);
			g_free(next);
		}
		if (!found && (marker != FWD_NONE || quote_line(l) || forward_field(l, &value) == F_FROM))
			quoted_before = true;
		g_strfreev(rest);
		g_free(l);
	}
	g_string_free(line, TRUE);
	return found;
}

/* ---- attached forwards --------------------------------------------------------- */

/* A forwarded mail attached as a file ("approval.eml" as
 * application/octet-stream), parsed here; NULL when there is none. */
static const struct parse_mail *
attached_eml(const struct parse_mail *m, GPtrArray *parsed)
{
	for (guint i = 0; m->attachments && i < m->attachments->len; i++) {
		const struct parse_mail_attachment *a = g_ptr_array_index(m->attachments, i);
		struct parse_mail_limits limits;
		struct parse_mail *inner = NULL;
		gsize len = 0;
		const void *data;

		if (!a || !a->data || !((a->filename && g_str_has_suffix(a->filename, ".eml")) ||
					(a->filename && g_str_has_suffix(a->filename, ".EML")) ||
					(a->content_type && !strcmp(a->content_type, "message/rfc822"))))
			continue;
		data = g_bytes_get_data(a->data, &len);
		parse_mail_limits_default(&limits);
		if (len && parse_mail_mem(data, len, &limits, &inner, NULL) == MP_STATUS_OK && inner) {
			g_ptr_array_add(parsed, inner);
			if (inner->from.address)
				return inner;
		}
	}
	return NULL;
}

/* The attached message that is the forwarded one: a CA's first. */
const struct parse_mail *
parse_forward_attached(const struct parse_mail *m, const char *const *ca_domains, GPtrArray *parsed)
{
	if (!m->messages || !m->messages->len)
		return attached_eml(m, parsed);
	for (guint i = 0; i < m->messages->len; i++) {
		const struct parse_mail *inner = g_ptr_array_index(m->messages, i);

		if (inner && parse_trust_ca_domain(inner->from.address, ca_domains))
			return inner;
	}
	return g_ptr_array_index(m->messages, 0);
}

