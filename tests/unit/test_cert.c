/* Unit tests of parse_cert_*: every format a CA sends, ordering and verification, on a PKI made at run time. */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>
#include <zip.h>

#include "parsers.h"
#include "test-pki.h"

#define DAY    86400
#define T_2020 INT64_C(1577836800) /* 2020-01-01T00:00:00Z */
#define T_2026 INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define T_2040 INT64_C(2208988800) /* 2040-01-01T00:00:00Z */
#define LEAF_NB T_2026
#define LEAF_NA (T_2026 + 200 * DAY)
#define NOW    (T_2026 + 30 * DAY)

/* ---- a test PKI, made with OpenSSL at run time --------------------------- */

/* root -> intermediate ("ca") -> leaf, each with its own key. */
struct pki {
	EVP_PKEY *root_key, *ca_key, *leaf_key;
	X509 *root, *ca, *leaf;
};

/* The test certificates: a subject like a Japanese company's, with the
 * extensions a CA puts in. */
static X509 *
make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, bool ca,
	  const char *sans, int64_t nb, int64_t na)
{
	struct tp_spec spec = {
		.country = "JP", .org = "テスト株式会社", .cn = cn, .sans = sans, .ca = ca, .full = true,
		.not_before = nb, .not_after = na,
	};

	return tp_cert(&spec, key, issuer, issuer_key);
}

/* A chain for the leaf names given, the leaf valid from nb to na. */
static void
pki_make(struct pki *p, const char *leaf_cn, const char *leaf_sans, int64_t nb, int64_t na)
{
	p->root_key = tp_key();
	p->ca_key = tp_key();
	p->leaf_key = tp_key();
	p->root = make_cert("Test Root CA", p->root_key, NULL, NULL, true, NULL, T_2020, T_2040);
	p->ca = make_cert("Test OV Server CA", p->ca_key, p->root, p->root_key, true, NULL,
			  T_2020 + DAY, T_2040 - DAY);
	p->leaf = make_cert(leaf_cn, p->leaf_key, p->ca, p->ca_key, false, leaf_sans, nb, na);
}

static void
pki_default(struct pki *p)
{
	pki_make(p, "www.example.jp", "DNS:www.example.jp,DNS:example.jp", LEAF_NB, LEAF_NA);
}

static void
pki_free(struct pki *p)
{
	X509_free(p->leaf);
	X509_free(p->ca);
	X509_free(p->root);
	EVP_PKEY_free(p->leaf_key);
	EVP_PKEY_free(p->ca_key);
	EVP_PKEY_free(p->root_key);
}

/* ---- serializing in memory ------------------------------------------------ */

static GBytes *
bio_bytes(BIO *bio)
{
	char *data;
	long n = BIO_get_mem_data(bio, &data);
	GBytes *bytes = g_bytes_new(data, (gsize)n);

	BIO_free(bio);
	return bytes;
}

static GBytes *
to_pem(X509 *const *list, size_t n)
{
	BIO *bio = BIO_new(BIO_s_mem());

	for (size_t i = 0; i < n; i++)
		cr_assert(PEM_write_bio_X509(bio, list[i]));
	return bio_bytes(bio);
}

static GBytes *
to_der(X509 *x509)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x509, &der);
	GBytes *bytes;

	cr_assert_gt(n, 0);
	bytes = g_bytes_new(der, (gsize)n);
	OPENSSL_free(der);
	return bytes;
}

/* A certs-only PKCS#7 SignedData, as a .p7b is: no signer, no content. */
static GBytes *
to_pkcs7(X509 *const *list, size_t n, bool pem)
{
	PKCS7 *p7 = PKCS7_new();
	BIO *bio = BIO_new(BIO_s_mem());

	cr_assert(p7 && bio);
	cr_assert(PKCS7_set_type(p7, NID_pkcs7_signed));
	cr_assert(PKCS7_content_new(p7, NID_pkcs7_data));
	for (size_t i = 0; i < n; i++)
		cr_assert(PKCS7_add_certificate(p7, list[i]));
	cr_assert(pem ? PEM_write_bio_PKCS7(bio, p7) : i2d_PKCS7_bio(bio, p7));
	PKCS7_free(p7);
	return bio_bytes(bio);
}

static GBytes *
key_pem(EVP_PKEY *key)
{
	BIO *bio = BIO_new(BIO_s_mem());

	cr_assert(PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL));
	return bio_bytes(bio);
}

static GBytes *
text(const char *s)
{
	return g_bytes_new(s, strlen(s));
}

/* Concatenate pieces (NULL-terminated); each piece is consumed. */
static GBytes *
concat(GBytes *first, ...)
{
	GByteArray *all = g_byte_array_new();
	va_list ap;

	va_start(ap, first);
	for (GBytes *b = first; b; b = va_arg(ap, GBytes *)) {
		gsize len;
		const guint8 *p = g_bytes_get_data(b, &len);

		g_byte_array_append(all, p, (guint)len);
		g_bytes_unref(b);
	}
	va_end(ap);
	return g_byte_array_free_to_bytes(all);
}

static GBytes *
to_crlf(GBytes *lf)
{
	gsize len;
	const char *p = g_bytes_get_data(lf, &len);
	GString *crlf = g_string_new(NULL);

	for (gsize i = 0; i < len; i++) {
		if (p[i] == '\n')
			g_string_append_c(crlf, '\r');
		g_string_append_c(crlf, p[i]);
	}
	g_bytes_unref(lf);
	return g_string_free_to_bytes(crlf);
}

/* One ZIP entry: data NULL makes a folder. The data is consumed. */
struct zent {
	const char *name;
	GBytes *data;
};

static GBytes *
make_zip(struct zent *entries, size_t n)
{
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za;
	zip_int64_t size;
	void *buf;

	zip_error_init(&zerr);
	src = zip_source_buffer_create(NULL, 0, 0, &zerr);
	cr_assert_not_null(src);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &zerr);
	cr_assert_not_null(za, "%s", zip_error_strerror(&zerr));
	for (size_t i = 0; i < n; i++) {
		gsize len;
		const void *p;
		zip_source_t *s;

		if (!entries[i].data) {
			cr_assert_geq(zip_dir_add(za, entries[i].name, ZIP_FL_ENC_UTF_8), 0);
			continue;
		}
		p = g_bytes_get_data(entries[i].data, &len);
		s = zip_source_buffer(za, p, len, 0);
		cr_assert_not_null(s);
		cr_assert_geq(zip_file_add(za, entries[i].name, s, ZIP_FL_ENC_UTF_8), 0);
	}
	cr_assert_eq(zip_close(za), 0);
	for (size_t i = 0; i < n; i++)
		if (entries[i].data)
			g_bytes_unref(entries[i].data);

	cr_assert_eq(zip_source_open(src), 0);
	cr_assert_eq(zip_source_seek(src, 0, SEEK_END), 0);
	size = zip_source_tell(src);
	cr_assert_gt(size, 0);
	cr_assert_eq(zip_source_seek(src, 0, SEEK_SET), 0);
	buf = g_malloc((gsize)size);
	cr_assert_eq(zip_source_read(src, buf, (zip_uint64_t)size), size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&zerr);
	return g_bytes_new_take(buf, (gsize)size);
}

/* ---- checking what came back ---------------------------------------------- */

static GPtrArray *
new_certs(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
}

/* Read bytes that must give want certificates; bytes are consumed. */
static GPtrArray *
read_ok(GBytes *bytes, const char *name, guint want)
{
	GPtrArray *certs = new_certs();
	struct mp_error err = { "" };
	gsize len;
	const void *p = g_bytes_get_data(bytes, &len);
	enum mp_status status = parse_cert_read(p, len, name, certs, &err);

	cr_assert_eq(status, MP_STATUS_OK, "%s: %s: %s", name, mp_status_to_string(status),
		     err.text);
	cr_assert_eq(certs->len, want, "%s: %u certificates, expected %u", name, certs->len, want);
	cr_assert_eq(ERR_peek_error(), 0, "OpenSSL error queue left full");
	g_bytes_unref(bytes);
	return certs;
}

/* Read bytes that must be refused with expect in the reason; consumed. */
static void
read_bad(GBytes *bytes, const char *name, const char *expect)
{
	GPtrArray *certs = new_certs();
	struct mp_error err = { "" };
	gsize len;
	const void *p = g_bytes_get_data(bytes, &len);
	enum mp_status status = parse_cert_read(p, len, name, certs, &err);

	cr_assert_eq(status, MP_STATUS_BAD_INPUT, "%s: %s", name, mp_status_to_string(status));
	cr_assert_eq(certs->len, 0);
	cr_assert(strstr(err.text, expect), "reason \"%s\" lacks \"%s\"", err.text, expect);
	cr_assert_eq(ERR_peek_error(), 0, "OpenSSL error queue left full");
	g_ptr_array_unref(certs);
	g_bytes_unref(bytes);
}

static char *
sha256_of_der(X509 *x509)
{
	GBytes *der = to_der(x509);
	gsize len;
	const void *p = g_bytes_get_data(der, &len);
	char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, p, len);

	g_bytes_unref(der);
	return hex;
}

static const struct parse_cert_facts *
find_cert(GPtrArray *certs, X509 *x509)
{
	char *want = sha256_of_der(x509);
	const struct parse_cert_facts *found = NULL;

	for (guint i = 0; i < certs->len && !found; i++) {
		const struct parse_cert_facts *f = g_ptr_array_index(certs, i);

		if (strcmp(f->sha256, want) == 0)
			found = f;
	}
	g_free(want);
	cr_assert_not_null(found, "certificate missing");
	return found;
}

static void
expect_sans(const struct parse_cert_facts *f, const char *const *want)
{
	guint n = 0;

	while (want[n])
		n++;
	cr_assert_eq(f->sans->len, n, "%u SANs, expected %u", f->sans->len, n);
	for (guint i = 0; i < n; i++)
		cr_assert_str_eq(g_ptr_array_index(f->sans, i), want[i]);
}

/* The facts of the default PKI, whichever format they came from. */
static void
expect_default_facts(GPtrArray *certs, struct pki *p)
{
	const struct parse_cert_facts *leaf = find_cert(certs, p->leaf);
	const struct parse_cert_facts *ca = find_cert(certs, p->ca);
	const struct parse_cert_facts *root;
	static const char *const leaf_sans[] = { "www.example.jp", "example.jp", NULL };
	static const char *const no_sans[] = { NULL };
	GBytes *der = to_der(p->leaf);

	cr_assert_str_eq(leaf->subject_cn, "www.example.jp");
	expect_sans(leaf, leaf_sans);
	cr_assert_str_eq(leaf->issuer_cn, "Test OV Server CA");
	cr_assert_str_eq(leaf->subject, "CN=www.example.jp,O=テスト株式会社,C=JP");
	cr_assert_str_eq(leaf->issuer, "CN=Test OV Server CA,O=テスト株式会社,C=JP");
	cr_assert_eq(leaf->not_before, LEAF_NB);
	cr_assert_eq(leaf->not_after, LEAF_NA);
	cr_assert_not(leaf->is_ca);
	cr_assert_not(leaf->self_signed);
	cr_assert(g_bytes_equal(leaf->der, der));
	g_bytes_unref(der);

	cr_assert_str_eq(ca->subject_cn, "Test OV Server CA");
	cr_assert_str_eq(ca->issuer_cn, "Test Root CA");
	expect_sans(ca, no_sans);
	cr_assert(ca->is_ca);
	cr_assert_not(ca->self_signed);
	cr_assert_eq(ca->not_after, T_2040 - DAY);

	root = find_cert(certs, p->root);
	cr_assert_str_eq(root->subject_cn, "Test Root CA");
	cr_assert_str_eq(root->issuer_cn, "Test Root CA");
	cr_assert(root->is_ca);
	cr_assert(root->self_signed);
}

/* ---- reading ---------------------------------------------------------------- */

Test(parse_cert, pem_bundle)
{
	struct pki p;
	X509 *all[] = { NULL, NULL, NULL };
	GPtrArray *certs;

	pki_default(&p);
	all[0] = p.leaf, all[1] = p.ca, all[2] = p.root;
	certs = read_ok(to_pem(all, 3), "bundle.pem", 3);
	expect_default_facts(certs, &p);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

Test(parse_cert, der_single)
{
	struct pki p;
	GPtrArray *certs;

	pki_default(&p);
	certs = read_ok(to_der(p.leaf), "www.example.jp.cer", 1);
	cr_assert_str_eq(((struct parse_cert_facts *)certs->pdata[0])->subject_cn, "www.example.jp");
	g_ptr_array_unref(certs);
	pki_free(&p);
}

Test(parse_cert, every_format_same_facts)
{
	struct pki p;
	X509 *all[3];
	GPtrArray *pem, *p7_der, *p7_pem;

	pki_default(&p);
	all[0] = p.leaf, all[1] = p.ca, all[2] = p.root;
	pem = read_ok(to_pem(all, 3), "a.pem", 3);
	p7_der = read_ok(to_pkcs7(all, 3, false), "a.p7b", 3);
	p7_pem = read_ok(to_pkcs7(all, 3, true), "a.p7c", 3);
	expect_default_facts(p7_der, &p);
	expect_default_facts(p7_pem, &p);
	for (guint i = 0; i < 3; i++) {
		const struct parse_cert_facts *a = pem->pdata[i];
		const struct parse_cert_facts *b = p7_der->pdata[i];
		const struct parse_cert_facts *c = p7_pem->pdata[i];

		cr_assert_str_eq(a->sha256, b->sha256);
		cr_assert_str_eq(a->sha256, c->sha256);
		cr_assert_str_eq(a->spki_sha256, b->spki_sha256);
		cr_assert_eq(a->not_after, c->not_after);
	}
	g_ptr_array_unref(pem);
	g_ptr_array_unref(p7_der);
	g_ptr_array_unref(p7_pem);
	pki_free(&p);
}

Test(parse_cert, pem_text_around_crlf_and_key)
{
	struct pki p;
	GPtrArray *certs;
	GBytes *mail;

	pki_default(&p);
	mail = to_crlf(concat(text("Dear customer,\nhere is your certificate:\n\n"),
			      to_pem(&p.leaf, 1), text("\nand the intermediate --\n"),
			      to_pem(&p.ca, 1), text("Your key, which we should not have:\n"),
			      key_pem(p.leaf_key), text("-- \nSupport team\n"), NULL));
	certs = read_ok(mail, "mail.txt", 2);
	find_cert(certs, p.leaf);
	find_cert(certs, p.ca);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

Test(parse_cert, pem_broken_block_does_not_hide_the_next)
{
	struct pki p;
	GPtrArray *certs;
	GBytes *pem;

	pki_default(&p);
	pem = concat(text("-----BEGIN CERTIFICATE-----\nMIIB!!notbase64\n"), to_pem(&p.ca, 1),
		     text("-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n"),
		     to_pem(&p.leaf, 1), NULL);
	certs = read_ok(pem, "broken.pem", 2);
	find_cert(certs, p.leaf);
	find_cert(certs, p.ca);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

Test(parse_cert, pkcs7_labelled_certificate)
{
	struct pki p;
	X509 *two[2];
	GPtrArray *certs;
	GBytes *p7;
	gsize len;
	const char *s;
	GString *relabelled;

	pki_default(&p);
	two[0] = p.leaf, two[1] = p.ca;
	p7 = to_pkcs7(two, 2, true);
	s = g_bytes_get_data(p7, &len);
	relabelled = g_string_new_len(s, (gssize)len);
	g_string_replace(relabelled, "PKCS7", "CERTIFICATE", 0);
	g_bytes_unref(p7);
	certs = read_ok(g_string_free_to_bytes(relabelled), "DOMAIN.pem", 2);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

Test(parse_cert, duplicates_skipped)
{
	struct pki p;
	X509 *list[4];
	GPtrArray *certs;
	struct mp_error err = { "" };
	GBytes *again;
	gsize len;
	const void *data;

	pki_default(&p);
	list[0] = p.leaf, list[1] = p.ca, list[2] = p.leaf, list[3] = p.ca;
	certs = read_ok(to_pem(list, 4), "twice.pem", 2);

	/* A second file of the same certificates adds nothing but is not an error. */
	again = to_pkcs7(list, 2, false);
	data = g_bytes_get_data(again, &len);
	cr_assert_eq(parse_cert_read(data, len, "again.p7b", certs, &err), MP_STATUS_OK);
	cr_assert_eq(certs->len, 2);
	g_bytes_unref(again);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

Test(parse_cert, no_cn_no_san)
{
	EVP_PKEY *key = tp_key();
	X509 *x509 = make_cert(NULL, key, NULL, NULL, false, NULL, T_2020, T_2040);
	GPtrArray *certs = read_ok(to_der(x509), NULL, 1);
	const struct parse_cert_facts *f = certs->pdata[0];

	cr_assert_null(f->subject_cn);
	cr_assert_null(f->issuer_cn);
	cr_assert_eq(f->sans->len, 0);
	cr_assert_str_eq(f->subject, "O=テスト株式会社,C=JP");
	cr_assert(f->self_signed);
	cr_assert_not(f->is_ca);
	g_ptr_array_unref(certs);
	X509_free(x509);
	EVP_PKEY_free(key);
}

Test(parse_cert, spki_sha256_is_the_keys)
{
	struct pki p;
	GPtrArray *certs;
	unsigned char *der = NULL;
	int n;
	char *want;

	pki_default(&p);
	certs = read_ok(to_der(p.leaf), "leaf.der", 1);
	/* What parsers/key.c hashes for a key, CSR or private key. */
	n = i2d_PUBKEY(p.leaf_key, &der);
	cr_assert_gt(n, 0);
	want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, (gsize)n);
	cr_assert_str_eq(((struct parse_cert_facts *)certs->pdata[0])->spki_sha256, want);
	g_free(want);
	OPENSSL_free(der);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

/* ---- ZIP files as the CAs send them ---------------------------------------- */

Test(parse_cert, zip_sectigo)
{
	struct pki p;
	EVP_PKEY *xkey = tp_key();
	X509 *cross;
	GPtrArray *certs;
	struct zent z[5];

	pki_default(&p);
	/* Sectigo: the certificate, the intermediates one per file, the root. */
	cross = make_cert("Test Cross CA", xkey, p.root, p.root_key, true, NULL, T_2020, T_2040);
	z[0] = (struct zent){ "www_example_jp.crt", to_pem(&p.leaf, 1) };
	z[1] = (struct zent){ "SectigoRSAOrganizationValidationSecureServerCA.crt",
			      to_pem(&p.ca, 1) };
	z[2] = (struct zent){ "USERTrustRSAAAACA.crt", to_pem(&cross, 1) };
	z[3] = (struct zent){ "AAACertificateServices.crt", to_der(p.root) };
	z[4] = (struct zent){ "www_example_jp.ca-bundle", concat(to_pem(&p.ca, 1),
								 to_pem(&p.root, 1), NULL) };
	certs = read_ok(make_zip(z, 5), "www_example_jp.zip", 4);
	expect_default_facts(certs, &p);
	g_ptr_array_unref(certs);
	X509_free(cross);
	EVP_PKEY_free(xkey);
	pki_free(&p);
}

Test(parse_cert, zip_digicert)
{
	struct pki p;
	X509 *chain[2];
	GPtrArray *certs;
	struct zent z[5];

	pki_default(&p);
	chain[0] = p.leaf, chain[1] = p.ca;
	/* DigiCert: a folder, the three files, and the same as .p7b. */
	z[0] = (struct zent){ "www_example_jp/", NULL };
	z[1] = (struct zent){ "www_example_jp/www_example_jp.crt", to_pem(&p.leaf, 1) };
	z[2] = (struct zent){ "www_example_jp/DigiCertCA.crt", to_pem(&p.ca, 1) };
	z[3] = (struct zent){ "www_example_jp/TrustedRoot.crt", to_pem(&p.root, 1) };
	z[4] = (struct zent){ "www_example_jp/www_example_jp.p7b", to_pkcs7(chain, 2, false) };
	certs = read_ok(make_zip(z, 5), "www_example_jp.zip", 3);
	expect_default_facts(certs, &p);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

Test(parse_cert, zip_globalsign_with_key)
{
	struct pki p;
	X509 *chain[2];
	GPtrArray *certs;
	struct zent z[4];

	pki_default(&p);
	chain[0] = p.leaf, chain[1] = p.ca;
	/* GlobalSign's DOMAIN.pem is PKCS#7; a customer's ZIP may hold the key. */
	z[0] = (struct zent){ "wildcard.example.jp.pem", to_pkcs7(chain, 2, true) };
	z[1] = (struct zent){ "wildcard.example.jp.ca", to_pem(&p.ca, 1) };
	z[2] = (struct zent){ "wildcard.example.jp.key", key_pem(p.leaf_key) };
	z[3] = (struct zent){ "notes.txt", text("installed on web01\n") };
	certs = read_ok(make_zip(z, 4), "globalsign.zip", 2);
	find_cert(certs, p.leaf);
	find_cert(certs, p.ca);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

Test(parse_cert, zip_nested_one_level_only)
{
	struct pki p;
	GPtrArray *certs;
	struct zent inner[1], middle[2], outer[2];

	pki_default(&p);
	inner[0] = (struct zent){ "root.crt", to_pem(&p.root, 1) };
	middle[0] = (struct zent){ "ca.crt", to_pem(&p.ca, 1) };
	middle[1] = (struct zent){ "inner.zip", make_zip(inner, 1) };
	outer[0] = (struct zent){ "leaf.crt", to_pem(&p.leaf, 1) };
	outer[1] = (struct zent){ "middle.zip", make_zip(middle, 2) };
	/* outer -> middle is read; middle -> inner is one ZIP too deep. */
	certs = read_ok(make_zip(outer, 2), "outer.zip", 2);
	find_cert(certs, p.leaf);
	find_cert(certs, p.ca);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

Test(parse_cert, zip_bomb_entry_skipped)
{
	struct pki p;
	GPtrArray *certs;
	struct zent z[2], only[1];
	gsize big = 11u * 1024 * 1024;

	pki_default(&p);
	z[0] = (struct zent){ "zeros.crt", g_bytes_new_take(g_malloc0(big), big) };
	z[1] = (struct zent){ "leaf.crt", to_pem(&p.leaf, 1) };
	certs = read_ok(make_zip(z, 2), "bomb.zip", 1);
	g_ptr_array_unref(certs);

	only[0] = (struct zent){ "zeros.crt", g_bytes_new_take(g_malloc0(big), big) };
	read_bad(make_zip(only, 1), "bomb.zip", "larger than");
	pki_free(&p);
}

/* ---- refused input ----------------------------------------------------------- */

Test(parse_cert, garbage_refused)
{
	static const unsigned char junk[] = { 0x30, 0x82, 0x05, 0x00, 0x01, 0x02, 0xff, 0x00 };

	read_bad(g_bytes_new(junk, sizeof junk), "garbage.bin", "no certificate found in garbage.bin");
	read_bad(text("hello, this is not a certificate\n"), "note.txt",
		 "no certificate found in note.txt");
	read_bad(text("-----BEGIN CERTIFICATE-----\nAAAA\n"), "cut.pem", "cut.pem");
}

Test(parse_cert, empty_refused)
{
	GPtrArray *certs = new_certs();
	struct mp_error err = { "" };

	cr_assert_eq(parse_cert_read("", 0, "empty.crt", certs, &err), MP_STATUS_BAD_INPUT);
	cr_assert(strstr(err.text, "no certificate found in empty.crt"), "%s", err.text);
	cr_assert_eq(parse_cert_read(NULL, 0, NULL, certs, &err), MP_STATUS_BAD_INPUT);
	cr_assert(strstr(err.text, "no certificate found in input"), "%s", err.text);
	cr_assert_eq(parse_cert_read(NULL, 0, NULL, certs, NULL), MP_STATUS_BAD_INPUT);
	cr_assert_eq(certs->len, 0);
	g_ptr_array_unref(certs);
}

Test(parse_cert, key_only_refused)
{
	EVP_PKEY *key = tp_key();

	read_bad(key_pem(key), "server.pem", "no certificate found in server.pem");
	EVP_PKEY_free(key);
}

Test(parse_cert, zip_without_certs_refused)
{
	static const unsigned char empty_zip[22] = { 'P', 'K', 5, 6 };
	EVP_PKEY *key = tp_key();
	struct zent z[3];

	z[0] = (struct zent){ "docs/", NULL };
	z[1] = (struct zent){ "docs/README.txt", text("install guide\n") };
	z[2] = (struct zent){ "server.key", key_pem(key) };
	read_bad(make_zip(z, 3), "order.zip", "no certificate found in order.zip");
	/* libzip writes nothing for an empty archive: its end record alone. */
	read_bad(g_bytes_new(empty_zip, sizeof empty_zip), "empty.zip", "no certificate found in empty.zip");
	read_bad(text("PK\x03\x04 truncated"), "cut.zip", "not a readable ZIP");
	EVP_PKEY_free(key);
}

/* ---- order --------------------------------------------------------------------- */

static void
expect_order(GPtrArray *certs, X509 *const *want, guint n)
{
	cr_assert_eq(certs->len, n);
	for (guint i = 0; i < n; i++) {
		char *sha = sha256_of_der(want[i]);
		const struct parse_cert_facts *f = certs->pdata[i];

		cr_assert_str_eq(f->sha256, sha, "position %u holds %s", i, f->subject);
		g_free(sha);
	}
}

Test(parse_cert, order_shuffled)
{
	struct pki p, other;
	X509 *in[4], *want[4];
	GPtrArray *certs;

	pki_default(&p);
	pki_default(&other);
	in[0] = p.root, in[1] = other.root, in[2] = p.leaf, in[3] = p.ca;
	certs = read_ok(to_pem(in, 4), "shuffled.pem", 4);
	parse_cert_order(certs);
	want[0] = p.leaf, want[1] = p.ca, want[2] = p.root, want[3] = other.root;
	expect_order(certs, want, 4);
	cr_assert_eq(ERR_peek_error(), 0, "OpenSSL error queue left full");
	g_ptr_array_unref(certs);

	in[0] = p.ca, in[1] = p.root, in[2] = p.leaf;
	certs = read_ok(to_pem(in, 3), "shuffled.pem", 3);
	parse_cert_order(certs);
	expect_order(certs, want, 3);
	g_ptr_array_unref(certs);
	pki_free(&other);
	pki_free(&p);
}

Test(parse_cert, order_only_cas)
{
	struct pki p;
	X509 *in[2], *want[2];
	GPtrArray *certs;

	pki_default(&p);
	in[0] = p.root, in[1] = p.ca;
	certs = read_ok(to_pem(in, 2), "cas.pem", 2);
	parse_cert_order(certs);
	want[0] = p.ca, want[1] = p.root;
	expect_order(certs, want, 2);
	g_ptr_array_unref(certs);

	/* One certificate, and none at all, are left alone. */
	certs = read_ok(to_pem(&p.root, 1), "root.pem", 1);
	parse_cert_order(certs);
	cr_assert_eq(certs->len, 1);
	g_ptr_array_unref(certs);
	certs = new_certs();
	parse_cert_order(certs);
	g_ptr_array_unref(certs);
	pki_free(&p);
}

/* ---- verification ---------------------------------------------------------------- */

/* Verify leaf (+ intermediates) against roots; the certificates go through
 * parse_cert_read and parse_cert_order as in the program. */
static struct parse_cert_verdict *
verify(X509 *const *chain, size_t n, X509 *const *roots, size_t nroots, int64_t at,
       const char *key_sha256, const char *const *names)
{
	GPtrArray *certs = read_ok(to_pem(chain, n), "chain.pem", (guint)n);
	GBytes *roots_pem = to_pem(roots, nroots);
	struct parse_cert_verdict *v = NULL;
	struct mp_error err = { "" };
	gsize len;
	const void *data = g_bytes_get_data(roots_pem, &len);
	enum mp_status status;

	parse_cert_order(certs);
	status = parse_cert_verify(certs, data, len, at, key_sha256, names, &v, &err);
	cr_assert_eq(status, MP_STATUS_OK, "%s: %s", mp_status_to_string(status), err.text);
	cr_assert_not_null(v);
	cr_assert_eq(ERR_peek_error(), 0, "OpenSSL error queue left full");
	if (v->chain_ok)
		cr_assert_null(v->chain_error);
	else
		cr_assert_not_null(v->chain_error);
	g_bytes_unref(roots_pem);
	g_ptr_array_unref(certs);
	return v;
}

static char *
key_sha256(EVP_PKEY *key)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(key, &der);
	char *hex;

	cr_assert_gt(n, 0);
	hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, (gsize)n);
	OPENSSL_free(der);
	return hex;
}

Test(parse_cert, verify_good)
{
	struct pki p;
	X509 *chain[2];
	char *key;
	char *upper;
	static const char *const names[] = { "www.example.jp", "example.jp", NULL };
	struct parse_cert_verdict *v;

	pki_default(&p);
	/* Sent in the wrong order: verify sees it after parse_cert_order. */
	chain[0] = p.ca, chain[1] = p.leaf;
	key = key_sha256(p.leaf_key);
	upper = g_ascii_strup(key, -1);
	v = verify(chain, 2, &p.root, 1, NOW, upper, names);
	cr_assert(v->chain_ok, "%s", v->chain_error);
	cr_assert_eq(v->key_match, 1);
	cr_assert_eq(v->names_ok, 1);
	cr_assert_null(v->names_error);
	cr_assert_eq(v->not_after, LEAF_NA);
	cr_assert(v->ok);
	parse_cert_verdict_free(v);
	g_free(upper);
	g_free(key);
	pki_free(&p);
}

Test(parse_cert, verify_nothing_asked)
{
	struct pki p;
	X509 *chain[2];
	struct parse_cert_verdict *v;

	pki_default(&p);
	chain[0] = p.leaf, chain[1] = p.ca;
	v = verify(chain, 2, &p.root, 1, NOW, NULL, NULL);
	cr_assert(v->chain_ok);
	cr_assert_eq(v->key_match, -1);
	cr_assert_eq(v->names_ok, -1);
	cr_assert(v->ok);
	parse_cert_verdict_free(v);
	pki_free(&p);
}

Test(parse_cert, verify_other_key)
{
	struct pki p;
	X509 *chain[2];
	EVP_PKEY *ours = tp_key();
	char *key = key_sha256(ours);
	struct parse_cert_verdict *v;

	pki_default(&p);
	chain[0] = p.leaf, chain[1] = p.ca;
	v = verify(chain, 2, &p.root, 1, NOW, key, NULL);
	cr_assert(v->chain_ok);
	cr_assert_eq(v->key_match, 0);
	cr_assert_not(v->ok);
	parse_cert_verdict_free(v);
	g_free(key);
	EVP_PKEY_free(ours);
	pki_free(&p);
}

Test(parse_cert, verify_wrong_name)
{
	struct pki p;
	X509 *chain[2];
	static const char *const names[] = { "www.example.jp", "shop.example.jp", NULL };
	struct parse_cert_verdict *v;

	pki_default(&p);
	chain[0] = p.leaf, chain[1] = p.ca;
	v = verify(chain, 2, &p.root, 1, NOW, NULL, names);
	cr_assert(v->chain_ok);
	cr_assert_eq(v->names_ok, 0);
	cr_assert_not_null(v->names_error);
	cr_assert(strstr(v->names_error, "shop.example.jp"), "%s", v->names_error);
	cr_assert_not(v->ok);
	parse_cert_verdict_free(v);
	pki_free(&p);
}

Test(parse_cert, verify_cn_alone_does_not_count)
{
	struct pki p;
	X509 *chain[2];
	static const char *const names[] = { "www.example.jp", NULL };
	struct parse_cert_verdict *v;

	pki_make(&p, "www.example.jp", NULL, LEAF_NB, LEAF_NA);
	chain[0] = p.leaf, chain[1] = p.ca;
	v = verify(chain, 2, &p.root, 1, NOW, NULL, names);
	cr_assert_eq(v->names_ok, 0);
	cr_assert(strstr(v->names_error, "(none)"), "%s", v->names_error);
	parse_cert_verdict_free(v);
	pki_free(&p);
}

Test(parse_cert, verify_expired)
{
	struct pki p;
	X509 *chain[2];
	struct parse_cert_verdict *v;

	pki_default(&p);
	chain[0] = p.leaf, chain[1] = p.ca;
	v = verify(chain, 2, &p.root, 1, LEAF_NA + 1, NULL, NULL);
	cr_assert_not(v->chain_ok);
	cr_assert(strstr(v->chain_error, "certificate has expired"), "%s", v->chain_error);
	cr_assert(strstr(v->chain_error, "depth 0"), "%s", v->chain_error);
	cr_assert(strstr(v->chain_error, "CN=www.example.jp"), "%s", v->chain_error);
	cr_assert_not(v->ok);
	parse_cert_verdict_free(v);

	v = verify(chain, 2, &p.root, 1, LEAF_NB - 1, NULL, NULL);
	cr_assert_not(v->chain_ok);
	cr_assert(strstr(v->chain_error, "not yet valid"), "%s", v->chain_error);
	parse_cert_verdict_free(v);
	pki_free(&p);
}

Test(parse_cert, verify_missing_intermediate)
{
	struct pki p;
	struct parse_cert_verdict *v;

	pki_default(&p);
	v = verify(&p.leaf, 1, &p.root, 1, NOW, NULL, NULL);
	cr_assert_not(v->chain_ok);
	cr_assert(strstr(v->chain_error, "unable to get local issuer certificate"), "%s",
		  v->chain_error);
	cr_assert_not(v->ok);
	parse_cert_verdict_free(v);
	pki_free(&p);
}

Test(parse_cert, verify_untrusted_root)
{
	struct pki p, other;
	X509 *chain[3];
	struct parse_cert_verdict *v;

	pki_default(&p);
	pki_default(&other);
	/* The sender's own root in the bundle does not make it trusted. */
	chain[0] = p.leaf, chain[1] = p.ca, chain[2] = p.root;
	v = verify(chain, 3, &other.root, 1, NOW, NULL, NULL);
	cr_assert_not(v->chain_ok);
	cr_assert_not(v->ok);
	parse_cert_verdict_free(v);

	/* The intermediate as a "root" is no anchor either: no partial chains. */
	v = verify(chain, 2, &p.ca, 1, NOW, NULL, NULL);
	cr_assert_not(v->chain_ok);
	parse_cert_verdict_free(v);
	pki_free(&other);
	pki_free(&p);
}

Test(parse_cert, verify_roots_bundle)
{
	struct pki p, other;
	X509 *chain[2];
	GPtrArray *certs;
	GBytes *roots;
	struct parse_cert_verdict *v = NULL;
	struct mp_error err = { "" };
	gsize len;
	const void *data;

	pki_default(&p);
	pki_default(&other);
	chain[0] = p.leaf, chain[1] = p.ca;
	/* A system bundle: comments, a broken block, the right root among others. */
	roots = concat(text("# ca-certificates\n"), to_pem(&other.root, 1),
		       text("-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n"),
		       to_pem(&p.root, 1), NULL);
	certs = read_ok(to_pem(chain, 2), "chain.pem", 2);
	data = g_bytes_get_data(roots, &len);
	cr_assert_eq(parse_cert_verify(certs, data, len, NOW, NULL, NULL, &v, &err), MP_STATUS_OK,
		     "%s", err.text);
	cr_assert(v->chain_ok, "%s", v->chain_error);
	parse_cert_verdict_free(v);
	g_bytes_unref(roots);
	g_ptr_array_unref(certs);
	pki_free(&other);
	pki_free(&p);
}

Test(parse_cert, verify_bad_arguments)
{
	struct pki p;
	GPtrArray *certs, *none = new_certs();
	GBytes *roots;
	struct parse_cert_verdict *v = NULL;
	struct mp_error err = { "" };
	gsize len;
	const void *data;
	static const char junk[] = "no roots here\n";

	pki_default(&p);
	roots = to_pem(&p.root, 1);
	data = g_bytes_get_data(roots, &len);
	cr_assert_eq(parse_cert_verify(none, data, len, NOW, NULL, NULL, &v, &err),
		     MP_STATUS_BAD_INPUT);
	cr_assert_null(v);

	certs = read_ok(to_pem(&p.leaf, 1), "leaf.pem", 1);
	cr_assert_eq(parse_cert_verify(certs, junk, strlen(junk), NOW, NULL, NULL, &v, &err),
		     MP_STATUS_BAD_INPUT);
	cr_assert_null(v);
	cr_assert(strstr(err.text, "trusted roots"), "%s", err.text);
	cr_assert_eq(parse_cert_verify(certs, NULL, 0, NOW, NULL, NULL, &v, NULL),
		     MP_STATUS_BAD_INPUT);
	g_ptr_array_unref(certs);
	g_ptr_array_unref(none);
	g_bytes_unref(roots);
	pki_free(&p);
}

/* Verify a leaf made for sans against names; returns names_ok. */
static int
names_ok(const char *sans, const char *name)
{
	struct pki p;
	X509 *chain[2];
	const char *names[] = { name, NULL };
	struct parse_cert_verdict *v;
	int ok;

	pki_make(&p, "*.example.jp", sans, LEAF_NB, LEAF_NA);
	chain[0] = p.leaf, chain[1] = p.ca;
	v = verify(chain, 2, &p.root, 1, NOW, NULL, names);
	cr_assert(v->chain_ok, "%s", v->chain_error);
	ok = v->names_ok;
	if (!ok)
		cr_assert(strstr(v->names_error, name), "%s", v->names_error);
	else
		cr_assert_null(v->names_error);
	parse_cert_verdict_free(v);
	pki_free(&p);
	return ok;
}

Test(parse_cert, wildcard_covers_one_label)
{
	cr_assert_eq(names_ok("DNS:*.example.jp", "www.example.jp"), 1);
	cr_assert_eq(names_ok("DNS:*.example.jp", "WWW.Example.JP"), 1);
	cr_assert_eq(names_ok("DNS:*.example.jp", "a.b.example.jp"), 0);
	cr_assert_eq(names_ok("DNS:*.example.jp", "example.jp"), 0);
	cr_assert_eq(names_ok("DNS:*.example.jp", "www.example.com"), 0);
	/* Partial wildcards ("w*") are refused. */
	cr_assert_eq(names_ok("DNS:w*.example.jp", "www.example.jp"), 0);
}

Test(parse_cert, wildcard_order_needs_wildcard_san)
{
	cr_assert_eq(names_ok("DNS:*.example.jp,DNS:example.jp", "*.example.jp"), 1);
	cr_assert_eq(names_ok("DNS:*.Example.jp", "*.example.jp"), 1);
	cr_assert_eq(names_ok("DNS:www.example.jp,DNS:mail.example.jp", "*.example.jp"), 0);
	cr_assert_eq(names_ok("DNS:*.example.jp", "*.other.jp"), 0);
	cr_assert_eq(names_ok("DNS:*.example.jp", "*.www.example.jp"), 0);
}
