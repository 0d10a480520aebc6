/* Which order a classified mail belongs to, and whether it is trusted, with the database. */
#include <string.h>

#include "mailproc.h"

void
mp_match_clear(struct mp_match *match)
{
	g_free(match->order_id);
	if (match->reasons)
		g_ptr_array_unref(match->reasons);
	memset(match, 0, sizeof *match);
}

static void
reason(struct mp_match *m, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
reason(struct mp_match *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(m->reasons, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

static char *
join_ids(GPtrArray *ids)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < ids->len; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(ids, i));
	return g_string_free(s, FALSE);
}

/* Strong evidence names the order itself: a reply to a mail we sent (or the
 * imported notice), the [ORD-...] tag, a bounce of one of ours. */
static enum mp_status
strong_candidates(struct mp_store *store, const struct parse_event *ev, GPtrArray *ids,
		  struct mp_match *m, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	struct mp_order *o = NULL;

	for (guint i = 0; ev->reference_ids && i < ev->reference_ids->len; i++) {
		guint before = ids->len;

		status = mp_store_orders_by_message_id(store, g_ptr_array_index(ev->reference_ids, i), ids, err);
		if (status != MP_STATUS_OK)
			return status;
		if (ids->len > before)
			reason(m, "reply to %s", (char *)g_ptr_array_index(ev->reference_ids, i));
		/* The newest reference that is ours decides; older ones are
		 * the thread's history. */
		if (ids->len)
			break;
	}
	if (ev->bounce_original_id) {
		guint before = ids->len;

		status = mp_store_orders_by_message_id(store, ev->bounce_original_id, ids, err);
		if (status != MP_STATUS_OK)
			return status;
		if (ids->len > before)
			reason(m, "bounce of our %s", ev->bounce_original_id);
	}
	if (ev->order_tag) {
		status = mp_store_order_get(store, ev->order_tag, &o, NULL);
		if (status == MP_STATUS_OK) {
			bool known = false;

			for (guint i = 0; i < ids->len; i++)
				known |= strcmp(g_ptr_array_index(ids, i), ev->order_tag) == 0;
			if (!known)
				g_ptr_array_add(ids, g_strdup(ev->order_tag));
			reason(m, "subject tag %s", ev->order_tag);
		} else {
			reason(m, "subject tag %s names no order", ev->order_tag);
		}
		mp_order_free(o);
		status = MP_STATUS_OK;
	}
	return status;
}

/* Weak evidence: the certificate's or the CA mail's host name, the sender. */
static enum mp_status
weak_candidates(struct mp_store *store, const struct parse_event *ev, GPtrArray *ids,
		struct mp_match *m, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	bool by_host = ev->kind == PARSE_KIND_APPROVAL_NOTICE || ev->kind == PARSE_KIND_ISSUED_CERTIFICATE ||
		       ev->kind == PARSE_KIND_APPLICATION_FORM;

	if (by_host && ev->domain) {
		status = mp_store_open_orders_by_host(store, ev->domain, ids, err);
		if (status == MP_STATUS_OK && ids->len)
			reason(m, "open order for %s", ev->domain);
		if (status != MP_STATUS_OK || ids->len)
			return status;
	}
	if (ev->kind == PARSE_KIND_CUSTOMER_REPLY && ev->sender) {
		status = mp_store_open_orders_by_address(store, ev->sender, ids, err);
		if (status == MP_STATUS_OK && ids->len)
			reason(m, "open order of %s", ev->sender);
	}
	return status;
}

static bool
address_on_order(const struct mp_order *o, const char *address)
{
	return address && ((o->customer.contact_email && !g_ascii_strcasecmp(address, o->customer.contact_email)) ||
			   (o->customer.tech_email && *o->customer.tech_email &&
			    !g_ascii_strcasecmp(address, o->customer.tech_email)));
}

static bool
in_list(char *const *list, const char *address)
{
	for (; address && list && *list; list++)
		if (!g_ascii_strcasecmp(*list, address))
			return true;
	return false;
}

/* The names a certificate must cover: the common name and every SAN. */
static char **
order_names(const struct mp_order *o)
{
	GPtrArray *names = g_ptr_array_new();
	char **sans = g_strsplit(o->sans ? o->sans : "", " ", -1);

	g_ptr_array_add(names, g_strdup(o->domain));
	for (char **s = sans; *s; s++)
		if (**s)
			g_ptr_array_add(names, g_strdup(*s));
	g_strfreev(sans);
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

bool
mp_match_verify_certs(const struct mp_order *o, GPtrArray *certs, const char *roots_pem, size_t roots_len,
		      int64_t now, GPtrArray *reasons)
{
	struct parse_cert_verdict *v = NULL;
	struct mp_error err = { "" };
	char **names;
	bool ok = false;

	if (!o->key_sha256) {
		g_ptr_array_add(reasons, g_strdup_printf("untrusted: %s has no key on record to match the certificate",
							 o->id));
		return false;
	}
	if (!roots_pem) {
		g_ptr_array_add(reasons, g_strdup("untrusted: no trusted roots to verify the chain"));
		return false;
	}
	names = order_names(o);
	if (parse_cert_verify(certs, roots_pem, roots_len, now, o->key_sha256, (const char *const *)names, &v,
			      &err) != MP_STATUS_OK) {
		g_ptr_array_add(reasons, g_strdup_printf("untrusted: %s", err.text));
	} else if (v->ok) {
		ok = true;
		g_ptr_array_add(reasons, g_strdup_printf("certificate verified: chain, key of %s, names", o->id));
	} else {
		if (!v->chain_ok)
			g_ptr_array_add(reasons, g_strdup_printf("untrusted: chain: %s",
								 v->chain_error ? v->chain_error : "does not verify"));
		if (v->key_match == 0)
			g_ptr_array_add(reasons, g_strdup_printf("untrusted: not the key of %s", o->id));
		if (v->names_ok == 0)
			g_ptr_array_add(reasons, g_strdup_printf("untrusted: names: %s",
								 v->names_error ? v->names_error : "not covered"));
	}
	parse_cert_verdict_free(v);
	g_strfreev(names);
	return ok;
}

static void
decide_trust(const struct mp_config *config, const struct parse_event *ev, const struct mp_order *o,
	     const char *roots_pem, size_t roots_len, int64_t now, struct mp_match *m)
{
	switch (ev->kind) {
	case PARSE_KIND_CUSTOMER_REPLY:
		if (ev->forwarded_by && !ev->forwarded_by_staff)
			reason(m, "untrusted: forwarded by %s, who is not staff", ev->forwarded_by);
		else if (address_on_order(o, ev->sender))
			m->trusted = true, reason(m, "sender %s is on %s", ev->sender, o->id);
		else
			reason(m, "untrusted: sender %s is not an address of %s", ev->sender ? ev->sender : "(none)",
			       o->id);
		break;
	case PARSE_KIND_APPLICATION_FORM: {
		const char *form_mail = ev->form ? parse_form_get(ev->form, "contact_email") : NULL;

		if (address_on_order(o, ev->sender))
			m->trusted = true, reason(m, "form sent by %s, who is on %s", ev->sender, o->id);
		else if (in_list(config->company.form_from, ev->sender) && address_on_order(o, form_mail))
			m->trusted = true, reason(m, "form from the site with %s, who is on %s", form_mail, o->id);
		else
			reason(m, "untrusted: neither the sender nor the form's e-mail is on %s", o->id);
		break;
	}
	case PARSE_KIND_APPROVAL_NOTICE:
		m->trusted = ev->trusted;
		if (!ev->trusted)
			reason(m, "untrusted: the CA mail is not authenticated");
		break;
	case PARSE_KIND_ISSUED_CERTIFICATE:
		m->trusted = mp_match_verify_certs(o, ev->certificates, roots_pem, roots_len, now, m->reasons);
		break;
	case PARSE_KIND_AUTO_REPLY:
	case PARSE_KIND_BOUNCE:
	case PARSE_KIND_UNKNOWN:
		break;
	}
}

enum mp_status
mp_match_event(struct mp_store *store, const struct mp_config *config, const struct parse_event *ev,
	       const char *roots_pem, size_t roots_len, int64_t now, struct mp_match *m,
	       struct mp_error *err)
{
	enum mp_status status;
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
	struct mp_order *o = NULL;

	memset(m, 0, sizeof *m);
	m->reasons = g_ptr_array_new_with_free_func(g_free);
	status = strong_candidates(store, ev, ids, m, err);
	if (status == MP_STATUS_OK && !ids->len)
		status = weak_candidates(store, ev, ids, m, err);
	if (status != MP_STATUS_OK)
		goto out;
	if (ids->len == 0) {
		reason(m, "no order found");
		goto out;
	}
	if (ids->len > 1) {
		char *list = join_ids(ids);

		reason(m, "more than one order: %s", list);
		g_free(list);
		goto out;
	}
	status = mp_store_order_get(store, g_ptr_array_index(ids, 0), &o, err);
	if (status != MP_STATUS_OK)
		goto out;
	m->order_id = g_strdup(o->id);
	decide_trust(config, ev, o, roots_pem, roots_len, now, m);
out:
	mp_order_free(o);
	g_ptr_array_unref(ids);
	return status;
}
