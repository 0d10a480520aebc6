/* Does an issued certificate count: chain to a configured root, our key, the order's names. */
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "parsers_priv.h"

void
parse_cert_verdict_free(struct parse_cert_verdict *verdict)
{
	if (!verdict)
		return;
	g_free(verdict->chain_error);
	g_free(verdict->names_error);
	g_free(verdict);
}

struct roots_ctx {
	X509_STORE *store;
	guint count;
};

static void
root_block(const char *label, const char *block, size_t len, void *data)
{
	struct roots_ctx *ctx = data;
	const unsigned char *p;
	unsigned char *der;
	long der_len;
	X509 *x509;

	if (strcmp(label, "CERTIFICATE") != 0)
		return;
	/* One broken block in a system bundle must not hide the roots after it. */
	der = parse_cert_pem_decode(block, len, &der_len);
	if (!der)
		return;
	p = der;
	x509 = d2i_X509(NULL, &p, der_len);
	if (x509 && X509_STORE_add_cert(ctx->store, x509) == 1)
		ctx->count++;
	X509_free(x509);
	OPENSSL_free(der);
}

/* Verify the chain and fill chain_ok / chain_error. Returns MP_STATUS_CRYPTO
 * only when OpenSSL could not even start. */
static enum mp_status
verify_chain(struct parse_cert_verdict *v, X509_STORE *store, X509 *leaf,
	     STACK_OF(X509) *untrusted, int64_t at, struct mp_error *err)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	enum mp_status status = MP_STATUS_OK;
	int code, depth;
	X509 *where;
	char *subject = NULL, *ssl = NULL;

	if (!ctx || !X509_STORE_CTX_init(ctx, store, leaf, untrusted)) {
		ssl = parse_cert_ssl_errors();
		status = mp_error_set(err, MP_STATUS_CRYPTO, "cannot set up verification: %s",
				      ssl ? ssl : "out of memory");
		goto out;
	}
	/* A TLS server certificate, checked as browsers do; and no
	 * X509_V_FLAG_PARTIAL_CHAIN: the chain must end at a configured root,
	 * whatever the sender put in the bundle. */
	X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), (time_t)at);

	if (X509_verify_cert(ctx) == 1) {
		v->chain_ok = true;
		goto out;
	}
	code = X509_STORE_CTX_get_error(ctx);
	depth = X509_STORE_CTX_get_error_depth(ctx);
	where = X509_STORE_CTX_get_current_cert(ctx);
	if (where)
		subject = parse_cert_name_line(X509_get_subject_name(where));
	if (code == X509_V_OK) {
		/* Failed without a verification error: OpenSSL itself broke. */
		ssl = parse_cert_ssl_errors();
		v->chain_error = g_strdup_printf("verification failed: %s",
						 ssl ? ssl : "unknown error");
	} else {
		v->chain_error = g_strdup_printf("%s at depth %d%s%s%s",
						 X509_verify_cert_error_string(code), depth,
						 subject ? " (" : "", subject ? subject : "",
						 subject ? ")" : "");
	}
out:
	g_free(subject);
	g_free(ssl);
	X509_STORE_CTX_free(ctx);
	return status;
}

/* Is name covered by the leaf's DNS names? */
static bool
name_covered(X509 *leaf, const struct parse_cert_facts *facts, const char *name)
{
	/* A wildcard order is for a wildcard certificate: "*.example.jp"
	 * listing www.example.jp and mail.example.jp is not what was bought. */
	if (g_str_has_prefix(name, "*.")) {
		for (guint i = 0; i < facts->sans->len; i++)
			if (g_ascii_strcasecmp(g_ptr_array_index(facts->sans, i), name) == 0)
				return true;
		return false;
	}
	/* RFC 6125: the subject's CN never counts, a wildcard covers exactly one
	 * whole label. */
	return name[0] != '\0' &&
	       X509_check_host(leaf, name, strlen(name),
			       X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS |
				       X509_CHECK_FLAG_NEVER_CHECK_SUBJECT,
			       NULL) == 1;
}

static void
check_names(struct parse_cert_verdict *v, X509 *leaf, const struct parse_cert_facts *facts,
	    const char *const *names)
{
	GString *listed;

	for (const char *const *name = names; *name; name++) {
		if (name_covered(leaf, facts, *name))
			continue;
		v->names_ok = 0;
		listed = g_string_new(NULL);
		for (guint i = 0; i < facts->sans->len; i++)
			g_string_append_printf(listed, "%s%s", i ? ", " : "",
					       (const char *)g_ptr_array_index(facts->sans, i));
		v->names_error = g_strdup_printf("%s is not covered by the certificate's names (%s)",
						 *name, listed->len ? listed->str : "none");
		g_string_free(listed, TRUE);
		return;
	}
	v->names_ok = 1;
}

enum mp_status
parse_cert_verify(GPtrArray *certs, const void *roots_pem, size_t roots_len, int64_t at,
		  const char *key_spki_sha256, const char *const *names,
		  struct parse_cert_verdict **out, struct mp_error *err)
{
	enum mp_status status;
	struct parse_cert_verdict *v = NULL;
	struct roots_ctx roots = { NULL, 0 };
	const struct parse_cert_facts *leaf_facts;
	STACK_OF(X509) *untrusted = NULL;
	X509 *leaf = NULL;

	*out = NULL;
	if (!certs || certs->len == 0) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "no certificate to verify");
		goto out;
	}
	roots.store = X509_STORE_new();
	untrusted = sk_X509_new_null();
	if (!roots.store || !untrusted) {
		status = mp_error_set(err, MP_STATUS_CRYPTO, "out of memory");
		goto out;
	}
	if (roots_pem)
		parse_cert_pem_each(roots_pem, roots_len, root_block, &roots);
	if (roots.count == 0) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "no certificate in the trusted roots");
		goto out;
	}

	leaf_facts = g_ptr_array_index(certs, 0);
	leaf = parse_cert_facts_to_x509(leaf_facts);
	if (!leaf) {
		status = mp_error_set(err, MP_STATUS_CRYPTO, "certificate does not re-read");
		goto out;
	}
	for (guint i = 1; i < certs->len; i++) {
		X509 *x509 = parse_cert_facts_to_x509(g_ptr_array_index(certs, i));

		if (!x509 || !sk_X509_push(untrusted, x509)) {
			X509_free(x509);
			status = mp_error_set(err, MP_STATUS_CRYPTO, "certificate does not re-read");
			goto out;
		}
	}

	v = g_new0(struct parse_cert_verdict, 1);
	v->key_match = -1;
	v->names_ok = -1;
	v->not_after = leaf_facts->not_after;
	status = verify_chain(v, roots.store, leaf, untrusted, at, err);
	if (status != MP_STATUS_OK)
		goto out;
	if (key_spki_sha256)
		v->key_match = g_ascii_strcasecmp(leaf_facts->spki_sha256, key_spki_sha256) == 0;
	if (names)
		check_names(v, leaf, leaf_facts, names);
	v->ok = v->chain_ok && v->key_match != 0 && v->names_ok != 0;
	*out = v;
	v = NULL;
out:
	parse_cert_verdict_free(v);
	X509_free(leaf);
	sk_X509_pop_free(untrusted, X509_free);
	X509_STORE_free(roots.store);
	ERR_clear_error();
	return status;
}
