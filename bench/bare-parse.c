/* bare-parse: the speed floor of classify; GMime parses each mail and decodes every part, nothing more. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

/* Usage: bare-parse [-r REPEAT] FILE|MAILDIR...
 * A folder with cur/ or new/ is a Maildir (every file in both); any other
 * folder gives its files. Only the file names are gathered first; each mail
 * is then read from disk, parsed, decoded and freed before the next, as
 * classify does, so memory stays flat and the time printed includes reading.
 * Build: gcc -std=c11 -O2 $(pkg-config --cflags gmime-3.0) -o build/bare-parse \
 *        bench/bare-parse.c $(pkg-config --libs gmime-3.0) */

static void
add_folder(GPtrArray *files, const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);

		if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(files, path);
		else
			g_free(path);
	}
	g_dir_close(d);
}

static void
add_path(GPtrArray *files, const char *path)
{
	char *cur, *new;

	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_ptr_array_add(files, g_strdup(path));
		return;
	}
	cur = g_build_filename(path, "cur", NULL);
	new = g_build_filename(path, "new", NULL);
	if (g_file_test(cur, G_FILE_TEST_IS_DIR) || g_file_test(new, G_FILE_TEST_IS_DIR)) {
		add_folder(files, cur);
		add_folder(files, new);
	} else {
		add_folder(files, path);
	}
	g_free(cur);
	g_free(new);
}

/* Decode every leaf under obj: text to UTF-8, the rest to bytes. Returns
 * the number of bytes produced, so that nothing can be optimised away. */
static size_t
walk(GMimeObject *obj, unsigned depth)
{
	size_t total = 0;

	if (!obj || depth > 100)
		return 0;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);

		for (int i = 0; i < n; i++)
			total += walk(g_mime_multipart_get_part(mp, i), depth + 1);
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));

		if (inner)
			total += walk(g_mime_message_get_mime_part(inner), depth + 1);
	} else if (GMIME_IS_TEXT_PART(obj)) {
		char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(obj));

		total += text ? strlen(text) : 0;
		g_free(text);
	} else if (GMIME_IS_PART(obj)) {
		GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(obj));

		if (content) {
			GMimeStream *mem = g_mime_stream_mem_new();

			g_mime_data_wrapper_write_to_stream(content, mem);
			total += g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem))->len;
			g_object_unref(mem);
		}
	}
	return total;
}

/* Read one mail from disk, parse it with GMime, decode every part, free it
 * all. Returns whether GMime made a message of it; *bytes grows by what was
 * decoded. */
static bool
parse_file(const char *path, GMimeParserOptions *options, size_t *bytes)
{
	GError *error = NULL;
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	gchar *data;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, &error)) {
		fprintf(stderr, "bare-parse: %s\n", error->message);
		g_error_free(error);
		return false;
	}
	stream = g_mime_stream_mem_new_with_buffer(data, len);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, options);
	if (msg) {
		/* The headers a classifier reads, decoded. */
		const char *subject = g_mime_message_get_subject(msg);

		*bytes += subject ? strlen(subject) : 0;
		*bytes += (size_t)internet_address_list_length(g_mime_message_get_from(msg));
		*bytes += walk(g_mime_message_get_mime_part(msg), 1);
		g_object_unref(msg);
	}
	g_object_unref(parser);
	g_object_unref(stream);
	g_free(data);
	return msg != NULL;
}

int
main(int argc, char **argv)
{
	static const char *fallback[] = { "UTF-8", "CP932", "EUC-JP", "ISO-2022-JP", NULL };
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	GMimeParserOptions *options;
	unsigned repeat = 1, parsed = 0, failed = 0;
	size_t bytes = 0;
	gint64 start;
	double seconds;
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "-r")) {
		repeat = (unsigned)strtoul(argv[2], NULL, 10);
		i = 3;
	}
	if (i >= argc || !repeat) {
		fprintf(stderr, "usage: bare-parse [-r REPEAT] FILE|MAILDIR...\n");
		return 2;
	}
	for (; i < argc; i++)
		add_path(files, argv[i]);
	g_mime_init();
	options = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_fallback_charsets(options, fallback);

	start = g_get_monotonic_time();
	for (unsigned r = 0; r < repeat; r++) {
		for (guint f = 0; f < files->len; f++) {
			if (parse_file(g_ptr_array_index(files, f), options, &bytes))
				parsed++;
			else
				failed++;
		}
	}
	seconds = (double)(g_get_monotonic_time() - start) / 1e6;

	printf("%u messages (%u not read or not parsed) in %.3f seconds: %.0f messages/s, %zu bytes decoded\n",
	       parsed + failed, failed, seconds, seconds > 0 ? (parsed + failed) / seconds : 0.0, bytes);
	g_mime_parser_options_free(options);
	g_ptr_array_unref(files);
	g_mime_shutdown();
	return 0;
}
