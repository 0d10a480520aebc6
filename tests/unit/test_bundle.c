/* Unit tests of mp_bundle_build: the install-report ZIP of each CA, opened again and checked file by file. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <zip.h>

#include "mailproc.h"
#include "test-pki.h"

#define T_2020 INT64_C(1577836800) /* 2020-01-01T00:00:00Z */
#define T_LEAF INT64_C(1795014000) /* 2026-11-18T15:00:00Z = 2026-11-19 00:00 JST */
#define T_2040 INT64_C(2208988800)

/* ---- a chain made with OpenSSL: root -> intermediate -> leaf --------------- */

static EVP_PKEY *root_key, *ca_key, *ca2_key, *leaf_key, *decoy_key;
static X509 *root, *ca, *ca2, *leaf, *decoy;
/* PEM text of each */
static char *root_pem, *ca_pem, *ca2_pem, *leaf_pem, *decoy_pem;

static X509 *
make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, bool ca_cert,
	  const char *sans, int64_t nb)
{
	struct tp_spec spec = {
		.country = "JP", .cn = cn, .sans = sans, .ca = ca_cert, .not_before = nb, .not_after = T_2040,
	};

	return tp_cert(&spec, key, issuer, issuer_key);
}

static void
setup(void)
{
	mp_log_init(false);
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	root_key = tp_key();
	ca_key = tp_key();
	ca2_key = tp_key();
	leaf_key = tp_key();
	decoy_key = tp_key();
	cr_assert(root_key && ca_key && ca2_key && leaf_key && decoy_key);
	root = make_cert("Bundle Test Root", root_key, NULL, NULL, true, NULL, T_2020);
	/* Same name as the root, another key: a name match alone must not do. */
	decoy = make_cert("Bundle Test Root", decoy_key, NULL, NULL, true, NULL, T_2020);
	ca = make_cert("Bundle Test OV CA", ca_key, root, root_key, true, NULL, T_2020);
	ca2 = make_cert("Bundle Test OV CA 2", ca2_key, ca, ca_key, true, NULL, T_2020);
	leaf = make_cert("www.example.jp", leaf_key, ca, ca_key, false,
			 "DNS:www.example.jp,DNS:example.jp", T_LEAF);
	root_pem = tp_pem(root);
	decoy_pem = tp_pem(decoy);
	ca_pem = tp_pem(ca);
	ca2_pem = tp_pem(ca2);
	leaf_pem = tp_pem(leaf);
}

static void
teardown(void)
{
	X509 *certs[] = { root, decoy, ca, ca2, leaf };
	EVP_PKEY *keys[] = { root_key, decoy_key, ca_key, ca2_key, leaf_key };

	for (size_t i = 0; i < G_N_ELEMENTS(certs); i++) {
		X509_free(certs[i]);
		EVP_PKEY_free(keys[i]);
	}
	g_free(root_pem);
	g_free(decoy_pem);
	g_free(ca_pem);
	g_free(ca2_pem);
	g_free(leaf_pem);
}

TestSuite(mp_bundle, .init = setup, .fini = teardown);

/* ---- helpers ---------------------------------------------------------------- */

static struct mp_order
order(const char *ca_name, const char *domain)
{
	struct mp_order o = { 0 };

	o.id = (char *)"ORD-2026-0042";
	o.ca = (char *)ca_name;
	o.domain = (char *)domain;
	return o;
}

static char *
sha256_of(X509 *x)
{
	unsigned char *der = NULL;
	int len = i2d_X509(x, &der);
	char *hex;

	cr_assert_gt(len, 0);
	hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, (gsize)len);
	OPENSSL_free(der);
	return hex;
}

/* The entries of a ZIP in memory: name -> contents (GBytes). */
struct entries {
	GPtrArray *names;   /* char *, in archive order */
	GHashTable *data;   /* name -> GBytes */
};

static struct entries
unzip(GBytes *zip)
{
	struct entries e = { g_ptr_array_new_with_free_func(g_free),
			     g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						   (GDestroyNotify)g_bytes_unref) };
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za;
	gsize len;
	const void *p = g_bytes_get_data(zip, &len);

	zip_error_init(&zerr);
	src = zip_source_buffer_create(p, len, 0, &zerr);
	cr_assert_not_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	cr_assert_not_null(za, "not a ZIP: %s", zip_error_strerror(&zerr));
	for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); i++) {
		zip_stat_t st;
		zip_file_t *zf;
		guint8 *buf;

		cr_assert_eq(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
		buf = g_malloc(st.size + 1);
		zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
		cr_assert_not_null(zf);
		cr_assert_eq(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
		zip_fclose(zf);
		buf[st.size] = '\0';
		g_ptr_array_add(e.names, g_strdup(st.name));
		g_hash_table_insert(e.data, g_strdup(st.name), g_bytes_new_take(buf, st.size));
	}
	zip_discard(za);
	zip_error_fini(&zerr);
	return e;
}

static void
entries_free(struct entries *e)
{
	g_ptr_array_unref(e->names);
	g_hash_table_unref(e->data);
}

/* The archive holds exactly these names, in this order. */
static void
expect_names(const struct entries *e, const char *const *names, guint n)
{
	cr_assert_eq(e->names->len, n, "%u entries, expected %u", e->names->len, n);
	for (guint i = 0; i < n; i++)
		cr_assert_str_eq(g_ptr_array_index(e->names, i), names[i], "entry %u", i);
}

/* Entry name is PEM text (of label) holding exactly want, in order, and no key. */
static void
expect_certs(const struct entries *e, const char *name, const char *label, X509 *const *want,
	     guint n)
{
	GBytes *b = g_hash_table_lookup(e->data, name);
	GPtrArray *got = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	struct mp_error err = { "" };
	char *begin = g_strdup_printf("-----BEGIN %s-----\n", label);
	const char *text;
	gsize len;

	cr_assert_not_null(b, "no entry %s", name);
	text = g_bytes_get_data(b, &len);
	cr_assert(g_str_has_prefix(text, begin), "%s does not start with %s", name, begin);
	cr_assert_null(strstr(text, "PRIVATE"), "%s holds a private key", name);
	cr_assert_eq(parse_cert_read(text, len, name, got, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(got->len, n, "%s: %u certificates, expected %u", name, got->len, n);
	for (guint i = 0; i < n; i++) {
		const struct parse_cert_facts *f = g_ptr_array_index(got, i);
		char *sha = sha256_of(want[i]);

		cr_assert_str_eq(f->sha256, sha, "%s: certificate %u is %s", name, i, f->subject);
		g_free(sha);
	}
	/* One PEM block per certificate, or one PKCS#7 block for all. */
	if (strcmp(label, "CERTIFICATE") == 0) {
		guint blocks = 0;

		for (const char *p = text; (p = strstr(p, "-----BEGIN ")); p++)
			blocks++;
		cr_assert_eq(blocks, n, "%s: %u blocks", name, blocks);
	}
	g_ptr_array_unref(got);
	g_free(begin);
}

static GBytes *
build_ok(const char *ca_name, const char *domain, const char *issued, const char *roots)
{
	struct mp_order o = order(ca_name, domain);
	struct mp_error err = { "" };
	GBytes *zip = NULL;

	cr_assert_eq(mp_bundle_build(&o, issued, roots, roots ? strlen(roots) : 0, &zip, &err),
		     MP_STATUS_OK, "%s", err.text);
	cr_assert_not_null(zip);
	return zip;
}

static enum mp_status
build_fails(const char *ca_name, const char *domain, const char *issued, const char *roots,
	    const char *reason_has)
{
	struct mp_order o = order(ca_name, domain);
	struct mp_error err = { "" };
	GBytes *zip = (GBytes *)&err; /* must be reset to NULL */
	enum mp_status status;

	status = mp_bundle_build(&o, issued, roots, roots ? strlen(roots) : 0, &zip, &err);
	cr_assert_neq(status, MP_STATUS_OK);
	cr_assert_null(zip);
	cr_assert(strstr(err.text, reason_has), "'%s' lacks '%s'", err.text, reason_has);
	return status;
}

/* ---- each CA's layout ------------------------------------------------------- */

Test(mp_bundle, digicert)
{
	char *issued = g_strconcat(leaf_pem, ca_pem, root_pem, NULL);
	GBytes *zip = build_ok("digicert", "www.example.jp", issued, NULL);
	struct entries e = unzip(zip);
	static const char *const names[] = { "www.example.jp.crt", "DigiCertCA.ca", "TrustedRoot.ca" };

	expect_names(&e, names, 3);
	expect_certs(&e, "www.example.jp.crt", "CERTIFICATE", (X509 *[]){ leaf }, 1);
	expect_certs(&e, "DigiCertCA.ca", "CERTIFICATE", (X509 *[]){ ca }, 1);
	expect_certs(&e, "TrustedRoot.ca", "CERTIFICATE", (X509 *[]){ root }, 1);
	entries_free(&e);
	g_bytes_unref(zip);
	g_free(issued);
}

Test(mp_bundle, geotrust)
{
	char *issued = g_strconcat(leaf_pem, ca_pem, root_pem, NULL);
	GBytes *zip = build_ok("geotrust", "www.example.jp", issued, NULL);
	struct entries e = unzip(zip);
	static const char *const names[] = { "www.example.jp.crt", "DigiCertCA.ca", "TrustedRoot.ca" };

	expect_names(&e, names, 3);
	expect_certs(&e, "DigiCertCA.ca", "CERTIFICATE", (X509 *[]){ ca }, 1);
	expect_certs(&e, "TrustedRoot.ca", "CERTIFICATE", (X509 *[]){ root }, 1);
	entries_free(&e);
	g_bytes_unref(zip);
	g_free(issued);
}

Test(mp_bundle, sectigo)
{
	/* The CA's order does not matter: the bundle follows the chain. */
	char *issued = g_strconcat(root_pem, leaf_pem, ca_pem, NULL);
	GBytes *zip = build_ok("sectigo", "www.example.jp", issued, NULL);
	struct entries e = unzip(zip);
	static const char *const names[] = { "www.example.jp.crt", "www.example.jp.ca-bundle" };

	expect_names(&e, names, 2);
	expect_certs(&e, "www.example.jp.crt", "CERTIFICATE", (X509 *[]){ leaf }, 1);
	expect_certs(&e, "www.example.jp.ca-bundle", "CERTIFICATE", (X509 *[]){ ca, root }, 2);
	entries_free(&e);
	g_bytes_unref(zip);
	g_free(issued);
}

Test(mp_bundle, globalsign_wildcard)
{
	char *issued = g_strconcat(leaf_pem, ca_pem, root_pem, NULL);
	GBytes *zip = build_ok("globalsign", "*.example.jp", issued, NULL);
	struct entries e = unzip(zip);
	static const char *const names[] = { "wildcard.example.jp.crt", "wildcard.example.jp.ca",
					     "wildcard.example.jp.pem" };

	expect_names(&e, names, 3);
	expect_certs(&e, "wildcard.example.jp.crt", "CERTIFICATE", (X509 *[]){ leaf }, 1);
	expect_certs(&e, "wildcard.example.jp.ca", "CERTIFICATE", (X509 *[]){ ca }, 1);
	expect_certs(&e, "wildcard.example.jp.pem", "PKCS7", (X509 *[]){ leaf, ca }, 2);
	entries_free(&e);
	g_bytes_unref(zip);
	g_free(issued);
}

Test(mp_bundle, two_intermediates_in_chain_order)
{
	X509 *leaf2 = make_cert("shop.example.jp", leaf_key, ca2, ca2_key, false, "DNS:shop.example.jp",
				T_LEAF);
	char *leaf2_pem = tp_pem(leaf2);
	/* sent upside down */
	char *issued = g_strconcat(root_pem, ca_pem, ca2_pem, leaf2_pem, NULL);
	GBytes *zip = build_ok("digicert", "shop.example.jp", issued, NULL);
	struct entries e = unzip(zip);

	expect_certs(&e, "shop.example.jp.crt", "CERTIFICATE", (X509 *[]){ leaf2 }, 1);
	expect_certs(&e, "DigiCertCA.ca", "CERTIFICATE", (X509 *[]){ ca2, ca }, 2);
	expect_certs(&e, "TrustedRoot.ca", "CERTIFICATE", (X509 *[]){ root }, 1);
	entries_free(&e);
	g_bytes_unref(zip);

	zip = build_ok("sectigo", "shop.example.jp", issued, NULL);
	e = unzip(zip);
	expect_certs(&e, "shop.example.jp.ca-bundle", "CERTIFICATE", (X509 *[]){ ca2, ca, root }, 3);
	entries_free(&e);
	g_bytes_unref(zip);

	zip = build_ok("globalsign", "shop.example.jp", issued, NULL);
	e = unzip(zip);
	expect_certs(&e, "shop.example.jp.pem", "PKCS7", (X509 *[]){ leaf2, ca2, ca }, 3);
	entries_free(&e);
	g_bytes_unref(zip);
	g_free(issued);
	g_free(leaf2_pem);
	X509_free(leaf2);
}

/* ---- the root ------------------------------------------------------------- */

Test(mp_bundle, root_from_trust_roots)
{
	char *issued = g_strconcat(leaf_pem, ca_pem, NULL);
	/* A system bundle: a decoy of the same name first, text around, the real one. */
	char *roots = g_strconcat("# roots\n", decoy_pem, "\n# ours\n", root_pem, NULL);
	GBytes *zip = build_ok("digicert", "www.example.jp", issued, roots);
	struct entries e = unzip(zip);

	expect_certs(&e, "TrustedRoot.ca", "CERTIFICATE", (X509 *[]){ root }, 1);
	expect_certs(&e, "DigiCertCA.ca", "CERTIFICATE", (X509 *[]){ ca }, 1);
	entries_free(&e);
	g_bytes_unref(zip);

	zip = build_ok("sectigo", "www.example.jp", issued, roots);
	e = unzip(zip);
	expect_certs(&e, "www.example.jp.ca-bundle", "CERTIFICATE", (X509 *[]){ ca, root }, 2);
	entries_free(&e);
	g_bytes_unref(zip);
	g_free(issued);
	g_free(roots);
}

Test(mp_bundle, root_missing_everywhere_refused)
{
	char *issued = g_strconcat(leaf_pem, ca_pem, NULL);

	cr_assert_eq(build_fails("digicert", "www.example.jp", issued, decoy_pem,
				 "is not in [trust] roots"),
		     MP_STATUS_NOT_FOUND);
	cr_assert_eq(build_fails("sectigo", "www.example.jp", issued, NULL, "Bundle Test Root"),
		     MP_STATUS_NOT_FOUND);
	cr_assert_eq(build_fails("globalsign", "www.example.jp", issued, "no certificates here",
				 "is not in [trust] roots"),
		     MP_STATUS_NOT_FOUND);
	g_free(issued);
}

Test(mp_bundle, root_sent_by_the_ca_is_used_whatever_the_roots)
{
	char *issued = g_strconcat(leaf_pem, ca_pem, root_pem, NULL);
	GBytes *zip = build_ok("digicert", "www.example.jp", issued, decoy_pem);
	struct entries e = unzip(zip);

	expect_certs(&e, "TrustedRoot.ca", "CERTIFICATE", (X509 *[]){ root }, 1);
	entries_free(&e);
	g_bytes_unref(zip);
	g_free(issued);
}

/* ---- refusals and the rest ------------------------------------------------- */

Test(mp_bundle, refusals)
{
	char *issued = g_strconcat(leaf_pem, ca_pem, root_pem, NULL);
	char *no_inter = g_strconcat(leaf_pem, root_pem, NULL);
	char *cas_only = g_strconcat(ca_pem, root_pem, NULL);

	cr_assert_eq(build_fails("digicert", "../www.example.jp", issued, NULL, "not a host name"),
		     MP_STATUS_BAD_INPUT);
	cr_assert_eq(build_fails("letsencrypt", "www.example.jp", issued, NULL, "no bundle layout"),
		     MP_STATUS_BAD_INPUT);
	cr_assert_eq(build_fails("digicert", "www.example.jp", NULL, root_pem, "no issued certificate"),
		     MP_STATUS_NOT_FOUND);
	cr_assert_eq(build_fails("digicert", "www.example.jp", "garbage", root_pem, "no certificate"),
		     MP_STATUS_BAD_INPUT);
	cr_assert_eq(build_fails("digicert", "www.example.jp", no_inter, root_pem, "intermediate"),
		     MP_STATUS_BAD_INPUT);
	cr_assert_eq(build_fails("digicert", "www.example.jp", cas_only, root_pem, "no server certificate"),
		     MP_STATUS_BAD_INPUT);
	g_free(issued);
	g_free(no_inter);
	g_free(cas_only);
}

Test(mp_bundle, never_a_private_key)
{
	EVP_PKEY *k = leaf_key;
	BIO *bio = BIO_new(BIO_s_mem());
	char *key_pem, *data, *issued;
	long n;
	GBytes *zip;
	struct entries e;
	GHashTableIter it;
	gpointer name, bytes;

	/* A careless paste: the key in the middle of what was recorded. */
	cr_assert(bio && PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL));
	n = BIO_get_mem_data(bio, &data);
	key_pem = g_strndup(data, (gsize)n);
	BIO_free(bio);
	issued = g_strconcat(leaf_pem, key_pem, ca_pem, root_pem, NULL);
	zip = build_ok("globalsign", "www.example.jp", issued, NULL);
	cr_assert_null(memmem(g_bytes_get_data(zip, NULL), g_bytes_get_size(zip), "PRIVATE", 7));
	e = unzip(zip);
	g_hash_table_iter_init(&it, e.data);
	while (g_hash_table_iter_next(&it, &name, &bytes))
		cr_assert_null(memmem(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), "PRIVATE", 7),
			       "%s", (char *)name);
	entries_free(&e);
	g_bytes_unref(zip);
	g_free(issued);
	g_free(key_pem);
}

Test(mp_bundle, same_order_same_bytes)
{
	char *issued = g_strconcat(leaf_pem, ca_pem, root_pem, NULL);
	GBytes *a = build_ok("digicert", "www.example.jp", issued, NULL);
	GBytes *b;
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	struct tm tm;

	/* Whatever the TZ of the staff member's shell. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	b = build_ok("digicert", "www.example.jp", issued, NULL);
	cr_assert(g_bytes_equal(a, b), "two builds differ");

	/* Entries carry the leaf's notBefore, in Tokyo: 2026-11-19 00:00. */
	setenv("TZ", "UTC", 1);
	tzset();
	zip_error_init(&zerr);
	src = zip_source_buffer_create(g_bytes_get_data(a, NULL), g_bytes_get_size(a), 0, &zerr);
	za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	cr_assert_not_null(za);
	cr_assert_eq(zip_stat_index(za, 0, 0, &st), 0);
	cr_assert(st.valid & ZIP_STAT_MTIME);
	gmtime_r(&st.mtime, &tm);
	cr_assert_eq(tm.tm_year + 1900, 2026);
	cr_assert_eq(tm.tm_mon + 1, 11);
	cr_assert_eq(tm.tm_mday, 19);
	cr_assert_eq(tm.tm_hour, 0);
	cr_assert_eq(tm.tm_min, 0);
	zip_discard(za);
	zip_error_fini(&zerr);
	g_bytes_unref(a);
	g_bytes_unref(b);
	g_free(issued);
}

Test(mp_bundle, certificate_off_the_chain_left_out)
{
	/* An unrelated CA certificate sent along: not on the leaf's path. */
	char *issued = g_strconcat(leaf_pem, ca_pem, ca2_pem, root_pem, NULL);
	GBytes *zip = build_ok("sectigo", "www.example.jp", issued, NULL);
	struct entries e = unzip(zip);

	expect_certs(&e, "www.example.jp.ca-bundle", "CERTIFICATE", (X509 *[]){ ca, root }, 2);
	entries_free(&e);
	g_bytes_unref(zip);
	g_free(issued);
}
