/* Unit tests of mp_smtp_send (mailproc/smtp.c) against tests/servers/smtp_server.py on 127.0.0.1. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mailproc.h"

#define PYTHON "/usr/bin/python3"
#define SERVER "tests/servers/smtp_server.py"
#define PASSWORD "pw-Sekret-7f3a"

static char *tmpdir;   /* this test's scratch folder */
static char *store;    /* where the server keeps what it accepted */
static GPid server_pid;
static int server_port;
static GString *logged; /* every GLib log message of the test, one a line */

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
	tmpdir = g_dir_make_tmp("test_smtp-XXXXXX", NULL);
	cr_assert_not_null(tmpdir);
	store = g_build_filename(tmpdir, "store", NULL);
	logged = g_string_new(NULL);
	/* Criterion runs each test in a process of its own: set once. */
	g_log_set_writer_func(capture_log, NULL, NULL);
	unsetenv("MAILPROC_TEST_CRASH_AT");
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
stop_server(void)
{
	int st;

	if (!server_pid)
		return;
	kill(server_pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(server_pid, &st, WNOHANG) != 0)
			goto reaped;
		g_usleep(50000);
	}
	kill(server_pid, SIGKILL);
	waitpid(server_pid, &st, 0);
reaped:
	g_spawn_close_pid(server_pid);
	server_pid = 0;
}

static void
teardown(void)
{
	stop_server();
	if (tmpdir)
		remove_tree(tmpdir);
	g_free(tmpdir);
	g_free(store);
	g_string_free(logged, TRUE);
	tmpdir = store = NULL;
}

TestSuite(mp_smtp, .init = setup, .fini = teardown, .timeout = 60);

/* The server must not outlive a test process that crashed before .fini. */
static void
die_with_parent(gpointer data)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

static char *
slurp(const char *path, gsize *len)
{
	char *data = NULL;

	if (!g_file_get_contents(path, &data, len, NULL))
		return NULL;
	return data;
}

/* Start smtp_server.py with the options after the store (NULL-terminated)
 * and wait up to 10 s for its port. */
static void
start_server(const char *first, ...)
{
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	char *port_file = g_build_filename(tmpdir, "port", NULL);
	char *log_file = g_build_filename(tmpdir, "server.log", NULL);
	GError *error = NULL;
	const char *arg;
	va_list ap;
	int logfd;
	gboolean ok;

	cr_assert_eq(server_pid, 0, "one server per test");
	g_ptr_array_add(argv, g_strdup(PYTHON));
	g_ptr_array_add(argv, g_strdup(SERVER));
	g_ptr_array_add(argv, g_strdup("--host"));
	g_ptr_array_add(argv, g_strdup("127.0.0.1"));
	g_ptr_array_add(argv, g_strdup("--port-file"));
	g_ptr_array_add(argv, g_strdup(port_file));
	g_ptr_array_add(argv, g_strdup("--store"));
	g_ptr_array_add(argv, g_strdup(store));
	va_start(ap, first);
	for (arg = first; arg; arg = va_arg(ap, const char *))
		g_ptr_array_add(argv, g_strdup(arg));
	va_end(ap);
	g_ptr_array_add(argv, NULL);

	logfd = open(log_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert(logfd >= 0);
	ok = g_spawn_async_with_fds(NULL, (char **)argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
				    die_with_parent, NULL, &server_pid, -1, logfd, logfd, &error);
	close(logfd);
	cr_assert(ok, "cannot start %s: %s", SERVER, error ? error->message : "?");

	for (int i = 0; i < 200 && !server_port; i++) {
		char *text = slurp(port_file, NULL);
		int st;

		if (text && *text) {
			server_port = atoi(text);
		} else if (waitpid(server_pid, &st, WNOHANG) == server_pid) {
			char *log = slurp(log_file, NULL);

			g_spawn_close_pid(server_pid);
			server_pid = 0;
			cr_assert_fail("%s ended at once:\n%s", SERVER, log ? log : "");
		} else {
			g_usleep(50000);
		}
		g_free(text);
	}
	cr_assert_gt(server_port, 0, "%s wrote no port within 10 s", SERVER);
	g_ptr_array_unref(argv);
	g_free(port_file);
	g_free(log_file);
}

static void
run_openssl(const char *const *args)
{
	GPtrArray *argv = g_ptr_array_new();
	char *out = NULL, *errs = NULL;
	GError *error = NULL;
	int st = -1;

	g_ptr_array_add(argv, (char *)"openssl");
	for (size_t i = 0; args[i]; i++)
		g_ptr_array_add(argv, (char *)args[i]);
	g_ptr_array_add(argv, NULL);
	cr_assert(g_spawn_sync(tmpdir, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
			       &out, &errs, &st, &error),
		  "openssl: %s", error ? error->message : "?");
	cr_assert(g_spawn_check_wait_status(st, NULL), "openssl %s failed: %s", args[0], errs);
	g_free(out);
	g_free(errs);
	g_ptr_array_unref(argv);
}

/* A test CA (ca.pem) and a server certificate for IP 127.0.0.1 signed by it
 * (server.pem, server.key), in tmpdir. */
static void
make_pki(void)
{
	char *ext = g_build_filename(tmpdir, "server.ext", NULL);
	static const char ext_text[] = "subjectAltName=IP:127.0.0.1\n"
				       "basicConstraints=critical,CA:FALSE\n"
				       "keyUsage=critical,digitalSignature\n"
				       "extendedKeyUsage=serverAuth\n";

	cr_assert(g_file_set_contents(ext, ext_text, -1, NULL));
	run_openssl((const char *[]){ "req", "-x509", "-newkey", "ec", "-pkeyopt",
				      "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
				      "-out", "ca.pem", "-days", "2", "-subj", "/CN=mailproc test CA",
				      "-addext", "basicConstraints=critical,CA:TRUE",
				      "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL });
	run_openssl((const char *[]){ "req", "-new", "-newkey", "ec", "-pkeyopt",
				      "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
				      "-out", "server.csr", "-subj", "/CN=127.0.0.1", NULL });
	run_openssl((const char *[]){ "x509", "-req", "-in", "server.csr", "-CA", "ca.pem",
				      "-CAkey", "ca.key", "-set_serial", "2", "-days", "2",
				      "-extfile", "server.ext", "-out", "server.pem", NULL });
	g_free(ext);
}

static char *
in_tmp(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

/* A config with only the [smtp] section filled in. */
static void
config_init(struct mp_config *c, const char *scheme, const char *host, enum mp_tls tls, bool ca)
{
	memset(c, 0, sizeof *c);
	c->smtp.url = g_strdup_printf("%s://%s:%d", scheme, host, server_port);
	c->smtp.tls = tls;
	c->smtp.ca_file = ca ? in_tmp("ca.pem") : NULL;
	c->smtp.from = g_strdup("ssl@example-hosting.jp");
}

static void
config_clear(struct mp_config *c)
{
	g_free(c->smtp.url);
	g_free(c->smtp.user);
	g_free(c->smtp.ca_file);
	g_free(c->smtp.from);
	memset(c, 0, sizeof *c);
}

static const char message_text[] =
	"From: Example Hosting SSL <ssl@example-hosting.jp>\r\n"
	"To: tanaka@example.co.jp\r\n"
	"Subject: =?UTF-8?B?U1NM6Ki85piO5pu444Gu5pu05paw?=\r\n"
	"Message-ID: <ORD-2026-0012.1@example-hosting.jp>\r\n"
	"Date: Wed, 25 Nov 2026 09:00:00 +0900\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: text/plain; charset=UTF-8\r\n"
	"Content-Transfer-Encoding: 8bit\r\n"
	"\r\n"
	"\xe6\x9b\xb4\xe6\x96\xb0\xe3\x81\xae\xe3\x81\x94\xe6\xa1\x88\xe5\x86\x85\r\n"
	".a line that starts with a dot\r\n"
	".\r\n"
	"..\r\n"
	"end\r\n";

static GBytes *
message(void)
{
	return g_bytes_new_static(message_text, sizeof message_text - 1);
}

static const char *const two_rcpts[] = { "tanaka@example.co.jp", "tech@example.co.jp", NULL };

/* How many messages the server stored (NNNN.eml files). */
static int
stored_count(void)
{
	GDir *dir = g_dir_open(store, 0, NULL);
	const char *name;
	int n = 0;

	if (!dir)
		return 0;
	while ((name = g_dir_read_name(dir)))
		n += g_str_has_suffix(name, ".eml");
	g_dir_close(dir);
	return n;
}

/* Whether the server saw any MAIL FROM at all (its mail-from.log). */
static bool
server_saw_mail_from(void)
{
	char *path = g_build_filename(store, "mail-from.log", NULL);
	bool seen = g_file_test(path, G_FILE_TEST_EXISTS);

	g_free(path);
	return seen;
}

/* The stored NNNN.json, parsed. */
static JsonObject *
stored_meta(int n, JsonParser **parser)
{
	char name[16];
	char *path;

	g_snprintf(name, sizeof name, "%04d.json", n);
	path = g_build_filename(store, name, NULL);
	*parser = json_parser_new();
	cr_assert(json_parser_load_from_file(*parser, path, NULL), "no %s", name);
	g_free(path);
	return json_node_get_object(json_parser_get_root(*parser));
}

static void
expect_stored_message(int n)
{
	char name[16];
	char *path, *data;
	gsize len = 0;

	g_snprintf(name, sizeof name, "%04d.eml", n);
	path = g_build_filename(store, name, NULL);
	data = slurp(path, &len);
	cr_assert_not_null(data, "no %s", name);
	cr_expect_eq(len, sizeof message_text - 1, "%s: %zu bytes, sent %zu", name, (size_t)len,
		     sizeof message_text - 1);
	cr_expect(len == sizeof message_text - 1 && memcmp(data, message_text, len) == 0,
		  "%s differs from what was sent:\n%s", name, data);
	g_free(data);
	g_free(path);
}

static bool
durable_step_logged(void)
{
	return strstr(logged->str, "durable step") && strstr(logged->str, ": smtp");
}

static double
seconds_since(gint64 start)
{
	return (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
}

/* ---- clear text (tls=none) ------------------------------------------------ */

Test(mp_smtp, plain_send_stores_exact_bytes_and_recipients)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();
	JsonParser *parser;
	JsonObject *meta;
	JsonArray *rcpts;

	start_server(NULL);
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_NONE, false);
	cr_assert_eq(mp_smtp_send(&c, NULL, "bounce+ord@example-hosting.jp", two_rcpts, msg, &err),
		     MP_STATUS_OK, "%s", err.text);
	cr_expect(durable_step_logged(), "no durable step after the send:\n%s", logged->str);

	cr_assert_eq(stored_count(), 1);
	expect_stored_message(1);
	meta = stored_meta(1, &parser);
	cr_expect_str_eq(json_object_get_string_member(meta, "mail_from"),
			 "bounce+ord@example-hosting.jp");
	rcpts = json_object_get_array_member(meta, "rcpt_tos");
	cr_assert_eq(json_array_get_length(rcpts), 2);
	cr_expect_str_eq(json_array_get_string_element(rcpts, 0), "tanaka@example.co.jp");
	cr_expect_str_eq(json_array_get_string_element(rcpts, 1), "tech@example.co.jp");
	cr_expect_not(json_object_get_boolean_member(meta, "tls"));
	g_object_unref(parser);
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, null_sender_means_config_from)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();
	JsonParser *parser;

	start_server(NULL);
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_NONE, false);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_OK, "%s",
		     err.text);
	cr_expect_str_eq(json_object_get_string_member(stored_meta(1, &parser), "mail_from"),
			 "ssl@example-hosting.jp");
	g_object_unref(parser);
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, line_break_in_an_address_is_refused_before_connecting)
{
	static const char *const evil[] = { "a@example.co.jp\r\nRCPT TO:<x@evil.example>", NULL };
	static const char *const none[] = { NULL };
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();

	start_server(NULL);
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_NONE, false);
	cr_expect_eq(mp_smtp_send(&c, NULL, NULL, evil, msg, &err), MP_STATUS_BAD_INPUT);
	cr_expect_eq(mp_smtp_send(&c, NULL, "a@b.jp\nDATA", two_rcpts, msg, &err),
		     MP_STATUS_BAD_INPUT);
	cr_expect_eq(mp_smtp_send(&c, NULL, NULL, none, msg, &err), MP_STATUS_BAD_INPUT);
	cr_expect_eq(mp_smtp_send(&c, NULL, NULL, NULL, msg, &err), MP_STATUS_BAD_INPUT);
	cr_expect_not(server_saw_mail_from());
	cr_expect_eq(stored_count(), 0);
	g_bytes_unref(msg);
	config_clear(&c);
}

/* ---- STARTTLS and implicit TLS ---------------------------------------------- */

static void
start_tls_server(const char *mode)
{
	char *cert, *key;

	make_pki();
	cert = in_tmp("server.pem");
	key = in_tmp("server.key");
	start_server("--tls-cert", cert, "--tls-key", key, mode, NULL);
	g_free(cert);
	g_free(key);
}

Test(mp_smtp, starttls_with_ca_file_is_ok)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();
	JsonParser *parser;

	start_tls_server("--require-starttls");
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_STARTTLS, true);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_OK, "%s",
		     err.text);
	cr_assert_eq(stored_count(), 1);
	expect_stored_message(1);
	cr_expect(json_object_get_boolean_member(stored_meta(1, &parser), "tls"),
		  "sent without STARTTLS");
	g_object_unref(parser);
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, starttls_without_ca_file_is_tempfail_certificate)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();

	start_tls_server(NULL);
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_STARTTLS, false);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_TEMPFAIL, "%s",
		     err.text);
	cr_expect(strstr(err.text, "certificate"), "%s", err.text);
	cr_expect_not(server_saw_mail_from(), "MAIL FROM went to an unverified server");
	cr_expect_eq(stored_count(), 0);
	cr_expect_not(durable_step_logged());
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, missing_ca_file_is_config)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();

	start_tls_server(NULL);
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_STARTTLS, false);
	c.smtp.ca_file = in_tmp("no-such-ca.pem");
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_CONFIG, "%s",
		     err.text);
	cr_expect(strstr(err.text, "ca_file"), "%s", err.text);
	cr_expect_not(server_saw_mail_from());
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, certificate_for_another_name_is_tempfail)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();

	/* The certificate names IP 127.0.0.1 only; "localhost" is the same
	 * machine under a name the certificate does not carry. */
	start_tls_server(NULL);
	config_init(&c, "smtp", "localhost", MP_TLS_STARTTLS, true);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_TEMPFAIL, "%s",
		     err.text);
	cr_expect(strstr(err.text, "certificate"), "%s", err.text);
	cr_expect_not(server_saw_mail_from());
	cr_expect_eq(stored_count(), 0);
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, starttls_not_offered_is_tempfail_and_nothing_sent)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();

	start_server(NULL); /* no --tls-cert: no STARTTLS in its EHLO answer */
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_STARTTLS, false);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_TEMPFAIL, "%s",
		     err.text);
	cr_expect(strstr(err.text, "STARTTLS"), "%s", err.text);
	cr_expect_not(server_saw_mail_from(), "fell back to clear text");
	cr_expect_eq(stored_count(), 0);
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, smtps_and_tls_implicit_are_tls_from_the_first_byte)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();
	JsonParser *parser;

	start_tls_server("--implicit-tls");
	config_init(&c, "smtps", "127.0.0.1", MP_TLS_IMPLICIT, true);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_OK, "%s",
		     err.text);
	config_clear(&c);
	/* smtp:// with tls=implicit: the same, never clear text. */
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_IMPLICIT, true);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_OK, "%s",
		     err.text);
	config_clear(&c);
	/* And still verified. */
	config_init(&c, "smtps", "127.0.0.1", MP_TLS_IMPLICIT, false);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_TEMPFAIL, "%s",
		     err.text);
	cr_expect(strstr(err.text, "certificate"), "%s", err.text);
	cr_assert_eq(stored_count(), 2);
	expect_stored_message(2);
	cr_expect(json_object_get_boolean_member(stored_meta(2, &parser), "tls"));
	g_object_unref(parser);
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, login_with_password_and_wrong_password)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();
	JsonParser *parser;
	char *cert, *key;

	make_pki();
	cert = in_tmp("server.pem");
	key = in_tmp("server.key");
	start_server("--tls-cert", cert, "--tls-key", key, "--auth", "ssl-sender:" PASSWORD, NULL);
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_STARTTLS, true);
	c.smtp.user = g_strdup("ssl-sender");

	cr_assert_eq(mp_smtp_send(&c, PASSWORD, NULL, two_rcpts, msg, &err), MP_STATUS_OK, "%s",
		     err.text);
	cr_expect_str_eq(json_object_get_string_member(stored_meta(1, &parser), "auth_user"),
			 "ssl-sender");
	g_object_unref(parser);

	/* A wrong password is the configuration's fault, not this mail's. */
	cr_expect_eq(mp_smtp_send(&c, "not-" PASSWORD, NULL, two_rcpts, msg, &err),
		     MP_STATUS_CONFIG, "%s", err.text);
	cr_expect(strstr(err.text, "535"), "%s", err.text);
	cr_expect_not(strstr(err.text, PASSWORD), "password in the error: %s", err.text);
	cr_expect_not(strstr(logged->str, PASSWORD), "password in the log: %s", logged->str);
	/* No password at all: the server requires a login before MAIL. */
	cr_expect_neq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_OK);
	cr_expect_eq(stored_count(), 1);
	g_free(cert);
	g_free(key);
	g_bytes_unref(msg);
	config_clear(&c);
}

/* ---- server answers ---------------------------------------------------------- */

Test(mp_smtp, answer_451_is_tempfail_then_sent_once)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();

	start_server("--fail-first", "1", "--fail-code", "451", NULL);
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_NONE, false);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_TEMPFAIL, "%s",
		     err.text);
	cr_expect(strstr(err.text, "451"), "%s", err.text);
	cr_expect_eq(stored_count(), 0);
	cr_expect_not(durable_step_logged(), "durable step after a refusal");

	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_OK, "%s",
		     err.text);
	cr_expect(durable_step_logged());
	cr_assert_eq(stored_count(), 1);
	expect_stored_message(1);
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, answer_554_after_data_is_refused)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();

	start_server("--fail-first", "1", "--fail-code", "554", NULL);
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_NONE, false);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_REFUSED, "%s",
		     err.text);
	cr_expect(strstr(err.text, "554"), "%s", err.text);
	cr_expect_eq(stored_count(), 0);
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, rejected_recipient_is_refused)
{
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();

	start_server("--reject-rcpt", "tech@example.co.jp", "--reject-code", "550", NULL);
	config_init(&c, "smtp", "127.0.0.1", MP_TLS_NONE, false);
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_REFUSED, "%s",
		     err.text);
	cr_expect(strstr(err.text, "550"), "%s", err.text);
	/* The server's own words come along. */
	cr_expect(strstr(err.text, "Recipient address rejected"), "%s", err.text);
	cr_expect_eq(stored_count(), 0);
	cr_expect_not(durable_step_logged());
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, closed_port_is_unavailable_quickly)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof addr;
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();
	gint64 start;
	int fd;

	/* Bound but never listening: the port stays ours, and the kernel
	 * answers a connection with a reset. */
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert(fd >= 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	server_port = ntohs(addr.sin_port);

	config_init(&c, "smtp", "127.0.0.1", MP_TLS_STARTTLS, false);
	start = g_get_monotonic_time();
	cr_assert_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_UNAVAILABLE, "%s",
		     err.text);
	cr_expect_lt(seconds_since(start), 5.0);
	cr_expect(strstr(err.text, "no connection") != NULL, "%s", err.text);
	cr_expect(strstr(err.text, "127.0.0.1"), "%s", err.text);
	cr_expect_not(durable_step_logged());
	close(fd);
	g_bytes_unref(msg);
	config_clear(&c);
}

Test(mp_smtp, unusable_url_is_config)
{
	static const char *const urls[] = { "http://127.0.0.1:25", "smtp://user:pw@127.0.0.1:25",
					    "not a url", "" };
	struct mp_config c;
	struct mp_error err = { "" };
	GBytes *msg = message();

	for (size_t i = 0; i < G_N_ELEMENTS(urls); i++) {
		config_init(&c, "smtp", "127.0.0.1", MP_TLS_STARTTLS, false);
		g_free(c.smtp.url);
		c.smtp.url = g_strdup(urls[i]);
		cr_expect_eq(mp_smtp_send(&c, NULL, NULL, two_rcpts, msg, &err), MP_STATUS_CONFIG,
			     "%s: %s", urls[i], err.text);
		cr_expect_not(strstr(err.text, ":pw@"), "%s", err.text);
		config_clear(&c);
	}
	g_bytes_unref(msg);
}
