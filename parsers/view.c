/* A mail as the classifier reads it (struct parse_view): valid UTF-8, with NFKC lower-case forms made cheaply. */
#include <string.h>

#include "parsers_priv.h"

static const char *
kept(GPtrArray *keep, char *s)
{
	g_ptr_array_add(keep, s);
	return s;
}

/* Kana, CJK punctuation, ideographs and Hangul syllables: most of an Asian
 * text. NFKC leaves them as they are and they have no case. The ideographs
 * are tested first: they are the most frequent. */
static inline bool
caseless_stable(gunichar c)
{
	if (c >= 0x4E00)
		return c <= 0x9FFF || (c >= 0xAC00 && c <= 0xD7A3);
	if (c >= 0x3400)
		return c <= 0x4DBF;
	return (c >= 0x3001 && c <= 0x3035) || c == 0x3037 || (c >= 0x303B && c <= 0x3098) || c == 0x309D ||
	       c == 0x309E || (c >= 0x30A0 && c <= 0x30FE);
}

/* Whether NFKC could change c (outside ASCII and full-width ASCII, which
 * parse_view_fold_lower() handles): half-width katakana, circled and squared forms,
 * ligatures, compatibility ideographs, odd spaces, a combining mark that
 * could compose with the character before it. */
static bool
needs_nfkc(gunichar c)
{
	gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

	if (caseless_stable(c))
		return false;
	/* Anything that decomposes at all (é too) takes the exact path: a
	 * rare character costs speed, never a wrong answer. */
	return g_unichar_combining_class(c) != 0 || g_unichar_fully_decompose(c, TRUE, d, G_N_ELEMENTS(d)) != 1 ||
	       d[0] != c;
}

/* The NFKC lower-case form of s (len bytes, or all when len < 0), the
 * cheap way: ASCII and full-width ASCII folded by hand, everything else
 * copied; only text holding a character that NFKC would change otherwise
 * goes through parse_text_nfkc_lower(), which costs far more. Caller g_free()s.
 *
 * Written straight into a buffer of n + 1 bytes: every character but an
 * upper-case one comes out no longer than it went in, and that one grows
 * the buffer when it needs to. */
char *
parse_view_fold_lower(const char *s, gssize len)
{
	size_t n = len < 0 ? strlen(s) : (size_t)len, cap = n + 1, o = 0;
	char *out = g_malloc(cap);
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		gunichar c;
		const unsigned char *next;
		char lower[6];
		int k;

		if (*p < 0x80) {
			out[o++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p);
			p++;
			continue;
		}
		if ((*p & 0xF0) == 0xE0 && end - p >= 3) {
			c = ((gunichar)(p[0] & 0x0F) << 12) | ((gunichar)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			if (caseless_stable(c)) {
				memcpy(out + o, p, 3);
				o += 3;
				p += 3;
				continue;
			}
		}
		c = g_utf8_get_char((const char *)p);
		next = (const unsigned char *)g_utf8_next_char(p);
		if (next > end)
			break;
		if (c >= 0xFF01 && c <= 0xFF5E) {
			out[o++] = g_ascii_tolower((char)(c - 0xFEE0));
		} else if (c == 0x3000) {
			out[o++] = ' ';
		} else if (needs_nfkc(c)) {
			g_free(out);
			return parse_text_nfkc_lower(s, (gssize)n);
		} else if (g_unichar_isupper(c) || g_unichar_istitle(c)) {
			k = g_unichar_to_utf8(g_unichar_tolower(c), lower);
			if (o + (size_t)k + (size_t)(end - next) >= cap) {
				cap = o + (size_t)k + (size_t)(end - next) + 1;
				out = g_realloc(out, cap);
			}
			memcpy(out + o, lower, (size_t)k);
			o += (size_t)k;
		} else {
			memcpy(out + o, p, (size_t)(next - p));
			o += (size_t)(next - p);
		}
		p = next;
	}
	out[o] = '\0';
	return out;
}

static const char *
valid_utf8(GPtrArray *keep, const char *s)
{
	if (!s)
		return "";
	if (g_utf8_validate(s, -1, NULL))
		return s;
	return kept(keep, g_utf8_make_valid(s, -1));
}

void
parse_view_finish(GPtrArray *keep, struct parse_view *v)
{
	size_t n;

	v->subject = valid_utf8(keep, v->subject);
	v->text = valid_utf8(keep, v->text);
	n = strlen(v->text);
	if (n > PARSE_VIEW_SCAN) {
		n = PARSE_VIEW_SCAN;
		while (n && ((unsigned char)v->text[n] & 0xC0) == 0x80)
			n--;
	}
	v->subject_lc = kept(keep, parse_view_fold_lower(v->subject, -1));
	v->text_lc = kept(keep, parse_view_fold_lower(v->text, (gssize)n));
}

void
parse_view_of_mail(GPtrArray *keep, struct parse_view *v, const struct parse_mail *m)
{
	memset(v, 0, sizeof *v);
	v->mail = m;
	v->from = m->from.address;
	v->from_name = m->from.name;
	v->sender = m->sender.address;
	v->subject = m->subject ? m->subject : "";
	v->text = m->text ? m->text : "";
	v->attachments = m->attachments;
	parse_view_finish(keep, v);
}
