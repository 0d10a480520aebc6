/* Unit tests of parse_key_public(), with keys and CSRs made at run time. */
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "parsers.h"
#include "test-pki.h"

/* ---- making keys, CSRs and certificates ---------------------------------- */

static EVP_PKEY *
gen_ec(const char *curve)
{
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);

	cr_assert_not_null(pkey, "EC %s keygen failed", curve);
	return pkey;
}

static EVP_PKEY *
gen_rsa(size_t bits)
{
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", bits);

	cr_assert_not_null(pkey, "RSA keygen failed");
	return pkey;
}

static EVP_PKEY *
gen_ed25519(void)
{
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");

	cr_assert_not_null(pkey, "Ed25519 keygen failed");
	return pkey;
}

static BIO *
mem_bio(void)
{
	BIO *bio = BIO_new(BIO_s_mem());

	cr_assert_not_null(bio);
	return bio;
}

/* Take the bytes written to a memory BIO, and free it. */
static GBytes *
bio_bytes(BIO *bio)
{
	char *data = NULL;
	long len = BIO_get_mem_data(bio, &data);
	GBytes *bytes;

	cr_assert_gt(len, 0, "nothing was written");
	bytes = g_bytes_new(data, (gsize)len);
	BIO_free(bio);
	return bytes;
}

/* A DER buffer from an i2d call (OPENSSL_malloc'd), into GBytes. */
static GBytes *
der_bytes(unsigned char *der, int len)
{
	GBytes *bytes;

	cr_assert_gt(len, 0, "i2d failed");
	bytes = g_bytes_new(der, (gsize)len);
	OPENSSL_free(der);
	return bytes;
}

static GBytes *
pem_block(const char *label, GBytes *der)
{
	BIO *bio = mem_bio();
	gsize len;
	const unsigned char *p = g_bytes_get_data(der, &len);

	cr_assert(PEM_write_bio(bio, label, "", p, (long)len));
	return bio_bytes(bio);
}

/* PKCS#8 "PRIVATE KEY". */
static GBytes *
pem_pkcs8(EVP_PKEY *pkey)
{
	BIO *bio = mem_bio();

	cr_assert(PEM_write_bio_PKCS8PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL));
	return bio_bytes(bio);
}

/* "RSA PRIVATE KEY" or "EC PRIVATE KEY". */
static GBytes *
pem_traditional(EVP_PKEY *pkey)
{
	BIO *bio = mem_bio();

	cr_assert(PEM_write_bio_PrivateKey_traditional(bio, pkey, NULL, NULL, 0, NULL, NULL));
	return bio_bytes(bio);
}

static GBytes *
pem_public(EVP_PKEY *pkey)
{
	BIO *bio = mem_bio();

	cr_assert(PEM_write_bio_PUBKEY(bio, pkey));
	return bio_bytes(bio);
}

static GBytes *
der_pkcs8(EVP_PKEY *pkey)
{
	BIO *bio = mem_bio();

	cr_assert(i2d_PKCS8PrivateKey_bio(bio, pkey, NULL, NULL, 0, NULL, NULL));
	return bio_bytes(bio);
}

/* The type-specific form: PKCS#1 RSAPrivateKey or SEC 1 ECPrivateKey. */
static GBytes *
der_traditional(EVP_PKEY *pkey)
{
	unsigned char *der = NULL;
	int len = i2d_PrivateKey(pkey, &der);

	return der_bytes(der, len);
}

static GBytes *
der_public(EVP_PKEY *pkey)
{
	unsigned char *der = NULL;
	int len = i2d_PUBKEY(pkey, &der);

	return der_bytes(der, len);
}

/* A CSR for pkey's public key, signed by signer (normally pkey itself). */
static X509_REQ *
make_csr(EVP_PKEY *pkey, EVP_PKEY *signer)
{
	X509_REQ *req = X509_REQ_new();
	X509_NAME *name = X509_REQ_get_subject_name(req);
	const EVP_MD *md = EVP_PKEY_is_a(signer, "ED25519") ? NULL : EVP_sha256();

	cr_assert(X509_REQ_set_version(req, X509_REQ_VERSION_1));
	cr_assert(X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8,
					     (const unsigned char *)"JP", -1, -1, 0));
	cr_assert(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
					     (const unsigned char *)"株式会社サンプル", -1, -1, 0));
	cr_assert(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
					     (const unsigned char *)"www.example.co.jp", -1, -1, 0));
	cr_assert(X509_REQ_set_pubkey(req, pkey));
	cr_assert_gt(X509_REQ_sign(req, signer, md), 0);
	return req;
}

static GBytes *
pem_csr(X509_REQ *req)
{
	BIO *bio = mem_bio();

	cr_assert(PEM_write_bio_X509_REQ(bio, req));
	return bio_bytes(bio);
}

/* "NEW CERTIFICATE REQUEST", as older tools wrote it. */
static GBytes *
pem_csr_new(X509_REQ *req)
{
	BIO *bio = mem_bio();

	cr_assert(PEM_write_bio_X509_REQ_NEW(bio, req));
	return bio_bytes(bio);
}

static GBytes *
der_csr(X509_REQ *req)
{
	unsigned char *der = NULL;
	int len = i2d_X509_REQ(req, &der);

	return der_bytes(der, len);
}

static X509 *
make_cert(EVP_PKEY *pkey)
{
	int64_t now = (int64_t)time(NULL);
	struct tp_spec spec = { .cn = "www.example.co.jp", .not_before = now, .not_after = now + 86400 };

	return tp_cert(&spec, pkey, NULL, NULL);
}

static GBytes *
concat(GBytes *a, GBytes *b)
{
	GByteArray *all = g_byte_array_new();
	gsize len;
	const guint8 *p;

	p = g_bytes_get_data(a, &len);
	g_byte_array_append(all, p, (guint)len);
	p = g_bytes_get_data(b, &len);
	g_byte_array_append(all, p, (guint)len);
	return g_byte_array_free_to_bytes(all);
}

/* Lowercase hex SHA-256 of the key's SubjectPublicKeyInfo, computed here
 * independently of the parser. */
static char *
expected_sha256(EVP_PKEY *pkey)
{
	GBytes *der = der_public(pkey);
	gsize len;
	const guint8 *p = g_bytes_get_data(der, &len);
	char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, p, len);

	g_bytes_unref(der);
	return hex;
}

/* ---- calling the parser ---------------------------------------------------- */

static struct parse_key_facts *
parse_ok(GBytes *input, const char *what)
{
	struct parse_key_facts *facts = NULL;
	struct mp_error err = { "" };
	gsize len;
	const void *p = g_bytes_get_data(input, &len);
	enum mp_status status = parse_key_public(p, len, &facts, &err);

	cr_assert_eq(status, MP_STATUS_OK, "%s: %s: %s", what, mp_status_to_string(status),
		     err.text);
	cr_assert_not_null(facts, "%s", what);
	cr_assert_eq(ERR_peek_error(), 0, "%s: OpenSSL error queue not empty", what);
	return facts;
}

static void
parse_bad(const void *buf, size_t len, const char *expect_text, const char *what)
{
	struct parse_key_facts *facts = NULL;
	struct mp_error err = { "" };
	enum mp_status status = parse_key_public(buf, len, &facts, &err);

	cr_assert_eq(status, MP_STATUS_BAD_INPUT, "%s: %s: %s", what,
		     mp_status_to_string(status), err.text);
	cr_assert_null(facts, "%s", what);
	cr_assert(strstr(err.text, expect_text) != NULL, "%s: error \"%s\" lacks \"%s\"", what,
		  err.text, expect_text);
	cr_assert_eq(ERR_peek_error(), 0, "%s: OpenSSL error queue not empty", what);
}

static void
parse_bad_bytes(GBytes *input, const char *expect_text, const char *what)
{
	gsize len;
	const void *p = g_bytes_get_data(input, &len);

	parse_bad(p, len, expect_text, what);
}

static bool
bytes_contain(GBytes *bytes, const char *needle)
{
	gsize len;
	const void *p = g_bytes_get_data(bytes, &len);

	return memmem(p, len, needle, strlen(needle)) != NULL;
}

/* Parse one form of pkey and check every fact. */
static void
check_form(EVP_PKEY *pkey, GBytes *input, const char *what, const char *source,
	   const char *description)
{
	struct parse_key_facts *facts = parse_ok(input, what);
	char *sha = expected_sha256(pkey);
	GBytes *pem = pem_public(pkey);
	BIO *bio;
	EVP_PKEY *back;

	cr_assert_str_eq(facts->spki_sha256, sha, "%s", what);
	cr_assert_str_eq(facts->source, source, "%s", what);
	cr_assert_str_eq(facts->description, description, "%s", what);
	cr_assert_eq(strlen(facts->spki_pem), g_bytes_get_size(pem), "%s", what);
	cr_assert(memcmp(facts->spki_pem, g_bytes_get_data(pem, NULL), g_bytes_get_size(pem)) == 0,
		  "%s: spki_pem differs", what);
	cr_assert_null(strstr(facts->spki_pem, "PRIVATE"), "%s", what);

	/* The PEM reads back as the same public key. */
	bio = BIO_new_mem_buf(facts->spki_pem, -1);
	back = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	cr_assert_not_null(back, "%s", what);
	cr_assert_eq(EVP_PKEY_eq(back, pkey), 1, "%s", what);

	EVP_PKEY_free(back);
	BIO_free(bio);
	g_bytes_unref(pem);
	g_free(sha);
	parse_key_facts_free(facts);
}

/* Every form of one key, private, public and CSR, PEM and DER. */
static void
check_all_forms(EVP_PKEY *pkey, const char *description, const char *traditional_label)
{
	X509_REQ *req = make_csr(pkey, pkey);
	struct {
		const char *what;
		const char *source;
		GBytes *bytes;
	} forms[] = {
		{ "PEM PKCS#8", "private key", pem_pkcs8(pkey) },
		{ "PEM traditional", "private key", pem_traditional(pkey) },
		{ "DER PKCS#8", "private key", der_pkcs8(pkey) },
		{ "DER traditional", "private key", der_traditional(pkey) },
		{ "PEM public key", "public key", pem_public(pkey) },
		{ "DER public key", "public key", der_public(pkey) },
		{ "PEM CSR", "CSR", pem_csr(req) },
		{ "PEM NEW CSR", "CSR", pem_csr_new(req) },
		{ "DER CSR", "CSR", der_csr(req) },
	};

	cr_assert(bytes_contain(forms[0].bytes, "-----BEGIN PRIVATE KEY-----"));
	cr_assert(bytes_contain(forms[1].bytes, traditional_label));
	cr_assert(bytes_contain(forms[7].bytes, "-----BEGIN NEW CERTIFICATE REQUEST-----"));
	for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
		check_form(pkey, forms[i].bytes, forms[i].what, forms[i].source, description);
		g_bytes_unref(forms[i].bytes);
	}
	X509_REQ_free(req);
}

/* ---- tests ------------------------------------------------------------------ */

Test(parse_key, ec_p256_all_forms_agree)
{
	EVP_PKEY *pkey = gen_ec("P-256");

	check_all_forms(pkey, "EC P-256", "-----BEGIN EC PRIVATE KEY-----");
	EVP_PKEY_free(pkey);
}

Test(parse_key, rsa_2048_all_forms_agree, .timeout = 60)
{
	EVP_PKEY *pkey = gen_rsa(2048);
	unsigned char *der = NULL;
	int len = i2d_PublicKey(pkey, &der);
	GBytes *pkcs1 = der_bytes(der, len);
	GBytes *pkcs1_pem = pem_block("RSA PUBLIC KEY", pkcs1);

	check_all_forms(pkey, "RSA 2048", "-----BEGIN RSA PRIVATE KEY-----");
	/* PKCS#1 RSAPublicKey, PEM and DER. */
	check_form(pkey, pkcs1_pem, "PEM RSA PUBLIC KEY", "public key", "RSA 2048");
	check_form(pkey, pkcs1, "DER RSAPublicKey", "public key", "RSA 2048");
	g_bytes_unref(pkcs1);
	g_bytes_unref(pkcs1_pem);
	EVP_PKEY_free(pkey);
}

Test(parse_key, ec_p384_description)
{
	EVP_PKEY *pkey = gen_ec("P-384");
	GBytes *pem = pem_pkcs8(pkey);

	check_form(pkey, pem, "P-384 PKCS#8", "private key", "EC P-384");
	g_bytes_unref(pem);
	EVP_PKEY_free(pkey);
}

Test(parse_key, ed25519_forms)
{
	EVP_PKEY *pkey = gen_ed25519();
	X509_REQ *req = make_csr(pkey, pkey);
	GBytes *forms[] = { pem_pkcs8(pkey), der_pkcs8(pkey), pem_public(pkey), der_public(pkey),
			    pem_csr(req), der_csr(req) };
	const char *sources[] = { "private key", "private key", "public key", "public key",
				  "CSR", "CSR" };

	for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
		check_form(pkey, forms[i], sources[i], sources[i], "Ed25519");
		g_bytes_unref(forms[i]);
	}
	X509_REQ_free(req);
	EVP_PKEY_free(pkey);
}

Test(parse_key, private_public_csr_of_one_key_match)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	X509_REQ *req = make_csr(pkey, pkey);
	GBytes *priv = pem_pkcs8(pkey);
	GBytes *pub = der_public(pkey);
	GBytes *csr = pem_csr(req);
	struct parse_key_facts *a = parse_ok(priv, "private");
	struct parse_key_facts *b = parse_ok(pub, "public");
	struct parse_key_facts *c = parse_ok(csr, "CSR");

	cr_assert_str_eq(a->spki_sha256, b->spki_sha256);
	cr_assert_str_eq(a->spki_sha256, c->spki_sha256);
	cr_assert_str_eq(a->spki_pem, c->spki_pem);
	cr_assert_eq(strlen(a->spki_sha256), 64);
	cr_assert_eq(strspn(a->spki_sha256, "0123456789abcdef"), 64);
	cr_assert_str_eq(a->source, "private key");
	cr_assert_str_eq(b->source, "public key");
	cr_assert_str_eq(c->source, "CSR");

	parse_key_facts_free(a);
	parse_key_facts_free(b);
	parse_key_facts_free(c);
	g_bytes_unref(priv);
	g_bytes_unref(pub);
	g_bytes_unref(csr);
	X509_REQ_free(req);
	EVP_PKEY_free(pkey);
}

Test(parse_key, different_keys_differ)
{
	EVP_PKEY *k1 = gen_ec("P-256");
	EVP_PKEY *k2 = gen_ec("P-256");
	X509_REQ *req2 = make_csr(k2, k2);
	GBytes *priv1 = pem_traditional(k1);
	GBytes *csr2 = der_csr(req2);
	struct parse_key_facts *a = parse_ok(priv1, "key 1");
	struct parse_key_facts *b = parse_ok(csr2, "CSR of key 2");

	cr_assert_str_neq(a->spki_sha256, b->spki_sha256);
	cr_assert_str_neq(a->spki_pem, b->spki_pem);
	cr_assert_str_eq(a->description, b->description);

	parse_key_facts_free(a);
	parse_key_facts_free(b);
	g_bytes_unref(priv1);
	g_bytes_unref(csr2);
	X509_REQ_free(req2);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}

Test(parse_key, encrypted_pkcs8_pem_refused)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	BIO *bio = mem_bio();
	GBytes *pem;

	cr_assert(PEM_write_bio_PKCS8PrivateKey(bio, pkey, EVP_aes_256_cbc(), "secret", 6, NULL,
						NULL));
	pem = bio_bytes(bio);
	cr_assert(bytes_contain(pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
	parse_bad_bytes(pem, "encrypted private key", "encrypted PKCS#8 PEM");
	g_bytes_unref(pem);
	EVP_PKEY_free(pkey);
}

Test(parse_key, encrypted_traditional_pem_refused)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	BIO *bio = mem_bio();
	GBytes *pem;

	cr_assert(PEM_write_bio_PrivateKey_traditional(bio, pkey, EVP_aes_128_cbc(),
						       (unsigned char *)"secret", 6, NULL, NULL));
	pem = bio_bytes(bio);
	cr_assert(bytes_contain(pem, "Proc-Type: 4,ENCRYPTED"));
	parse_bad_bytes(pem, "encrypted private key", "Proc-Type encrypted PEM");
	parse_bad_bytes(pem, "Proc-Type", "Proc-Type encrypted PEM");
	g_bytes_unref(pem);
	EVP_PKEY_free(pkey);
}

Test(parse_key, encrypted_pkcs8_der_refused)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	BIO *bio = mem_bio();
	GBytes *der;

	cr_assert(i2d_PKCS8PrivateKey_bio(bio, pkey, EVP_aes_256_cbc(), "secret", 6, NULL, NULL));
	der = bio_bytes(bio);
	parse_bad_bytes(der, "encrypted private key", "encrypted PKCS#8 DER");
	g_bytes_unref(der);
	EVP_PKEY_free(pkey);
}

Test(parse_key, certificate_refused)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	X509 *cert = make_cert(pkey);
	BIO *bio = mem_bio();
	unsigned char *p = NULL;
	int len = i2d_X509(cert, &p);
	GBytes *der = der_bytes(p, len);
	GBytes *pem;

	cr_assert(PEM_write_bio_X509(bio, cert));
	pem = bio_bytes(bio);
	parse_bad_bytes(pem, "certificate", "PEM certificate");
	parse_bad_bytes(pem, "not a private key, public key or CSR", "PEM certificate");
	parse_bad_bytes(der, "certificate", "DER certificate");
	parse_bad_bytes(der, "not a private key, public key or CSR", "DER certificate");
	g_bytes_unref(pem);
	g_bytes_unref(der);
	X509_free(cert);
	EVP_PKEY_free(pkey);
}

Test(parse_key, certificate_next_to_key_is_skipped)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	X509 *cert = make_cert(pkey);
	BIO *bio = mem_bio();
	GBytes *cert_pem, *key_pem, *both;

	cr_assert(PEM_write_bio_X509(bio, cert));
	cert_pem = bio_bytes(bio);
	key_pem = pem_pkcs8(pkey);
	both = concat(cert_pem, key_pem);
	check_form(pkey, both, "certificate then key", "private key", "EC P-256");
	g_bytes_unref(both);
	g_bytes_unref(cert_pem);
	g_bytes_unref(key_pem);
	X509_free(cert);
	EVP_PKEY_free(pkey);
}

Test(parse_key, garbage_refused)
{
	static const char text[] = "hello, this is not a key\n";
	static const unsigned char der_like[] = { 0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x00 };
	unsigned char noise[300];

	for (size_t i = 0; i < sizeof noise; i++)
		noise[i] = (unsigned char)(i * 7919 + 13);
	parse_bad(text, sizeof text - 1, "not a private key, public key or CSR", "text");
	parse_bad(der_like, sizeof der_like, "not a private key, public key or CSR", "DER-ish");
	parse_bad(noise, sizeof noise, "not a private key, public key or CSR", "noise");
}

Test(parse_key, empty_refused)
{
	parse_bad("", 0, "empty", "empty string");
	parse_bad(NULL, 0, "empty", "NULL");
}

Test(parse_key, csr_corrupted_signature_refused)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	X509_REQ *req = make_csr(pkey, pkey);
	unsigned char *der = NULL;
	int len = i2d_X509_REQ(req, &der);
	GBytes *bad_der, *bad_pem;

	cr_assert_gt(len, 0);
	/* The signature's BIT STRING ends the CSR: change its last byte. */
	der[len - 1] ^= 0x01;
	bad_der = der_bytes(der, len);
	bad_pem = pem_block("CERTIFICATE REQUEST", bad_der);
	parse_bad_bytes(bad_der, "signature", "corrupted DER CSR");
	parse_bad_bytes(bad_pem, "signature", "corrupted PEM CSR");
	g_bytes_unref(bad_der);
	g_bytes_unref(bad_pem);
	X509_REQ_free(req);
	EVP_PKEY_free(pkey);
}

Test(parse_key, csr_corrupted_rsa_signature_refused, .timeout = 60)
{
	EVP_PKEY *pkey = gen_rsa(2048);
	X509_REQ *req = make_csr(pkey, pkey);
	unsigned char *der = NULL;
	int len = i2d_X509_REQ(req, &der);
	GBytes *bad;

	cr_assert_gt(len, 0);
	der[len - 10] ^= 0x80;
	bad = der_bytes(der, len);
	parse_bad_bytes(bad, "CSR: the signature does not match its public key", "RSA CSR");
	g_bytes_unref(bad);
	X509_REQ_free(req);
	EVP_PKEY_free(pkey);
}

Test(parse_key, csr_signed_by_other_key_refused)
{
	EVP_PKEY *k1 = gen_ec("P-256");
	EVP_PKEY *k2 = gen_ec("P-256");
	X509_REQ *req = make_csr(k1, k2);
	GBytes *pem = pem_csr(req);

	parse_bad_bytes(pem, "CSR: the signature does not match its public key", "wrong signer");
	g_bytes_unref(pem);
	X509_REQ_free(req);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}

Test(parse_key, truncated_input_refused)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	GBytes *der = der_pkcs8(pkey);
	GBytes *pem = pem_pkcs8(pkey);
	gsize der_len, pem_len;
	const char *d = g_bytes_get_data(der, &der_len);
	const char *p = g_bytes_get_data(pem, &pem_len);

	parse_bad(d, der_len - 5, "not a private key, public key or CSR", "truncated DER");
	parse_bad(p, pem_len / 2, "PEM", "truncated PEM");
	g_bytes_unref(der);
	g_bytes_unref(pem);
	EVP_PKEY_free(pkey);
}

Test(parse_key, der_with_trailing_bytes_refused)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	GBytes *der = der_public(pkey);
	GBytes *tail = g_bytes_new("\0\0\0\0", 4);
	GBytes *both = concat(der, tail);

	parse_bad_bytes(both, "not a private key, public key or CSR", "SPKI + junk");
	g_bytes_unref(der);
	g_bytes_unref(tail);
	g_bytes_unref(both);
	EVP_PKEY_free(pkey);
}

Test(parse_key, malformed_pem_key_refused)
{
	static const char pem[] = "-----BEGIN PRIVATE KEY-----\n"
				  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
				  "-----END PRIVATE KEY-----\n";
	static const char bad_b64[] = "-----BEGIN PUBLIC KEY-----\n"
				      "!!!! not base64 !!!!\n"
				      "-----END PUBLIC KEY-----\n";

	parse_bad(pem, sizeof pem - 1, "malformed", "short PKCS#8");
	parse_bad(bad_b64, sizeof bad_b64 - 1, "PEM", "bad base64");
}

Test(parse_key, other_pem_label_refused)
{
	GBytes *der = g_bytes_new("\x30\x03\x02\x01\x01", 5);
	GBytes *pem = pem_block("X509 CRL", der);

	parse_bad_bytes(pem, "PEM \"X509 CRL\": not a private key, public key or CSR", "CRL");
	g_bytes_unref(pem);
	g_bytes_unref(der);
}

Test(parse_key, ec_parameters_then_key)
{
	/* openssl ecparam -genkey writes this pair. */
	EVP_PKEY *pkey = gen_ec("P-256");
	BIO *bio = mem_bio();
	GBytes *params, *key, *both;

	cr_assert(PEM_write_bio_Parameters(bio, pkey));
	params = bio_bytes(bio);
	cr_assert(bytes_contain(params, "-----BEGIN EC PARAMETERS-----"));
	key = pem_traditional(pkey);
	both = concat(params, key);
	check_form(pkey, both, "EC PARAMETERS + EC PRIVATE KEY", "private key", "EC P-256");
	parse_bad_bytes(params, "EC PARAMETERS", "parameters alone");
	g_bytes_unref(params);
	g_bytes_unref(key);
	g_bytes_unref(both);
	EVP_PKEY_free(pkey);
}

Test(parse_key, text_around_pem_ignored)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	GBytes *before = g_bytes_new_static("Here is our key:\r\n\r\n", 20);
	GBytes *key = pem_public(pkey);
	GBytes *both = concat(before, key);

	check_form(pkey, both, "text before PEM", "public key", "EC P-256");
	g_bytes_unref(before);
	g_bytes_unref(key);
	g_bytes_unref(both);
	EVP_PKEY_free(pkey);
}

Test(parse_key, key_and_its_csr_together_accepted)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	X509_REQ *req = make_csr(pkey, pkey);
	GBytes *key = pem_pkcs8(pkey);
	GBytes *csr = pem_csr(req);
	GBytes *both = concat(key, csr);

	check_form(pkey, both, "key + its CSR", "private key", "EC P-256");
	g_bytes_unref(key);
	g_bytes_unref(csr);
	g_bytes_unref(both);
	X509_REQ_free(req);
	EVP_PKEY_free(pkey);
}

Test(parse_key, two_different_keys_refused)
{
	EVP_PKEY *k1 = gen_ec("P-256");
	EVP_PKEY *k2 = gen_ec("P-256");
	GBytes *a = pem_pkcs8(k1);
	GBytes *b = pem_public(k2);
	GBytes *both = concat(a, b);

	parse_bad_bytes(both, "more than one key", "two keys");
	g_bytes_unref(a);
	g_bytes_unref(b);
	g_bytes_unref(both);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}

Test(parse_key, caller_errors_cleared_and_null_err)
{
	EVP_PKEY *pkey = gen_ec("P-256");
	GBytes *pub = der_public(pkey);
	struct parse_key_facts *facts = NULL;
	gsize len;
	const void *p = g_bytes_get_data(pub, &len);

	cr_assert_eq(parse_key_public("junk", 4, &facts, NULL), MP_STATUS_BAD_INPUT);
	cr_assert_null(facts);
	cr_assert_eq(ERR_peek_error(), 0);
	cr_assert_eq(parse_key_public(p, len, &facts, NULL), MP_STATUS_OK);
	cr_assert_not_null(facts);
	cr_assert_eq(ERR_peek_error(), 0);
	parse_key_facts_free(facts);
	parse_key_facts_free(NULL);
	g_bytes_unref(pub);
	EVP_PKEY_free(pkey);
}
