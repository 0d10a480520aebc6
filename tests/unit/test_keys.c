/* Unit tests of keys.c: keys and CSRs read back with OpenSSL, prefectures, atomic writes. */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "mailproc.h"

/* ---- helpers ---------------------------------------------------------------- */

static const char *const sakura_names[] = { "sakura-shoji.example.jp", "WWW.Sakura-Shoji.example.jp",
					    NULL };

static struct mp_csr_request
sakura(enum mp_key_type type, int bits)
{
	return (struct mp_csr_request){
		.type = type,
		.bits = bits,
		.country = "JP",
		.state = "Tokyo",
		.locality = "Chiyoda-ku",
		.org = "Sakura Shoji Co., Ltd.",
		.cn = "www.sakura-shoji.example.jp",
		.names = sakura_names,
	};
}

static void
make(const struct mp_csr_request *req, char **key_pem, char **csr_pem)
{
	struct mp_error err = { "" };
	enum mp_status status = mp_keys_make_csr(req, key_pem, csr_pem, &err);

	cr_assert_eq(status, MP_STATUS_OK, "mp_keys_make_csr: %s", err.text);
	cr_assert_not_null(*key_pem);
	cr_assert_not_null(*csr_pem);
}

static X509_REQ *
read_csr(const char *pem)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509_REQ *req = PEM_read_bio_X509_REQ(bio, NULL, NULL, NULL);

	BIO_free(bio);
	cr_assert_not_null(req, "CSR PEM does not read back");
	return req;
}

static EVP_PKEY *
read_key(const char *pem)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);

	BIO_free(bio);
	cr_assert_not_null(pkey, "key PEM does not read back");
	return pkey;
}

/* A subject field's text, or "" when missing. */
static void
subject_text(X509_REQ *req, int nid, char *buf, int size)
{
	buf[0] = '\0';
	X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(req), nid, buf, size);
}

/* The DNS names of the CSR's subjectAltName, joined by spaces. Caller frees. */
static char *
csr_sans(X509_REQ *req)
{
	STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(req);
	GENERAL_NAMES *gens;
	GString *out = g_string_new("");

	cr_assert_not_null(exts, "no extensions in the CSR");
	gens = X509V3_get_d2i(exts, NID_subject_alt_name, NULL, NULL);
	cr_assert_not_null(gens, "no subjectAltName");
	for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(gens, i);

		cr_assert_eq(gn->type, GEN_DNS);
		g_string_append_printf(out, "%s%.*s", out->len ? " " : "",
				       ASN1_STRING_length(gn->d.dNSName),
				       (const char *)ASN1_STRING_get0_data(gn->d.dNSName));
	}
	GENERAL_NAMES_free(gens);
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	return g_string_free(out, FALSE);
}

static struct parse_key_facts *
facts(const char *pem)
{
	struct parse_key_facts *f = NULL;
	struct mp_error err = { "" };

	cr_assert_eq(parse_key_public(pem, strlen(pem), &f, &err), MP_STATUS_OK, "%s", err.text);
	return f;
}

static void
rm_rf(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);

		unlink(path);
		g_free(path);
	}
	g_dir_close(d);
	rmdir(dir);
}

static char *tmpdir;

static void
make_tmpdir(void)
{
	tmpdir = g_dir_make_tmp("test_keys.XXXXXX", NULL);
	cr_assert_not_null(tmpdir);
}

static void
remove_tmpdir(void)
{
	rm_rf(tmpdir);
	g_free(tmpdir);
}

static char *
slurp(const char *path)
{
	char *data = NULL;

	cr_assert(g_file_get_contents(path, &data, NULL, NULL), "cannot read %s", path);
	return data;
}

static unsigned
mode_of(const char *path)
{
	struct stat st;

	cr_assert_eq(stat(path, &st), 0, "no %s", path);
	return st.st_mode & 07777;
}

static guint
count_files(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	guint n = 0;

	cr_assert_not_null(d);
	while (g_dir_read_name(d))
		n++;
	g_dir_close(d);
	return n;
}

/* ---- CSRs ------------------------------------------------------------------- */

TestSuite(mp_keys);

Test(mp_keys, ec_csr_subject_names_signature)
{
	struct mp_csr_request r = sakura(MP_KEY_EC_P256, 0);
	char *key_pem, *csr_pem, buf[256], *sans;
	X509_REQ *req;
	EVP_PKEY *pub;

	make(&r, &key_pem, &csr_pem);
	cr_assert(g_str_has_prefix(key_pem, "-----BEGIN PRIVATE KEY-----\n"), "PKCS#8 PEM");
	cr_assert(g_str_has_prefix(csr_pem, "-----BEGIN CERTIFICATE REQUEST-----\n"));
	req = read_csr(csr_pem);

	subject_text(req, NID_countryName, buf, sizeof buf);
	cr_assert_str_eq(buf, "JP");
	subject_text(req, NID_stateOrProvinceName, buf, sizeof buf);
	cr_assert_str_eq(buf, "Tokyo");
	subject_text(req, NID_localityName, buf, sizeof buf);
	cr_assert_str_eq(buf, "Chiyoda-ku");
	subject_text(req, NID_organizationName, buf, sizeof buf);
	cr_assert_str_eq(buf, "Sakura Shoji Co., Ltd.");
	subject_text(req, NID_commonName, buf, sizeof buf);
	cr_assert_str_eq(buf, "www.sakura-shoji.example.jp");
	cr_assert_eq(X509_NAME_entry_count(X509_REQ_get_subject_name(req)), 5);

	/* CN first, then the others, lower case and each once. */
	sans = csr_sans(req);
	cr_assert_str_eq(sans, "www.sakura-shoji.example.jp sakura-shoji.example.jp");

	pub = X509_REQ_get0_pubkey(req);
	cr_assert_not_null(pub);
	cr_assert_eq(X509_REQ_verify(req, pub), 1, "the CSR's signature verifies");
	cr_assert_eq(X509_REQ_get_signature_nid(req), NID_ecdsa_with_SHA256);
	cr_assert(EVP_PKEY_is_a(pub, "EC"));
	cr_assert_eq(EVP_PKEY_get_bits(pub), 256);

	g_free(sans);
	X509_REQ_free(req);
	mp_keys_free_secret(key_pem);
	g_free(csr_pem);
}

static void
check_rsa(int bits)
{
	struct mp_csr_request r = sakura(MP_KEY_RSA, bits);
	char *key_pem, *csr_pem;
	X509_REQ *req;
	EVP_PKEY *key;

	make(&r, &key_pem, &csr_pem);
	key = read_key(key_pem);
	cr_assert(EVP_PKEY_is_a(key, "RSA"));
	cr_assert_eq(EVP_PKEY_get_bits(key), bits);
	req = read_csr(csr_pem);
	cr_assert_eq(EVP_PKEY_get_bits(X509_REQ_get0_pubkey(req)), bits);
	cr_assert_eq(X509_REQ_verify(req, X509_REQ_get0_pubkey(req)), 1);
	cr_assert_eq(X509_REQ_get_signature_nid(req), NID_sha256WithRSAEncryption);
	X509_REQ_free(req);
	EVP_PKEY_free(key);
	mp_keys_free_secret(key_pem);
	g_free(csr_pem);
}

Test(mp_keys, rsa_2048)
{
	check_rsa(2048);
}

Test(mp_keys, rsa_3072)
{
	check_rsa(3072);
}

Test(mp_keys, ec_key_is_p256)
{
	struct mp_csr_request r = sakura(MP_KEY_EC_P256, 4096); /* bits ignored for EC */
	char *key_pem, *csr_pem;
	EVP_PKEY *key;
	struct parse_key_facts *f;

	make(&r, &key_pem, &csr_pem);
	key = read_key(key_pem);
	cr_assert(EVP_PKEY_is_a(key, "EC"));
	cr_assert_eq(EVP_PKEY_get_bits(key), 256);
	f = facts(key_pem);
	cr_assert_str_eq(f->description, "EC P-256");
	parse_key_facts_free(f);
	EVP_PKEY_free(key);
	mp_keys_free_secret(key_pem);
	g_free(csr_pem);
}

Test(mp_keys, csr_carries_the_key)
{
	struct mp_csr_request r = sakura(MP_KEY_EC_P256, 0);
	char *key_pem, *csr_pem, *key2, *csr2;
	struct parse_key_facts *k, *c, *k2;

	make(&r, &key_pem, &csr_pem);
	k = facts(key_pem);
	c = facts(csr_pem);
	cr_assert_str_eq(k->source, "private key");
	cr_assert_str_eq(c->source, "CSR");
	cr_assert_str_eq(k->spki_sha256, c->spki_sha256);
	/* ... and every call makes a new key. */
	make(&r, &key2, &csr2);
	k2 = facts(key2);
	cr_assert_str_neq(k->spki_sha256, k2->spki_sha256);
	parse_key_facts_free(k);
	parse_key_facts_free(c);
	parse_key_facts_free(k2);
	mp_keys_free_secret(key_pem);
	mp_keys_free_secret(key2);
	g_free(csr_pem);
	g_free(csr2);
}

Test(mp_keys, wildcard_and_no_extra_names)
{
	struct mp_csr_request r = sakura(MP_KEY_EC_P256, 0);
	const char *const names[] = { "hikari-net.example.jp", NULL };
	char *key_pem, *csr_pem, *sans;
	X509_REQ *req;

	r.cn = "*.hikari-net.example.jp";
	r.names = names;
	make(&r, &key_pem, &csr_pem);
	req = read_csr(csr_pem);
	sans = csr_sans(req);
	cr_assert_str_eq(sans, "*.hikari-net.example.jp hikari-net.example.jp");
	g_free(sans);
	X509_REQ_free(req);
	mp_keys_free_secret(key_pem);
	g_free(csr_pem);

	r.names = NULL;
	make(&r, &key_pem, &csr_pem);
	req = read_csr(csr_pem);
	sans = csr_sans(req);
	cr_assert_str_eq(sans, "*.hikari-net.example.jp", "the CN alone is still a SAN");
	g_free(sans);
	X509_REQ_free(req);
	mp_keys_free_secret(key_pem);
	g_free(csr_pem);
}

/* A refused request: MP_STATUS_BAD_INPUT, the message mentions needle, and
 * nothing is returned. */
static void
refused(const struct mp_csr_request *r, const char *needle)
{
	struct mp_error err = { "" };
	char *key_pem = (char *)"x", *csr_pem = (char *)"x";

	cr_assert_eq(mp_keys_make_csr(r, &key_pem, &csr_pem, &err), MP_STATUS_BAD_INPUT,
		     "expected a refusal about %s", needle);
	cr_assert_null(key_pem);
	cr_assert_null(csr_pem);
	cr_assert(strstr(err.text, needle), "'%s' lacks '%s'", err.text, needle);
	cr_assert_eq(ERR_peek_error(), 0UL, "the OpenSSL error queue is left empty");
}

Test(mp_keys, non_ascii_refused)
{
	struct mp_csr_request r = sakura(MP_KEY_EC_P256, 0);

	r.org = "株式会社さくら商事";
	refused(&r, "printable ASCII");
	r.org = "Ｓａｋｕｒａ Shoji"; /* full-width letters */
	refused(&r, "O ");
	r = sakura(MP_KEY_EC_P256, 0);
	r.state = "東京都";
	refused(&r, "ST ");
	r = sakura(MP_KEY_EC_P256, 0);
	r.locality = "千代田区";
	refused(&r, "L ");
	r.locality = "Chiyoda\n-ku";
	refused(&r, "printable ASCII");
}

Test(mp_keys, other_values_refused)
{
	struct mp_csr_request r = sakura(MP_KEY_EC_P256, 0);
	const char *const bad_names[] = { "www.example.jp,DNS:evil.example", NULL };
	const char *const idn[] = { "さくら.example.jp", NULL };
	char *long_org = g_strnfill(65, 'a');

	r.org = "";
	refused(&r, "O is empty");
	r.org = long_org;
	refused(&r, "longer than");
	r = sakura(MP_KEY_RSA, 1024);
	refused(&r, "2048 or 3072");
	r = sakura(MP_KEY_EC_P256, 0);
	r.names = bad_names;
	refused(&r, "not a DNS name");
	r.names = idn;
	refused(&r, "xn--");
	r = sakura(MP_KEY_EC_P256, 0);
	r.cn = "www..example.jp";
	refused(&r, "not a DNS name");
	r.country = "Japan";
	refused(&r, "country");
	g_free(long_org);
}

Test(mp_keys, check_text)
{
	struct mp_error err = { "" };

	cr_assert_eq(mp_keys_check_text("--locality", "Chiyoda-ku", 128, &err), MP_STATUS_OK);
	cr_assert_eq(mp_keys_check_text("--locality", "千代田区", 128, &err), MP_STATUS_BAD_INPUT);
	cr_assert(strstr(err.text, "--locality '千代田区'"), "%s", err.text);
	cr_assert(strstr(err.text, "English"), "%s", err.text);
	cr_assert_eq(mp_keys_check_text("O", NULL, 64, NULL), MP_STATUS_BAD_INPUT);
	cr_assert_eq(mp_keys_check_text("O", " Sakura", 64, NULL), MP_STATUS_BAD_INPUT);
}

/* ---- prefectures ------------------------------------------------------------------ */

Test(mp_keys, prefectures_all_47)
{
	GHashTable *ja_seen = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *en_seen = g_hash_table_new(g_str_hash, g_str_equal);
	const char *ja, *en;
	size_t n = 0;

	while (mp_keys_prefecture(n, &ja, &en)) {
		char *address = g_strdup_printf("%s某市1-2-3", ja);

		cr_assert(g_str_has_suffix(ja, "都") || g_str_has_suffix(ja, "道") ||
				  g_str_has_suffix(ja, "府") || g_str_has_suffix(ja, "県"),
			  "%s", ja);
		cr_assert_eq(mp_keys_check_text("ST", en, 128, NULL), MP_STATUS_OK, "%s", en);
		cr_assert(g_hash_table_add(ja_seen, (gpointer)ja), "%s twice", ja);
		cr_assert(g_hash_table_add(en_seen, (gpointer)en), "%s twice", en);
		cr_assert_str_eq(mp_keys_prefecture_en(address), en, "%s", address);
		g_free(address);
		n++;
	}
	cr_assert_eq(n, 47);
	cr_assert_eq(g_hash_table_size(ja_seen), 47);
	cr_assert_eq(g_hash_table_size(en_seen), 47);
	g_hash_table_unref(ja_seen);
	g_hash_table_unref(en_seen);
}

Test(mp_keys, prefecture_spot_checks)
{
	cr_assert_str_eq(mp_keys_prefecture_en("東京都千代田区丸の内1-2-3 さくらビル5F"), "Tokyo");
	cr_assert_str_eq(mp_keys_prefecture_en("大阪府大阪市北区梅田2-4-6"), "Osaka");
	cr_assert_str_eq(mp_keys_prefecture_en("北海道札幌市中央区"), "Hokkaido");
	cr_assert_str_eq(mp_keys_prefecture_en("京都府京都市下京区"), "Kyoto");
	cr_assert_str_eq(mp_keys_prefecture_en("神奈川県横浜市中区山下町10-20"), "Kanagawa");
	cr_assert_str_eq(mp_keys_prefecture_en("和歌山県和歌山市"), "Wakayama");
	cr_assert_str_eq(mp_keys_prefecture_en("鹿児島県鹿児島市"), "Kagoshima");
	cr_assert_str_eq(mp_keys_prefecture_en("沖縄県那覇市"), "Okinawa");
	/* white space and a postal code before it */
	cr_assert_str_eq(mp_keys_prefecture_en("  〒100-0005 東京都千代田区"), "Tokyo");
	cr_assert_str_eq(mp_keys_prefecture_en("〒１００－０００５　東京都千代田区"), "Tokyo");
	cr_assert_str_eq(mp_keys_prefecture_en("\u3000大阪府大阪市"), "Osaka");
	cr_assert_str_eq(mp_keys_prefecture_en("530-0001 大阪府大阪市北区"), "Osaka");
	/* no prefecture at the start */
	cr_assert_null(mp_keys_prefecture_en("千代田区丸の内1-2-3"));
	cr_assert_null(mp_keys_prefecture_en("大阪市北区梅田"));
	cr_assert_null(mp_keys_prefecture_en("京都市下京区"));
	cr_assert_null(mp_keys_prefecture_en("1-2-3 Marunouchi, Chiyoda-ku, Tokyo"));
	cr_assert_null(mp_keys_prefecture_en("さくらビル 東京都"));
	cr_assert_null(mp_keys_prefecture_en(""));
	cr_assert_null(mp_keys_prefecture_en(NULL));
	cr_assert_null(mp_keys_prefecture_en("\xff\xfe東京都"));
	cr_assert(!mp_keys_prefecture(47, NULL, NULL));
}

/* ---- writing ------------------------------------------------------------------------ */

Test(mp_keys, private_write_is_0600_even_with_umask_0, .init = make_tmpdir, .fini = remove_tmpdir)
{
	char *path = g_build_filename(tmpdir, "ORD-2026-0001.key", NULL), *data, *kept = (char *)"x";
	struct mp_error err = { "" };

	umask(0);
	cr_assert_eq(mp_keys_write_private(path, "-----BEGIN PRIVATE KEY-----\nAAAA\n", false, &kept, &err),
		     MP_STATUS_OK, "%s", err.text);
	cr_assert_null(kept, "no old file, nothing kept");
	cr_assert_eq(mode_of(path), 0600);
	data = slurp(path);
	cr_assert_str_eq(data, "-----BEGIN PRIVATE KEY-----\nAAAA\n");
	cr_assert_eq(count_files(tmpdir), 1, "no temporary file is left");
	g_free(data);
	g_free(path);
}

Test(mp_keys, public_write_gets_exact_mode, .init = make_tmpdir, .fini = remove_tmpdir)
{
	char *path = g_build_filename(tmpdir, "ORD-2026-0001.csr", NULL);
	struct mp_error err = { "" };

	umask(077);
	cr_assert_eq(mp_keys_write_file(path, "csr\n", 4, 0644, true, NULL, &err), MP_STATUS_OK, "%s",
		     err.text);
	cr_assert_eq(mode_of(path), 0644, "a narrow umask does not narrow the CSR");
	umask(0);
	cr_assert_eq(mp_keys_write_file(path, "csr2\n", 5, 0644, true, NULL, &err), MP_STATUS_OK);
	cr_assert_eq(mode_of(path), 0644);
	g_free(path);
}

Test(mp_keys, existing_file_refused_without_force, .init = make_tmpdir, .fini = remove_tmpdir)
{
	char *path = g_build_filename(tmpdir, "k.key", NULL), *data;
	struct mp_error err = { "" };

	cr_assert_eq(mp_keys_write_private(path, "first\n", false, NULL, &err), MP_STATUS_OK);
	cr_assert_eq(mp_keys_write_private(path, "second\n", false, NULL, &err), MP_STATUS_REFUSED);
	cr_assert(strstr(err.text, "exists"), "%s", err.text);
	data = slurp(path);
	cr_assert_str_eq(data, "first\n", "the old key is left alone");
	cr_assert_eq(count_files(tmpdir), 1, "no temporary file is left");
	g_free(data);
	g_free(path);
}

Test(mp_keys, force_keeps_old, .init = make_tmpdir, .fini = remove_tmpdir)
{
	char *path = g_build_filename(tmpdir, "k.key", NULL), *old = g_strconcat(path, ".old", NULL);
	char *old2 = g_strconcat(path, ".old.2", NULL), *kept = NULL, *data;
	struct mp_error err = { "" };

	umask(0);
	cr_assert_eq(mp_keys_write_private(path, "first\n", false, NULL, &err), MP_STATUS_OK);
	cr_assert_eq(mp_keys_write_private(path, "second\n", true, &kept, &err), MP_STATUS_OK, "%s",
		     err.text);
	cr_assert_str_eq(kept, old);
	data = slurp(path);
	cr_assert_str_eq(data, "second\n");
	g_free(data);
	data = slurp(old);
	cr_assert_str_eq(data, "first\n");
	g_free(data);
	cr_assert_eq(mode_of(path), 0600);
	cr_assert_eq(mode_of(old), 0600);
	g_free(kept);

	/* A second --force does not overwrite the first .old. */
	cr_assert_eq(mp_keys_write_private(path, "third\n", true, &kept, &err), MP_STATUS_OK);
	cr_assert_str_eq(kept, old2);
	data = slurp(old);
	cr_assert_str_eq(data, "first\n");
	g_free(data);
	data = slurp(old2);
	cr_assert_str_eq(data, "second\n");
	g_free(data);

	/* Undo puts the kept key back. */
	mp_keys_undo_write(path, kept);
	data = slurp(path);
	cr_assert_str_eq(data, "second\n");
	g_free(data);
	cr_assert(!g_file_test(old2, G_FILE_TEST_EXISTS));
	cr_assert_eq(count_files(tmpdir), 2);
	g_free(kept);
	g_free(old);
	g_free(old2);
	g_free(path);
}

Test(mp_keys, undo_without_old_removes, .init = make_tmpdir, .fini = remove_tmpdir)
{
	char *path = g_build_filename(tmpdir, "k.csr", NULL), *kept = (char *)"x";

	cr_assert_eq(mp_keys_write_file(path, "x", 1, 0644, true, &kept, NULL), MP_STATUS_OK);
	cr_assert_null(kept);
	mp_keys_undo_write(path, NULL);
	cr_assert(!g_file_test(path, G_FILE_TEST_EXISTS));
	cr_assert_eq(count_files(tmpdir), 0);
	g_free(path);
}

Test(mp_keys, write_into_missing_folder_fails, .init = make_tmpdir, .fini = remove_tmpdir)
{
	char *path = g_build_filename(tmpdir, "nope", "k.key", NULL);
	struct mp_error err = { "" };

	cr_assert_eq(mp_keys_write_private(path, "k\n", false, NULL, &err), MP_STATUS_IO);
	cr_assert(strstr(err.text, "nope"), "%s", err.text);
	g_free(path);
}
