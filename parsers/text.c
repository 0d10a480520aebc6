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

static char *
nfkc_piece(const char *s, size_t len)
{
	char *r = g_utf8_normalize(s, (gssize)len, G_NORMALIZE_NFKC);

	return r ? r : g_strndup(s, len);
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

	if (n <= NFKC_PIECE)
		return nfkc_piece(s, n);
	out = g_string_sized_new(n);
	while (b < end) {
		const char *p = b;
		char *piece;

		while (p < end && ((size_t)(p - b) < NFKC_PIECE ||
				   ((size_t)(p - b) < NFKC_PIECE_MAX &&
				    !nfkc_boundary(g_utf8_get_char(p)))))
			p = g_utf8_next_char(p);
		piece = nfkc_piece(b, p - b);
		g_string_append(out, piece);
		g_free(piece);
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

	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		if (parse_text_is_dash(g_utf8_get_char(p)))
			g_string_append_c(out, '-');
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
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
