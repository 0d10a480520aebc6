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

#endif
