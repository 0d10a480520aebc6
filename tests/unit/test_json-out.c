/* Unit tests of mp_json_*: the certificate object of INTERFACE.md, RFC 3339 times, one-line JSON. */
#include <string.h>

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "mailproc.h"
#include "test-pki.h"

#define T_2020    INT64_C(1577836800) /* 2020-01-01T00:00:00Z */
#define T_2026    INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define T_2027_12 INT64_C(1827619200) /* 2027-12-01T00:00:00Z */
#define T_2040    INT64_C(2208988800) /* 2040-01-01T00:00:00Z */

/* ---- certificates made with OpenSSL, read back with parse_cert_read ------- */

/* A certificate for key signed by issuer_key (issuer NULL: self-signed).
 * cn may be NULL (no CN), sans is a subjectAltName value or NULL. */
static X509 *
jo_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, bool ca,
	const char *sans, int64_t nb, int64_t na)
{
	struct tp_spec spec = {
		.country = "JP", .org = "テスト株式会社", .cn = cn, .sans = sans, .ca = ca,
		.not_before = nb, .not_after = na,
	};

	return tp_cert(&spec, key, issuer, issuer_key);
}

/* The facts of x509 as mailproc gets them: PEM text through parse_cert_read. */
static struct parse_cert_facts *
jo_facts(X509 *x509)
{
	BIO *bio = BIO_new(BIO_s_mem());
	GPtrArray *certs = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	struct mp_error err = { "" };
	struct parse_cert_facts *facts;
	char *pem;
	long len;

	cr_assert(bio && PEM_write_bio_X509(bio, x509));
	len = BIO_get_mem_data(bio, &pem);
	cr_assert_eq(parse_cert_read(pem, (size_t)len, "test.pem", certs, &err), MP_STATUS_OK,
		     "%s", err.text);
	cr_assert_eq(certs->len, 1);
	facts = g_ptr_array_steal_index(certs, 0);
	g_ptr_array_unref(certs);
	BIO_free(bio);
	return facts;
}

/* Lowercase hex SHA-256 of the DER, computed here, not by the parser. */
static char *
jo_sha256(X509 *x509)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	GString *hex = g_string_new(NULL);

	cr_assert(X509_digest(x509, EVP_sha256(), md, &n));
	for (unsigned int i = 0; i < n; i++)
		g_string_append_printf(hex, "%02x", md[i]);
	return g_string_free(hex, FALSE);
}

/* The line mp_json_add_cert gives for c, alone in an array as classify and
 * cert-verify put it. */
static char *
jo_cert_line(const struct parse_cert_facts *c)
{
	JsonBuilder *b = json_builder_new();
	JsonNode *root;
	char *line;

	json_builder_begin_array(b);
	mp_json_add_cert(b, c);
	json_builder_end_array(b);
	root = json_builder_get_root(b);
	line = mp_json_to_line(root);
	json_node_unref(root);
	g_object_unref(b);
	return line;
}

/* Parse line back (it must be valid JSON) and return the one object in its
 * array; the parser is returned in *parser_out to keep the object alive. */
static JsonObject *
jo_parse_cert(const char *line, JsonParser **parser_out)
{
	JsonParser *parser = json_parser_new();
	GError *error = NULL;
	JsonNode *root;
	JsonArray *array;

	cr_assert(json_parser_load_from_data(parser, line, -1, &error), "%s: %s", line,
		  error ? error->message : "");
	root = json_parser_get_root(parser);
	cr_assert(JSON_NODE_HOLDS_ARRAY(root));
	array = json_node_get_array(root);
	cr_assert_eq(json_array_get_length(array), 1);
	cr_assert(JSON_NODE_HOLDS_OBJECT(json_array_get_element(array, 0)));
	*parser_out = parser;
	return json_array_get_object_element(array, 0);
}

static void
jo_assert_members(JsonObject *o)
{
	static const char *const members[] = { "subject_cn", "sans", "issuer_cn",
					       "not_after", "sha256", "is_ca" };

	cr_assert_eq(json_object_get_size(o), G_N_ELEMENTS(members));
	for (size_t i = 0; i < G_N_ELEMENTS(members); i++)
		cr_assert(json_object_has_member(o, members[i]), "member %s", members[i]);
}

Test(mp_json, cert_object_of_a_leaf)
{
	EVP_PKEY *ca_key = tp_key(), *leaf_key = tp_key();
	X509 *ca = jo_cert("Test OV CA", ca_key, NULL, NULL, true, NULL, T_2020, T_2040);
	X509 *leaf = jo_cert("www.example.jp", leaf_key, ca, ca_key, false,
			     "DNS:www.example.jp,DNS:example.jp", T_2026, T_2027_12);
	struct parse_cert_facts *facts = jo_facts(leaf);
	char *line = jo_cert_line(facts), *sha = jo_sha256(leaf);
	JsonParser *parser;
	JsonObject *o = jo_parse_cert(line, &parser);
	JsonArray *sans;

	jo_assert_members(o);
	cr_assert_str_eq(json_object_get_string_member(o, "subject_cn"), "www.example.jp");
	sans = json_object_get_array_member(o, "sans");
	cr_assert_eq(json_array_get_length(sans), 2);
	cr_assert_str_eq(json_array_get_string_element(sans, 0), "www.example.jp");
	cr_assert_str_eq(json_array_get_string_element(sans, 1), "example.jp");
	cr_assert_str_eq(json_object_get_string_member(o, "issuer_cn"), "Test OV CA");
	cr_assert_str_eq(json_object_get_string_member(o, "not_after"), "2027-12-01T00:00:00Z");
	cr_assert_str_eq(json_object_get_string_member(o, "sha256"), sha);
	cr_assert_eq(strlen(sha), 64);
	cr_assert(JSON_NODE_TYPE(json_object_get_member(o, "is_ca")) == JSON_NODE_VALUE);
	cr_assert_not(json_object_get_boolean_member(o, "is_ca"));
	/* Exactly INTERFACE.md's object, in its order. */
	cr_assert_not_null(strstr(line, "[{\"subject_cn\":\"www.example.jp\",\"sans\":"
					"[\"www.example.jp\",\"example.jp\"],\"issuer_cn\":"
					"\"Test OV CA\",\"not_after\":\"2027-12-01T00:00:00Z\","
					"\"sha256\":\""),
			  "%s", line);
	cr_assert(g_str_has_suffix(line, "\",\"is_ca\":false}]"), "%s", line);

	g_object_unref(parser);
	g_free(line);
	g_free(sha);
	parse_cert_facts_free(facts);
	X509_free(leaf);
	X509_free(ca);
	EVP_PKEY_free(leaf_key);
	EVP_PKEY_free(ca_key);
}

Test(mp_json, cert_object_of_a_ca)
{
	EVP_PKEY *key = tp_key();
	X509 *root = jo_cert("Test Root CA", key, NULL, NULL, true, NULL, T_2020, T_2040);
	struct parse_cert_facts *facts = jo_facts(root);
	char *line = jo_cert_line(facts);
	JsonParser *parser;
	JsonObject *o = jo_parse_cert(line, &parser);

	jo_assert_members(o);
	cr_assert(json_object_get_boolean_member(o, "is_ca"));
	cr_assert_str_eq(json_object_get_string_member(o, "issuer_cn"), "Test Root CA");
	cr_assert_str_eq(json_object_get_string_member(o, "not_after"), "2040-01-01T00:00:00Z");
	cr_assert_eq(json_array_get_length(json_object_get_array_member(o, "sans")), 0);

	g_object_unref(parser);
	g_free(line);
	parse_cert_facts_free(facts);
	X509_free(root);
	EVP_PKEY_free(key);
}

Test(mp_json, cert_without_cn_or_sans_gives_null_and_empty_list)
{
	EVP_PKEY *key = tp_key();
	X509 *x509 = jo_cert(NULL, key, NULL, NULL, false, NULL, T_2020, T_2040);
	struct parse_cert_facts *facts = jo_facts(x509);
	char *line = jo_cert_line(facts);
	JsonParser *parser;
	JsonObject *o = jo_parse_cert(line, &parser);

	jo_assert_members(o);
	cr_assert(json_object_get_null_member(o, "subject_cn"));
	cr_assert(json_object_get_null_member(o, "issuer_cn"));
	cr_assert(JSON_NODE_HOLDS_ARRAY(json_object_get_member(o, "sans")));
	cr_assert_eq(json_array_get_length(json_object_get_array_member(o, "sans")), 0);
	cr_assert_not_null(strstr(line, "\"subject_cn\":null,\"sans\":[],\"issuer_cn\":null"), "%s",
			   line);

	g_object_unref(parser);
	g_free(line);
	parse_cert_facts_free(facts);
	X509_free(x509);
	EVP_PKEY_free(key);
}

Test(mp_json, empty_facts_give_nulls)
{
	/* Whatever a caller could hand over: every string missing. */
	struct parse_cert_facts facts = { .not_after = 0 };
	char *line = jo_cert_line(&facts);

	cr_assert_str_eq(line, "[{\"subject_cn\":null,\"sans\":[],\"issuer_cn\":null,"
			       "\"not_after\":\"1970-01-01T00:00:00Z\",\"sha256\":null,"
			       "\"is_ca\":false}]");
	g_free(line);
}

Test(mp_json, utf8_cn_is_kept_as_is)
{
	static const char cn[] = "テスト証明書 例え.jp";
	EVP_PKEY *key = tp_key();
	X509 *x509 = jo_cert(cn, key, NULL, NULL, false, "DNS:xn--r8jz45g.jp", T_2020, T_2040);
	struct parse_cert_facts *facts = jo_facts(x509);
	char *line = jo_cert_line(facts);
	JsonParser *parser;
	JsonObject *o = jo_parse_cert(line, &parser);

	/* Raw UTF-8 in the line, not \u escapes. */
	cr_assert_not_null(strstr(line, cn), "%s", line);
	cr_assert_null(strstr(line, "\\u"), "%s", line);
	cr_assert(g_utf8_validate(line, -1, NULL));
	cr_assert_str_eq(json_object_get_string_member(o, "subject_cn"), cn);
	cr_assert_str_eq(json_object_get_string_member(o, "issuer_cn"), cn);
	cr_assert_str_eq(json_array_get_string_element(json_object_get_array_member(o, "sans"), 0),
			 "xn--r8jz45g.jp");

	g_object_unref(parser);
	g_free(line);
	parse_cert_facts_free(facts);
	X509_free(x509);
	EVP_PKEY_free(key);
}

/* ---- times ---------------------------------------------------------------- */

static void
jo_assert_time(int64_t t, const char *expected)
{
	char *text = mp_json_time(t);

	cr_assert_str_eq(text, expected, "t=%" G_GINT64_FORMAT, t);
	g_free(text);
}

Test(mp_json, time_epoch)
{
	jo_assert_time(0, "1970-01-01T00:00:00Z");
	jo_assert_time(-1, "1969-12-31T23:59:59Z");
	jo_assert_time(86399, "1970-01-01T23:59:59Z");
}

Test(mp_json, time_expiry_dates)
{
	jo_assert_time(T_2027_12, "2027-12-01T00:00:00Z");
	jo_assert_time(T_2027_12 - 1, "2027-11-30T23:59:59Z");
	jo_assert_time(T_2026, "2026-01-01T00:00:00Z");
	jo_assert_time(INT64_C(253402300799), "9999-12-31T23:59:59Z");
}

Test(mp_json, time_leap_days)
{
	jo_assert_time(INT64_C(1835481599), "2028-02-29T23:59:59Z");
	jo_assert_time(INT64_C(1835481600), "2028-03-01T00:00:00Z");
	jo_assert_time(INT64_C(951825600), "2000-02-29T12:00:00Z");
	/* 1900 was no leap year: 28 February is followed by 1 March. */
	jo_assert_time(INT64_C(-2203891200), "1900-03-01T00:00:00Z");
	jo_assert_time(INT64_C(-2203891201), "1900-02-28T23:59:59Z");
}

Test(mp_json, time_agrees_with_gdatetime)
{
	/* Every 37 hours and 17 seconds from 1901 to 2100 against GLib. */
	for (int64_t t = INT64_C(-2177452800); t < INT64_C(4102444800); t += 37 * 3600 + 17) {
		GDateTime *dt = g_date_time_new_from_unix_utc(t);
		char *want = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ"), *got = mp_json_time(t);

		cr_assert_str_eq(got, want, "t=%" G_GINT64_FORMAT, t);
		g_free(got);
		g_free(want);
		g_date_time_unref(dt);
	}
}

/* ---- one line ---------------------------------------------------------------- */

Test(mp_json, line_is_one_line_and_parses_back)
{
	JsonBuilder *b = json_builder_new();
	JsonParser *parser = json_parser_new();
	GError *error = NULL;
	JsonNode *root;
	JsonObject *o;
	char *line;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "text");
	json_builder_add_string_value(b, "two\nlines, a \"quote\", a \\ and a tab\t");
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, "株式会社テスト");
	json_builder_set_member_name(b, "list");
	json_builder_begin_array(b);
	json_builder_add_int_value(b, 1);
	json_builder_add_null_value(b);
	json_builder_add_boolean_value(b, TRUE);
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	line = mp_json_to_line(root);

	cr_assert_null(strchr(line, '\n'), "%s", line);
	cr_assert_null(strchr(line, '\t'), "%s", line);
	cr_assert_null(strstr(line, ": "), "not pretty: %s", line);
	cr_assert_not_null(strstr(line, "株式会社テスト"), "%s", line);
	cr_assert(json_parser_load_from_data(parser, line, -1, &error), "%s",
		  error ? error->message : "");
	o = json_node_get_object(json_parser_get_root(parser));
	cr_assert_str_eq(json_object_get_string_member(o, "text"),
			 "two\nlines, a \"quote\", a \\ and a tab\t");
	cr_assert_str_eq(json_object_get_string_member(o, "name"), "株式会社テスト");
	cr_assert_eq(json_array_get_length(json_object_get_array_member(o, "list")), 3);

	g_free(line);
	json_node_unref(root);
	g_object_unref(parser);
	g_object_unref(b);
}
