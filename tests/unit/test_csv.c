/* Unit tests of parse_csv_buffer(): RFC 4180 rows, line numbers and errors. */
#include <string.h>

#include <criterion/criterion.h>

#include "parsers.h"

/* Parse a C string that must succeed. */
static GPtrArray *
parse_ok(const char *text)
{
	GPtrArray *rows = NULL;
	struct mp_error err = { "" };
	enum mp_status status = parse_csv_buffer(text, strlen(text), &rows, &err);

	cr_assert_eq(status, MP_STATUS_OK, "status %s: %s", mp_status_to_string(status), err.text);
	cr_assert_not_null(rows);
	return rows;
}

/* Parse bytes that must fail with expect_text in the error. */
static void
parse_bad(const char *buf, size_t len, const char *expect_text)
{
	GPtrArray *rows = NULL;
	struct mp_error err = { "" };
	enum mp_status status = parse_csv_buffer(buf, len, &rows, &err);

	cr_assert_eq(status, MP_STATUS_BAD_INPUT, "status %s", mp_status_to_string(status));
	cr_assert_null(rows);
	cr_assert(strstr(err.text, expect_text) != NULL, "error \"%s\" lacks \"%s\"", err.text,
		  expect_text);
}

static struct parse_csv_row *
row_at(GPtrArray *rows, guint i)
{
	cr_assert_lt(i, rows->len);
	return g_ptr_array_index(rows, i);
}

static const char *
field_at(GPtrArray *rows, guint r, guint f)
{
	struct parse_csv_row *row = row_at(rows, r);

	cr_assert_lt(f, row->fields->len, "row %u has %u fields", r, row->fields->len);
	return g_ptr_array_index(row->fields, f);
}

/* Check a row's line and all of its fields. */
static void
expect_row(GPtrArray *rows, guint r, unsigned line, guint n, const char *const *fields)
{
	struct parse_csv_row *row = row_at(rows, r);

	cr_assert_eq(row->line, line, "row %u: line %u, expected %u", r, row->line, line);
	cr_assert_eq(row->fields->len, n, "row %u: %u fields, expected %u", r, row->fields->len,
		     n);
	for (guint i = 0; i < n; i++)
		cr_assert_str_eq(field_at(rows, r, i), fields[i], "row %u field %u", r, i);
}

Test(parse_csv, plain_rows)
{
	GPtrArray *rows = parse_ok("a,b,c\n1,2,3\n");

	cr_assert_eq(rows->len, 2);
	expect_row(rows, 0, 1, 3, (const char *const[]){ "a", "b", "c" });
	expect_row(rows, 1, 2, 3, (const char *const[]){ "1", "2", "3" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, bom_dropped)
{
	GPtrArray *rows = parse_ok("\xEF\xBB\xBF" "customer_id,org_name\nC1,X\n");

	cr_assert_eq(rows->len, 2);
	expect_row(rows, 0, 1, 2, (const char *const[]){ "customer_id", "org_name" });
	expect_row(rows, 1, 2, 2, (const char *const[]){ "C1", "X" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, bom_only_later_is_data)
{
	/* Only a BOM at the very start is dropped. */
	GPtrArray *rows = parse_ok("a\n\xEF\xBB\xBF" "b\n");

	cr_assert_eq(rows->len, 2);
	cr_assert_str_eq(field_at(rows, 1, 0), "\xEF\xBB\xBF" "b");
	g_ptr_array_unref(rows);
}

Test(parse_csv, crlf_and_lf_same)
{
	GPtrArray *lf = parse_ok("a,b\n\"x\ny\",z\nlast,row\n");
	GPtrArray *crlf = parse_ok("a,b\r\n\"x\r\ny\",z\r\nlast,row\r\n");

	cr_assert_eq(lf->len, 3);
	cr_assert_eq(crlf->len, 3);
	for (guint r = 0; r < 3; r++) {
		struct parse_csv_row *a = row_at(lf, r);
		struct parse_csv_row *b = row_at(crlf, r);

		cr_assert_eq(a->line, b->line);
		cr_assert_eq(a->fields->len, b->fields->len);
		for (guint f = 0; f < a->fields->len; f++)
			cr_assert_str_eq(field_at(lf, r, f), field_at(crlf, r, f));
	}
	/* The CRLF inside the quotes became LF. */
	cr_assert_str_eq(field_at(crlf, 1, 0), "x\ny");
	cr_assert_eq(row_at(crlf, 2)->line, 4);
	g_ptr_array_unref(lf);
	g_ptr_array_unref(crlf);
}

Test(parse_csv, mixed_line_ends)
{
	GPtrArray *rows = parse_ok("a\r\nb\nc\r\n");

	cr_assert_eq(rows->len, 3);
	expect_row(rows, 2, 3, 1, (const char *const[]){ "c" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, quoted_comma_and_escaped_quote)
{
	GPtrArray *rows = parse_ok("\"Tokyo, Japan\",\"say \"\"hi\"\"\",\"\"\"\",\"\"\n");

	cr_assert_eq(rows->len, 1);
	expect_row(rows, 0, 1, 4, (const char *const[]){ "Tokyo, Japan", "say \"hi\"", "\"", "" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, embedded_newlines_line_numbers)
{
	const char *text = "id,address\n"
			   "1,\"line one\nline two\nline three\"\n"
			   "2,\"a\n\nb\"\n"
			   "3,plain\n";
	GPtrArray *rows = parse_ok(text);

	cr_assert_eq(rows->len, 4);
	expect_row(rows, 0, 1, 2, (const char *const[]){ "id", "address" });
	expect_row(rows, 1, 2, 2, (const char *const[]){ "1", "line one\nline two\nline three" });
	/* The empty line inside quotes is data, not a blank line. */
	expect_row(rows, 2, 5, 2, (const char *const[]){ "2", "a\n\nb" });
	expect_row(rows, 3, 8, 2, (const char *const[]){ "3", "plain" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, japanese_text)
{
	GPtrArray *rows = parse_ok("org_name,address\n"
				   "株式会社サンプル,\"東京都千代田区丸の内1-1-1, 5階\"\n"
				   "ｶﾌﾞｼｷｶﾞｲｼｬ,𠮷野家\n");

	cr_assert_eq(rows->len, 3);
	expect_row(rows, 1, 2, 2,
		   (const char *const[]){ "株式会社サンプル", "東京都千代田区丸の内1-1-1, 5階" });
	expect_row(rows, 2, 3, 2, (const char *const[]){ "ｶﾌﾞｼｷｶﾞｲｼｬ", "𠮷野家" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, empty_fields)
{
	GPtrArray *rows = parse_ok(",a,,b,\n,\n\"\",\n");

	cr_assert_eq(rows->len, 3);
	expect_row(rows, 0, 1, 5, (const char *const[]){ "", "a", "", "b", "" });
	expect_row(rows, 1, 2, 2, (const char *const[]){ "", "" });
	expect_row(rows, 2, 3, 2, (const char *const[]){ "", "" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, trailing_comma_at_end_of_buffer)
{
	GPtrArray *rows = parse_ok("a,b,");

	cr_assert_eq(rows->len, 1);
	expect_row(rows, 0, 1, 3, (const char *const[]){ "a", "b", "" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, no_trailing_newline)
{
	GPtrArray *with = parse_ok("a,b\nc,d\n");
	GPtrArray *without = parse_ok("a,b\nc,d");
	GPtrArray *quoted = parse_ok("a,b\nc,\"d\"");

	cr_assert_eq(with->len, 2);
	cr_assert_eq(without->len, 2);
	cr_assert_eq(quoted->len, 2);
	expect_row(without, 1, 2, 2, (const char *const[]){ "c", "d" });
	expect_row(quoted, 1, 2, 2, (const char *const[]){ "c", "d" });
	g_ptr_array_unref(with);
	g_ptr_array_unref(without);
	g_ptr_array_unref(quoted);
}

Test(parse_csv, blank_lines_skipped)
{
	GPtrArray *rows = parse_ok("\n\r\na,b\n\n\r\n\nc,d\n\n\n");

	cr_assert_eq(rows->len, 2);
	expect_row(rows, 0, 3, 2, (const char *const[]){ "a", "b" });
	expect_row(rows, 1, 7, 2, (const char *const[]){ "c", "d" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, whitespace_kept)
{
	GPtrArray *rows = parse_ok(" a , b\t\n   \n\" q \",x\n");

	cr_assert_eq(rows->len, 3);
	expect_row(rows, 0, 1, 2, (const char *const[]){ " a ", " b\t" });
	expect_row(rows, 1, 2, 1, (const char *const[]){ "   " });
	expect_row(rows, 2, 3, 2, (const char *const[]){ " q ", "x" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, empty_input)
{
	GPtrArray *rows = parse_ok("");

	cr_assert_eq(rows->len, 0);
	g_ptr_array_unref(rows);

	rows = parse_ok("\xEF\xBB\xBF");
	cr_assert_eq(rows->len, 0);
	g_ptr_array_unref(rows);

	rows = parse_ok("\n\r\n\n");
	cr_assert_eq(rows->len, 0);
	g_ptr_array_unref(rows);
}

Test(parse_csv, null_buffer_with_zero_length)
{
	GPtrArray *rows = NULL;

	cr_assert_eq(parse_csv_buffer(NULL, 0, &rows, NULL), MP_STATUS_OK);
	cr_assert_eq(rows->len, 0);
	g_ptr_array_unref(rows);
}

Test(parse_csv, ragged_rows_allowed)
{
	GPtrArray *rows = parse_ok("a,b,c\n1\n1,2,3,4\n");

	cr_assert_eq(rows->len, 3);
	cr_assert_eq(row_at(rows, 0)->fields->len, 3);
	cr_assert_eq(row_at(rows, 1)->fields->len, 1);
	cr_assert_eq(row_at(rows, 2)->fields->len, 4);
	g_ptr_array_unref(rows);
}

Test(parse_csv, error_unterminated_quote)
{
	const char *text = "a,b\nc,d\n1,\"never closed\nmore\nand more\n";

	parse_bad(text, strlen(text), "line 3: unterminated quoted field");
}

Test(parse_csv, error_unterminated_quote_at_end)
{
	parse_bad("a,\"", 3, "line 1: unterminated quoted field");
}

Test(parse_csv, error_text_after_closing_quote)
{
	const char *text = "a,b\n\"x\"y,z\n";

	parse_bad(text, strlen(text), "line 2: text after the closing quote");
}

Test(parse_csv, error_text_after_quote_spanning_lines)
{
	/* The error names the line where the stray text is. */
	const char *text = "a\n\"x\ny\" ,z\n";

	parse_bad(text, strlen(text), "line 3: text after the closing quote");
}

Test(parse_csv, error_quote_inside_unquoted_field)
{
	const char *text = "a,b\nc,d\n5\" disk,x\n";

	parse_bad(text, strlen(text), "line 3: quote inside an unquoted field");
}

Test(parse_csv, error_space_before_quote)
{
	const char *text = "a, \"b, c\"\n";

	parse_bad(text, strlen(text), "line 1: quote inside an unquoted field");
}

Test(parse_csv, error_lone_cr)
{
	const char *text = "a,b\nc,d\re,f\n";

	parse_bad(text, strlen(text), "line 2: carriage return without line feed");
}

Test(parse_csv, error_lone_cr_after_quoted_field)
{
	parse_bad("\"a\"\r", 4, "line 1: carriage return without line feed");
}

Test(parse_csv, lone_cr_inside_quotes_is_data)
{
	GPtrArray *rows = parse_ok("\"a\rb\",c\n");

	expect_row(rows, 0, 1, 2, (const char *const[]){ "a\rb", "c" });
	g_ptr_array_unref(rows);
}

Test(parse_csv, error_invalid_utf8)
{
	/* Shift_JIS "株式会社" on line 3, the usual mistake from Excel. */
	const char text[] = "a,b\nc,d\n\x8a\x94\x8e\xae\x89\xef\x8e\xd0,x\n";

	parse_bad(text, sizeof text - 1, "line 3: invalid UTF-8");
}

Test(parse_csv, error_invalid_utf8_in_quotes_after_bom)
{
	const char text[] = "\xEF\xBB\xBF" "a\n\"ok\nbad \xC3\x28\"\n";

	parse_bad(text, sizeof text - 1, "line 3: invalid UTF-8");
}

Test(parse_csv, error_truncated_utf8_at_end)
{
	const char text[] = "a,\xE6\x97";

	parse_bad(text, sizeof text - 1, "line 1: invalid UTF-8");
}

Test(parse_csv, error_nul_byte)
{
	const char text[] = "a\nb\0c\n";

	parse_bad(text, sizeof text - 1, "line 2: NUL byte");
}

Test(parse_csv, error_with_null_err)
{
	GPtrArray *rows = NULL;

	cr_assert_eq(parse_csv_buffer("\"", 1, &rows, NULL), MP_STATUS_BAD_INPUT);
	cr_assert_null(rows);
}

Test(parse_csv, hundred_thousand_rows, .timeout = 20)
{
	GString *text = g_string_new("customer_id,org_name,address,domain\r\n");
	GPtrArray *rows = NULL;
	struct mp_error err = { "" };
	struct parse_csv_row *last;

	for (int i = 0; i < 100000; i++)
		g_string_append_printf(text, "C%06d,株式会社テスト%d,\"東京都, \"\"%d\"\"\nビル\","
				       "www%d.example.co.jp\r\n", i, i, i, i);
	cr_assert_eq(parse_csv_buffer(text->str, text->len, &rows, &err), MP_STATUS_OK, "%s",
		     err.text);
	cr_assert_eq(rows->len, 100001);
	last = g_ptr_array_index(rows, rows->len - 1);
	/* Each data row spans two lines. */
	cr_assert_eq(last->line, 2 + 2 * 99999);
	cr_assert_str_eq(g_ptr_array_index(last->fields, 2), "東京都, \"99999\"\nビル");
	g_ptr_array_unref(rows);
	g_string_free(text, TRUE);
}
