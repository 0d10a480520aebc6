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

#endif
