/* Tests of mailproc.conf loading: defaults, required keys, bad values, paths, passwords. */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mailproc.h"

static char *tmpdir;
/* Every g_warning of the test, one message a line. */
static GString *logged;

static GLogWriterOutput
capture_log(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
	for (gsize i = 0; i < n_fields; i++) {
		if (strcmp(fields[i].key, "MESSAGE") != 0)
			continue;
		if (fields[i].length < 0)
			g_string_append(logged, fields[i].value);
		else
			g_string_append_len(logged, fields[i].value, fields[i].length);
		g_string_append_c(logged, '\n');
	}
	return G_LOG_WRITER_HANDLED;
}

static void
setup(void)
{
	tmpdir = g_dir_make_tmp("test_config-XXXXXX", NULL);
	cr_assert_not_null(tmpdir);
	logged = g_string_new(NULL);
	/* Criterion runs each test in a process of its own, so this runs once
	 * per process, as GLib requires. */
	g_log_set_writer_func(capture_log, NULL, NULL);
	unsetenv("MAILPROC_CONFIG");
	unsetenv("MAILPROC_IMAP_PASSWORD");
	unsetenv("MAILPROC_SMTP_PASSWORD");
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
	remove_tree(tmpdir);
	g_free(tmpdir);
	g_string_free(logged, TRUE);
}

TestSuite(mp_config, .init = setup, .fini = teardown);

/* Write text to name in tmpdir; returns the path (caller frees). */
static char *
write_file(const char *name, const char *text, int mode)
{
	char *path = g_build_filename(tmpdir, name, NULL);

	cr_assert(g_file_set_contents(path, text, -1, NULL), "cannot write %s", path);
	cr_assert_eq(chmod(path, mode), 0);
	return path;
}

/* The smallest file that loads: only the required keys. */
static GKeyFile *
minimal(void)
{
	GKeyFile *kf = g_key_file_new();

	g_key_file_set_value(kf, "mailbox", "imap_url", "imaps://mail.example.jp:993/INBOX");
	g_key_file_set_value(kf, "mailbox", "user", "ssl@example.jp");
	g_key_file_set_value(kf, "smtp", "url", "smtp://mail.example.jp:587");
	g_key_file_set_value(kf, "smtp", "from", "ssl@example.jp");
	g_key_file_set_value(kf, "company", "name", "Example K.K.");
	g_key_file_set_value(kf, "company", "info_address", "info@example.jp");
	g_key_file_set_value(kf, "company", "staff", " Staff1@Example.JP , staff2@example.jp,");
	g_key_file_set_value(kf, "company", "form_url", "https://www.example.jp/ssl/renew");
	g_key_file_set_value(kf, "trust", "authserv_id", "mx.example.jp");
	return kf;
}

/* Write kf as mailproc.conf in tmpdir and free it; returns the path. */
static char *
write_conf(GKeyFile *kf)
{
	char *text = g_key_file_to_data(kf, NULL, NULL);
	char *path = write_file("mailproc.conf", text, 0644);

	g_free(text);
	g_key_file_free(kf);
	return path;
}

/* Load kf; expect MP_STATUS_CONFIG and return the error text (static). */
static const char *
load_fails(GKeyFile *kf)
{
	static struct mp_error err;
	struct mp_config *config = NULL;
	char *path = write_conf(kf);
	enum mp_status status;

	memset(&err, 0, sizeof err);
	status = mp_config_load(path, &config, &err);
	cr_assert_eq(status, MP_STATUS_CONFIG, "loaded %s, expected a config error", path);
	cr_assert_null(config);
	g_free(path);
	return err.text;
}

static struct mp_config *
load_ok(GKeyFile *kf)
{
	struct mp_error err = { { 0 } };
	struct mp_config *config = NULL;
	char *path = write_conf(kf);

	cr_assert_eq(mp_config_load(path, &config, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_not_null(config);
	g_free(path);
	return config;
}

Test(mp_config, sample_loads)
{
	char *path = write_file("mailproc.conf", mp_config_sample(), 0644);
	struct mp_error err = { { 0 } };
	struct mp_config *config = NULL;

	cr_assert_eq(mp_config_load(path, &config, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_str_eq(config->mailbox.imap_url, "imaps://mail.example-hosting.jp:993/INBOX");
	cr_assert_str_eq(config->smtp.from, "ssl@example-hosting.jp");
	cr_assert_str_eq(config->company.staff[0], "staff1@example-hosting.jp");
	cr_assert_str_eq(config->trust.authserv_id, "mx.example-hosting.jp");
	cr_assert_str_eq(config->company.form_url, "https://www.example-hosting.jp/ssl/renew");
	/* The sample itself must not make the loader complain. */
	cr_assert_eq(logged->len, 0, "warnings: %s", logged->str);
	mp_config_free(config);
	g_free(path);
}

Test(mp_config, sample_names_every_key)
{
	static const char *const names[] = {
		"[mailbox]", "imap_url=", "user=", "password_file=", "ca_file=",
		"processed_folder=", "review_folder=", "rejected_folder=",
		"[smtp]", "url=", "tls=", "from=", "from_name=",
		"[company]", "name=", "info_address=", "staff=", "form_url=",
		"[workflow]", "notice_days=", "deadline_business_days_before_expiry=",
		"reminder_business_days=", "approval_reminder_business_days=",
		"issuance_overdue_business_days=", "payment_due_days=", "language=",
		"closed_days=", "max_mails_per_order_per_day=",
		"[trust]", "authserv_id=", "roots=", "ca_domains=",
		"[paths]", "db=", "keys=", "certs=", "templates=",
	};
	const char *sample = mp_config_sample();

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		cr_expect_not_null(strstr(sample, names[i]), "sample lacks %s", names[i]);
	cr_expect_null(strstr(sample, "password="), "sample has a password key");
}

Test(mp_config, defaults)
{
	struct mp_config *config = load_ok(minimal());
	struct wf_settings def;
	char *expect;

	cr_assert_str_eq(config->mailbox.processed_folder, "Processed");
	cr_assert_str_eq(config->mailbox.review_folder, "Needs-Staff");
	cr_assert_str_eq(config->mailbox.rejected_folder, "Rejected");
	cr_assert_null(config->mailbox.password_file);
	cr_assert_null(config->mailbox.ca_file);
	cr_assert_null(config->smtp.user);
	cr_assert_null(config->smtp.password_file);
	cr_assert_null(config->smtp.ca_file);
	cr_assert_null(config->smtp.from_name);
	cr_assert_eq(config->smtp.tls, MP_TLS_STARTTLS);

	cr_assert_eq(config->workflow.notice_days, 30);
	cr_assert_eq(config->workflow.deadline_business_days, 10);
	cr_assert_eq(config->workflow.reminder_business_days, 3);
	cr_assert_eq(config->workflow.approval_reminder_business_days, 2);
	cr_assert_eq(config->workflow.issuance_overdue_business_days, 14);
	cr_assert_eq(config->workflow.payment_due_days, 30);
	wf_settings_default(&def);
	cr_assert_eq(config->workflow.notice_days, def.notice_days);
	cr_assert_eq(config->workflow.payment_due_days, def.payment_due_days);
	cr_assert_eq(config->workflow.cal, config->cal);
	cr_assert_not_null(config->cal);
	cr_assert_str_eq(config->language, "ja");
	cr_assert_eq(config->max_mails_per_order_per_day, 10);
	cr_assert_not_null(config->closed_days);
	cr_assert_eq(config->closed_days->len, 0);

	cr_assert_str_eq(config->trust.roots, "/etc/ssl/certs/ca-certificates.crt");
	cr_assert_eq(g_strv_length(config->trust.ca_domains), 4);
	cr_assert_str_eq(config->trust.ca_domains[0], "digicert.com");
	cr_assert_str_eq(config->trust.ca_domains[1], "sectigo.com");
	cr_assert_str_eq(config->trust.ca_domains[2], "comodo.com");
	cr_assert_str_eq(config->trust.ca_domains[3], "globalsign.com");

	expect = g_build_filename(tmpdir, "var", "mailproc.db", NULL);
	cr_assert_str_eq(config->paths.db, expect);
	g_free(expect);
	expect = g_build_filename(tmpdir, "var", "keys", NULL);
	cr_assert_str_eq(config->paths.keys, expect);
	g_free(expect);
	expect = g_build_filename(tmpdir, "var", "certs", NULL);
	cr_assert_str_eq(config->paths.certs, expect);
	g_free(expect);
	expect = g_build_filename(tmpdir, "templates", NULL);
	cr_assert_str_eq(config->paths.templates, expect);
	g_free(expect);
	expect = g_build_filename(tmpdir, "mailproc.conf", NULL);
	cr_assert_str_eq(config->path, expect);
	g_free(expect);

	/* staff: trimmed, lower case, the trailing comma dropped */
	cr_assert_eq(g_strv_length(config->company.staff), 2);
	cr_assert_str_eq(config->company.staff[0], "staff1@example.jp");
	cr_assert_str_eq(config->company.staff[1], "staff2@example.jp");
	mp_config_free(config);
}

Test(mp_config, values_from_file)
{
	GKeyFile *kf = minimal();
	struct mp_config *config;

	g_key_file_set_value(kf, "mailbox", "processed_folder", "Done");
	g_key_file_set_value(kf, "smtp", "url", "smtps://mail.example.jp:465");
	g_key_file_set_value(kf, "smtp", "from_name", "SSL Desk");
	g_key_file_set_value(kf, "workflow", "notice_days", "45");
	g_key_file_set_value(kf, "workflow", "deadline_business_days_before_expiry", "12");
	g_key_file_set_value(kf, "workflow", "reminder_business_days", "4");
	g_key_file_set_value(kf, "workflow", "approval_reminder_business_days", "1");
	g_key_file_set_value(kf, "workflow", "issuance_overdue_business_days", "20");
	g_key_file_set_value(kf, "workflow", "payment_due_days", "60");
	g_key_file_set_value(kf, "workflow", "language", "en");
	g_key_file_set_value(kf, "workflow", "max_mails_per_order_per_day", "3");
	g_key_file_set_value(kf, "trust", "ca_domains", " DigiCert.com ,globalsign.com ");
	g_key_file_set_value(kf, "mailbox", "user", "  spaced@example.jp  ");
	config = load_ok(kf);

	cr_assert_str_eq(config->mailbox.processed_folder, "Done");
	cr_assert_str_eq(config->mailbox.user, "spaced@example.jp");
	cr_assert_str_eq(config->smtp.from_name, "SSL Desk");
	/* smtps:// without tls= can only mean TLS from the start */
	cr_assert_eq(config->smtp.tls, MP_TLS_IMPLICIT);
	cr_assert_eq(config->workflow.notice_days, 45);
	cr_assert_eq(config->workflow.deadline_business_days, 12);
	cr_assert_eq(config->workflow.reminder_business_days, 4);
	cr_assert_eq(config->workflow.approval_reminder_business_days, 1);
	cr_assert_eq(config->workflow.issuance_overdue_business_days, 20);
	cr_assert_eq(config->workflow.payment_due_days, 60);
	cr_assert_str_eq(config->language, "en");
	cr_assert_eq(config->max_mails_per_order_per_day, 3);
	cr_assert_eq(g_strv_length(config->trust.ca_domains), 2);
	cr_assert_str_eq(config->trust.ca_domains[0], "digicert.com");
	cr_assert_str_eq(config->trust.ca_domains[1], "globalsign.com");
	mp_config_free(config);
}

Test(mp_config, tls_values)
{
	GKeyFile *kf = minimal();
	struct mp_config *config;

	g_key_file_set_value(kf, "smtp", "tls", "none");
	config = load_ok(kf);
	cr_assert_eq(config->smtp.tls, MP_TLS_NONE);
	/* No password at stake (a local relay): no warning. */
	cr_assert_null(strstr(logged->str, "tls=none"), "unneeded warning: %s", logged->str);
	mp_config_free(config);

	kf = minimal();
	g_key_file_set_value(kf, "smtp", "tls", "none");
	g_key_file_set_value(kf, "smtp", "user", "ssl");
	config = load_ok(kf);
	cr_assert_not_null(strstr(logged->str, "tls=none"), "no clear-text warning: %s", logged->str);
	mp_config_free(config);

	kf = minimal();
	g_key_file_set_value(kf, "smtp", "tls", "implicit");
	config = load_ok(kf);
	cr_assert_eq(config->smtp.tls, MP_TLS_IMPLICIT);
	mp_config_free(config);
}

Test(mp_config, required_keys_missing)
{
	static const char *const required[][2] = {
		{ "mailbox", "imap_url" }, { "mailbox", "user" },
		{ "smtp", "url" }, { "smtp", "from" },
		{ "company", "name" }, { "company", "info_address" },
		{ "company", "staff" }, { "company", "form_url" },
		{ "trust", "authserv_id" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(required); i++) {
		char *expect = g_strdup_printf("[%s] %s: missing (required)", required[i][0],
					       required[i][1]);
		GKeyFile *kf = minimal();

		g_key_file_remove_key(kf, required[i][0], required[i][1], NULL);
		cr_expect_str_eq(load_fails(kf), expect, "without the line");

		/* An empty value counts as missing too. */
		kf = minimal();
		g_key_file_set_value(kf, required[i][0], required[i][1], "  ");
		cr_expect_str_eq(load_fails(kf), expect, "with an empty value");
		g_free(expect);
	}
}

Test(mp_config, missing_section)
{
	GKeyFile *kf = minimal();

	g_key_file_remove_group(kf, "trust", NULL);
	cr_assert_str_eq(load_fails(kf), "[trust] authserv_id: missing (required)");
}

Test(mp_config, bad_values)
{
	static const struct {
		const char *group, *key, *value;
	} cases[] = {
		{ "mailbox", "imap_url", "http://mail.example.jp/INBOX" },
		{ "mailbox", "imap_url", "mail.example.jp" },
		{ "mailbox", "imap_url", "imaps://" },
		{ "smtp", "url", "imaps://mail.example.jp" },
		{ "smtp", "url", "mail.example.jp:587" },
		{ "smtp", "tls", "ssl" },
		{ "smtp", "tls", "STARTTLS!" },
		{ "smtp", "from", "ssl.example.jp" },
		{ "smtp", "from", "ssl@@example.jp" },
		{ "smtp", "from", "ssl@example" },
		{ "smtp", "from", "a@b@example.jp" },
		{ "smtp", "from", "SSL Desk <ssl@example.jp>" },
		{ "smtp", "from", "ssl@example.jp." },
		{ "company", "info_address", "info" },
		{ "company", "staff", "staff1@example.jp,staff2" },
		{ "company", "staff", "staff1@example.jp, bad address@example.jp" },
		{ "company", "staff", " , ," },
		{ "company", "form_url", "ftp://www.example.jp/renew" },
		{ "company", "form_url", "www.example.jp/renew" },
		{ "workflow", "notice_days", "thirty" },
		{ "workflow", "notice_days", "0" },
		{ "workflow", "notice_days", "-5" },
		{ "workflow", "notice_days", "366" },
		{ "workflow", "notice_days", "30days" },
		{ "workflow", "notice_days", "3.5" },
		{ "workflow", "deadline_business_days_before_expiry", "0" },
		{ "workflow", "deadline_business_days_before_expiry", "61" },
		{ "workflow", "deadline_business_days_before_expiry", "30" },
		{ "workflow", "reminder_business_days", "-1" },
		{ "workflow", "reminder_business_days", "20" },
		{ "workflow", "approval_reminder_business_days", "0" },
		{ "workflow", "approval_reminder_business_days", "x" },
		{ "workflow", "issuance_overdue_business_days", "0" },
		{ "workflow", "issuance_overdue_business_days", "99999999999999999999" },
		{ "workflow", "payment_due_days", "0" },
		{ "workflow", "language", "jp" },
		{ "workflow", "language", "fr" },
		{ "workflow", "closed_days", "2026-02-30" },
		{ "workflow", "closed_days", "2026-08-13,tomorrow" },
		{ "workflow", "closed_days", "2026/08/13" },
		{ "workflow", "max_mails_per_order_per_day", "0" },
		{ "trust", "ca_domains", "digicert.com, not a domain" },
		{ "trust", "ca_domains", "digicert" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *prefix = g_strdup_printf("[%s] %s: ", cases[i].group, cases[i].key);
		GKeyFile *kf = minimal();
		const char *text;

		g_key_file_set_value(kf, cases[i].group, cases[i].key, cases[i].value);
		text = load_fails(kf);
		cr_expect(g_str_has_prefix(text, prefix), "%s=%s gave: %s", cases[i].key,
			  cases[i].value, text);
		g_free(prefix);
	}
}

Test(mp_config, bad_value_names_it)
{
	GKeyFile *kf = minimal();

	g_key_file_set_value(kf, "workflow", "closed_days", "2026-08-13, 2026-13-01");
	cr_assert_str_eq(load_fails(kf),
			 "[workflow] closed_days: '2026-13-01' is not a date (YYYY-MM-DD)");

	kf = minimal();
	g_key_file_set_value(kf, "smtp", "tls", "ssl");
	cr_assert_str_eq(load_fails(kf),
			 "[smtp] tls: 'ssl' is not one of starttls, implicit, none");
}

Test(mp_config, smtps_wants_implicit_tls)
{
	GKeyFile *kf = minimal();

	g_key_file_set_value(kf, "smtp", "url", "smtps://mail.example.jp:465");
	g_key_file_set_value(kf, "smtp", "tls", "starttls");
	cr_assert(g_str_has_prefix(load_fails(kf), "[smtp] tls: "));
}

Test(mp_config, first_problem_in_section_order)
{
	GKeyFile *kf = minimal();

	/* Written in the file in reverse order: the report still follows
	 * INTERFACE.md's order of sections. */
	g_key_file_set_value(kf, "paths", "db", "x.db");
	g_key_file_set_value(kf, "trust", "ca_domains", "nodot");
	g_key_file_set_value(kf, "workflow", "language", "de");
	g_key_file_set_value(kf, "smtp", "tls", "bogus");
	g_key_file_remove_key(kf, "mailbox", "user", NULL);
	cr_assert_str_eq(load_fails(kf), "[mailbox] user: missing (required)");

	kf = minimal();
	g_key_file_set_value(kf, "trust", "ca_domains", "nodot");
	g_key_file_set_value(kf, "workflow", "language", "de");
	cr_assert(g_str_has_prefix(load_fails(kf), "[workflow] language: "));

	kf = minimal();
	g_key_file_set_value(kf, "workflow", "payment_due_days", "0");
	g_key_file_set_value(kf, "workflow", "notice_days", "0");
	cr_assert(g_str_has_prefix(load_fails(kf), "[workflow] notice_days: "));
}

Test(mp_config, password_refused)
{
	GKeyFile *kf = minimal();

	g_key_file_set_value(kf, "mailbox", "password", "hunter2");
	cr_assert_str_eq(load_fails(kf),
			 "[mailbox] password: passwords are not read from the config file; "
			 "use password_file or MAILPROC_IMAP_PASSWORD");

	kf = minimal();
	g_key_file_set_value(kf, "smtp", "password", "hunter2");
	cr_assert_str_eq(load_fails(kf),
			 "[smtp] password: passwords are not read from the config file; "
			 "use password_file or MAILPROC_SMTP_PASSWORD");

	/* Also under another name, in another section, and before other errors. */
	kf = minimal();
	g_key_file_remove_key(kf, "mailbox", "imap_url", NULL);
	g_key_file_set_value(kf, "company", "smtp_password", "hunter2");
	cr_assert(g_str_has_prefix(load_fails(kf), "[company] smtp_password: passwords are not read"));
	cr_assert_null(strstr(logged->str, "hunter2"));
}

Test(mp_config, unknown_keys_warn)
{
	GKeyFile *kf = minimal();
	struct mp_config *config;

	g_key_file_set_value(kf, "mailbox", "procesed_folder", "Done");
	g_key_file_set_value(kf, "extra", "colour", "blue");
	config = load_ok(kf);
	cr_assert_str_eq(config->mailbox.processed_folder, "Processed");
	cr_assert_not_null(strstr(logged->str, "config: unknown key [mailbox] procesed_folder ignored"),
			   "%s", logged->str);
	cr_assert_not_null(strstr(logged->str, "config: unknown key [extra] colour ignored"),
			   "%s", logged->str);
	cr_assert_null(strstr(logged->str, "blue"), "a value was logged");
	mp_config_free(config);
}

Test(mp_config, relative_paths)
{
	GKeyFile *kf = minimal();
	struct mp_error err = { { 0 } };
	struct mp_config *config = NULL;
	char *path, *expect, *parent;

	g_key_file_set_value(kf, "mailbox", "password_file", "secret/imap.pw");
	g_key_file_set_value(kf, "mailbox", "ca_file", "./ca.pem");
	g_key_file_set_value(kf, "smtp", "password_file", "smtp.pw");
	g_key_file_set_value(kf, "smtp", "ca_file", "../smtp-ca.pem");
	g_key_file_set_value(kf, "trust", "roots", "roots.pem");
	g_key_file_set_value(kf, "paths", "db", "data/mailproc.db");
	g_key_file_set_value(kf, "paths", "templates", "/opt/mailproc/templates");
	path = write_conf(kf);

	/* cron's working directory is not the config's folder */
	cr_assert_eq(chdir("/"), 0);
	cr_assert_eq(mp_config_load(path, &config, &err), MP_STATUS_OK, "%s", err.text);

	expect = g_build_filename(tmpdir, "secret", "imap.pw", NULL);
	cr_assert_str_eq(config->mailbox.password_file, expect);
	g_free(expect);
	expect = g_build_filename(tmpdir, "ca.pem", NULL);
	cr_assert_str_eq(config->mailbox.ca_file, expect);
	g_free(expect);
	expect = g_build_filename(tmpdir, "smtp.pw", NULL);
	cr_assert_str_eq(config->smtp.password_file, expect);
	g_free(expect);
	parent = g_path_get_dirname(tmpdir);
	expect = g_build_filename(parent, "smtp-ca.pem", NULL);
	cr_assert_str_eq(config->smtp.ca_file, expect);
	g_free(expect);
	g_free(parent);
	expect = g_build_filename(tmpdir, "roots.pem", NULL);
	cr_assert_str_eq(config->trust.roots, expect);
	g_free(expect);
	expect = g_build_filename(tmpdir, "data", "mailproc.db", NULL);
	cr_assert_str_eq(config->paths.db, expect);
	g_free(expect);
	cr_assert_str_eq(config->paths.templates, "/opt/mailproc/templates");
	mp_config_free(config);
	config = NULL;

	/* A relative path to the config file itself: taken from the working
	 * directory once, then everything hangs off the file's folder. */
	cr_assert_eq(chdir(tmpdir), 0);
	cr_assert_eq(mp_config_load("mailproc.conf", &config, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_str_eq(config->path, path);
	expect = g_build_filename(tmpdir, "data", "mailproc.db", NULL);
	cr_assert_str_eq(config->paths.db, expect);
	g_free(expect);
	mp_config_free(config);
	g_free(path);
}

Test(mp_config, password_from_file_and_env)
{
	GKeyFile *kf = minimal();
	struct mp_error err = { { 0 } };
	struct mp_config *config;
	enum mp_status status = MP_STATUS_IO;
	char *pw, *pwfile;

	pwfile = write_file("imap.pw", "s3cret-imap\nsecond line\n", 0600);
	g_free(pwfile);
	pwfile = write_file("smtp.pw", "s3cret-smtp\r\n", 0600);
	g_free(pwfile);
	g_key_file_set_value(kf, "mailbox", "password_file", "imap.pw");
	g_key_file_set_value(kf, "smtp", "password_file", "smtp.pw");
	config = load_ok(kf);

	pw = mp_config_password(config, MP_PASSWORD_IMAP, &status, &err);
	cr_assert_eq(status, MP_STATUS_OK, "%s", err.text);
	cr_assert_str_eq(pw, "s3cret-imap");
	g_free(pw);
	pw = mp_config_password(config, MP_PASSWORD_SMTP, &status, &err);
	cr_assert_eq(status, MP_STATUS_OK, "%s", err.text);
	cr_assert_str_eq(pw, "s3cret-smtp");
	g_free(pw);
	cr_assert_eq(logged->len, 0, "warnings for a 0600 file: %s", logged->str);

	/* The environment wins over the file. */
	setenv("MAILPROC_IMAP_PASSWORD", "from-env", 1);
	pw = mp_config_password(config, MP_PASSWORD_IMAP, &status, &err);
	cr_assert_eq(status, MP_STATUS_OK);
	cr_assert_str_eq(pw, "from-env");
	g_free(pw);
	pw = mp_config_password(config, MP_PASSWORD_SMTP, &status, &err);
	cr_assert_str_eq(pw, "s3cret-smtp");
	g_free(pw);
	setenv("MAILPROC_SMTP_PASSWORD", "smtp-env", 1);
	pw = mp_config_password(config, MP_PASSWORD_SMTP, &status, &err);
	cr_assert_str_eq(pw, "smtp-env");
	g_free(pw);
	mp_config_free(config);
}

Test(mp_config, password_absent_or_unreadable)
{
	GKeyFile *kf = minimal();
	struct mp_error err = { { 0 } };
	struct mp_config *config;
	enum mp_status status = MP_STATUS_IO;
	char *pw;

	g_key_file_set_value(kf, "mailbox", "password_file", "nonexistent.pw");
	config = load_ok(kf);

	/* Neither set: no password, and that is not an error. */
	pw = mp_config_password(config, MP_PASSWORD_SMTP, &status, &err);
	cr_assert_null(pw);
	cr_assert_eq(status, MP_STATUS_OK);

	pw = mp_config_password(config, MP_PASSWORD_IMAP, &status, &err);
	cr_assert_null(pw);
	cr_assert_eq(status, MP_STATUS_CONFIG);
	cr_assert_not_null(strstr(err.text, "nonexistent.pw"), "%s", err.text);
	mp_config_free(config);
}

Test(mp_config, password_file_readable_by_others_warns)
{
	GKeyFile *kf = minimal();
	struct mp_error err = { { 0 } };
	struct mp_config *config;
	enum mp_status status;
	char *pw, *pwfile;

	pwfile = write_file("imap.pw", "open-secret\n", 0644);
	g_key_file_set_value(kf, "mailbox", "password_file", "imap.pw");
	config = load_ok(kf);

	pw = mp_config_password(config, MP_PASSWORD_IMAP, &status, &err);
	cr_assert_eq(status, MP_STATUS_OK, "%s", err.text);
	cr_assert_str_eq(pw, "open-secret");
	cr_assert_not_null(strstr(logged->str, pwfile), "no warning naming the file: %s",
			   logged->str);
	cr_assert_null(strstr(logged->str, "open-secret"), "the password was logged");
	g_free(pw);
	g_free(pwfile);
	mp_config_free(config);
}

Test(mp_config, closed_days)
{
	GKeyFile *kf = minimal();
	struct mp_config *config;
	wf_day wed = wf_day_from_ymd(2026, 6, 10);
	wf_day thu = wf_day_from_ymd(2026, 6, 11);
	wf_day fri = wf_day_from_ymd(2026, 6, 12);

	g_key_file_set_value(kf, "workflow", "closed_days", " 2026-06-10 ,2026-06-11,");
	config = load_ok(kf);

	cr_assert_eq(config->closed_days->len, 2);
	cr_assert_eq(g_array_index(config->closed_days, wf_day, 0), wed);
	cr_assert_eq(g_array_index(config->closed_days, wf_day, 1), thu);
	cr_assert_not(wf_cal_is_business_day(config->cal, wed));
	cr_assert_not(wf_cal_is_business_day(config->workflow.cal, thu));
	cr_assert(wf_cal_is_business_day(config->cal, fri));
	mp_config_free(config);

	/* Without them the same days are ordinary business days. */
	config = load_ok(minimal());
	cr_assert(wf_cal_is_business_day(config->cal, wed));
	mp_config_free(config);
}

Test(mp_config, missing_file)
{
	struct mp_error err = { { 0 } };
	struct mp_config *config = NULL;
	char *path = g_build_filename(tmpdir, "nope.conf", NULL);
	char *prefix = g_strdup_printf("%s: cannot read: ", path);

	cr_assert_eq(mp_config_load(path, &config, &err), MP_STATUS_CONFIG);
	cr_assert_null(config);
	cr_assert(g_str_has_prefix(err.text, prefix), "%s", err.text);
	g_free(prefix);
	g_free(path);
}

Test(mp_config, parse_error)
{
	struct mp_error err = { { 0 } };
	struct mp_config *config = NULL;
	char *path = write_file("broken.conf", "[mailbox\nimap_url=imaps://x/INBOX\n", 0644);

	cr_assert_eq(mp_config_load(path, &config, &err), MP_STATUS_CONFIG);
	cr_assert_null(config);
	cr_assert(g_str_has_prefix(err.text, path), "%s", err.text);
	cr_assert_gt(strlen(err.text), strlen(path) + 2);
	g_free(path);

	path = write_file("nogroup.conf", "imap_url=imaps://x/INBOX\n", 0644);
	cr_assert_eq(mp_config_load(path, &config, &err), MP_STATUS_CONFIG);
	cr_assert(g_str_has_prefix(err.text, path), "%s", err.text);
	g_free(path);
}

Test(mp_config, default_path)
{
	unsetenv("MAILPROC_CONFIG");
	cr_assert_str_eq(mp_config_default_path(), "./mailproc.conf");
	setenv("MAILPROC_CONFIG", "", 1);
	cr_assert_str_eq(mp_config_default_path(), "./mailproc.conf");
	setenv("MAILPROC_CONFIG", "/etc/mailproc/mailproc.conf", 1);
	cr_assert_str_eq(mp_config_default_path(), "/etc/mailproc/mailproc.conf");
}

Test(mp_config, free_null)
{
	mp_config_free(NULL);
}
