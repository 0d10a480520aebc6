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

#endif
