/* HTML mail as the text a reader sees, with link targets and quote marks kept. */
#include <limits.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "parsers_priv.h"

/* Elements that start and end a line (HTML's block-level elements). */
static const char *const html_blocks[] = {
	"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
	"dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
	"h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li", "main", "menu",
	"nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
	NULL,
};

/* Elements whose content is not shown. */
static const char *const html_hidden[] = {
	"head", "script", "style", "title", "template", "object", "svg", NULL,
};

static bool
name_in(const xmlChar *name, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!g_ascii_strcasecmp((const char *)name, list[i]))
			return true;
	return false;
}

struct html_out {
	GString *out;
	unsigned quote;    /* <blockquote> nesting */
	unsigned pre;      /* <pre> nesting */
	unsigned newlines; /* line ends owed before the next text */
	bool space;        /* a space owed before the next text on this line */
	bool line_start;   /* nothing written on the current line yet */
	GArray *links;     /* gsize: out->len where each open <a> began */
};

static void
html_newline(struct html_out *o)
{
	/* An empty line inside a quote still carries its marks. */
	if (o->line_start && o->quote) {
		for (unsigned i = 0; i < o->quote; i++)
			g_string_append(o->out, i ? " >" : ">");
	}
	g_string_append_c(o->out, '\n');
	o->line_start = true;
	o->space = false;
}

/* Before visible text: the owed line ends, the quote marks, the owed space. */
static void
html_before_text(struct html_out *o)
{
	for (; o->newlines; o->newlines--)
		html_newline(o);
	if (o->line_start) {
		for (unsigned i = 0; i < o->quote; i++)
			g_string_append(o->out, "> ");
		o->line_start = false;
	} else if (o->space) {
		g_string_append_c(o->out, ' ');
	}
	o->space = false;
}

/* A block boundary: the next text goes on a new line. */
static void
html_block(struct html_out *o)
{
	if (o->out->len && !o->line_start)
		o->newlines = 1;
	o->space = false;
}

static bool
html_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void
html_text(struct html_out *o, const char *s)
{
	while (*s) {
		if (o->pre && (*s == '\n' || *s == '\r')) {
			if (*s == '\r' && s[1] == '\n')
				s++;
			for (; o->newlines; o->newlines--)
				html_newline(o);
			html_newline(o);
			s++;
		} else if (!o->pre && html_is_space(*s)) {
			if (!o->line_start || o->newlines)
				o->space = true;
			s++;
		} else {
			const char *next = g_utf8_next_char(s);

			html_before_text(o);
			/* A no-break space is a space that does not collapse. */
			if (!strncmp(s, "\xC2\xA0", 2))
				g_string_append_c(o->out, ' ');
			else
				g_string_append_len(o->out, s, next - s);
			s = next;
		}
	}
}

/* The link target worth showing, or NULL for anchors and scripts. */
static char *
html_link_target(xmlNode *n)
{
	xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
	char *target = NULL;

	if (href) {
		target = g_strstrip(g_strdup((const char *)href));
		if (!*target || *target == '#' || !g_ascii_strncasecmp(target, "javascript:", 11) ||
		    !g_utf8_validate(target, -1, NULL)) {
			g_free(target);
			target = NULL;
		}
		xmlFree(href);
	}
	return target;
}

/* Returns whether to descend into n's children. */
static bool
html_enter(struct html_out *o, xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			html_text(o, (const char *)n->content);
		return false;
	}
	if (n->type != XML_ELEMENT_NODE || !n->name)
		return false;
	if (name_in(n->name, html_hidden))
		return false;
	if (!xmlStrcasecmp(n->name, (const xmlChar *)"br")) {
		for (; o->newlines; o->newlines--)
			html_newline(o);
		html_newline(o);
		return false;
	}
	if (name_in(n->name, html_blocks))
		html_block(o);
	if (!xmlStrcasecmp(n->name, (const xmlChar *)"blockquote"))
		o->quote++;
	else if (!xmlStrcasecmp(n->name, (const xmlChar *)"pre"))
		o->pre++;
	else if (!xmlStrcasecmp(n->name, (const xmlChar *)"a")) {
		gsize at = o->out->len;

		g_array_append_val(o->links, at);
	}
	return true;
}

static void
html_leave(struct html_out *o, xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE || !n->name || name_in(n->name, html_hidden) ||
	    !xmlStrcasecmp(n->name, (const xmlChar *)"br"))
		return;
	if (!xmlStrcasecmp(n->name, (const xmlChar *)"a") && o->links->len) {
		gsize at = g_array_index(o->links, gsize, o->links->len - 1);
		char *target = html_link_target(n);

		g_array_set_size(o->links, o->links->len - 1);
		if (target) {
			char *shown = g_strstrip(g_strdup(o->out->str + MIN(at, o->out->len)));
			const char *bare = g_ascii_strncasecmp(target, "mailto:", 7) ? target : target + 7;

			/* "https://x/" written as its own link text once is enough. */
			if (strcmp(shown, target) != 0 && strcmp(shown, bare) != 0) {
				if (!o->line_start)
					o->space = true;
				html_before_text(o);
				g_string_append_c(o->out, '<');
				g_string_append(o->out, target);
				g_string_append_c(o->out, '>');
			}
			g_free(shown);
			g_free(target);
		}
		return;
	}
	if (!xmlStrcasecmp(n->name, (const xmlChar *)"td") || !xmlStrcasecmp(n->name, (const xmlChar *)"th")) {
		if (!o->line_start)
			o->space = true;
		return;
	}
	if (name_in(n->name, html_blocks))
		html_block(o);
	if (!xmlStrcasecmp(n->name, (const xmlChar *)"blockquote") && o->quote) {
		o->quote--;
		html_block(o);
	} else if (!xmlStrcasecmp(n->name, (const xmlChar *)"pre") && o->pre) {
		o->pre--;
	}
}

/* s without white space at the end of each line and of the whole (a line
 * of &nbsp; is an empty line). Frees s. */
static char *
html_trim_lines(GString *s)
{
	gsize j = 0, line_end = 0;

	for (gsize i = 0; i < s->len; i++) {
		char c = s->str[i];

		if (c == '\n')
			j = line_end;
		s->str[j++] = c;
		if (c != ' ' && c != '\t')
			line_end = j;
	}
	g_string_truncate(s, line_end);
	while (s->len && html_is_space(s->str[s->len - 1]))
		g_string_truncate(s, s->len - 1);
	return g_string_free(s, FALSE);
}

char *
parse_html_to_text(const char *html, size_t len)
{
	struct html_out o = { 0 };
	xmlDoc *doc;
	xmlNode *n;

	if (!html || !len)
		return g_strdup("");
	doc = htmlReadMemory(html, (int)MIN(len, (size_t)INT_MAX), NULL, "UTF-8",
			     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			     HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
	if (!doc)
		return g_strdup("");
	o.out = g_string_sized_new(len / 2 + 16);
	o.line_start = true;
	o.links = g_array_new(FALSE, FALSE, sizeof(gsize));
	/* Iterative, so that deeply nested markup cannot exhaust the stack. */
	n = doc->children;
	while (n) {
		if (html_enter(&o, n) && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			html_leave(&o, n);
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n || n == (xmlNode *)doc) {
				n = NULL;
				break;
			}
		}
	}
	xmlFreeDoc(doc);
	g_array_free(o.links, TRUE);
	return html_trim_lines(o.out);
}

char *
parse_html_meta_charset(const char *html, size_t len)
{
	const char *p = html, *end;

	/* An empty body may come as NULL: no arithmetic on it. */
	if (!html || !len)
		return NULL;
	end = html + MIN(len, (size_t)4096);
	while (p && p < end) {
		const char *tag = NULL, *close, *cs = NULL;

		for (; p + 5 <= end; p++) {
			if (!g_ascii_strncasecmp(p, "<meta", 5)) {
				tag = p;
				break;
			}
		}
		if (!tag)
			return NULL;
		close = memchr(tag, '>', end - tag);
		if (!close)
			close = end;
		for (const char *q = tag; q + 7 <= close; q++) {
			if (!g_ascii_strncasecmp(q, "charset", 7)) {
				cs = q + 7;
				break;
			}
		}
		if (cs) {
			const char *start;

			while (cs < close && (html_is_space(*cs) || *cs == '='))
				cs++;
			while (cs < close && (*cs == '"' || *cs == '\''))
				cs++;
			start = cs;
			while (cs < close && (g_ascii_isalnum(*cs) || (*cs && strchr("-_.:", *cs))))
				cs++;
			if (cs > start)
				return g_strndup(start, cs - start);
		}
		p = close;
	}
	return NULL;
}
