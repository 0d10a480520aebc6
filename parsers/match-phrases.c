/* Literal phrases in UTF-8 text: one at a place, at an end or anywhere, and many lists of them in one pass. */
#include <stdlib.h>
#include <string.h>

#include "parsers_priv.h"

/* ---- one phrase ------------------------------------------------------------ */

int
parse_match_at(const char *p, const char *e, const char *const *list, const char **out)
{
	for (int i = 0; list[i]; i++) {
		if (parse_match_lit_at(p, e, list[i])) {
			if (out)
				*out = p + strlen(list[i]);
			return i;
		}
	}
	return -1;
}

const char *
parse_match_find(const char *p, const char *e, const char *lit)
{
	if (p >= e)
		return NULL;
	return memmem(p, (size_t)(e - p), lit, strlen(lit));
}

bool
parse_match_ends_with(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(e - s) >= n && memcmp(e - n, lit, n) == 0;
}

/* ---- many needles at once ------------------------------------------------ */

/* memmem() once per needle is most of the cost on short texts, so a long
 * list is searched in one pass: a bitmap of the needles' first characters
 * (all below U+10000) says where to look, and only the needles that begin
 * with the character found are compared. Read-only once built. */
struct parse_matcher {
	const char *const *list;
	guint64 bits[1024];
	guint n;
	gunichar *first;   /* sorted */
	guint *idx;        /* list index of first[i] */
	size_t *lens;
	size_t maxlen;
};

struct first_of {
	gunichar c;
	guint idx;
};

static int
cmp_first(const void *a, const void *b)
{
	const struct first_of *x = a, *y = b;

	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

struct parse_matcher *
parse_match_new(const char *const *list)
{
	struct parse_matcher *m = g_new0(struct parse_matcher, 1);
	struct first_of *order;

	m->list = list;
	while (list[m->n])
		m->n++;
	order = g_new(struct first_of, m->n);
	m->first = g_new(gunichar, m->n);
	m->idx = g_new(guint, m->n);
	m->lens = g_new(size_t, m->n);
	for (guint i = 0; i < m->n; i++) {
		const unsigned char *w = (const unsigned char *)list[i];
		int len;

		m->lens[i] = strlen(list[i]);
		if (m->lens[i] > m->maxlen)
			m->maxlen = m->lens[i];
		order[i].c = parse_match_char_at(w, w + m->lens[i], &len);
		order[i].idx = i;
		g_assert(order[i].c < 0x10000);
		m->bits[order[i].c >> 6] |= G_GUINT64_CONSTANT(1) << (order[i].c & 63);
	}
	qsort(order, m->n, sizeof *order, cmp_first);
	for (guint i = 0; i < m->n; i++) {
		m->idx[i] = order[i].idx;
		m->first[i] = order[i].c;
	}
	g_free(order);
	return m;
}

void
parse_match_free(struct parse_matcher *m)
{
	if (!m)
		return;
	g_free(m->first);
	g_free(m->idx);
	g_free(m->lens);
	g_free(m);
}

const char *const *
parse_match_list(const struct parse_matcher *m)
{
	return m->list;
}

size_t
parse_match_len(const struct parse_matcher *m, guint idx)
{
	return m->lens[idx];
}

size_t
parse_match_maxlen(const struct parse_matcher *m)
{
	return m->maxlen;
}

bool
parse_match_scan(const struct parse_matcher *m, const char *s, const char *e, parse_match_fn fn, void *data)
{
	const unsigned char *p = (const unsigned char *)s, *end = (const unsigned char *)e;

	while (p < end) {
		int len;
		gunichar c = parse_match_char_at(p, end, &len);

		if (c < 0x10000 && (m->bits[c >> 6] >> (c & 63) & 1)) {
			guint lo = 0, hi = m->n;

			while (lo < hi) {
				guint mid = (lo + hi) / 2;

				if (m->first[mid] < c)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (guint i = lo; i < m->n && m->first[i] == c; i++) {
				size_t n = m->lens[m->idx[i]], k = (size_t)len;
				const unsigned char *w = (const unsigned char *)m->list[m->idx[i]];

				if ((size_t)(end - p) < n)
					continue;
				while (k < n && p[k] == w[k])  /* the first character matched */
					k++;
				if (k == n && fn((const char *)p, m->idx[i], data))
					return true;
			}
		}
		p += len;
	}
	return false;
}

struct first_hit {
	const char *p;
	guint idx;
};

static bool
take_first(const char *p, guint idx, void *data)
{
	struct first_hit *h = data;

	h->p = p;
	h->idx = idx;
	return true;
}

const char *
parse_match_first(const struct parse_matcher *m, const char *s, const char *e, guint *idx)
{
	struct first_hit h = {NULL, 0};

	if (!parse_match_scan(m, s, e, take_first, &h))
		return NULL;
	*idx = h.idx;
	return h.p;
}

const struct parse_matcher *
parse_match_static(struct parse_matcher **slot, const char *const *list)
{
	if (g_once_init_enter(slot))
		g_once_init_leave(slot, parse_match_new(list));
	return *slot;
}

static bool
take_any(const char *p, guint idx, void *data)
{
	return true;
}

bool
parse_match_any(const struct parse_matcher *m, const char *s, const char *e)
{
	return parse_match_scan(m, s, e, take_any, NULL);
}
