/* Certificates back out as text: one PEM block, or a certs-only PKCS#7 (GlobalSign's DOMAIN.pem). */
#include <limits.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>

#include "parsers_priv.h"

char *
parse_cert_pem(const struct parse_cert_facts *cert)
{
	GString *out = g_string_new("-----BEGIN CERTIFICATE-----\n");
	gsize len = 0;
	const guchar *der = g_bytes_get_data(cert->der, &len);
	char *b64 = g_base64_encode(der, len);
	size_t n = strlen(b64);

	/* RFC 7468: 64 columns, the width every tool writes and some insist on. */
	for (size_t off = 0; off < n; off += 64)
		g_string_append_printf(out, "%.*s\n", (int)MIN(64, n - off), b64 + off);
	g_string_append(out, "-----END CERTIFICATE-----\n");
	g_free(b64);
	return g_string_free(out, FALSE);
}

/* Fail with OpenSSL's reason after what. */
static enum mp_status
ssl_fail(struct mp_error *err, const char *what)
{
	char *ssl = parse_cert_ssl_errors();
	enum mp_status status = mp_error_set(err, MP_STATUS_CRYPTO, "%s: %s", what,
					     ssl ? ssl : "out of memory");

	g_free(ssl);
	return status;
}

enum mp_status
parse_cert_pkcs7_pem(GPtrArray *certs, char **pem_out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	PKCS7 *p7 = NULL;
	BIO *bio = NULL;
	char *data;
	long n;

	*pem_out = NULL;
	if (!certs || certs->len == 0)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "no certificate to put into PKCS#7");
	ERR_clear_error();
	/* What crl2pkcs7 builds: SignedData version 1, no digest algorithms,
	 * contentInfo of type data without content, the certificates, no
	 * signers. The certificates are a SEQUENCE OF in OpenSSL's encoding
	 * (not a sorted SET OF), so they stay in the order given. */
	p7 = PKCS7_new();
	if (!p7 || !PKCS7_set_type(p7, NID_pkcs7_signed)) {
		status = ssl_fail(err, "cannot make PKCS#7");
		goto out;
	}
	p7->d.sign->contents->type = OBJ_nid2obj(NID_pkcs7_data);
	for (guint i = 0; i < certs->len; i++) {
		const struct parse_cert_facts *c = g_ptr_array_index(certs, i);
		X509 *x509 = c && c->der ? parse_cert_facts_to_x509(c) : NULL;
		int added;

		if (!x509) {
			ERR_clear_error();
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "certificate %u of %u does not decode", i + 1, certs->len);
			goto out;
		}
		/* PKCS7_add_certificate takes its own reference. */
		added = PKCS7_add_certificate(p7, x509);
		X509_free(x509);
		if (!added) {
			status = ssl_fail(err, "cannot add a certificate to PKCS#7");
			goto out;
		}
	}
	bio = BIO_new(BIO_s_mem());
	if (!bio || !PEM_write_bio_PKCS7(bio, p7)) {
		status = ssl_fail(err, "cannot write PKCS#7");
		goto out;
	}
	n = BIO_get_mem_data(bio, &data);
	if (n <= 0) {
		status = ssl_fail(err, "cannot write PKCS#7");
		goto out;
	}
	*pem_out = g_strndup(data, (gsize)n);
out:
	BIO_free(bio);
	PKCS7_free(p7);
	ERR_clear_error();
	return status;
}
