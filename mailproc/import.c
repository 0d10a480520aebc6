/* Import of customers, certificates and orders from INTERFACE.md's CSV: all or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"

enum column {
	COL_CUSTOMER_ID,
	COL_ORG_NAME,
	COL_ORG_NAME_EN,
	COL_ADDRESS,
	COL_PHONE,
	COL_CONTACT_NAME,
	COL_CONTACT_TITLE,
	COL_CONTACT_EMAIL,
	COL_TECH_EMAIL,
	COL_DOMAIN,
	COL_SANS,
	COL_CA,
	COL_PRODUCT,
	COL_VALIDATION,
	COL_NOT_AFTER,
	COL_PRICE_JPY,
	/* optional */
	COL_ORDER_ID,
	COL_STATE,
	COL_NOTICE_MESSAGE_ID,
	COL_KEY_FILE,
	COL_LANGUAGE,
	COL_COUNT
};

#define FIRST_OPTIONAL COL_ORDER_ID

static const struct {
	const char *name;
	bool required; /* a value must be given */
} columns[COL_COUNT] = {
	[COL_CUSTOMER_ID] = { "customer_id", true },
	[COL_ORG_NAME] = { "org_name", true },
	[COL_ORG_NAME_EN] = { "org_name_en", true },
	[COL_ADDRESS] = { "address", true },
	[COL_PHONE] = { "phone", true },
	[COL_CONTACT_NAME] = { "contact_name", true },
	[COL_CONTACT_TITLE] = { "contact_title", false },
	[COL_CONTACT_EMAIL] = { "contact_email", true },
	[COL_TECH_EMAIL] = { "tech_email", false },
	[COL_DOMAIN] = { "domain", true },
	[COL_SANS] = { "sans", false },
	[COL_CA] = { "ca", true },
	[COL_PRODUCT] = { "product", false },
	[COL_VALIDATION] = { "validation", true },
	[COL_NOT_AFTER] = { "not_after", true },
	[COL_PRICE_JPY] = { "price_jpy", true },
	[COL_ORDER_ID] = { "order_id", false },
	[COL_STATE] = { "state", false },
	[COL_NOTICE_MESSAGE_ID] = { "notice_message_id", false },
	[COL_KEY_FILE] = { "key_file", false },
	[COL_LANGUAGE] = { "language", false },
};

/* One checked row, ready to write. Strings owned. */
struct row {
	unsigned line;
	char *v[COL_COUNT];    /* trimmed values, "" when absent */
	int64_t not_after;
	int64_t price_jpy;
	enum wf_state state;
	bool has_state;
	struct parse_key_facts *key;
};

static void
row_free(gpointer p)
{
	struct row *r = p;
	int i;

	for (i = 0; i < COL_COUNT; i++)
		g_free(r->v[i]);
	parse_key_facts_free(r->key);
	g_free(r);
}

static void
problem(GPtrArray *problems, unsigned line, const char *column, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

static void
problem(GPtrArray *problems, unsigned line, const char *column, const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (column)
		g_ptr_array_add(problems, g_strdup_printf("line %u: %s: %s", line, column, why));
	else
		g_ptr_array_add(problems, g_strdup_printf("line %u: %s", line, why));
	g_free(why);
}

static bool
valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	const char *p;

	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return false;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == '<' || *p == '>' || *p == 0x7f)
			return false;
	return at[1] != '.' && p[-1] != '.';
}

/* A host name as a certificate names it: letters, digits and hyphens in
 * labels of 1-63, at least two labels, an optional "*." in front. */
static bool
valid_dns_name(const char *s)
{
	const char *p = s;
	int labels = 0;

	if (g_str_has_prefix(p, "*."))
		p += 2;
	if (strlen(p) > 253)
		return false;
	while (*p) {
		const char *start = p;

		while (g_ascii_isalnum(*p) || *p == '-')
			p++;
		if (p == start || p - start > 63 || *start == '-' || p[-1] == '-')
			return false;
		labels++;
		if (*p == '.')
			p++;
		else if (*p)
			return false;
		else
			break;
	}
	return labels >= 2 && p[-1] != '.';
}

static bool
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			return true;
	return false;
}

static bool
valid_order_id(const char *s)
{
	return strlen(s) == 13 && g_str_has_prefix(s, "ORD-") && g_ascii_isdigit(s[4]) &&
	       g_ascii_isdigit(s[5]) && g_ascii_isdigit(s[6]) && g_ascii_isdigit(s[7]) && s[8] == '-' &&
	       g_ascii_isdigit(s[9]) && g_ascii_isdigit(s[10]) && g_ascii_isdigit(s[11]) &&
	       g_ascii_isdigit(s[12]);
}

static void
check_key(struct row *r, const char *base_dir, GPtrArray *problems)
{
	char *path, *data = NULL;
	size_t len = 0;
	struct mp_error err = { "" };

	path = g_path_is_absolute(r->v[COL_KEY_FILE]) ?
		       g_strdup(r->v[COL_KEY_FILE]) :
		       g_build_filename(base_dir ? base_dir : ".", r->v[COL_KEY_FILE], NULL);
	if (mp_read_file(path, &data, &len, &err) != MP_STATUS_OK)
		problem(problems, r->line, "key_file", "%s", err.text);
	else if (parse_key_public(data, len, &r->key, &err) != MP_STATUS_OK)
		problem(problems, r->line, "key_file", "%s: %s", r->v[COL_KEY_FILE], err.text);
	if (data) {
		/* It may be a private key: do not leave it in freed memory. */
		memset(data, 0, len);
		g_free(data);
	}
	g_free(path);
}

static struct row *
check_row(const struct parse_csv_row *in, const int *index, const char *base_dir,
	  GPtrArray *problems)
{
	struct row *r = g_new0(struct row, 1);
	guint before = problems->len;
	int c;
	wf_day day;

	r->line = in->line;
	for (c = 0; c < COL_COUNT; c++) {
		const char *raw = index[c] >= 0 ? g_ptr_array_index(in->fields, index[c]) : "";

		r->v[c] = g_strstrip(g_strdup(raw));
		if (has_control(r->v[c]))
			problem(problems, r->line, columns[c].name, "control characters are not allowed");
		else if (columns[c].required && !*r->v[c])
			problem(problems, r->line, columns[c].name, "missing (required)");
	}
	if (problems->len > before)
		goto out;

	for (const char *p = r->v[COL_CUSTOMER_ID]; *p; p++)
		if (!g_ascii_isalnum(*p) && !strchr("._-", *p)) {
			problem(problems, r->line, "customer_id", "'%s': only letters, digits, '.', '_' and '-'",
				r->v[COL_CUSTOMER_ID]);
			break;
		}
	if (!valid_email(r->v[COL_CONTACT_EMAIL]))
		problem(problems, r->line, "contact_email", "'%s' is not an e-mail address",
			r->v[COL_CONTACT_EMAIL]);
	if (*r->v[COL_TECH_EMAIL] && !valid_email(r->v[COL_TECH_EMAIL]))
		problem(problems, r->line, "tech_email", "'%s' is not an e-mail address",
			r->v[COL_TECH_EMAIL]);

	{
		char *lower = g_ascii_strdown(r->v[COL_DOMAIN], -1);

		g_free(r->v[COL_DOMAIN]);
		r->v[COL_DOMAIN] = lower;
	}
	if (!valid_dns_name(r->v[COL_DOMAIN]))
		problem(problems, r->line, "domain", "'%s' is not a host name", r->v[COL_DOMAIN]);
	{
		char **names = g_strsplit_set(r->v[COL_SANS], " \t", -1);
		GString *clean = g_string_new(NULL);

		for (char **n = names; *n; n++) {
			char *lower;

			if (!**n)
				continue;
			lower = g_ascii_strdown(*n, -1);
			if (!valid_dns_name(lower))
				problem(problems, r->line, "sans", "'%s' is not a host name", *n);
			g_string_append_printf(clean, "%s%s", clean->len ? " " : "", lower);
			g_free(lower);
		}
		g_strfreev(names);
		g_free(r->v[COL_SANS]);
		r->v[COL_SANS] = g_string_free(clean, FALSE);
	}

	{
		char *ca = g_ascii_strdown(r->v[COL_CA], -1), *val = g_ascii_strdown(r->v[COL_VALIDATION], -1);

		g_free(r->v[COL_CA]);
		r->v[COL_CA] = ca;
		g_free(r->v[COL_VALIDATION]);
		r->v[COL_VALIDATION] = val;
	}
	if (strcmp(r->v[COL_CA], "digicert") && strcmp(r->v[COL_CA], "geotrust") &&
	    strcmp(r->v[COL_CA], "sectigo") && strcmp(r->v[COL_CA], "globalsign"))
		problem(problems, r->line, "ca", "'%s': expected digicert, geotrust, sectigo or globalsign",
			r->v[COL_CA]);
	if (strcmp(r->v[COL_VALIDATION], "dv") && strcmp(r->v[COL_VALIDATION], "ov") &&
	    strcmp(r->v[COL_VALIDATION], "ev"))
		problem(problems, r->line, "validation", "'%s': expected dv, ov or ev", r->v[COL_VALIDATION]);

	if (!wf_day_parse(r->v[COL_NOT_AFTER], &day))
		problem(problems, r->line, "not_after", "'%s': expected a date YYYY-MM-DD",
			r->v[COL_NOT_AFTER]);
	else
		/* A date in the CSV means the certificate is good through that day
		 * in Tokyo. */
		r->not_after = wf_day_start(day) + 86399;

	{
		char *end = NULL;
		const char *p = r->v[COL_PRICE_JPY];
		gint64 price = g_ascii_strtoll(p, &end, 10);

		if (!g_ascii_isdigit(*p) || *end || price < 0 || price > 100000000)
			problem(problems, r->line, "price_jpy", "'%s': expected a whole number of yen", p);
		else
			r->price_jpy = price;
	}

	if (*r->v[COL_ORDER_ID] && !valid_order_id(r->v[COL_ORDER_ID]))
		problem(problems, r->line, "order_id", "'%s': expected ORD-YYYY-NNNN", r->v[COL_ORDER_ID]);
	if (*r->v[COL_STATE]) {
		char *lower = g_ascii_strdown(r->v[COL_STATE], -1);

		g_free(r->v[COL_STATE]);
		r->v[COL_STATE] = lower;
		if (!wf_state_parse(r->v[COL_STATE], &r->state))
			problem(problems, r->line, "state", "'%s' is not a state", r->v[COL_STATE]);
		else
			r->has_state = true;
	}
	if (*r->v[COL_NOTICE_MESSAGE_ID]) {
		const char *m = r->v[COL_NOTICE_MESSAGE_ID];

		if (m[0] != '<' || m[strlen(m) - 1] != '>' || !strchr(m, '@') || strchr(m, ' '))
			problem(problems, r->line, "notice_message_id", "'%s': expected <id@host>", m);
	}
	if (*r->v[COL_LANGUAGE] && strcmp(r->v[COL_LANGUAGE], "ja") && strcmp(r->v[COL_LANGUAGE], "en"))
		problem(problems, r->line, "language", "'%s': expected ja or en", r->v[COL_LANGUAGE]);
	if (*r->v[COL_KEY_FILE])
		check_key(r, base_dir, problems);
out:
	if (problems->len > before) {
		row_free(r);
		return NULL;
	}
	return r;
}

/* Rows about one customer must agree with each other; one certificate or
 * one order may appear only once. */
static void
check_across(GPtrArray *rows, GPtrArray *problems)
{
	GHashTable *customers = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *certs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *orders = g_hash_table_new(g_str_hash, g_str_equal);
	guint i;

	for (i = 0; i < rows->len; i++) {
		struct row *r = g_ptr_array_index(rows, i), *first;
		char *cert_key = g_strdup_printf("%s %s", r->v[COL_DOMAIN], r->v[COL_NOT_AFTER]);

		first = g_hash_table_lookup(customers, r->v[COL_CUSTOMER_ID]);
		if (!first) {
			g_hash_table_insert(customers, r->v[COL_CUSTOMER_ID], r);
		} else {
			static const enum column same[] = { COL_ORG_NAME, COL_ORG_NAME_EN, COL_ADDRESS,
							    COL_PHONE, COL_CONTACT_NAME, COL_CONTACT_TITLE,
							    COL_CONTACT_EMAIL, COL_TECH_EMAIL, COL_LANGUAGE };

			for (size_t k = 0; k < G_N_ELEMENTS(same); k++) {
				int c = same[k];

				if (strcmp(first->v[c], r->v[c]) != 0) {
					problem(problems, r->line, columns[c].name,
						"customer %s has another value on line %u",
						r->v[COL_CUSTOMER_ID], first->line);
					break;
				}
			}
		}
		first = g_hash_table_lookup(certs, cert_key);
		if (first) {
			problem(problems, r->line, "domain", "%s expiring %s is already on line %u",
				r->v[COL_DOMAIN], r->v[COL_NOT_AFTER], first->line);
			g_free(cert_key);
		} else {
			g_hash_table_insert(certs, cert_key, r);
		}
		if (*r->v[COL_ORDER_ID]) {
			first = g_hash_table_lookup(orders, r->v[COL_ORDER_ID]);
			if (first)
				problem(problems, r->line, "order_id", "%s is already on line %u",
					r->v[COL_ORDER_ID], first->line);
			else
				g_hash_table_insert(orders, r->v[COL_ORDER_ID], r);
		}
	}
	g_hash_table_unref(customers);
	g_hash_table_unref(certs);
	g_hash_table_unref(orders);
}

/* ---- writing ---------------------------------------------------------------- */

static enum mp_status
step_done(struct mp_store *store, sqlite3_stmt *stmt, const char *what, struct mp_error *err)
{
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(store, err, what);
	return MP_STATUS_OK;
}

static enum mp_status
write_customer(struct mp_store *store, const struct row *r, GPtrArray *changes, struct mp_error *err)
{
	static const enum column cols[] = { COL_ORG_NAME, COL_ORG_NAME_EN, COL_ADDRESS, COL_PHONE,
					    COL_CONTACT_NAME, COL_CONTACT_TITLE, COL_CONTACT_EMAIL,
					    COL_TECH_EMAIL, COL_LANGUAGE };
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	GString *changed = g_string_new(NULL);
	bool exists = false;
	size_t i;

	status = store_prepare(store,
			       "SELECT org_name, org_name_en, address, phone, contact_name, contact_title,"
			       " contact_email, tech_email, language FROM customers WHERE id = ?",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, r->v[COL_CUSTOMER_ID]);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		exists = true;
		for (i = 0; i < G_N_ELEMENTS(cols); i++) {
			const char *old = (const char *)sqlite3_column_text(stmt, (int)i);

			/* No language in the file keeps the customer's. */
			if (cols[i] == COL_LANGUAGE && !*r->v[COL_LANGUAGE])
				continue;
			if (g_strcmp0(old, r->v[cols[i]]) != 0)
				g_string_append_printf(changed, "%s%s", changed->len ? ", " : "",
						       columns[cols[i]].name);
		}
	}
	store_release(store, stmt);
	stmt = NULL;
	if (exists && !changed->len)
		goto out;

	status = store_prepare(store,
			       "INSERT INTO customers (id, org_name, org_name_en, address, phone,"
			       " contact_name, contact_title, contact_email, tech_email, language)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
			       " org_name = excluded.org_name, org_name_en = excluded.org_name_en,"
			       " address = excluded.address, phone = excluded.phone,"
			       " contact_name = excluded.contact_name, contact_title = excluded.contact_title,"
			       " contact_email = excluded.contact_email, tech_email = excluded.tech_email,"
			       " language = CASE WHEN ?11 = '' THEN customers.language ELSE excluded.language END",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, r->v[COL_CUSTOMER_ID]);
	for (i = 0; i < G_N_ELEMENTS(cols); i++)
		store_bind_text(stmt, (int)i + 2, r->v[cols[i]]);
	store_bind_text(stmt, 10, *r->v[COL_LANGUAGE] ? r->v[COL_LANGUAGE] : "ja");
	store_bind_text(stmt, 11, r->v[COL_LANGUAGE]);
	status = step_done(store, stmt, "writing a customer", err);
	if (status != MP_STATUS_OK)
		goto out;
	if (exists)
		g_ptr_array_add(changes, g_strdup_printf("customer %s: updated %s", r->v[COL_CUSTOMER_ID],
							 changed->str));
	else
		g_ptr_array_add(changes, g_strdup_printf("customer %s: added (%s)", r->v[COL_CUSTOMER_ID],
							 r->v[COL_ORG_NAME]));
out:
	store_release(store, stmt);
	g_string_free(changed, TRUE);
	return status;
}

static enum mp_status
write_certificate(struct mp_store *store, const struct row *r, int64_t *cert_id,
		  GPtrArray *changes, struct mp_error *err)
{
	static const enum column cols[] = { COL_CUSTOMER_ID, COL_SANS, COL_CA, COL_PRODUCT,
					    COL_VALIDATION };
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	GString *changed = g_string_new(NULL);
	bool exists = false;
	size_t i;

	status = store_prepare(store,
			       "SELECT id, customer_id, sans, ca, product, validation FROM certificates"
			       " WHERE domain = ? AND not_after = ?",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, r->v[COL_DOMAIN]);
	sqlite3_bind_int64(stmt, 2, r->not_after);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		exists = true;
		*cert_id = sqlite3_column_int64(stmt, 0);
		/* Its order and timeline belong to that customer. */
		if (g_strcmp0((const char *)sqlite3_column_text(stmt, 1), r->v[COL_CUSTOMER_ID])) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "line %u: customer_id: %s expiring %s belongs to customer %s;"
					      " moving a certificate to another customer is not supported",
					      r->line, r->v[COL_DOMAIN], r->v[COL_NOT_AFTER],
					      (const char *)sqlite3_column_text(stmt, 1));
			goto out;
		}
		for (i = 0; i < G_N_ELEMENTS(cols); i++)
			if (g_strcmp0((const char *)sqlite3_column_text(stmt, (int)i + 1), r->v[cols[i]]))
				g_string_append_printf(changed, "%s%s", changed->len ? ", " : "",
						       columns[cols[i]].name);
	}
	store_release(store, stmt);
	stmt = NULL;
	if (exists && !changed->len)
		goto out;

	status = store_prepare(store,
			       "INSERT INTO certificates (customer_id, sans, ca, product, validation,"
			       " domain, not_after) VALUES (?, ?, ?, ?, ?, ?, ?)"
			       " ON CONFLICT (domain, not_after) DO UPDATE SET"
			       " customer_id = excluded.customer_id, sans = excluded.sans, ca = excluded.ca,"
			       " product = excluded.product, validation = excluded.validation RETURNING id",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	for (i = 0; i < G_N_ELEMENTS(cols); i++)
		store_bind_text(stmt, (int)i + 1, r->v[cols[i]]);
	store_bind_text(stmt, 6, r->v[COL_DOMAIN]);
	sqlite3_bind_int64(stmt, 7, r->not_after);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		status = store_sqlite_error(store, err, "writing a certificate");
		goto out;
	}
	*cert_id = sqlite3_column_int64(stmt, 0);
	g_ptr_array_add(changes, g_strdup_printf("certificate %s (expires %s): %s%s", r->v[COL_DOMAIN],
						 r->v[COL_NOT_AFTER], exists ? "updated " : "added",
						 changed->str));
out:
	store_release(store, stmt);
	g_string_free(changed, TRUE);
	return status;
}

static enum mp_status
create_order(struct mp_store *store, const struct row *r, int64_t cert_id, const char *file_label,
	     int64_t now, GPtrArray *changes, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	enum wf_state state = r->has_state ? r->state : WF_STATE_SCHEDULED;
	char *id = NULL, *detail = NULL;
	bool applied = state == WF_STATE_APPLIED || state == WF_STATE_AWAITING_APPROVAL;

	id = *r->v[COL_ORDER_ID] ? g_strdup(r->v[COL_ORDER_ID]) : mp_store_next_order_id(store, now, err);
	if (!id)
		return MP_STATUS_DATABASE;
	status = store_prepare(store,
			       "INSERT INTO orders (id, customer_id, certificate_id, state, state_since,"
			       " applied_at, price_jpy, notice_message_id, key_spki, key_sha256,"
			       " key_source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, id);
	store_bind_text(stmt, 2, r->v[COL_CUSTOMER_ID]);
	sqlite3_bind_int64(stmt, 3, cert_id);
	store_bind_text(stmt, 4, wf_state_name(state));
	sqlite3_bind_int64(stmt, 5, now);
	/* An order imported as already placed at the CA counts its issuance
	 * time from the import. */
	sqlite3_bind_int64(stmt, 6, applied ? now : 0);
	sqlite3_bind_int64(stmt, 7, r->price_jpy);
	store_bind_text(stmt, 8, *r->v[COL_NOTICE_MESSAGE_ID] ? r->v[COL_NOTICE_MESSAGE_ID] : NULL);
	store_bind_text(stmt, 9, r->key ? r->key->spki_pem : NULL);
	store_bind_text(stmt, 10, r->key ? r->key->spki_sha256 : NULL);
	store_bind_text(stmt, 11, r->key ? r->key->source : NULL);
	sqlite3_bind_int64(stmt, 12, now);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(store->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "line %u: order_id: %s already belongs to another certificate",
					      r->line, id);
		else
			status = store_sqlite_error(store, err, "writing an order");
		goto out;
	}
	if (*r->v[COL_ORDER_ID]) {
		store_release(store, stmt);
		stmt = NULL;
		/* mailproc numbers its own orders after the ones it was given. */
		status = store_prepare(store,
				       "INSERT INTO order_ids (year, last) VALUES (?, ?) ON CONFLICT (year)"
				       " DO UPDATE SET last = max(last, excluded.last)",
				       &stmt, err);
		if (status != MP_STATUS_OK)
			goto out;
		sqlite3_bind_int(stmt, 1, atoi(id + 4));
		sqlite3_bind_int(stmt, 2, atoi(id + 9));
		status = step_done(store, stmt, "numbering orders", err);
		if (status != MP_STATUS_OK)
			goto out;
	}
	detail = g_strdup_printf("%s line %u", file_label, r->line);
	status = mp_store_add_transition(store, id, NULL, wf_state_name(state),
					 wf_cause_name(WF_CAUSE_IMPORT), detail, NULL, now, err);
	if (status != MP_STATUS_OK)
		goto out;
	g_ptr_array_add(changes, g_strdup_printf("order %s: added for %s, %s", id, r->v[COL_DOMAIN],
						 wf_state_name(state)));
out:
	store_release(store, stmt);
	g_free(id);
	g_free(detail);
	return status;
}

/* The order already exists: update what the file may change (price, the
 * imported notice Message-ID, the key), never the state mailproc keeps. */
static enum mp_status
update_order(struct mp_store *store, const struct row *r, const char *id, int64_t cert_id,
	     GPtrArray *changes, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	GString *changed = g_string_new(NULL);
	int64_t price, order_cert;
	char *state = NULL, *notice = NULL, *key = NULL;

	status = store_prepare(store,
			       "SELECT certificate_id, state, price_jpy, notice_message_id, key_sha256"
			       " FROM orders WHERE id = ?",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, id);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		status = store_sqlite_error(store, err, "reading an order");
		goto out;
	}
	order_cert = sqlite3_column_int64(stmt, 0);
	state = store_column_dup(stmt, 1);
	price = sqlite3_column_int64(stmt, 2);
	notice = store_column_dup(stmt, 3);
	key = store_column_dup(stmt, 4);
	store_release(store, stmt);
	stmt = NULL;

	if (order_cert != cert_id) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "line %u: order_id: %s belongs to another certificate", r->line, id);
		goto out;
	}
	if (r->has_state && strcmp(state, r->v[COL_STATE]) != 0)
		g_ptr_array_add(changes, g_strdup_printf("order %s: kept at %s (the file says %s; mailproc"
							 " keeps the state once the order exists)",
							 id, state, r->v[COL_STATE]));
	if (price != r->price_jpy)
		g_string_append(changed, "price_jpy");
	if (*r->v[COL_NOTICE_MESSAGE_ID] && g_strcmp0(notice, r->v[COL_NOTICE_MESSAGE_ID]))
		g_string_append_printf(changed, "%snotice_message_id", changed->len ? ", " : "");
	if (r->key && g_strcmp0(key, r->key->spki_sha256))
		g_string_append_printf(changed, "%skey_file", changed->len ? ", " : "");
	if (!changed->len)
		goto out;

	status = store_prepare(store,
			       "UPDATE orders SET price_jpy = ?, notice_message_id = COALESCE(?, notice_message_id),"
			       " key_spki = COALESCE(?, key_spki), key_sha256 = COALESCE(?, key_sha256),"
			       " key_source = COALESCE(?, key_source) WHERE id = ?",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, r->price_jpy);
	store_bind_text(stmt, 2, *r->v[COL_NOTICE_MESSAGE_ID] ? r->v[COL_NOTICE_MESSAGE_ID] : NULL);
	store_bind_text(stmt, 3, r->key ? r->key->spki_pem : NULL);
	store_bind_text(stmt, 4, r->key ? r->key->spki_sha256 : NULL);
	store_bind_text(stmt, 5, r->key ? r->key->source : NULL);
	store_bind_text(stmt, 6, id);
	status = step_done(store, stmt, "updating an order", err);
	if (status == MP_STATUS_OK)
		g_ptr_array_add(changes, g_strdup_printf("order %s: updated %s", id, changed->str));
out:
	store_release(store, stmt);
	g_string_free(changed, TRUE);
	g_free(state);
	g_free(notice);
	g_free(key);
	return status;
}

static enum mp_status
write_order(struct mp_store *store, const struct row *r, int64_t cert_id, const char *file_label,
	    int64_t now, GPtrArray *changes, struct mp_error *err)
{
	sqlite3_stmt *stmt = NULL;
	enum mp_status status;
	char *id = NULL;

	/* One order per certificate: the file's order_id, else the one that
	 * renews this certificate already. */
	status = store_prepare(store,
			       "SELECT id FROM orders WHERE (?1 <> '' AND id = ?1)"
			       " OR (?1 = '' AND certificate_id = ?2)",
			       &stmt, err);
	if (status != MP_STATUS_OK)
		goto out;
	store_bind_text(stmt, 1, r->v[COL_ORDER_ID]);
	sqlite3_bind_int64(stmt, 2, cert_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = store_column_dup(stmt, 0);
	store_release(store, stmt);
	stmt = NULL;
	if (!id && *r->v[COL_ORDER_ID]) {
		/* The file names an order, but the certificate has another one. */
		status = store_prepare(store, "SELECT id FROM orders WHERE certificate_id = ?", &stmt, err);
		if (status != MP_STATUS_OK)
			goto out;
		sqlite3_bind_int64(stmt, 1, cert_id);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "line %u: order_id: %s expiring %s already has order %s",
					      r->line, r->v[COL_DOMAIN], r->v[COL_NOT_AFTER],
					      (const char *)sqlite3_column_text(stmt, 0));
			store_release(store, stmt);
			goto out;
		}
		store_release(store, stmt);
		stmt = NULL;
	}
	if (id)
		status = update_order(store, r, id, cert_id, changes, err);
	else
		status = create_order(store, r, cert_id, file_label, now, changes, err);
out:
	g_free(id);
	return status;
}

/* Problems read "line N: ...": order them by N. */
static gint
compare_problem_lines(gconstpointer a, gconstpointer b)
{
	const char *pa = *(const char *const *)a, *pb = *(const char *const *)b;
	unsigned la = 0, lb = 0;

	sscanf(pa, "line %u", &la);
	sscanf(pb, "line %u", &lb);
	return la < lb ? -1 : la > lb;
}

static int
find_column(const char *name)
{
	for (int c = 0; c < COL_COUNT; c++)
		if (g_ascii_strcasecmp(name, columns[c].name) == 0)
			return c;
	return -1;
}

static bool
read_header(const struct parse_csv_row *header, int *index, GPtrArray *problems)
{
	guint before = problems->len;
	guint i;
	int c;

	for (c = 0; c < COL_COUNT; c++)
		index[c] = -1;
	for (i = 0; i < header->fields->len; i++) {
		char *name = g_strstrip(g_strdup(g_ptr_array_index(header->fields, i)));

		c = find_column(name);
		if (c < 0)
			problem(problems, header->line, NULL, "unknown column '%s'", name);
		else if (index[c] >= 0)
			problem(problems, header->line, NULL, "column '%s' appears twice", name);
		else
			index[c] = (int)i;
		g_free(name);
	}
	for (c = 0; c < FIRST_OPTIONAL; c++)
		if (index[c] < 0)
			problem(problems, header->line, NULL, "the header has no column '%s'", columns[c].name);
	return problems->len == before;
}

enum mp_status
mp_import_csv(struct mp_store *store, const char *buf, size_t len, const char *base_dir, int64_t now,
	      GPtrArray *changes, GPtrArray *problems, struct mp_error *err)
{
	enum mp_status status;
	GPtrArray *csv = NULL, *rows = g_ptr_array_new_with_free_func(row_free);
	int index[COL_COUNT];
	guint i;
	bool began = false;

	status = parse_csv_buffer(buf, len, &csv, err);
	if (status != MP_STATUS_OK) {
		g_ptr_array_add(problems, g_strdup(err->text));
		goto out;
	}
	if (csv->len == 0) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "the file is empty (a header row is required)");
		g_ptr_array_add(problems, g_strdup(err->text));
		goto out;
	}
	if (!read_header(g_ptr_array_index(csv, 0), index, problems)) {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "the header row is wrong");
		goto out;
	}
	for (i = 1; i < csv->len; i++) {
		const struct parse_csv_row *in = g_ptr_array_index(csv, i);
		const struct parse_csv_row *header = g_ptr_array_index(csv, 0);
		struct row *r;

		if (in->fields->len != header->fields->len) {
			problem(problems, in->line, NULL, "%u fields, the header has %u", in->fields->len,
				header->fields->len);
			continue;
		}
		r = check_row(in, index, base_dir, problems);
		if (r)
			g_ptr_array_add(rows, r);
	}
	/* Conflicts between rows are checked on the rows that are good on their
	 * own, so one import reports every problem, not the first kind. */
	check_across(rows, problems);
	if (problems->len) {
		g_ptr_array_sort(problems, compare_problem_lines);
		status = mp_error_set(err, MP_STATUS_BAD_INPUT, "%u problem%s, nothing imported",
				      problems->len, problems->len == 1 ? "" : "s");
		goto out;
	}

	status = mp_store_begin(store, err);
	if (status != MP_STATUS_OK)
		goto out;
	began = true;
	for (i = 0; i < rows->len; i++) {
		const struct row *r = g_ptr_array_index(rows, i);
		int64_t cert_id = 0;

		status = write_customer(store, r, changes, err);
		if (status == MP_STATUS_OK)
			status = write_certificate(store, r, &cert_id, changes, err);
		if (status == MP_STATUS_OK)
			status = write_order(store, r, cert_id, "import", now, changes, err);
		if (status != MP_STATUS_OK) {
			if (status == MP_STATUS_BAD_INPUT)
				g_ptr_array_add(problems, g_strdup(err->text));
			goto out;
		}
	}
	status = mp_store_commit(store, err);
out:
	if (began && status != MP_STATUS_OK) {
		mp_store_rollback(store);
		g_ptr_array_set_size(changes, 0);
	}
	if (csv)
		g_ptr_array_unref(csv);
	g_ptr_array_unref(rows);
	return status;
}
