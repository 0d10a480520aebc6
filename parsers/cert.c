/* The facts of an X.509 certificate, copied out of OpenSSL, and the leaf-first order of a set. */
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "parsers_priv.h"

void
parse_cert_facts_free(struct parse_cert_facts *facts)
{
	if (!facts)
		return;
	g_free(facts->subject_cn);
	if (facts->sans)
		g_ptr_array_unref(facts->sans);
	g_free(facts->issuer_cn);
	g_free(facts->subject);
	g_free(facts->issuer);
	g_free(facts->sha256);
	g_free(facts->spki_sha256);
	if (facts->der)
		g_bytes_unref(facts->der);
	g_free(facts);
}

/* Certificate text ends up in JSON, logs and mails: a control byte (a NUL
 * hidden in a name is an old trick) becomes '?' rather than cutting or
 * breaking the line. */
static char *
clean_text(const unsigned char *p, size_t len)
{
	GString *text = g_string_sized_new(len + 1);
	char *valid;

	for (size_t i = 0; i < len; i++)
		g_string_append_c(text, p[i] < 0x20 || p[i] == 0x7f ? '?' : (char)p[i]);
	valid = g_utf8_make_valid(text->str, (gssize)text->len);
	g_string_free(text, TRUE);
	return valid;
}

/* The last CN of name: RFC 6125 calls the last one the most specific. */
static char *
name_cn(const X509_NAME *name)
{
	const X509_NAME_ENTRY *entry;
	unsigned char *utf8 = NULL;
	char *cn = NULL;
	int i = -1, last = -1, n;

	while ((i = X509_NAME_get_index_by_NID(name, NID_commonName, i)) >= 0)
		last = i;
	if (last < 0)
		goto out;
	entry = X509_NAME_get_entry(name, last);
	n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
	if (n < 0)
		goto out;
	cn = clean_text(utf8, (size_t)n);
out:
	OPENSSL_free(utf8);
	return cn;
}

/* Print name with flags; NULL when OpenSSL refuses or the result is not UTF-8. */
static char *
name_print(const X509_NAME *name, unsigned long flags)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *line = NULL;
	char *data;
	long n;

	if (!bio)
		return NULL;
	if (X509_NAME_print_ex(bio, name, 0, flags) < 0)
		goto out;
	n = BIO_get_mem_data(bio, &data);
	if (n < 0 || !g_utf8_validate(data, n, NULL))
		goto out;
	line = g_strndup(data, (gsize)n);
out:
	BIO_free(bio);
	return line;
}

char *
parse_cert_name_line(const X509_NAME *name)
{
	char *line;

	/* Plain XN_FLAG_RFC2253 writes every non-ASCII byte as \XX, which makes
	 * a Japanese organization name unreadable; RFC 2253 allows UTF-8 as is.
	 * A name whose strings do not convert falls back to the escaped form. */
	line = name_print(name, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	if (!line)
		line = name_print(name, XN_FLAG_RFC2253);
	return line ? line : g_strdup("");
}

static GPtrArray *
dns_sans(X509 *x509)
{
	GPtrArray *sans = g_ptr_array_new_with_free_func(g_free);
	GENERAL_NAMES *names = X509_get_ext_d2i(x509, NID_subject_alt_name, NULL, NULL);

	for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);

		if (gn->type != GEN_DNS)
			continue;
		g_ptr_array_add(sans, clean_text(ASN1_STRING_get0_data(gn->d.dNSName),
						 (size_t)ASN1_STRING_length(gn->d.dNSName)));
	}
	GENERAL_NAMES_free(names);
	return sans;
}

static bool
time_unix(const ASN1_TIME *t, int64_t *out)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return false;
	/* timegm reads neither the clock nor TZ: the certificate's time is UTC. */
	*out = (int64_t)timegm(&tm);
	return true;
}

struct parse_cert_facts *
parse_cert_facts_from_x509(X509 *x509, struct mp_error *err)
{
	struct parse_cert_facts *facts = g_new0(struct parse_cert_facts, 1);
	const X509_NAME *subject = X509_get_subject_name(x509);
	const X509_NAME *issuer = X509_get_issuer_name(x509);
	unsigned char *der = NULL, *p;
	EVP_PKEY *pkey;
	int len;
	enum mp_status status = MP_STATUS_OK;

	if (!time_unix(X509_get0_notBefore(x509), &facts->not_before) ||
	    !time_unix(X509_get0_notAfter(x509), &facts->not_after)) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "certificate validity does not decode");
		goto out;
	}

	len = i2d_X509(x509, NULL);
	if (len <= 0) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "certificate does not encode");
		goto out;
	}
	der = g_malloc((gsize)len);
	p = der;
	i2d_X509(x509, &p);
	facts->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, (gsize)len);
	facts->der = g_bytes_new_take(der, (gsize)len);
	der = NULL;

	/* The whole SubjectPublicKeyInfo, as parsers/key.c hashes i2d_PUBKEY,
	 * so that the two can be compared. */
	len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509), &der);
	if (len <= 0) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "certificate public key does not encode");
		goto out;
	}
	facts->spki_sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, (gsize)len);
	OPENSSL_free(der);
	der = NULL;

	facts->subject_cn = name_cn(subject);
	facts->issuer_cn = name_cn(issuer);
	facts->subject = parse_cert_name_line(subject);
	facts->issuer = parse_cert_name_line(issuer);
	facts->sans = dns_sans(x509);
	facts->is_ca = (X509_get_extension_flags(x509) & EXFLAG_CA) != 0;
	pkey = X509_get0_pubkey(x509);
	facts->self_signed = X509_NAME_cmp(subject, issuer) == 0 && pkey &&
			     X509_verify(x509, pkey) == 1;
out:
	OPENSSL_free(der);
	if (status != MP_STATUS_OK) {
		parse_cert_facts_free(facts);
		facts = NULL;
	}
	return facts;
}

X509 *
parse_cert_facts_to_x509(const struct parse_cert_facts *facts)
{
	gsize len;
	const unsigned char *p = g_bytes_get_data(facts->der, &len);

	return d2i_X509(NULL, &p, (long)len);
}

char *
parse_cert_ssl_errors(void)
{
	GString *text = NULL;
	unsigned long e;
	unsigned n = 0;

	while ((e = ERR_get_error()) != 0) {
		const char *lib = ERR_lib_error_string(e);
		const char *reason = ERR_reason_error_string(e);

		/* The first few say what went wrong; the rest repeat it deeper down. */
		if (n++ >= 3)
			continue;
		if (!text)
			text = g_string_new(NULL);
		else
			g_string_append(text, "; ");
		if (reason)
			g_string_append_printf(text, "%s%s%s", lib ? lib : "", lib ? ": " : "", reason);
		else
			g_string_append_printf(text, "OpenSSL error %lx", e);
	}
	ERR_clear_error();
	return text ? g_string_free(text, FALSE) : NULL;
}

/* Does x[i] issue some other certificate of the set? */
static bool
issues_other(X509 **x, guint n, guint i)
{
	for (guint j = 0; j < n; j++)
		if (j != i && X509_check_issued(x[i], x[j]) == X509_V_OK)
			return true;
	return false;
}

void
parse_cert_order(GPtrArray *certs)
{
	X509 **x = NULL;
	bool *placed = NULL;
	gpointer *sorted = NULL;
	guint n, count = 0, leaf = 0, cur;
	bool found = false;

	if (!certs || certs->len < 2)
		return;
	n = certs->len;
	x = g_new0(X509 *, n);
	placed = g_new0(bool, n);
	sorted = g_new0(gpointer, n);
	for (guint i = 0; i < n; i++) {
		/* The facts came from OpenSSL's own encoding: a failure here is
		 * memory, and the order is then left as it was. */
		x[i] = parse_cert_facts_to_x509(g_ptr_array_index(certs, i));
		if (!x[i])
			goto out;
	}

	for (guint i = 0; i < n && !found; i++) {
		const struct parse_cert_facts *f = g_ptr_array_index(certs, i);

		if (!f->is_ca && !issues_other(x, n, i)) {
			leaf = i;
			found = true;
		}
	}
	/* Only CAs (someone checking an intermediate): the bottom one leads. */
	for (guint i = 0; i < n && !found; i++) {
		if (!issues_other(x, n, i)) {
			leaf = i;
			found = true;
		}
	}

	cur = leaf;
	placed[cur] = true;
	sorted[count++] = g_ptr_array_index(certs, cur);
	for (;;) {
		guint next = n;

		for (guint j = 0; j < n && next == n; j++)
			if (!placed[j] && X509_check_issued(x[j], x[cur]) == X509_V_OK)
				next = j;
		if (next == n)
			break;
		cur = next;
		placed[cur] = true;
		sorted[count++] = g_ptr_array_index(certs, cur);
	}
	for (guint i = 0; i < n; i++)
		if (!placed[i])
			sorted[count++] = g_ptr_array_index(certs, i);

	/* The same pointers in a new order: nothing is freed or added. */
	memcpy(certs->pdata, sorted, n * sizeof *sorted);
out:
	for (guint i = 0; i < n; i++)
		X509_free(x[i]);
	g_free(x);
	g_free(placed);
	g_free(sorted);
	ERR_clear_error();
}
