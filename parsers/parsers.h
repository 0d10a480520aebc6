/* parsers: bytes in, facts out. No network, no database, no clock, no printing. */
#ifndef MAILPROC_PARSERS_H
#define MAILPROC_PARSERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* ---- status (shared by every room) -------------------------------------- */

/* The one status type of the project. Detail text travels in struct mp_error. */
enum mp_status {
	MP_STATUS_OK = 0,
	MP_STATUS_USAGE,        /* the command line is wrong */
	MP_STATUS_BAD_INPUT,    /* input data is malformed or refused */
	MP_STATUS_NOT_FOUND,    /* the named thing does not exist */
	MP_STATUS_REFUSED,      /* not legal in the current state */
	MP_STATUS_CONFIG,       /* configuration error */
	MP_STATUS_IO,           /* a file could not be read or written */
	MP_STATUS_DATABASE,     /* SQLite failed */
	MP_STATUS_UNAVAILABLE,  /* a server or service is not there */
	MP_STATUS_TEMPFAIL,     /* try again on the next run */
	MP_STATUS_LOCKED,       /* another run holds the lock */
	MP_STATUS_CRYPTO,       /* OpenSSL failed on something that should work */
	MP_STATUS_COUNT
};

/* A fixed buffer for the human-readable detail of a failure. Every function
 * that takes one accepts NULL. */
struct mp_error {
	char text[512];
};

/* Short constant name of a status, e.g. "bad input". Never NULL. */
const char *mp_status_to_string(enum mp_status status);

/* Format detail text into err (when err is not NULL) and return status, so a
 * failure can be reported in one line: return mp_error_set(err, S, "...", ...). */
enum mp_status mp_error_set(struct mp_error *err, enum mp_status status,
			    const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* ---- CSV (RFC 4180) ------------------------------------------------------ */

/* One parsed row: fields are owned by the row. line is the 1-based line
 * number where the row starts in the input. */
struct parse_csv_row {
	unsigned line;
	GPtrArray *fields; /* char * (UTF-8), owned */
};

/* Parse a whole CSV buffer (UTF-8, optional BOM, CRLF or LF, quoted fields
 * with "" escapes and embedded newlines). Blank lines are skipped. On success
 * *rows_out is a new GPtrArray of struct parse_csv_row * owned by the caller
 * (its free function releases the rows). Returns MP_STATUS_OK, or
 * MP_STATUS_BAD_INPUT with the line number in err for an unterminated quote,
 * text after a closing quote, or invalid UTF-8. */
enum mp_status parse_csv_buffer(const char *buf, size_t len, GPtrArray **rows_out,
				struct mp_error *err);

/* ---- keys ----------------------------------------------------------------- */

/* Public facts of a key: the SubjectPublicKeyInfo as PEM and the lowercase hex
 * SHA-256 of its DER, plus a short description such as "EC P-256" or
 * "RSA 2048". All strings owned by the struct. */
struct parse_key_facts {
	char *spki_pem;
	char *spki_sha256;
	char *description;
	const char *source; /* static: "private key", "public key" or "CSR" */
};

/* Read a private key, a public key or a CSR (PEM or DER) from a buffer and
 * return its public key. The private key material is never kept. Returns
 * MP_STATUS_OK with *out set (caller frees with parse_key_facts_free), or
 * MP_STATUS_BAD_INPUT when the bytes are none of those (an encrypted private
 * key is refused with a reason). */
enum mp_status parse_key_public(const void *buf, size_t len, struct parse_key_facts **out,
				struct mp_error *err);
void parse_key_facts_free(struct parse_key_facts *facts);

/* ---- certificates (cert.c) ------------------------------------------------- */

/* The facts of one X.509 certificate. All strings owned by the struct. */
struct parse_cert_facts {
	char *subject_cn;   /* NULL when the subject has no CN */
	GPtrArray *sans;    /* char *: DNS names of subjectAltName, as written */
	char *issuer_cn;
	char *subject;      /* one-line RFC 2253 subject */
	char *issuer;
	int64_t not_before; /* Unix time */
	int64_t not_after;
	char *sha256;       /* lowercase hex of the DER */
	char *spki_sha256;  /* lowercase hex SHA-256 of the SubjectPublicKeyInfo DER */
	bool is_ca;         /* basicConstraints CA:TRUE */
	bool self_signed;   /* subject == issuer and the signature verifies with its own key */
	GBytes *der;        /* the certificate itself */
};
void parse_cert_facts_free(struct parse_cert_facts *facts);

/* Read every certificate in buf, whatever the CA sent: PEM (one or many,
 * with text around them), DER, PKCS#7 (PEM or DER; .p7b/.p7c), or a ZIP file
 * holding any of those (read from memory with libzip). name is the file name
 * if known (for messages only; may be NULL). Appends struct parse_cert_facts *
 * to certs (a GPtrArray whose free function is parse_cert_facts_free),
 * skipping exact duplicates (same sha256). Returns MP_STATUS_OK when at least
 * one certificate was found, MP_STATUS_BAD_INPUT with a reason otherwise
 * (private keys inside are ignored, never copied). */
enum mp_status parse_cert_read(const void *buf, size_t len, const char *name, GPtrArray *certs,
			       struct mp_error *err);

/* Sort certs in place: the leaf first (the one certificate that is not a CA
 * and issues no other in the set; when several, the first found), then each
 * issuer after the certificate it issued, then the rest. */
void parse_cert_order(GPtrArray *certs);

/* What was asked of a verification and what came out. */
struct parse_cert_verdict {
	bool chain_ok;
	char *chain_error;  /* owned; NULL when chain_ok */
	int key_match;      /* -1 not asked, 0 no, 1 yes */
	int names_ok;       /* -1 not asked, 0 no, 1 yes */
	char *names_error;  /* owned: which name is not covered, or NULL */
	int64_t not_after;  /* the leaf's */
	bool ok;            /* every check that was asked for passed */
};
void parse_cert_verdict_free(struct parse_cert_verdict *verdict);

/* Verify certs (after parse_cert_order: leaf first, the rest as untrusted
 * intermediates) against the trust anchors in roots_pem (a PEM bundle held in
 * memory: the caller reads the file), at time at (Unix; the caller's now).
 * key_spki_sha256: when not NULL, the leaf's public key must be this one.
 * names: when not NULL, a NULL-terminated list that the leaf must cover
 * (subjectAltName, RFC 6125 wildcards: "*.example.jp" covers one label).
 * Returns MP_STATUS_OK with *out (caller frees) whatever the verdict, or
 * MP_STATUS_BAD_INPUT when certs is empty or roots_pem holds no certificate. */
enum mp_status parse_cert_verify(GPtrArray *certs, const void *roots_pem, size_t roots_len,
				 int64_t at, const char *key_spki_sha256,
				 const char *const *names, struct parse_cert_verdict **out,
				 struct mp_error *err);

/* ---- application form (form.c) ------------------------------------------ */

/* What stands for a secret wherever one is shown. */
#define PARSE_FORM_MASK "********"
/* struct parse_form.unknown keeps at most this many lines. */
#define PARSE_FORM_UNKNOWN_MAX 100

/* The renewal application form, as the web site mails it ("Label: value"
 * lines). Everything is owned by the struct; free with parse_form_free().
 * fields: canonical key -> value, both char *. Keys are those of
 *   parse_form_keys(): the import CSV's names (customer_id, org_name,
 *   org_name_en, address, phone, contact_name, contact_title, contact_email,
 *   tech_email, domain, sans, ca, product, validation, order_id) plus
 *   postal_code, department, server_login (control panel / root login
 *   details), password (any other secret) and notes. A key is present only
 *   with a non-empty value. domain, sans and emails are lower case, sans
 *   space-separated; ca is digicert, geotrust, sectigo or globalsign and
 *   validation ov, dv or ev when the text names exactly one, otherwise the
 *   text as written; order_id is "ORD-YYYY-NNNN" when the value holds one.
 *   password, server_login and notes gather every line given for them: one
 *   line gives its value, several give "Label: value" lines joined by '\n'.
 * unknown: "Label: value" (char *) for lines whose label has no canonical
 *   key, for a key given again with a different value (the first one is
 *   kept), and for every line that carried a secret, whose value then reads
 *   PARSE_FORM_MASK. In text order.
 * masked: canonical keys (char *) whose value in fields is a secret and must
 *   be shown as PARSE_FORM_MASK in logs, JSON, alerts and mails: always
 *   password and server_login when present, notes when a note mentions a
 *   password. In parse_form_keys() order.
 * unknown_dropped: lines left out of unknown once it was full. */
struct parse_form {
	GHashTable *fields;
	GPtrArray *unknown;
	GPtrArray *masked;
	unsigned unknown_dropped;
};

/* Read the decoded text body of a mail (UTF-8, len bytes; text may be NULL
 * when len is 0) as an application form. Labels are matched after NFKC
 * normalisation, case-insensitively, in Japanese or English, with 【】[] ■ ●
 * decorations, ':' or '：'. Greetings before the first label, quoted lines
 * ('>'), and everything after a "--" signature line or an "-----Original
 * Message-----" line are ignored. Returns MP_STATUS_OK with *out (caller
 * frees) even when nothing was found (then parse_form_is_form() is false),
 * or MP_STATUS_BAD_INPUT with the byte offset in err when the text is not
 * valid UTF-8 or holds a NUL byte (*out stays NULL: the decoder upstream
 * must hand over UTF-8, nothing is repaired here). */
enum mp_status parse_form_text(const char *text, size_t len, struct parse_form **out,
			       struct mp_error *err);
void parse_form_free(struct parse_form *form);

/* Enough to be an application form: a domain and at least three other of
 * the application's fields (not counting server_login, password, notes). */
bool parse_form_is_form(const struct parse_form *form);

/* The value of canonical key, borrowed from form, or NULL when not given. */
const char *parse_form_get(const struct parse_form *form, const char *key);

/* Whether key's value is a secret (listed in form->masked). */
bool parse_form_is_masked(const struct parse_form *form, const char *key);

/* Every canonical key, NULL-terminated, in a stable order for output. Static. */
const char *const *parse_form_keys(void);

#endif
