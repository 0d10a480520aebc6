/* Fetch the leaf certificate a TLS server serves, for `installed --check`. */
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "mailproc.h"

#define DEFAULT_PORT "443"

/* A DNS name as a server is written on a command line: letters, digits,
 * '-', '_' and dots, no empty label except a final dot. */
static bool
valid_host_name(const char *host)
{
	size_t len = strlen(host), label = 0;
	const char *p;

	if (len == 0 || len > 253)
		return false;
	for (p = host; *p; p++) {
		if (*p == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (g_ascii_isalnum(*p) || *p == '-' || *p == '_') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

static bool
valid_port(const char *port)
{
	unsigned long value = 0;
	const char *p;

	if (!*port || strlen(port) > 5)
		return false;
	for (p = port; *p; p++) {
		if (!g_ascii_isdigit(*p))
			return false;
		value = value * 10 + (unsigned long)(*p - '0');
	}
	return value >= 1 && value <= 65535;
}

static bool
is_ipv6_literal(const char *text)
{
	return strchr(text, ':') && g_hostname_is_ip_address(text);
}

bool
mp_tls_split_hostport(const char *text, char **host, char **port)
{
	char *h = NULL, *p = NULL;
	const char *colon;
	bool ok = false;

	*host = NULL;
	*port = NULL;
	if (!text || !*text)
		goto out;
	if (text[0] == '[') {
		/* "[::1]" or "[::1]:8443": the brackets are what let an IPv6
		 * literal carry a port. */
		const char *close = strchr(text, ']');

		if (!close)
			goto out;
		h = g_strndup(text + 1, (gsize)(close - text - 1));
		if (!is_ipv6_literal(h))
			goto out;
		if (close[1] == '\0')
			p = g_strdup(DEFAULT_PORT);
		else if (close[1] == ':')
			p = g_strdup(close + 2);
		else
			goto out;
	} else if ((colon = strchr(text, ':')) && strchr(colon + 1, ':')) {
		/* Two colons or more: only a bare IPv6 literal, without port. */
		if (!is_ipv6_literal(text))
			goto out;
		h = g_strdup(text);
		p = g_strdup(DEFAULT_PORT);
	} else {
		h = colon ? g_strndup(text, (gsize)(colon - text)) : g_strdup(text);
		p = g_strdup(colon ? colon + 1 : DEFAULT_PORT);
		if (!valid_host_name(h) && !g_hostname_is_ip_address(h))
			goto out;
	}
	if (!valid_port(p))
		goto out;
	ok = true;
out:
	if (ok) {
		*host = h;
		*port = p;
	} else {
		g_free(h);
		g_free(p);
	}
	return ok;
}

char *
mp_tls_join_hostport(const char *host, const char *port)
{
	if (strchr(host, ':'))
		return g_strdup_printf("[%s]:%s", host, port);
	return g_strdup_printf("%s:%s", host, port);
}

/* Milliseconds left until deadline (monotonic microseconds), never below 0. */
static int
remaining_ms(gint64 deadline)
{
	gint64 left = (deadline - g_get_monotonic_time()) / 1000;

	if (left <= 0)
		return 0;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* Wait until fd is ready for events or the deadline passes. Returns 1 when
 * ready, 0 on timeout, -1 with errno on failure. */
static int
wait_fd(int fd, short events, gint64 deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int n;

	do {
		pfd.revents = 0;
		n = poll(&pfd, 1, remaining_ms(deadline));
	} while (n < 0 && errno == EINTR);
	return n;
}

/* strerror in lower case, as it reads after "HOST:PORT: ". */
static char *
errno_text(int error)
{
	char *text = g_strdup(g_strerror(error));

	if (text[0] && g_ascii_isupper(text[0]) && !g_ascii_isupper(text[1]))
		text[0] = g_ascii_tolower(text[0]);
	return text;
}

/* Connect a non-blocking socket to one address. Returns the socket, or -1
 * with the reason in *error (ETIMEDOUT when the deadline passed). */
static int
connect_one(const struct addrinfo *ai, gint64 deadline, int *error)
{
	socklen_t len = sizeof(*error);
	int fd, n;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0) {
		*error = errno;
		return -1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS && errno != EINTR) {
		*error = errno;
		goto fail;
	}
	n = wait_fd(fd, POLLOUT, deadline);
	if (n <= 0) {
		*error = n == 0 ? ETIMEDOUT : errno;
		goto fail;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, error, &len) < 0)
		*error = errno;
	if (*error == 0)
		return fd;
fail:
	close(fd);
	return -1;
}

/* Resolve and connect, trying each address in turn within the deadline. */
static enum mp_status
connect_host(const char *host, const char *port, const char *label, int timeout_seconds,
	     gint64 deadline, int *fd_out, struct mp_error *err)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *list = NULL, *ai;
	enum mp_status status = MP_STATUS_OK;
	int rc, error = 0, fd = -1;
	char *why;

	*fd_out = -1;
	/* The resolver keeps its own timeouts (resolv.conf); a blocked lookup
	 * is not cut short by ours. */
	rc = getaddrinfo(host, port, &hints, &list);
	if (rc != 0) {
		status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "%s: cannot resolve %s: %s", label, host,
				      rc == EAI_SYSTEM ? g_strerror(errno) : gai_strerror(rc));
		goto out;
	}
	for (ai = list; ai && fd < 0; ai = ai->ai_next) {
		if (remaining_ms(deadline) == 0) {
			error = ETIMEDOUT;
			break;
		}
		fd = connect_one(ai, deadline, &error);
	}
	if (fd < 0) {
		if (error == ETIMEDOUT) {
			status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "%s: no connection within %d s",
					      label, timeout_seconds);
		} else {
			why = errno_text(error);
			status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "%s: %s", label, why);
			g_free(why);
		}
		goto out;
	}
	*fd_out = fd;
out:
	if (list)
		freeaddrinfo(list);
	return status;
}

/* Why a handshake step failed, from OpenSSL's error queue or errno. */
static enum mp_status
handshake_failed(int ssl_error, int saved_errno, const char *label, struct mp_error *err)
{
	unsigned long e = ERR_peek_last_error();
	char buf[256];
	char *why;
	enum mp_status status;

	if (e) {
		const char *reason = ERR_reason_error_string(e);

		if (!reason) {
			ERR_error_string_n(e, buf, sizeof(buf));
			reason = buf;
		}
		return mp_error_set(err, MP_STATUS_UNAVAILABLE, "%s: TLS handshake failed: %s", label,
				    reason);
	}
	if (ssl_error == SSL_ERROR_SYSCALL && saved_errno != 0) {
		why = errno_text(saved_errno);
		status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "%s: TLS handshake failed: %s", label, why);
		g_free(why);
		return status;
	}
	return mp_error_set(err, MP_STATUS_UNAVAILABLE,
			    "%s: TLS handshake failed: the server closed the connection", label);
}

/* Whether the server's chain verified against the system's roots (and the
 * name or address we asked for): a note, never a condition. */
static char *
verify_note_text(SSL *ssl, bool trust_loaded)
{
	long result = SSL_get_verify_result(ssl);
	const char *version = SSL_get_version(ssl);

	if (!trust_loaded)
		return g_strdup_printf("%s, the system's trusted roots could not be loaded", version);
	if (result == X509_V_OK)
		return g_strdup_printf("%s, chain verifies against the system's trusted roots", version);
	return g_strdup_printf("%s, chain does not verify against the system's trusted roots (%s)", version,
			       X509_verify_cert_error_string(result));
}

enum mp_status
mp_tls_fetch_leaf(const char *host, const char *port, const char *sni, int timeout_seconds,
		  GBytes **leaf_der, char **verify_note, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	gint64 deadline;
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old_pipe;
	bool pipe_ignored;
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	X509 *leaf = NULL;
	unsigned char *der = NULL, *p;
	bool trust_loaded = false, send_sni;
	char *label = mp_tls_join_hostport(host, port);
	int fd = -1, ret, ssl_error, sys_errno, len, n;

	*leaf_der = NULL;
	if (verify_note)
		*verify_note = NULL;
	if (timeout_seconds < 1)
		timeout_seconds = 1;
	deadline = g_get_monotonic_time() + (gint64)timeout_seconds * G_USEC_PER_SEC;
	/* A server that hangs up mid-handshake must not kill us with SIGPIPE
	 * (OpenSSL writes with write(2)); restored below, as curl does. */
	sigemptyset(&ignore.sa_mask);
	pipe_ignored = sigaction(SIGPIPE, &ignore, &old_pipe) == 0;
	ERR_clear_error();

	status = connect_host(host, port, label, timeout_seconds, deadline, &fd, err);
	if (status != MP_STATUS_OK)
		goto out;

	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)) {
		status = mp_error_set(err, MP_STATUS_CRYPTO, "%s: cannot set up TLS", label);
		goto out;
	}
	/* Trust is only reported: the leaf is compared with the issued
	 * certificate, which is the real check. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	trust_loaded = SSL_CTX_set_default_verify_paths(ctx) == 1;
	ERR_clear_error();
	ssl = SSL_new(ctx);
	if (!ssl || !SSL_set_fd(ssl, fd)) {
		status = mp_error_set(err, MP_STATUS_CRYPTO, "%s: cannot set up TLS", label);
		goto out;
	}
	/* RFC 6066: SNI carries a DNS name, never an address or a wildcard. */
	send_sni = sni && *sni && !g_hostname_is_ip_address(sni) && !strchr(sni, '*');
	if (send_sni && (!SSL_set_tlsext_host_name(ssl, sni) || !SSL_set1_host(ssl, sni))) {
		status = mp_error_set(err, MP_STATUS_CRYPTO, "%s: cannot set the server name %s", label, sni);
		goto out;
	}
	if (sni && *sni && g_hostname_is_ip_address(sni))
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), sni);

	for (;;) {
		ERR_clear_error();
		errno = 0;
		ret = SSL_connect(ssl);
		if (ret == 1)
			break;
		sys_errno = errno;
		ssl_error = SSL_get_error(ssl, ret);
		if (ssl_error != SSL_ERROR_WANT_READ && ssl_error != SSL_ERROR_WANT_WRITE) {
			status = handshake_failed(ssl_error, sys_errno, label, err);
			goto out;
		}
		n = wait_fd(fd, ssl_error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline);
		if (n == 0) {
			status = mp_error_set(err, MP_STATUS_UNAVAILABLE,
					      "%s: no TLS handshake within %d s", label, timeout_seconds);
			goto out;
		}
		if (n < 0) {
			char *why = errno_text(errno);

			status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "%s: %s", label, why);
			g_free(why);
			goto out;
		}
	}

	leaf = SSL_get1_peer_certificate(ssl);
	if (!leaf) {
		status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "%s: the server presented no certificate",
				      label);
		goto out;
	}
	len = i2d_X509(leaf, NULL);
	if (len <= 0) {
		status = mp_error_set(err, MP_STATUS_CRYPTO, "%s: cannot encode the server's certificate",
				      label);
		goto out;
	}
	der = g_malloc((gsize)len);
	p = der;
	if (i2d_X509(leaf, &p) != len) {
		status = mp_error_set(err, MP_STATUS_CRYPTO, "%s: cannot encode the server's certificate",
				      label);
		goto out;
	}
	*leaf_der = g_bytes_new_take(der, (gsize)len);
	der = NULL;
	if (verify_note)
		*verify_note = verify_note_text(ssl, trust_loaded);
	/* Say goodbye (close_notify) without waiting for the server's. */
	SSL_shutdown(ssl);
out:
	X509_free(leaf);
	g_free(der);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	if (fd >= 0)
		close(fd);
	ERR_clear_error();
	if (pipe_ignored)
		sigaction(SIGPIPE, &old_pipe, NULL);
	g_free(label);
	return status;
}
