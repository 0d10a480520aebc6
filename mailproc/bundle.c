/* The install-report ZIP of an order, built in memory: leaf, intermediates and root in the CA's layout. */
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <zip.h>

#include "mailproc.h"

/* A certificate with the OpenSSL object needed to check who issued it. */
struct node {
	const struct parse_cert_facts *facts; /* borrowed from a GPtrArray of ours */
	X509 *x509;                           /* owned */
};

static void
nodes_free(struct node *nodes, guint n)
{
	for (guint i = 0; nodes && i < n; i++)
		X509_free(nodes[i].x509);
	g_free(nodes);
}

static struct node *
nodes_new(GPtrArray *certs)
{
	struct node *nodes = g_new0(struct node, certs->len ? certs->len : 1);
	const unsigned char *p;
	gsize len;

	for (guint i = 0; i < certs->len; i++) {
		nodes[i].facts = g_ptr_array_index(certs, i);
		p = g_bytes_get_data(nodes[i].facts->der, &len);
		/* The DER came out of OpenSSL's own encoder in parse_cert_read:
		 * NULL here means no memory, and then the link is simply not found. */
		nodes[i].x509 = d2i_X509(NULL, &p, (long)len);
	}
	return nodes;
}

/* Did parent issue child: the names match (and the key identifiers, when
 * given) and parent's key verifies child's signature. A name alone is not
 * enough: two CAs of one name with different keys are different CAs. */
static bool
issued_by(const struct node *child, const struct node *parent)
{
	EVP_PKEY *key;

	if (!child->x509 || !parent->x509)
		return false;
	if (X509_check_issued(parent->x509, child->x509) != X509_V_OK)
		return false;
	key = X509_get0_pubkey(parent->x509);
	return key && X509_verify(child->x509, key) == 1;
}

/* What goes into the ZIP, certificates borrowed from the caller's arrays. */
struct chain {
	const struct parse_cert_facts *leaf;
	GPtrArray *intermediates; /* const struct parse_cert_facts *, leaf's issuer first */
	const struct parse_cert_facts *root;
};

/* The issuer of last among the configured roots, or NULL. A self-signed one
 * is preferred: a cross-signed copy in a bundle is not the top. */
static const struct parse_cert_facts *
root_from_bundle(const struct node *last, GPtrArray *roots)
{
	struct node *nodes = nodes_new(roots);
	const struct parse_cert_facts *found = NULL;

	for (guint pass = 0; pass < 2 && !found; pass++)
		for (guint i = 0; i < roots->len && !found; i++)
			if ((pass == 1 || nodes[i].facts->self_signed) && issued_by(last, &nodes[i]))
				found = nodes[i].facts;
	nodes_free(nodes, roots->len);
	return found;
}

/* Walk up from the leaf through certs (parse_cert_order'ed), then find the
 * root in roots_pem when the CA did not send it. roots holds the parsed
 * roots for the lifetime of the chain. */
static enum mp_status
chain_build(const char *order_id, GPtrArray *certs, const void *roots_pem, size_t roots_len,
	    GPtrArray *roots, struct chain *chain, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	struct node *nodes = nodes_new(certs);
	bool *used = g_new0(bool, certs->len);
	guint cur = 0;
	struct mp_error ignored;

	chain->leaf = nodes[0].facts;
	if (chain->leaf->is_ca || chain->leaf->self_signed) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "the issued certificate of %s has no server certificate (%s is a CA)",
				      order_id, chain->leaf->subject);
		goto out;
	}
	used[0] = true;
	while (!nodes[cur].facts->self_signed) {
		guint next = certs->len;

		/* parse_cert_order put each issuer after what it issued, so the
		 * first match is the one the CA meant. */
		for (guint j = 0; j < certs->len && next == certs->len; j++)
			if (!used[j] && issued_by(&nodes[cur], &nodes[j]))
				next = j;
		if (next == certs->len)
			break;
		used[next] = true;
		cur = next;
		if (nodes[cur].facts->self_signed)
			chain->root = nodes[cur].facts;
		else
			g_ptr_array_add(chain->intermediates, (gpointer)nodes[cur].facts);
	}
	for (guint i = 0; i < certs->len; i++)
		if (!used[i])
			g_warning("order=%s bundle: left out certificate subject=\"%s\": not on the"
				  " leaf's chain",
				  order_id, nodes[i].facts->subject);
	if (chain->intermediates->len == 0) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "the issued certificate of %s comes without its intermediate"
				      " certificate (issuer %s): record the CA's whole chain",
				      order_id, chain->leaf->issuer);
		goto out;
	}
	if (chain->root)
		goto out;
	/* The CA did not send its root: take the configured trust anchor that
	 * issued the top of the chain. */
	if (roots_pem && roots_len > 0 &&
	    parse_cert_read(roots_pem, roots_len, "[trust] roots", roots, &ignored) == MP_STATUS_OK)
		chain->root = root_from_bundle(&nodes[cur], roots);
	if (!chain->root)
		status = mp_error_set(err, MP_STATUS_NOT_FOUND,
				      "the root for %s (issuer of %s) is not in [trust] roots",
				      nodes[cur].facts->issuer, nodes[cur].facts->subject);
out:
	nodes_free(nodes, certs->len);
	g_free(used);
	ERR_clear_error();
	return status;
}

static char *
pem_list(GPtrArray *certs)
{
	GString *out = g_string_new(NULL);

	for (guint i = 0; i < certs->len; i++) {
		char *pem = parse_cert_pem(g_ptr_array_index(certs, i));

		g_string_append(out, pem);
		g_free(pem);
	}
	return g_string_free(out, FALSE);
}

/* The text of one file of the layout. */
static enum mp_status
file_text(const struct wf_bundle_file *file, const struct chain *chain, char **text,
	  struct mp_error *err)
{
	GPtrArray *list;
	enum mp_status status = MP_STATUS_OK;

	*text = NULL;
	switch (file->content) {
	case WF_BUNDLE_LEAF:
		*text = parse_cert_pem(chain->leaf);
		break;
	case WF_BUNDLE_INTERMEDIATES:
		*text = pem_list(chain->intermediates);
		break;
	case WF_BUNDLE_ROOT:
		*text = parse_cert_pem(chain->root);
		break;
	case WF_BUNDLE_CHAIN:
		list = g_ptr_array_copy(chain->intermediates, NULL, NULL);
		g_ptr_array_add(list, (gpointer)chain->root);
		*text = pem_list(list);
		g_ptr_array_unref(list);
		break;
	case WF_BUNDLE_LEAF_PKCS7:
		list = g_ptr_array_copy(chain->intermediates, NULL, NULL);
		g_ptr_array_insert(list, 0, (gpointer)chain->leaf);
		status = parse_cert_pkcs7_pem(list, text, err);
		g_ptr_array_unref(list);
		break;
	}
	return status;
}

/* The leaf's notBefore as an MS-DOS time in Tokyo, for every entry: the
 * bytes do not depend on the day the bundle is made nor on TZ. */
static void
dos_time(int64_t t, zip_uint16_t *time_out, zip_uint16_t *date_out)
{
	int64_t local = t + WF_JST_OFFSET;
	int64_t secs = ((local % 86400) + 86400) % 86400;
	int y, m, d;

	wf_day_to_ymd(wf_day_of_time(t), &y, &m, &d);
	if (y < 1980) {
		y = 1980, m = 1, d = 1, secs = 0;
	} else if (y > 2107) {
		y = 2107, m = 12, d = 31, secs = 86399;
	}
	*time_out = (zip_uint16_t)((secs / 3600) << 11 | (secs % 3600 / 60) << 5 | (secs % 60) / 2);
	*date_out = (zip_uint16_t)((y - 1980) << 9 | m << 5 | d);
}

/* Write names[i] -> texts[i] into a ZIP in memory. */
static enum mp_status
zip_build(GPtrArray *files, GPtrArray *texts, int64_t mtime, GBytes **zip_out,
	  struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	zip_error_t zerr;
	zip_source_t *src = NULL, *fsrc;
	zip_t *za = NULL;
	zip_stat_t st;
	zip_uint16_t dtime, ddate;
	guint8 *data = NULL;
	bool opened = false;

	zip_error_init(&zerr);
	dos_time(mtime, &dtime, &ddate);
	src = zip_source_buffer_create(NULL, 0, 0, &zerr);
	if (!src) {
		status = mp_error_set(err, MP_STATUS_IO, "ZIP: %s", zip_error_strerror(&zerr));
		goto out;
	}
	za = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!za) {
		status = mp_error_set(err, MP_STATUS_IO, "ZIP: %s", zip_error_strerror(&zerr));
		goto out;
	}
	/* zip_close releases the archive's reference; ours keeps the bytes. */
	zip_source_keep(src);
	for (guint i = 0; i < files->len; i++) {
		const struct wf_bundle_file *f = g_ptr_array_index(files, i);
		const char *text = g_ptr_array_index(texts, i);
		zip_int64_t index;

		/* Not freed by libzip (freep 0): texts outlive zip_close. */
		fsrc = zip_source_buffer(za, text, strlen(text), 0);
		if (!fsrc) {
			status = mp_error_set(err, MP_STATUS_IO, "ZIP %s: %s", f->name, zip_strerror(za));
			goto out;
		}
		index = zip_file_add(za, f->name, fsrc, ZIP_FL_ENC_UTF_8);
		if (index < 0) {
			zip_source_free(fsrc);
			status = mp_error_set(err, MP_STATUS_IO, "ZIP %s: %s", f->name, zip_strerror(za));
			goto out;
		}
		if (zip_file_set_dostime(za, (zip_uint64_t)index, dtime, ddate, 0) < 0 ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)index, 0, ZIP_OPSYS_UNIX,
						      (zip_uint32_t)0100644 << 16) < 0) {
			status = mp_error_set(err, MP_STATUS_IO, "ZIP %s: %s", f->name, zip_strerror(za));
			goto out;
		}
	}
	if (zip_close(za) < 0) {
		status = mp_error_set(err, MP_STATUS_IO, "ZIP: %s", zip_strerror(za));
		goto out;
	}
	za = NULL;
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || st.size == 0 ||
	    zip_source_open(src) < 0) {
		status = mp_error_set(err, MP_STATUS_IO, "ZIP: %s",
				      zip_error_strerror(zip_source_error(src)));
		goto out;
	}
	opened = true;
	data = g_malloc(st.size);
	if (zip_source_read(src, data, st.size) != (zip_int64_t)st.size) {
		status = mp_error_set(err, MP_STATUS_IO, "ZIP: %s",
				      zip_error_strerror(zip_source_error(src)));
		goto out;
	}
	*zip_out = g_bytes_new_take(data, st.size);
	data = NULL;
out:
	if (opened)
		zip_source_close(src);
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	g_free(data);
	zip_error_fini(&zerr);
	return status;
}

enum mp_status
mp_bundle_build(const struct mp_order *o, const char *issued_pem, const void *roots_pem,
		size_t roots_len, GBytes **zip_out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	GPtrArray *certs = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	GPtrArray *roots = g_ptr_array_new_with_free_func((GDestroyNotify)parse_cert_facts_free);
	GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *files = NULL;
	struct chain chain = { .intermediates = g_ptr_array_new() };
	const char *id = o->id ? o->id : "the order";
	char *reason = NULL;

	*zip_out = NULL;
	files = wf_bundle_layout(o->ca, o->domain, &reason);
	if (!files) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "%s: %s", id, reason);
		goto out;
	}
	if (!issued_pem || !*issued_pem) {
		status = mp_error_set(err, MP_STATUS_NOT_FOUND, "%s has no issued certificate yet", id);
		goto out;
	}
	status = parse_cert_read(issued_pem, strlen(issued_pem), "issued certificate", certs, err);
	if (status != MP_STATUS_OK)
		goto out;
	parse_cert_order(certs);
	status = chain_build(id, certs, roots_pem, roots_len, roots, &chain, err);
	if (status != MP_STATUS_OK)
		goto out;
	for (guint i = 0; i < files->len; i++) {
		const struct wf_bundle_file *f = g_ptr_array_index(files, i);
		char *text = NULL;

		status = file_text(f, &chain, &text, err);
		if (status != MP_STATUS_OK)
			goto out;
		g_ptr_array_add(texts, text);
		/* Built from certificates only, so this cannot happen; if it ever
		 * does, the customer's mail must not carry the key. */
		if (strstr(text, "PRIVATE KEY")) {
			status = mp_error_set(err, MP_STATUS_REFUSED,
					      "%s: %s would hold a private key; no bundle written", id,
					      f->name);
			goto out;
		}
	}
	status = zip_build(files, texts, chain.leaf->not_before, zip_out, err);
out:
	if (files)
		g_ptr_array_unref(files);
	g_ptr_array_unref(texts);
	g_ptr_array_unref(chain.intermediates);
	g_ptr_array_unref(roots);
	g_ptr_array_unref(certs);
	g_free(reason);
	return status;
}
