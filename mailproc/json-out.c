/* JSON output shared by the commands that print JSON (cert-verify, classify): objects, times, one-line text. */
#include <string.h>

#include "mailproc.h"

static void
add_string_or_null(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (value)
		json_builder_add_string_value(b, value);
	else
		json_builder_add_null_value(b);
}

void
mp_json_add_cert(JsonBuilder *b, const struct parse_cert_facts *c)
{
	char *not_after = mp_json_time(c->not_after);

	json_builder_begin_object(b);
	add_string_or_null(b, "subject_cn", c->subject_cn);
	/* No subjectAltName is an empty list, not null: readers can always
	 * loop over it. */
	json_builder_set_member_name(b, "sans");
	json_builder_begin_array(b);
	for (guint i = 0; c->sans && i < c->sans->len; i++) {
		const char *san = g_ptr_array_index(c->sans, i);

		if (san)
			json_builder_add_string_value(b, san);
	}
	json_builder_end_array(b);
	add_string_or_null(b, "issuer_cn", c->issuer_cn);
	add_string_or_null(b, "not_after", not_after);
	add_string_or_null(b, "sha256", c->sha256);
	json_builder_set_member_name(b, "is_ca");
	json_builder_add_boolean_value(b, c->is_ca);
	json_builder_end_object(b);
	g_free(not_after);
}

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
 * civil_from_days): exact for every int64_t day the callers can pass, where
 * GDateTime and gmtime stop at year 9999 or time_t. */
static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;                                     /* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* [0, 365] */
	mp = (5 * doy + 2) / 153;                                   /* [0, 11] */
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

char *
mp_json_time(int64_t t)
{
	int64_t days, secs, y;
	unsigned m, d;

	/* Floor division, so that times before 1970 land on the right day. */
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	return g_strdup_printf("%04" G_GINT64_FORMAT "-%02u-%02uT%02d:%02d:%02dZ", y, m, d,
			       (int)(secs / 3600), (int)(secs % 3600 / 60), (int)(secs % 60));
}

char *
mp_json_to_line(JsonNode *root)
{
	JsonGenerator *gen = json_generator_new();
	char *line;

	/* Not pretty: one value per line is what scripts and `jq -c` expect.
	 * json-glib escapes quotes, backslashes and control characters (so a
	 * newline inside a string stays inside it) and keeps UTF-8 as is. */
	json_generator_set_pretty(gen, FALSE);
	json_generator_set_root(gen, root);
	line = json_generator_to_data(gen, NULL);
	g_object_unref(gen);
	return line;
}

JsonObject *
mp_json_form(const struct parse_form *form)
{
	JsonObject *o = json_object_new();

	for (const char *const *key = parse_form_keys(); *key; key++) {
		const char *value = parse_form_get(form, *key);

		if (value)
			json_object_set_string_member(o, *key, parse_form_is_masked(form, *key) ? "********" : value);
	}
	return o;
}

