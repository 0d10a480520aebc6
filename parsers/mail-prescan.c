/* A linear look at a message before GMime parses it: how deep its multiparts nest, where its header block ends. */
#include <string.h>

#include "parsers_priv.h"

/* ---- the pre-scan --------------------------------------------------------- */

/* One declared boundary on the nesting stack. */
struct scan_boundary {
	char *value;
	int below; /* index of the same value lower on the stack, or -1 */
};

static void
scan_pop(GArray *stack, GHashTable *top)
{
	struct scan_boundary *b = &g_array_index(stack, struct scan_boundary, stack->len - 1);

	if (b->below >= 0)
		g_hash_table_insert(top, b->value, GINT_TO_POINTER(b->below + 1));
	else
		g_hash_table_remove(top, b->value);
	g_free(b->value);
	g_array_set_size(stack, stack->len - 1);
}

/* Whether the '=' at eq (within [start, eq]) ends "boundary", spaces allowed. */
static inline bool
is_boundary_eq(const char *start, const char *eq)
{
	const char *p = eq;

	while (p > start && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	/* Quoted-printable has an '=' every few bytes: most fail on the 'y'. */
	return p - start >= 8 && (p[-1] == 'y' || p[-1] == 'Y') && !g_ascii_strncasecmp(p - 8, "boundary", 8);
}

/* How many "boundary=" the buffer holds, counting no further than limit. */
static unsigned
boundary_count(const char *buf, size_t len, unsigned limit)
{
	const char *p = buf, *end = buf + len;
	unsigned n = 0;

	while (n < limit && p < end) {
		/* Quoted-printable has an '=' every few bytes, where a call to
		 * memchr() costs more than a look at the next ones. */
		const char *near = end - p > 16 ? p + 16 : end;

		while (p < near && *p != '=')
			p++;
		if (p == near && !(p = memchr(p, '=', end - p)))
			break;
		if (is_boundary_eq(buf, p))
			n++;
		p++;
	}
	return n;
}

/* A "boundary=" parameter on the line [line, end), or NULL. */
static char *
scan_declared(const char *line, const char *end)
{
	const char *p = line;

	while (p < end && (p = memchr(p, '=', end - p))) {
		const char *v = p + 1, *start;

		p++;
		if (!is_boundary_eq(line, v - 1))
			continue;
		while (v < end && (*v == ' ' || *v == '\t' || *v == '"'))
			v++;
		start = v;
		while (v < end && *v != '"' && *v != ';' && *v != '\r' && *v != '\n' && v - start < 200)
			v++;
		while (v > start && (v[-1] == ' ' || v[-1] == '\t'))
			v--;
		if (v > start)
			return g_strndup(start, v - start);
	}
	return NULL;
}

/* GMime compares each line with every boundary open around it and nests
 * multiparts up to 1024 deep, so a mail of a million nested multiparts takes
 * it minutes. A linear look at the declared boundaries finds where nesting
 * passes limit; the parser is given the bytes before that line only. Returns
 * that length, or len. */
size_t
parse_mail_nesting_cut(const char *buf, size_t len, unsigned limit)
{
	GArray *stack;
	GHashTable *top; /* value -> index + 1 */
	const char *p = buf, *end = buf + len;
	size_t cut = len;

	/* Nesting needs a declaration per level: most mail stops here. */
	if (boundary_count(buf, len, limit) < limit)
		return len;
	stack = g_array_new(FALSE, FALSE, sizeof(struct scan_boundary));
	top = g_hash_table_new(g_str_hash, g_str_equal);
	while (p < end) {
		const char *eol = memchr(p, '\n', end - p), *line_end;
		char *declared;

		line_end = eol ? eol : end;
		if (line_end - p >= 2 && p[0] == '-' && p[1] == '-' && line_end - p < 260 && stack->len) {
			const char *b = p + 2, *e = line_end;
			char *value;
			gpointer at;
			bool closing = false;

			while (e > b && g_ascii_isspace(e[-1]))
				e--;
			value = g_strndup(b, e - b);
			at = g_hash_table_lookup(top, value);
			if (!at && e - b >= 2 && e[-1] == '-' && e[-2] == '-') {
				value[e - b - 2] = '\0';
				at = g_hash_table_lookup(top, value);
				closing = at != NULL;
			}
			if (at) {
				while (stack->len > (guint)GPOINTER_TO_INT(at))
					scan_pop(stack, top);
				if (closing)
					scan_pop(stack, top);
			}
			g_free(value);
		} else if ((declared = scan_declared(p, line_end))) {
			struct scan_boundary sb;
			gpointer at = g_hash_table_lookup(top, declared);

			if (stack->len >= limit) {
				g_free(declared);
				cut = p - buf;
				break;
			}
			sb.value = declared;
			sb.below = at ? GPOINTER_TO_INT(at) - 1 : -1;
			g_array_append_val(stack, sb);
			g_hash_table_insert(top, declared, GINT_TO_POINTER(stack->len));
		}
		p = eol ? eol + 1 : end;
	}
	while (stack->len)
		scan_pop(stack, top);
	g_array_free(stack, TRUE);
	g_hash_table_destroy(top);
	return cut;
}

/* The length of the header block at the start of buf (its blank line
 * included), looking at no more than max bytes. */
size_t
parse_mail_header_block_len(const char *buf, size_t len, size_t max)
{
	const char *p = buf, *end = buf + MIN(len, max), *last_eol = NULL;

	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);

		if (!eol)
			break;
		last_eol = eol;
		if (eol == p || (eol == p + 1 && *p == '\r'))
			return eol + 1 - buf;
		p = eol + 1;
	}
	return last_eol ? (size_t)(last_eol + 1 - buf) : MIN(len, max);
}

