/* Orders in the store: loading them and carrying out a workflow step in one transaction. */
#include <string.h>

#include "store_priv.h"

#define ORDER_COLUMNS                                                                    \
	"o.id, o.customer_id, o.state, o.flags, o.state_since, o.applied_at, o.price_jpy," \
	" o.ca_order, o.approval_url, o.notice_message_id, o.key_sha256, o.key_source,"    \
	" o.application, o.created_at, c.id, c.domain, c.sans, c.ca, c.product,"           \
	" c.validation, c.not_after, i.id, i.sha256, i.not_after, u.org_name,"             \
	" u.org_name_en, u.address, u.phone, u.contact_name, u.contact_title,"             \
	" u.contact_email, u.tech_email, u.language"
#define ORDER_FROM                                                      \
	" FROM orders o JOIN certificates c ON c.id = o.certificate_id" \
	" JOIN customers u ON u.id = o.customer_id"                     \
	" LEFT JOIN certificates i ON i.id = o.issued_certificate_id"

void
mp_customer_clear(struct mp_customer *c)
{
	g_free(c->id);
	g_free(c->org_name);
	g_free(c->org_name_en);
	g_free(c->address);
	g_free(c->phone);
	g_free(c->contact_name);
	g_free(c->contact_title);
	g_free(c->contact_email);
	g_free(c->tech_email);
	g_free(c->language);
	memset(c, 0, sizeof *c);
}

void
mp_order_free(struct mp_order *o)
{
	if (!o)
		return;
	g_free(o->id);
	g_free(o->customer_id);
	mp_customer_clear(&o->customer);
	g_free(o->domain);
	g_free(o->sans);
	g_free(o->ca);
	g_free(o->product);
	g_free(o->validation);
	g_free(o->ca_order);
	g_free(o->approval_url);
	g_free(o->notice_message_id);
	g_free(o->key_sha256);
	g_free(o->key_source);
	g_free(o->application);
	g_free(o->issued_sha256);
	g_free(o);
}

/* A struct mp_order of the ORDER_COLUMNS row (gpointer: store_collect takes it). */
static gpointer
order_from_row(sqlite3_stmt *stmt)
{
	struct mp_order *o = g_new0(struct mp_order, 1);
	const char *state;
	int i = 0;

	o->id = store_column_dup(stmt, i++);
	o->customer_id = store_column_dup(stmt, i++);
	state = (const char *)sqlite3_column_text(stmt, i++);
	if (!state || !wf_state_parse(state, &o->wf.state))
		o->wf.state = WF_STATE_COUNT; /* checked by the caller */
	o->wf.flags = (unsigned)sqlite3_column_int64(stmt, i++);
	o->wf.state_since = sqlite3_column_int64(stmt, i++);
	o->wf.applied_at = sqlite3_column_int64(stmt, i++);
	o->price_jpy = sqlite3_column_int64(stmt, i++);
	o->ca_order = store_column_dup(stmt, i++);
	o->approval_url = store_column_dup(stmt, i++);
	o->notice_message_id = store_column_dup(stmt, i++);
	o->key_sha256 = store_column_dup(stmt, i++);
	o->key_source = store_column_dup(stmt, i++);
	o->application = store_column_dup(stmt, i++);
	o->created_at = sqlite3_column_int64(stmt, i++);
	o->certificate_id = sqlite3_column_int64(stmt, i++);
	o->domain = store_column_dup(stmt, i++);
	o->sans = store_column_dup(stmt, i++);
	o->ca = store_column_dup(stmt, i++);
	o->product = store_column_dup(stmt, i++);
	o->validation = store_column_dup(stmt, i++);
	o->wf.not_after = sqlite3_column_int64(stmt, i++);
	o->issued_certificate_id = sqlite3_column_int64(stmt, i++);
	o->issued_sha256 = store_column_dup(stmt, i++);
	o->issued_not_after = sqlite3_column_int64(stmt, i++);
	o->customer.id = g_strdup(o->customer_id);
	o->customer.org_name = store_column_dup(stmt, i++);
	o->customer.org_name_en = store_column_dup(stmt, i++);
	o->customer.address = store_column_dup(stmt, i++);
	o->customer.phone = store_column_dup(stmt, i++);
	o->customer.contact_name = store_column_dup(stmt, i++);
	o->customer.contact_title = store_column_dup(stmt, i++);
	o->customer.contact_email = store_column_dup(stmt, i++);
	o->customer.tech_email = store_column_dup(stmt, i++);
	o->customer.language = store_column_dup(stmt, i++);

	o->wf.id = o->id;
	o->wf.issued_sha256 = o->issued_sha256;
	o->wf.current = (struct wf_party){
		.org_name = o->customer.org_name,
		.org_name_en = o->customer.org_name_en,
		.address = o->customer.address,
		.phone = o->customer.phone,
		.contact_name = o->customer.contact_name,
		.contact_title = o->customer.contact_title,
		.contact_email = o->customer.contact_email,
		.tech_email = o->customer.tech_email,
		.ca = o->ca,
		.validation = o->validation,
	};
	return o;
}

static enum mp_status
check_state(struct mp_order *o, struct mp_error *err)
{
	if (o->wf.state == WF_STATE_COUNT)
		return mp_error_set(err, MP_STATUS_DATABASE, "order %s has an unknown state in the database",
				    o->id);
	return MP_STATUS_OK;
}

enum mp_status
mp_store_order_get(struct mp_store *store, const char *id, struct mp_order **out,
		   struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	struct mp_order *o = NULL;
	int rc;

	*out = NULL;
	status = store_prepare(store, "SELECT " ORDER_COLUMNS ORDER_FROM " WHERE o.id = ?", &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		status = mp_error_set(err, MP_STATUS_NOT_FOUND, "no order %s", id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		status = store_sqlite_error(store, err, "reading an order");
		goto out;
	}
	o = order_from_row(stmt);
	status = check_state(o, err);
	if (status != MP_STATUS_OK)
		goto out;
	*out = o;
	o = NULL;
out:
	mp_order_free(o);
	store_release(store, stmt);
	return status;
}

enum mp_status
mp_store_order_list(struct mp_store *store, const enum wf_state *state, GPtrArray **out,
		    struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	*out = NULL;
	status = store_prepare(store,
			       "SELECT " ORDER_COLUMNS ORDER_FROM
			       " WHERE ?1 IS NULL OR o.state = ?1 ORDER BY o.created_at, o.id",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	store_bind_text(stmt, 1, state ? wf_state_name(*state) : NULL);
	status = store_collect(store, stmt, order_from_row,
			       (GDestroyNotify)mp_order_free, "listing orders", out, err);
	for (guint i = 0; status == MP_STATUS_OK && i < (*out)->len; i++)
		status = check_state(g_ptr_array_index(*out, i), err);
	if (status != MP_STATUS_OK && *out) {
		g_ptr_array_unref(*out);
		*out = NULL;
	}
	return status;
}

char *
mp_store_next_order_id(struct mp_store *store, int64_t now, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int year, month, day;
	int64_t last = 0;
	char *id = NULL;

	wf_day_to_ymd(wf_day_of_time(now), &year, &month, &day);
	if (store_prepare(store,
			  "INSERT INTO order_ids (year, last) VALUES (?1, 1)"
			  " ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
			  &stmt, err) != MP_STATUS_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, year);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_sqlite_error(store, err, "numbering an order");
		goto out;
	}
	last = sqlite3_column_int64(stmt, 0);
	id = g_strdup_printf("ORD-%04d-%04" G_GINT64_FORMAT, year, last);
out:
	store_release(store, stmt);
	return id;
}

/* A Message-ID we will send: the order, the template and random bits, so a
 * reply's In-Reply-To leads back to the order even without the subject tag. */
static char *
new_message_id(const char *order_id, const char *template_name, const char *domain)
{
	return g_strdup_printf("<%s.%s.%08x%08x@%s>", order_id, template_name, g_random_int(),
			       g_random_int(), domain && *domain ? domain : "mailproc.invalid");
}

static char *
customer_recipients(const struct mp_order *o)
{
	const char *tech = o->customer.tech_email;

	if (tech && *tech && g_ascii_strcasecmp(tech, o->customer.contact_email) != 0)
		return g_strdup_printf("%s, %s", o->customer.contact_email, tech);
	return g_strdup(o->customer.contact_email);
}

static enum mp_status
queue_mail(struct mp_store *store, const struct mp_apply *a, const struct wf_effect *e,
	   struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	const char *template_name = wf_mail_name(e->mail);
	char *recipient = NULL, *message_id = NULL;
	GString *flags = g_string_new(NULL);

	if (e->to == WF_TO_STAFF)
		recipient = a->staff ? g_strjoinv(", ", (char **)a->staff) : g_strdup("");
	else
		recipient = customer_recipients(a->order);
	if (e->in_reply)
		g_string_append(flags, "in_reply ");
	if (e->phone_warning)
		g_string_append(flags, "phone_warning ");
	if (e->attach_bundle)
		g_string_append(flags, "attach_bundle ");
	message_id = new_message_id(a->order->id, template_name, a->from_domain);

	status = store_prepare(store,
			       "INSERT INTO outbox (order_id, template, recipient, message_id,"
			       " in_reply_to, note, flags, created_at, next_attempt_at)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, a->order->id);
	store_bind_text(stmt, 2, template_name);
	store_bind_text(stmt, 3, recipient);
	store_bind_text(stmt, 4, message_id);
	store_bind_text(stmt, 5, e->in_reply ? a->event->message_id : NULL);
	store_bind_text(stmt, 6, e->text);
	store_bind_text(stmt, 7, g_strstrip(flags->str));
	sqlite3_bind_int64(stmt, 8, a->now);
	sqlite3_bind_int64(stmt, 9, a->now);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "queueing a mail");
	else
		g_message("order=%s mail=%s to=%s msg=%s", a->order->id, template_name,
			  e->to == WF_TO_STAFF ? "staff" : "customer", message_id);
out:
	store_release(store, stmt);
	g_free(recipient);
	g_free(message_id);
	g_string_free(flags, TRUE);
	return status;
}

static enum mp_status
store_application(struct mp_store *store, const struct mp_apply *a, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	status = store_prepare(store, "UPDATE orders SET application = ? WHERE id = ?", &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, a->application_json);
	store_bind_text(stmt, 2, a->order->id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "storing the application");
out:
	store_release(store, stmt);
	return status;
}

/* The issued certificate becomes a certificates row of its own: the next
 * cycle renews it. */
static enum mp_status
store_cert(struct mp_store *store, const struct mp_apply *a, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	const struct mp_order *o = a->order;

	status = store_prepare(store,
			       "INSERT INTO certificates (customer_id, domain, sans, ca, product,"
			       " validation, not_after, sha256, pem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
			       " ON CONFLICT (domain, not_after) DO UPDATE SET sha256 = excluded.sha256,"
			       " pem = excluded.pem RETURNING id",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, o->customer_id);
	store_bind_text(stmt, 2, o->domain);
	store_bind_text(stmt, 3, o->sans);
	store_bind_text(stmt, 4, o->ca);
	store_bind_text(stmt, 5, o->product);
	store_bind_text(stmt, 6, o->validation);
	sqlite3_bind_int64(stmt, 7, a->event->cert_not_after);
	store_bind_text(stmt, 8, a->event->cert_sha256);
	store_bind_text(stmt, 9, a->cert_pem);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		status = store_sqlite_error(store, err, "storing the certificate");
		goto out;
	}
	{
		int64_t cert_id = sqlite3_column_int64(stmt, 0);

		store_release(store, stmt);
		stmt = NULL;
		status = store_prepare(store, "UPDATE orders SET issued_certificate_id = ? WHERE id = ?",
				       &stmt, err);
		if (status != MP_STATUS_OK)
			goto out;
		sqlite3_bind_int64(stmt, 1, cert_id);
		store_bind_text(stmt, 2, o->id);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			status = store_sqlite_error(store, err, "linking the certificate");
	}
out:
	store_release(store, stmt);
	return status;
}

/* Paid: the issued certificate starts the next cycle as a scheduled order. */
static enum mp_status
next_order(struct mp_store *store, const struct mp_apply *a, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	const struct mp_order *o = a->order;
	char *id = NULL;

	if (!o->issued_certificate_id) {
		/* An order imported past issuance has no certificate on record:
		 * payment still counts, and staff import the next cycle. */
		g_warning("order=%s paid without an issued certificate on record: next cycle not scheduled",
			  o->id);
		return mp_store_add_transition(store, o->id, wf_state_name(WF_STATE_PAID),
					       wf_state_name(WF_STATE_PAID), wf_cause_name(WF_CAUSE_AUTOMATIC),
					       a->detail,
					       "next cycle not scheduled: no issued certificate on record;"
					       " import the new certificate", a->now, err);
	}
	id = mp_store_next_order_id(store, a->now, err);
	if (!id)
		return MP_STATUS_DATABASE;
	status = store_prepare(store,
			       "INSERT INTO orders (id, customer_id, certificate_id, state, state_since,"
			       " price_jpy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, id);
	store_bind_text(stmt, 2, o->customer_id);
	sqlite3_bind_int64(stmt, 3, o->issued_certificate_id);
	store_bind_text(stmt, 4, wf_state_name(WF_STATE_SCHEDULED));
	sqlite3_bind_int64(stmt, 5, a->now);
	sqlite3_bind_int64(stmt, 6, o->price_jpy);
	sqlite3_bind_int64(stmt, 7, a->now);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		status = store_sqlite_error(store, err, "scheduling the next cycle");
		goto out;
	}
	status = mp_store_add_transition(store, id, NULL, wf_state_name(WF_STATE_SCHEDULED),
					 wf_cause_name(WF_CAUSE_AUTOMATIC), o->id,
					 "next cycle, from the certificate of the paid order", a->now, err);
	if (status == MP_STATUS_OK)
		g_message("order=%s to=scheduled after=%s", id, o->id);
out:
	store_release(store, stmt);
	g_free(id);
	return status;
}

static enum mp_status
update_order(struct mp_store *store, const struct mp_apply *a, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	const struct wf_result *r = a->result;
	bool moved = r->state != a->order->wf.state;

	status = store_prepare(store,
			       "UPDATE orders SET state = ?1, flags = ?2,"
			       " state_since = CASE WHEN ?3 THEN ?4 ELSE state_since END,"
			       " applied_at = CASE WHEN ?1 = 'applied' AND ?3 THEN ?4 ELSE applied_at END,"
			       " ca_order = COALESCE(?5, ca_order),"
			       " approval_url = COALESCE(?6, approval_url)"
			       " WHERE id = ?7 AND state = ?8",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, wf_state_name(r->state));
	sqlite3_bind_int64(stmt, 2, r->flags);
	sqlite3_bind_int(stmt, 3, moved);
	sqlite3_bind_int64(stmt, 4, a->now);
	store_bind_text(stmt, 5, a->event->ca_order);
	store_bind_text(stmt, 6, a->event->approval_url);
	store_bind_text(stmt, 7, a->order->id);
	/* The state the decision was made on: if another process moved the
	 * order meanwhile, nothing is written and the caller retries. */
	store_bind_text(stmt, 8, wf_state_name(a->order->wf.state));
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		status = store_sqlite_error(store, err, "updating the order");
		goto out;
	}
	if (sqlite3_changes(store->db) != 1)
		status = mp_error_set(err, MP_STATUS_TEMPFAIL,
				      "order %s changed while it was being decided; try again", a->order->id);
out:
	store_release(store, stmt);
	return status;
}

enum mp_status
mp_store_apply(struct mp_store *store, const struct mp_apply *a, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	const struct wf_result *r = a->result;
	bool own_transaction = !store->in_transaction;
	guint i;

	if (r->refused)
		return mp_error_set(err, MP_STATUS_REFUSED, "%s", r->reason ? r->reason : "refused");
	if (own_transaction) {
		status = mp_store_begin(store, err);
		if (status != MP_STATUS_OK)
			return status;
	}
	status = update_order(store, a, err);
	if (status != MP_STATUS_OK)
		goto out;
	for (i = 0; i < r->records->len; i++) {
		const struct wf_record *rec = g_ptr_array_index(r->records, i);

		status = mp_store_add_transition(store, a->order->id, wf_state_name(rec->from),
						 wf_state_name(rec->to), wf_cause_name(rec->cause),
						 a->detail, rec->note, a->now, err);
		if (status != MP_STATUS_OK)
			goto out;
		if (rec->from != rec->to)
			g_message("order=%s from=%s to=%s cause=%s%s%s", a->order->id,
				  wf_state_name(rec->from), wf_state_name(rec->to),
				  wf_cause_name(rec->cause), a->detail ? " detail=" : "",
				  a->detail ? a->detail : "");
	}
	for (i = 0; i < r->effects->len; i++) {
		const struct wf_effect *e = g_ptr_array_index(r->effects, i);

		switch (e->kind) {
		case WF_EFFECT_MAIL:
			status = queue_mail(store, a, e, err);
			break;
		case WF_EFFECT_STORE_APPLICATION:
			status = store_application(store, a, err);
			break;
		case WF_EFFECT_STORE_CERT:
			status = store_cert(store, a, err);
			break;
		case WF_EFFECT_NEXT_ORDER:
			status = next_order(store, a, err);
			break;
		}
		if (status != MP_STATUS_OK)
			goto out;
	}
	if (own_transaction)
		status = mp_store_commit(store, err);
out:
	if (status != MP_STATUS_OK && own_transaction)
		mp_store_rollback(store);
	return status;
}

enum mp_status
mp_store_order_set_key(struct mp_store *store, const char *order_id,
		       const struct parse_key_facts *key, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	status = store_prepare(store,
			       "UPDATE orders SET key_spki = ?, key_sha256 = ?, key_source = ? WHERE id = ?",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, key->spki_pem);
	store_bind_text(stmt, 2, key->spki_sha256);
	store_bind_text(stmt, 3, key->source);
	store_bind_text(stmt, 4, order_id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "recording the order's key");
	else if (sqlite3_changes(store->db) != 1)
		status = mp_error_set(err, MP_STATUS_NOT_FOUND, "no order %s", order_id);
out:
	store_release(store, stmt);
	return status;
}

enum mp_status
mp_store_issued_pem(struct mp_store *store, const char *order_id, char **pem, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	*pem = NULL;
	status = store_prepare(store,
			       "SELECT c.pem FROM orders o JOIN certificates c ON c.id = o.issued_certificate_id"
			       " WHERE o.id = ?",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, order_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*pem = store_column_dup(stmt, 0);
	if (!*pem)
		status = mp_error_set(err, MP_STATUS_NOT_FOUND, "%s has no issued certificate on record",
				      order_id);
out:
	store_release(store, stmt);
	return status;
}
