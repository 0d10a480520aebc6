/* The SQLite store: opening, schema migrations, transactions, timeline and outbox. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_priv.h"

/* Each entry moves the schema from version i to i + 1. Never edit a released
 * step: add a new one, so a database of any age migrates forward. */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema */
	"CREATE TABLE customers ("
	"  id TEXT PRIMARY KEY,"
	"  org_name TEXT NOT NULL,"
	"  org_name_en TEXT NOT NULL,"
	"  address TEXT NOT NULL,"
	"  phone TEXT NOT NULL,"
	"  contact_name TEXT NOT NULL,"
	"  contact_title TEXT NOT NULL,"
	"  contact_email TEXT NOT NULL,"
	"  tech_email TEXT NOT NULL DEFAULT '',"
	"  language TEXT NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en'))"
	");"
	"CREATE TABLE certificates ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id TEXT NOT NULL REFERENCES customers(id),"
	"  domain TEXT NOT NULL,"
	"  sans TEXT NOT NULL DEFAULT '',"
	"  ca TEXT NOT NULL,"
	"  product TEXT NOT NULL,"
	"  validation TEXT NOT NULL,"
	"  not_after INTEGER NOT NULL,"
	"  sha256 TEXT,"
	"  pem TEXT,"
	"  UNIQUE (domain, not_after)"
	");"
	"CREATE TABLE orders ("
	"  id TEXT PRIMARY KEY,"
	"  customer_id TEXT NOT NULL REFERENCES customers(id),"
	"  certificate_id INTEGER NOT NULL UNIQUE REFERENCES certificates(id),"
	"  state TEXT NOT NULL,"
	"  flags INTEGER NOT NULL DEFAULT 0,"
	"  state_since INTEGER NOT NULL,"
	"  applied_at INTEGER NOT NULL DEFAULT 0,"
	"  price_jpy INTEGER NOT NULL,"
	"  ca_order TEXT,"
	"  approval_url TEXT,"
	"  notice_message_id TEXT,"
	"  key_spki TEXT,"
	"  key_sha256 TEXT,"
	"  key_source TEXT,"
	"  application TEXT,"
	"  issued_certificate_id INTEGER REFERENCES certificates(id),"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE order_ids ("
	"  year INTEGER PRIMARY KEY,"
	"  last INTEGER NOT NULL"
	");"
	"CREATE TABLE transitions ("
	"  id INTEGER PRIMARY KEY,"
	"  order_id TEXT NOT NULL REFERENCES orders(id),"
	"  from_state TEXT,"
	"  to_state TEXT NOT NULL,"
	"  cause TEXT NOT NULL,"
	"  detail TEXT,"
	"  note TEXT,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX transitions_order ON transitions(order_id, id);"
	"CREATE TABLE messages ("
	"  id INTEGER PRIMARY KEY,"
	"  uidvalidity INTEGER,"
	"  uid INTEGER,"
	"  message_id TEXT,"
	"  kind TEXT,"
	"  outcome TEXT CHECK (outcome IN ('processed', 'needs_staff', 'rejected')),"
	"  reason TEXT,"
	"  order_id TEXT REFERENCES orders(id),"
	"  received_at INTEGER NOT NULL,"
	"  decided_at INTEGER,"
	"  UNIQUE (uidvalidity, uid)"
	");"
	"CREATE INDEX messages_message_id ON messages(message_id);"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  order_id TEXT REFERENCES orders(id),"
	"  template TEXT NOT NULL,"
	"  recipient TEXT NOT NULL,"
	"  message_id TEXT NOT NULL UNIQUE,"
	"  in_reply_to TEXT,"
	"  note TEXT,"
	"  flags TEXT NOT NULL DEFAULT '',"
	"  rendered BLOB,"
	"  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  next_attempt_at INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  sent_at INTEGER"
	");"
	"CREATE INDEX outbox_order ON outbox(order_id, id);",
	/* 1 -> 2: what staff need to decide a queued mail later, and the
	 * outbox's rendered subject. */
	"ALTER TABLE messages ADD COLUMN raw BLOB;"
	"ALTER TABLE messages ADD COLUMN sender TEXT;"
	"ALTER TABLE messages ADD COLUMN subject TEXT;"
	"ALTER TABLE messages ADD COLUMN resolved_at INTEGER;"
	"ALTER TABLE messages ADD COLUMN resolution TEXT;"
	"ALTER TABLE outbox ADD COLUMN subject TEXT;"
	"CREATE INDEX outbox_pending ON outbox(state, next_attempt_at);",
	/* 2 -> 3: the copy in the Sent folder is recorded too, so a run that
	 * stops between sending and copying makes the copy next time. */
	"ALTER TABLE outbox ADD COLUMN copied_at INTEGER;"
	"UPDATE outbox SET copied_at = sent_at WHERE state = 'sent';",
	/* 3 -> 4: one staff alert per run for the mails that need staff,
	 * not one per mail; a mail waits here until its alert is queued.
	 * Mails decided before were alerted one by one already. */
	"ALTER TABLE messages ADD COLUMN alert_pending INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX messages_alert_pending ON messages(id) WHERE alert_pending = 1;",
	/* 4 -> 5: a mail kept for staff lives in a spool file, not in a
	 * BLOB: written once, not twice (log and table) per mail. */
	"ALTER TABLE messages ADD COLUMN raw_file TEXT;"
	"ALTER TABLE messages ADD COLUMN raw_offset INTEGER;"
	"ALTER TABLE messages ADD COLUMN raw_size INTEGER;",
	/* 5 -> 6: how far each polled folder has been decided, under which
	 * UIDVALIDITY: a run fetches only what lies beyond. */
	"CREATE TABLE mailbox_state ("
	"  folder TEXT PRIMARY KEY,"
	"  uidvalidity INTEGER NOT NULL,"
	"  last_uid INTEGER NOT NULL"
	");",
};

#define SCHEMA_LATEST ((int)G_N_ELEMENTS(migrations))

int
mp_store_schema_latest(void)
{
	return SCHEMA_LATEST;
}

enum mp_status
store_sqlite_error(struct mp_store *store, struct mp_error *err, const char *what)
{
	return mp_error_set(err, MP_STATUS_DATABASE, "%s: %s", what, sqlite3_errmsg(store->db));
}

static enum mp_status
exec(struct mp_store *store, const char *sql, struct mp_error *err)
{
	char *msg = NULL;
	enum mp_status status = MP_STATUS_OK;

	if (sqlite3_exec(store->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		status = mp_error_set(err, MP_STATUS_DATABASE, "database: %s",
				      msg ? msg : sqlite3_errmsg(store->db));
		sqlite3_free(msg);
	}
	return status;
}

int
mp_store_schema_version(struct mp_store *store)
{
	sqlite3_stmt *stmt = NULL;
	int version = -1;

	if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return version;
}

static enum mp_status
migrate(struct mp_store *store, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	int version;
	char pragma[64];

	/* IMMEDIATE takes the write lock first, so two processes opening a
	 * fresh database cannot both run the same step. */
	if (exec(store, "BEGIN IMMEDIATE", err) != MP_STATUS_OK)
		return MP_STATUS_DATABASE;
	version = mp_store_schema_version(store);
	if (version < 0) {
		status = store_sqlite_error(store, err, "reading the schema version");
		goto out;
	}
	if (version > SCHEMA_LATEST) {
		status = mp_error_set(err, MP_STATUS_DATABASE,
				      "database schema version %d is newer than this mailproc knows (%d)",
				      version, SCHEMA_LATEST);
		goto out;
	}
	for (; version < SCHEMA_LATEST; version++) {
		status = exec(store, migrations[version], err);
		if (status != MP_STATUS_OK)
			goto out;
		g_snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version + 1);
		status = exec(store, pragma, err);
		if (status != MP_STATUS_OK)
			goto out;
		g_message("store: schema migrated to=%d", version + 1);
	}
	status = exec(store, "COMMIT", err);
out:
	if (status != MP_STATUS_OK)
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return status;
}

enum mp_status
mp_store_open(const char *path, bool create, struct mp_store **out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	struct mp_store *store = NULL;
	char *dir = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	*out = NULL;
	if (!create && access(path, F_OK) != 0) {
		status = mp_error_set(err, MP_STATUS_NOT_FOUND,
				      "no database at %s (run `mailproc init` first)", path);
		goto out;
	}
	if (create) {
		flags |= SQLITE_OPEN_CREATE;
		dir = g_path_get_dirname(path);
		if (g_mkdir_with_parents(dir, 0750) != 0) {
			status = mp_error_set(err, MP_STATUS_IO, "%s: cannot create folder: %s", dir,
					      g_strerror(errno));
			goto out;
		}
	}
	store = g_new0(struct mp_store, 1);
	if (sqlite3_open_v2(path, &store->db, flags, NULL) != SQLITE_OK) {
		status = mp_error_set(err, MP_STATUS_DATABASE, "%s: %s", path,
				      store->db ? sqlite3_errmsg(store->db) : "cannot open");
		goto out;
	}
	sqlite3_extended_result_codes(store->db, 1);
	/* Another run or a staff command may hold the write lock briefly. */
	sqlite3_busy_timeout(store->db, 10000);
	/* WAL with synchronous=FULL: a committed outcome survives a power cut. */
	status = exec(store, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		      " PRAGMA foreign_keys = ON;", err);
	if (status != MP_STATUS_OK)
		goto out;
	status = migrate(store, err);
	if (status != MP_STATUS_OK)
		goto out;
	*out = store;
	store = NULL;
out:
	mp_store_close(store);
	g_free(dir);
	return status;
}

void
mp_store_close(struct mp_store *store)
{
	if (!store)
		return;
	if (store->in_transaction)
		mp_store_rollback(store);
	if (store->stmts)
		g_hash_table_destroy(store->stmts); /* finalizes them: before the close */
	sqlite3_close(store->db);
	g_free(store);
}

enum mp_status
mp_store_begin(struct mp_store *store, struct mp_error *err)
{
	enum mp_status status;

	g_return_val_if_fail(!store->in_transaction, MP_STATUS_DATABASE);
	status = exec(store, "BEGIN IMMEDIATE", err);
	if (status == MP_STATUS_OK)
		store->in_transaction = true;
	return status;
}

enum mp_status
mp_store_commit(struct mp_store *store, struct mp_error *err)
{
	enum mp_status status;

	status = exec(store, "COMMIT", err);
	if (status == MP_STATUS_OK) {
		store->in_transaction = false;
		mp_durable_step("commit");
	}
	return status;
}

void
mp_store_rollback(struct mp_store *store)
{
	if (!store->in_transaction)
		return;
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	store->in_transaction = false;
}

/* A prepared statement kept for the next call with the same SQL: parsing
 * the SQL anew for every mail cost more than running it. */
struct cached_stmt {
	sqlite3_stmt *stmt;
	bool in_use; /* handed out and not yet released */
};

static void
cached_stmt_free(gpointer data)
{
	struct cached_stmt *c = data;

	sqlite3_finalize(c->stmt);
	g_free(c);
}

enum mp_status
store_prepare(struct mp_store *store, const char *sql, sqlite3_stmt **stmt, struct mp_error *err)
{
	struct cached_stmt *c;

	if (!store->stmts)
		store->stmts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cached_stmt_free);
	c = g_hash_table_lookup(store->stmts, sql);
	if (c && !c->in_use) {
		c->in_use = true;
		*stmt = c->stmt;
		return MP_STATUS_OK;
	}
	/* The same SQL already in use (a query inside another's loop): a
	 * statement of its own, finalized on release. */
	if (sqlite3_prepare_v3(store->db, sql, -1, c ? 0 : SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK)
		return store_sqlite_error(store, err, "preparing a query");
	if (!c && *stmt) {
		c = g_new0(struct cached_stmt, 1);
		c->stmt = *stmt;
		c->in_use = true;
		g_hash_table_insert(store->stmts, g_strdup(sql), c);
	}
	return MP_STATUS_OK;
}

enum mp_status
store_collect(struct mp_store *store, sqlite3_stmt *stmt, gpointer (*from_row)(sqlite3_stmt *stmt),
	      GDestroyNotify free_item, const char *what, GPtrArray **out, struct mp_error *err)
{
	GPtrArray *list = g_ptr_array_new_with_free_func(free_item);
	enum mp_status status = MP_STATUS_OK;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		g_ptr_array_add(list, from_row(stmt));
	if (rc != SQLITE_DONE) {
		status = store_sqlite_error(store, err, what);
		g_ptr_array_unref(list);
		list = NULL;
	}
	store_release(store, stmt);
	*out = list;
	return status;
}

void
store_release(struct mp_store *store, sqlite3_stmt *stmt)
{
	struct cached_stmt *c;

	if (!stmt)
		return;
	c = store->stmts ? g_hash_table_lookup(store->stmts, sqlite3_sql(stmt)) : NULL;
	if (c && c->stmt == stmt) {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
		c->in_use = false;
	} else {
		sqlite3_finalize(stmt);
	}
}

char *
store_column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);

	return text ? g_strdup((const char *)text) : NULL;
}

void
store_bind_text(sqlite3_stmt *stmt, int idx, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, idx, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, idx);
}

enum mp_status
mp_store_add_transition(struct mp_store *store, const char *order_id, const char *from,
			const char *to, const char *cause, const char *detail, const char *note,
			int64_t at, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	status = store_prepare(store,
			       "INSERT INTO transitions (order_id, from_state, to_state, cause,"
			       " detail, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, order_id);
	store_bind_text(stmt, 2, from);
	store_bind_text(stmt, 3, to);
	store_bind_text(stmt, 4, cause);
	store_bind_text(stmt, 5, detail);
	store_bind_text(stmt, 6, note);
	sqlite3_bind_int64(stmt, 7, at);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = store_sqlite_error(store, err, "recording a transition");
out:
	store_release(store, stmt);
	return status;
}

static void
timeline_entry_free(gpointer p)
{
	struct mp_timeline_entry *e = p;

	g_free(e->from_state);
	g_free(e->to_state);
	g_free(e->cause);
	g_free(e->detail);
	g_free(e->note);
	g_free(e);
}

static gpointer
timeline_entry_from_row(sqlite3_stmt *stmt)
{
	struct mp_timeline_entry *e = g_new0(struct mp_timeline_entry, 1);

	e->at = sqlite3_column_int64(stmt, 0);
	e->from_state = store_column_dup(stmt, 1);
	e->to_state = store_column_dup(stmt, 2);
	e->cause = store_column_dup(stmt, 3);
	e->detail = store_column_dup(stmt, 4);
	e->note = store_column_dup(stmt, 5);
	return e;
}

enum mp_status
mp_store_timeline(struct mp_store *store, const char *order_id, GPtrArray **out,
		  struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	*out = NULL;
	status = store_prepare(store,
			       "SELECT at, from_state, to_state, cause, detail, note FROM transitions"
			       " WHERE order_id = ? ORDER BY id",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	store_bind_text(stmt, 1, order_id);
	return store_collect(store, stmt, timeline_entry_from_row, timeline_entry_free, "reading the timeline", out,
			     err);
}

static void
outbox_entry_free(gpointer p)
{
	struct mp_outbox_entry *e = p;

	g_free(e->order_id);
	g_free(e->template_name);
	g_free(e->recipient);
	g_free(e->message_id);
	g_free(e->in_reply_to);
	g_free(e->note);
	g_free(e->state);
	g_free(e);
}

static gpointer
outbox_entry_from_row(sqlite3_stmt *stmt)
{
	struct mp_outbox_entry *e = g_new0(struct mp_outbox_entry, 1);

	e->id = sqlite3_column_int64(stmt, 0);
	e->order_id = store_column_dup(stmt, 1);
	e->template_name = store_column_dup(stmt, 2);
	e->recipient = store_column_dup(stmt, 3);
	e->message_id = store_column_dup(stmt, 4);
	e->in_reply_to = store_column_dup(stmt, 5);
	e->note = store_column_dup(stmt, 6);
	e->state = store_column_dup(stmt, 7);
	e->attempts = sqlite3_column_int(stmt, 8);
	e->created_at = sqlite3_column_int64(stmt, 9);
	return e;
}

enum mp_status
mp_store_outbox_list(struct mp_store *store, const char *order_id, GPtrArray **out,
		     struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;

	*out = NULL;
	status = store_prepare(store,
			       "SELECT id, order_id, template, recipient, message_id, in_reply_to,"
			       " note, state, attempts, created_at FROM outbox"
			       " WHERE ?1 IS NULL OR order_id = ?1 ORDER BY id",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		return status;
	store_bind_text(stmt, 1, order_id);
	return store_collect(store, stmt, outbox_entry_from_row, outbox_entry_free, "reading the outbox", out, err);
}
