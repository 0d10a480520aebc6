/* Intent detection's working text: one buffer of sentences with a lowered twin, and the phrase lists found in it. */
#include <string.h>

#include "parsers_priv.h"

/* ---- registered phrase lists ----------------------------------------------- */

/* The lists searched in one pass (parse_match_scan), found by their address.
 * Filled once (g_once, in parse_intent_detect); read-only after. */
#define MAX_MATCHERS 24
static struct parse_matcher *matchers[MAX_MATCHERS];
static guint nmatchers;

void
parse_intent_register(const char *const *list)
{
	g_assert(nmatchers < MAX_MATCHERS);
	matchers[nmatchers++] = parse_match_new(list);
}

const struct parse_matcher *
parse_intent_matcher(const char *const *list)
{
	for (guint i = 0; i < nmatchers; i++)
		if (parse_match_list(matchers[i]) == list)
			return matchers[i];
	return NULL;
}

const char *
parse_intent_find_first(const char *p, const char *e, const char *const *list, const char **which)
{
	guint idx = 0;
	const char *at = parse_match_first(parse_intent_matcher(list), p, e, &idx);

	if (!at)
		return NULL;
	*which = list[idx];
	return at;
}

const char *
parse_intent_find_any(const char *p, const char *e, const char *const *list)
{
	const struct parse_matcher *m = parse_intent_matcher(list);

	if (m) {
		guint idx = 0;

		return parse_match_first(m, p, e, &idx) ? list[idx] : NULL;
	}
	for (int i = 0; list[i]; i++)
		if (parse_match_find(p, e, list[i]))
			return list[i];
	return NULL;
}

/* ---- the working buffer -------------------------------------------------- */

/* Whether a line ending here ends its sentence, so the line break is kept. */
static bool
line_ends_sentence(const GString *b)
{
	static const char *const finals[] = {
		"。", ".", "!", "?", ":", ";", ")", "」", "』", "】", "す", "ん", "た", "か",
		"ね", "よ", "さい", "う", "…", NULL,
	};
	const char *e = b->str + b->len;

	for (int i = 0; finals[i]; i++)
		if (parse_match_ends_with(b->str, e, finals[i]))
			return true;
	return false;
}

/* parse_text_is_space() and parse_text_is_invisible() for the characters
 * that can be either; the kana and kanji of a Japanese mail never are. */
static bool
blank_char(gunichar c)
{
	if (c < 0x80)
		return c <= 0x20 || c == 0x7F;
	if (c > 0x3000 && c != 0xFEFF)
		return false;
	return parse_text_is_space(c) || parse_text_is_invisible(c);
}

/* Append one trimmed line: invisible characters dropped, curly quotes made
 * straight, spaces between Japanese characters dropped, other runs one ' '. */
static void
append_line(GString *b, const char *s, const char *e)
{
	const unsigned char *p = (const unsigned char *)s, *end = (const unsigned char *)e;
	const unsigned char *run = p;
	bool space = false;

	while (p < end) {
		int len;
		gunichar c = parse_match_char_at(p, end, &len);

		if (c > 0x20 && c != 0x7F && (c < 0x80 || (c > 0xA0 && (c < 0x2000 || c > 0x206F) &&
							      c != 0x3000 && c != 0xFEFF && c != 0x1680))) {
			/* Plain: goes in with its run; a space before it counts only
			 * between two ASCII characters. */
			if (space) {
				if (c < 0x80 && b->len > 0 && (unsigned char)b->str[b->len - 1] < 0x80 &&
				    b->str[b->len - 1] != '\n')
					g_string_append_c(b, ' ');
				space = false;
			}
			p += len;
			continue;
		}
		g_string_append_len(b, (const char *)run, p - run);
		if (blank_char(c))
			space = true;
		else if (c == 0x2018 || c == 0x2019)
			g_string_append_c(b, '\'');
		else if (c == 0x201C || c == 0x201D)
			g_string_append_c(b, '"');
		else if (!parse_text_is_invisible(c))
			g_string_append_len(b, (const char *)p, len);
		p += len;
		run = p;
	}
	g_string_append_len(b, (const char *)run, p - run);
}

GString *
parse_intent_buffer(const char *text)
{
	GString *b = g_string_sized_new(strlen(text) + 16);
	bool blank_before = false;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		const char *e = nl ? nl : p + strlen(p);
		const char *s = parse_text_skip_spaces(p);

		if (s > e)
			s = e;
		while (e > s) {
			const char *q = g_utf8_prev_char(e);
			gunichar c = g_utf8_get_char(q);

			if (!blank_char(c))
				break;
			e = q;
		}
		if (s == e) {
			blank_before = true;
		} else {
			if (b->len > 0) {
				if (blank_before || line_ends_sentence(b))
					g_string_append_c(b, '\n');
				else if ((unsigned char)b->str[b->len - 1] < 128 && (unsigned char)*s < 128)
					g_string_append_c(b, ' ');
			}
			append_line(b, s, e);
			blank_before = false;
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	return b;
}

char *
parse_intent_lower(const char *buf, size_t len)
{
	char *low = g_malloc(len + 1);

	for (size_t i = 0; i < len; i++)
		low[i] = buf[i] >= 'A' && buf[i] <= 'Z' ? (char)(buf[i] + 32) : buf[i];
	low[len] = '\0';
	return low;
}

/* ---- sentences ----------------------------------------------------------- */

/* The bytes that can end a sentence ('\xE3' starts "。"): one table look-up
 * per byte instead of six comparisons. */
static const bool sentence_byte[256] = {
	['\n'] = true, [';'] = true, ['!'] = true, ['?'] = true, ['.'] = true, [0xE3] = true,
};

void
parse_intent_sentences(const char *buf, size_t len, GArray *spans)
{
	size_t i = 0, start = 0;

	while (i <= len) {
		const char *p;
		size_t step = 1, end;
		bool cut = false;

		while (i < len && !sentence_byte[(unsigned char)buf[i]])
			i++;
		p = buf + i;
		if (i == len || *p == '\n' || *p == ';') {
			end = i;
			cut = true;
		} else if (*p == '!' || *p == '?') {
			while (i + step < len && (p[step] == '!' || p[step] == '?'))
				step++;
			end = i + step;
			cut = true;
		} else if (parse_match_lit_at(p, buf + len, "。")) {
			step = strlen("。");
			end = i + step;
			cut = true;
		} else if (*p == '.' && (i + 1 == len || p[1] == ' ' || p[1] == '\n' ||
					 (unsigned char)p[1] >= 0x80)) {
			end = i + 1;
			cut = true;
		}
		if (cut) {
			size_t s = start;

			while (s < end && buf[s] == ' ')
				s++;
			if (end > s) {
				struct parse_intent_span sp = {s, end};

				g_array_append_val(spans, sp);
			}
			start = i + step;
		}
		i += step;
		if (i > len)
			break;
	}
}

bool
parse_intent_has_letters(const char *s, const char *e)
{
	for (const char *p = s; p < e; p++)
		if (g_ascii_isalpha(*p))
			return true;
	return false;
}
