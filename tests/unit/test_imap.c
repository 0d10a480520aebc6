/* Unit tests of mp_imap_* (mailproc/imap.c) against a real Dovecot on
 * 127.0.0.1, started per test by tests/servers/dovecot.sh (needs root). */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "mailproc.h"

#define PASSWORD "test-password"

static char *tmpdir;      /* the test's own folder */
static char *server_dir;  /* tmpdir/dovecot, or NULL when no server runs */
static int imap_port, imaps_port;
static char *ca_file;
static struct mp_config *config;

static char *
script_path(void)
{
	const char *top = getenv("MAILPROC_TOP");
	char *unit_dir, *path;

	if (top)
		return g_build_filename(top, "tests", "servers", "dovecot.sh", NULL);
	/* __FILE__ is tests/unit/test_imap.c as the build names it. */
	unit_dir = g_path_get_dirname(__FILE__);
	path = g_build_filename(unit_dir, "..", "servers", "dovecot.sh", NULL);
	g_free(unit_dir);
	return path;
}

/* Run dovecot.sh with args; returns its stdout (caller frees). */
static char *
run_script(const char *const *env_extra, const char *cmd, const char *arg, const char *file)
{
	char *script = script_path();
	const char *argv[] = { "/bin/bash", script, cmd, arg, file, NULL };
	char **envp = g_get_environ();
	char *out = NULL, *errout = NULL;
	int wait_status = 0;
	GError *gerr = NULL;
	gboolean ok;

	for (; env_extra && env_extra[0]; env_extra += 2)
		envp = g_environ_setenv(envp, env_extra[0], env_extra[1], TRUE);
	ok = g_spawn_sync(NULL, (char **)argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &errout,
			  &wait_status, &gerr);
	cr_assert(ok, "cannot run %s: %s", script, gerr ? gerr->message : "?");
	cr_assert(g_spawn_check_wait_status(wait_status, NULL), "dovecot.sh %s failed: %s", cmd, errout);
	g_free(errout);
	g_strfreev(envp);
	g_free(script);
	return out;
}

/* Start a Dovecot for this test. env_extra: NAME, VALUE, ..., NULL. */
static void
start_server_env(const char *const *env_extra)
{
	char *out, ca[4096];

	server_dir = g_build_filename(tmpdir, "dovecot", NULL);
	out = run_script(env_extra, "start", server_dir, NULL);
	cr_assert_eq(sscanf(out, "IMAP_PORT=%d IMAPS_PORT=%d CA=%4095s", &imap_port, &imaps_port, ca), 3,
		     "dovecot.sh said: %s", out);
	ca_file = g_strdup(ca);
	g_free(out);
}

static void
start_server(void)
{
	start_server_env(NULL);
}

/* how: "stop" (Dovecot's own shutdown, as an operator would) or "kill"
 * (at once, for cleanup). */
static void
stop_server(const char *how)
{
	char *out;

	if (!server_dir)
		return;
	out = run_script(NULL, how, server_dir, NULL);
	g_free(out);
}

static void
set_url(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void
set_url(const char *fmt, ...)
{
	va_list ap;

	g_free(config->mailbox.imap_url);
	va_start(ap, fmt);
	config->mailbox.imap_url = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

static void
use_ca(bool yes)
{
	g_free(config->mailbox.ca_file);
	config->mailbox.ca_file = yes ? g_strdup(ca_file) : NULL;
}

static void
setup(void)
{
	mp_log_init(false);
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	if (geteuid() != 0 || !g_file_test("/usr/sbin/dovecot", G_FILE_TEST_IS_EXECUTABLE))
		cr_skip_test("needs root and /usr/sbin/dovecot (dovecot-imapd)");
	tmpdir = g_dir_make_tmp("test_imap-XXXXXX", NULL);
	cr_assert_not_null(tmpdir);
	config = g_new0(struct mp_config, 1);
	config->mailbox.user = g_strdup("ssl");
	config->mailbox.processed_folder = g_strdup("Processed");
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
	stop_server("kill");
	if (tmpdir)
		remove_tree(tmpdir);
	g_free(tmpdir);
	g_free(server_dir);
	g_free(ca_file);
	if (config) {
		g_free(config->mailbox.imap_url);
		g_free(config->mailbox.user);
		g_free(config->mailbox.ca_file);
		g_free(config->mailbox.processed_folder);
		g_free(config);
	}
}

TestSuite(mp_imap, .init = setup, .fini = teardown, .timeout = 60);

/* ---- helpers ---------------------------------------------------------------- */

static char *
read_log(void)
{
	char *path = g_build_filename(server_dir, "dovecot.log", NULL), *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		text = g_strdup("");
	g_free(path);
	return text;
}

static unsigned
count_in(const char *text, const char *needle)
{
	unsigned n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Wait until Dovecot's log shows needle at least n times (its log process
 * writes a moment later); returns the count seen. */
static unsigned
wait_log(const char *needle, unsigned n)
{
	unsigned seen = 0;

	for (int i = 0; i < 100; i++) {
		char *text = read_log();

		seen = count_in(text, needle);
		g_free(text);
		if (seen >= n)
			break;
		g_usleep(30 * 1000);
	}
	return seen;
}

/* Messages in a Maildir folder ("INBOX" or a subfolder), in cur and new. */
static unsigned
maildir_count(const char *folder, const char *name_part)
{
	const char *sub[] = { "cur", "new" };
	unsigned n = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(sub); i++) {
		char *dot = g_strconcat(".", folder, NULL);
		char *path = strcmp(folder, "INBOX") == 0
				     ? g_build_filename(server_dir, "home", "ssl", "Maildir", sub[i], NULL)
				     : g_build_filename(server_dir, "home", "ssl", "Maildir", dot, sub[i], NULL);
		GDir *dir = g_dir_open(path, 0, NULL);
		const char *name;

		while (dir && (name = g_dir_read_name(dir)))
			if (!name_part || strstr(name, name_part))
				n++;
		if (dir)
			g_dir_close(dir);
		g_free(path);
		g_free(dot);
	}
	return n;
}

static const char *const mails[] = {
	"From: customer1@example.jp\r\nTo: ssl@example-hosting.jp\r\nSubject: first\r\n"
	"Message-ID: <1@example.jp>\r\n\r\nHello one.\r\n",
	"From: customer2@example.jp\r\nTo: ssl@example-hosting.jp\r\nSubject: second\r\n"
	"Message-ID: <2@example.jp>\r\n\r\nHello two.\r\nWith two lines.\r\n",
	"From: customer3@example.jp\r\nTo: ssl@example-hosting.jp\r\nSubject: third\r\n"
	"Message-ID: <3@example.jp>\r\n\r\nHello three.\r\n",
};

static void
deliver_mails(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(mails); i++) {
		char *name = g_strdup_printf("mail%zu.eml", i);
		char *path = g_build_filename(tmpdir, name, NULL);
		char *out;

		cr_assert(g_file_set_contents(path, mails[i], -1, NULL));
		out = run_script(NULL, "deliver", server_dir, path);
		g_free(out);
		g_free(path);
		g_free(name);
	}
}

static struct mp_imap *
connect_ok(void)
{
	struct mp_imap *imap = NULL;
	struct mp_error err = { "" };
	enum mp_status status;

	status = mp_imap_connect(config, PASSWORD, &imap, &err);
	cr_assert_eq(status, MP_STATUS_OK, "connect: %s: %s", mp_status_to_string(status), err.text);
	cr_assert_not_null(imap);
	return imap;
}

static uint32_t
select_ok(struct mp_imap *imap, const char *folder)
{
	struct mp_error err = { "" };
	uint32_t uidvalidity = 0;
	enum mp_status status = mp_imap_select(imap, folder, &uidvalidity, &err);

	cr_assert_eq(status, MP_STATUS_OK, "select %s: %s", folder, err.text);
	return uidvalidity;
}

static GArray *
uids_ok(struct mp_imap *imap, uint32_t after)
{
	struct mp_error err = { "" };
	GArray *items = NULL, *uids;
	enum mp_status status = mp_imap_list_after(imap, after, &items, &err);

	cr_assert_eq(status, MP_STATUS_OK, "list_after %u: %s", after, err.text);
	cr_assert_not_null(items);
	uids = g_array_new(FALSE, FALSE, sizeof(guint32));
	for (guint i = 0; i < items->len; i++) {
		const struct mp_imap_item *item = &g_array_index(items, struct mp_imap_item, i);

		cr_expect_gt(item->size, 0, "UID %u has no size", item->uid);
		g_array_append_val(uids, item->uid);
	}
	g_array_free(items, TRUE);
	return uids;
}

/* One mail into its own file, as a batch of one: MP_STATUS_NOT_FOUND (and no
 * file) when the server has no such mail. */
static enum mp_status
fetch_one(struct mp_imap *imap, uint32_t uid, const char *path, size_t *size, struct mp_error *err)
{
	size_t offset = 0;
	bool found = false;
	enum mp_status status = mp_imap_fetch_batch(imap, &uid, 1, path, &offset, size, &found, err);

	if (status == MP_STATUS_OK && !found) {
		unlink(path);
		status = mp_error_set(err, MP_STATUS_NOT_FOUND, "no UID %u", uid);
	}
	return status;
}

static enum mp_status
move_one(struct mp_imap *imap, uint32_t uid, const char *folder, struct mp_error *err)
{
	return mp_imap_move_uids(imap, &uid, 1, folder, err);
}

/* ---- configuration ---------------------------------------------------------- */

Test(mp_imap, bad_urls_are_config_errors)
{
	static const char *const urls[] = {
		"http://127.0.0.1/INBOX",
		"imaps://ssl:secret@127.0.0.1/INBOX",
		"imaps://127.0.0.1/INBOX?tls=none",
		"imap://127.0.0.1/INBOX?tls=maybe",
		"imap://127.0.0.1/INBOX?verify=no",
		"imaps:///INBOX",
		"not a url",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(urls); i++) {
		struct mp_imap *imap = NULL;
		struct mp_error err = { "" };

		set_url("%s", urls[i]);
		cr_expect_eq(mp_imap_connect(config, PASSWORD, &imap, &err), MP_STATUS_CONFIG, "%s: %s", urls[i],
			     err.text);
		cr_expect_null(imap);
		cr_expect(strstr(err.text, "imap_url") != NULL, "%s: %s", urls[i], err.text);
	}
	mp_imap_close(NULL);
}

/* ---- TLS and login ------------------------------------------------------------ */

Test(mp_imap, imaps_with_ca_file_selects_inbox)
{
	struct mp_imap *imap;

	start_server();
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(true);
	imap = connect_ok();
	cr_expect_str_eq(mp_imap_url_folder(imap), "INBOX");
	cr_expect_neq(select_ok(imap, "INBOX"), 0);
	mp_imap_close(imap);
	cr_expect_eq(wait_log("Login: user=<ssl>", 1), 1);
}

Test(mp_imap, url_without_folder_means_inbox)
{
	struct mp_imap *imap;

	start_server();
	set_url("imaps://127.0.0.1:%d", imaps_port);
	use_ca(true);
	imap = connect_ok();
	cr_expect_str_eq(mp_imap_url_folder(imap), "INBOX");
	mp_imap_close(imap);
}

Test(mp_imap, unknown_ca_is_refused_before_login)
{
	struct mp_imap *imap = NULL;
	struct mp_error err = { "" };

	start_server();
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(false);
	cr_assert_eq(mp_imap_connect(config, PASSWORD, &imap, &err), MP_STATUS_UNAVAILABLE, "%s", err.text);
	cr_assert_null(imap);
	cr_expect(strstr(err.text, "certificate") != NULL, "%s", err.text);

	/* Then a good login: once the log shows it, it shows everything before. */
	use_ca(true);
	imap = connect_ok();
	mp_imap_close(imap);
	cr_expect_eq(wait_log("Login: user=<ssl>", 1), 1, "the refused connection logged in too");
	cr_expect_eq(wait_log("auth failed", 0), 0);
}

/* System roots as OpenSSL's defaults name them: a bundle in SSL_CERT_FILE
 * is asked when the hashed directory and ca_file cannot vouch; a directory
 * in SSL_CERT_DIR without the issuer leaves the server refused. */
Test(mp_imap, system_roots_from_ssl_cert_file)
{
	struct mp_imap *imap = NULL;
	struct mp_error err = { "" };
	char *empty_dir = g_build_filename(tmpdir, "no-roots", NULL);

	start_server();
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(false);
	g_mkdir(empty_dir, 0700);
	g_setenv("SSL_CERT_DIR", empty_dir, TRUE);
	g_unsetenv("SSL_CERT_FILE");
	cr_assert_eq(mp_imap_connect(config, PASSWORD, &imap, &err), MP_STATUS_UNAVAILABLE, "%s", err.text);
	cr_expect(strstr(err.text, "issuer") != NULL, "%s", err.text);

	g_setenv("SSL_CERT_FILE", ca_file, TRUE);
	imap = connect_ok();
	mp_imap_close(imap);
	g_unsetenv("SSL_CERT_DIR");
	g_unsetenv("SSL_CERT_FILE");
	g_free(empty_dir);
}

Test(mp_imap, starttls_with_ca_file)
{
	struct mp_imap *imap;
	char *log, *line;

	start_server();
	set_url("imap://127.0.0.1:%d/INBOX", imap_port);
	use_ca(true);
	imap = connect_ok();
	cr_expect_neq(select_ok(imap, "INBOX"), 0);
	mp_imap_close(imap);
	cr_assert_eq(wait_log("Login: user=<ssl>", 1), 1);
	log = read_log();
	line = strstr(log, "Login: user=<ssl>");
	cr_assert_not_null(line);
	*strchrnul(line, '\n') = '\0';
	cr_expect(strstr(line, ", TLS") != NULL, "login not over TLS: %s", line);
	g_free(log);
}

Test(mp_imap, starttls_unknown_ca_refused)
{
	struct mp_imap *imap = NULL;
	struct mp_error err = { "" };

	start_server();
	set_url("imap://127.0.0.1:%d/INBOX", imap_port);
	use_ca(false);
	cr_assert_eq(mp_imap_connect(config, PASSWORD, &imap, &err), MP_STATUS_UNAVAILABLE, "%s", err.text);
	cr_expect(strstr(err.text, "certificate") != NULL, "%s", err.text);
}

Test(mp_imap, clear_text_only_when_asked)
{
	struct mp_imap *imap;

	start_server();
	set_url("imap://127.0.0.1:%d/INBOX?tls=none", imap_port);
	use_ca(false);
	imap = connect_ok();
	cr_expect_neq(select_ok(imap, "INBOX"), 0);
	mp_imap_close(imap);
}

Test(mp_imap, certificate_for_another_name_refused)
{
	static const char *const env[] = { "DOVECOT_CERT_SAN", "DNS:mail.example.test", NULL };
	struct mp_imap *imap = NULL;
	struct mp_error err = { "" };

	start_server_env(env);
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(true);
	cr_assert_eq(mp_imap_connect(config, PASSWORD, &imap, &err), MP_STATUS_UNAVAILABLE, "%s", err.text);
	cr_assert_null(imap);
	cr_expect(strstr(err.text, "certificate refused") && strstr(err.text, "mismatch"), "%s", err.text);
	g_usleep(200 * 1000);
	cr_expect_eq(wait_log("Login: user=<ssl>", 0), 0);
}

Test(mp_imap, wrong_password_is_config_error)
{
	struct mp_imap *imap = NULL;
	struct mp_error err = { "" };

	start_server();
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(true);
	cr_assert_eq(mp_imap_connect(config, "wrong-password", &imap, &err), MP_STATUS_CONFIG, "%s", err.text);
	cr_assert_null(imap);
	cr_expect(strstr(err.text, "login refused") != NULL, "%s", err.text);
	cr_expect(strstr(err.text, "wrong-password") == NULL, "the password is in the message: %s", err.text);
}

/* A server without STARTTLS: a few lines of IMAP on a thread. */
struct fake_server {
	int listen_fd;
	bool saw_login;
};

static void *
fake_server_run(void *data)
{
	struct fake_server *fs = data;
	static const char greeting[] = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake ready\r\n";
	char buf[1024];
	size_t have = 0;
	int fd = accept(fs->listen_fd, NULL, NULL);

	if (fd < 0)
		return NULL;
	if (write(fd, greeting, sizeof(greeting) - 1) < 0)
		goto out;
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *eol;

		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		while ((eol = strstr(buf, "\r\n"))) {
			char tag[64] = "", reply[256];
			int len;

			*eol = '\0';
			sscanf(buf, "%63s", tag);
			if (strstr(buf, "LOGIN"))
				fs->saw_login = true;
			if (strstr(buf, "CAPABILITY"))
				len = snprintf(reply, sizeof(reply),
					       "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%s OK done\r\n", tag);
			else
				len = snprintf(reply, sizeof(reply), "%s NO not here\r\n", tag);
			if (write(fd, reply, (size_t)len) < 0)
				goto out;
			have -= (size_t)(eol + 2 - buf);
			memmove(buf, eol + 2, have + 1);
		}
	}
out:
	close(fd);
	return NULL;
}

Test(mp_imap, no_starttls_is_refused)
{
	struct fake_server fs = { .listen_fd = socket(AF_INET, SOCK_STREAM, 0) };
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t addr_len = sizeof(addr);
	struct mp_imap *imap = NULL;
	struct mp_error err = { "" };
	pthread_t thread;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fs.listen_fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	cr_assert_eq(listen(fs.listen_fd, 1), 0);
	cr_assert_eq(getsockname(fs.listen_fd, (struct sockaddr *)&addr, &addr_len), 0);
	cr_assert_eq(pthread_create(&thread, NULL, fake_server_run, &fs), 0);

	set_url("imap://127.0.0.1:%u/INBOX", (unsigned)ntohs(addr.sin_port));
	cr_expect_eq(mp_imap_connect(config, PASSWORD, &imap, &err), MP_STATUS_UNAVAILABLE, "%s", err.text);
	cr_expect_null(imap);
	cr_expect(strstr(err.text, "server offers no STARTTLS") != NULL, "%s", err.text);
	pthread_join(thread, NULL);
	close(fs.listen_fd);
	cr_expect(!fs.saw_login, "LOGIN was sent in clear");
}

Test(mp_imap, nothing_listening_is_unavailable)
{
	struct mp_imap *imap = NULL;
	struct mp_error err = { "" };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t addr_len = sizeof(addr);

	/* A port that was free a moment ago and is closed again. */
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&addr, &addr_len), 0);
	close(fd);
	set_url("imaps://127.0.0.1:%u/INBOX", (unsigned)ntohs(addr.sin_port));
	cr_expect_eq(mp_imap_connect(config, PASSWORD, &imap, &err), MP_STATUS_UNAVAILABLE, "%s", err.text);
	cr_expect_null(imap);
	cr_expect(strstr(err.text, "cannot connect") != NULL, "%s", err.text);
}

/* ---- mailbox ------------------------------------------------------------------- */

Test(mp_imap, uids_after_and_fetch)
{
	struct mp_imap *imap;
	struct mp_error err = { "" };
	GArray *uids;
	bool matched[G_N_ELEMENTS(mails)] = { false };
	uint32_t last;

	start_server();
	deliver_mails();
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(true);
	imap = connect_ok();
	select_ok(imap, "INBOX");

	uids = uids_ok(imap, 0);
	cr_assert_eq(uids->len, 3);
	for (guint i = 1; i < uids->len; i++)
		cr_expect_lt(g_array_index(uids, guint32, i - 1), g_array_index(uids, guint32, i));
	last = g_array_index(uids, guint32, uids->len - 1);

	for (guint i = 0; i < uids->len; i++) {
		char *path = g_strdup_printf("%s/fetched-%u.eml", tmpdir, i);
		char *data = NULL;
		gsize len = 0;
		size_t size = 0;
		struct stat st;
		bool found = false;

		cr_assert_eq(fetch_one(imap, g_array_index(uids, guint32, i), path, &size, &err),
			     MP_STATUS_OK, "%s", err.text);
		cr_assert_eq(stat(path, &st), 0);
		cr_expect_eq(st.st_mode & 0777, 0600);
		cr_assert(g_file_get_contents(path, &data, &len, NULL));
		cr_expect_eq(len, size);
		for (size_t m = 0; m < G_N_ELEMENTS(mails); m++)
			if (len == strlen(mails[m]) && memcmp(data, mails[m], len) == 0) {
				cr_expect(!matched[m]);
				matched[m] = found = true;
			}
		cr_expect(found, "fetched bytes match no delivered mail:\n%s", data);
		g_free(data);
		g_free(path);
	}
	g_array_free(uids, TRUE);

	uids = uids_ok(imap, last);
	cr_expect_eq(uids->len, 0, "UID %u:* gave UID %u", last + 1, uids->len ? g_array_index(uids, guint32, 0) : 0);
	g_array_free(uids, TRUE);
	uids = uids_ok(imap, last + 100);
	cr_expect_eq(uids->len, 0);
	g_array_free(uids, TRUE);
	uids = uids_ok(imap, UINT32_MAX);
	cr_expect_eq(uids->len, 0);
	g_array_free(uids, TRUE);

	/* The whole folder in one command into one file, with a UID that is
	 * not there. */
	{
		uint32_t batch[4];
		size_t offsets[4], sizes[4], end = 0;
		bool found[4];
		char *path = g_strdup_printf("%s/batch.eml", tmpdir), *data = NULL;
		gsize len = 0;

		uids = uids_ok(imap, 0);
		cr_assert_eq(uids->len, 3);
		for (guint i = 0; i < 3; i++)
			batch[i] = g_array_index(uids, guint32, i);
		batch[3] = last + 7;
		cr_assert_eq(mp_imap_fetch_batch(imap, batch, 4, path, offsets, sizes, found, &err), MP_STATUS_OK,
			     "%s", err.text);
		cr_assert(g_file_get_contents(path, &data, &len, NULL));
		for (guint i = 0; i < 4; i++) {
			bool known = false;

			cr_expect_eq(found[i], i < 3, "UID %u", batch[i]);
			if (!found[i])
				continue;
			cr_expect_eq(offsets[i], end, "mail %u follows the one before", i);
			end = offsets[i] + sizes[i];
			for (size_t m = 0; m < G_N_ELEMENTS(mails); m++)
				known |= sizes[i] == strlen(mails[m]) && end <= len &&
					 memcmp(data + offsets[i], mails[m], sizes[i]) == 0;
			cr_expect(known, "mail %u of the batch is not one delivered", i);
		}
		cr_expect_eq(end, len);
		g_free(data);
		g_free(path);
		g_array_free(uids, TRUE);
	}

	/* BODY.PEEK: fetching left the messages unseen. */
	cr_expect_eq(maildir_count("INBOX", ":2,S"), 0);

	{
		char *path = g_strdup_printf("%s/missing.eml", tmpdir);
		size_t size = 1;

		cr_expect_eq(fetch_one(imap, last + 1, path, &size, &err), MP_STATUS_NOT_FOUND, "%s",
			     err.text);
		cr_expect_eq(size, 0);
		cr_expect(!g_file_test(path, G_FILE_TEST_EXISTS));
		g_free(path);
	}
	mp_imap_close(imap);
}

/* A mail of two and a half pieces comes whole, a piece at a time. */
Test(mp_imap, big_mail_fetched_in_pieces)
{
	struct mp_imap *imap;
	struct mp_error err = { "" };
	GString *big = g_string_new("From: customer1@example.jp\r\nTo: ssl@example-hosting.jp\r\n"
				    "Subject: big\r\nMessage-ID: <big@example.jp>\r\n\r\n");
	char *src = g_build_filename(tmpdir, "big.eml", NULL), *path = g_build_filename(tmpdir, "got.eml", NULL);
	char *out, *data = NULL;
	GArray *uids;
	gsize len = 0;
	size_t size = 0;
	bool found = false;
	uint32_t uid;

	start_server();
	for (unsigned line = 0; big->len < MP_IMAP_FETCH_CHUNK * 5 / 2; line++)
		g_string_append_printf(big, "line %07u of a big mail, long enough to fill the pieces quickly.\r\n",
				       line);
	cr_assert(g_file_set_contents(src, big->str, (gssize)big->len, NULL));
	out = run_script(NULL, "deliver", server_dir, src);
	g_free(out);
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(true);
	imap = connect_ok();
	select_ok(imap, "INBOX");
	uids = uids_ok(imap, 0);
	cr_assert_eq(uids->len, 1);
	uid = g_array_index(uids, guint32, 0);
	g_array_free(uids, TRUE);

	cr_assert_eq(mp_imap_fetch_large(imap, uid, path, &size, &found, &err), MP_STATUS_OK, "%s", err.text);
	cr_expect(found);
	cr_assert(g_file_get_contents(path, &data, &len, NULL));
	cr_expect_eq(len, big->len);
	cr_expect_eq(size, big->len);
	cr_expect(len == big->len && memcmp(data, big->str, len) == 0, "the pieces do not make the mail");
	g_free(data);

	cr_assert_eq(mp_imap_fetch_large(imap, uid + 1, path, &size, &found, &err), MP_STATUS_OK, "%s", err.text);
	cr_expect(!found);
	cr_expect(!g_file_test(path, G_FILE_TEST_EXISTS));
	cr_expect_eq(maildir_count("INBOX", ":2,S"), 0, "fetching left it unseen");
	mp_imap_close(imap);
	g_string_free(big, TRUE);
	g_free(src);
	g_free(path);
}

/* Move the first message to Processed (created), the other two to
 * Needs-Staff in one command, and check the folders. */
static void
move_first(void)
{
	struct mp_imap *imap;
	struct mp_error err = { "" };
	GArray *uids;
	uint32_t first;

	deliver_mails();
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(true);
	imap = connect_ok();
	select_ok(imap, "INBOX");
	uids = uids_ok(imap, 0);
	cr_assert_eq(uids->len, 3);
	first = g_array_index(uids, guint32, 0);
	g_array_free(uids, TRUE);

	cr_assert_eq(move_one(imap, first, "Processed", &err), MP_STATUS_OK, "%s", err.text);
	uids = uids_ok(imap, 0);
	cr_expect_eq(uids->len, 2);
	cr_expect_neq(g_array_index(uids, guint32, 0), first);
	g_array_free(uids, TRUE);

	/* Again, as after a crash between MOVE and the database: nothing to do. */
	cr_expect_eq(move_one(imap, first, "Processed", &err), MP_STATUS_OK, "%s", err.text);

	/* The other two in one command, as a run moves a batch. */
	uids = uids_ok(imap, 0);
	cr_assert_eq(uids->len, 2);
	cr_assert_eq(mp_imap_move_uids(imap, (const uint32_t *)uids->data, uids->len, "Needs-Staff", &err),
		     MP_STATUS_OK, "%s", err.text);
	g_array_free(uids, TRUE);
	uids = uids_ok(imap, 0);
	cr_expect_eq(uids->len, 0);
	g_array_free(uids, TRUE);
	cr_expect_eq(mp_imap_move_uids(imap, NULL, 0, "Needs-Staff", &err), MP_STATUS_OK, "%s", err.text);

	select_ok(imap, "Processed");
	uids = uids_ok(imap, 0);
	cr_expect_eq(uids->len, 1);
	g_array_free(uids, TRUE);
	mp_imap_close(imap);

	cr_expect_eq(maildir_count("INBOX", NULL), 0);
	cr_expect_eq(maildir_count("Processed", NULL), 1);
	cr_expect_eq(maildir_count("Needs-Staff", NULL), 2);
}

Test(mp_imap, move_creates_folder)
{
	start_server();
	move_first();
}

Test(mp_imap, move_without_move_uses_uidplus)
{
	static const char *const env[] = { "DOVECOT_IMAP_CAPABILITY", "IMAP4rev1 LITERAL+ UIDPLUS", NULL };

	start_server_env(env);
	move_first();
	/* COPY + UID STORE + UID EXPUNGE, and nothing else went. */
	cr_expect_eq(maildir_count("INBOX", ":2,T"), 0);
}

Test(mp_imap, move_refused_without_move_and_uidplus)
{
	static const char *const env[] = { "DOVECOT_IMAP_CAPABILITY", "IMAP4rev1 LITERAL+", NULL };
	struct mp_imap *imap;
	struct mp_error err = { "" };
	GArray *uids;

	start_server_env(env);
	deliver_mails();
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(true);
	imap = connect_ok();
	select_ok(imap, "INBOX");
	uids = uids_ok(imap, 0);
	cr_assert_eq(uids->len, 3);
	cr_expect_eq(move_one(imap, g_array_index(uids, guint32, 0), "Processed", &err),
		     MP_STATUS_UNAVAILABLE);
	cr_expect(strstr(err.text, "UIDPLUS") != NULL, "%s", err.text);
	g_array_free(uids, TRUE);
	mp_imap_close(imap);
	cr_expect_eq(maildir_count("INBOX", NULL), 3);
}

Test(mp_imap, append_is_seen)
{
	static const char mail[] = "From: ssl@example-hosting.jp\r\nTo: customer1@example.jp\r\n"
				   "Subject: sent copy\r\n\r\nThank you.\r\n";
	struct mp_imap *imap;
	struct mp_error err = { "" };
	GBytes *bytes = g_bytes_new_static(mail, sizeof(mail) - 1);
	GArray *uids;
	char *path, *data = NULL;
	gsize len = 0;
	size_t size = 0;

	start_server();
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(true);
	imap = connect_ok();
	cr_assert_eq(mp_imap_append(imap, "Sent", bytes, &err), MP_STATUS_OK, "%s", err.text);
	cr_expect_eq(maildir_count("Sent", NULL), 1);
	cr_expect_eq(maildir_count("Sent", ":2,S"), 1, "the appended message is not \\Seen");

	select_ok(imap, "Sent");
	uids = uids_ok(imap, 0);
	cr_assert_eq(uids->len, 1);
	path = g_build_filename(tmpdir, "sent.eml", NULL);
	cr_assert_eq(fetch_one(imap, g_array_index(uids, guint32, 0), path, &size, &err),
		     MP_STATUS_OK, "%s", err.text);
	cr_assert(g_file_get_contents(path, &data, &len, NULL));
	cr_expect(len == sizeof(mail) - 1 && memcmp(data, mail, len) == 0);
	g_free(data);
	g_free(path);
	g_array_free(uids, TRUE);
	mp_imap_close(imap);
	g_bytes_unref(bytes);
}

Test(mp_imap, server_gone_mid_session)
{
	struct mp_imap *imap;
	struct mp_error err = { "" };
	GArray *uids = NULL;
	enum mp_status status;
	uint32_t uidvalidity = 0;

	start_server();
	deliver_mails();
	set_url("imaps://127.0.0.1:%d/INBOX", imaps_port);
	use_ca(true);
	imap = connect_ok();
	select_ok(imap, "INBOX");
	stop_server("stop");

	status = mp_imap_list_after(imap, 0, &uids, &err);
	cr_expect(status == MP_STATUS_TEMPFAIL || status == MP_STATUS_UNAVAILABLE, "%s: %s",
		  mp_status_to_string(status), err.text);
	cr_expect_null(uids);
	status = mp_imap_select(imap, "INBOX", &uidvalidity, &err);
	cr_expect_eq(status, MP_STATUS_TEMPFAIL, "%s: %s", mp_status_to_string(status), err.text);
	cr_expect(strstr(err.text, "IMAP connection lost") != NULL, "%s", err.text);
	mp_imap_close(imap);
}
