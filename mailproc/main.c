/* mailproc's entry point: the table of subcommands and the dispatch to them. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "mailproc.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "init", mp_cmd_init, "create the database (and a sample config when none exists)" },
	{ "import", mp_cmd_import, "add or update customers and certificates from a CSV file" },
	{ "classify", mp_cmd_classify, "print what each mail is, as JSON (changes nothing)" },
	{ "run", mp_cmd_run, "the cron job: timers, poll the mailbox, process, send" },
	{ "queue", mp_cmd_queue, "mails waiting for staff, with why" },
	{ "resolve", mp_cmd_resolve, "staff decide a queued mail" },
	{ "orders", mp_cmd_orders, "one line per order: id, domain, state, next deadline" },
	{ "show", mp_cmd_show, "an order, its certificate and its timeline" },
	{ "record", mp_cmd_record, "record what a customer or the CA said outside the mailbox" },
	{ "applied", mp_cmd_applied, "staff placed the order at the CA" },
	{ "installed", mp_cmd_installed, "staff installed the new certificate" },
	{ "paid", mp_cmd_paid, "payment received" },
	{ "csr", mp_cmd_csr, "generate the order's key (kept 0600, never mailed) and CSR" },
	{ "bundle", mp_cmd_bundle, "write the order's install-report ZIP again" },
	{ "cert-verify", mp_cmd_cert_verify, "inspect certificate files and print one JSON object" },
};

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, "Usage: mailproc COMMAND [OPTIONS] [ARGS]\n\n"
		     "Renews customers' OV SSL certificates by mail.\n\nCommands:\n");
	for (i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nEvery command takes --config FILE (default: $MAILPROC_CONFIG, else ./mailproc.conf)\n"
		     "and --help. Exit codes follow sysexits.h: 0 ok, 64 usage, 65 bad data,\n"
		     "69 server unavailable, 75 try again later, 78 configuration error.\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	setlocale(LC_ALL, "");
	if (argc < 2) {
		usage(stderr);
		return MP_EX_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return MP_EX_OK;
	}
	for (i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			/* The subcommand sees its own name as argv[0]. */
			return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "mailproc: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return MP_EX_USAGE;
}
