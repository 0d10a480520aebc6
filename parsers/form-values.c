/* The application form's values in their stored form: identifiers normalised, "none" recognised. */
#include <string.h>

#include "parsers_priv.h"

/* Values that mean "nothing given" (after NFKC, lower case, trimming). */
static const char *const none_values[] = {
	"なし", "無し", "特になし", "特に無し", "該当なし", "ありません", "無", "none", "n/a",
	"nil", "-", "--", "ー", "―", "—", NULL,
};

bool
parse_form_value_means_none(const char *value)
{
	char *w, *t;
	size_t n;
	bool yes = false;

	if (strlen(value) > 64)
		return false;
	w = parse_text_nfkc_lower(value, -1);
	t = g_strstrip(w);
	n = strlen(t);

	while (n && (t[n - 1] == '.' || (n >= 3 && !strcmp(t + n - 3, "。")))) {
		n -= t[n - 1] == '.' ? 1 : 3;
		t[n] = '\0';
	}
	for (size_t i = 0; none_values[i] && !yes; i++)
		yes = !strcmp(t, none_values[i]);
	g_free(w);
	return yes;
}

/* Host names and addresses are ASCII: a dash typed through a Japanese input
 * method (U+2010..U+2015, U+2212, U+FE63) means '-'. Unlike
 * parse_text_fold_dashes, the long-vowel mark stays, for IDNs. */
static char *
ascii_dashes(char *s)
{
	GString *out = g_string_sized_new(strlen(s));

	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63 || c == 0xFF0D)
			g_string_append_c(out, '-');
		else
			g_string_append_unichar(out, c);
	}
	g_free(s);
	return g_string_free(out, FALSE);
}

static char *
norm_domain(const char *v)
{
	char *l = ascii_dashes(parse_text_nfkc_lower(v, -1));
	char *c = parse_text_collapse(l);
	const char *b = c;
	size_t n;
	char *out;

	if (g_str_has_prefix(b, "https://"))
		b += strlen("https://");
	else if (g_str_has_prefix(b, "http://"))
		b += strlen("http://");
	n = strlen(b);
	while (n && b[n - 1] == '/')
		n--;
	out = g_strndup(b, n);
	g_free(l);
	g_free(c);
	return out;
}

static char *
norm_sans(const char *v)
{
	char *l = ascii_dashes(parse_text_nfkc_lower(v, -1));
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GString *out = g_string_new(NULL);
	const char *p = l;

	while (*p) {
		const char *b = p;
		char *name;
		bool seen = false;

		while (*p && !parse_text_is_space(g_utf8_get_char(p)) && *p != ',' && *p != ';' &&
		       g_utf8_get_char(p) != 0x3001 && !parse_text_is_invisible(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		if (p > b) {
			name = g_strndup(b, p - b);
			for (guint i = 0; i < names->len && !seen; i++)
				seen = !strcmp(g_ptr_array_index(names, i), name);
			if (seen)
				g_free(name);
			else
				g_ptr_array_add(names, name);
		}
		if (*p)
			p = g_utf8_next_char(p);
	}
	for (guint i = 0; i < names->len; i++) {
		if (i)
			g_string_append_c(out, ' ');
		g_string_append(out, g_ptr_array_index(names, i));
	}
	g_ptr_array_unref(names);
	g_free(l);
	return g_string_free(out, FALSE);
}

static char *
norm_email(const char *v)
{
	char *l = ascii_dashes(parse_text_nfkc_lower(v, -1));
	char *w = parse_text_without_spaces(l);
	const char *b = w;
	size_t n;
	char *out;

	if (g_str_has_prefix(b, "mailto:"))
		b += strlen("mailto:");
	n = strlen(b);
	if (n >= 2 && b[0] == '<' && b[n - 1] == '>') {
		b++;
		n -= 2;
	}
	out = g_strndup(b, n);
	g_free(l);
	g_free(w);
	return out;
}

/* "03-1234-5678 FAX:03-1234-5679" is one line in many signatures and forms. */
static char *
norm_phone(const char *v)
{
	char *n = parse_text_nfkc(v, -1);
	char *d = parse_text_fold_dashes(n);
	char *fax = strstr(d, "FAX");
	char *out;

	if (!fax)
		fax = strstr(d, "fax");
	if (fax && fax > d)
		*fax = '\0';
	out = parse_text_collapse(d);

	g_free(n);
	g_free(d);
	return out;
}

static char *
norm_postal(const char *v)
{
	char *n = parse_text_nfkc(v, -1);
	char *d = parse_text_fold_dashes(n);
	char *w = parse_text_without_spaces(d);
	char *out;

	out = g_strdup(g_str_has_prefix(w, "〒") ? w + strlen("〒") : w);
	g_free(n);
	g_free(d);
	g_free(w);
	return out;
}

/* "ORD-YYYY-NNNN" wherever it is in the value, else the value as written. */
static char *
norm_order(const char *v)
{
	char *n = parse_text_nfkc(v, -1);
	char *d = parse_text_fold_dashes(n);
	char *up = g_ascii_strup(d, -1);
	char *out = NULL;

	for (const char *p = strstr(up, "ORD-"); p && !out; p = strstr(p + 1, "ORD-")) {
		const char *q = p + 4;
		int i;

		for (i = 0; i < 4 && g_ascii_isdigit(q[i]); i++)
			;
		if (i < 4 || q[4] != '-' || !g_ascii_isdigit(q[5]))
			continue;
		q += 5;
		while (g_ascii_isdigit(*q))
			q++;
		if (!g_ascii_isalnum(*q) && (p == up || !g_ascii_isalnum(p[-1])))
			out = g_strndup(p, q - p);
	}
	if (!out)
		out = parse_text_collapse(n);
	g_free(n);
	g_free(d);
	g_free(up);
	return out;
}

/* digicert, geotrust, sectigo or globalsign when the value names exactly one;
 * otherwise the value as written (the workflow then sees a different CA). */
static char *
norm_ca(const char *v)
{
	static const char *const digicert[] = { "digicert", "デジサート", NULL };
	static const char *const geotrust[] = { "geotrust", "ジオトラスト", NULL };
	static const char *const sectigo[] = {
		"sectigo", "セクティゴ", "comodo", "コモド", NULL,
	};
	static const char *const globalsign[] = {
		"globalsign", "グローバルサイン", "alphassl", "アルファssl", NULL,
	};
	char *l = parse_text_nfkc_lower(v, -1);
	char *c = parse_text_compact(l);
	bool geo = parse_text_has_any(c, geotrust);
	/* GeoTrust is a DigiCert brand: "ジオトラスト(デジサート)" is GeoTrust. */
	bool digi = !geo && parse_text_has_any(c, digicert);
	bool sect = parse_text_has_any(c, sectigo);
	bool glob = parse_text_has_any(c, globalsign);
	const char *name = NULL;
	char *out;

	if (geo + digi + sect + glob == 1)
		name = geo ? "geotrust" : digi ? "digicert" : sect ? "sectigo" : "globalsign";
	out = g_strdup(name ? name : v);
	g_free(l);
	g_free(c);
	return out;
}

/* ov, dv or ev when the value names exactly one; otherwise as written. */
static char *
norm_validation(const char *v)
{
	static const char *const ev[] = {
		"extendedvalidat", "拡張認証", "ev認証", NULL,
	};
	static const char *const ov[] = {
		"企業認証", "組織認証", "実在認証", "organizationvalidat", "organisationvalidat",
		NULL,
	};
	static const char *const dv[] = { "ドメイン認証", "domainvalidat", NULL };
	char *l = parse_text_nfkc_lower(v, -1);
	char *c = parse_text_compact(l);
	bool is_ev = parse_text_has_word(l, "ev") || parse_text_has_any(c, ev);
	bool is_ov = parse_text_has_word(l, "ov") || parse_text_has_any(c, ov);
	bool is_dv = parse_text_has_word(l, "dv") || parse_text_has_any(c, dv);
	const char *name = NULL;
	char *out;

	if (is_ev + is_ov + is_dv == 1)
		name = is_ev ? "ev" : is_ov ? "ov" : "dv";
	out = g_strdup(name ? name : v);
	g_free(l);
	g_free(c);
	return out;
}

char *
parse_form_normalize_value(const char *key, const char *v)
{
	if (!strcmp(key, "domain"))
		return norm_domain(v);
	if (!strcmp(key, "sans"))
		return norm_sans(v);
	if (!strcmp(key, "contact_email") || !strcmp(key, "tech_email"))
		return norm_email(v);
	if (!strcmp(key, "phone"))
		return norm_phone(v);
	if (!strcmp(key, "postal_code"))
		return norm_postal(v);
	if (!strcmp(key, "order_id"))
		return norm_order(v);
	if (!strcmp(key, "ca"))
		return norm_ca(v);
	if (!strcmp(key, "validation"))
		return norm_validation(v);
	if (!strcmp(key, "customer_id") || !strcmp(key, "org_name_en")) {
		char *n = parse_text_nfkc(v, -1);
		char *out = parse_text_collapse(n);

		g_free(n);
		return out;
	}
	return g_strdup(v);
}
