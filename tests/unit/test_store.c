/* Unit tests of the SQLite store (mailproc/store.c, store-orders.c): opening and
 * migrations, order numbering, loading orders, and carrying out workflow steps. */
#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sqlite3.h>

#include "mailproc.h"
/* The store's own connection: per-connection pragmas can only be seen there. */
#include "store_priv.h"

#define FROM_DOMAIN "example-hosting.jp"
#define SHA_NEW "3f2a9c0d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8"
#define FAKE_PEM "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"

static char *tmpdir;
static char *db_path;
static struct mp_store *store;
static struct wf_cal *cal;
static struct wf_settings settings;

static const char *const staff[] = { "staff1@example-hosting.jp", "staff2@example-hosting.jp", NULL };

static const char HEADER[] =
	"customer_id,org_name,org_name_en,address,phone,contact_name,contact_title,"
	"contact_email,tech_email,domain,sans,ca,product,validation,not_after,price_jpy";
static const char ROW[] =
	"C001,株式会社サンプル,Sample Inc.,東京都千代田区丸の内1-1-1,03-1234-5678,山田 太郎,"
	"情報システム部長,yamada@example.co.jp,tech@example.co.jp,www.example.co.jp,"
	"example.co.jp mail.example.co.jp,digicert,Secure Site OV,ov,2026-12-10,55000";

static void
setup(void)
{
	/* Event lines (g_message) stay quiet; a g_critical is a bug: abort. */
	mp_log_init(false);
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	tmpdir = g_dir_make_tmp("test_store-XXXXXX", NULL);
	cr_assert_not_null(tmpdir);
	db_path = g_build_filename(tmpdir, "mailproc.db", NULL);
	cal = wf_cal_new();
	wf_settings_default(&settings);
	settings.cal = cal;
}

static void
remove_tree(const char *path)
{
	GDir *dir = g_dir_open(path, 0, NULL);
	const char *name;

	if (dir) {
		while ((name = g_dir_read_name(dir))) {
			char *child = g_build_filename(path, name, NULL);

			remove_tree(child);
			g_free(child);
		}
		g_dir_close(dir);
	}
	g_remove(path);
}

static void
teardown(void)
{
	mp_store_close(store);
	store = NULL;
	wf_cal_free(cal);
	cal = NULL;
	if (tmpdir)
		remove_tree(tmpdir);
	g_free(tmpdir);
	g_free(db_path);
	tmpdir = db_path = NULL;
}

TestSuite(mp_store, .init = setup, .fini = teardown);

/* ---- helpers ---------------------------------------------------------------- */

/* hh:mm:ss on y-m-d in Tokyo, as a Unix time. */
static int64_t
jst(int y, int m, int d, int hh, int mm, int ss)
{
	return wf_day_start(wf_day_from_ymd(y, m, d)) + hh * 3600 + mm * 60 + ss;
}

static int64_t
utc(int y, int m, int d, int hh, int mm, int ss)
{
	GDateTime *t = g_date_time_new_utc(y, m, d, hh, mm, ss);
	int64_t u = g_date_time_to_unix(t);

	g_date_time_unref(t);
	return u;
}

static void
open_store(void)
{
	struct mp_error err = { "" };
	enum mp_status status = mp_store_open(db_path, true, &store, &err);

	cr_assert_eq(status, MP_STATUS_OK, "mp_store_open: %s", err.text);
	cr_assert_not_null(store);
}

/* A connection of its own, as another process (or staff with sqlite3) has. */
static sqlite3 *
raw_open(void)
{
	sqlite3 *db = NULL;

	cr_assert_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK,
		     "sqlite3_open %s", db_path);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static void
raw_exec(const char *sql)
{
	sqlite3 *db = raw_open();
	char *msg = NULL;

	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql, msg);
	sqlite3_close(db);
}

static int64_t
raw_int(const char *sql)
{
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	int64_t v;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK, "%s: %s", sql,
		     sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW, "%s: no row", sql);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* The first column of the first row as text (NULL for SQL NULL); caller frees. */
static char *
raw_text(const char *sql)
{
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	const unsigned char *t;
	char *v;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK, "%s: %s", sql,
		     sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW, "%s: no row", sql);
	t = sqlite3_column_text(stmt, 0);
	v = t ? g_strdup((const char *)t) : NULL;
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static int64_t
count_rows(const char *table)
{
	char *sql = g_strdup_printf("SELECT count(*) FROM %s", table);
	int64_t n = raw_int(sql);

	g_free(sql);
	return n;
}

/* Every row of every table, as text: two dumps are equal when nothing changed. */
static char *
dump_all(void)
{
	sqlite3 *db = raw_open();
	sqlite3_stmt *tables = NULL;
	GString *out = g_string_new(NULL);

	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
					" ORDER BY name", -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char *sql = g_strdup_printf("SELECT * FROM \"%s\" ORDER BY rowid", name);
		sqlite3_stmt *rows = NULL;

		g_string_append_printf(out, "== %s\n", name);
		cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK, "%s", sql);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(rows); c++) {
				const unsigned char *t = sqlite3_column_text(rows, c);

				g_string_append_printf(out, "%s%s", c ? " | " : "",
						       t ? (const char *)t : "NULL");
			}
			g_string_append_c(out, '\n');
		}
		sqlite3_finalize(rows);
		g_free(sql);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return g_string_free(out, FALSE);
}

/* Import csv (header + rows) with mp_import_csv; it must succeed. */
static void
import_ok(const char *csv, const char *base_dir, int64_t now)
{
	GPtrArray *changes = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	struct mp_error err = { "" };
	enum mp_status status;

	status = mp_import_csv(store, csv, strlen(csv), base_dir, now, changes, problems, &err);
	cr_assert_eq(status, MP_STATUS_OK, "import: %s (%s)", err.text,
		     problems->len ? (const char *)g_ptr_array_index(problems, 0) : "no problem listed");
	cr_assert_eq(problems->len, 0);
	g_ptr_array_unref(changes);
	g_ptr_array_unref(problems);
}

static void
import_default_order(int64_t now)
{
	char *csv = g_strdup_printf("%s\n%s\n", HEADER, ROW);

	import_ok(csv, NULL, now);
	g_free(csv);
}

static struct mp_order *
get_order(const char *id)
{
	struct mp_order *o = NULL;
	struct mp_error err = { "" };
	enum mp_status status = mp_store_order_get(store, id, &o, &err);

	cr_assert_eq(status, MP_STATUS_OK, "mp_store_order_get %s: %s", id, err.text);
	cr_assert_not_null(o);
	return o;
}

static GPtrArray *
timeline(const char *id)
{
	GPtrArray *t = NULL;
	struct mp_error err = { "" };

	cr_assert_eq(mp_store_timeline(store, id, &t, &err), MP_STATUS_OK, "%s", err.text);
	return t;
}

static GPtrArray *
outbox(const char *id)
{
	GPtrArray *t = NULL;
	struct mp_error err = { "" };

	cr_assert_eq(mp_store_outbox_list(store, id, &t, &err), MP_STATUS_OK, "%s", err.text);
	return t;
}

/* What mailproc does for one event: load, decide, apply. The step must be
 * legal and the apply must succeed. */
static void
drive(const char *id, const struct wf_event *ev, int64_t now, const char *detail,
      const char *application_json, const char *cert_pem)
{
	struct mp_order *o = get_order(id);
	struct wf_result *r = wf_step(&o->wf, ev, now, &settings);
	struct mp_error err = { "" };
	struct mp_apply a = {
		.order = o,
		.event = ev,
		.result = r,
		.detail = detail,
		.application_json = application_json,
		.cert_pem = cert_pem,
		.staff = staff,
		.from_domain = FROM_DOMAIN,
		.now = now,
	};
	enum mp_status status;

	cr_assert_not(r->refused, "%s refused: %s", wf_event_name(ev->kind), r->reason);
	status = mp_store_apply(store, &a, &err);
	cr_assert_eq(status, MP_STATUS_OK, "apply %s: %s", wf_event_name(ev->kind), err.text);
	wf_result_free(r);
	mp_order_free(o);
}

static enum wf_state
state_of(const char *id)
{
	struct mp_order *o = get_order(id);
	enum wf_state s = o->wf.state;

	mp_order_free(o);
	return s;
}

/* lowercase hex SHA-256 of the key's SubjectPublicKeyInfo DER. */
static char *
spki_sha256(EVP_PKEY *pkey)
{
	unsigned char *der = NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	int len = i2d_PUBKEY(pkey, &der);
	GString *hex = g_string_new(NULL);

	cr_assert_gt(len, 0);
	cr_assert(EVP_Digest(der, (size_t)len, md, &md_len, EVP_sha256(), NULL));
	for (unsigned int i = 0; i < md_len; i++)
		g_string_append_printf(hex, "%02x", md[i]);
	OPENSSL_free(der);
	return g_string_free(hex, FALSE);
}

/* ---- opening and migrations ------------------------------------------------ */

Test(mp_store, open_new_file_migrates_to_latest)
{
	char *mode;

	cr_assert_not(g_file_test(db_path, G_FILE_TEST_EXISTS));
	cr_assert_geq(mp_store_schema_latest(), 1);
	open_store();
	cr_assert_eq(mp_store_schema_version(store), mp_store_schema_latest());
	mp_store_close(store);
	store = NULL;

	/* What is in the file, seen from outside. */
	cr_assert_eq(raw_int("PRAGMA user_version"), mp_store_schema_latest());
	mode = raw_text("PRAGMA journal_mode");
	cr_assert_str_eq(mode, "wal");
	g_free(mode);
	cr_assert_eq(raw_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
			     " ('customers', 'certificates', 'orders', 'order_ids', 'transitions',"
			     " 'messages', 'outbox')"),
		     7);
}

Test(mp_store, connection_is_full_sync_with_foreign_keys)
{
	sqlite3_stmt *stmt = NULL;
	char *msg = NULL;
	int rc;

	open_store();
	cr_assert_eq(sqlite3_prepare_v2(store->db, "PRAGMA synchronous", -1, &stmt, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(stmt, 0), 2, "synchronous is not FULL");
	sqlite3_finalize(stmt);
	cr_assert_eq(sqlite3_prepare_v2(store->db, "PRAGMA foreign_keys", -1, &stmt, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(stmt, 0), 1, "foreign keys are off");
	sqlite3_finalize(stmt);

	/* An order of a customer and certificate that do not exist. */
	rc = sqlite3_exec(store->db,
			  "INSERT INTO orders (id, customer_id, certificate_id, state, state_since,"
			  " price_jpy, created_at) VALUES ('ORD-2026-0001', 'NOBODY', 42, 'scheduled',"
			  " 0, 1, 0)",
			  NULL, NULL, &msg);
	cr_assert_eq(rc, SQLITE_CONSTRAINT_FOREIGNKEY, "insert gave %d (%s)", rc, msg ? msg : "");
	sqlite3_free(msg);
	mp_store_close(store);
	store = NULL;
	cr_assert_eq(count_rows("orders"), 0);
}

Test(mp_store, open_again_is_a_no_op)
{
	struct mp_error err = { "" };
	char *before, *after;

	open_store();
	import_default_order(jst(2026, 10, 1, 9, 0, 0));
	mp_store_close(store);
	store = NULL;
	before = dump_all();

	open_store();
	cr_assert_eq(mp_store_schema_version(store), mp_store_schema_latest());
	mp_store_close(store);
	store = NULL;
	cr_assert_eq(mp_store_open(db_path, false, &store, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(mp_store_schema_version(store), mp_store_schema_latest());
	mp_store_close(store);
	store = NULL;

	after = dump_all();
	cr_assert_str_eq(after, before);
	cr_assert_eq(raw_int("PRAGMA user_version"), mp_store_schema_latest());
	cr_assert_eq(count_rows("orders"), 1);
	g_free(before);
	g_free(after);
}

Test(mp_store, missing_file_without_create_is_not_found)
{
	struct mp_error err = { "" };
	char *path = g_build_filename(tmpdir, "var", "mailproc.db", NULL);
	struct mp_store *s = (struct mp_store *)&err; /* must be reset to NULL */
	enum mp_status status;

	status = mp_store_open(path, false, &s, &err);
	cr_assert_eq(status, MP_STATUS_NOT_FOUND, "status %s", mp_status_to_string(status));
	cr_assert_null(s);
	cr_assert_not_null(strstr(err.text, "mailproc init"), "message: %s", err.text);
	cr_assert_not_null(strstr(err.text, path), "message: %s", err.text);
	cr_assert_not(g_file_test(path, G_FILE_TEST_EXISTS), "a file was created");
	g_free(path);
}

Test(mp_store, create_makes_missing_folders)
{
	struct mp_error err = { "" };
	char *path = g_build_filename(tmpdir, "var", "db", "mailproc.db", NULL);

	cr_assert_eq(mp_store_open(path, true, &store, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(mp_store_schema_version(store), mp_store_schema_latest());
	cr_assert(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	g_free(path);
}

Test(mp_store, newer_schema_is_refused)
{
	struct mp_error err = { "" };
	char *sql, *before, *after;
	enum mp_status status;

	open_store();
	mp_store_close(store);
	store = NULL;
	sql = g_strdup_printf("PRAGMA user_version = %d", mp_store_schema_latest() + 1);
	raw_exec(sql);
	g_free(sql);
	before = dump_all();

	status = mp_store_open(db_path, true, &store, &err);
	cr_assert_eq(status, MP_STATUS_DATABASE, "status %s", mp_status_to_string(status));
	cr_assert_null(store);
	cr_assert_not_null(strstr(err.text, "newer"), "message: %s", err.text);
	status = mp_store_open(db_path, false, &store, &err);
	cr_assert_eq(status, MP_STATUS_DATABASE, "status %s", mp_status_to_string(status));
	cr_assert_null(store);

	cr_assert_eq(raw_int("PRAGMA user_version"), mp_store_schema_latest() + 1);
	after = dump_all();
	cr_assert_str_eq(after, before);
	g_free(before);
	g_free(after);
}

/* ---- order numbers ------------------------------------------------------- */

Test(mp_store, order_ids_count_per_tokyo_year)
{
	struct mp_error err = { "" };
	char *a, *b, *c, *d, *e;

	open_store();
	cr_assert_eq(mp_store_begin(store, &err), MP_STATUS_OK, "%s", err.text);
	a = mp_store_next_order_id(store, jst(2026, 11, 10, 9, 0, 0), &err);
	b = mp_store_next_order_id(store, jst(2026, 12, 1, 0, 0, 0), &err);
	/* 23:59:59 UTC on Dec 31 is already 2027 in Tokyo; 14:59:59 UTC is not. */
	c = mp_store_next_order_id(store, utc(2026, 12, 31, 15, 0, 0), &err);
	d = mp_store_next_order_id(store, utc(2026, 12, 31, 14, 59, 59), &err);
	cr_assert_eq(mp_store_commit(store, &err), MP_STATUS_OK, "%s", err.text);
	e = mp_store_next_order_id(store, jst(2027, 3, 1, 12, 0, 0), &err);

	cr_assert_str_eq(a, "ORD-2026-0001");
	cr_assert_str_eq(b, "ORD-2026-0002");
	cr_assert_str_eq(c, "ORD-2027-0001");
	cr_assert_str_eq(d, "ORD-2026-0003");
	cr_assert_str_eq(e, "ORD-2027-0002");
	g_free(a);
	g_free(b);
	g_free(c);
	g_free(d);
	g_free(e);
	mp_store_close(store);
	store = NULL;
	cr_assert_eq(raw_int("SELECT last FROM order_ids WHERE year = 2026"), 3);
	cr_assert_eq(raw_int("SELECT last FROM order_ids WHERE year = 2027"), 2);
}

Test(mp_store, order_ids_rolled_back_with_the_transaction)
{
	struct mp_error err = { "" };
	char *a, *b;

	open_store();
	cr_assert_eq(mp_store_begin(store, &err), MP_STATUS_OK);
	a = mp_store_next_order_id(store, jst(2026, 11, 10, 9, 0, 0), &err);
	mp_store_rollback(store);
	cr_assert_eq(mp_store_begin(store, &err), MP_STATUS_OK);
	b = mp_store_next_order_id(store, jst(2026, 11, 10, 9, 0, 0), &err);
	cr_assert_eq(mp_store_commit(store, &err), MP_STATUS_OK);
	cr_assert_str_eq(a, "ORD-2026-0001");
	cr_assert_str_eq(b, "ORD-2026-0001");
	g_free(a);
	g_free(b);
}

/* ---- loading an order ------------------------------------------------------- */

Test(mp_store, imported_order_loads_with_every_field)
{
	int64_t now = jst(2026, 10, 1, 10, 30, 0);
	struct mp_order *o;
	GPtrArray *t;
	const struct mp_timeline_entry *e;

	open_store();
	import_default_order(now);
	o = get_order("ORD-2026-0001");

	cr_assert_str_eq(o->id, "ORD-2026-0001");
	cr_assert_str_eq(o->customer_id, "C001");
	cr_assert_str_eq(o->customer.id, "C001");
	cr_assert_str_eq(o->customer.org_name, "株式会社サンプル");
	cr_assert_str_eq(o->customer.org_name_en, "Sample Inc.");
	cr_assert_str_eq(o->customer.address, "東京都千代田区丸の内1-1-1");
	cr_assert_str_eq(o->customer.phone, "03-1234-5678");
	cr_assert_str_eq(o->customer.contact_name, "山田 太郎");
	cr_assert_str_eq(o->customer.contact_title, "情報システム部長");
	cr_assert_str_eq(o->customer.contact_email, "yamada@example.co.jp");
	cr_assert_str_eq(o->customer.tech_email, "tech@example.co.jp");
	cr_assert_str_eq(o->customer.language, "ja");
	cr_assert_gt(o->certificate_id, 0);
	cr_assert_str_eq(o->domain, "www.example.co.jp");
	cr_assert_str_eq(o->sans, "example.co.jp mail.example.co.jp");
	cr_assert_str_eq(o->ca, "digicert");
	cr_assert_str_eq(o->product, "Secure Site OV");
	cr_assert_str_eq(o->validation, "ov");
	cr_assert_eq(o->price_jpy, 55000);
	cr_assert_null(o->ca_order);
	cr_assert_null(o->approval_url);
	cr_assert_null(o->notice_message_id);
	cr_assert_null(o->key_sha256);
	cr_assert_null(o->key_source);
	cr_assert_null(o->application);
	cr_assert_eq(o->issued_certificate_id, 0);
	cr_assert_null(o->issued_sha256);
	cr_assert_eq(o->issued_not_after, 0);
	cr_assert_eq(o->created_at, now);

	/* The workflow's view borrows the order's strings. */
	cr_assert_eq(o->wf.id, o->id);
	cr_assert_eq(o->wf.state, WF_STATE_SCHEDULED);
	cr_assert_eq(o->wf.flags, 0);
	cr_assert_eq(o->wf.not_after, jst(2026, 12, 10, 23, 59, 59));
	cr_assert_eq(o->wf.state_since, now);
	cr_assert_eq(o->wf.applied_at, 0);
	cr_assert_null(o->wf.issued_sha256);
	cr_assert_eq(o->wf.current.org_name, o->customer.org_name);
	cr_assert_eq(o->wf.current.org_name_en, o->customer.org_name_en);
	cr_assert_eq(o->wf.current.address, o->customer.address);
	cr_assert_eq(o->wf.current.phone, o->customer.phone);
	cr_assert_eq(o->wf.current.contact_name, o->customer.contact_name);
	cr_assert_eq(o->wf.current.contact_title, o->customer.contact_title);
	cr_assert_eq(o->wf.current.contact_email, o->customer.contact_email);
	cr_assert_eq(o->wf.current.tech_email, o->customer.tech_email);
	cr_assert_eq(o->wf.current.ca, o->ca);
	cr_assert_eq(o->wf.current.validation, o->validation);

	t = timeline(o->id);
	cr_assert_eq(t->len, 1);
	e = g_ptr_array_index(t, 0);
	cr_assert_null(e->from_state);
	cr_assert_str_eq(e->to_state, "scheduled");
	cr_assert_str_eq(e->cause, "import");
	cr_assert_not_null(e->detail);
	cr_assert_not_null(strstr(e->detail, "line 2"), "detail: %s", e->detail);
	cr_assert_eq(e->at, now);
	g_ptr_array_unref(t);
	mp_order_free(o);
}

Test(mp_store, unknown_order_is_not_found)
{
	struct mp_order *o = (struct mp_order *)&settings;
	struct mp_error err = { "" };

	open_store();
	cr_assert_eq(mp_store_order_get(store, "ORD-2026-0099", &o, &err), MP_STATUS_NOT_FOUND);
	cr_assert_null(o);
	cr_assert_not_null(strstr(err.text, "ORD-2026-0099"), "%s", err.text);
}

Test(mp_store, order_list_filters_by_state)
{
	GPtrArray *all = NULL, *some = NULL;
	enum wf_state notice = WF_STATE_NOTICE_SENT, scheduled = WF_STATE_SCHEDULED;
	struct wf_event ev = { .kind = WF_EV_NOTICE_DUE };
	struct mp_error err = { "" };
	char *csv = g_strdup_printf(
		"%s\n%s\nC001,株式会社サンプル,Sample Inc.,東京都千代田区丸の内1-1-1,03-1234-5678,"
		"山田 太郎,情報システム部長,yamada@example.co.jp,tech@example.co.jp,shop.example.co.jp,,"
		"sectigo,PositiveSSL,dv,2027-02-01,12000\n",
		HEADER, ROW);

	open_store();
	import_ok(csv, NULL, jst(2026, 10, 1, 9, 0, 0));
	g_free(csv);
	drive("ORD-2026-0001", &ev, jst(2026, 11, 10, 9, 0, 0), "timer notice_due", NULL, NULL);

	cr_assert_eq(mp_store_order_list(store, NULL, &all, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(all->len, 2);
	cr_assert_str_eq(((struct mp_order *)g_ptr_array_index(all, 0))->id, "ORD-2026-0001");
	cr_assert_str_eq(((struct mp_order *)g_ptr_array_index(all, 1))->id, "ORD-2026-0002");
	g_ptr_array_unref(all);
	cr_assert_eq(mp_store_order_list(store, &notice, &some, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(some->len, 1);
	cr_assert_str_eq(((struct mp_order *)g_ptr_array_index(some, 0))->id, "ORD-2026-0001");
	g_ptr_array_unref(some);
	cr_assert_eq(mp_store_order_list(store, &scheduled, &some, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(some->len, 1);
	cr_assert_str_eq(((struct mp_order *)g_ptr_array_index(some, 0))->domain, "shop.example.co.jp");
	g_ptr_array_unref(some);
}

/* ---- carrying out a step ------------------------------------------------- */

Test(mp_store, apply_notice_due_writes_state_timeline_and_outbox)
{
	int64_t imported = jst(2026, 10, 1, 9, 0, 0);
	int64_t now = jst(2026, 11, 10, 9, 0, 0);
	struct wf_event ev = { .kind = WF_EV_NOTICE_DUE };
	struct mp_order *o;
	struct wf_result *r;
	struct mp_error err = { "" };
	GPtrArray *t, *box;
	const struct mp_timeline_entry *e;
	const struct mp_outbox_entry *m;
	char *flags;

	open_store();
	import_default_order(imported);
	o = get_order("ORD-2026-0001");
	cr_assert_eq(o->wf.not_after, jst(2026, 12, 10, 23, 59, 59));
	r = wf_step(&o->wf, &ev, now, &settings);
	cr_assert_not(r->refused, "%s", r->reason);
	cr_assert_eq(r->state, WF_STATE_NOTICE_SENT);
	{
		struct mp_apply a = {
			.order = o, .event = &ev, .result = r, .detail = "timer notice_due",
			.staff = staff, .from_domain = FROM_DOMAIN, .now = now,
		};

		cr_assert_eq(mp_store_apply(store, &a, &err), MP_STATUS_OK, "%s", err.text);
	}
	wf_result_free(r);
	mp_order_free(o);

	o = get_order("ORD-2026-0001");
	cr_assert_eq(o->wf.state, WF_STATE_NOTICE_SENT);
	cr_assert_eq(o->wf.state_since, now);
	cr_assert_eq(o->wf.flags, 0);
	cr_assert_eq(o->wf.applied_at, 0);
	cr_assert_eq(o->created_at, imported);

	t = timeline(o->id);
	cr_assert_eq(t->len, 2);
	e = g_ptr_array_index(t, 1);
	cr_assert_str_eq(e->from_state, "scheduled");
	cr_assert_str_eq(e->to_state, "notice_sent");
	cr_assert_str_eq(e->cause, "timer");
	cr_assert_str_eq(e->detail, "timer notice_due");
	cr_assert_not_null(e->note);
	cr_assert_not_null(strstr(e->note, "2026-11-26"), "note: %s", e->note);
	cr_assert_eq(e->at, now);
	g_ptr_array_unref(t);

	box = outbox(o->id);
	cr_assert_eq(box->len, 1);
	m = g_ptr_array_index(box, 0);
	cr_assert_str_eq(m->order_id, "ORD-2026-0001");
	cr_assert_str_eq(m->template_name, "notice");
	cr_assert_str_eq(m->recipient, "yamada@example.co.jp, tech@example.co.jp");
	cr_assert_str_eq(m->state, "pending");
	cr_assert_eq(m->attempts, 0);
	cr_assert_null(m->in_reply_to);
	cr_assert_eq(m->created_at, now);
	cr_assert(g_str_has_prefix(m->message_id, "<"), "%s", m->message_id);
	cr_assert(g_str_has_suffix(m->message_id, "@" FROM_DOMAIN ">"), "%s", m->message_id);
	cr_assert_not_null(strstr(m->message_id, "ORD-2026-0001"), "%s", m->message_id);
	g_ptr_array_unref(box);
	/* The whole outbox holds this row only. */
	box = outbox(NULL);
	cr_assert_eq(box->len, 1);
	g_ptr_array_unref(box);
	flags = raw_text("SELECT flags FROM outbox");
	cr_assert_str_eq(flags, "");
	g_free(flags);
	mp_order_free(o);
}

Test(mp_store, generated_message_ids_are_unique)
{
	struct wf_event ev = { .kind = WF_EV_NOTICE_DUE };
	char *csv = g_strdup_printf(
		"%s\n%s\nC002,合同会社テスト,Test LLC,大阪府大阪市北区梅田1-2-3,06-1111-2222,"
		"佐藤 花子,,sato@test.jp,SATO@test.jp,shop.test.jp,,"
		"sectigo,PositiveSSL,dv,2026-12-10,12000\n",
		HEADER, ROW);

	open_store();
	import_ok(csv, NULL, jst(2026, 10, 1, 9, 0, 0));
	g_free(csv);
	drive("ORD-2026-0001", &ev, jst(2026, 11, 10, 9, 0, 0), "timer notice_due", NULL, NULL);
	drive("ORD-2026-0002", &ev, jst(2026, 11, 10, 9, 0, 0), "timer notice_due", NULL, NULL);
	cr_assert_eq(raw_int("SELECT count(DISTINCT message_id) FROM outbox"), 2);
	/* tech_email equal to the contact: one recipient, not two. */
	{
		GPtrArray *box = outbox("ORD-2026-0002");
		const struct mp_outbox_entry *m = g_ptr_array_index(box, 0);

		cr_assert_str_eq(m->recipient, "sato@test.jp");
		g_ptr_array_unref(box);
	}
}

Test(mp_store, refused_result_writes_nothing)
{
	int64_t now = jst(2026, 11, 10, 9, 0, 0);
	struct wf_event ev = { .kind = WF_EV_STAFF_PAID };
	struct mp_order *o;
	struct wf_result *r;
	struct mp_error err = { "" };
	enum mp_status status;
	char *before, *after;

	open_store();
	import_default_order(jst(2026, 10, 1, 9, 0, 0));
	before = dump_all();
	o = get_order("ORD-2026-0001");
	r = wf_step(&o->wf, &ev, now, &settings);
	cr_assert(r->refused);
	{
		struct mp_apply a = {
			.order = o, .event = &ev, .result = r, .detail = "record paid by staff",
			.staff = staff, .from_domain = FROM_DOMAIN, .now = now,
		};

		status = mp_store_apply(store, &a, &err);
	}
	cr_assert_eq(status, MP_STATUS_REFUSED, "status %s", mp_status_to_string(status));
	cr_assert_str_eq(err.text, r->reason);
	after = dump_all();
	cr_assert_str_eq(after, before);
	cr_assert_eq(count_rows("transitions"), 1);
	cr_assert_eq(count_rows("outbox"), 0);
	cr_assert_eq(state_of("ORD-2026-0001"), WF_STATE_SCHEDULED);
	wf_result_free(r);
	mp_order_free(o);
	g_free(before);
	g_free(after);
}

Test(mp_store, order_moved_behind_its_back_is_tempfail_and_writes_nothing)
{
	int64_t now = jst(2026, 11, 10, 9, 0, 0);
	struct wf_event ev = { .kind = WF_EV_NOTICE_DUE };
	struct mp_order *o;
	struct wf_result *r;
	struct mp_error err = { "" };
	enum mp_status status;
	char *before, *after;

	open_store();
	import_default_order(jst(2026, 10, 1, 9, 0, 0));
	o = get_order("ORD-2026-0001");
	r = wf_step(&o->wf, &ev, now, &settings);
	cr_assert_not(r->refused, "%s", r->reason);

	/* Another process (a staff command) moves the order meanwhile. */
	raw_exec("UPDATE orders SET state = 'lapsed' WHERE id = 'ORD-2026-0001'");
	before = dump_all();
	{
		struct mp_apply a = {
			.order = o, .event = &ev, .result = r, .detail = "timer notice_due",
			.staff = staff, .from_domain = FROM_DOMAIN, .now = now,
		};

		status = mp_store_apply(store, &a, &err);
	}
	cr_assert_eq(status, MP_STATUS_TEMPFAIL, "status %s: %s", mp_status_to_string(status), err.text);
	cr_assert_not_null(strstr(err.text, "ORD-2026-0001"), "%s", err.text);
	after = dump_all();
	cr_assert_str_eq(after, before);
	cr_assert_eq(count_rows("transitions"), 1);
	cr_assert_eq(count_rows("outbox"), 0);
	wf_result_free(r);
	mp_order_free(o);

	/* The store is not left inside a transaction: the next step works. */
	raw_exec("UPDATE orders SET state = 'scheduled' WHERE id = 'ORD-2026-0001'");
	drive("ORD-2026-0001", &ev, now, "timer notice_due", NULL, NULL);
	cr_assert_eq(state_of("ORD-2026-0001"), WF_STATE_NOTICE_SENT);
	g_free(before);
	g_free(after);
}

Test(mp_store, failure_midway_rolls_back_everything)
{
	int64_t now = jst(2026, 11, 10, 9, 0, 0);
	struct wf_event ev = { .kind = WF_EV_NOTICE_DUE };
	struct mp_order *o;
	struct wf_result *r;
	struct mp_error err = { "" };
	enum mp_status status;
	char *before, *after;

	open_store();
	import_default_order(jst(2026, 10, 1, 9, 0, 0));
	/* The order update and the timeline row go through; the outbox row,
	 * written last, fails. */
	raw_exec("CREATE TRIGGER test_fail BEFORE INSERT ON outbox"
		 " BEGIN SELECT RAISE(ABORT, 'outbox refused by the test'); END");
	before = dump_all();
	o = get_order("ORD-2026-0001");
	r = wf_step(&o->wf, &ev, now, &settings);
	cr_assert_not(r->refused, "%s", r->reason);
	{
		struct mp_apply a = {
			.order = o, .event = &ev, .result = r, .detail = "timer notice_due",
			.staff = staff, .from_domain = FROM_DOMAIN, .now = now,
		};

		status = mp_store_apply(store, &a, &err);
	}
	cr_assert_eq(status, MP_STATUS_DATABASE, "status %s: %s", mp_status_to_string(status), err.text);
	cr_assert_not_null(strstr(err.text, "outbox refused by the test"), "%s", err.text);
	after = dump_all();
	cr_assert_str_eq(after, before);
	cr_assert_eq(state_of("ORD-2026-0001"), WF_STATE_SCHEDULED);
	cr_assert_eq(count_rows("transitions"), 1);
	wf_result_free(r);
	mp_order_free(o);

	/* Once the cause is gone the same step goes through. */
	raw_exec("DROP TRIGGER test_fail");
	drive("ORD-2026-0001", &ev, now, "timer notice_due", NULL, NULL);
	cr_assert_eq(state_of("ORD-2026-0001"), WF_STATE_NOTICE_SENT);
	cr_assert_eq(count_rows("transitions"), 2);
	cr_assert_eq(count_rows("outbox"), 1);
	g_free(before);
	g_free(after);
}

Test(mp_store, new_application_alerts_staff)
{
	struct wf_event notice = { .kind = WF_EV_NOTICE_DUE };
	struct wf_event form = {
		.kind = WF_EV_APPLICATION_FORM,
		.message_id = "<form-1@forms.example-hosting.jp>",
		.form = {
			.org_name = "株式会社ニューサンプル",
			.org_name_en = "New Sample Inc.",
			.address = "東京都千代田区丸の内1-1-1",
			.contact_name = "山田 太郎",
			.contact_email = "yamada@example.co.jp",
			.ca = "digicert",
			.validation = "ov",
		},
	};
	GPtrArray *box;
	const struct mp_outbox_entry *m;
	char *app;

	open_store();
	import_default_order(jst(2026, 10, 1, 9, 0, 0));
	drive("ORD-2026-0001", &notice, jst(2026, 11, 10, 9, 0, 0), "timer notice_due", NULL, NULL);
	drive("ORD-2026-0001", &form, jst(2026, 11, 16, 11, 0, 0), form.message_id,
	      "{\"org_name\": \"株式会社ニューサンプル\"}", NULL);
	cr_assert_eq(state_of("ORD-2026-0001"), WF_STATE_NEW_APPLICATION);
	box = outbox("ORD-2026-0001");
	cr_assert_eq(box->len, 3);
	m = g_ptr_array_index(box, 1);
	cr_assert_str_eq(m->template_name, "new_application");
	cr_assert_str_eq(m->recipient, "yamada@example.co.jp, tech@example.co.jp");
	cr_assert_str_eq(m->in_reply_to, "<form-1@forms.example-hosting.jp>");
	m = g_ptr_array_index(box, 2);
	cr_assert_str_eq(m->template_name, "staff_alert");
	cr_assert_str_eq(m->recipient, "staff1@example-hosting.jp, staff2@example-hosting.jp");
	cr_assert_null(m->in_reply_to);
	cr_assert_not_null(m->note);
	cr_assert_not_null(strstr(m->note, "org_name"), "%s", m->note);
	g_ptr_array_unref(box);
	app = raw_text("SELECT application FROM orders WHERE id = 'ORD-2026-0001'");
	cr_assert_str_eq(app, "{\"org_name\": \"株式会社ニューサンプル\"}");
	g_free(app);
}

/* ---- a whole cycle -------------------------------------------------------- */

struct expected_step {
	const char *from; /* NULL for the import */
	const char *to;
	const char *cause;
	const char *detail; /* NULL: not checked */
};

Test(mp_store, complete_cycle_scheduled_to_paid)
{
	const char *id = "ORD-2026-0001";
	const char *app_json = "{\"org_name\": \"株式会社サンプル\", \"ca\": \"digicert\"}";
	const int64_t t_import = jst(2026, 10, 1, 9, 0, 0);
	const int64_t t_notice = jst(2026, 11, 10, 9, 0, 0);
	const int64_t t_reply = jst(2026, 11, 11, 14, 0, 0);
	const int64_t t_form = jst(2026, 11, 16, 10, 0, 0);
	const int64_t t_applied = jst(2026, 11, 17, 15, 0, 0);
	const int64_t t_approval = jst(2026, 11, 18, 9, 30, 0);
	const int64_t t_issued = jst(2026, 11, 20, 16, 0, 0);
	const int64_t t_installed = jst(2026, 11, 24, 11, 0, 0);
	const int64_t t_paid = jst(2026, 12, 15, 10, 0, 0);
	const int64_t cert_not_after = jst(2027, 6, 8, 8, 59, 59);
	EVP_PKEY *pkey;
	BIO *bio;
	char *key_dir, *key_path, *key_sha, *csv, *text;
	struct mp_order *o, *next;
	GPtrArray *t, *box, *orders = NULL;
	struct mp_error err = { "" };
	int64_t issued_id;
	guint i;

	/* The order's key, made outside mailproc and referenced relatively. */
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	cr_assert_not_null(pkey);
	key_dir = g_build_filename(tmpdir, "keys", NULL);
	cr_assert_eq(g_mkdir(key_dir, 0700), 0);
	key_path = g_build_filename(key_dir, "www.example.co.jp.key", NULL);
	bio = BIO_new_file(key_path, "w");
	cr_assert_not_null(bio);
	cr_assert(PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL));
	BIO_free(bio);
	key_sha = spki_sha256(pkey);
	EVP_PKEY_free(pkey);

	open_store();
	csv = g_strdup_printf("%s,key_file\n%s,keys/www.example.co.jp.key\n", HEADER, ROW);
	import_ok(csv, tmpdir, t_import);
	g_free(csv);
	o = get_order(id);
	cr_assert_str_eq(o->key_sha256, key_sha);
	cr_assert_str_eq(o->key_source, "private key");
	mp_order_free(o);

	/* notice_due: timer */
	{
		struct wf_event ev = { .kind = WF_EV_NOTICE_DUE };

		drive(id, &ev, t_notice, "timer notice_due", NULL, NULL);
		cr_assert_eq(state_of(id), WF_STATE_NOTICE_SENT);
	}
	/* "we renew" without the form: answered with the form link, in reply */
	{
		struct wf_event ev = { .kind = WF_EV_RENEW_REPLY, .message_id = "<reply-1@example.co.jp>" };

		drive(id, &ev, t_reply, ev.message_id, NULL, NULL);
		o = get_order(id);
		cr_assert_eq(o->wf.state, WF_STATE_NOTICE_SENT);
		cr_assert(o->wf.flags & WF_FLAG_FORM_LINK_SENT);
		/* The state did not change, so neither did its start. */
		cr_assert_eq(o->wf.state_since, t_notice);
		mp_order_free(o);
	}
	/* the application form, equal to last year's data */
	{
		struct wf_event ev = { .kind = WF_EV_APPLICATION_FORM,
				       .message_id = "<form-1@forms.example-hosting.jp>" };

		o = get_order(id);
		ev.form = o->wf.current;
		drive(id, &ev, t_form, ev.message_id, app_json, NULL);
		mp_order_free(o);
		o = get_order(id);
		cr_assert_eq(o->wf.state, WF_STATE_ACCEPTED);
		cr_assert_eq(o->wf.state_since, t_form);
		cr_assert_str_eq(o->application, app_json);
		mp_order_free(o);
	}
	/* staff placed the order at the CA */
	{
		struct wf_event ev = { .kind = WF_EV_STAFF_APPLIED, .ca_order = "12345678" };

		drive(id, &ev, t_applied, "record applied by staff", NULL, NULL);
		o = get_order(id);
		cr_assert_eq(o->wf.state, WF_STATE_APPLIED);
		cr_assert_str_eq(o->ca_order, "12345678");
		cr_assert_eq(o->wf.applied_at, t_applied);
		mp_order_free(o);
	}
	/* the CA asks for approval */
	{
		struct wf_event ev = { .kind = WF_EV_APPROVAL_REQUEST,
				       .message_id = "<approve-9@digicert.com>",
				       .approval_url = "https://www.digicert.com/approve/abc123" };

		drive(id, &ev, t_approval, ev.message_id, NULL, NULL);
		o = get_order(id);
		cr_assert_eq(o->wf.state, WF_STATE_AWAITING_APPROVAL);
		cr_assert_str_eq(o->approval_url, "https://www.digicert.com/approve/abc123");
		cr_assert_str_eq(o->ca_order, "12345678");
		cr_assert_eq(o->wf.applied_at, t_applied);
		mp_order_free(o);
	}
	/* the certificate */
	{
		struct wf_event ev = { .kind = WF_EV_CERT_ISSUED,
				       .message_id = "<issued-9@digicert.com>",
				       .cert_verified = true,
				       .cert_sha256 = SHA_NEW,
				       .cert_not_after = cert_not_after };

		drive(id, &ev, t_issued, ev.message_id, NULL, FAKE_PEM);
		o = get_order(id);
		cr_assert_eq(o->wf.state, WF_STATE_ISSUED);
		cr_assert_neq(o->issued_certificate_id, 0);
		cr_assert_neq(o->issued_certificate_id, o->certificate_id);
		cr_assert_str_eq(o->issued_sha256, SHA_NEW);
		cr_assert_eq(o->wf.issued_sha256, o->issued_sha256);
		cr_assert_eq(o->issued_not_after, cert_not_after);
		/* The order still renews last year's certificate. */
		cr_assert_eq(o->wf.not_after, jst(2026, 12, 10, 23, 59, 59));
		issued_id = o->issued_certificate_id;
		mp_order_free(o);
		cr_assert_eq(count_rows("certificates"), 2);
		text = raw_text("SELECT customer_id || '|' || domain || '|' || sans || '|' || ca || '|'"
				" || product || '|' || validation || '|' || sha256 || '|' || pem"
				" FROM certificates ORDER BY id DESC LIMIT 1");
		cr_assert_str_eq(text, "C001|www.example.co.jp|example.co.jp mail.example.co.jp|digicert|"
				       "Secure Site OV|ov|" SHA_NEW "|" FAKE_PEM);
		g_free(text);
		cr_assert_eq(raw_int("SELECT max(id) FROM certificates"), issued_id);
		cr_assert_eq(raw_int("SELECT not_after FROM certificates ORDER BY id DESC LIMIT 1"),
			     cert_not_after);
	}
	/* installed: reported at once with the bundle */
	{
		struct wf_event ev = { .kind = WF_EV_STAFF_INSTALLED, .install_checked = true };

		drive(id, &ev, t_installed, "record installed by staff", NULL, NULL);
		cr_assert_eq(state_of(id), WF_STATE_REPORTED);
		text = raw_text("SELECT flags FROM outbox WHERE template = 'install_report'");
		cr_assert_str_eq(text, "attach_bundle");
		g_free(text);
	}
	/* paid: the next cycle starts from the issued certificate */
	{
		struct wf_event ev = { .kind = WF_EV_STAFF_PAID };

		drive(id, &ev, t_paid, "record paid by staff", NULL, NULL);
		o = get_order(id);
		cr_assert_eq(o->wf.state, WF_STATE_PAID);
		cr_assert_eq(o->wf.state_since, t_paid);
		mp_order_free(o);
	}

	/* The first order's timeline, whole. */
	{
		static const struct expected_step want[] = {
			{ NULL, "scheduled", "import", NULL },
			{ "scheduled", "notice_sent", "timer", "timer notice_due" },
			{ "notice_sent", "notice_sent", "message", "<reply-1@example.co.jp>" },
			{ "notice_sent", "requested", "message", "<form-1@forms.example-hosting.jp>" },
			{ "requested", "accepted", "automatic", "<form-1@forms.example-hosting.jp>" },
			{ "accepted", "applied", "staff", "record applied by staff" },
			{ "applied", "awaiting_approval", "message", "<approve-9@digicert.com>" },
			{ "awaiting_approval", "issued", "message", "<issued-9@digicert.com>" },
			{ "issued", "installed", "staff", "record installed by staff" },
			{ "installed", "reported", "automatic", "record installed by staff" },
			{ "reported", "paid", "staff", "record paid by staff" },
		};
		const int64_t at[] = { t_import, t_notice, t_reply, t_form, t_form, t_applied,
				       t_approval, t_issued, t_installed, t_installed, t_paid };

		t = timeline(id);
		cr_assert_eq(t->len, G_N_ELEMENTS(want), "timeline has %u entries", t->len);
		for (i = 0; i < t->len; i++) {
			const struct mp_timeline_entry *e = g_ptr_array_index(t, i);

			if (want[i].from)
				cr_assert_str_eq(e->from_state, want[i].from, "entry %u", i);
			else
				cr_assert_null(e->from_state, "entry %u", i);
			cr_assert_str_eq(e->to_state, want[i].to, "entry %u", i);
			cr_assert_str_eq(e->cause, want[i].cause, "entry %u", i);
			if (want[i].detail)
				cr_assert_str_eq(e->detail, want[i].detail, "entry %u", i);
			cr_assert_eq(e->at, at[i], "entry %u", i);
		}
		g_ptr_array_unref(t);
	}
	/* Its mails, whole. */
	{
		static const struct {
			const char *template_name;
			const char *in_reply_to;
		} want[] = {
			{ "notice", NULL },
			{ "form_link", "<reply-1@example.co.jp>" },
			{ "acceptance", "<form-1@forms.example-hosting.jp>" },
			{ "approval_request", NULL },
			{ "install_report", NULL },
		};

		box = outbox(id);
		cr_assert_eq(box->len, G_N_ELEMENTS(want), "outbox has %u rows", box->len);
		for (i = 0; i < box->len; i++) {
			const struct mp_outbox_entry *m = g_ptr_array_index(box, i);

			cr_assert_str_eq(m->template_name, want[i].template_name, "row %u", i);
			if (want[i].in_reply_to)
				cr_assert_str_eq(m->in_reply_to, want[i].in_reply_to, "row %u", i);
			else
				cr_assert_null(m->in_reply_to, "row %u", i);
			cr_assert_str_eq(m->recipient, "yamada@example.co.jp, tech@example.co.jp");
			cr_assert_str_eq(m->state, "pending");
			cr_assert_not_null(strstr(m->message_id, id), "%s", m->message_id);
		}
		g_ptr_array_unref(box);
	}

	/* The next cycle. */
	cr_assert_eq(mp_store_order_list(store, NULL, &orders, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(orders->len, 2);
	g_ptr_array_unref(orders);
	next = get_order("ORD-2026-0002");
	cr_assert_eq(next->wf.state, WF_STATE_SCHEDULED);
	cr_assert_eq(next->certificate_id, issued_id);
	cr_assert_eq(next->wf.not_after, cert_not_after);
	cr_assert_eq(next->wf.state_since, t_paid);
	cr_assert_eq(next->created_at, t_paid);
	cr_assert_eq(next->wf.flags, 0);
	cr_assert_eq(next->wf.applied_at, 0);
	cr_assert_str_eq(next->customer_id, "C001");
	cr_assert_str_eq(next->domain, "www.example.co.jp");
	cr_assert_str_eq(next->sans, "example.co.jp mail.example.co.jp");
	cr_assert_str_eq(next->ca, "digicert");
	cr_assert_str_eq(next->validation, "ov");
	cr_assert_eq(next->price_jpy, 55000);
	cr_assert_eq(next->issued_certificate_id, 0);
	cr_assert_null(next->ca_order);
	cr_assert_null(next->approval_url);
	cr_assert_null(next->application);
	t = timeline(next->id);
	cr_assert_eq(t->len, 1);
	{
		const struct mp_timeline_entry *e = g_ptr_array_index(t, 0);

		cr_assert_null(e->from_state);
		cr_assert_str_eq(e->to_state, "scheduled");
		cr_assert_str_eq(e->cause, "automatic");
		cr_assert_str_eq(e->detail, id);
		cr_assert_eq(e->at, t_paid);
	}
	g_ptr_array_unref(t);
	box = outbox(next->id);
	cr_assert_eq(box->len, 0);
	g_ptr_array_unref(box);
	/* Its notice will be due 30 days before the new expiry, not before. */
	{
		enum wf_event_kind kind;

		cr_assert_not(wf_timer_next(&next->wf, t_paid, &settings, &kind));
	}
	mp_order_free(next);

	g_free(key_sha);
	g_free(key_path);
	g_free(key_dir);
}

/* Inside the caller's transaction the apply commits nothing of its own: the
 * caller's rollback takes the step back whole. */
Test(mp_store, apply_inside_callers_transaction_follows_it)
{
	int64_t now = jst(2026, 11, 10, 9, 0, 0);
	struct wf_event ev = { .kind = WF_EV_NOTICE_DUE };
	struct mp_error err = { "" };
	char *before, *after;

	open_store();
	import_default_order(jst(2026, 10, 1, 9, 0, 0));
	before = dump_all();
	cr_assert_eq(mp_store_begin(store, &err), MP_STATUS_OK, "%s", err.text);
	drive("ORD-2026-0001", &ev, now, "timer notice_due", NULL, NULL);
	/* Seen from the same connection, the step is there... */
	cr_assert_eq(state_of("ORD-2026-0001"), WF_STATE_NOTICE_SENT);
	mp_store_rollback(store);
	/* ...and after the rollback it is gone. */
	after = dump_all();
	cr_assert_str_eq(after, before);
	cr_assert_eq(state_of("ORD-2026-0001"), WF_STATE_SCHEDULED);
	g_free(before);
	g_free(after);
}

/* Regression (was a bug): an order imported with its own order_id (import.c create_order) does
 * not advance the order_ids counter, so the next cycle's order that
 * mp_store_apply creates when another order is paid (next_order ->
 * mp_store_next_order_id) can get that id again: here the paid step fails
 * with MP_STATUS_DATABASE ("UNIQUE constraint failed: orders.id"), the
 * order stays reported, and every retry fails the same way because the
 * counter is rolled back with the step. */
Test(mp_store, paid_after_import_of_own_order_ids)
{
	const char *id = "ORD-2026-0001";
	char *csv = g_strdup_printf(
		"%s,order_id,state\n%s,,\nC002,合同会社テスト,Test LLC,大阪府大阪市北区梅田1-2-3,"
		"06-1111-2222,佐藤 花子,,sato@test.jp,,shop.test.jp,,sectigo,OV SSL,ov,2027-01-20,33000,"
		"ORD-2026-0002,accepted\n",
		HEADER, ROW);
	struct wf_event notice = { .kind = WF_EV_NOTICE_DUE };
	struct wf_event form = { .kind = WF_EV_APPLICATION_FORM, .message_id = "<form-1@example.co.jp>" };
	struct wf_event applied = { .kind = WF_EV_STAFF_APPLIED };
	struct wf_event issued = { .kind = WF_EV_CERT_ISSUED, .cert_verified = true,
				   .cert_sha256 = SHA_NEW, .cert_not_after = jst(2027, 6, 8, 8, 59, 59) };
	struct wf_event installed = { .kind = WF_EV_STAFF_INSTALLED };
	struct wf_event paid = { .kind = WF_EV_STAFF_PAID };
	struct mp_order *o;

	open_store();
	import_ok(csv, NULL, jst(2026, 10, 1, 9, 0, 0));
	g_free(csv);
	drive(id, &notice, jst(2026, 11, 10, 9, 0, 0), "timer notice_due", NULL, NULL);
	o = get_order(id);
	form.form = o->wf.current;
	drive(id, &form, jst(2026, 11, 16, 10, 0, 0), form.message_id, "{}", NULL);
	mp_order_free(o);
	drive(id, &applied, jst(2026, 11, 17, 10, 0, 0), "record applied", NULL, NULL);
	drive(id, &issued, jst(2026, 11, 20, 10, 0, 0), "record issued", NULL, FAKE_PEM);
	drive(id, &installed, jst(2026, 11, 24, 10, 0, 0), "record installed", NULL, NULL);
	drive(id, &paid, jst(2026, 12, 15, 10, 0, 0), "record paid", NULL, NULL);
	cr_assert_eq(state_of(id), WF_STATE_PAID);
	cr_assert_eq(count_rows("orders"), 3);
}

/* ---- the staff alert for mails that need staff ------------------------------- */

static void
add_message(uint32_t uid, enum mp_outcome outcome, const char *order_id)
{
	struct mp_error err = { "" };
	char *mid = g_strdup_printf("<m%u@customer.example.jp>", uid);
	char *subject = g_strdup_printf("question %u", uid);
	struct mp_message m = {
		.uidvalidity = 7,
		.uid = uid,
		.message_id = mid,
		.kind = "customer_reply",
		.outcome = outcome,
		.reason = "the customer's intent is unclear",
		.order_id = (char *)order_id,
		.sender = "yamada@example.co.jp",
		.subject = subject,
		.received_at = jst(2026, 11, 16, 11, 0, 0),
		.alert_pending = outcome == MP_OUTCOME_NEEDS_STAFF,
	};

	cr_assert_eq(mp_store_message_add(store, &m, &err), MP_STATUS_OK, "%s", err.text);
	g_free(mid);
	g_free(subject);
}

static unsigned
digest(void)
{
	struct mp_config config = { 0 };
	struct mp_cli cli = { .name = "run", .config = &config, .store = store, .now = jst(2026, 11, 16, 12, 0, 0) };
	struct mp_error err = { "" };
	unsigned mails = 99;

	config.smtp.from = "ssl@example-hosting.jp";
	config.company.staff = (char **)staff;
	cr_assert_eq(mp_inbound_staff_digest(&cli, &mails, &err), MP_STATUS_OK, "%s", err.text);
	return mails;
}

Test(mp_store, staff_digest_one_alert_for_all_waiting_mails)
{
	char *note, *order;

	open_store();
	import_default_order(jst(2026, 10, 1, 9, 0, 0));
	/* Nothing waits: no alert, nothing written. */
	cr_expect_eq(digest(), 0);
	cr_expect_eq(count_rows("outbox"), 0);

	/* One mail: the old single-mail alert, with its order. */
	add_message(1, MP_OUTCOME_NEEDS_STAFF, "ORD-2026-0001");
	add_message(2, MP_OUTCOME_PROCESSED, "ORD-2026-0001");
	cr_expect_eq(digest(), 1);
	cr_assert_eq(count_rows("outbox"), 1);
	note = raw_text("SELECT note FROM outbox");
	order = raw_text("SELECT order_id FROM outbox");
	cr_expect(g_str_has_prefix(note, "A mail needs a decision.\nFrom: yamada@example.co.jp\n"
					 "Subject: question 1\nMessage-ID: <m1@customer.example.jp>\n"),
		  "%s", note);
	cr_expect_str_eq(order, "ORD-2026-0001");
	g_free(note);
	g_free(order);
	cr_expect_eq(digest(), 0, "each mail is in one alert only");
	cr_expect_eq(count_rows("outbox"), 1);

	/* 25 mails: one alert listing 20, no single order. */
	for (uint32_t uid = 10; uid < 35; uid++)
		add_message(uid, MP_OUTCOME_NEEDS_STAFF, uid == 10 ? "ORD-2026-0001" : NULL);
	cr_expect_eq(digest(), 25);
	cr_assert_eq(count_rows("outbox"), 2);
	note = raw_text("SELECT note FROM outbox ORDER BY id DESC");
	cr_expect(g_str_has_prefix(note, "25 mails need a decision.\n\nFrom: "), "%s", note);
	cr_expect(strstr(note, "question 29\n") != NULL, "%s", note);
	cr_expect(strstr(note, "question 30\n") == NULL, "the 21st is not listed: %s", note);
	cr_expect(strstr(note, "... and 5 more.") != NULL, "%s", note);
	cr_expect(strstr(note, "mailproc queue") != NULL, "%s", note);
	g_free(note);
	cr_expect_eq(raw_int("SELECT count(*) FROM outbox WHERE order_id IS NULL"), 1);
	cr_expect_eq(raw_int("SELECT count(*) FROM messages WHERE alert_pending = 1"), 0);
	cr_expect_eq(digest(), 0);
}

static void
expect_mark(const char *folder, uint32_t validity, uint32_t last)
{
	struct mp_error err = { "" };
	uint32_t v = 99, l = 99;

	cr_assert_eq(mp_store_mailbox_state(store, folder, &v, &l, &err), MP_STATUS_OK, "%s", err.text);
	cr_expect_eq(v, validity, "%s: UIDVALIDITY %u, expected %u", folder, v, validity);
	cr_expect_eq(l, last, "%s: last UID %u, expected %u", folder, l, last);
}

Test(mp_store, mailbox_mark_rises_and_starts_over_with_a_new_uidvalidity)
{
	struct mp_error err = { "" };

	open_store();
	expect_mark("INBOX", 0, 0);
	cr_assert_eq(mp_store_mailbox_advance(store, "INBOX", 7, 10, &err), MP_STATUS_OK, "%s", err.text);
	expect_mark("INBOX", 7, 10);
	cr_assert_eq(mp_store_mailbox_advance(store, "INBOX", 7, 5, &err), MP_STATUS_OK, "%s", err.text);
	expect_mark("INBOX", 7, 10);
	cr_assert_eq(mp_store_mailbox_advance(store, "INBOX", 8, 3, &err), MP_STATUS_OK, "%s", err.text);
	expect_mark("INBOX", 8, 3);
	expect_mark("Other", 0, 0);
}
