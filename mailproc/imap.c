/* The renewal mailbox over IMAP with libetpan; the server's chain is checked with OpenSSL before LOGIN. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libetpan/libetpan.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "mailproc.h"

/* Seconds any single network wait may take (connect, TLS handshake, one
 * read or write): a server that hangs ends the run instead of holding it. */
#ifndef MP_IMAP_TIMEOUT_SECONDS
#define MP_IMAP_TIMEOUT_SECONDS 60
#endif

#define DEFAULT_IMAP_PORT 143
#define DEFAULT_IMAPS_PORT 993
#define DEFAULT_FOLDER "INBOX"

enum imap_security {
	IMAP_IMPLICIT_TLS, /* imaps:// */
	IMAP_STARTTLS,     /* imap:// */
	IMAP_CLEAR,        /* imap://...?tls=none */
};

struct mp_imap {
	mailimap *imap;
	char *host;
	uint16_t port;
	char *folder;            /* from the URL */
	bool lost;               /* the stream broke: every later call is TEMPFAIL */
	bool caps_known;
	bool has_move;
	bool has_uidplus;
	GHashTable *ensured;     /* folders CREATEd (or found) this session */
};

/* libetpan writes with send(..., 0) and GnuTLS without MSG_NOSIGNAL: a
 * server that went away would kill the process with SIGPIPE. Ignore it while
 * libetpan works and put back whatever the program had. */
static void
sigpipe_ignore(struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, old);
}

static void
sigpipe_restore(const struct sigaction *old)
{
	sigaction(SIGPIPE, old, NULL);
}

/* The server's last words, made safe for a log line: printable ASCII, short. */
static void
server_text(const struct mp_imap *m, char *buf, size_t size)
{
	const char *text = m && m->imap ? m->imap->imap_response : NULL;
	size_t i, n = 0;

	if (!text || !*text)
		text = "no reason given";
	for (i = 0; text[i] && n + 1 < size && n < 200; i++)
		buf[n++] = g_ascii_isprint(text[i]) ? text[i] : '?';
	buf[n] = '\0';
}

static bool
stream_broken(int r)
{
	return r == MAILIMAP_ERROR_STREAM || r == MAILIMAP_ERROR_FATAL || r == MAILIMAP_ERROR_PARSE ||
	       r == MAILIMAP_ERROR_SSL;
}

/* Turn a libetpan failure of command what into the project's status. A
 * broken stream is TEMPFAIL (the next run tries again); a refusal by the
 * server is UNAVAILABLE with its words. */
static enum mp_status
imap_fail(struct mp_imap *m, int r, const char *what, struct mp_error *err)
{
	char text[256];

	if (stream_broken(r)) {
		m->lost = true;
		return mp_error_set(err, MP_STATUS_TEMPFAIL, "IMAP connection lost (%s:%u, %s%s)", m->host,
				    (unsigned)m->port, what,
				    r == MAILIMAP_ERROR_PARSE ? ": response not understood" : "");
	}
	if (r == MAILIMAP_ERROR_MEMORY)
		return mp_error_set(err, MP_STATUS_UNAVAILABLE, "IMAP %s: out of memory", what);
	if (r == MAILIMAP_ERROR_BAD_STATE)
		return mp_error_set(err, MP_STATUS_UNAVAILABLE, "IMAP %s: not possible in this state", what);
	server_text(m, text, sizeof(text));
	return mp_error_set(err, MP_STATUS_UNAVAILABLE, "IMAP %s refused by %s: %s", what, m->host, text);
}

static enum mp_status
check_alive(const struct mp_imap *m, struct mp_error *err)
{
	if (!m || !m->imap)
		return mp_error_set(err, MP_STATUS_UNAVAILABLE, "IMAP: not connected");
	if (m->lost)
		return mp_error_set(err, MP_STATUS_TEMPFAIL, "IMAP connection lost (%s:%u)", m->host,
				    (unsigned)m->port);
	return MP_STATUS_OK;
}

/* Folder names go to the server as they are: modified UTF-7 is not done
 * here, so only printable ASCII is accepted. */
static enum mp_status
check_folder(const char *folder, struct mp_error *err)
{
	const char *p;

	if (!folder || !*folder)
		return mp_error_set(err, MP_STATUS_CONFIG, "IMAP folder name is empty");
	for (p = folder; *p; p++)
		if (!g_ascii_isprint(*p) || *p == '&')
			return mp_error_set(err, MP_STATUS_CONFIG,
					    "IMAP folder name \"%s\": only printable ASCII without '&' is supported",
					    folder);
	return MP_STATUS_OK;
}

/* ---- URL ------------------------------------------------------------------ */

struct imap_url {
	char *host;
	uint16_t port;
	char *folder;
	enum imap_security security;
};

static void
imap_url_clear(struct imap_url *u)
{
	g_free(u->host);
	g_free(u->folder);
	memset(u, 0, sizeof(*u));
}

static enum mp_status
parse_url(const char *text, struct imap_url *u, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_CONFIG;
	GError *gerr = NULL;
	GUri *uri = NULL;
	GHashTable *params = NULL;
	const char *scheme, *path, *query;
	int port;

	memset(u, 0, sizeof(*u));
	if (!text || !*text) {
		mp_error_set(err, status, "[mailbox] imap_url: missing");
		goto out;
	}
	uri = g_uri_parse(text, G_URI_FLAGS_NONE, &gerr);
	if (!uri) {
		mp_error_set(err, status, "[mailbox] imap_url: %s", gerr->message);
		goto out;
	}
	scheme = g_uri_get_scheme(uri);
	if (g_ascii_strcasecmp(scheme, "imaps") == 0) {
		u->security = IMAP_IMPLICIT_TLS;
	} else if (g_ascii_strcasecmp(scheme, "imap") == 0) {
		u->security = IMAP_STARTTLS;
	} else {
		mp_error_set(err, status, "[mailbox] imap_url: scheme must be imaps:// or imap://, not %s://",
			     scheme);
		goto out;
	}
	if (g_uri_get_userinfo(uri)) {
		/* A password there would end up in logs and `ps`; the user has
		 * its own key. */
		mp_error_set(err, status,
			     "[mailbox] imap_url: no user or password in the URL (use [mailbox] user, and "
			     "password_file or MAILPROC_IMAP_PASSWORD)");
		goto out;
	}
	if (!g_uri_get_host(uri) || !*g_uri_get_host(uri)) {
		mp_error_set(err, status, "[mailbox] imap_url: no host");
		goto out;
	}
	u->host = g_strdup(g_uri_get_host(uri));
	port = g_uri_get_port(uri);
	if (port == -1)
		port = u->security == IMAP_IMPLICIT_TLS ? DEFAULT_IMAPS_PORT : DEFAULT_IMAP_PORT;
	if (port < 1 || port > 65535) {
		mp_error_set(err, status, "[mailbox] imap_url: bad port");
		goto out;
	}
	u->port = (uint16_t)port;

	path = g_uri_get_path(uri);
	while (path && *path == '/')
		path++;
	u->folder = g_strdup(path && *path ? path : DEFAULT_FOLDER);
	if (check_folder(u->folder, err) != MP_STATUS_OK)
		goto out;

	query = g_uri_get_query(uri);
	if (query && *query) {
		GHashTableIter it;
		gpointer key, value;

		params = g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, &gerr);
		if (!params) {
			mp_error_set(err, status, "[mailbox] imap_url: %s", gerr->message);
			goto out;
		}
		g_hash_table_iter_init(&it, params);
		while (g_hash_table_iter_next(&it, &key, &value)) {
			if (strcmp(key, "tls") != 0) {
				mp_error_set(err, status, "[mailbox] imap_url: unknown parameter \"%s\"",
					     (const char *)key);
				goto out;
			}
			if (strcmp(value, "none") == 0 && u->security == IMAP_STARTTLS) {
				u->security = IMAP_CLEAR;
			} else if (strcmp(value, "starttls") == 0 && u->security == IMAP_STARTTLS) {
				/* the default, said out loud */
			} else {
				mp_error_set(err, status,
					     "[mailbox] imap_url: tls=%s does not go with %s:// (tls=none and "
					     "tls=starttls are for imap://)",
					     (const char *)value, scheme);
				goto out;
			}
		}
	}
	status = MP_STATUS_OK;
out:
	if (status != MP_STATUS_OK)
		imap_url_clear(u);
	if (params)
		g_hash_table_unref(params);
	if (uri)
		g_uri_unref(uri);
	g_clear_error(&gerr);
	return status;
}

/* ---- TLS ------------------------------------------------------------------ */

/* SNI for a name; an IP literal is not sent (RFC 6066). */
static void
set_sni(struct mailstream_ssl_context *ssl_context, void *data)
{
	const char *host = data;

	if (host && !g_hostname_is_ip_address(host))
		mailstream_ssl_set_server_name(ssl_context, (char *)host);
}

/* The system roots, as OpenSSL's defaults name them (SSL_CERT_DIR and
 * SSL_CERT_FILE override them, as for X509_STORE_set_default_paths): the
 * hashed directory is read lazily, only the issuer needed; the bundle file
 * (SSL_CERT_FILE, else OpenSSL's default one) is read whole (140 roots:
 * about 14 ms), so it is asked only when the directory and ca_file cannot
 * vouch (bundle_file). */
static void
load_system_dir(X509_STORE *store)
{
	const char *dir = g_getenv(X509_get_default_cert_dir_env());

	X509_STORE_load_path(store, dir && *dir ? dir : X509_get_default_cert_dir());
}

static const char *
bundle_file(void)
{
	const char *file = g_getenv(X509_get_default_cert_file_env());

	if (!file || !*file)
		file = X509_get_default_cert_file();
	return g_file_test(file, G_FILE_TEST_IS_REGULAR) ? file : NULL;
}

/* Whether a verification failed for want of a trusted issuer. */
static bool
issuer_missing(int e)
{
	return e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY || e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
	       e == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN || e == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
}

/* Verify leaf (with the server's other certificates) against store, for
 * host. 1: trusted; 0: refused, *error says why; -1: OpenSSL failed (err). */
static int
verify_with(X509_STORE *store, X509 *leaf, STACK_OF(X509) *untrusted, const char *host, int *error,
	    struct mp_error *err)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	X509_VERIFY_PARAM *param;
	int r = -1;

	if (!ctx || X509_STORE_CTX_init(ctx, store, leaf, untrusted) != 1) {
		mp_error_set(err, MP_STATUS_CRYPTO, "IMAP: OpenSSL cannot set up verification");
		goto out;
	}
	X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
	param = X509_STORE_CTX_get0_param(ctx);
	if (g_hostname_is_ip_address(host)) {
		if (X509_VERIFY_PARAM_set1_ip_asc(param, host) != 1) {
			mp_error_set(err, MP_STATUS_CRYPTO, "IMAP: OpenSSL refuses the address %s", host);
			goto out;
		}
	} else {
		X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		if (X509_VERIFY_PARAM_set1_host(param, host, 0) != 1) {
			mp_error_set(err, MP_STATUS_CRYPTO, "IMAP: OpenSSL refuses the name %s", host);
			goto out;
		}
	}
	r = X509_verify_cert(ctx) == 1;
	*error = X509_STORE_CTX_get_error(ctx);
out:
	X509_STORE_CTX_free(ctx);
	return r;
}

/* libetpan's TLS (GnuTLS here) takes any certificate: verify the chain the
 * server sent, and the name we dialled, with OpenSSL. */
static enum mp_status
verify_server(mailimap *imap, const char *host, const char *ca_file, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_UNAVAILABLE;
	carray *chain = NULL;
	X509 *leaf = NULL;
	STACK_OF(X509) *untrusted = NULL;
	X509_STORE *store = NULL;
	unsigned i;
	int r, error = 0;

	ERR_clear_error();
	chain = mailstream_get_certificate_chain(imap->imap_stream);
	if (!chain || carray_count(chain) == 0) {
		mp_error_set(err, status, "IMAP server certificate refused: the server sent none");
		goto out;
	}
	untrusted = sk_X509_new_null();
	if (!untrusted) {
		mp_error_set(err, MP_STATUS_CRYPTO, "IMAP: OpenSSL: out of memory");
		goto out;
	}
	for (i = 0; i < carray_count(chain); i++) {
		MMAPString *der = carray_get(chain, i);
		const unsigned char *p = (const unsigned char *)der->str;
		X509 *x = der->len <= LONG_MAX ? d2i_X509(NULL, &p, (long)der->len) : NULL;

		if (!x) {
			mp_error_set(err, status, "IMAP server certificate refused: certificate %u unreadable", i);
			goto out;
		}
		if (i == 0) {
			leaf = x;
		} else if (!sk_X509_push(untrusted, x)) {
			X509_free(x);
			mp_error_set(err, MP_STATUS_CRYPTO, "IMAP: OpenSSL: out of memory");
			goto out;
		}
	}

	store = X509_STORE_new();
	if (!store) {
		mp_error_set(err, MP_STATUS_CRYPTO, "IMAP: OpenSSL: out of memory");
		goto out;
	}
	/* Without system roots only ca_file can vouch: no reason to stop here. */
	load_system_dir(store);
	ERR_clear_error();
	if (ca_file && *ca_file && X509_STORE_load_file(store, ca_file) != 1) {
		unsigned long e = ERR_peek_last_error();

		mp_error_set(err, MP_STATUS_CONFIG, "[mailbox] ca_file %s: cannot be loaded: %s", ca_file,
			     e ? ERR_reason_error_string(e) : "no certificate in it");
		goto out;
	}
	r = verify_with(store, leaf, untrusted, host, &error, err);
	if (r == 0 && issuer_missing(error) && bundle_file()) {
		X509_STORE_load_file(store, bundle_file());
		r = verify_with(store, leaf, untrusted, host, &error, err);
	}
	if (r < 0)
		goto out;
	if (r == 0) {
		mp_error_set(err, MP_STATUS_UNAVAILABLE, "IMAP server certificate refused: %s (%s)",
			     X509_verify_cert_error_string(error), host);
		goto out;
	}
	status = MP_STATUS_OK;
out:
	X509_STORE_free(store);
	sk_X509_pop_free(untrusted, X509_free);
	X509_free(leaf);
	if (chain)
		mailstream_certificate_chain_free(chain);
	ERR_clear_error();
	return status;
}

/* Is name among the capabilities of the last CAPABILITY answer? */
static bool
has_capability(mailimap *imap, const char *name)
{
	struct mailimap_capability_data *caps;
	clistiter *cur;

	if (!imap->imap_connection_info || !(caps = imap->imap_connection_info->imap_capability))
		return false;
	for (cur = clist_begin(caps->cap_list); cur; cur = clist_next(cur)) {
		struct mailimap_capability *cap = clist_content(cur);

		if (cap->cap_type == MAILIMAP_CAPABILITY_NAME && cap->cap_data.cap_name &&
		    g_ascii_strcasecmp(cap->cap_data.cap_name, name) == 0)
			return true;
	}
	return false;
}

/* Ask for CAPABILITY afresh (STARTTLS and LOGIN change the list). */
static int
refresh_capabilities(mailimap *imap)
{
	struct mailimap_capability_data *caps = NULL;
	int r;

	r = mailimap_capability(imap, &caps);
	if (caps)
		mailimap_capability_data_free(caps);
	return r;
}

static void
set_stream_timeout(mailimap *imap)
{
	if (imap->imap_stream)
		mailstream_low_set_timeout(mailstream_get_low(imap->imap_stream), MP_IMAP_TIMEOUT_SECONDS);
}

/* ---- public --------------------------------------------------------------- */

const char *
mp_imap_url_folder(const struct mp_imap *imap)
{
	return imap ? imap->folder : NULL;
}

enum mp_status
mp_imap_connect(const struct mp_config *config, const char *password, struct mp_imap **out,
		struct mp_error *err)
{
	enum mp_status status;
	struct imap_url url;
	struct mp_imap *m = NULL;
	struct sigaction old_pipe;
	const char *user = config->mailbox.user;
	const char *mode = "";
	char text[256];
	int r;

	*out = NULL;
	sigpipe_ignore(&old_pipe);
	status = parse_url(config->mailbox.imap_url, &url, err);
	if (status != MP_STATUS_OK)
		goto out;
	if (!user || !*user) {
		status = mp_error_set(err, MP_STATUS_CONFIG, "[mailbox] user: missing");
		goto out;
	}
	if (!password) {
		status = mp_error_set(err, MP_STATUS_CONFIG,
				      "no IMAP password ([mailbox] password_file or MAILPROC_IMAP_PASSWORD)");
		goto out;
	}

	m = g_new0(struct mp_imap, 1);
	m->host = g_steal_pointer(&url.host);
	m->port = url.port;
	m->folder = g_steal_pointer(&url.folder);
	m->ensured = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	/* Older code paths in libetpan (STARTTLS) read the global delay, newer
	 * ones the session's timeout: set both. */
	mailstream_network_delay.tv_sec = MP_IMAP_TIMEOUT_SECONDS;
	mailstream_network_delay.tv_usec = 0;
	m->imap = mailimap_new(0, NULL);
	if (!m->imap) {
		status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "IMAP: out of memory");
		goto out;
	}
	mailimap_set_timeout(m->imap, MP_IMAP_TIMEOUT_SECONDS);

	if (url.security == IMAP_IMPLICIT_TLS) {
		mode = "tls";
		r = mailimap_ssl_connect_with_callback(m->imap, m->host, m->port, set_sni, m->host);
	} else {
		mode = url.security == IMAP_STARTTLS ? "starttls" : "none";
		r = mailimap_socket_connect(m->imap, m->host, m->port);
	}
	if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED && r != MAILIMAP_NO_ERROR_AUTHENTICATED) {
		const char *why = r == MAILIMAP_ERROR_CONNECTION_REFUSED ? "no connection"
				  : r == MAILIMAP_ERROR_SSL		 ? "TLS handshake failed"
				  : r == MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION ? "the server turned us away"
									       : "no IMAP greeting";

		status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "cannot connect to IMAP server %s:%u: %s",
				      m->host, (unsigned)m->port, why);
		goto out;
	}
	set_stream_timeout(m->imap);
	if (r == MAILIMAP_NO_ERROR_AUTHENTICATED) {
		/* PREAUTH before TLS would let a man in the middle skip it. */
		status = mp_error_set(err, MP_STATUS_UNAVAILABLE,
				      "IMAP server %s:%u greets with PREAUTH; mailproc logs in itself", m->host,
				      (unsigned)m->port);
		goto out;
	}

	if (url.security == IMAP_STARTTLS) {
		r = refresh_capabilities(m->imap);
		if (r != MAILIMAP_NO_ERROR) {
			status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "IMAP server %s:%u: CAPABILITY failed",
					      m->host, (unsigned)m->port);
			goto out;
		}
		if (!has_capability(m->imap, "STARTTLS")) {
			status = mp_error_set(err, MP_STATUS_UNAVAILABLE,
					      "IMAP server %s:%u: server offers no STARTTLS (add ?tls=none to "
					      "imap_url only for a server on this machine)",
					      m->host, (unsigned)m->port);
			goto out;
		}
		r = mailimap_socket_starttls_with_callback(m->imap, set_sni, m->host);
		if (r != MAILIMAP_NO_ERROR) {
			status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "IMAP server %s:%u: STARTTLS failed",
					      m->host, (unsigned)m->port);
			goto out;
		}
		set_stream_timeout(m->imap);
	}

	if (url.security != IMAP_CLEAR) {
		status = verify_server(m->imap, m->host, config->mailbox.ca_file, err);
		if (status != MP_STATUS_OK)
			goto out;
	} else {
		g_warning("imap=insecure server=%s:%u tls=none why=\"the password goes over the network in clear\"",
			  m->host, (unsigned)m->port);
	}

	r = mailimap_login(m->imap, user, password);
	if (r != MAILIMAP_NO_ERROR) {
		if (stream_broken(r)) {
			status = imap_fail(m, r, "LOGIN", err);
			goto out;
		}
		server_text(m, text, sizeof(text));
		status = mp_error_set(err, MP_STATUS_CONFIG, "IMAP login refused for user %s at %s:%u: %s", user,
				      m->host, (unsigned)m->port, text);
		goto out;
	}
	g_message("imap=login server=%s:%u tls=%s user=%s", m->host, (unsigned)m->port, mode, user);
	*out = g_steal_pointer(&m);
	status = MP_STATUS_OK;
out:
	imap_url_clear(&url);
	if (m) {
		/* Never reached LOGIN or it failed: no LOGOUT dialogue, just close. */
		m->lost = true;
		mp_imap_close(m);
	}
	sigpipe_restore(&old_pipe);
	return status;
}

void
mp_imap_close(struct mp_imap *imap)
{
	struct sigaction old_pipe;

	if (!imap)
		return;
	sigpipe_ignore(&old_pipe);
	if (imap->imap) {
		if (!imap->lost)
			mailimap_logout(imap->imap);
		mailimap_free(imap->imap);
	}
	sigpipe_restore(&old_pipe);
	if (imap->ensured)
		g_hash_table_destroy(imap->ensured);
	g_free(imap->host);
	g_free(imap->folder);
	g_free(imap);
}

enum mp_status
mp_imap_select(struct mp_imap *imap, const char *folder, uint32_t *uidvalidity, struct mp_error *err)
{
	enum mp_status status;
	struct sigaction old_pipe;
	int r;

	*uidvalidity = 0;
	if ((status = check_alive(imap, err)) != MP_STATUS_OK)
		return status;
	if ((status = check_folder(folder, err)) != MP_STATUS_OK)
		return status;
	sigpipe_ignore(&old_pipe);
	r = mailimap_select(imap->imap, folder);
	if (r != MAILIMAP_NO_ERROR) {
		char what[300];

		snprintf(what, sizeof(what), "SELECT %s", folder);
		status = imap_fail(imap, r, what, err);
		goto out;
	}
	if (!imap->imap->imap_selection_info || imap->imap->imap_selection_info->sel_uidvalidity == 0) {
		status = mp_error_set(err, MP_STATUS_UNAVAILABLE, "IMAP SELECT %s: the server gave no UIDVALIDITY",
				      folder);
		goto out;
	}
	*uidvalidity = imap->imap->imap_selection_info->sel_uidvalidity;
	g_debug("imap=select folder=%s uidvalidity=%" PRIu32 " exists=%" PRIu32, folder, *uidvalidity,
		imap->imap->imap_selection_info->sel_exists);
out:
	sigpipe_restore(&old_pipe);
	return status;
}

static gint
compare_item(gconstpointer a, gconstpointer b)
{
	uint32_t x = ((const struct mp_imap_item *)a)->uid, y = ((const struct mp_imap_item *)b)->uid;

	return x < y ? -1 : x > y;
}

/* A UID set for the server: runs of consecutive UIDs become ranges, so a
 * batch of new mail usually goes as "first:last". uids ascending. */
static struct mailimap_set *
uid_set(const uint32_t *uids, guint n)
{
	struct mailimap_set *set = mailimap_set_new_empty();

	for (guint i = 0; set && i < n;) {
		guint j = i;

		while (j + 1 < n && uids[j + 1] == uids[j] + 1)
			j++;
		if (mailimap_set_add_interval(set, uids[i], uids[j]) != MAILIMAP_NO_ERROR) {
			mailimap_set_free(set);
			return NULL;
		}
		i = j + 1;
	}
	return set;
}

/* The UID and, when asked for, the RFC822.SIZE or BODY[] of one FETCH line. */
static void
fetched_item(const struct mailimap_msg_att *att, uint32_t *uid, uint32_t *size,
	     const struct mailimap_msg_att_body_section **body)
{
	*uid = 0;
	*size = 0;
	*body = NULL;
	for (clistiter *cur = clist_begin(att->att_list); cur; cur = clist_next(cur)) {
		const struct mailimap_msg_att_item *item = clist_content(cur);
		const struct mailimap_msg_att_static *s;

		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC || !item->att_data.att_static)
			continue;
		s = item->att_data.att_static;
		if (s->att_type == MAILIMAP_MSG_ATT_UID)
			*uid = s->att_data.att_uid;
		else if (s->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE)
			*size = s->att_data.att_rfc822_size;
		else if (s->att_type == MAILIMAP_MSG_ATT_BODY_SECTION && s->att_data.att_body_section &&
			 s->att_data.att_body_section->sec_body_part)
			*body = s->att_data.att_body_section;
	}
}

/* UID FETCH set with the attributes given (UID is always asked for); with
 * part_len, only that many octets of the body from part_offset on. */
static int
uid_fetch(struct mp_imap *imap, struct mailimap_set *set, bool size, bool body, uint32_t part_offset,
	  uint32_t part_len, clist **fetched)
{
	struct mailimap_fetch_type *type = mailimap_fetch_type_new_fetch_att_list_empty();
	struct sigaction old_pipe;
	int r;

	*fetched = NULL;
	if (!type)
		return MAILIMAP_ERROR_MEMORY;
	mailimap_fetch_type_new_fetch_att_list_add(type, mailimap_fetch_att_new_uid());
	if (size)
		mailimap_fetch_type_new_fetch_att_list_add(type, mailimap_fetch_att_new_rfc822_size());
	if (body && part_len)
		mailimap_fetch_type_new_fetch_att_list_add(
			type, mailimap_fetch_att_new_body_peek_section_partial(mailimap_section_new(NULL), part_offset,
									       part_len));
	else if (body)
		mailimap_fetch_type_new_fetch_att_list_add(
			type, mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL)));
	sigpipe_ignore(&old_pipe);
	r = mailimap_uid_fetch(imap->imap, set, type, fetched);
	sigpipe_restore(&old_pipe);
	mailimap_fetch_type_free(type);
	return r;
}

enum mp_status
mp_imap_list_after(struct mp_imap *imap, uint32_t after, GArray **items, struct mp_error *err)
{
	enum mp_status status;
	struct mailimap_set *set;
	clist *fetched = NULL;
	GArray *found;
	int r;

	*items = NULL;
	if ((status = check_alive(imap, err)) != MP_STATUS_OK)
		return status;
	found = g_array_new(FALSE, FALSE, sizeof(struct mp_imap_item));
	/* Nothing to ask for: past the last UID there is, or an empty folder
	 * (where "*" names no message at all). */
	if (after == UINT32_MAX || (imap->imap->imap_selection_info &&
				    imap->imap->imap_selection_info->sel_has_exists &&
				    imap->imap->imap_selection_info->sel_exists == 0))
		goto done;
	/* "after+1:*" names the highest UID even when it is <= after (RFC
	 * 3501 6.4.8): the filter below drops it. */
	set = mailimap_set_new_interval(after + 1, 0);
	r = set ? uid_fetch(imap, set, true, false, 0, 0, &fetched) : MAILIMAP_ERROR_MEMORY;
	if (set)
		mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		g_array_free(found, TRUE);
		return imap_fail(imap, r, "UID FETCH (RFC822.SIZE)", err);
	}
	for (clistiter *cur = clist_begin(fetched); cur; cur = clist_next(cur)) {
		const struct mailimap_msg_att_body_section *body;
		struct mp_imap_item item;

		fetched_item(clist_content(cur), &item.uid, &item.size, &body);
		if (item.uid > after)
			g_array_append_val(found, item);
	}
	mailimap_fetch_list_free(fetched);
	g_array_sort(found, compare_item);
	for (guint i = 1; i < found->len;) {
		if (g_array_index(found, struct mp_imap_item, i).uid ==
		    g_array_index(found, struct mp_imap_item, i - 1).uid)
			g_array_remove_index(found, i);
		else
			i++;
	}
done:
	*items = found;
	return MP_STATUS_OK;
}

static bool
write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

enum mp_status
mp_imap_fetch_batch(struct mp_imap *imap, const uint32_t *uids, guint n, const char *path, size_t *offsets,
		    size_t *sizes, bool *found, struct mp_error *err)
{
	enum mp_status status;
	struct mailimap_set *set;
	clist *fetched = NULL;
	size_t offset = 0;
	int r, fd;

	for (guint i = 0; i < n; i++) {
		offsets[i] = sizes[i] = 0;
		found[i] = false;
	}
	if ((status = check_alive(imap, err)) != MP_STATUS_OK)
		return status;
	if (n == 0)
		return MP_STATUS_OK;
	set = uid_set(uids, n);
	r = set ? uid_fetch(imap, set, false, true, 0, 0, &fetched) : MAILIMAP_ERROR_MEMORY;
	if (set)
		mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(imap, r, "UID FETCH", err);
	/* One scratch file for the batch: the mail stays on the server until it
	 * is moved, so a crash loses nothing and no fsync is needed; and one
	 * file instead of one per mail spares the file system. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || fchmod(fd, 0600) != 0)
		goto fail;
	/* Other FETCH lines (flag changes of other messages) may come too. */
	for (clistiter *cur = clist_begin(fetched); cur; cur = clist_next(cur)) {
		const struct mailimap_msg_att_body_section *body;
		uint32_t uid, size;
		guint i;

		fetched_item(clist_content(cur), &uid, &size, &body);
		for (i = 0; i < n && (uids[i] != uid || found[i]); i++)
			;
		if (i == n || !body)
			continue;
		if (!write_all(fd, body->sec_body_part, body->sec_length))
			goto fail;
		found[i] = true;
		offsets[i] = offset;
		sizes[i] = body->sec_length;
		offset += body->sec_length;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	/* The batch sat in memory until here: let it go at once. */
	mailimap_fetch_list_free(fetched);
	return MP_STATUS_OK;
fail:
	status = mp_error_set(err, MP_STATUS_IO, "%s: %s", path, g_strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(path);
	mailimap_fetch_list_free(fetched);
	for (guint i = 0; i < n; i++)
		found[i] = false;
	return status;
}

enum mp_status
mp_imap_fetch_large(struct mp_imap *imap, uint32_t uid, const char *path, size_t *size, bool *found,
		    struct mp_error *err)
{
	enum mp_status status;
	size_t done = 0;
	int fd;

	*size = 0;
	*found = false;
	if ((status = check_alive(imap, err)) != MP_STATUS_OK)
		return status;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || fchmod(fd, 0600) != 0) {
		status = mp_error_set(err, MP_STATUS_IO, "%s: %s", path, g_strerror(errno));
		goto out;
	}
	/* A piece at a time: never more than MP_IMAP_FETCH_CHUNK of it in
	 * memory, however big the mail. A short piece is the last one. */
	for (;;) {
		struct mailimap_set *set = mailimap_set_new_single(uid);
		const struct mailimap_msg_att_body_section *body = NULL;
		clist *fetched = NULL;
		size_t got = 0;
		int r;

		r = set ? uid_fetch(imap, set, false, true, (uint32_t)done, MP_IMAP_FETCH_CHUNK, &fetched)
			: MAILIMAP_ERROR_MEMORY;
		if (set)
			mailimap_set_free(set);
		if (r != MAILIMAP_NO_ERROR) {
			status = imap_fail(imap, r, "UID FETCH (a piece)", err);
			goto out;
		}
		for (clistiter *cur = clist_begin(fetched); cur && !body; cur = clist_next(cur)) {
			uint32_t att_uid, att_size;
			const struct mailimap_msg_att_body_section *b;

			fetched_item(clist_content(cur), &att_uid, &att_size, &b);
			if (att_uid == uid && b)
				body = b;
		}
		if (body) {
			got = body->sec_length;
			*found = true;
			if (!write_all(fd, body->sec_body_part, got))
				status = mp_error_set(err, MP_STATUS_IO, "%s: %s", path, g_strerror(errno));
		}
		mailimap_fetch_list_free(fetched);
		done += got;
		if (status != MP_STATUS_OK || got < MP_IMAP_FETCH_CHUNK || done > UINT32_MAX - MP_IMAP_FETCH_CHUNK)
			break;
	}
	*size = done;
	g_debug("imap=fetch uid=%" PRIu32 " bytes=%zu in pieces of %u", uid, done, MP_IMAP_FETCH_CHUNK);
out:
	if (fd >= 0 && close(fd) != 0 && status == MP_STATUS_OK)
		status = mp_error_set(err, MP_STATUS_IO, "%s: %s", path, g_strerror(errno));
	if (status != MP_STATUS_OK || !*found) {
		unlink(path);
		*found = false;
		*size = 0;
	}
	return status;
}

/* CREATE folder once per session; "already exists" (or any NO) is fine: the
 * command that needs the folder will say what is really wrong. */
static enum mp_status
ensure_folder(struct mp_imap *imap, const char *folder, struct mp_error *err)
{
	int r;

	if (g_hash_table_contains(imap->ensured, folder))
		return MP_STATUS_OK;
	r = mailimap_create(imap->imap, folder);
	if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_ERROR_CREATE)
		return imap_fail(imap, r, "CREATE", err);
	if (r == MAILIMAP_NO_ERROR)
		g_message("imap=create folder=%s", folder);
	g_hash_table_add(imap->ensured, g_strdup(folder));
	return MP_STATUS_OK;
}

/* After LOGIN the server tells what it can do; asked once per session. */
static enum mp_status
ensure_capabilities(struct mp_imap *imap, struct mp_error *err)
{
	int r;

	if (imap->caps_known)
		return MP_STATUS_OK;
	r = refresh_capabilities(imap->imap);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(imap, r, "CAPABILITY", err);
	imap->has_move = has_capability(imap->imap, "MOVE");
	imap->has_uidplus = has_capability(imap->imap, "UIDPLUS");
	imap->caps_known = true;
	return MP_STATUS_OK;
}

enum mp_status
mp_imap_move_uids(struct mp_imap *imap, const uint32_t *uids, guint n, const char *folder,
		  struct mp_error *err)
{
	enum mp_status status;
	struct sigaction old_pipe;
	struct mailimap_set *set = NULL;
	struct mailimap_flag_list *flags = NULL;
	struct mailimap_store_att_flags *store = NULL;
	char what[320];
	int r;

	if ((status = check_alive(imap, err)) != MP_STATUS_OK)
		return status;
	if ((status = check_folder(folder, err)) != MP_STATUS_OK)
		return status;
	if (n == 0)
		return MP_STATUS_OK;
	sigpipe_ignore(&old_pipe);
	if ((status = ensure_capabilities(imap, err)) != MP_STATUS_OK)
		goto out;
	if (!imap->has_move && !imap->has_uidplus) {
		/* A plain EXPUNGE would also remove whatever else carries
		 * \Deleted in the folder: not ours to decide. */
		status = mp_error_set(err, MP_STATUS_UNAVAILABLE,
				      "IMAP server %s offers neither MOVE nor UIDPLUS: cannot move one message "
				      "safely",
				      imap->host);
		goto out;
	}
	if ((status = ensure_folder(imap, folder, err)) != MP_STATUS_OK)
		goto out;
	if (n == 1)
		snprintf(what, sizeof(what), "UID %s %" PRIu32 " to %s", imap->has_move ? "MOVE" : "COPY", uids[0],
			 folder);
	else
		snprintf(what, sizeof(what), "UID %s of %u mails (%" PRIu32 "..%" PRIu32 ") to %s",
			 imap->has_move ? "MOVE" : "COPY", n, uids[0], uids[n - 1], folder);
	set = uid_set(uids, n);
	if (!set) {
		status = imap_fail(imap, MAILIMAP_ERROR_MEMORY, "UID MOVE", err);
		goto out;
	}
	if (imap->has_move) {
		r = mailimap_uid_move(imap->imap, set, folder);
		if (r != MAILIMAP_NO_ERROR) {
			status = imap_fail(imap, r, what, err);
			goto out;
		}
	} else {
		r = mailimap_uid_copy(imap->imap, set, folder);
		if (r != MAILIMAP_NO_ERROR) {
			status = imap_fail(imap, r, what, err);
			goto out;
		}
		flags = mailimap_flag_list_new_empty();
		if (!flags || mailimap_flag_list_add(flags, mailimap_flag_new_deleted()) != MAILIMAP_NO_ERROR ||
		    !(store = mailimap_store_att_flags_new_add_flags_silent(flags))) {
			status = imap_fail(imap, MAILIMAP_ERROR_MEMORY, "UID STORE", err);
			goto out;
		}
		flags = NULL; /* store owns it now */
		r = mailimap_uid_store(imap->imap, set, store);
		if (r != MAILIMAP_NO_ERROR) {
			status = imap_fail(imap, r, "UID STORE", err);
			goto out;
		}
		r = mailimap_uid_expunge(imap->imap, set);
		if (r != MAILIMAP_NO_ERROR) {
			status = imap_fail(imap, r, "UID EXPUNGE", err);
			goto out;
		}
	}
	g_debug("imap=move uids=%u first=%" PRIu32 " folder=%s via=%s", n, uids[0], folder,
		imap->has_move ? "move" : "copy+expunge");
	mp_durable_step("imap-move");
out:
	sigpipe_restore(&old_pipe);
	if (store)
		mailimap_store_att_flags_free(store);
	if (flags)
		mailimap_flag_list_free(flags);
	if (set)
		mailimap_set_free(set);
	return status;
}

enum mp_status
mp_imap_append(struct mp_imap *imap, const char *folder, GBytes *message, struct mp_error *err)
{
	enum mp_status status;
	struct sigaction old_pipe;
	struct mailimap_flag_list *flags = NULL;
	const char *data;
	gsize len;
	int r;

	if ((status = check_alive(imap, err)) != MP_STATUS_OK)
		return status;
	if ((status = check_folder(folder, err)) != MP_STATUS_OK)
		return status;
	data = g_bytes_get_data(message, &len);
	if (!data || len == 0)
		return mp_error_set(err, MP_STATUS_BAD_INPUT, "IMAP APPEND: empty message");
	sigpipe_ignore(&old_pipe);
	if ((status = ensure_folder(imap, folder, err)) != MP_STATUS_OK)
		goto out;
	flags = mailimap_flag_list_new_empty();
	if (!flags || mailimap_flag_list_add(flags, mailimap_flag_new_seen()) != MAILIMAP_NO_ERROR) {
		status = imap_fail(imap, MAILIMAP_ERROR_MEMORY, "APPEND", err);
		goto out;
	}
	r = mailimap_append(imap->imap, folder, flags, NULL, data, len);
	if (r != MAILIMAP_NO_ERROR) {
		status = imap_fail(imap, r, "APPEND", err);
		goto out;
	}
	g_debug("imap=append folder=%s bytes=%zu", folder, (size_t)len);
	mp_durable_step("imap-append");
out:
	sigpipe_restore(&old_pipe);
	if (flags)
		mailimap_flag_list_free(flags);
	return status;
}
