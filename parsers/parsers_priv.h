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

#endif
