/* Unit tests of mp_tls_* (mailproc/tls-check.c): HOST[:PORT] splitting and
 * fetching a server's leaf against servers this test runs on 127.0.0.1. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "mailproc.h"
#include "test-pki.h"

static void
setup(void)
{
	mp_log_init(false);
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

TestSuite(mp_tls, .init = setup, .timeout = 30);

/* ---- mp_tls_split_hostport ------------------------------------------------ */

Test(mp_tls, split_accepts_hosts_ports_and_ipv6)
{
	static const struct {
		const char *text, *host, *port;
	} cases[] = {
		{ "www.example.jp", "www.example.jp", "443" },
		{ "www.example.jp:8443", "www.example.jp", "8443" },
		{ "www.example.jp.", "www.example.jp.", "443" },
		{ "localhost:1", "localhost", "1" },
		{ "127.0.0.1", "127.0.0.1", "443" },
		{ "127.0.0.1:65535", "127.0.0.1", "65535" },
		{ "[::1]:8443", "::1", "8443" },
		{ "[::1]", "::1", "443" },
		{ "::1", "::1", "443" },
		{ "2001:db8::10", "2001:db8::10", "443" },
		{ "[2001:db8::10]:443", "2001:db8::10", "443" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *host = NULL, *port = NULL;

		cr_assert(mp_tls_split_hostport(cases[i].text, &host, &port), "%s", cases[i].text);
		cr_expect_str_eq(host, cases[i].host, "%s", cases[i].text);
		cr_expect_str_eq(port, cases[i].port, "%s", cases[i].text);
		g_free(host);
		g_free(port);
	}
}

Test(mp_tls, split_refuses_junk)
{
	static const char *const junk[] = {
		"", "www.example.jp:", ":443", ":", "www.example.jp:0", "www.example.jp:65536",
		"www.example.jp:123456", "www.example.jp:https", "www.example.jp:44a", "www.example.jp:-1",
		"[::1", "[::1]:", "[::1]8443", "[]:443", "[127.0.0.1]:443", "[www.example.jp]:443",
		"::1:8443x", "www example jp", "www.example.jp/path", "user@www.example.jp",
		"https://www.example.jp", "www..example.jp", ".example.jp", "*.example.jp",
		"www.example.jp:443:1",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(junk); i++) {
		char *host = (char *)"x", *port = (char *)"x";

		cr_expect_not(mp_tls_split_hostport(junk[i], &host, &port), "'%s' accepted", junk[i]);
		cr_expect_null(host, "%s", junk[i]);
		cr_expect_null(port, "%s", junk[i]);
	}
}

Test(mp_tls, join_brackets_ipv6)
{
	char *a = mp_tls_join_hostport("www.example.jp", "443");
	char *b = mp_tls_join_hostport("::1", "8443");

	cr_expect_str_eq(a, "www.example.jp:443");
	cr_expect_str_eq(b, "[::1]:8443");
	g_free(a);
	g_free(b);
}

/* ---- servers on 127.0.0.1 ------------------------------------------------- */

/* Server threads write to a client that may have left already (TLS 1.3 sends
 * session tickets after the client's last flight): block SIGPIPE in them, so
 * the write fails with EPIPE there instead of ending the test. The fetch
 * itself is what must cope with SIGPIPE, and it is left alone. */
static void
server_thread_ignores_sigpipe(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/* A listening socket on 127.0.0.1 at a free port. */
static int
listen_loopback(char port[static 8])
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	cr_assert(fd >= 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	cr_assert_eq(listen(fd, 4), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	g_snprintf(port, 8, "%u", (unsigned)ntohs(addr.sin_port));
	return fd;
}

static double
seconds_since(gint64 start)
{
	return (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
}

Test(mp_tls, closed_port_is_unavailable_at_once)
{
	struct mp_error err = { "" };
	GBytes *der = (GBytes *)1;
	char *note = (char *)1;
	char port[8], *want;
	gint64 start;
	int fd;

	/* Bound but never listening: the kernel answers with a reset. */
	{
		struct sockaddr_in addr = { .sin_family = AF_INET };
		socklen_t len = sizeof(addr);

		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		cr_assert_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
		cr_assert_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
		g_snprintf(port, sizeof(port), "%u", (unsigned)ntohs(addr.sin_port));
	}
	start = g_get_monotonic_time();
	cr_assert_eq(mp_tls_fetch_leaf("127.0.0.1", port, "www.example.jp", 5, &der, &note, &err),
		     MP_STATUS_UNAVAILABLE);
	cr_expect_lt(seconds_since(start), 1.0);
	want = g_strdup_printf("127.0.0.1:%s: connection refused", port);
	cr_expect_str_eq(err.text, want);
	cr_expect_null(der);
	cr_expect_null(note);
	cr_expect_eq(ERR_peek_error(), 0UL, "OpenSSL error queue left behind");
	g_free(want);
	close(fd);
}

/* A server that accepts and then says nothing: reads until the client leaves. */
static gpointer
silent_server(gpointer data)
{
	int lfd = GPOINTER_TO_INT(data), fd;
	char buf[512];

	fd = accept(lfd, NULL, NULL);
	if (fd >= 0) {
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	return NULL;
}

Test(mp_tls, silent_server_times_out)
{
	struct mp_error err = { "" };
	GBytes *der = NULL;
	char *note = NULL;
	char port[8], *want;
	int lfd = listen_loopback(port);
	GThread *server = g_thread_new("silent", silent_server, GINT_TO_POINTER(lfd));
	gint64 start = g_get_monotonic_time();
	double took;

	cr_assert_eq(mp_tls_fetch_leaf("127.0.0.1", port, "www.example.jp", 2, &der, &note, &err),
		     MP_STATUS_UNAVAILABLE);
	took = seconds_since(start);
	cr_expect_geq(took, 1.9, "gave up after %.2f s", took);
	cr_expect_lt(took, 3.5, "gave up after %.2f s", took);
	want = g_strdup_printf("127.0.0.1:%s: no TLS handshake within 2 s", port);
	cr_expect_str_eq(err.text, want);
	cr_expect_null(der);
	cr_expect_null(note);
	g_thread_join(server);
	close(lfd);
	g_free(want);
}

/* A server that answers in plain text, as an HTTP port would. */
static gpointer
plain_server(gpointer data)
{
	static const char answer[] = "HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
	int lfd = GPOINTER_TO_INT(data), fd;
	char buf[512];

	server_thread_ignores_sigpipe();
	fd = accept(lfd, NULL, NULL);
	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf)) > 0 && write(fd, answer, sizeof(answer) - 1) < 0)
			perror("write");
		close(fd);
	}
	return NULL;
}

Test(mp_tls, plain_text_server_fails_the_handshake)
{
	struct mp_error err = { "" };
	GBytes *der = NULL;
	char *note = NULL;
	char port[8], *want;
	int lfd = listen_loopback(port);
	GThread *server = g_thread_new("plain", plain_server, GINT_TO_POINTER(lfd));

	cr_assert_eq(mp_tls_fetch_leaf("127.0.0.1", port, "www.example.jp", 5, &der, &note, &err),
		     MP_STATUS_UNAVAILABLE);
	want = g_strdup_printf("127.0.0.1:%s: TLS handshake failed: ", port);
	cr_expect(g_str_has_prefix(err.text, want), "%s", err.text);
	cr_expect_gt(strlen(err.text), strlen(want), "no reason given: %s", err.text);
	cr_expect_null(der);
	cr_expect_eq(ERR_peek_error(), 0UL, "OpenSSL error queue left behind");
	g_thread_join(server);
	close(lfd);
	g_free(want);
}

/* ---- a real TLS server ----------------------------------------------------- */

struct tls_server {
	int lfd;
	SSL_CTX *ctx;
	char sni[256]; /* what the client sent, "" when nothing */
	bool handshake_ok;
};

static int
remember_sni(SSL *ssl, int *alert, void *arg)
{
	struct tls_server *srv = arg;
	const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);

	(void)alert;
	g_strlcpy(srv->sni, name ? name : "", sizeof(srv->sni));
	return SSL_TLSEXT_ERR_OK;
}

static gpointer
tls_server_run(gpointer data)
{
	struct tls_server *srv = data;
	SSL *ssl;
	char buf[64];
	int fd;

	server_thread_ignores_sigpipe();
	fd = accept(srv->lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	ssl = SSL_new(srv->ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_accept(ssl) == 1) {
		srv->handshake_ok = true;
		/* Until the client's close_notify or its leaving. */
		while (SSL_read(ssl, buf, sizeof(buf)) > 0)
			;
	}
	SSL_free(ssl);
	close(fd);
	ERR_clear_error();
	return NULL;
}

/* A self-signed certificate for CN=www.example.jp, valid now. */
static X509 *
self_signed(EVP_PKEY *key)
{
	int64_t now = (int64_t)time(NULL);
	struct tp_spec spec = { .cn = "www.example.jp", .not_before = now - 3600, .not_after = now + 86400 };

	return tp_cert(&spec, key, NULL, NULL);
}

static void
fetch_from_tls_server(const char *sni, const char *want_sni)
{
	struct tls_server srv = { 0 };
	struct mp_error err = { "" };
	EVP_PKEY *key = tp_key();
	X509 *cert;
	GBytes *der = NULL;
	char *note = NULL;
	unsigned char *want = NULL;
	char port[8];
	int want_len;
	GThread *server;

	cert = self_signed(key);
	want_len = i2d_X509(cert, &want);
	cr_assert_gt(want_len, 0);
	srv.ctx = SSL_CTX_new(TLS_server_method());
	cr_assert_not_null(srv.ctx);
	cr_assert(SSL_CTX_use_certificate(srv.ctx, cert));
	cr_assert(SSL_CTX_use_PrivateKey(srv.ctx, key));
	SSL_CTX_set_tlsext_servername_callback(srv.ctx, remember_sni);
	SSL_CTX_set_tlsext_servername_arg(srv.ctx, &srv);
	srv.lfd = listen_loopback(port);
	server = g_thread_new("tls", tls_server_run, &srv);

	cr_assert_eq(mp_tls_fetch_leaf("127.0.0.1", port, sni, 5, &der, &note, &err), MP_STATUS_OK,
		     "%s", err.text);
	g_thread_join(server);
	cr_expect(srv.handshake_ok);
	cr_expect_str_eq(srv.sni, want_sni);
	cr_assert_not_null(der);
	cr_expect_eq(g_bytes_get_size(der), (gsize)want_len);
	cr_expect_eq(memcmp(g_bytes_get_data(der, NULL), want, (size_t)want_len), 0,
		     "the leaf is not the server's certificate");
	cr_assert_not_null(note);
	cr_expect(g_str_has_prefix(note, "TLSv1."), "%s", note);
	/* Self-signed: the note says so, the fetch still succeeds. */
	cr_expect_not_null(strstr(note, "does not verify"), "%s", note);
	cr_expect_eq(ERR_peek_error(), 0UL, "OpenSSL error queue left behind");

	g_bytes_unref(der);
	g_free(note);
	OPENSSL_free(want);
	close(srv.lfd);
	SSL_CTX_free(srv.ctx);
	X509_free(cert);
	EVP_PKEY_free(key);
}

Test(mp_tls, fetches_the_leaf_with_sni)
{
	fetch_from_tls_server("www.example.jp", "www.example.jp");
}

Test(mp_tls, no_sni_for_an_address)
{
	fetch_from_tls_server("127.0.0.1", "");
}

Test(mp_tls, no_sni_for_a_wildcard)
{
	fetch_from_tls_server("*.example.jp", "");
}

Test(mp_tls, no_sni_when_none_given)
{
	fetch_from_tls_server(NULL, "");
}
