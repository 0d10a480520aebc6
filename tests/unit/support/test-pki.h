/* Certificates made with OpenSSL for the unit tests: one maker instead of one per test file. */
#ifndef MAILPROC_TEST_PKI_H
#define MAILPROC_TEST_PKI_H

#include <stdbool.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* What a test certificate says. */
struct tp_spec {
	const char *country; /* C=, or NULL for none */
	const char *org;     /* O= (UTF-8), or NULL */
	const char *cn;      /* CN= (UTF-8), or NULL */
	const char *sans;    /* an OpenSSL subjectAltName value ("DNS:a,DNS:b"), or NULL */
	bool ca;             /* basicConstraints CA:TRUE, else CA:FALSE */
	bool full;           /* also key usage, key identifiers and (leaf) extended key usage, as CAs issue */
	int64_t not_before, not_after; /* Unix time */
};

/* A P-256 key: made in microseconds, where RSA would slow every test down. */
EVP_PKEY *tp_key(void);
/* A certificate of spec for key, issued by issuer and signed with issuer_key
 * (issuer NULL: self-signed with key). Serial numbers never repeat. */
X509 *tp_cert(const struct tp_spec *spec, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key);
/* OpenSSL's own PEM of x. Caller frees. */
char *tp_pem(X509 *x);

#endif
