/* What a certificate authority's mail says: approval requests (order, domain, the link) and issued certificates. */
#include <string.h>

#include "parsers_priv.h"

/* ---- certificates ------------------------------------------------------------ */

static bool
skip_attachment(const struct parse_mail_attachment *a)
{
	const char *ct = a->content_type ? a->content_type : "";

	return g_str_has_prefix(ct, "image/") || g_str_has_prefix(ct, "audio/") ||
	       g_str_has_prefix(ct, "video/") || !strcmp(ct, "application/pdf") ||
	       g_str_has_prefix(ct, "text/html") || !strcmp(ct, "message/rfc822");
}

/* A file the CA would name so: worth a reason when it holds no certificate. */
static bool
cert_file_name(const char *name)
{
	static const char *const exts[] = {
		".crt", ".cer", ".pem", ".der", ".p7b", ".p7c", ".p7s", ".zip", ".ca-bundle", ".ca", NULL,
	};
	char *l;
	bool hit = false;

	if (!name)
		return false;
	l = g_ascii_strdown(name, -1);
	for (size_t i = 0; exts[i] && !hit; i++)
		hit = g_str_has_suffix(l, exts[i]);
	g_free(l);
	return hit;
}

GPtrArray *
parse_ca_certificates(const struct parse_view *view, GPtrArray *reasons)
{
	GPtrArray *certs = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	struct mp_error err;

	for (guint i = 0; view->attachments && i < view->attachments->len; i++) {
		const struct parse_mail_attachment *a = g_ptr_array_index(view->attachments, i);
		gsize len = 0;
		const void *data;

		if (!a || !a->data || skip_attachment(a))
			continue;
		data = g_bytes_get_data(a->data, &len);
		if (!len)
			continue;
		err.text[0] = '\0';
		if (parse_cert_read(data, len, a->filename, certs, &err) != MP_STATUS_OK &&
		    cert_file_name(a->filename))
			g_ptr_array_add(reasons, g_strdup_printf("attachment %s: %s", a->filename, err.text));
	}
	if (strstr(view->text, "-----BEGIN")) {
		err.text[0] = '\0';
		if (parse_cert_read(view->text, strlen(view->text), "text", certs, &err) == MP_STATUS_OK)
			g_ptr_array_add(reasons, g_strdup("certificate pasted in the text"));
	}
	if (certs->len)
		parse_cert_order(certs);
	return certs;
}

/* ---- approval requests ---------------------------------------------------------- */

/* In a subject these say "approve" (unless it says the approval is done). */
static const char *const approval_subject_words[] = {
	"approval", "approve", "承認", "domain control validation", "domain validation",
	"validation request", "ドメイン認証", "ドメイン確認", NULL,
};

static const char *const done_words[] = {
	"approved", "complete", "was successful", "承認されました", "承認済", "承認完了", NULL,
};

/* In a text these ask for it. */
static const char *const approval_text_phrases[] = {
	"approve or reject", "requires approval", "requires your approval", "require approval",
	"needs your approval", "please approve", "approve this order", "approve the order",
	"approve this request", "approve the request", "approval required", "click approve",
	"承認してください", "承認をお願い", "承認のお願い", "承認が必要", "ご承認ください",
	"承認または却下", "承認もしくは却下", "承認する", NULL,
};

bool
parse_ca_is_approval(const char *subject_lc, const char *text_lc)
{
	if (parse_text_has_any(subject_lc, approval_subject_words) || parse_text_has_word(subject_lc, "dcv"))
		return !parse_text_has_any(subject_lc, done_words);
	return parse_text_has_any(text_lc, approval_text_phrases);
}

static const char *const issued_subject_words[] = {
	"is ready", "issued", "your certificate", "証明書発行", "発行のお知らせ", "発行完了", "発行しました",
	"発行されました", NULL,
};

/* ---- order numbers and names ----------------------------------------------------- */

static const char *const order_labels[] = {
	"order number", "order no", "order id", "order #", "order#", "order:", "order ",
	"注文番号", "オーダー番号", "オーダーid", "申請番号", "受付番号", NULL,
};

/* The CA's order number after a label in s (lower case): digits, or
 * letters and digits with at least five digits (GlobalSign's "CE2026..."). */
static char *
order_after(const char *s)
{
	for (size_t i = 0; order_labels[i]; i++) {
		for (const char *p = strstr(s, order_labels[i]); p; p = strstr(p + 1, order_labels[i])) {
			const char *q = p + strlen(order_labels[i]), *e;
			int digits = 0;

			while (*q == ' ' || *q == ':' || *q == '#' || *q == '.' || *q == '\t' || *q == '\n' ||
			       *q == '\r' || g_str_has_prefix(q, "no.") || g_str_has_prefix(q, "number"))
				q += g_str_has_prefix(q, "no.") ? 3 : g_str_has_prefix(q, "number") ? 6 : 1;
			e = q;
			while (g_ascii_isalnum(*e) || (*e == '-' && g_ascii_isalnum(e[1])))
				digits += g_ascii_isdigit(*e++) ? 1 : 0;
			if (digits >= 5 && e - q <= 24 && !g_str_has_prefix(q, "ord-") &&
			    (g_ascii_isdigit(*q) || digits * 2 >= e - q))
				return g_ascii_strup(q, e - q);
		}
	}
	return NULL;
}

static const char *const domain_labels[] = {
	"common name", "commonname", "domain name", "domains", "domain", "fqdn", "コモンネーム",
	"ドメイン名", "ドメイン", "cn", NULL,
};

static bool
skip_host(const char *host, const char *ca_domain)
{
	return parse_trust_host_in(host, ca_domain) || parse_trust_ca_name(host) != NULL;
}

/* The host a CA mail is about: after a label ("Common Name: ..."), else
 * after "for " ("... order for www.example.jp"). */
static char *
domain_in(const char *s, const char *ca_domain)
{
	for (size_t i = 0; domain_labels[i]; i++) {
		for (const char *p = strstr(s, domain_labels[i]); p; p = strstr(p + 1, domain_labels[i])) {
			const char *q = p + strlen(domain_labels[i]);
			char *host;

			if (p > s && g_ascii_isalpha(p[-1]))
				continue;
			if (g_str_has_prefix(q, "(s)"))
				q += 3;
			while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n' ||
			       parse_text_is_colon(g_utf8_get_char(q)) || *q == '=')
				q = g_utf8_next_char(q);
			if (!g_ascii_isalnum(*q) && *q != '*')
				continue;
			host = parse_trust_host_token(q, NULL);
			if (host && !skip_host(host, ca_domain))
				return host;
			g_free(host);
		}
	}
	for (const char *p = strstr(s, "for "); p; p = strstr(p + 1, "for ")) {
		char *host = parse_trust_host_token(p + 4, NULL);

		if (host && !skip_host(host, ca_domain))
			return host;
		g_free(host);
	}
	return NULL;
}

/* ---- links ----------------------------------------------------------------------- */

struct link {
	size_t at;  /* offset in the text */
	char *url;
};

static void
links_free(GArray *links)
{
	for (guint i = 0; i < links->len; i++)
		g_free(g_array_index(links, struct link, i).url);
	g_array_free(links, TRUE);
}

/* Every http(s) URL in text, in order. */
static GArray *
links_in(const char *text, const char *lc)
{
	GArray *links = g_array_new(FALSE, FALSE, sizeof(struct link));

	for (const char *p = strstr(lc, "http"); p; p = strstr(p + 1, "http")) {
		const char *e;
		struct link l;

		if (!g_str_has_prefix(p, "https://") && !g_str_has_prefix(p, "http://"))
			continue;
		if (p > lc && g_ascii_isalnum(p[-1]))
			continue;
		e = p;
		while (*e && (unsigned char)*e > ' ' && (unsigned char)*e < 0x7F && !strchr("<>\"'()[]{}|`", *e))
			e++;
		while (e > p && strchr(".,;:!?", e[-1]))
			e--;
		l.at = p - lc;
		l.url = g_strndup(text + (p - lc), e - p);
		g_array_append_val(links, l);
		p = e - 1;
	}
	return links;
}

static bool
ca_host(const char *host, const char *ca_domain)
{
	const char *brand = parse_trust_ca_name(ca_domain);

	if (!host)
		return false;
	if (parse_trust_host_in(host, ca_domain))
		return true;
	/* another domain of the same CA: geotrust.com for digicert.com */
	return brand && parse_trust_ca_name(host) && !strcmp(parse_trust_ca_name(host), brand);
}

/* Where a link that acts on the order is announced: the link after one of
 * these is the approval link, wherever it points. */
static const char *const link_phrases[] = {
	"approve or reject this order", "approve or reject", "approve this order", "to approve",
	"approval link", "browse here", "承認または却下", "承認用", "承認url", "承認リンク", NULL,
};

/* Weaker announcements: they also open footers ("click here to unsubscribe"),
 * so the link after them counts only on the CA's host. */
static const char *const weak_link_phrases[] = {
	"click here", "click the link", "following link", "link below", "承認する", "下記url", "こちら",
	NULL,
};

/* Paths that act on an order, as against the footer's. */
static const char *const action_path_words[] = {
	"approv", "dcv", "validat", "confirm", "verify", "token", "order", "accept", "consent", NULL,
};

static const char *const footer_path_words[] = {
	"privacy", "legal", "terms", "unsubscribe", "support", "contact", "logo", ".png", ".jpg",
	".gif", "facebook", "twitter", "linkedin", "youtube", "about", "policy", NULL,
};

static char *
approval_url(const char *text, const char *ca_domain, GPtrArray *reasons)
{
	size_t n = strlen(text);
	char *lc = g_ascii_strdown(text, n);
	GArray *links = links_in(text, lc);
	char *found = NULL;
	bool decided = false;

	/* 1. the link right after "Approve or reject this order:" */
	for (size_t i = 0; link_phrases[i] && !decided; i++) {
		const char *p = strstr(lc, link_phrases[i]);

		if (!p)
			continue;
		for (guint k = 0; k < links->len && !decided; k++) {
			struct link *l = &g_array_index(links, struct link, k);
			char *host;

			if (l->at < (size_t)(p - lc))
				continue;
			decided = true;
			host = parse_trust_url_host(l->url);
			if (!host)
				g_ptr_array_add(reasons, g_strdup("approval link refused: host hidden or unreadable"));
			else if (!ca_host(host, ca_domain))
				g_ptr_array_add(reasons, g_strdup_printf("approval link on foreign host %s", host));
			else if (!g_str_has_prefix(lc + l->at, "https://"))
				g_ptr_array_add(reasons, g_strdup("approval link is not https"));
			else
				found = g_strdup(l->url);
			g_free(host);
		}
	}
	for (size_t i = 0; weak_link_phrases[i] && !decided; i++) {
		const char *p = strstr(lc, weak_link_phrases[i]);

		for (guint k = 0; p && k < links->len && !decided; k++) {
			struct link *l = &g_array_index(links, struct link, k);
			char *host;

			if (l->at < (size_t)(p - lc))
				continue;
			host = parse_trust_url_host(l->url);
			if (ca_host(host, ca_domain) && g_str_has_prefix(lc + l->at, "https://")) {
				found = g_strdup(l->url);
				decided = true;
			}
			g_free(host);
			break;
		}
	}
	/* 2. else the first link on the CA's host that acts on something */
	for (int pass = 0; pass < 2 && !decided && !found; pass++) {
		for (guint k = 0; k < links->len && !found; k++) {
			struct link *l = &g_array_index(links, struct link, k);
			char *host = parse_trust_url_host(l->url);
			const char *path = lc + l->at + 8;

			if (host && ca_host(host, ca_domain) && g_str_has_prefix(lc + l->at, "https://")) {
				char *url_lc = g_ascii_strdown(path, strlen(l->url) - 8);

				if (pass == 0 ? parse_text_has_any(url_lc, action_path_words)
					      : !parse_text_has_any(url_lc, footer_path_words) && strchr(url_lc, '/') &&
							strchr(url_lc, '/')[1])
					found = g_strdup(l->url);
				g_free(url_lc);
			}
			g_free(host);
		}
	}
	if (!found && !decided) {
		for (guint k = 0; k < links->len; k++) {
			char *host = parse_trust_url_host(g_array_index(links, struct link, k).url);

			if (host && !ca_host(host, ca_domain)) {
				g_ptr_array_add(reasons, g_strdup_printf("approval link on foreign host %s", host));
				g_free(host);
				break;
			}
			g_free(host);
		}
		g_ptr_array_add(reasons, g_strdup("no approval link on the CA's host"));
	}
	links_free(links);
	g_free(lc);
	return found;
}

/* ---- the whole ------------------------------------------------------------------------ */

void
parse_ca_classify(const struct parse_view *view, const char *ca_domain, GPtrArray *certs,
		  struct parse_event *event)
{
	const char *from_domain = parse_trust_address_domain(view->from);

	event->ca = g_strdup(parse_trust_ca_name(from_domain) ? parse_trust_ca_name(from_domain)
							       : parse_trust_ca_name(ca_domain));
	event->ca_order = order_after(view->subject_lc);
	if (!event->ca_order)
		event->ca_order = order_after(view->text_lc);
	if (certs && certs->len) {
		const struct parse_cert_facts *leaf = g_ptr_array_index(certs, 0);

		event->kind = PARSE_KIND_ISSUED_CERTIFICATE;
		if (leaf->subject_cn && *leaf->subject_cn)
			event->domain = g_ascii_strdown(leaf->subject_cn, -1);
		else if (leaf->sans && leaf->sans->len)
			event->domain = g_ascii_strdown(g_ptr_array_index(leaf->sans, 0), -1);
		if (leaf->is_ca)
			g_ptr_array_add(event->reasons, g_strdup("only CA certificates, no server certificate"));
		g_ptr_array_add(event->reasons, g_strdup_printf("%u certificate%s from the CA", certs->len,
								certs->len == 1 ? "" : "s"));
		event->certificates = certs;
		return;
	}
	if (certs)
		g_ptr_array_unref(certs);
	event->domain = domain_in(view->subject_lc, ca_domain);
	if (!event->domain)
		event->domain = domain_in(view->text_lc, ca_domain);
	if (parse_ca_is_approval(view->subject_lc, view->text_lc)) {
		event->kind = PARSE_KIND_APPROVAL_NOTICE;
		g_ptr_array_add(event->reasons, g_strdup("CA approval request"));
		event->approval_url = approval_url(view->text, ca_domain, event->reasons);
		return;
	}
	event->kind = PARSE_KIND_UNKNOWN;
	if (parse_text_has_any(view->subject_lc, issued_subject_words))
		g_ptr_array_add(event->reasons, g_strdup("the CA says a certificate is ready, but none is attached"));
	else
		g_ptr_array_add(event->reasons, g_strdup("CA mail that is neither an approval request nor a certificate"));
}
