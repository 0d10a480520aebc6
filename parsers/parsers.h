/* parsers: bytes in, facts out. No network, no database, no clock, no printing. */
#ifndef MAILPROC_PARSERS_H
#define MAILPROC_PARSERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* ---- status (shared by every room) -------------------------------------- */

/* The one status type of the project. Detail text travels in struct mp_error. */
enum mp_status {
	MP_STATUS_OK = 0,
	MP_STATUS_USAGE,        /* the command line is wrong */
	MP_STATUS_BAD_INPUT,    /* input data is malformed or refused */
	MP_STATUS_NOT_FOUND,    /* the named thing does not exist */
	MP_STATUS_REFUSED,      /* not legal in the current state */
	MP_STATUS_CONFIG,       /* configuration error */
	MP_STATUS_IO,           /* a file could not be read or written */
	MP_STATUS_DATABASE,     /* SQLite failed */
	MP_STATUS_UNAVAILABLE,  /* a server or service is not there */
	MP_STATUS_TEMPFAIL,     /* try again on the next run */
	MP_STATUS_LOCKED,       /* another run holds the lock */
	MP_STATUS_CRYPTO,       /* OpenSSL failed on something that should work */
	MP_STATUS_COUNT
};

/* A fixed buffer for the human-readable detail of a failure. Every function
 * that takes one accepts NULL. */
struct mp_error {
	char text[512];
};

/* Short constant name of a status, e.g. "bad input". Never NULL. */
const char *mp_status_to_string(enum mp_status status);

/* Format detail text into err (when err is not NULL) and return status, so a
 * failure can be reported in one line: return mp_error_set(err, S, "...", ...). */
enum mp_status mp_error_set(struct mp_error *err, enum mp_status status,
			    const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* ---- CSV (RFC 4180) ------------------------------------------------------ */

/* One parsed row: fields are owned by the row. line is the 1-based line
 * number where the row starts in the input. */
struct parse_csv_row {
	unsigned line;
	GPtrArray *fields; /* char * (UTF-8), owned */
};

/* Parse a whole CSV buffer (UTF-8, optional BOM, CRLF or LF, quoted fields
 * with "" escapes and embedded newlines). Blank lines are skipped. On success
 * *rows_out is a new GPtrArray of struct parse_csv_row * owned by the caller
 * (its free function releases the rows). Returns MP_STATUS_OK, or
 * MP_STATUS_BAD_INPUT with the line number in err for an unterminated quote,
 * text after a closing quote, or invalid UTF-8. */
enum mp_status parse_csv_buffer(const char *buf, size_t len, GPtrArray **rows_out,
				struct mp_error *err);

/* ---- keys ----------------------------------------------------------------- */

/* Public facts of a key: the SubjectPublicKeyInfo as PEM and the lowercase hex
 * SHA-256 of its DER, plus a short description such as "EC P-256" or
 * "RSA 2048". All strings owned by the struct. */
struct parse_key_facts {
	char *spki_pem;
	char *spki_sha256;
	char *description;
	const char *source; /* static: "private key", "public key" or "CSR" */
};

/* Read a private key, a public key or a CSR (PEM or DER) from a buffer and
 * return its public key. The private key material is never kept. Returns
 * MP_STATUS_OK with *out set (caller frees with parse_key_facts_free), or
 * MP_STATUS_BAD_INPUT when the bytes are none of those (an encrypted private
 * key is refused with a reason). */
enum mp_status parse_key_public(const void *buf, size_t len, struct parse_key_facts **out,
				struct mp_error *err);
void parse_key_facts_free(struct parse_key_facts *facts);

/* ---- certificates (cert.c) ------------------------------------------------- */

/* The facts of one X.509 certificate. All strings owned by the struct. */
struct parse_cert_facts {
	char *subject_cn;   /* NULL when the subject has no CN */
	GPtrArray *sans;    /* char *: DNS names of subjectAltName, as written */
	char *issuer_cn;
	char *subject;      /* one-line RFC 2253 subject */
	char *issuer;
	int64_t not_before; /* Unix time */
	int64_t not_after;
	char *sha256;       /* lowercase hex of the DER */
	char *spki_sha256;  /* lowercase hex SHA-256 of the SubjectPublicKeyInfo DER */
	bool is_ca;         /* basicConstraints CA:TRUE */
	bool self_signed;   /* subject == issuer and the signature verifies with its own key */
	GBytes *der;        /* the certificate itself */
};
void parse_cert_facts_free(struct parse_cert_facts *facts);

/* Read every certificate in buf, whatever the CA sent: PEM (one or many,
 * with text around them), DER, PKCS#7 (PEM or DER; .p7b/.p7c), or a ZIP file
 * holding any of those (read from memory with libzip). name is the file name
 * if known (for messages only; may be NULL). Appends struct parse_cert_facts *
 * to certs (a GPtrArray whose free function is parse_cert_facts_free),
 * skipping exact duplicates (same sha256). Returns MP_STATUS_OK when at least
 * one certificate was found, MP_STATUS_BAD_INPUT with a reason otherwise
 * (private keys inside are ignored, never copied). */
enum mp_status parse_cert_read(const void *buf, size_t len, const char *name, GPtrArray *certs,
			       struct mp_error *err);

/* Sort certs in place: the leaf first (the one certificate that is not a CA
 * and issues no other in the set; when several, the first found), then each
 * issuer after the certificate it issued, then the rest. */
void parse_cert_order(GPtrArray *certs);

/* What was asked of a verification and what came out. */
struct parse_cert_verdict {
	bool chain_ok;
	char *chain_error;  /* owned; NULL when chain_ok */
	int key_match;      /* -1 not asked, 0 no, 1 yes */
	int names_ok;       /* -1 not asked, 0 no, 1 yes */
	char *names_error;  /* owned: which name is not covered, or NULL */
	int64_t not_after;  /* the leaf's */
	bool ok;            /* every check that was asked for passed */
};
void parse_cert_verdict_free(struct parse_cert_verdict *verdict);

/* Verify certs (after parse_cert_order: leaf first, the rest as untrusted
 * intermediates) against the trust anchors in roots_pem (a PEM bundle held in
 * memory: the caller reads the file), at time at (Unix; the caller's now).
 * key_spki_sha256: when not NULL, the leaf's public key must be this one.
 * names: when not NULL, a NULL-terminated list that the leaf must cover
 * (subjectAltName, RFC 6125 wildcards: "*.example.jp" covers one label).
 * Returns MP_STATUS_OK with *out (caller frees) whatever the verdict, or
 * MP_STATUS_BAD_INPUT when certs is empty or roots_pem holds no certificate. */
enum mp_status parse_cert_verify(GPtrArray *certs, const void *roots_pem, size_t roots_len,
				 int64_t at, const char *key_spki_sha256,
				 const char *const *names, struct parse_cert_verdict **out,
				 struct mp_error *err);

/* ---- writing certificates (cert-write.c) ---------------------------------- */

/* One certificate as PEM text: "-----BEGIN CERTIFICATE-----", the DER in
 * base64 at 64 columns, "-----END CERTIFICATE-----", each line ending in
 * '\n'. Never NULL; caller g_free()s. */
char *parse_cert_pem(const struct parse_cert_facts *cert);

/* certs (struct parse_cert_facts *, at least one) as a certs-only PKCS#7
 * SignedData (no signer, no content, no CRLs), PEM "PKCS7" block, as
 * `openssl crl2pkcs7 -nocrl -certfile` writes it (GlobalSign's DOMAIN.pem).
 * The certificates keep their order. Returns MP_STATUS_OK with *pem_out
 * (caller g_free()s), MP_STATUS_BAD_INPUT when certs is empty or a
 * certificate's DER does not decode, MP_STATUS_CRYPTO when OpenSSL fails. */
enum mp_status parse_cert_pkcs7_pem(GPtrArray *certs, char **pem_out, struct mp_error *err);

/* ---- application form (form.c) ------------------------------------------ */

/* What stands for a secret wherever one is shown. */
#define PARSE_FORM_MASK "********"
/* struct parse_form.unknown keeps at most this many lines. */
#define PARSE_FORM_UNKNOWN_MAX 100

/* The renewal application form, as the web site mails it ("Label: value"
 * lines). Everything is owned by the struct; free with parse_form_free().
 * fields: canonical key -> value, both char *. Keys are those of
 *   parse_form_keys(): the import CSV's names (customer_id, org_name,
 *   org_name_en, address, phone, contact_name, contact_title, contact_email,
 *   tech_email, domain, sans, ca, product, validation, order_id) plus
 *   postal_code, department, server_login (control panel / root login
 *   details), password (any other secret) and notes. A key is present only
 *   with a non-empty value. domain, sans and emails are lower case, sans
 *   space-separated; ca is digicert, geotrust, sectigo or globalsign and
 *   validation ov, dv or ev when the text names exactly one, otherwise the
 *   text as written; order_id is "ORD-YYYY-NNNN" when the value holds one.
 *   password, server_login and notes gather every line given for them: one
 *   line gives its value, several give "Label: value" lines joined by '\n'.
 * unknown: "Label: value" (char *) for lines whose label has no canonical
 *   key, for a key given again with a different value (the first one is
 *   kept), and for every line that carried a secret, whose value then reads
 *   PARSE_FORM_MASK. In text order.
 * masked: canonical keys (char *) whose value in fields is a secret and must
 *   be shown as PARSE_FORM_MASK in logs, JSON, alerts and mails: always
 *   password and server_login when present, notes when a note mentions a
 *   password. In parse_form_keys() order.
 * unknown_dropped: lines left out of unknown once it was full. */
struct parse_form {
	GHashTable *fields;
	GPtrArray *unknown;
	GPtrArray *masked;
	unsigned unknown_dropped;
};

/* Read the decoded text body of a mail (UTF-8, len bytes; text may be NULL
 * when len is 0) as an application form. Labels are matched after NFKC
 * normalisation, case-insensitively, in Japanese or English, with 【】[] ■ ●
 * decorations, ':' or '：'. Greetings before the first label, quoted lines
 * ('>'), and everything after a "--" signature line or an "-----Original
 * Message-----" line are ignored. Returns MP_STATUS_OK with *out (caller
 * frees) even when nothing was found (then parse_form_is_form() is false),
 * or MP_STATUS_BAD_INPUT with the byte offset in err when the text is not
 * valid UTF-8 or holds a NUL byte (*out stays NULL: the decoder upstream
 * must hand over UTF-8, nothing is repaired here). */
enum mp_status parse_form_text(const char *text, size_t len, struct parse_form **out,
			       struct mp_error *err);
void parse_form_free(struct parse_form *form);

/* Enough to be an application form: a domain and at least three other of
 * the application's fields (not counting server_login, password, notes). */
bool parse_form_is_form(const struct parse_form *form);

/* The value of canonical key, borrowed from form, or NULL when not given. */
const char *parse_form_get(const struct parse_form *form, const char *key);

/* Whether key's value is a secret (listed in form->masked). */
bool parse_form_is_masked(const struct parse_form *form, const char *key);

/* Every canonical key, NULL-terminated, in a stable order for output. Static. */
const char *const *parse_form_keys(void);

/* ---- mail (mail.c, charset.c, html.c): MIME with GMime --------------------- */

/* Limits as Dovecot sets them; past one, the mail is still described as far
 * as it was read, over_limits is set and a reason says which. */
struct parse_mail_limits {
	size_t max_size;     /* bytes of the whole message; 0 = no cap */
	unsigned max_depth;  /* MIME nesting: 100 */
	unsigned max_parts;  /* MIME parts: 10,000 */
};
void parse_mail_limits_default(struct parse_mail_limits *limits);

struct parse_mail_address {
	char *name;    /* display name, decoded UTF-8, or NULL */
	char *address; /* addr-spec, lower-cased, or NULL when there is none */
};

struct parse_mail_attachment {
	char *filename;     /* decoded (RFC 2231 / RFC 2047), or NULL */
	char *content_type; /* "application/zip", lower case */
	GBytes *data;       /* the decoded content */
};

/* What a message says, copied out of GMime. Everything is owned. */
struct parse_mail {
	char *message_id;          /* "<id@host>" (with brackets), or NULL */
	char *in_reply_to;         /* "<...>" or NULL */
	GPtrArray *references;     /* char * "<...>", oldest first */
	char *subject;             /* decoded UTF-8, "" when missing */
	struct parse_mail_address from;
	struct parse_mail_address sender;      /* Sender:, or empty */
	struct parse_mail_address reply_to;
	char *return_path;         /* lower-cased address, "" for the null sender <>, NULL when absent */
	GPtrArray *to;             /* struct parse_mail_address * */
	GPtrArray *cc;
	int64_t date;              /* Unix time, 0 when missing or broken */
	GPtrArray *header_names;   /* char *: every top-level header name, in order */
	GPtrArray *header_values;  /* char *: its value, unfolded, RFC 2047 decoded */
	char *text;                /* the body as UTF-8 text: text/plain preferred,
	                            * else HTML turned into text; never NULL */
	bool text_from_html;
	GPtrArray *attachments;    /* struct parse_mail_attachment *: every non-text leaf
	                            * part and every text part with a file name */
	GPtrArray *messages;       /* struct parse_mail *: attached message/rfc822 parts */
	char *report_type;         /* multipart/report's report-type, or NULL */
	char *delivery_status;     /* text of the message/delivery-status part, or NULL */
	char *rfc822_headers;      /* text/rfc822-headers part of a report, or NULL */
	GPtrArray *reasons;        /* char *: charset fallbacks, broken parts, limits */
	bool over_limits;
	size_t size;               /* bytes read */
	unsigned depth;            /* deepest MIME nesting seen */
	unsigned parts;            /* MIME parts seen */
};

/* Parse a whole message held in memory. Never fails on malformed MIME or
 * unknown charsets: it describes what it could read, with reasons. Returns
 * MP_STATUS_OK with *out (caller frees with parse_mail_free), or
 * MP_STATUS_BAD_INPUT only when buf holds nothing like a message (empty).
 * Initialises GMime on first use. */
enum mp_status parse_mail_mem(const void *buf, size_t len, const struct parse_mail_limits *limits,
			      struct parse_mail **out, struct mp_error *err);
void parse_mail_free(struct parse_mail *mail);
/* The first value of a top-level header (case-insensitive name), or NULL. Borrowed. */
const char *parse_mail_header(const struct parse_mail *mail, const char *name);

/* ---- what the sender wrote (quote.c) and what they want (intent.c) -------- */

/* The sender's own words: quoted lines ("> "), attribution lines ("On ... wrote:",
 * Japanese "... さんは書きました：" / "...のメッセージ:"), "-----Original Message-----"
 * and "-----元のメッセージ-----" with all after them, Outlook header blocks
 * (From:/Sent:/To:/Subject: and 差出人:/送信日時:/宛先:/件名:), forwarded
 * blocks and signatures removed; then NFKC. Caller frees. */
char *parse_quote_own_text(const char *text);

enum parse_intent {
	PARSE_INTENT_NONE,    /* not a customer reply */
	PARSE_INTENT_RENEW,
	PARSE_INTENT_DECLINE,
	PARSE_INTENT_UNCLEAR,
};
/* "renew", "decline", "unclear", or NULL for NONE. */
const char *parse_intent_name(enum parse_intent intent);

/* Decide renew, decline or unclear from the sender's own text (what
 * parse_quote_own_text returned) and the subject. Precision before recall:
 * when in doubt, unclear. Appends short reasons (char *, e.g.
 * "renew: 更新をお願いします") to reasons. */
enum parse_intent parse_intent_detect(const char *own_text, const char *subject, GPtrArray *reasons);

/* ---- classification (classify.c, trust.c, bounce.c, ca.c) ----------------- */

enum parse_kind {
	PARSE_KIND_CUSTOMER_REPLY,
	PARSE_KIND_APPLICATION_FORM,
	PARSE_KIND_APPROVAL_NOTICE,
	PARSE_KIND_ISSUED_CERTIFICATE,
	PARSE_KIND_AUTO_REPLY,
	PARSE_KIND_BOUNCE,
	PARSE_KIND_UNKNOWN,
};
/* INTERFACE.md's names: "customer_reply", "application_form", ... Never NULL. */
const char *parse_kind_name(enum parse_kind kind);

/* What the classifier needs from the configuration. Borrowed. */
struct parse_classify_config {
	const char *authserv_id;          /* Authentication-Results from this id only */
	const char *const *ca_domains;    /* digicert.com, sectigo.com, ... */
	const char *const *staff;         /* staff addresses (lower case) */
	const char *const *own_addresses; /* our From and info address: not customers */
};

/* The facts of one mail, as INTERFACE.md's classify output and more for
 * matching. Everything owned. */
struct parse_event {
	enum parse_kind kind;
	enum parse_intent intent;       /* customer replies only */
	char *message_id;
	char *sender;                   /* effective sender address (the inner mail's when forwarded) */
	char *subject;
	char *order_tag;                /* "ORD-2026-0012" from the subject, or NULL */
	GPtrArray *reference_ids;       /* In-Reply-To then References, "<...>" */
	char *domain;                   /* the domain the mail is about, or NULL */
	char *forwarded_by;             /* staff or customer address that forwarded it */
	bool forwarded_by_staff;
	char *ca;                       /* digicert, sectigo, globalsign, or NULL */
	char *ca_order;
	char *approval_url;             /* only when its host is the CA's own domain */
	bool ca_authenticated;          /* From is a CA domain and DKIM/DMARC passed by our authserv-id */
	struct parse_form *form;        /* application forms */
	GPtrArray *certificates;        /* struct parse_cert_facts * (leaf first) */
	/* bounces */
	char *bounce_recipient;
	char *bounce_status;            /* RFC 3463 "5.1.1" */
	bool bounce_hard;
	char *bounce_original_id;       /* Message-ID of the mail that bounced */
	bool trusted;                   /* from the mail alone; mailproc refines with the database */
	GPtrArray *reasons;             /* char *, short phrases */
	bool needs_staff;               /* over limits, broken, unclear: ask staff */
};

/* Classify a parsed mail (unwrapping forwards). Pure. *out owned by the caller. */
enum mp_status parse_classify(const struct parse_mail *mail, const struct parse_classify_config *config,
			      struct parse_event **out, struct mp_error *err);
void parse_event_free(struct parse_event *event);

/* Whether an Authentication-Results header (RFC 8601) from authserv_id says
 * dkim=pass for a signature of domain (d= or header.d= or header.i=) or
 * dmarc=pass for header.from=domain (domain or a subdomain of it). */
bool parse_auth_results_pass(const char *header_value, const char *authserv_id, const char *domain);

/* Whether url is an https link whose host is one of domains (NULL-terminated)
 * or a name under one: the only approval links ever repeated to a customer.
 * Look-alikes, userinfo tricks and odd characters are refused. */
bool parse_url_on_domains(const char *url, const char *const *domains);

#endif
