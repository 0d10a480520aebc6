/* RFC 4180 CSV from a memory buffer into rows of UTF-8 fields, with line numbers. */
#include <string.h>

#include "parsers.h"

/*
 * Choices beyond RFC 4180, so that the import can trust what it gets:
 * - A UTF-8 BOM at the very start is dropped.
 * - Rows end with LF or CRLF. A lone CR outside quotes is an error: it comes
 *   from old Mac exports or a damaged file, and guessing there would give
 *   wrong line numbers.
 * - Inside quotes, CRLF becomes LF, so the same file saved with either line
 *   end gives the same fields; any other byte (a lone CR too) is kept.
 * - A quote inside an unquoted field (a"b, or  "a" with a space before the
 *   quote) is an error: such a file was quoted by hand and its columns can
 *   not be trusted.
 * - An empty line is skipped; a line of spaces is a row of one field, which
 *   the caller reports by its field count.
 * - Line numbers count LF only.
 */

#define UTF8_BOM "\xEF\xBB\xBF"

static void
row_free(gpointer data)
{
	struct parse_csv_row *row = data;

	if (!row)
		return;
	g_ptr_array_unref(row->fields);
	g_free(row);
}

static struct parse_csv_row *
row_new(unsigned line)
{
	struct parse_csv_row *row = g_new0(struct parse_csv_row, 1);

	row->line = line;
	row->fields = g_ptr_array_new_with_free_func(g_free);
	return row;
}

/* 1-based line number of offset pos in buf[start..]. */
static unsigned
line_of(const char *buf, size_t start, size_t pos)
{
	unsigned line = 1;
	const char *p = buf + start;
	const char *end = buf + pos;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/* Reject anything that is not UTF-8 before parsing, so that every field is
 * valid and the error names the line of the first bad byte. */
static enum mp_status
check_utf8(const char *buf, size_t start, size_t len, struct mp_error *err)
{
	const gchar *bad = NULL;

	if (g_utf8_validate_len(buf + start, len - start, &bad))
		return MP_STATUS_OK;
	if (*bad == '\0')
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "line %u: NUL byte",
				    line_of(buf, start, (size_t)(bad - buf)));
	return mp_error_set(err, MP_STATUS_BAD_INPUT, "line %u: invalid UTF-8 (byte 0x%02x; "
			    "the file must be saved as UTF-8)",
			    line_of(buf, start, (size_t)(bad - buf)),
			    (unsigned)(unsigned char)*bad);
}

/* Read the quoted field that opens at buf[*pos] (a quote) into a new string.
 * On return *pos is just after the closing quote and *line is updated. */
static enum mp_status
read_quoted(const char *buf, size_t len, size_t *pos, unsigned *line, char **field_out,
	    struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	GString *field = g_string_new(NULL);
	unsigned start_line = *line;
	size_t i = *pos + 1;

	for (;;) {
		const char *q;
		size_t run;

		if (i >= len) {
			status = mp_error_set(err, MP_STATUS_BAD_INPUT,
					      "line %u: unterminated quoted field", start_line);
			goto out;
		}
		/* Copy the plain run up to the next byte that needs a look. */
		for (q = buf + i; q < buf + len && *q != '"' && *q != '\r' && *q != '\n'; q++)
			;
		run = (size_t)(q - (buf + i));
		g_string_append_len(field, buf + i, (gssize)run);
		i += run;
		if (i >= len)
			continue;
		if (buf[i] == '"') {
			if (i + 1 < len && buf[i + 1] == '"') {
				g_string_append_c(field, '"');
				i += 2;
				continue;
			}
			i++;
			break;
		}
		if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n') {
			g_string_append_c(field, '\n');
			(*line)++;
			i += 2;
			continue;
		}
		if (buf[i] == '\n')
			(*line)++;
		g_string_append_c(field, buf[i]);
		i++;
	}

	if (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r') {
		status = mp_error_set(err, MP_STATUS_BAD_INPUT,
				      "line %u: text after the closing quote of a field", *line);
		goto out;
	}
	*pos = i;
	*field_out = g_string_free(field, FALSE);
	field = NULL;
out:
	if (field)
		g_string_free(field, TRUE);
	return status;
}

/* Read the unquoted field at buf[*pos]; *pos ends on the delimiter or len. */
static enum mp_status
read_plain(const char *buf, size_t len, size_t *pos, unsigned line, char **field_out,
	   struct mp_error *err)
{
	size_t i = *pos;

	while (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r') {
		if (buf[i] == '"')
			return mp_error_set(err, MP_STATUS_BAD_INPUT,
					    "line %u: quote inside an unquoted field "
					    "(quote the whole field, with no space before the quote)",
					    line);
		i++;
	}
	*field_out = g_strndup(buf + *pos, i - *pos);
	*pos = i;
	return MP_STATUS_OK;
}

enum mp_status
parse_csv_buffer(const char *buf, size_t len, GPtrArray **rows_out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
	struct parse_csv_row *row = NULL;
	unsigned line = 1;
	size_t start = 0;
	size_t i;

	g_assert(rows_out != NULL);
	g_assert(buf != NULL || len == 0);
	*rows_out = NULL;

	if (len >= 3 && memcmp(buf, UTF8_BOM, 3) == 0)
		start = 3;
	status = check_utf8(buf, start, len, err);
	if (status != MP_STATUS_OK)
		goto out;

	i = start;
	/* row != NULL means a field is due, even at the end of the buffer
	 * (a row that ends with a comma has an empty last field). */
	while (i < len || row) {
		char *field = NULL;

		if (!row) {
			if (buf[i] == '\n') {
				line++;
				i++;
				continue;
			}
			if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n') {
				line++;
				i += 2;
				continue;
			}
			row = row_new(line);
		}

		if (i < len && buf[i] == '"')
			status = read_quoted(buf, len, &i, &line, &field, err);
		else
			status = read_plain(buf, len, &i, line, &field, err);
		if (status != MP_STATUS_OK)
			goto out;
		g_ptr_array_add(row->fields, field);

		if (i < len && buf[i] == ',') {
			i++;
			continue;
		}
		if (i < len && buf[i] == '\r') {
			if (i + 1 >= len || buf[i + 1] != '\n') {
				status = mp_error_set(err, MP_STATUS_BAD_INPUT,
						      "line %u: carriage return without line feed "
						      "(save the file with CRLF or LF line ends)",
						      line);
				goto out;
			}
			i++;
		}
		if (i < len) {
			/* buf[i] is the LF that ends the row. */
			line++;
			i++;
		}
		g_ptr_array_add(rows, row);
		row = NULL;
	}

	*rows_out = rows;
	rows = NULL;
out:
	row_free(row);
	if (rows)
		g_ptr_array_unref(rows);
	return status;
}
