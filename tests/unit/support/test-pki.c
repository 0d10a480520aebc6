/* Certificates made with OpenSSL for the unit tests (test-pki.h). */
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <criterion/criterion.h>
#include <glib.h>

#include "test-pki.h"

EVP_PKEY *
tp_key(void)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");

	cr_assert_not_null(key);
	return key;
}

static void
add_ext(X509 *x509, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);

	cr_assert_not_null(ext, "extension %d=%s", nid, value);
	cr_assert(X509_add_ext(x509, ext, -1));
	X509_EXTENSION_free(ext);
}

static void
add_name(X509_NAME *name, const char *field, int type, const char *value)
{
	if (value)
		cr_assert(X509_NAME_add_entry_by_txt(name, field, type, (const unsigned char *)value, -1, -1, 0));
}

X509 *
tp_cert(const struct tp_spec *spec, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key)
{
	static long serial = 1000;
	X509 *x509 = X509_new();
	X509_NAME *name = X509_NAME_new();
	X509V3_CTX ctx;

	cr_assert(x509 && name);
	cr_assert(X509_set_version(x509, 2));
	cr_assert(ASN1_INTEGER_set(X509_get_serialNumber(x509), serial++));
	add_name(name, "C", MBSTRING_ASC, spec->country);
	add_name(name, "O", MBSTRING_UTF8, spec->org);
	add_name(name, "CN", MBSTRING_UTF8, spec->cn);
	cr_assert(X509_set_subject_name(x509, name));
	cr_assert(X509_set_issuer_name(x509, issuer ? X509_get_subject_name(issuer) : name));
	X509_NAME_free(name);
	cr_assert(ASN1_TIME_set(X509_getm_notBefore(x509), (time_t)spec->not_before));
	cr_assert(ASN1_TIME_set(X509_getm_notAfter(x509), (time_t)spec->not_after));
	cr_assert(X509_set_pubkey(x509, key));

	X509V3_set_ctx(&ctx, issuer ? issuer : x509, x509, NULL, NULL, 0);
	add_ext(x509, &ctx, NID_basic_constraints, spec->ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
	if (spec->full) {
		add_ext(x509, &ctx, NID_key_usage,
			spec->ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
		add_ext(x509, &ctx, NID_subject_key_identifier, "hash");
		if (issuer)
			add_ext(x509, &ctx, NID_authority_key_identifier, "keyid");
		if (!spec->ca)
			add_ext(x509, &ctx, NID_ext_key_usage, "serverAuth,clientAuth");
	}
	if (spec->sans)
		add_ext(x509, &ctx, NID_subject_alt_name, spec->sans);
	cr_assert(X509_sign(x509, issuer_key ? issuer_key : key, EVP_sha256()) > 0);
	return x509;
}

char *
tp_pem(X509 *x)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data, *text;
	long n;

	cr_assert(bio && PEM_write_bio_X509(bio, x));
	n = BIO_get_mem_data(bio, &data);
	text = g_strndup(data, (gsize)n);
	BIO_free(bio);
	return text;
}
