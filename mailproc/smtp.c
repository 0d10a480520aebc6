/* SMTP submission: one message to the configured server with libcurl, TLS verified, never in clear unless tls=none. */
#include <curl/curl.h>
#include <string.h>

#include "mailproc.h"

/* How long a send may take: connecting (with the TLS handshake), and all of it. */
#define SMTP_CONNECT_TIMEOUT 20L
#define SMTP_TOTAL_TIMEOUT 120L
/* Enough of the server's last reply line to say why it refused. */
#define SMTP_REPLY_MAX 200

/* The message being uploaded: curl pulls it through read_message(). */
struct upload {
	const char *data;
	size_t len;
	size_t pos;
};

static size_t
read_message(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct upload *up = userdata;
	size_t room = size * nitems;
	size_t left = up->len - up->pos;
	size_t n = left < room ? left : room;

	memcpy(buf, up->data + up->pos, n);
	up->pos += n;
	return n;
}

/* The server's reply lines, as curl hands them to the header callback. */
struct replies {
	GString *last;    /* the last line */
	GString *failure; /* the last 4xx or 5xx line: after a refusal curl
			   * still says QUIT, and "221 Bye" tells nothing */
};

static size_t
keep_reply(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct replies *r = userdata;
	size_t len = size * nitems;

	g_string_truncate(r->last, 0);
	for (size_t i = 0; i < len && r->last->len < SMTP_REPLY_MAX; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\r' || c == '\n')
			break;
		/* It is the remote side's text and goes into a log: no control
		 * characters. */
		g_string_append_c(r->last, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
	if (r->last->str[0] == '4' || r->last->str[0] == '5')
		g_string_assign(r->failure, r->last->str);
	return len;
}

static CURLcode
global_init(void)
{
	static gsize done;

	if (g_once_init_enter(&done)) {
		/* Stored plus one: g_once needs a value other than zero. */
		g_once_init_leave(&done, (gsize)curl_global_init(CURL_GLOBAL_DEFAULT) + 1);
	}
	return (CURLcode)(done - 1);
}

/* An address curl puts into "MAIL FROM:<...>" or "RCPT TO:<...>": a line
 * break would let it add a command of its own. */
static bool
address_ok(const char *address)
{
	return address && !strpbrk(address, "\r\n");
}

static bool
is_tls_failure(CURLcode rc)
{
	switch (rc) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_SHUTDOWN_FAILED:
		return true;
	default:
		return false;
	}
}

static bool
is_connection_failure(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return true;
	default:
		return false;
	}
}

/* Turn curl's result into the project's status, with what happened in err:
 * what went wrong, curl's own words, the last reply code and line. */
static enum mp_status
map_result(CURLcode rc, long reply, const char *errbuf, const struct replies *r,
	   const char *where, struct mp_error *err)
{
	const char *why = *errbuf ? errbuf : curl_easy_strerror(rc);
	const char *last_line = "";
	const char *what;
	enum mp_status status;
	char detail[280];
	char code[8];

	/* The line that carried the code curl reports, when there is one. */
	g_snprintf(code, sizeof code, "%ld", reply);
	if (reply >= 400 && g_str_has_prefix(r->failure->str, code))
		last_line = r->failure->str;
	else if (reply > 0 && g_str_has_prefix(r->last->str, code))
		last_line = r->last->str;

	if (*last_line)
		g_snprintf(detail, sizeof detail, "curl %d, reply %ld: %s", (int)rc, reply, last_line);
	else
		g_snprintf(detail, sizeof detail, "curl %d, reply %ld", (int)rc, reply);

	if (rc == CURLE_PEER_FAILED_VERIFICATION) {
		status = MP_STATUS_TEMPFAIL;
		what = "server certificate not trusted";
	} else if (rc == CURLE_USE_SSL_FAILED) {
		status = MP_STATUS_TEMPFAIL;
		what = "the server would not start TLS (STARTTLS), not sending in clear text";
	} else if (is_tls_failure(rc)) {
		status = MP_STATUS_TEMPFAIL;
		what = "TLS with the server failed";
	} else if (rc == CURLE_SSL_CACERT_BADFILE) {
		status = MP_STATUS_CONFIG;
		what = "[smtp] ca_file cannot be used";
	} else if (rc == CURLE_LOGIN_DENIED && reply / 100 != 4) {
		/* A wrong password is the same for every message: the
		 * configuration's problem, not this mail's. */
		status = MP_STATUS_CONFIG;
		what = "login refused ([smtp] user and password)";
	} else if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
		status = MP_STATUS_CONFIG;
		what = "[smtp] url cannot be used";
	} else if (reply / 100 == 5) {
		/* MAIL and RCPT refusals come back as CURLE_SEND_ERROR: the
		 * server's answer says more than curl's code. */
		status = MP_STATUS_REFUSED;
		what = "refused by the server";
	} else if (reply / 100 == 4) {
		status = MP_STATUS_TEMPFAIL;
		what = "deferred by the server";
	} else if (reply == 0 && (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
				  rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_OPERATION_TIMEDOUT)) {
		/* Not reached at all: the next mail would fare no better. */
		status = MP_STATUS_UNAVAILABLE;
		what = "no connection to the server";
	} else if (is_connection_failure(rc)) {
		status = MP_STATUS_TEMPFAIL;
		what = "the connection to the server broke";
	} else {
		status = MP_STATUS_TEMPFAIL;
		what = "sending failed";
	}
	return mp_error_set(err, status, "smtp %s: %s: %s (%s)", where, what, why, detail);
}

/* Parse the configured url and settle TLS: smtps:// (or tls=implicit) is TLS
 * from the first byte, smtp:// upgrades with STARTTLS unless tls=none. *u
 * and *where ("host:port" for messages) are the caller's. */
static enum mp_status
prepare_url(const struct mp_config *config, CURLU **u_out, bool *implicit, char **where,
	    struct mp_error *err)
{
	enum mp_status status = MP_STATUS_CONFIG;
	CURLU *u = NULL;
	char *scheme = NULL, *host = NULL, *port = NULL, *pw = NULL;

	*where = NULL;
	if (!config->smtp.url || !*config->smtp.url) {
		mp_error_set(err, status, "[smtp] url: not set");
		goto out;
	}
	u = curl_url();
	if (!u) {
		mp_error_set(err, status = MP_STATUS_TEMPFAIL, "smtp: out of memory");
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, config->smtp.url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
		/* The url is not repeated: it could carry a user name. */
		mp_error_set(err, status, "[smtp] url: not a valid smtp:// or smtps:// url");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_OK) {
		mp_error_set(err, status, "[smtp] url: must not carry a password (use password_file)");
		goto out;
	}
	if (g_ascii_strcasecmp(scheme, "smtps") == 0) {
		*implicit = true;
	} else if (g_ascii_strcasecmp(scheme, "smtp") == 0) {
		*implicit = config->smtp.tls == MP_TLS_IMPLICIT;
		if (*implicit && curl_url_set(u, CURLUPART_SCHEME, "smtps", 0) != CURLUE_OK) {
			mp_error_set(err, status, "[smtp] url: cannot switch to smtps://");
			goto out;
		}
		if (*implicit) {
			curl_free(port);
			port = NULL;
			if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
				mp_error_set(err, status, "[smtp] url: no port");
				goto out;
			}
		}
	} else {
		mp_error_set(err, status, "[smtp] url: '%s://' is not smtp:// or smtps://", scheme);
		goto out;
	}
	/* curl keeps the brackets of an IPv6 literal. */
	*where = g_strdup_printf("%s:%s", host, port);
	*u_out = u;
	u = NULL;
	status = MP_STATUS_OK;
out:
	if (pw) {
		memset(pw, 0, strlen(pw));
		curl_free(pw);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return status;
}

enum mp_status
mp_smtp_send(const struct mp_config *config, const char *password, const char *mail_from,
	     const char *const *recipients, GBytes *message, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_BAD_INPUT;
	CURL *h = NULL;
	CURLU *u = NULL;
	struct curl_slist *rcpts = NULL;
	char *where = NULL;
	struct replies replies = { g_string_new(NULL), g_string_new(NULL) };
	char errbuf[CURL_ERROR_SIZE] = "";
	struct upload up = { 0 };
	bool implicit = false;
	long reply = 0;
	size_t n_rcpts = 0;
	CURLcode rc;

	if (!config || !message) {
		mp_error_set(err, status, "smtp: no configuration or no message");
		goto out;
	}
	if (!mail_from)
		mail_from = config->smtp.from;
	if (!address_ok(mail_from)) {
		mp_error_set(err, status, "smtp: bad sender address");
		goto out;
	}
	for (size_t i = 0; recipients && recipients[i]; i++) {
		struct curl_slist *next;

		if (!address_ok(recipients[i]) || !*recipients[i]) {
			mp_error_set(err, status, "smtp: bad recipient address");
			goto out;
		}
		next = curl_slist_append(rcpts, recipients[i]);
		if (!next) {
			mp_error_set(err, status = MP_STATUS_TEMPFAIL, "smtp: out of memory");
			goto out;
		}
		rcpts = next;
		n_rcpts++;
	}
	if (n_rcpts == 0) {
		mp_error_set(err, status, "smtp: no recipients");
		goto out;
	}

	if (global_init() != CURLE_OK) {
		mp_error_set(err, status = MP_STATUS_TEMPFAIL, "smtp: curl_global_init failed");
		goto out;
	}
	status = prepare_url(config, &u, &implicit, &where, err);
	if (status != MP_STATUS_OK)
		goto out;

	h = curl_easy_init();
	if (!h) {
		mp_error_set(err, status = MP_STATUS_TEMPFAIL, "smtp: curl_easy_init failed");
		goto out;
	}
	up.data = g_bytes_get_data(message, &up.len);

	/* Each option is checked: one silently ignored (say, the TLS demand)
	 * would send in clear. */
#define SET(opt, val) \
	do { \
		if ((rc = curl_easy_setopt(h, opt, val)) != CURLE_OK) { \
			mp_error_set(err, status = MP_STATUS_TEMPFAIL, "smtp: setting %s: %s", \
				     #opt, curl_easy_strerror(rc)); \
			goto out; \
		} \
	} while (0)

	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CURLU, u);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	SET(CURLOPT_CONNECTTIMEOUT, SMTP_CONNECT_TIMEOUT);
	SET(CURLOPT_TIMEOUT, SMTP_TOTAL_TIMEOUT);
	/* Never switched off: the server's chain and its name (or IP). */
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	/* CAINFO adds to the system's roots: this libcurl keeps its CAPATH
	 * (/etc/ssl/certs) when a CA file is given. */
	if (config->smtp.ca_file && *config->smtp.ca_file)
		SET(CURLOPT_CAINFO, config->smtp.ca_file);
	if (!implicit && config->smtp.tls != MP_TLS_NONE)
		/* STARTTLS or nothing: no fallback to clear text. */
		SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (config->smtp.user && *config->smtp.user) {
		SET(CURLOPT_USERNAME, config->smtp.user);
		if (password)
			SET(CURLOPT_PASSWORD, password);
	}
	SET(CURLOPT_MAIL_FROM, mail_from);
	SET(CURLOPT_MAIL_RCPT, rcpts);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_message);
	SET(CURLOPT_READDATA, &up);
	/* Lets the server refuse an oversized mail at MAIL FROM (SIZE=). */
	SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)up.len);
	SET(CURLOPT_HEADERFUNCTION, keep_reply);
	SET(CURLOPT_HEADERDATA, &replies);
#undef SET

	rc = curl_easy_perform(h);
	if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply) != CURLE_OK)
		reply = 0;
	if (rc == CURLE_OK) {
		mp_durable_step("smtp");
		g_debug("smtp=sent server=%s rcpts=%zu bytes=%zu reply=%ld", where, n_rcpts,
			up.len, reply);
		status = MP_STATUS_OK;
		goto out;
	}
	status = map_result(rc, reply, errbuf, &replies, where, err);
	g_debug("smtp=failed server=%s curl=%d reply=%ld status=%s", where, (int)rc, reply,
		mp_status_to_string(status));
out:
	curl_easy_cleanup(h);
	curl_url_cleanup(u);
	curl_slist_free_all(rcpts);
	g_string_free(replies.last, TRUE);
	g_string_free(replies.failure, TRUE);
	g_free(where);
	return status;
}
