/* Inbound messages (what became of each mail) and the outbox's sending state in the store. */
#include <string.h>

#include "store_priv.h"

static const char *const outcome_names[] = { "processed", "needs_staff", "rejected" };

const char *
mp_outcome_name(enum mp_outcome outcome)
{
	return (unsigned)outcome < G_N_ELEMENTS(outcome_names) ? outcome_names[outcome] : "unknown";
}

void
mp_message_free(struct mp_message *m)
{
	if (!m)
		return;
	g_free(m->message_id);
	g_free(m->kind);
	g_free(m->reason);
	g_free(m->order_id);
	g_free(m->sender);
	g_free(m->subject);
	if (m->raw)
		g_bytes_unref(m->raw);
	g_free(m->resolution);
	g_free(m->raw_file);
	g_free(m);
}

#define MESSAGE_COLUMNS                                                                      \
	"id, uidvalidity, uid, message_id, kind, outcome, reason, order_id, sender, subject," \
	" received_at, raw, resolved_at, resolution, raw_file, raw_offset, raw_size"

/* A struct mp_message of the MESSAGE_COLUMNS row (gpointer: store_collect takes it). */
static gpointer
message_from_row(sqlite3_stmt *stmt)
{
	struct mp_message *m = g_new0(struct mp_message, 1);
	const char *outcome;

	m->id = sqlite3_column_int64(stmt, 0);
	m->uidvalidity = (uint32_t)sqlite3_column_int64(stmt, 1);
	m->uid = (uint32_t)sqlite3_column_int64(stmt, 2);
	m->message_id = store_column_dup(stmt, 3);
	m->kind = store_column_dup(stmt, 4);
	outcome = (const char *)sqlite3_column_text(stmt, 5);
	for (guint i = 0; i < G_N_ELEMENTS(outcome_names); i++)
		if (outcome && strcmp(outcome, outcome_names[i]) == 0)
			m->outcome = (enum mp_outcome)i;
	m->reason = store_column_dup(stmt, 6);
	m->order_id = store_column_dup(stmt, 7);
	m->sender = store_column_dup(stmt, 8);
	m->subject = store_column_dup(stmt, 9);
	m->received_at = sqlite3_column_int64(stmt, 10);
	if (sqlite3_column_type(stmt, 11) == SQLITE_BLOB)
		m->raw = g_bytes_new(sqlite3_column_blob(stmt, 11), (gsize)sqlite3_column_bytes(stmt, 11));
	m->resolved_at = sqlite3_column_int64(stmt, 12);
	m->resolution = store_column_dup(stmt, 13);
	m->raw_file = store_column_dup(stmt, 14);
	m->raw_offset = sqlite3_column_int64(stmt, 15);
	m->raw_size = sqlite3_column_int64(stmt, 16);
	return m;
}

static enum mp_status
one_message(struct mp_store *store, sqlite3_stmt *bound, struct mp_message **out, struct mp_error *err)
{
	int rc = sqlite3_step(bound);

	*out = NULL;
	if (rc == SQLITE_ROW)
		*out = message_from_row(bound);
	else if (rc != SQLITE_DONE)
		return store_sqlite_error(store, err, "reading a message");
	return MP_STATUS_OK;
}

enum mp_status
mp_store_message_at(struct mp_store *store, uint32_t uidvalidity, uint32_t uid, struct mp_message **out,
		    struct mp_error *err)
{
	static const char sql[] = "SELECT " MESSAGE_COLUMNS " FROM messages WHERE uidvalidity = ? AND uid = ?";
	sqlite3_stmt *stmt = NULL;
	enum mp_status status = store_prepare(store, sql, &stmt, err);

	*out = NULL;
	if (status == MP_STATUS_OK) {
		sqlite3_bind_int64(stmt, 1, uidvalidity);
		sqlite3_bind_int64(stmt, 2, uid);
		status = one_message(store, stmt, out, err);
	}
	store_release(store, stmt);
	return status;
}

enum mp_status
mp_store_message_by_id(struct mp_store *store, const char *message_id, struct mp_message **out,
		       struct mp_error *err)
{
	static const char sql[] =
		"SELECT " MESSAGE_COLUMNS " FROM messages WHERE message_id = ? ORDER BY id LIMIT 1";
	sqlite3_stmt *stmt = NULL;
	enum mp_status status = store_prepare(store, sql, &stmt, err);

	*out = NULL;
	if (status == MP_STATUS_OK) {
		store_bind_text(stmt, 1, message_id);
		status = one_message(store, stmt, out, err);
	}
	store_release(store, stmt);
	return status;
}

enum mp_status
mp_store_message_add(struct mp_store *store, const struct mp_message *m, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	status = store_prepare(store,
			       "INSERT INTO messages (uidvalidity, uid, message_id, kind, outcome, reason,"
			       " order_id, sender, subject, received_at, decided_at, raw, alert_pending,"
			       " raw_file, raw_offset, raw_size)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	sqlite3_bind_int64(stmt, 1, m->uidvalidity);
	sqlite3_bind_int64(stmt, 2, m->uid);
	store_bind_text(stmt, 3, m->message_id);
	store_bind_text(stmt, 4, m->kind);
	store_bind_text(stmt, 5, mp_outcome_name(m->outcome));
	store_bind_text(stmt, 6, m->reason);
	store_bind_text(stmt, 7, m->order_id);
	store_bind_text(stmt, 8, m->sender);
	store_bind_text(stmt, 9, m->subject);
	sqlite3_bind_int64(stmt, 10, m->received_at);
	sqlite3_bind_int64(stmt, 11, m->received_at);
	if (m->raw) {
		gsize len = 0;
		const void *data = g_bytes_get_data(m->raw, &len);

		sqlite3_bind_blob64(stmt, 12, data, len, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(stmt, 12);
	}
	sqlite3_bind_int(stmt, 13, m->alert_pending);
	store_bind_text(stmt, 14, m->raw_file);
	if (m->raw_file) {
		sqlite3_bind_int64(stmt, 15, m->raw_offset);
		sqlite3_bind_int64(stmt, 16, m->raw_size);
	}
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "recording a message");
	store_release(store, stmt);
	return status;
}

enum mp_status
mp_store_queue(struct mp_store *store, GPtrArray **out, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	*out = NULL;
	status = store_prepare(store,
			       "SELECT " MESSAGE_COLUMNS " FROM messages WHERE outcome = 'needs_staff'"
			       " AND resolved_at IS NULL ORDER BY id",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	return store_collect(store, stmt, message_from_row,
			     (GDestroyNotify)mp_message_free, "reading the queue", out, err);
}

enum mp_status
mp_store_message_resolve(struct mp_store *store, int64_t id, const char *resolution, const char *order_id,
			 int64_t now, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	status = store_prepare(store,
			       "UPDATE messages SET resolved_at = ?, resolution = ?,"
			       " order_id = COALESCE(?, order_id) WHERE id = ?",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	sqlite3_bind_int64(stmt, 1, now);
	store_bind_text(stmt, 2, resolution);
	store_bind_text(stmt, 3, order_id);
	sqlite3_bind_int64(stmt, 4, id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "resolving a message");
	store_release(store, stmt);
	return status;
}

enum mp_status
mp_store_staff_alert(struct mp_store *store, const struct mp_config *config, const char *order_id,
		     const char *text, int64_t now, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	const char *at = strrchr(config->smtp.from, '@');
	char *to = g_strjoinv(", ", config->company.staff);
	char *message_id = g_strdup_printf("<%s.staff_alert.%08x%08x@%s>", order_id ? order_id : "mailproc",
					   g_random_int(), g_random_int(), at ? at + 1 : "mailproc.invalid");

	status = store_prepare(store,
			       "INSERT INTO outbox (order_id, template, recipient, message_id, note, created_at,"
			       " next_attempt_at) VALUES (?, 'staff_alert', ?, ?, ?, ?, ?)",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, order_id);
	store_bind_text(stmt, 2, to);
	store_bind_text(stmt, 3, message_id);
	store_bind_text(stmt, 4, text);
	sqlite3_bind_int64(stmt, 5, now);
	sqlite3_bind_int64(stmt, 6, now);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "queueing a staff alert");
out:
	store_release(store, stmt);
	g_free(to);
	g_free(message_id);
	return status;
}

enum mp_status
mp_store_alert_pending(struct mp_store *store, GPtrArray **out, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	*out = NULL;
	status = store_prepare(store, "SELECT " MESSAGE_COLUMNS " FROM messages WHERE alert_pending = 1 ORDER BY id",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	return store_collect(store, stmt, message_from_row, (GDestroyNotify)mp_message_free,
			     "reading the mails for staff", out, err);
}

enum mp_status
mp_store_alert_sent(struct mp_store *store, int64_t up_to_id, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	status = store_prepare(store, "UPDATE messages SET alert_pending = 0 WHERE alert_pending = 1 AND id <= ?",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	sqlite3_bind_int64(stmt, 1, up_to_id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "marking the mails alerted");
	store_release(store, stmt);
	return status;
}

void
mp_outbox_due_free(struct mp_outbox_due *d)
{
	if (!d)
		return;
	g_free(d->order_id);
	g_free(d->template_name);
	g_free(d->recipient);
	g_free(d->message_id);
	g_free(d->in_reply_to);
	g_free(d->note);
	g_free(d->flags);
	if (d->rendered)
		g_bytes_unref(d->rendered);
	g_free(d);
}

static gpointer
due_from_row(sqlite3_stmt *stmt)
{
	struct mp_outbox_due *d = g_new0(struct mp_outbox_due, 1);

	d->id = sqlite3_column_int64(stmt, 0);
	d->order_id = store_column_dup(stmt, 1);
	d->template_name = store_column_dup(stmt, 2);
	d->recipient = store_column_dup(stmt, 3);
	d->message_id = store_column_dup(stmt, 4);
	d->in_reply_to = store_column_dup(stmt, 5);
	d->note = store_column_dup(stmt, 6);
	d->flags = store_column_dup(stmt, 7);
	if (sqlite3_column_type(stmt, 8) == SQLITE_BLOB)
		d->rendered = g_bytes_new(sqlite3_column_blob(stmt, 8), (gsize)sqlite3_column_bytes(stmt, 8));
	d->attempts = sqlite3_column_int(stmt, 9);
	return d;
}

enum mp_status
mp_store_outbox_due(struct mp_store *store, int64_t now, int64_t after, int limit, GPtrArray **out,
		    struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	*out = NULL;
	status = store_prepare(store,
			       "SELECT id, order_id, template, recipient, message_id, in_reply_to, note, flags,"
			       " rendered, attempts FROM outbox WHERE state = 'pending'"
			       " AND COALESCE(next_attempt_at, 0) <= ? AND id > ? ORDER BY id LIMIT ?",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int64(stmt, 2, after);
	sqlite3_bind_int(stmt, 3, limit);
	return store_collect(store, stmt, due_from_row, (GDestroyNotify)mp_outbox_due_free, "reading the outbox", out,
			     err);
}

/* One UPDATE on one outbox row, committed on its own: each is a durable step.
 * Parameters: ?1 id, ?2 text, ?3 number, ?4 blob; binding one the statement
 * does not use is harmless (SQLITE_RANGE, ignored). */
static enum mp_status
outbox_update(struct mp_store *store, const char *sql, int64_t id, const char *text, int64_t number,
	      GBytes *blob, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	bool own = !store->in_transaction;

	if (own && (status = mp_store_begin(store, err)) != MP_STATUS_OK)
		return status;
	status = store_prepare(store, sql, &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, text);
	sqlite3_bind_int64(stmt, 3, number);
	if (blob) {
		gsize len = 0;
		const void *data = g_bytes_get_data(blob, &len);

		sqlite3_bind_blob64(stmt, 4, data, len, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(stmt, 4);
	}
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "updating the outbox");
	store_release(store, stmt);
	if (own && status == MP_STATUS_OK)
		status = mp_store_commit(store, err);
out:
	if (own && status != MP_STATUS_OK)
		mp_store_rollback(store);
	return status;
}

static gpointer
uncopied_from_row(sqlite3_stmt *stmt)
{
	struct mp_outbox_due *d = g_new0(struct mp_outbox_due, 1);

	d->id = sqlite3_column_int64(stmt, 0);
	d->message_id = store_column_dup(stmt, 1);
	d->rendered = g_bytes_new(sqlite3_column_blob(stmt, 2), (gsize)sqlite3_column_bytes(stmt, 2));
	return d;
}

enum mp_status
mp_store_outbox_uncopied(struct mp_store *store, GPtrArray **out, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	*out = NULL;
	status = store_prepare(store,
			       "SELECT id, message_id, rendered FROM outbox WHERE state = 'sent'"
			       " AND copied_at IS NULL AND rendered IS NOT NULL ORDER BY id",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	return store_collect(store, stmt, uncopied_from_row, (GDestroyNotify)mp_outbox_due_free,
			     "reading the outbox", out, err);
}

enum mp_status
mp_store_outbox_copied(struct mp_store *store, int64_t id, int64_t now, struct mp_error *err)
{
	return outbox_update(store, "UPDATE outbox SET copied_at = ?3 WHERE id = ?1", id, NULL, now, NULL, err);
}

enum mp_status
mp_store_outbox_rendered(struct mp_store *store, int64_t id, GBytes *rendered, const char *subject,
			 struct mp_error *err)
{
	return outbox_update(store, "UPDATE outbox SET subject = ?2, rendered = ?4 WHERE id = ?1",
			     id, subject, 0, rendered, err);
}

enum mp_status
mp_store_outbox_sent(struct mp_store *store, int64_t id, int64_t now, struct mp_error *err)
{
	return outbox_update(store,
			     "UPDATE outbox SET state = 'sent', sent_at = ?3, attempts = attempts + 1,"
			     " last_error = NULL WHERE id = ?1",
			     id, NULL, now, NULL, err);
}

enum mp_status
mp_store_outbox_retry(struct mp_store *store, int64_t id, const char *error, int64_t next_at,
		      struct mp_error *err)
{
	return outbox_update(store,
			     "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3"
			     " WHERE id = ?1",
			     id, error, next_at, NULL, err);
}

enum mp_status
mp_store_outbox_failed(struct mp_store *store, int64_t id, const char *error, struct mp_error *err)
{
	return outbox_update(store,
			     "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2"
			     " WHERE id = ?1",
			     id, error, 0, NULL, err);
}

enum mp_status
mp_store_outbox_sent_since(struct mp_store *store, const char *order_id, int64_t since, int *count,
			   struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	*count = 0;
	status = store_prepare(store,
			       "SELECT count(*) FROM outbox WHERE order_id = ? AND state = 'sent' AND sent_at >= ?"
			       " AND template <> 'staff_alert'",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	store_bind_text(stmt, 1, order_id);
	sqlite3_bind_int64(stmt, 2, since);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*count = sqlite3_column_int(stmt, 0);
	else
		status = store_sqlite_error(store, err, "counting sent mails");
	store_release(store, stmt);
	return status;
}

enum mp_status
mp_store_spool_files(struct mp_store *store, GHashTable **out, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	enum mp_status status;
	int rc;

	*out = NULL;
	status = store_prepare(store, "SELECT DISTINCT raw_file FROM messages WHERE raw_file IS NOT NULL", &stmt,
			       err);
	if (status != MP_STATUS_OK)
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		g_hash_table_add(files, store_column_dup(stmt, 0));
	if (rc != SQLITE_DONE) {
		status = store_sqlite_error(store, err, "reading the spool files");
		goto out;
	}
	*out = g_steal_pointer(&files);
out:
	store_release(store, stmt);
	if (files)
		g_hash_table_unref(files);
	return status;
}

enum mp_status
mp_store_mailbox_state(struct mp_store *store, const char *folder, uint32_t *uidvalidity, uint32_t *last_uid,
		       struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	int rc;

	*uidvalidity = *last_uid = 0;
	status = store_prepare(store, "SELECT uidvalidity, last_uid FROM mailbox_state WHERE folder = ?", &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	store_bind_text(stmt, 1, folder);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*uidvalidity = (uint32_t)sqlite3_column_int64(stmt, 0);
		*last_uid = (uint32_t)sqlite3_column_int64(stmt, 1);
	} else if (rc != SQLITE_DONE) {
		status = store_sqlite_error(store, err, "reading the mailbox state");
	}
	store_release(store, stmt);
	return status;
}

enum mp_status
mp_store_mailbox_advance(struct mp_store *store, const char *folder, uint32_t uidvalidity, uint32_t uid,
			 struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	/* A new UIDVALIDITY starts over; under the same one the mark only rises. */
	status = store_prepare(store,
			       "INSERT INTO mailbox_state (folder, uidvalidity, last_uid) VALUES (?1, ?2, ?3)"
			       " ON CONFLICT (folder) DO UPDATE SET last_uid = CASE WHEN uidvalidity = ?2"
			       " THEN max(last_uid, ?3) ELSE ?3 END, uidvalidity = ?2",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	store_bind_text(stmt, 1, folder);
	sqlite3_bind_int64(stmt, 2, uidvalidity);
	sqlite3_bind_int64(stmt, 3, uid);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "recording the mailbox state");
	store_release(store, stmt);
	return status;
}

