/* `mailproc import FILE.csv`: add or update customers, certificates and orders. */
#include <stdio.h>

#include "mailproc.h"

int
mp_cmd_import(int argc, char **argv)
{
	struct mp_cli cli = { .name = "import" };
	struct mp_error err = { "" };
	enum mp_status status;
	GPtrArray *changes = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *data = NULL, *dir = NULL;
	size_t len = 0;
	guint i;
	int code;

	code = mp_cli_parse(&cli, "FILE.csv",
			    "Add or update customers and certificates from a CSV file (UTF-8, header\n"
			    "row required; columns in INTERFACE.md). All or nothing: a bad row is\n"
			    "reported with its line number and nothing from the file is imported.\n"
			    "Importing the same file again changes nothing.",
			    NULL, true, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc != 2) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "expected one CSV file (see --help)");
		goto out;
	}
	code = mp_cli_open(&cli, false);
	if (code)
		goto out;
	status = mp_read_file(argv[1], &data, &len, &err);
	if (status != MP_STATUS_OK) {
		code = mp_cli_fail(&cli, MP_STATUS_BAD_INPUT, err.text);
		goto out;
	}
	/* key_file paths in the CSV are taken from the CSV's own folder. */
	dir = g_path_get_dirname(argv[1]);
	status = mp_import_csv(cli.store, data, len, dir, cli.now, changes, problems, &err);
	if (status != MP_STATUS_OK) {
		for (i = 0; i < problems->len; i++)
			fprintf(stderr, "%s: %s\n", argv[1], (char *)g_ptr_array_index(problems, i));
		code = mp_cli_fail(&cli, status, err.text);
		goto out;
	}
	for (i = 0; i < changes->len; i++)
		printf("%s\n", (char *)g_ptr_array_index(changes, i));
	if (!changes->len)
		printf("no changes\n");
out:
	g_free(data);
	g_free(dir);
	g_ptr_array_unref(changes);
	g_ptr_array_unref(problems);
	mp_cli_close(&cli);
	return code;
}
