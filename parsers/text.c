/* Helpers for reading mail text: character classes, NFKC in pieces, space and dash folding. */
#include <string.h>

#include "parsers_priv.h"

/* ---- characters ---------------------------------------------------------- */

bool
parse_text_is_invisible(gunichar c)
{
	return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

bool
parse_text_is_space(gunichar c)
{
	return g_unichar_isspace(c) || c < 0x20 || c == 0x7F ||
	       g_unichar_type(c) == G_UNICODE_CONTROL;
}

bool
parse_text_is_colon(gunichar c)
{
	return c == ':' || c == 0xFF1A || c == 0xFE55 || c == 0xFE13;
}

bool
parse_text_is_dash(gunichar c)
{
	return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x30FC || c == 0xFF0D ||
	       c == 0xFF70;
}

const char *
parse_text_skip_spaces(const char *s)
{
	while (*s && (parse_text_is_space(g_utf8_get_char(s)) ||
		      parse_text_is_invisible(g_utf8_get_char(s))))
		s = g_utf8_next_char(s);
	return s;
}

bool
parse_text_has_japanese(const char *s)
{
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		GUnicodeScript sc = g_unichar_get_script(g_utf8_get_char(p));

		if (sc == G_UNICODE_SCRIPT_HAN || sc == G_UNICODE_SCRIPT_HIRAGANA ||
		    sc == G_UNICODE_SCRIPT_KATAKANA)
			return true;
	}
	return false;
}

/* ---- NFKC ---------------------------------------------------------------- */

/* A character that NFKC leaves as it is and never joins to the character
 * before it (a starter that no composition has as its second half):
 * printable ASCII, box drawing, CJK punctuation, kana, the CJK ideographs.
 * Checked against GLib's tables. */
static inline bool
nfkc_inert(gunichar c)
{
	return (c >= 0x20 && c < 0x7F) || (c >= 0x2500 && c <= 0x257F) || (c >= 0x3001 && c <= 0x3029) ||
	       (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A0 && c <= 0x30FE) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF);
}

/* The one ASCII character NFKC makes of c, for full-width ASCII and the
 * ideographic space; 0 for any other character. Like ASCII, what it makes
 * never joins to the character before it. */
static inline char
nfkc_ascii_of(gunichar c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return (char)(c - 0xFEE0);
	return c == 0x3000 ? ' ' : 0;
}

/* The character at p (valid UTF-8 before end) when it is one or three bytes
 * long; 0 for the rest (never inert), which the callers read with GLib.
 * *len gets the length in both cases. */
static inline gunichar
short_char_at(const unsigned char *p, const unsigned char *end, int *len)
{
	if (*p < 0x80) {
		*len = 1;
		return *p;
	}
	if ((*p & 0xF0) == 0xE0 && end - p >= 3) {
		*len = 3;
		return ((gunichar)(p[0] & 0x0F) << 12) | ((gunichar)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
	}
	*len = (int)(g_utf8_next_char(p) - (const char *)p);
	return 0;
}

/* The NFKC form of [s, s+len), appended to out. Runs of inert characters
 * are copied, and full-width ASCII followed by one (or by the end) is made
 * ASCII; GLib normalises the rest, each run of other characters together
 * with the inert character before it (which a combining mark may join), cut
 * before the next inert one: what NFKC cannot join across. The result is
 * GLib's for the whole piece, at a fraction of the cost on Asian and ASCII
 * text. A run GLib refuses is copied as it is. */
static void
nfkc_piece(GString *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *copied = p;

	while (p < end) {
		const unsigned char *b, *e;
		char *r, ascii;
		int n, next_n;

		if (nfkc_inert(short_char_at(p, end, &n))) {
			p += n;
			continue;
		}
		ascii = nfkc_ascii_of(short_char_at(p, end, &n));
		if (ascii && (p + n == end || nfkc_inert(short_char_at(p + n, end, &next_n)))) {
			g_string_append_len(out, (const char *)copied, p - copied);
			g_string_append_c(out, ascii);
			copied = p = p + n;
			continue;
		}
		b = p > copied ? (const unsigned char *)g_utf8_prev_char((const char *)p) : p;
		for (e = p + n; e < end && !nfkc_inert(short_char_at(e, end, &n));)
			e += n;
		g_string_append_len(out, (const char *)copied, b - copied);
		r = g_utf8_normalize((const char *)b, e - b, G_NORMALIZE_NFKC);
		if (r)
			g_string_append(out, r);
		else
			g_string_append_len(out, (const char *)b, e - b);
		g_free(r);
		copied = p = e;
	}
	g_string_append_len(out, (const char *)copied, end - copied);
}

/* A character that NFKC never combines with what comes before it: it
 * decomposes to a starter that is no second half of a composition. */
static bool
nfkc_boundary(gunichar c)
{
	return (c >= 0x20 && c < 0x7F) || c == 0x3000 || (c >= 0x3041 && c <= 0x3096) ||
	       (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x3400 && c <= 0x9FFF) ||
	       (c >= 0xFF01 && c <= 0xFF5E) || (c >= 0xFF66 && c <= 0xFF9D);
}

/* g_utf8_normalize() moves the rest of its buffer for every composition it
 * makes (each で, ガ, é), which is quadratic in the length: long text is
 * normalised in pieces cut before a boundary character. A run of
 * NFKC_PIECE_MAX bytes without one (only in crafted text) is cut anyway. */
#define NFKC_PIECE 512
#define NFKC_PIECE_MAX 4096

char *
parse_text_nfkc(const char *s, gssize len)
{
	size_t n = len < 0 ? strlen(s) : (size_t)len;
	const char *b = s, *end = s + n;
	GString *out;

	out = g_string_sized_new(n);
	if (n <= NFKC_PIECE) {
		nfkc_piece(out, s, n);
		return g_string_free(out, FALSE);
	}
	while (b < end) {
		const char *p = b;

		while (p < end && ((size_t)(p - b) < NFKC_PIECE ||
				   ((size_t)(p - b) < NFKC_PIECE_MAX &&
				    !nfkc_boundary(g_utf8_get_char(p)))))
			p = g_utf8_next_char(p);
		nfkc_piece(out, b, p - b);
		b = p;
	}
	return g_string_free(out, FALSE);
}

char *
parse_text_nfkc_lower(const char *s, gssize len)
{
	char *n = parse_text_nfkc(s, len);
	char *l = g_utf8_strdown(n, -1);

	g_free(n);
	return l;
}

/* ---- strings ------------------------------------------------------------- */

char *
parse_text_collapse(const char *s)
{
	GString *out = g_string_sized_new(strlen(s));
	bool pending = false;

	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (parse_text_is_invisible(c))
			continue;
		if (parse_text_is_space(c)) {
			pending = out->len > 0;
			continue;
		}
		if (pending)
			g_string_append_c(out, ' ');
		pending = false;
		g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
	return g_string_free(out, FALSE);
}

char *
parse_text_compact(const char *s)
{
	GString *out = g_string_sized_new(strlen(s));

	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (parse_text_is_space(c) || parse_text_is_invisible(c) || c == '-' || c == '_' ||
		    c == '.' || c == '=' || c == 0x30FB)
			continue;
		g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
	return g_string_free(out, FALSE);
}

char *
parse_text_without_spaces(const char *s)
{
	GString *out = g_string_sized_new(strlen(s));

	for (const char *p = s; *p; p = g_utf8_next_char(p))
		if (!parse_text_is_space(g_utf8_get_char(p)))
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
	return g_string_free(out, FALSE);
}

char *
parse_text_fold_dashes(const char *s)
{
	GString *out = g_string_sized_new(strlen(s));
	const char *run = s;

	/* Every dash starts with 0xE2, 0xE3 or 0xEF: the rest is copied in runs. */
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		if ((*p == '\xE2' || *p == '\xE3' || *p == '\xEF') && parse_text_is_dash(g_utf8_get_char(p))) {
			g_string_append_len(out, run, p - run);
			g_string_append_c(out, '-');
			run = g_utf8_next_char(p);
		}
	}
	g_string_append(out, run);
	return g_string_free(out, FALSE);
}

bool
parse_text_has_word(const char *hay, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(hay, word); p; p = strstr(p + 1, word)) {
		bool before = p == hay || !g_ascii_isalnum(p[-1]);
		bool after = !g_ascii_isalnum(p[n]);

		if (before && after)
			return true;
	}
	return false;
}

bool
parse_text_has_any(const char *hay, const char *const *needles)
{
	for (size_t i = 0; needles[i]; i++)
		if (strstr(hay, needles[i]))
			return true;
	return false;
}
