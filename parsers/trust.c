/* Who a mail is from, as far as the mail can prove it: RFC 8601 Authentication-Results, domains, hosts of links. */
#include <string.h>

#include "parsers_priv.h"

/* ---- names and domains --------------------------------------------------- */

bool
parse_trust_host_in(const char *host, const char *domain)
{
	size_t hn, dn;

	if (!host || !domain)
		return false;
	if (*domain == '.' || *domain == '@')
		domain++;
	hn = strlen(host);
	dn = strlen(domain);
	/* A final dot is the DNS root: "digicert.com." is digicert.com. */
	if (hn && host[hn - 1] == '.')
		hn--;
	if (dn && domain[dn - 1] == '.')
		dn--;
	if (!hn || !dn || hn < dn)
		return false;
	if (g_ascii_strncasecmp(host + hn - dn, domain, dn) != 0)
		return false;
	return hn == dn || host[hn - dn - 1] == '.';
}

const char *
parse_trust_address_domain(const char *address)
{
	const char *at = address ? strrchr(address, '@') : NULL;

	return at && at[1] ? at + 1 : NULL;
}

bool
parse_trust_list_has(const char *const *list, const char *address)
{
	for (; address && list && *list; list++)
		if (!g_ascii_strcasecmp(*list, address))
			return true;
	return false;
}

const char *
parse_trust_ca_domain(const char *address, const char *const *ca_domains)
{
	const char *domain = parse_trust_address_domain(address);

	for (; domain && ca_domains && *ca_domains; ca_domains++)
		if (**ca_domains && parse_trust_host_in(domain, *ca_domains))
			return *ca_domains;
	return NULL;
}

/* The brands each CA has sold under, by the domains they mail from. */
static const struct {
	const char *domain;
	const char *ca;
} ca_brands[] = {
	{ "digicert.com", "digicert" },   { "geotrust.com", "digicert" },
	{ "rapidssl.com", "digicert" },   { "thawte.com", "digicert" },
	{ "symantec.com", "digicert" },   { "digicert.co.jp", "digicert" },
	{ "sectigo.com", "sectigo" },     { "comodo.com", "sectigo" },
	{ "comodoca.com", "sectigo" },    { "usertrust.com", "sectigo" },
	{ "globalsign.com", "globalsign" }, { "alphassl.com", "globalsign" },
	{ "globalsign.co.jp", "globalsign" },
};

const char *
parse_trust_ca_name(const char *domain)
{
	for (size_t i = 0; domain && i < G_N_ELEMENTS(ca_brands); i++)
		if (parse_trust_host_in(domain, ca_brands[i].domain))
			return ca_brands[i].ca;
	return NULL;
}

/* What a display name claims, in the spelling people know: a mail whose name
 * says this but whose address is elsewhere pretends to be a CA. */
static const struct {
	const char *word; /* NFKC, lower case, no spaces */
	const char *claim;
} ca_claims[] = {
	{ "digicert", "DigiCert" },     { "デジサート", "DigiCert" }, { "geotrust", "GeoTrust" },
	{ "ジオトラスト", "GeoTrust" }, { "rapidssl", "RapidSSL" },  { "thawte", "Thawte" },
	{ "sectigo", "Sectigo" },       { "セクティゴ", "Sectigo" },  { "comodo", "Comodo" },
	{ "コモド", "Comodo" },         { "globalsign", "GlobalSign" }, { "グローバルサイン", "GlobalSign" },
	{ "alphassl", "AlphaSSL" },
};

const char *
parse_trust_claimed_ca(const char *display_name)
{
	const char *claim = NULL;
	char *norm, *compact;

	if (!display_name || !*display_name || !g_utf8_validate(display_name, -1, NULL))
		return NULL;
	norm = parse_text_nfkc_lower(display_name, -1);
	compact = parse_text_compact(norm);
	for (size_t i = 0; !claim && i < G_N_ELEMENTS(ca_claims); i++)
		if (strstr(compact, ca_claims[i].word))
			claim = ca_claims[i].claim;
	g_free(compact);
	g_free(norm);
	return claim;
}

char *
parse_trust_url_host(const char *url)
{
	GUri *uri;
	char *host = NULL;

	if (!url)
		return NULL;
	/* Browsers read '\' as '/' in http(s) URLs, GUri does not: such a URL
	 * could name one host to us and another to the customer. */
	for (const char *p = url; *p; p++)
		if (*p == '\\' || (unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F)
			return NULL;
	/* A percent sign in the authority hides the host from a reader, an '@'
	 * puts a name that is not the host in front of it. */
	{
		const char *a = strstr(url, "//");

		if (a) {
			size_t n = strcspn(a + 2, "/?#");

			if (memchr(a + 2, '%', n) || memchr(a + 2, '@', n))
				return NULL;
		}
	}
	uri = g_uri_parse(url, G_URI_FLAGS_NONE, NULL);
	if (!uri)
		return NULL;
	if (g_uri_get_host(uri) && *g_uri_get_host(uri) && !g_uri_get_userinfo(uri) &&
	    !strchr(g_uri_get_host(uri), '%'))
		host = g_ascii_strdown(g_uri_get_host(uri), -1);
	g_uri_unref(uri);
	return host;
}

/* ---- RFC 8601 Authentication-Results --------------------------------------- */

struct ar_lexer {
	const char *p;
};

/* White space and comments, which nest: "(1024-bit key (rsa))". */
static void
ar_skip_cfws(struct ar_lexer *lx)
{
	int depth = 0;

	while (*lx->p) {
		char c = *lx->p;

		if (depth) {
			if (c == '\\' && lx->p[1])
				lx->p++;
			else if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
			lx->p++;
		} else if (c == '(') {
			depth = 1;
			lx->p++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			lx->p++;
		} else {
			break;
		}
	}
}

/* A token or a quoted string; stops at white space, ';', '(' and, when
 * stop_at_equals, '='. Returns a new string (maybe empty). */
static char *
ar_word(struct ar_lexer *lx, bool stop_at_equals)
{
	GString *w = g_string_new(NULL);

	if (*lx->p == '"') {
		lx->p++;
		while (*lx->p && *lx->p != '"') {
			if (*lx->p == '\\' && lx->p[1])
				lx->p++;
			g_string_append_c(w, *lx->p++);
		}
		if (*lx->p == '"')
			lx->p++;
		return g_string_free(w, FALSE);
	}
	while (*lx->p && !strchr(" \t\r\n;(\"", *lx->p) && !(stop_at_equals && *lx->p == '='))
		g_string_append_c(w, *lx->p++);
	return g_string_free(w, FALSE);
}

/* Pass the rest of a resinfo that could not be read, up to the next ';'. */
static void
ar_skip_to_semicolon(struct ar_lexer *lx)
{
	while (*lx->p && *lx->p != ';') {
		if (*lx->p == '(') {
			ar_skip_cfws(lx);
			continue;
		}
		if (*lx->p == '"') {
			g_free(ar_word(lx, false));
			continue;
		}
		lx->p++;
	}
}

/* The domain a property names: "@mail.digicert.com" and "x@digicert.com"
 * give the part after '@'. Borrowed from value. */
static const char *
ar_value_domain(const char *value)
{
	const char *at = strrchr(value, '@');

	return at ? at + 1 : value;
}

/* One resinfo: method[/version] = result, then ptype.property = value pairs.
 * Whether it proves domain. */
static bool
ar_resinfo(struct ar_lexer *lx, const char *domain)
{
	char *method, *result = NULL, *slash;
	char *dkim_d = NULL, *dkim_i = NULL, *dmarc_from = NULL;
	bool proves = false;

	ar_skip_cfws(lx);
	method = ar_word(lx, true);
	if ((slash = strchr(method, '/')))
		*slash = '\0';
	ar_skip_cfws(lx);
	if (*lx->p != '=') {
		/* "none", or nothing readable */
		ar_skip_to_semicolon(lx);
		goto out;
	}
	lx->p++;
	ar_skip_cfws(lx);
	result = ar_word(lx, true);
	for (;;) {
		char *name, *value;

		ar_skip_cfws(lx);
		if (!*lx->p || *lx->p == ';')
			break;
		name = ar_word(lx, true);
		ar_skip_cfws(lx);
		if (!*name || *lx->p != '=') {
			g_free(name);
			if (*lx->p && *lx->p != ';')
				lx->p++; /* a stray character: go on with the next pair */
			continue;
		}
		lx->p++;
		ar_skip_cfws(lx);
		value = ar_word(lx, false);
		if (!g_ascii_strcasecmp(name, "header.d") || !g_ascii_strcasecmp(name, "d")) {
			if (!dkim_d)
				dkim_d = g_strdup(value);
		} else if (!g_ascii_strcasecmp(name, "header.i") || !g_ascii_strcasecmp(name, "i")) {
			if (!dkim_i)
				dkim_i = g_strdup(value);
		} else if (!g_ascii_strcasecmp(name, "header.from")) {
			if (!dmarc_from)
				dmarc_from = g_strdup(value);
		}
		g_free(name);
		g_free(value);
	}
	if (g_ascii_strcasecmp(result, "pass") != 0)
		goto out;
	if (!g_ascii_strcasecmp(method, "dkim")) {
		/* d= is the signing domain; i= counts only when d= is not given
		 * (it must lie inside d= anyway). */
		const char *signer = dkim_d ? dkim_d : dkim_i ? ar_value_domain(dkim_i) : NULL;

		proves = signer && parse_trust_host_in(ar_value_domain(signer), domain);
	} else if (!g_ascii_strcasecmp(method, "dmarc")) {
		proves = dmarc_from && parse_trust_host_in(ar_value_domain(dmarc_from), domain);
	}
out:
	g_free(method);
	g_free(result);
	g_free(dkim_d);
	g_free(dkim_i);
	g_free(dmarc_from);
	return proves;
}

/* The authserv-id of a header value (a new string), with lx left after it
 * and its optional version. */
static char *
ar_authserv_id(struct ar_lexer *lx)
{
	char *id;

	ar_skip_cfws(lx);
	id = ar_word(lx, false);
	ar_skip_cfws(lx);
	if (g_ascii_isdigit(*lx->p)) {
		while (g_ascii_isdigit(*lx->p))
			lx->p++;
		ar_skip_cfws(lx);
	}
	return id;
}

char *
parse_trust_authserv_id(const char *header_value)
{
	struct ar_lexer lx = { header_value ? header_value : "" };

	return ar_authserv_id(&lx);
}

bool
parse_auth_results_pass(const char *header_value, const char *authserv_id, const char *domain)
{
	struct ar_lexer lx = { header_value };
	bool pass = false;
	char *id;

	if (!header_value || !authserv_id || !*authserv_id || !domain || !*domain)
		return false;
	id = ar_authserv_id(&lx);
	if (g_ascii_strcasecmp(id, authserv_id) != 0) {
		g_free(id);
		return false;
	}
	g_free(id);
	while (*lx.p) {
		if (*lx.p != ';') {
			ar_skip_to_semicolon(&lx);
			continue;
		}
		lx.p++;
		if (ar_resinfo(&lx, domain))
			pass = true;
	}
	return pass;
}

bool
parse_trust_authenticated(const struct parse_mail *mail, const char *authserv_id, const char *domain,
			  GPtrArray *reasons)
{
	bool seen = false, pass = false;

	if (!mail || !mail->header_names || !mail->header_values)
		return false;
	if (!authserv_id || !*authserv_id) {
		g_ptr_array_add(reasons, g_strdup("no authserv_id configured: the CA mail cannot be authenticated"));
		return false;
	}
	for (guint i = 0; i < mail->header_names->len && i < mail->header_values->len; i++) {
		const char *name = g_ptr_array_index(mail->header_names, i);
		const char *value = g_ptr_array_index(mail->header_values, i);
		char *id;

		if (!name || g_ascii_strcasecmp(name, "Authentication-Results") != 0 || !value)
			continue;
		id = parse_trust_authserv_id(value);
		if (g_ascii_strcasecmp(id, authserv_id) != 0) {
			/* Anyone on the way, the sender too, can write one. */
			g_ptr_array_add(reasons, g_strdup_printf("Authentication-Results from %s ignored",
								 *id ? id : "(no id)"));
		} else if (!seen) {
			/* Ours is the topmost one: our server adds it last, above what came in. */
			seen = true;
			pass = parse_auth_results_pass(value, authserv_id, domain);
		}
		g_free(id);
	}
	if (!seen)
		g_ptr_array_add(reasons, g_strdup_printf("no Authentication-Results from %s", authserv_id));
	else if (pass)
		g_ptr_array_add(reasons, g_strdup_printf("DKIM or DMARC passed for %s", domain));
	else
		g_ptr_array_add(reasons, g_strdup_printf("neither DKIM nor DMARC passed for %s", domain));
	return pass;
}

/* ---- host names in text ---------------------------------------------------- */

/* Endings that make a dotted word a host name rather than a file name or a
 * version number. */
static const char *const host_tlds[] = {
	"jp", "com", "net", "org", "info", "biz", "asia", "tokyo", "osaka", "nagoya", "kyoto",
	"yokohama", "io", "co", "me", "tv", "cc", "xyz", "site", "online", "shop", "store", "tech",
	"app", "dev", "cloud", "work", "blog", "link", "club", "inc", "ltd", "edu", "gov", "us",
	"uk", "de", "fr", "cn", "tw", "kr", "hk", "sg", "au", "ca", NULL,
};

char *
parse_trust_host_token(const char *s, const char **end)
{
	const char *p = s;
	char *name, **labels;
	guint n;
	bool ok = true;

	if (*p == '*' && p[1] == '.')
		p += 2;
	if (!g_ascii_isalnum(*p))
		return NULL;
	while (g_ascii_isalnum(*p) || *p == '-' || *p == '.')
		p++;
	while (p > s && (p[-1] == '.' || p[-1] == '-'))
		p--;
	if (end)
		*end = p;
	name = g_ascii_strdown(s, p - s);
	labels = g_strsplit(name, ".", -1);
	n = g_strv_length(labels);
	if (n < 2)
		ok = false;
	for (guint i = 0; ok && i < n; i++) {
		size_t len = strlen(labels[i]);

		if (i == 0 && !strcmp(labels[i], "*"))
			continue;
		if (!len || len > 63 || labels[i][0] == '-' || labels[i][len - 1] == '-')
			ok = false;
	}
	if (ok) {
		ok = false;
		for (size_t i = 0; host_tlds[i] && !ok; i++)
			ok = !strcmp(labels[n - 1], host_tlds[i]);
	}
	g_strfreev(labels);
	if (!ok) {
		g_free(name);
		return NULL;
	}
	return name;
}

bool
parse_url_on_domains(const char *url, const char *const *domains)
{
	char *host;
	bool ok = false;

	if (!url || g_ascii_strncasecmp(url, "https://", 8) != 0)
		return false;
	host = parse_trust_url_host(url);
	for (const char *const *d = domains; host && d && *d && !ok; d++)
		ok = parse_trust_host_in(host, *d);
	g_free(host);
	return ok;
}
