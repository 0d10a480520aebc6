/* parsers: what the files of this room share with each other; never included outside parsers/. */
#ifndef MAILPROC_PARSERS_PRIV_H
#define MAILPROC_PARSERS_PRIV_H

#include <openssl/x509.h>

#include "parsers.h"

/* ---- certificates (cert.c, cert-read.c, cert-verify.c) --------------------- */

/* Copy the facts out of x509 (which stays the caller's). Returns NULL with the
 * reason in err when the certificate is too broken to describe (a time or a
 * name that does not decode). */
struct parse_cert_facts *parse_cert_facts_from_x509(X509 *x509, struct mp_error *err);

/* A new X509 re-parsed from facts->der (caller frees with X509_free), or NULL. */
X509 *parse_cert_facts_to_x509(const struct parse_cert_facts *facts);

/* A distinguished name as one RFC 2253 line, UTF-8 kept readable. Caller g_free()s. */
char *parse_cert_name_line(const X509_NAME *name);

/* Empty OpenSSL's error queue of this thread and return what was in it as one
 * short line (caller g_free()s), or NULL when it held nothing. */
char *parse_cert_ssl_errors(void);

/* Called for each "-----BEGIN label-----" ... "-----END label-----" block:
 * block and len span the whole block, markers included. */
typedef void (*parse_cert_pem_fn)(const char *label, const char *block, size_t len, void *data);

/* Find the PEM blocks in buf (any text around and between them, LF or CRLF)
 * and call fn for each. Nothing is decoded here, so that a private key block
 * can be passed over without its bytes ever being decoded. Returns the number
 * of blocks found. */
guint parse_cert_pem_each(const char *buf, size_t len, parse_cert_pem_fn fn, void *data);

/* Decode one block found by parse_cert_pem_each. Returns the DER bytes (caller
 * frees with OPENSSL_free) and sets *der_len, or NULL when the base64 is broken. */
unsigned char *parse_cert_pem_decode(const char *block, size_t len, long *der_len);

/* ---- text (text.c) ------------------------------------------------------- */

/* Plain-text helpers shared by the readers of mail text (the form, and later
 * quoted-text removal and intent detection). Every string argument is valid
 * UTF-8 (check with g_utf8_validate first: bad bytes are not caught here)
 * and NUL-terminated unless a length is given. White space below means
 * parse_text_is_space(); "caller g_free()s" results are always non-NULL. */

/* Zero-width space, non-joiner and joiner, word joiner, BOM / ZWNBSP: drawn
 * as nothing, so most comparisons should skip them. */
bool parse_text_is_invisible(gunichar c);

/* White space in any width (U+3000 and U+00A0 too), plus control characters
 * (C0, DEL, C1): a tab or a stray control code separates words like a space. */
bool parse_text_is_space(gunichar c);

/* ':' in any width or form (：, ﹕, ︓). */
bool parse_text_is_colon(gunichar c);

/* Something typed for a hyphen-minus ('-' itself is not one): ‐ ‑ ‒ – — ―,
 * −, full-width －, and the long vowel mark ー/ｰ, which Japanese input often
 * gives inside numbers. For numbers and codes: in prose ー belongs to the word. */
bool parse_text_is_dash(gunichar c);

/* The first character of s that is neither white space nor invisible (the
 * terminating NUL when there is none). Borrowed: points into s. */
const char *parse_text_skip_spaces(const char *s);

/* Whether s holds a Han, Hiragana or Katakana character. */
bool parse_text_has_japanese(const char *s);

/* The NFKC form of s (len bytes, or up to the NUL when len < 0; no NUL
 * inside): widths folded (ＡＢＣ１ -> ABC1, ｶﾞ -> ガ), compatibility forms
 * expanded (① -> 1, ㈱ -> (株)). The same as g_utf8_normalize(NFKC), but done
 * in pieces cut where NFKC cannot join across, so that it stays linear on long
 * text (GLib's is quadratic on runs of で, ガ or combining marks). A piece
 * GLib refuses is copied as it is. Caller g_free()s. */
char *parse_text_nfkc(const char *s, gssize len);

/* parse_text_nfkc(s, len) in lower case (Unicode, not only ASCII). Caller g_free()s. */
char *parse_text_nfkc_lower(const char *s, gssize len);

/* s trimmed, with invisible characters removed and every run of white space
 * (full-width, line ends and control characters too) made one ' '. Caller g_free()s. */
char *parse_text_collapse(const char *s);

/* s without white space, invisible characters, '-', '_', '.', '=' and '・':
 * the form in which keywords are compared, so that "Common-Name", "common
 * name" and "コモン・ネーム" meet. Apply to NFKC (lower-case) text, since
 * full-width dashes and dots are not removed. Caller g_free()s. */
char *parse_text_compact(const char *s);

/* s without white space (invisible characters are kept). Caller g_free()s. */
char *parse_text_without_spaces(const char *s);

/* s with every parse_text_is_dash() character made '-'. Caller g_free()s. */
char *parse_text_fold_dashes(const char *s);

/* Whether word (not empty) occurs in hay with no ASCII letter or digit
 * right before or after it: "ev" in "ev ssl" or "ev認証", not in "level". */
bool parse_text_has_word(const char *hay, const char *word);

/* Whether any of needles (NULL-terminated) occurs in hay as a substring. */
bool parse_text_has_any(const char *hay, const char *const *needles);

/* ---- application form values (form-values.c) ----------------------------- */

/* Whether a form value means "not given" ("なし", "none", "n/a", "-", ...,
 * compared after NFKC, lower case and trimming, a final '.' or '。' ignored). */
bool parse_form_value_means_none(const char *value);

/* The stored form of a collapsed value (see parse_text_collapse()) under the
 * canonical key (see parse_form_keys()): domain, sans and emails in lower
 * case, sans deduplicated and space-separated, phone without its "FAX ..."
 * tail, order_id as "ORD-YYYY-NNNN", ca and validation as one name when the
 * value names exactly one; the other identifiers NFKC-normalised, names and
 * addresses as written (see struct parse_form). May be empty. Caller g_free()s. */
char *parse_form_normalize_value(const char *key, const char *value);

/* ---- classification (classify.c, trust.c, bounce.c, ca.c, autoreply.c) ---- */

/* One mail as the classifier reads it: the mail received, an attached
 * message/rfc822, or a forward rebuilt from its quoted header block.
 * Everything is borrowed; subject_lc and text_lc are the NFKC lower-case
 * forms (text_lc of the first PARSE_VIEW_SCAN bytes only, for keywords). */
#define PARSE_VIEW_SCAN (64 * 1024)
struct parse_view {
	const struct parse_mail *mail;    /* whose headers these are; NULL for an inline forward */
	const char *from;                 /* From address, lower case, or NULL */
	const char *from_name;            /* its display name, or NULL */
	const char *sender;               /* Sender: address, or NULL */
	const char *subject;              /* never NULL */
	const char *text;                 /* never NULL, UTF-8 */
	const char *subject_lc;
	const char *text_lc;
	const GPtrArray *attachments;     /* struct parse_mail_attachment *, or NULL */
	bool forwarded;                   /* came to us inside another mail */
};

/* trust.c: names, domains, Authentication-Results. */

/* host is domain or a name under it ("mail.digicert.com" in "digicert.com";
 * not "evil-digicert.com", not "digicert.com.evil.jp"). ASCII case ignored. */
bool parse_trust_host_in(const char *host, const char *domain);
/* The part after the last '@', borrowed, or NULL. */
const char *parse_trust_address_domain(const char *address);
/* Whether address (case ignored) is in list (NULL-terminated, may be NULL). */
bool parse_trust_list_has(const char *const *list, const char *address);
/* The entry of ca_domains that address's domain is in, borrowed, or NULL. */
const char *parse_trust_ca_domain(const char *address, const char *const *ca_domains);
/* "digicert", "sectigo" or "globalsign" for a CA's mail domain, else NULL. Static. */
const char *parse_trust_ca_name(const char *domain);
/* The CA a display name claims to be ("DigiCert", "Sectigo", ...), or NULL. Static. */
const char *parse_trust_claimed_ca(const char *display_name);
/* The lower-case host of an absolute URL, or NULL when it has none, has a
 * userinfo part, or holds characters a browser would read differently. Caller g_free()s. */
char *parse_trust_url_host(const char *url);
/* The authserv-id of an Authentication-Results value ("" when none). Caller g_free()s. */
char *parse_trust_authserv_id(const char *header_value);
/* Whether the first Authentication-Results header of mail from authserv_id
 * proves domain (parse_auth_results_pass); the others are ignored with a reason. */
bool parse_trust_authenticated(const struct parse_mail *mail, const char *authserv_id,
			       const char *domain, GPtrArray *reasons);
/* A host name starting at s (lower case): letters, digits, '-', '.', a
 * leading "*.", at least two labels and a known top-level ending. Sets *end
 * after it when end is not NULL. Caller g_free()s; NULL when there is none. */
char *parse_trust_host_token(const char *s, const char **end);

/* bounce.c: delivery status notifications, standard or not. */

/* Whether view is a bounce; when event is not NULL, fill its bounce_* fields
 * and reasons. config's own_addresses are never taken for the recipient. */
bool parse_bounce_detect(const struct parse_view *view, const struct parse_classify_config *config,
			 struct parse_event *event);

/* autoreply.c: mail that a machine sent in answer or in bulk. */
enum parse_auto {
	PARSE_AUTO_NONE,
	PARSE_AUTO_WEAK,   /* auto-generated, or an out-of-office subject alone */
	PARSE_AUTO_STRONG, /* auto-replied, X-Autoreply, "Automatic reply:" ... */
};
enum parse_auto parse_autoreply_detect(const struct parse_view *view, GPtrArray *reasons);
/* A newsletter or list mail (List-Unsubscribe, List-Id, Precedence: bulk/list). */
bool parse_autoreply_is_bulk(const struct parse_view *view, GPtrArray *reasons);

/* ca.c: what a CA's mail says. */

/* Every certificate attached to view or pasted into its text as PEM, in
 * parse_cert_order() order; an empty array when none (never NULL). */
GPtrArray *parse_ca_certificates(const struct parse_view *view, GPtrArray *reasons);
/* Whether subject and text (lower case) read like a CA's approval request. */
bool parse_ca_is_approval(const char *subject_lc, const char *text_lc);
/* Fill kind (approval notice, issued certificate or unknown), ca, ca_order,
 * domain and approval_url of a mail from ca_domain; certs (taken) as
 * parse_ca_certificates() returned them. */
void parse_ca_classify(const struct parse_view *view, const char *ca_domain, GPtrArray *certs,
		       struct parse_event *event);

/* ---- mail internals (mail.c, charset.c, html.c) --------------------------- */

/* The iconv name for a MIME charset label: "CP932" for every Shift_JIS label
 * (shift_jis, x-sjis, windows-31j, ms932, ...: Japanese Windows mail is CP932
 * whatever it says), "EUC-JP", "ISO-2022-JP", "UTF-8", "CP1252" for Latin-1,
 * "GB18030" for GB2312/GBK, "CP949" for EUC-KR; otherwise the label trimmed,
 * unquoted and in upper case. NULL for a NULL, empty or placeholder label
 * ("unknown-8bit", "default", ...), which means "guess". Caller g_free()s. */
char *parse_charset_normalize(const char *label);

/* len bytes (NULs allowed) labelled charset (the Content-Type parameter as
 * written, or NULL when missing) as UTF-8. Never fails: the declared charset
 * when it fits, ISO-2022-JP with Windows extensions decoded by hand when
 * iconv refuses it, else the best of UTF-8 / ISO-2022-JP / CP932 / EUC-JP-MS,
 * else what decodes with bad bytes replaced by U+FFFD. Each fallback appends
 * a short reason (char *) to reasons when it is not NULL. The result has no
 * NUL inside; caller g_free()s. */
char *parse_charset_decode(const char *data, size_t len, const char *label, GPtrArray *reasons);

/* len bytes of ISO-2022-JP as Windows writes it (CP50220/CP50221/CP50222):
 * ESC $ B / ESC $ @ pairs read as JIS X 0208 with the NEC and IBM extensions
 * of CP932, ESC ( I and SO/SI as half-width katakana, ESC ( B / ESC ( J as
 * ASCII, ESC $ ( D as JIS X 0212. Returns UTF-8 (caller g_free()s; NULs are
 * kept, *out_len gets the length when out_len is not NULL), or NULL when a
 * byte does not belong. */
char *parse_charset_iso2022jp_ms(const char *data, size_t len, size_t *out_len);

/* The text of an HTML document (UTF-8, len bytes) as a reader sees it: block
 * elements and <br> end lines; <script>, <style> and <head> are skipped;
 * entities decoded; a link's target follows its text as " <URL>"; lines
 * inside <blockquote> start with "> " per level. Caller g_free()s; never NULL. */
char *parse_html_to_text(const char *html, size_t len);

/* The charset named by <meta charset=...> or <meta http-equiv=Content-Type
 * content="...; charset=..."> in the first 4 KiB of an HTML document, or
 * NULL. Caller g_free()s. */
char *parse_html_meta_charset(const char *html, size_t len);

#endif
