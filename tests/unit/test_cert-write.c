/* Unit tests of parse_cert_pem and parse_cert_pkcs7_pem: written certificates read back the same, in order. */
#include <string.h>

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>

#include "parsers.h"
#include "test-pki.h"

#define T_2020 INT64_C(1577836800) /* 2020-01-01T00:00:00Z */
#define T_2026 INT64_C(1767225600)
#define T_2040 INT64_C(2208988800)

/* root -> intermediate -> leaf, made at run time. */
static EVP_PKEY *keys[3];
static X509 *x509s[3]; /* leaf, intermediate, root */
static GPtrArray *facts; /* struct parse_cert_facts *: leaf, intermediate, root */

/* Certificates of one company: CAs valid to 2040, a leaf to 2026 for its
 * domain and wildcard. */
static X509 *
make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, bool ca)
{
	struct tp_spec spec = {
		.org = "ひかりネット株式会社", .cn = cn, .ca = ca,
		.sans = ca ? NULL : "DNS:*.hikari-net.example.jp,DNS:hikari-net.example.jp",
		.not_before = T_2020, .not_after = ca ? T_2040 : T_2026,
	};

	return tp_cert(&spec, key, issuer, issuer_key);
}

static void
setup(void)
{
	GString *all = g_string_new(NULL);
	struct mp_error err = { "" };

	for (int i = 0; i < 3; i++)
		keys[i] = tp_key();
	x509s[2] = make_cert("Write Test Root", keys[2], NULL, NULL, true);
	x509s[1] = make_cert("Write Test CA", keys[1], x509s[2], keys[2], true);
	x509s[0] = make_cert("*.hikari-net.example.jp", keys[0], x509s[1], keys[1], false);
	for (int i = 0; i < 3; i++) {
		char *pem = tp_pem(x509s[i]);

		g_string_append(all, pem);
		g_free(pem);
	}
	facts = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	cr_assert_eq(parse_cert_read(all->str, all->len, "chain.pem", facts, &err), MP_STATUS_OK,
		     "%s", err.text);
	cr_assert_eq(facts->len, 3);
	g_string_free(all, TRUE);
}

static void
teardown(void)
{
	for (int i = 0; i < 3; i++) {
		X509_free(x509s[i]);
		EVP_PKEY_free(keys[i]);
	}
	g_ptr_array_unref(facts);
}

TestSuite(parse_cert_write, .init = setup, .fini = teardown);

static const struct parse_cert_facts *
fact(guint i)
{
	return g_ptr_array_index(facts, i);
}

/* Read text back and check it holds exactly want (n certificates), in order. */
static void
read_back(const char *text, const struct parse_cert_facts *const *want, guint n)
{
	GPtrArray *got = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	struct mp_error err = { "" };

	cr_assert_eq(parse_cert_read(text, strlen(text), "written", got, &err), MP_STATUS_OK, "%s",
		     err.text);
	cr_assert_eq(got->len, n, "%u certificates read back, expected %u", got->len, n);
	for (guint i = 0; i < n; i++) {
		const struct parse_cert_facts *g = g_ptr_array_index(got, i);

		cr_assert_str_eq(g->sha256, want[i]->sha256, "certificate %u", i);
		cr_assert_str_eq(g->subject, want[i]->subject, "certificate %u", i);
	}
	g_ptr_array_unref(got);
}

Test(parse_cert_write, pem_round_trip)
{
	for (guint i = 0; i < 3; i++) {
		char *pem = parse_cert_pem(fact(i));
		char *ref = tp_pem(x509s[i]);
		const struct parse_cert_facts *want[] = { fact(i) };

		/* The same text as `openssl x509` writes, byte for byte. */
		cr_assert_str_eq(pem, ref, "certificate %u", i);
		read_back(pem, want, 1);
		g_free(ref);
		g_free(pem);
	}
}

Test(parse_cert_write, pem_lines_are_64_columns)
{
	char *pem = parse_cert_pem(fact(0));
	char **lines = g_strsplit(pem, "\n", -1);
	guint n = g_strv_length(lines);

	cr_assert(g_str_has_prefix(pem, "-----BEGIN CERTIFICATE-----\n"));
	cr_assert(g_str_has_suffix(pem, "\n-----END CERTIFICATE-----\n"));
	cr_assert_null(strchr(pem, '\r'));
	/* BEGIN, base64 lines, END, "" after the last '\n' */
	cr_assert_geq(n, 4);
	for (guint i = 1; i + 2 < n; i++) {
		size_t len = strlen(lines[i]);

		if (i + 3 < n)
			cr_assert_eq(len, 64, "line %u is %zu wide", i, len);
		else
			cr_assert(len > 0 && len <= 64, "last line %zu wide", len);
	}
	g_strfreev(lines);
	g_free(pem);
}

Test(parse_cert_write, pkcs7_keeps_order)
{
	const struct parse_cert_facts *forward[] = { fact(0), fact(1), fact(2) };
	const struct parse_cert_facts *backward[] = { fact(2), fact(1), fact(0) };
	GPtrArray *list = g_ptr_array_new();
	struct mp_error err = { "" };
	char *pem = NULL;

	for (guint i = 0; i < 3; i++)
		g_ptr_array_add(list, (gpointer)forward[i]);
	cr_assert_eq(parse_cert_pkcs7_pem(list, &pem, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert(g_str_has_prefix(pem, "-----BEGIN PKCS7-----\n"), "%s", pem);
	cr_assert(g_str_has_suffix(pem, "-----END PKCS7-----\n"));
	read_back(pem, forward, 3);
	g_free(pem);

	/* Not sorted as a DER SET OF would be: whatever order is given stays. */
	g_ptr_array_set_size(list, 0);
	for (guint i = 0; i < 3; i++)
		g_ptr_array_add(list, (gpointer)backward[i]);
	cr_assert_eq(parse_cert_pkcs7_pem(list, &pem, &err), MP_STATUS_OK, "%s", err.text);
	read_back(pem, backward, 3);
	g_free(pem);
	g_ptr_array_unref(list);
}

Test(parse_cert_write, pkcs7_leaf_and_intermediate)
{
	const struct parse_cert_facts *want[] = { fact(0), fact(1) };
	GPtrArray *list = g_ptr_array_new();
	struct mp_error err = { "" };
	char *pem = NULL;

	g_ptr_array_add(list, (gpointer)fact(0));
	g_ptr_array_add(list, (gpointer)fact(1));
	cr_assert_eq(parse_cert_pkcs7_pem(list, &pem, &err), MP_STATUS_OK, "%s", err.text);
	read_back(pem, want, 2);
	g_free(pem);
	g_ptr_array_unref(list);
}

/* What apps/crl2pkcs7.c builds for `openssl crl2pkcs7 -nocrl -certfile`. */
static char *
crl2pkcs7_reference(X509 *const *certs, int n)
{
	PKCS7 *p7 = PKCS7_new();
	PKCS7_SIGNED *p7s = PKCS7_SIGNED_new();
	BIO *bio = BIO_new(BIO_s_mem());
	char *data, *text;
	long len;

	cr_assert(p7 && p7s && bio);
	p7->type = OBJ_nid2obj(NID_pkcs7_signed);
	p7->d.sign = p7s;
	p7s->contents->type = OBJ_nid2obj(NID_pkcs7_data);
	cr_assert(ASN1_INTEGER_set(p7s->version, 1));
	/* -nocrl: no CRL stack at all, so no [1] field. */
	p7s->cert = sk_X509_new_null();
	for (int i = 0; i < n; i++) {
		cr_assert(X509_up_ref(certs[i]));
		cr_assert(sk_X509_push(p7s->cert, certs[i]));
	}
	cr_assert(PEM_write_bio_PKCS7(bio, p7));
	len = BIO_get_mem_data(bio, &data);
	text = g_strndup(data, (gsize)len);
	BIO_free(bio);
	PKCS7_free(p7);
	return text;
}

Test(parse_cert_write, pkcs7_as_crl2pkcs7_writes_it)
{
	GPtrArray *list = g_ptr_array_new();
	struct mp_error err = { "" };
	char *pem = NULL, *ref = crl2pkcs7_reference(x509s, 2);
	BIO *bio;
	PKCS7 *p7;

	g_ptr_array_add(list, (gpointer)fact(0));
	g_ptr_array_add(list, (gpointer)fact(1));
	cr_assert_eq(parse_cert_pkcs7_pem(list, &pem, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_str_eq(pem, ref);

	/* certs-only SignedData: no signer, no CRL, content type data, no content */
	bio = BIO_new_mem_buf(pem, -1);
	p7 = PEM_read_bio_PKCS7(bio, NULL, NULL, NULL);
	cr_assert_not_null(p7);
	cr_assert(PKCS7_type_is_signed(p7));
	cr_assert_eq(sk_X509_num(p7->d.sign->cert), 2);
	cr_assert_leq(sk_X509_CRL_num(p7->d.sign->crl), 0);
	cr_assert_leq(sk_PKCS7_SIGNER_INFO_num(p7->d.sign->signer_info), 0);
	cr_assert_eq(OBJ_obj2nid(p7->d.sign->contents->type), NID_pkcs7_data);
	cr_assert_null(p7->d.sign->contents->d.ptr);
	PKCS7_free(p7);
	BIO_free(bio);
	g_free(pem);
	g_free(ref);
	g_ptr_array_unref(list);
}

Test(parse_cert_write, pkcs7_refuses_nothing_and_broken)
{
	GPtrArray *list = g_ptr_array_new();
	struct mp_error err = { "" };
	struct parse_cert_facts broken = { 0 };
	char *pem = (char *)"untouched";

	cr_assert_eq(parse_cert_pkcs7_pem(list, &pem, &err), MP_STATUS_BAD_INPUT);
	cr_assert_null(pem);
	cr_assert(strstr(err.text, "no certificate"), "%s", err.text);
	cr_assert_eq(parse_cert_pkcs7_pem(NULL, &pem, NULL), MP_STATUS_BAD_INPUT);

	broken.der = g_bytes_new_static("\x30\x03\x02\x01\x00", 5);
	g_ptr_array_add(list, (gpointer)fact(0));
	g_ptr_array_add(list, &broken);
	cr_assert_eq(parse_cert_pkcs7_pem(list, &pem, &err), MP_STATUS_BAD_INPUT);
	cr_assert_null(pem);
	cr_assert(strstr(err.text, "certificate 2 of 2"), "%s", err.text);
	g_bytes_unref(broken.der);
	g_ptr_array_unref(list);
}
