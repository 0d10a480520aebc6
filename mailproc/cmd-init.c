/* `mailproc init`: the database, the key and certificate folders, and a sample config. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "mailproc.h"

static int
make_folder(struct mp_cli *cli, const char *path, int mode)
{
	if (g_mkdir_with_parents(path, mode) != 0) {
		char *text = g_strdup_printf("%s: cannot create folder: %s", path, g_strerror(errno));
		int code = mp_cli_fail(cli, MP_STATUS_IO, text);

		g_free(text);
		return code;
	}
	/* The key folder must stay private even when it already existed. */
	if (chmod(path, mode) != 0)
		g_warning("init: cannot set mode %o on %s: %s", mode, path, g_strerror(errno));
	return 0;
}

int
mp_cmd_init(int argc, char **argv)
{
	struct mp_cli cli = { .name = "init" };
	const char *path;
	int code;

	code = mp_cli_parse(&cli, "", "Create the database (and a commented sample configuration\n"
				      "when the configuration file does not exist yet). Safe to run again.",
			    NULL, false, &argc, &argv);
	if (code >= 0)
		goto out;
	if (argc > 1) {
		code = mp_cli_fail(&cli, MP_STATUS_USAGE, "takes no arguments");
		goto out;
	}
	path = cli.config_path ? cli.config_path : mp_config_default_path();
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		GError *error = NULL;

		if (!g_file_set_contents_full(path, mp_config_sample(), -1, G_FILE_SET_CONTENTS_CONSISTENT,
					      0640, &error)) {
			code = mp_cli_fail(&cli, MP_STATUS_IO, error->message);
			g_error_free(error);
			goto out;
		}
		printf("wrote a sample configuration to %s: edit it before the first run\n", path);
	}
	code = mp_cli_open(&cli, true);
	if (code)
		goto out;
	code = make_folder(&cli, cli.config->paths.keys, 0700);
	if (!code)
		code = make_folder(&cli, cli.config->paths.certs, 0750);
	if (code)
		goto out;
	printf("database %s is ready (schema version %d)\n", cli.config->paths.db,
	       mp_store_schema_version(cli.store));
	printf("keys in %s, certificates in %s\n", cli.config->paths.keys, cli.config->paths.certs);
out:
	mp_cli_close(&cli);
	return code;
}
