/* What the store's files share: the handle and small SQLite helpers. */
#ifndef MAILPROC_STORE_PRIV_H
#define MAILPROC_STORE_PRIV_H

#include <sqlite3.h>

#include "mailproc.h"

struct mp_store {
	sqlite3 *db;
	bool in_transaction;
	GHashTable *stmts; /* SQL text -> struct cached_stmt (store.c) */
};

/* MP_STATUS_DATABASE with "what: sqlite's message" in err. */
enum mp_status store_sqlite_error(struct mp_store *store, struct mp_error *err, const char *what);
/* A statement for sql, ready to bind: kept from an earlier call when it
 * can be. Give it back with store_release, never sqlite3_finalize. */
enum mp_status store_prepare(struct mp_store *store, const char *sql, sqlite3_stmt **stmt,
			     struct mp_error *err);
/* Step a prepared and bound statement to its end, each row made into an
 * item by from_row; *out the list (which frees its items with free_item),
 * NULL on an error ("what: sqlite's message"). Releases stmt either way. */
enum mp_status store_collect(struct mp_store *store, sqlite3_stmt *stmt, gpointer (*from_row)(sqlite3_stmt *stmt),
			     GDestroyNotify free_item, const char *what, GPtrArray **out, struct mp_error *err);
/* Reset and unbind a statement of store_prepare (NULL is fine). */
void store_release(struct mp_store *store, sqlite3_stmt *stmt);
/* A copy of a text column, NULL for SQL NULL. */
char *store_column_dup(sqlite3_stmt *stmt, int col);
/* Bind text, or NULL when text is NULL. */
void store_bind_text(sqlite3_stmt *stmt, int idx, const char *text);

#endif
