/* Store queries that find the orders a mail may belong to. */
#include <string.h>

#include "store_priv.h"

static void
add_unique(GPtrArray *ids, const char *id)
{
	for (guint i = 0; i < ids->len; i++)
		if (strcmp(g_ptr_array_index(ids, i), id) == 0)
			return;
	g_ptr_array_add(ids, g_strdup(id));
}

/* Run a query whose first column is an order id, binding text parameters. */
static enum mp_status
collect(struct mp_store *store, const char *sql, const char *a, const char *b, GPtrArray *ids,
	struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	int rc;

	status = store_prepare(store, sql, &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	store_bind_text(stmt, 1, a);
	if (b)
		store_bind_text(stmt, 2, b);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		add_unique(ids, (const char *)sqlite3_column_text(stmt, 0));
	if (rc != SQLITE_DONE)
		status = store_sqlite_error(store, err, "matching a mail to an order");
	store_release(store, stmt);
	return status;
}

#define OPEN_STATES \
	" o.state NOT IN ('declined', 'paid', 'new_application', 'lapsed')"

enum mp_status
mp_store_orders_by_message_id(struct mp_store *store, const char *message_id, GPtrArray *ids,
			      struct mp_error *err)
{
	return collect(store,
		       "SELECT order_id FROM outbox WHERE message_id = ?1 AND order_id IS NOT NULL"
		       " UNION SELECT id FROM orders WHERE notice_message_id = ?1",
		       message_id, NULL, ids, err);
}

enum mp_status
mp_store_open_orders_by_host(struct mp_store *store, const char *host, GPtrArray *ids,
			     struct mp_error *err)
{
	const char *dot = strchr(host, '.');
	char *wild = dot ? g_strconcat("*", dot, NULL) : NULL;
	enum mp_status status;

	/* sans is space-separated: pad it so a name matches whole. */
	status = collect(store,
			 "SELECT o.id FROM orders o JOIN certificates c ON c.id = o.certificate_id WHERE"
			 OPEN_STATES " AND (c.domain IN (?1, ?2)"
			 " OR instr(' ' || c.sans || ' ', ' ' || ?1 || ' ') > 0"
			 " OR instr(' ' || c.sans || ' ', ' ' || ?2 || ' ') > 0)"
			 " ORDER BY o.id",
			 host, wild ? wild : host, ids, err);
	g_free(wild);
	return status;
}

enum mp_status
mp_store_open_orders_by_address(struct mp_store *store, const char *address, GPtrArray *ids,
				struct mp_error *err)
{
	return collect(store,
		       "SELECT o.id FROM orders o JOIN customers u ON u.id = o.customer_id WHERE"
		       OPEN_STATES " AND (lower(u.contact_email) = lower(?1) OR lower(u.tech_email) = lower(?1))"
		       " ORDER BY o.id",
		       address, NULL, ids, err);
}
