/* Certificates out of whatever a CA sends, in memory: PEM, DER, PKCS#7 and ZIP files of those. */
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <zip.h>

#include "parsers_priv.h"

/*
 * Limits for ZIP files. A certificate bundle is a few kilobytes; the limits are
 * there so that a zip bomb or a ZIP of a million entries costs nothing, and
 * are far above anything a CA sends.
 */
#define ZIP_ENTRY_MAX   (10u * 1024 * 1024) /* uncompressed bytes read from one entry */
#define ZIP_TOTAL_MAX   (64u * 1024 * 1024) /* uncompressed bytes read in one call */
#define ZIP_ENTRIES_MAX 1000                /* entries looked at in one ZIP */
#define ZIP_NEST_MAX    2                   /* a ZIP, and a ZIP inside it; no deeper */

struct reader {
	GPtrArray *certs;
	GHashTable *seen;  /* sha256 of each certificate in certs (borrowed from the facts) */
	guint found;       /* certificates seen in this input, duplicates included */
	char *note;        /* why the first thing skipped was skipped; owned */
	size_t zip_read;   /* uncompressed bytes read from ZIP entries so far */
};

static void read_buffer(struct reader *r, const void *buf, size_t len, const char *where,
			int zip_depth);

/* Keep the first reason only: it is the one nearest to what the sender meant. */
static void G_GNUC_PRINTF(2, 3)
note(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->note)
		return;
	va_start(ap, fmt);
	r->note = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

/* Note why where was skipped, with OpenSSL's reason when it gave one. */
static void
note_ssl(struct reader *r, const char *where, const char *what)
{
	char *ssl = parse_cert_ssl_errors();

	note(r, "%s: %s%s%s", where, what, ssl ? ": " : "", ssl ? ssl : "");
	g_free(ssl);
}

static void
add_x509(struct reader *r, X509 *x509, const char *where)
{
	struct mp_error err = { "" };
	struct parse_cert_facts *facts = parse_cert_facts_from_x509(x509, &err);

	if (!facts) {
		note(r, "%s: %s", where, err.text);
		return;
	}
	r->found++;
	if (g_hash_table_contains(r->seen, facts->sha256)) {
		parse_cert_facts_free(facts);
		return;
	}
	g_hash_table_add(r->seen, facts->sha256);
	g_ptr_array_add(r->certs, facts);
}

/* The certificates of a PKCS#7 SignedData (a "certs-only" .p7b has no signer
 * and no content, only this list). */
static void
add_pkcs7(struct reader *r, PKCS7 *p7, const char *where)
{
	STACK_OF(X509) *list = NULL;

	if (PKCS7_type_is_signed(p7) && p7->d.sign)
		list = p7->d.sign->cert;
	else if (PKCS7_type_is_signedAndEnveloped(p7) && p7->d.signed_and_enveloped)
		list = p7->d.signed_and_enveloped->cert;
	if (sk_X509_num(list) <= 0) {
		note(r, "%s: PKCS#7 without certificates", where);
		return;
	}
	for (int i = 0; i < sk_X509_num(list); i++)
		add_x509(r, sk_X509_value(list, i), where);
}

/* DER bytes that should hold a certificate or a PKCS#7. Returns false when
 * they are neither, leaving the reason to the caller. */
static bool
read_der(struct reader *r, const unsigned char *der, size_t len, const char *where)
{
	const unsigned char *p = der, *end = der + len;
	X509 *x509;
	PKCS7 *p7;
	bool any = false;

	if (len > LONG_MAX)
		return false;
	/* Usually one certificate; a few tools write several back to back. */
	while (p < end && (x509 = d2i_X509(NULL, &p, (long)(end - p))) != NULL) {
		add_x509(r, x509, where);
		X509_free(x509);
		any = true;
	}
	if (any)
		return true;
	ERR_clear_error();
	p = der;
	p7 = d2i_PKCS7(NULL, &p, (long)len);
	if (!p7)
		return false;
	add_pkcs7(r, p7, where);
	PKCS7_free(p7);
	return true;
}

struct pem_ctx {
	struct reader *r;
	const char *where;
};

static void
pem_block(const char *label, const char *block, size_t len, void *data)
{
	struct pem_ctx *ctx = data;
	bool cert = strcmp(label, "CERTIFICATE") == 0 || strcmp(label, "X509 CERTIFICATE") == 0;
	bool p7 = strcmp(label, "PKCS7") == 0 || strcmp(label, "PKCS #7 SIGNED DATA") == 0 ||
		  strcmp(label, "CMS") == 0;
	unsigned char *der;
	long der_len;

	/* Private keys, CSRs and the rest are passed over undecoded. */
	if (!cert && !p7) {
		note(ctx->r, "%s: holds a %s, not a certificate", ctx->where, label);
		return;
	}
	der = parse_cert_pem_decode(block, len, &der_len);
	if (!der) {
		note_ssl(ctx->r, ctx->where, "broken PEM block");
		return;
	}
	/* Either label may hold the other: GlobalSign's DOMAIN.pem is PKCS#7,
	 * and hand-made bundles mislabel. read_der tries both. */
	if (!read_der(ctx->r, der, (size_t)der_len, ctx->where))
		note_ssl(ctx->r, ctx->where, "PEM block is neither a certificate nor PKCS#7");
	OPENSSL_free(der);
}

guint
parse_cert_pem_each(const char *buf, size_t len, parse_cert_pem_fn fn, void *data)
{
	static const char begin[] = "-----BEGIN ";
	const char *p = buf, *end = buf + len;
	guint count = 0;

	while (p < end && (p = memmem(p, (size_t)(end - p), begin, sizeof begin - 1)) != NULL) {
		const char *label = p + sizeof begin - 1;
		const char *label_end = memmem(label, (size_t)(end - label), "-----", 5);
		const char *stop, *next;
		char *label_str, *end_marker;
		size_t label_len;

		if (!label_end)
			break;
		label_len = (size_t)(label_end - label);
		if (label_len == 0 || label_len > 64 || memchr(label, '\n', label_len)) {
			p = label;
			continue;
		}
		label_str = g_strndup(label, label_len);
		end_marker = g_strdup_printf("-----END %s-----", label_str);
		stop = memmem(label_end, (size_t)(end - label_end), end_marker, strlen(end_marker));
		/* A block cut short must not swallow the next one. */
		next = memmem(label_end, (size_t)(end - label_end), begin, sizeof begin - 1);
		if (stop && (!next || next > stop)) {
			stop += strlen(end_marker);
			fn(label_str, p, (size_t)(stop - p), data);
			count++;
			p = stop;
		} else {
			p = label_end;
		}
		g_free(end_marker);
		g_free(label_str);
	}
	return count;
}

unsigned char *
parse_cert_pem_decode(const char *block, size_t len, long *der_len)
{
	BIO *bio;
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;

	if (len > INT_MAX)
		return NULL;
	bio = BIO_new_mem_buf(block, (int)len);
	if (!bio)
		return NULL;
	if (!PEM_read_bio(bio, &name, &header, &der, der_len))
		der = NULL;
	OPENSSL_free(name);
	OPENSSL_free(header);
	BIO_free(bio);
	return der;
}

static bool
is_zip(const unsigned char *p, size_t len)
{
	/* A local file header, or the end record alone of an empty archive. */
	return len >= 4 && p[0] == 'P' && p[1] == 'K' &&
	       ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6));
}

/* Entries that hold the private key: never read, so its bytes never leave the ZIP. */
static bool
is_key_name(const char *name)
{
	char *lower = g_ascii_strdown(name, -1);
	const char *base = strrchr(lower, '/');
	bool key;

	base = base ? base + 1 : lower;
	key = g_str_has_suffix(base, ".key") || g_str_has_suffix(base, ".p12") ||
	      g_str_has_suffix(base, ".pfx") || strstr(base, "privkey") != NULL ||
	      (strstr(base, "private") != NULL && strstr(base, "key") != NULL);
	g_free(lower);
	return key;
}

/* Read one entry, stopping at ZIP_ENTRY_MAX whatever the header claims (the
 * header of a bomb lies). Returns NULL with a note when it cannot or may not. */
static GByteArray *
read_entry(struct reader *r, zip_t *za, zip_uint64_t index, const char *where)
{
	zip_file_t *zf;
	GByteArray *data = NULL;
	guint8 chunk[16384];
	zip_int64_t n;
	bool ok = false;

	zf = zip_fopen_index(za, index, 0);
	if (!zf) {
		note(r, "%s: %s", where, zip_strerror(za));
		goto out;
	}
	data = g_byte_array_new();
	while ((n = zip_fread(zf, chunk, sizeof chunk)) > 0) {
		r->zip_read += (size_t)n;
		if (data->len + (size_t)n > ZIP_ENTRY_MAX || r->zip_read > ZIP_TOTAL_MAX) {
			note(r, "%s: larger than %u bytes, not read", where, ZIP_ENTRY_MAX);
			goto out;
		}
		g_byte_array_append(data, chunk, (guint)n);
	}
	if (n < 0) {
		note(r, "%s: %s", where, zip_file_strerror(zf));
		goto out;
	}
	ok = true;
out:
	if (zf)
		zip_fclose(zf);
	if (!ok && data) {
		g_byte_array_unref(data);
		data = NULL;
	}
	return data;
}

static void
read_zip(struct reader *r, const void *buf, size_t len, const char *where, int zip_depth)
{
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za = NULL;
	zip_int64_t entries;

	zip_error_init(&zerr);
	if (zip_depth >= ZIP_NEST_MAX) {
		note(r, "%s: ZIP inside a ZIP inside a ZIP, not read", where);
		goto out;
	}
	src = zip_source_buffer_create(buf, len, 0, &zerr);
	if (!src) {
		note(r, "%s: %s", where, zip_error_strerror(&zerr));
		goto out;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	if (!za) {
		/* Not taken by the archive, so still ours. */
		zip_source_free(src);
		note(r, "%s: not a readable ZIP file: %s", where, zip_error_strerror(&zerr));
		goto out;
	}
	entries = zip_get_num_entries(za, 0);
	if (entries <= 0)
		note(r, "%s: empty ZIP file", where);
	for (zip_int64_t i = 0; i < entries && i < ZIP_ENTRIES_MAX; i++) {
		zip_stat_t st;
		GByteArray *data;
		char *entry_where;

		zip_stat_init(&st);
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
			continue;
		if (g_str_has_suffix(st.name, "/") || is_key_name(st.name))
			continue;
		entry_where = g_strdup_printf("%s/%s", where, st.name);
		if ((st.valid & ZIP_STAT_SIZE) && st.size > ZIP_ENTRY_MAX) {
			note(r, "%s: larger than %u bytes, not read", entry_where, ZIP_ENTRY_MAX);
		} else if ((data = read_entry(r, za, (zip_uint64_t)i, entry_where)) != NULL) {
			read_buffer(r, data->data, data->len, entry_where, zip_depth + 1);
			g_byte_array_unref(data);
		}
		g_free(entry_where);
	}
	/* Read-only: nothing to write back, and this frees the source too. */
	zip_discard(za);
out:
	zip_error_fini(&zerr);
}

/* Whether buf holds "-----BEGIN ". Found by its dashes with memchr(),
 * which goes over a large binary attachment several times faster than
 * memmem(). */
static bool
has_pem_begin(const char *buf, size_t len)
{
	const char *end = buf + len;

	for (const char *p = memchr(buf, '-', len); p; p = memchr(p + 1, '-', (size_t)(end - p - 1)))
		if ((size_t)(end - p) >= 11 && memcmp(p, "-----BEGIN ", 11) == 0)
			return true;
	return false;
}

static void
read_buffer(struct reader *r, const void *buf, size_t len, const char *where, int zip_depth)
{
	if (len == 0) {
		note(r, "%s: empty", where);
		return;
	}
	if (is_zip(buf, len)) {
		read_zip(r, buf, len, where, zip_depth);
		return;
	}
	if (has_pem_begin(buf, len)) {
		struct pem_ctx ctx = { r, where };

		if (parse_cert_pem_each(buf, len, pem_block, &ctx) == 0)
			note(r, "%s: PEM text without a complete block", where);
		return;
	}
	if (!read_der(r, buf, len, where))
		note(r, "%s: not PEM, DER, PKCS#7 or ZIP", where);
	ERR_clear_error();
}

enum mp_status
parse_cert_read(const void *buf, size_t len, const char *name, GPtrArray *certs,
		struct mp_error *err)
{
	struct reader r = { .certs = certs };
	const char *where = name ? name : "input";
	enum mp_status status;

	r.seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < certs->len; i++) {
		struct parse_cert_facts *facts = g_ptr_array_index(certs, i);

		g_hash_table_add(r.seen, facts->sha256);
	}
	if (buf)
		read_buffer(&r, buf, len, where, 0);
	else
		note(&r, "%s: empty", where);

	if (r.found > 0) {
		status = MP_STATUS_OK;
	} else {
		/* The note names the file (or ZIP entry) itself, so it only goes
		 * after the file name when it adds something. */
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "no certificate found in %s%s%s",
				      where, r.note ? " (" : "", r.note ? r.note : "");
		if (r.note && err)
			g_strlcat(err->text, ")", sizeof err->text);
	}
	g_hash_table_unref(r.seen);
	g_free(r.note);
	ERR_clear_error();
	return status;
}
