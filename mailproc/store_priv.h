/* What the store's files share: the handle and small SQLite helpers. */
#ifndef MAILPROC_STORE_PRIV_H
#define MAILPROC_STORE_PRIV_H

#include <sqlite3.h>

#include "mailproc.h"

struct mp_store {
	sqlite3 *db;
	bool in_transaction;
};

/* MP_STATUS_DATABASE with "what: sqlite's message" in err. */
enum mp_status store_sqlite_error(struct mp_store *store, struct mp_error *err, const char *what);
enum mp_status store_prepare(struct mp_store *store, const char *sql, sqlite3_stmt **stmt,
			     struct mp_error *err);
/* A copy of a text column, NULL for SQL NULL. */
char *store_column_dup(sqlite3_stmt *stmt, int col);
/* Bind text, or NULL when text is NULL. */
void store_bind_text(sqlite3_stmt *stmt, int idx, const char *text);

#endif
