/* The sender's own words in a reply: quotes, attributions, forwarded and original blocks, signatures dropped. */
#include <string.h>

#include "parsers_priv.h"

/* One line of the reply. norm is the NFKC form, trimmed; made only for the
 * lines that are looked at (quoted lines and what follows a cut are not). */
struct qline {
	const char *raw;
	size_t len;
	char *norm;
};

enum hdr {
	HDR_NONE,
	HDR_FROM,
	HDR_DATE,
	HDR_TO,
	HDR_CC,
	HDR_SUBJECT,
};

/* ---- characters and lines ------------------------------------------------ */

static bool
is_blank_char(gunichar c)
{
	return parse_text_is_space(c) || parse_text_is_invisible(c);
}

/* A quoted line: '>' or '＞' first (any depth, with or without space), or
 * "| " as some clients quote. Looked at on the raw bytes: no NFKC needed. */
static bool
raw_is_quoted(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (p + 3 <= end && memcmp(p, "\xe3\x80\x80", 3) == 0) /* U+3000 */
		p += 3;
	if (p >= end)
		return false;
	if (*p == '>')
		return true;
	if (end - p >= 3 && memcmp(p, "\xef\xbc\x9e", 3) == 0) /* ＞ */
		return true;
	if (*p == '|')
		return p + 1 == end || p[1] == ' ' || p[1] == '|' || p[1] == '>';
	return false;
}

static bool
raw_is_blank(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		gunichar c = g_utf8_get_char(p);

		if (!is_blank_char(c))
			return false;
		p = g_utf8_next_char(p);
	}
	return true;
}

/* Whether NFKC leaves [s, s+len) as it is: printable ASCII, kana, the
 * common kanji, Japanese brackets and box drawing only. Most lines of a
 * reply are so, and GLib's normalisation is slow. */
static bool
nfkc_stable(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	while (p < e) {
		gunichar c;

		if (*p < 0x80) {
			if (*p < 0x20 && *p != '\t')
				return false;
			p++;
			continue;
		}
		if ((*p & 0xF0) != 0xE0 || e - p < 3)
			return false;
		c = ((gunichar)(p[0] & 0x0F) << 12) | ((gunichar)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		if (!((c >= 0x3001 && c <= 0x3002) || (c >= 0x300C && c <= 0x3011) ||
		      (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC ||
		      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x2500 && c <= 0x257F)))
			return false;
		p += 3;
	}
	return true;
}

/* [s, e) (no NUL inside) without the blank characters at either end: *s
 * and *e moved. */
static void
trim_blanks(const char **s, const char **e)
{
	const char *b = *s, *q;

	while (b < *e && is_blank_char(g_utf8_get_char(b)))
		b = g_utf8_next_char(b);
	while (*e > b) {
		q = g_utf8_prev_char(*e);
		if (!is_blank_char(g_utf8_get_char(q)))
			break;
		*e = q;
	}
	*s = b;
}

/* The NFKC form of line i, trimmed (made once). A line NFKC leaves as it
 * is, is trimmed where it lies and copied once. */
static const char *
norm_of(struct qline *l)
{
	if (!l->norm) {
		char *n = nfkc_stable(l->raw, l->len) ? NULL : parse_text_nfkc(l->raw, (gssize)l->len);
		const char *s = n ? n : l->raw, *e = n ? n + strlen(n) : l->raw + l->len;

		trim_blanks(&s, &e);
		l->norm = g_strndup(s, (gsize)(e - s));
		g_free(n);
	}
	return l->norm;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static bool
ascii_prefix_ci(const char *s, const char *prefix)
{
	return g_ascii_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether s holds a date-like run: "2026年11月10日", "2026/11/10", "2026-11-10". */
static bool
has_date(const char *s)
{
	for (const char *p = s; *p; p++) {
		int d = 0;

		while (g_ascii_isdigit(p[d]))
			d++;
		if (d == 4) {
			const char *q = p + 4;

			if (*q == '/' || *q == '-' || *q == '.' || strncmp(q, "年", 3) == 0)
				return true;
		}
		if (d > 0)
			p += d - 1;
	}
	return false;
}

/* A line that begins an attribution wrapped over two lines: "On Tue, ...",
 * "2026年11月10日(火) 9:00 ...", "2026/11/10 9:00, ...". */
static bool
starts_attribution(const char *t)
{
	if (ascii_prefix_ci(t, "on ") || ascii_prefix_ci(t, "am ") || ascii_prefix_ci(t, "at "))
		return true;
	return g_ascii_isdigit(t[0]) && has_date(t) && t[0] == '2';
}

/* An attribution line: "... wrote:", "...さんは書きました:", "... <x@y>:",
 * "...のメール:", "『...』より:". needs_start is set when the line is only
 * the tail of one ("Example <x@y> wrote:" under an "On ..." line counts on
 * its own; "x@y>:" needs the line before). */
static bool
is_attribution(const char *t, bool *needs_start)
{
	size_t n = strlen(t);
	char *x;
	bool yes = false;

	*needs_start = false;
	if (n < 2 || t[n - 1] != ':')
		return false;
	x = g_strndup(t, n - 1);
	g_strchomp(x);
	if (ends_with(x, "wrote") || ends_with(x, "writes") || ends_with(x, "Wrote") ||
	    ends_with(x, "書きました") || ends_with(x, "書き込みました") ||
	    ends_with(x, "のメッセージ") || ends_with(x, "のメール")) {
		yes = true;
	} else if (ends_with(x, "より") || ends_with(x, "から")) {
		yes = strstr(x, "』") || strstr(x, "」") || strchr(x, '@') || has_date(x);
	} else if (ends_with(x, ">") && strchr(x, '@')) {
		/* Gmail in Japanese: "2026年11月10日(火) 9:00 Example <x@y>:". */
		if (has_date(x))
			yes = true;
		else
			yes = *needs_start = true;
	}
	g_free(x);
	return yes;
}

/* "-----Original Message-----", "-----元のメッセージ-----", forwarded markers. */
static bool
is_cut_marker(const char *t)
{
	static const char *const phrases[] = {
		"original message", "forwarded message", "begin forwarded message",
		"元のメッセージ", "転送メッセージ", "転送されたメッセージ", "元のメール",
		"転送されたメール", "オリジナルメッセージ", NULL,
	};
	const char *s = t, *e = t + strlen(t);
	bool framed = false;
	size_t n;

	while (s < e && strchr("-=_* :", *s)) {
		framed |= *s == '-' || *s == '=' || *s == '_';
		s++;
	}
	while (e > s && strchr("-=_* :", e[-1])) {
		framed |= e[-1] == '-' || e[-1] == '=' || e[-1] == ':' || e[-1] == '_';
		e--;
	}
	n = (size_t)(e - s);
	if (!framed || n == 0)
		return false;
	for (size_t i = 0; phrases[i]; i++)
		if (strlen(phrases[i]) == n && g_ascii_strncasecmp(s, phrases[i], n) == 0)
			return true;
	return false;
}

/* A header label of a quoted Outlook (or Apple Mail) block. */
static enum hdr
header_label(const char *t)
{
	static const struct {
		const char *label;
		enum hdr kind;
	} labels[] = {
		{"from", HDR_FROM}, {"sent", HDR_DATE}, {"date", HDR_DATE}, {"to", HDR_TO},
		{"cc", HDR_CC}, {"bcc", HDR_CC}, {"subject", HDR_SUBJECT}, {"reply-to", HDR_CC},
		{"差出人", HDR_FROM}, {"送信者", HDR_FROM}, {"送信元", HDR_FROM},
		{"送信日時", HDR_DATE}, {"送信日", HDR_DATE}, {"日時", HDR_DATE}, {"日付", HDR_DATE},
		{"宛先", HDR_TO}, {"宛て先", HDR_TO}, {"件名", HDR_SUBJECT}, {"返信先", HDR_CC},
	};
	const char *p = t;
	char first;

	while (*p == '*')
		p++;
	/* The labels are in lower case: most lines fail on the first byte. */
	first = g_ascii_tolower(*p);
	for (size_t i = 0; i < G_N_ELEMENTS(labels); i++) {
		size_t n;
		const char *q;

		if (first != labels[i].label[0])
			continue;
		n = strlen(labels[i].label);
		q = p + n;
		if (g_ascii_strncasecmp(p, labels[i].label, n) != 0)
			continue;
		while (*q == ' ' || *q == '*')
			q++;
		if (*q == ':')
			return labels[i].kind;
	}
	return HDR_NONE;
}

/* Whether a quoted header block starts at line i: a header label line with
 * at least one more label of another kind among the next few lines, and a
 * From among them. */
static bool
header_block_at(struct qline *lines, size_t n, size_t i)
{
	unsigned seen = 0;
	size_t labelled = 0, other = 0;

	for (size_t j = i; j < n && j < i + 8; j++) {
		enum hdr h;

		if (raw_is_blank(lines[j].raw, lines[j].len))
			break;
		h = header_label(norm_of(&lines[j]));
		if (h == HDR_NONE) {
			if (j == i || ++other > 2)
				break;
			continue;
		}
		seen |= 1u << h;
		labelled++;
	}
	return labelled >= 2 && (seen & (1u << HDR_FROM)) && (seen & ~(1u << HDR_FROM));
}

/* A line of at least 8 '_' (Outlook draws one above its header block). */
static bool
is_underscore_line(const char *t)
{
	size_t n = 0;

	for (const char *p = t; *p; p++) {
		if (*p != '_')
			return false;
		n++;
	}
	return n >= 8;
}

/* ---- signatures ---------------------------------------------------------- */

static bool
is_decoration_char(gunichar c)
{
	if (c < 128)
		return c != 0 && strchr("-=_*~+#/\\<>.:|", (int)c) != NULL;
	return (c >= 0x2500 && c <= 0x25FF) || /* box drawing, blocks, ■□◆◇●○ */
	       c == 0x2605 || c == 0x2606 || c == 0x203B || c == 0x301C || c == 0xFF5E ||
	       c == 0x3013 || c == 0x30FB || (c >= 0x2010 && c <= 0x2015) || c == 0x2261 ||
	       c == 0x22EF || c == 0x2026;
}

/* A decoration line: at least 3 decoration characters first or last
 * ("━━━━", "==== 株式会社サンプル ====", "※※※"). */
static bool
is_decoration_line(const char *t)
{
	const char *p = t;
	int lead = 0, trail = 0;
	const char *e;

	while (*p && is_decoration_char(g_utf8_get_char(p))) {
		lead++;
		p = g_utf8_next_char(p);
	}
	if (lead >= 3)
		return true;
	e = t + strlen(t);
	while (e > t) {
		const char *q = g_utf8_prev_char(e);

		if (!is_decoration_char(g_utf8_get_char(q)))
			break;
		trail++;
		e = q;
	}
	return trail >= 3 && *t;
}

/* Contact details: phone, mail, web, postal code, company. */
static bool
is_contact_line(const char *t)
{
	static const char *const marks[] = {
		"TEL", "Tel", "tel", "FAX", "Fax", "fax", "電話", "携帯", "mail", "Mail", "MAIL",
		"URL", "http", "www.", "@", "〒", "住所", "株式会社", "(株)", "有限会社", "合同会社",
		"Inc", "Co.", "Ltd", "LTD", "Corp", NULL,
	};
	int digits = 0;

	if (parse_text_has_any(t, marks))
		return true;
	for (const char *p = t; *p; p++)
		digits += g_ascii_isdigit(*p) != 0;
	return digits >= 9;
}

/* A line that could belong to a signature: contact details, or a short line
 * that says nothing (a name, a department), never a sentence. */
static bool
is_signature_line(const char *t)
{
	static const char *const sentence[] = {
		"ます", "ません", "です", "ください", "下さい", "たい", "ない", "お願い", "。",
		"!", "?", NULL,
	};
	/* A line that speaks of the decision is never part of a signature. */
	static const char *const decision[] = {
		"更新", "継続", "解約", "不要", "見送", "辞退", "キャンセル", "renew", "Renew",
		"RENEW", "cancel", "Cancel", "decline", "Decline", NULL,
	};

	if (parse_text_has_any(t, decision))
		return false;
	if (is_contact_line(t))
		return true;
	if (is_decoration_line(t))
		return !parse_text_has_any(t, sentence);
	return g_utf8_strlen(t, -1) <= 40 && !parse_text_has_any(t, sentence);
}

/* "Sent from my iPhone", "iPhoneから送信". */
static bool
is_device_line(const char *t)
{
	static const char *const devices[] = {
		"iPhone", "iPad", "Android", "Outlook", "Galaxy", "Xperia", "AQUOS", "携帯",
		"スマートフォン", "スマホ", "モバイル", "Mail", NULL,
	};

	if (ascii_prefix_ci(t, "sent from my ") || ascii_prefix_ci(t, "get outlook for"))
		return true;
	return (ends_with(t, "から送信") || ends_with(t, "から送信しました") ||
		ends_with(t, "を入手")) &&
	       g_utf8_strlen(t, -1) <= 40 && parse_text_has_any(t, devices);
}

/* ---- the walk ------------------------------------------------------------ */

static size_t
next_nonblank(struct qline *lines, size_t n, size_t i)
{
	while (i < n && raw_is_blank(lines[i].raw, lines[i].len))
		i++;
	return i;
}

/* Drop kept lines from index `from` (a line number) on. */
static void
unkeep_from(GArray *kept, size_t from)
{
	while (kept->len > 0 && g_array_index(kept, size_t, kept->len - 1) >= from)
		g_array_set_size(kept, kept->len - 1);
}

/* The first line of the attribution that ends at line i: i itself, or the
 * one or two lines before it when they start it ("On Tue, ..." / date). */
static size_t
attribution_start(struct qline *lines, size_t i, bool needs_start, bool *ok)
{
	*ok = true;
	for (size_t back = 1; back <= 2 && back <= i; back++) {
		struct qline *l = &lines[i - back];

		if (raw_is_blank(l->raw, l->len) || raw_is_quoted(l->raw, l->len))
			break;
		if (starts_attribution(norm_of(l)))
			return i - back;
	}
	if (needs_start)
		*ok = false;
	return i;
}

/* Drop a trailing block that looks like a signature made of decoration
 * lines and contact details. Only when it ends the text and holds contact
 * details: a decoration line before own sentences stays. */
static void
drop_decorated_signature(struct qline *lines, GArray *kept)
{
	size_t cut = G_MAXSIZE;
	bool contact = false, any = false;

	for (size_t k = 0; k < kept->len && !any; k++)
		any = is_decoration_line(norm_of(&lines[g_array_index(kept, size_t, k)]));
	if (!any)
		return;

	for (size_t k = kept->len; k-- > 0;) {
		const char *t = norm_of(&lines[g_array_index(kept, size_t, k)]);

		if (!*t)
			continue;
		if (!is_signature_line(t))
			break;
		if (is_contact_line(t) && !is_decoration_line(t))
			contact = true;
		if (is_decoration_line(t) && contact)
			cut = k;
	}
	if (cut != G_MAXSIZE)
		g_array_set_size(kept, cut);
}

char *
parse_quote_own_text(const char *text)
{
	char *valid = NULL, *own;

	if (!text)
		return g_strdup("");
	if (!g_utf8_validate(text, -1, NULL))
		text = valid = g_utf8_make_valid(text, -1);
	own = parse_quote_own_valid(text);
	g_free(valid);
	return own;
}

char *
parse_quote_own_valid(const char *text)
{
	GArray *lines_arr;
	struct qline *lines;
	GArray *kept;
	GString *out;
	size_t n = 1;

	/* Sized for every line at once: no array grows line by line. */
	for (const char *p = strchr(text, '\n'); p; p = strchr(p + 1, '\n'))
		n++;
	lines_arr = g_array_sized_new(FALSE, TRUE, sizeof(struct qline), (guint)n);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		const char *e = nl ? nl : p + strlen(p);
		struct qline l = {p, (size_t)(e - p), NULL};

		if (l.len > 0 && p[l.len - 1] == '\r')
			l.len--;
		g_array_append_val(lines_arr, l);
		p = nl ? nl + 1 : e;
	}
	lines = (struct qline *)(void *)lines_arr->data;
	n = lines_arr->len;
	kept = g_array_sized_new(FALSE, FALSE, sizeof(size_t), (guint)n);

	for (size_t i = 0; i < n; i++) {
		struct qline *l = &lines[i];
		const char *t;
		bool needs_start, ok;

		if (raw_is_quoted(l->raw, l->len))
			continue;
		if (raw_is_blank(l->raw, l->len)) {
			g_array_append_val(kept, i);
			continue;
		}
		t = norm_of(l);
		if ((strcmp(t, "--") == 0 && l->len <= 3) || is_cut_marker(t))
			break;
		if (header_label(t) != HDR_NONE && header_block_at(lines, n, i))
			break;
		if (is_underscore_line(t)) {
			size_t j = next_nonblank(lines, n, i + 1);

			if (j < n && header_label(norm_of(&lines[j])) != HDR_NONE &&
			    header_block_at(lines, n, j))
				break;
		}
		if (is_attribution(t, &needs_start)) {
			size_t start = attribution_start(lines, i, needs_start, &ok);

			if (ok) {
				size_t j = next_nonblank(lines, n, i + 1);

				unkeep_from(kept, start);
				/* Bottom-posting: the quote follows, own text may come after it.
				 * Anything else after an attribution is the quoted mail itself. */
				if (j < n && raw_is_quoted(lines[j].raw, lines[j].len))
					continue;
				break;
			}
		}
		g_array_append_val(kept, i);
	}

	/* Trailing blank lines, device lines, then a decorated signature. */
	for (;;) {
		while (kept->len > 0 &&
		       !*norm_of(&lines[g_array_index(kept, size_t, kept->len - 1)]))
			g_array_set_size(kept, kept->len - 1);
		if (kept->len > 0 &&
		    is_device_line(norm_of(&lines[g_array_index(kept, size_t, kept->len - 1)]))) {
			g_array_set_size(kept, kept->len - 1);
			continue;
		}
		break;
	}
	drop_decorated_signature(lines, kept);
	while (kept->len > 0 && !*norm_of(&lines[g_array_index(kept, size_t, kept->len - 1)]))
		g_array_set_size(kept, kept->len - 1);

	out = g_string_new(NULL);
	for (size_t k = 0; k < kept->len; k++) {
		const char *t = norm_of(&lines[g_array_index(kept, size_t, k)]);

		if (!*t && (out->len == 0 || out->str[out->len - 1] == '\n'))
			continue; /* leading blank lines, and runs of them */
		if (out->len > 0)
			g_string_append_c(out, '\n');
		g_string_append(out, t);
	}

	for (size_t i = 0; i < n; i++)
		g_free(lines[i].norm);
	g_array_free(lines_arr, TRUE);
	g_array_free(kept, TRUE);
	return g_string_free(out, FALSE);
}
