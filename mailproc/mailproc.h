/* mailproc: the shell. CLI, configuration, store, logging: everything with
 * side effects lives in this room. */
#ifndef MAILPROC_MAILPROC_H
#define MAILPROC_MAILPROC_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "parsers.h"
#include "workflows.h"

/* sysexits.h codes used by main() */
#define MP_EX_OK 0
#define MP_EX_USAGE 64
#define MP_EX_DATAERR 65
#define MP_EX_UNAVAILABLE 69
#define MP_EX_SOFTWARE 70
#define MP_EX_CANTCREAT 73
#define MP_EX_TEMPFAIL 75
#define MP_EX_CONFIG 78

/* The exit code for a status (sysexits.h). */
int mp_status_exit_code(enum mp_status status);

/* ---- configuration (config.c) --------------------------------------------- */

enum mp_tls {
	MP_TLS_STARTTLS,
	MP_TLS_IMPLICIT,
	MP_TLS_NONE,
};

/* Everything of INTERFACE.md's INI file, with defaults filled in. Paths are
 * absolute: a relative path in the file is taken from the config file's
 * folder, so cron's working directory does not matter. All strings owned. */
struct mp_config {
	char *path;            /* the file it was read from */
	struct {
		char *imap_url;
		char *user;
		char *password_file;
		char *ca_file;
		char *processed_folder; /* "Processed" */
		char *review_folder;    /* "Needs-Staff" */
		char *rejected_folder;  /* "Rejected" */
		char *sent_folder;      /* "Sent": a copy of each mail sent */
	} mailbox;
	struct {
		char *url;
		char *user;
		char *password_file;
		enum mp_tls tls;        /* starttls */
		char *ca_file;
		char *from;
		char *from_name;
	} smtp;
	struct {
		char *name;
		char *info_address;
		char **staff;           /* NULL-terminated, lower case */
		char *form_url;
		char **form_from;       /* addresses the site's form mails come from; may be NULL */
	} company;
	struct wf_settings workflow; /* .cal points at cal below */
	char *language;              /* "ja" or "en" */
	int max_mails_per_order_per_day; /* 10 */
	GArray *closed_days;         /* wf_day; [workflow] closed_days */
	struct wf_cal *cal;          /* holidays + closed_days */
	struct {
		char *authserv_id;
		char *roots;
		char **ca_domains;      /* NULL-terminated, lower case */
	} trust;
	struct {
		char *db;
		char *keys;
		char *certs;
		char *templates;
	} paths;
};

/* $MAILPROC_CONFIG when set, else "./mailproc.conf". Static or environment
 * string: do not free. */
const char *mp_config_default_path(void);

/* Read and check the file. Missing required keys, bad values and a password
 * written into the file fail with MP_STATUS_CONFIG and "[section] key: why" in
 * err; unknown sections and keys are logged as warnings and ignored. A file
 * that does not exist is MP_STATUS_CONFIG too. *out is owned by the caller. */
enum mp_status mp_config_load(const char *path, struct mp_config **out, struct mp_error *err);
void mp_config_free(struct mp_config *config); /* NULL is fine */

enum mp_password_for { MP_PASSWORD_IMAP, MP_PASSWORD_SMTP };
/* The password from $MAILPROC_IMAP_PASSWORD / $MAILPROC_SMTP_PASSWORD, else
 * from the section's password_file (first line, without its newline). NULL
 * with MP_STATUS_OK in *status when neither is set; MP_STATUS_CONFIG when the
 * file cannot be read. The caller frees the string (and should wipe it). */
char *mp_config_password(const struct mp_config *config, enum mp_password_for which,
			 enum mp_status *status, struct mp_error *err);

/* The commented sample configuration that `mailproc init` writes. Static. */
const char *mp_config_sample(void);

/* ---- logging (log.c) ------------------------------------------------------- */

/* Send GLib's log (domain "mailproc") to stderr as one line per event:
 * "2026-11-25T09:00:00+09:00 info key=value ...". Warnings always; event
 * lines (g_message, g_info, g_debug) only when verbose. */
void mp_log_init(bool verbose);

/* ---- store (store.c, store-orders.c) ---------------------------------------- */

struct mp_store;

/* Open the SQLite database at path: WAL, synchronous=FULL, foreign keys on,
 * busy timeout. Migrates the schema forward to the newest version. With
 * create false a missing file is MP_STATUS_NOT_FOUND ("run mailproc init").
 * *out is owned by the caller (mp_store_close). */
enum mp_status mp_store_open(const char *path, bool create, struct mp_store **out,
			     struct mp_error *err);
void mp_store_close(struct mp_store *store); /* NULL is fine */
/* The schema version the database is at (PRAGMA user_version). */
int mp_store_schema_version(struct mp_store *store);
/* The newest schema version this build knows. */
int mp_store_schema_latest(void);

/* One transaction at a time; mp_store_rollback is safe without one. */
enum mp_status mp_store_begin(struct mp_store *store, struct mp_error *err);
enum mp_status mp_store_commit(struct mp_store *store, struct mp_error *err);
void mp_store_rollback(struct mp_store *store);

/* A customer row (import). Strings owned. */
struct mp_customer {
	char *id;
	char *org_name;
	char *org_name_en;
	char *address;
	char *phone;
	char *contact_name;
	char *contact_title;
	char *contact_email;
	char *tech_email;
	char *language;
};
void mp_customer_clear(struct mp_customer *c);

/* An order with everything `show` and the workflow need. wf borrows from the
 * strings of this struct. All strings owned. */
struct mp_order {
	struct wf_order wf;
	char *id;
	char *customer_id;
	struct mp_customer customer;
	int64_t certificate_id;
	char *domain;
	char *sans;               /* space-separated */
	char *ca;
	char *product;
	char *validation;
	int64_t price_jpy;
	char *ca_order;
	char *approval_url;
	char *notice_message_id;
	char *key_sha256;
	char *key_source;
	char *application;        /* JSON of the form, or NULL */
	int64_t issued_certificate_id; /* 0 when none */
	char *issued_sha256;
	int64_t issued_not_after;
	int64_t created_at;
};
void mp_order_free(struct mp_order *order); /* NULL is fine */

/* Load one order. MP_STATUS_NOT_FOUND with a message when there is none. */
enum mp_status mp_store_order_get(struct mp_store *store, const char *id, struct mp_order **out,
				  struct mp_error *err);
/* All orders (optionally only those in state), oldest first: a GPtrArray of
 * struct mp_order * that frees them. */
enum mp_status mp_store_order_list(struct mp_store *store, const enum wf_state *state,
				   GPtrArray **out, struct mp_error *err);

/* A new order id "ORD-YYYY-NNNN" for the year of now (Tokyo), inside the
 * caller's transaction. Caller frees. */
char *mp_store_next_order_id(struct mp_store *store, int64_t now, struct mp_error *err);

/* One line of an order's timeline. */
struct mp_timeline_entry {
	int64_t at;
	char *from_state;  /* NULL for the first entry */
	char *to_state;
	char *cause;
	char *detail;      /* message-id, command or timer */
	char *note;
};
/* The timeline, oldest first: GPtrArray of struct mp_timeline_entry *. */
enum mp_status mp_store_timeline(struct mp_store *store, const char *order_id, GPtrArray **out,
				 struct mp_error *err);
/* Add one timeline line inside the caller's transaction. */
enum mp_status mp_store_add_transition(struct mp_store *store, const char *order_id,
				       const char *from, const char *to, const char *cause,
				       const char *detail, const char *note, int64_t at,
				       struct mp_error *err);

/* One outbox row. */
struct mp_outbox_entry {
	int64_t id;
	char *order_id;
	char *template_name;
	char *recipient;
	char *message_id;
	char *in_reply_to;
	char *note;
	char *state;
	int attempts;
	int64_t created_at;
};
/* Outbox rows of an order (or of all orders when order_id is NULL), oldest
 * first: GPtrArray of struct mp_outbox_entry *. */
enum mp_status mp_store_outbox_list(struct mp_store *store, const char *order_id, GPtrArray **out,
				    struct mp_error *err);

/* Carry out a workflow result in ONE transaction: the new state and flags,
 * the timeline records (detail = what caused it: message-id, command, timer),
 * the outbox rows of its mails, the stored application, certificate and the
 * next cycle's order. A refused result changes nothing and returns
 * MP_STATUS_REFUSED with its reason in err. from_domain names the domain of
 * generated Message-IDs. */
struct mp_apply {
	const struct mp_order *order;
	const struct wf_event *event;
	const struct wf_result *result;
	const char *detail;
	const char *application_json;   /* for WF_EFFECT_STORE_APPLICATION */
	const char *cert_pem;           /* for WF_EFFECT_STORE_CERT (may be NULL) */
	const char *const *staff;       /* staff addresses for WF_TO_STAFF */
	const char *from_domain;
	int64_t now;
};
enum mp_status mp_store_apply(struct mp_store *store, const struct mp_apply *apply,
			      struct mp_error *err);

/* Record the public key of the order's key (made by `mailproc csr` or read
 * from a key file): spki_pem and its SHA-256, and where it came from. */
enum mp_status mp_store_order_set_key(struct mp_store *store, const char *order_id,
				      const struct parse_key_facts *key, struct mp_error *err);
/* The PEM text (leaf first, then the chain as received) of the order's
 * issued certificate; MP_STATUS_NOT_FOUND when it has none. Caller frees. */
enum mp_status mp_store_issued_pem(struct mp_store *store, const char *order_id, char **pem,
				   struct mp_error *err);

/* ---- import (import.c) ------------------------------------------------------ */

/* Check every row of a CSV buffer (INTERFACE.md's columns) and, only when all
 * are good, add or update customers, certificates and orders in one
 * transaction. Each change is appended to changes (char *, for printing);
 * each bad row to problems ("line N: column: why"); with problems nothing is
 * written and MP_STATUS_BAD_INPUT is returned. read_file reads key_file
 * columns relative to base_dir (NULL base_dir: current folder). */
enum mp_status mp_import_csv(struct mp_store *store, const char *buf, size_t len,
			     const char *base_dir, int64_t now, GPtrArray *changes,
			     GPtrArray *problems, struct mp_error *err);

/* ---- JSON output (json-out.c) ----------------------------------------------- */

#include <json-glib/json-glib.h>

/* Add INTERFACE.md's certificate object as the builder's next value (inside
 * an array, or after json_builder_set_member_name):
 *   {"subject_cn", "sans", "issuer_cn", "not_after", "sha256", "is_ca"}
 * A missing string is null; sans is always an array (empty when the
 * certificate has no DNS names); not_after as mp_json_time(). Borrows c. */
void mp_json_add_cert(JsonBuilder *b, const struct parse_cert_facts *c);

/* Unix time t as RFC 3339 UTC, "2027-12-01T00:00:00Z" (proleptic Gregorian,
 * any int64_t). Caller frees. */
char *mp_json_time(int64_t t);

/* The form's fields as a JSON object, in parse_form_keys() order, secrets
 * masked as "********". Caller unrefs. */
JsonObject *mp_json_form(const struct parse_form *form);

/* root as one line of JSON: not pretty-printed, UTF-8 kept as is, control
 * characters escaped, no trailing newline. Borrows root; caller frees the
 * string. */
char *mp_json_to_line(JsonNode *root);

/* ---- keys and CSRs (keys.c) ------------------------------------------------- */

/* The kind of key `mailproc csr` makes. */
enum mp_key_type {
	MP_KEY_EC_P256,  /* ECDSA on P-256: the default */
	MP_KEY_RSA,      /* RSA, 2048 or 3072 bits */
};

/* What a CSR says. All borrowed. country, state, locality and org must be
 * printable ASCII (a CA wants the organization's registration in English);
 * cn and names are DNS names (a "*." first label is allowed; an
 * internationalized name in its xn-- form), made lower case. */
struct mp_csr_request {
	enum mp_key_type type;
	int bits;                  /* MP_KEY_RSA: 2048 or 3072; ignored for EC */
	const char *country;       /* "JP" */
	const char *state;         /* ST: the prefecture, e.g. "Tokyo" */
	const char *locality;      /* L: the city or ward, e.g. "Chiyoda-ku" */
	const char *org;           /* O: the English organization name */
	const char *cn;            /* CN: the order's domain */
	const char *const *names;  /* NULL-terminated, may be NULL: further DNS
				    * names; the subjectAltName holds cn first,
				    * then these, each once */
};

/* Check one subject value: non-empty, printable ASCII, at most max bytes.
 * what names it in the message ("O", "--locality"). MP_STATUS_OK, or
 * MP_STATUS_BAD_INPUT with why in err. */
enum mp_status mp_keys_check_text(const char *what, const char *value, size_t max,
				  struct mp_error *err);

/* Make a new key and its CSR (subject C, ST, L, O, CN; every name as a DNS
 * subjectAltName; signed with SHA-256). *key_pem is the private key as
 * unencrypted PKCS#8 PEM: the caller owns it and must release it with
 * mp_keys_free_secret(), never print or log it. *csr_pem ("CERTIFICATE
 * REQUEST") is the caller's to g_free. Returns MP_STATUS_OK,
 * MP_STATUS_BAD_INPUT with why for a value refused (non-ASCII, too long, not
 * a DNS name, bad RSA size), or MP_STATUS_CRYPTO with OpenSSL's reason. */
enum mp_status mp_keys_make_csr(const struct mp_csr_request *req, char **key_pem, char **csr_pem,
				struct mp_error *err);

/* Wipe a secret string, then free it. NULL is fine. */
void mp_keys_free_secret(char *secret);

/* Write len bytes of data to path atomically: a temporary file in the same
 * folder (O_CREAT|O_EXCL, created 0600, then set to exactly mode whatever the
 * umask), written, fsynced, moved into place, and the folder fsynced. When
 * path exists: without keep_old MP_STATUS_REFUSED (checked atomically; the
 * file is left alone); with keep_old the old file is kept as "PATH.old" (or
 * "PATH.old.2", ".3", ... when taken) and that name is returned in *kept
 * (caller frees; NULL when there was no old file; kept may be NULL).
 * MP_STATUS_IO with the reason when a file operation fails. */
enum mp_status mp_keys_write_file(const char *path, const void *data, size_t len,
				  unsigned int mode, bool keep_old, char **kept,
				  struct mp_error *err);

/* mp_keys_write_file() of a private key PEM, mode 0600; force is keep_old. */
enum mp_status mp_keys_write_private(const char *path, const char *pem, bool force, char **kept,
				     struct mp_error *err);

/* Take back a mp_keys_write_file(): put kept back at path when it is not
 * NULL, else remove path. Best effort; failures are logged as warnings. */
void mp_keys_undo_write(const char *path, const char *kept);

/* The English name ("Tokyo", "Osaka", "Hokkaido", "Kyoto", ...) of the
 * prefecture an address in Japanese starts with ("東京都千代田区..."),
 * after white space and a postal code ("〒100-0005"). NULL when it starts
 * with none of the 47 (or address is NULL). Static string. */
const char *mp_keys_prefecture_en(const char *address_ja);

/* The index-th of the 47 prefectures (0 = 北海道 ... 46 = 沖縄県) in *ja
 * and *en (static strings); false when index is past the end. */
bool mp_keys_prefecture(size_t index, const char **ja, const char **en);

/* ---- install-report bundle (bundle.c) ----------------------------------------- */

/* The install-report ZIP of an order, in memory: the files of
 * wf_bundle_layout() for o->ca and o->domain, each PEM text.
 * issued_pem: what mp_store_issued_pem() returns (the leaf, then whatever
 * chain the CA sent). The chain is the path up from the leaf (the leaf's
 * issuer first), each link matched by name and signature; certificates off
 * that path are left out (and logged). The root is the self-signed CA at
 * the top of that path when the CA sent it, else the certificate of
 * roots_pem (the [trust] roots bundle, read by the caller) whose name and
 * key issued the last certificate of the path. No private key ever goes in:
 * a file that would hold one refuses the whole bundle. Entries carry the
 * leaf's notBefore (Tokyo time) as their time, so the same order gives the
 * same bytes. Returns MP_STATUS_OK with *zip_out (caller g_bytes_unref()s);
 * MP_STATUS_BAD_INPUT for an unknown CA, a common name unsafe in a file
 * name, an issued PEM without a leaf or without an intermediate;
 * MP_STATUS_NOT_FOUND when issued_pem is NULL or empty, or the root is
 * neither in issued_pem nor in roots_pem; MP_STATUS_REFUSED when a private key would go in;
 * MP_STATUS_CRYPTO or MP_STATUS_IO when OpenSSL or libzip fail. */
enum mp_status mp_bundle_build(const struct mp_order *o, const char *issued_pem,
			       const void *roots_pem, size_t roots_len, GBytes **zip_out,
			       struct mp_error *err);

/* ---- install check over TLS (tls-check.c) ------------------------------------ */

/* Split "HOST", "HOST:PORT", "[IPv6]" or "[IPv6]:PORT" into *host and *port,
 * port "443" when none is given. A bare IPv6 literal ("::1") is a host
 * without a port: write "[::1]:8443" for one. HOST is a DNS name or an IP
 * literal, PORT a number 1-65535. Returns true with both strings owned by the
 * caller, or false (both NULL) for anything else: an empty host or port, a
 * port that is no number, an unclosed bracket, spaces and other junk. */
bool mp_tls_split_hostport(const char *text, char **host, char **port);

/* "host:port", or "[host]:port" for an IPv6 literal, for messages. Caller frees. */
char *mp_tls_join_hostport(const char *host, const char *port);

/* Connect to host (a DNS name or an IP literal) on port, shake hands with
 * TLS 1.2 or later, take the leaf certificate the server presents and close
 * the connection. sni is the server name sent (not sent when NULL, an IP
 * literal or a wildcard name). Connecting and the handshake together give up
 * after timeout_seconds (name resolution keeps the system resolver's own
 * timeouts). Trust is not required: the caller compares the leaf with the
 * certificate it expects. Whether the server's chain verifies against the
 * system's default trust store (for sni) is only reported in *verify_note,
 * e.g. "TLSv1.3, chain verifies against the system's trusted roots".
 * On MP_STATUS_OK *leaf_der (DER) and *verify_note (verify_note may be NULL)
 * belong to the caller; on failure both are NULL. Returns
 * MP_STATUS_UNAVAILABLE with "HOST:PORT: why" in err when the name does not
 * resolve, the connection is refused or times out, or the handshake fails
 * (OpenSSL's reason); MP_STATUS_CRYPTO when OpenSSL cannot be set up. */
enum mp_status mp_tls_fetch_leaf(const char *host, const char *port, const char *sni,
				 int timeout_seconds, GBytes **leaf_der, char **verify_note,
				 struct mp_error *err);

/* ---- matching mails to orders (store-match.c, match.c) ----------------------- */

/* Order ids (char *, appended to ids, no duplicates) whose sent mails or
 * imported notice carry message_id. */
enum mp_status mp_store_orders_by_message_id(struct mp_store *store, const char *message_id,
					     GPtrArray *ids, struct mp_error *err);
/* Open (not terminal) orders whose certificate names cover host: the common
 * name or a SAN, a wildcard covering one label. */
enum mp_status mp_store_open_orders_by_host(struct mp_store *store, const char *host, GPtrArray *ids,
					    struct mp_error *err);
/* Open orders of customers whose contact or technical address is address. */
enum mp_status mp_store_open_orders_by_address(struct mp_store *store, const char *address,
					       GPtrArray *ids, struct mp_error *err);

/* What the database says about a classified mail. */
struct mp_match {
	char *order_id;   /* the one order it belongs to, or NULL */
	bool trusted;     /* SPEC.md's trust rules with the order known */
	GPtrArray *reasons; /* char *: how it matched or why not, why (not) trusted */
};
void mp_match_clear(struct mp_match *match);

/* Find the order of ev and decide trust: references and the subject tag
 * first, then (only when they say nothing) the domain and the sender; two
 * candidates or none -> no order, with the reason. Certificates are
 * verified against the order (chain to roots_pem, its key, its names) at
 * now. */
enum mp_status mp_match_event(struct mp_store *store, const struct mp_config *config,
			      const struct parse_event *ev, const char *roots_pem, size_t roots_len,
			      int64_t now, struct mp_match *match, struct mp_error *err);

/* ---- inbound messages and the outbox in the store (store-messages.c) -------- */

enum mp_outcome { MP_OUTCOME_PROCESSED, MP_OUTCOME_NEEDS_STAFF, MP_OUTCOME_REJECTED };
/* "processed", "needs_staff", "rejected". */
const char *mp_outcome_name(enum mp_outcome outcome);

/* One inbound message and what became of it. Strings owned. */
struct mp_message {
	int64_t id;
	uint32_t uidvalidity;
	uint32_t uid;
	char *message_id;
	char *kind;
	enum mp_outcome outcome;
	char *reason;
	char *order_id;
	char *sender;
	char *subject;
	int64_t received_at;
	GBytes *raw;            /* mails that need staff, decided before schema 5; else NULL */
	char *raw_file;         /* mails that need staff: kept in this spool file */
	int64_t raw_offset;     /* ... at this offset */
	int64_t raw_size;       /* ... with this many bytes */
	int64_t resolved_at;
	char *resolution;
	bool alert_pending;     /* written only: staff are yet to hear of it */
};
void mp_message_free(struct mp_message *m); /* NULL is fine */

/* The decided message at (uidvalidity, uid), or NULL in *out. */
enum mp_status mp_store_message_at(struct mp_store *store, uint32_t uidvalidity, uint32_t uid,
				   struct mp_message **out, struct mp_error *err);
/* The earliest decided message with this Message-ID, or NULL in *out. */
enum mp_status mp_store_message_by_id(struct mp_store *store, const char *message_id,
				      struct mp_message **out, struct mp_error *err);
/* Record a decided message, inside the caller's transaction. */
enum mp_status mp_store_message_add(struct mp_store *store, const struct mp_message *m,
				    struct mp_error *err);
/* Messages waiting for staff (needs_staff, not resolved), oldest first. */
enum mp_status mp_store_queue(struct mp_store *store, GPtrArray **out, struct mp_error *err);
/* Mark a queued message decided by staff. */
enum mp_status mp_store_message_resolve(struct mp_store *store, int64_t id, const char *resolution,
					const char *order_id, int64_t now, struct mp_error *err);

/* The mails staff are yet to hear of (alert_pending), oldest first
 * (struct mp_message). */
enum mp_status mp_store_alert_pending(struct mp_store *store, GPtrArray **out, struct mp_error *err);
/* Staff have been told of the pending mails up to message id up_to_id. */
enum mp_status mp_store_alert_sent(struct mp_store *store, int64_t up_to_id, struct mp_error *err);
/* Queue a staff alert (order_id may be NULL), inside or outside a transaction. */
enum mp_status mp_store_staff_alert(struct mp_store *store, const struct mp_config *config,
				    const char *order_id, const char *text, int64_t now,
				    struct mp_error *err);

/* An outbox row due for sending. Strings owned. */
struct mp_outbox_due {
	int64_t id;
	char *order_id;       /* NULL for alerts about no order */
	char *template_name;
	char *recipient;
	char *message_id;
	char *in_reply_to;
	char *note;
	char *flags;          /* "in_reply phone_warning attach_bundle" */
	GBytes *rendered;     /* NULL until rendered */
	int attempts;
};
void mp_outbox_due_free(struct mp_outbox_due *d);
/* Pending rows whose next attempt is due at now, oldest first: at most
 * limit of them, with an id greater than after (paging). */
enum mp_status mp_store_outbox_due(struct mp_store *store, int64_t now, int64_t after, int limit,
				   GPtrArray **out, struct mp_error *err);
enum mp_status mp_store_outbox_rendered(struct mp_store *store, int64_t id, GBytes *rendered,
					const char *subject, struct mp_error *err);
enum mp_status mp_store_outbox_sent(struct mp_store *store, int64_t id, int64_t now, struct mp_error *err);
/* Sent rows whose copy is not yet in the Sent folder (id, message_id,
 * rendered set), oldest first. */
enum mp_status mp_store_outbox_uncopied(struct mp_store *store, GPtrArray **out, struct mp_error *err);
/* The row's copy is in the Sent folder. */
enum mp_status mp_store_outbox_copied(struct mp_store *store, int64_t id, int64_t now, struct mp_error *err);
/* A temporary failure: try again at next_at. */
enum mp_status mp_store_outbox_retry(struct mp_store *store, int64_t id, const char *error,
				     int64_t next_at, struct mp_error *err);
/* A permanent failure: the row is failed for good. */
enum mp_status mp_store_outbox_failed(struct mp_store *store, int64_t id, const char *error,
				      struct mp_error *err);
/* Mails sent for order since the time since. */
enum mp_status mp_store_outbox_sent_since(struct mp_store *store, const char *order_id, int64_t since,
					  int *count, struct mp_error *err);

/* ---- one inbound mail (inbound.c) -------------------------------------------- */

struct parse_classify_config;
struct mp_cli;

/* What became of one mail. */
struct mp_inbound {
	enum mp_outcome outcome;
	char *reason;              /* owned */
	char *order_id;            /* owned, or NULL */
	bool already;              /* decided by an earlier run: only the move is left */
	struct wf_result *result;  /* owned: the step it caused, or NULL */
	char *cert_pem;            /* owned: an issued certificate to store once committed */
};
void mp_inbound_clear(struct mp_inbound *in);
/* The classifier's settings from config; returns the list it points into
 * (free with g_strfreev after the last use of pc). */
char **mp_inbound_classify_config(const struct mp_config *config, struct parse_classify_config *pc);
/* The form's fields the workflow compares; strings borrowed from form. */
struct wf_party mp_form_party(const struct parse_form *form);
/* The application as one line of JSON, secrets masked: the server login
 * details stay in the customer's mail, never in the database. Caller frees. */
char *mp_form_json(const struct parse_form *form);
/* Every certificate as PEM text, in order. Caller frees. */
char *mp_certs_pem(GPtrArray *certs);
/* The IMAP folder for an outcome. Borrowed from config. */
const char *mp_inbound_folder(const struct mp_config *config, enum mp_outcome outcome);
/* ---- mails kept for staff (spool.c) ------------------------------------------ */

/* A mail that waits for staff is kept whole, for `resolve` to read again,
 * outside the database: appended to one file per batch under the spool
 * folder, which is fsynced before the commit that points at it. */
struct mp_spool;
char *mp_spool_dir(const struct mp_config *config); /* <db dir>/mail; caller frees */
struct mp_spool *mp_spool_new(const char *dir, uint32_t uidvalidity, uint32_t first_uid);
/* Append mail; *file (borrowed from spool) and *offset say where it went. */
enum mp_status mp_spool_add(struct mp_spool *spool, GBytes *mail, const char **file, int64_t *offset,
			    struct mp_error *err);
/* Make what was added durable (file and folder); nothing added: nothing
 * done. Calls mp_durable_step("spool"). */
enum mp_status mp_spool_sync(struct mp_spool *spool, struct mp_error *err);
/* The batch was not committed: remove its file (NULL is fine). */
void mp_spool_discard(struct mp_spool *spool);
void mp_spool_free(struct mp_spool *spool); /* NULL is fine */
/* How far folder has been decided: its UIDVALIDITY then and the highest
 * UID decided (0 and 0 when never polled). */
enum mp_status mp_store_mailbox_state(struct mp_store *store, const char *folder, uint32_t *uidvalidity,
				      uint32_t *last_uid, struct mp_error *err);
/* Record uid as decided in folder under uidvalidity (inside the caller's
 * transaction, with the decisions): the mark only rises, a new UIDVALIDITY
 * starts it over. */
enum mp_status mp_store_mailbox_advance(struct mp_store *store, const char *folder, uint32_t uidvalidity,
					uint32_t uid, struct mp_error *err);
/* The spool files decided mails point at (a set of file names). */
enum mp_status mp_store_spool_files(struct mp_store *store, GHashTable **out, struct mp_error *err);
/* A kept mail back: size bytes at offset of file in dir. */
enum mp_status mp_spool_read(const char *dir, const char *file, int64_t offset, int64_t size, GBytes **out,
			     struct mp_error *err);

/* Decide one mail (raw bytes as fetched from uidvalidity/uid): classify,
 * match, turn it into a workflow event when it is trusted and clear, and
 * write the message's outcome, the order's step and its mails into the
 * caller's transaction (mp_store_begin), which holds a batch of mails. A
 * mail for staff is kept in spool (the caller syncs it before the commit)
 * and marked for the run's staff alert (mp_inbound_staff_digest).
 * The caller commits, then calls mp_inbound_committed, then moves the mail.
 * With dry_run prints and changes nothing (no transaction needed). */
enum mp_status mp_inbound_process(struct mp_cli *cli, const struct parse_classify_config *pc,
				  const char *roots, size_t roots_len, uint32_t uidvalidity, uint32_t uid,
				  GBytes *raw, struct mp_spool *spool, bool dry_run, struct mp_inbound *in,
				  struct mp_error *err);
/* One staff alert for every mail that waits for staff and was not in an
 * alert yet (the first ones listed; `mailproc queue` has all), queued and
 * the mails marked in one transaction of its own; *mails is how many it
 * covers (0: none queued, nothing written). */
enum mp_status mp_inbound_staff_digest(struct mp_cli *cli, unsigned *mails, struct mp_error *err);
/* After the commit: what is kept outside the database (certificate files). */
void mp_inbound_committed(struct mp_cli *cli, const struct mp_inbound *in);

/* ---- the outbox drain (outbox.c) --------------------------------------------- */

struct mp_cli;
struct mp_templates;
struct mp_imap;

struct mp_outbox_totals {
	unsigned sent;      /* accepted by the server (or, dry run, would be sent) */
	unsigned deferred;  /* temporary failure or the daily limit: later */
	unsigned failed;    /* given up; staff alerted */
};
/* Send every pending mail that is due: render it once (templates), send it
 * (SMTP), record it, append a copy to the Sent folder when imap is not NULL.
 * Temporary failures back off; permanent ones alert staff. With dry_run only
 * prints what would be sent. MP_STATUS_TEMPFAIL when something must wait for
 * a later run. */
enum mp_status mp_outbox_drain(struct mp_cli *cli, const struct mp_templates *templates,
			       struct mp_imap *imap, bool dry_run, struct mp_outbox_totals *totals,
			       struct mp_error *err);

/* ---- crash points for tests (crash.c) ---------------------------------------- */

/* Call at each durable step (an SQLite commit, an IMAP MOVE or APPEND, an
 * SMTP DATA, the fsync of a spool file) right after it happened. When the environment variable
 * MAILPROC_TEST_CRASH_AT=N is set (tests only), the Nth call aborts the
 * process, so tests can kill a run at every step in turn. */
void mp_durable_step(const char *what);

/* ---- templates and composing mails (template.c, compose.c) ------------------ */

struct mp_templates;

/* Load every template of SPEC.md's mails from dir/ja/NAME.txt and
 * dir/en/NAME.txt (NAME = wf_mail_name()). A template is a "Subject: ..."
 * line, a blank line and the body, with {{variable}} placeholders. An unknown
 * variable, a missing template or a malformed file is MP_STATUS_CONFIG naming
 * the file and line: never a blank in a customer's mail. */
enum mp_status mp_templates_load(const char *dir, struct mp_templates **out, struct mp_error *err);
void mp_templates_free(struct mp_templates *templates);
/* The variables a template may use, NULL-terminated, static. */
const char *const *mp_templates_variables(void);
/* Fill template name in language ("ja" or "en") with vars (name -> value,
 * both char *). Values are inserted as they are, CR/LF in a value that goes
 * into the subject are refused (MP_STATUS_BAD_INPUT). Caller frees both. */
enum mp_status mp_templates_render(const struct mp_templates *templates, const char *language,
				   const char *name, GHashTable *vars, char **subject, char **body,
				   struct mp_error *err);
/* The acceptance mail's paragraph for {{phone_warning}} when the registered
 * address or the contact changed (the CA may phone the number of the DUNS
 * record or the phone directory; correct an outdated DUNS record first), in
 * language ("ja" or "en"). Static; NULL for another language. Pass "" for
 * {{phone_warning}} when nothing changed. */
const char *mp_templates_phone_warning(const char *language);
/* The whole line(s) for {{approval_link}}: approval_url (already checked to be
 * on the CA's own host) after a short label in language; "" when approval_url
 * is NULL or empty or is not one URL (whitespace or a control character in
 * it). Owned by the caller. */
char *mp_templates_approval_link(const char *language, const char *approval_url);

/* One mail to build. Strings borrowed. */
struct mp_compose {
	const char *from;           /* address */
	const char *from_name;      /* display name, may be NULL */
	const char *to;             /* comma-separated addresses */
	const char *subject;        /* UTF-8, already carries the [ORD-...] tag */
	const char *body;           /* UTF-8 text */
	const char *message_id;     /* "<...>" */
	const char *in_reply_to;    /* "<...>" or NULL */
	const char *references;     /* space-separated "<...>" or NULL */
	const char *auto_submitted; /* "auto-generated" or "auto-replied" */
	bool iso2022jp;             /* Japanese mail as ISO-2022-JP instead of UTF-8 */
	int64_t date;
	const char *attachment_name; /* e.g. the install report's ZIP, or NULL */
	GBytes *attachment;
};
/* Build the RFC 5322 message (CRLF) with GMime. A header value with CR or
 * LF is refused (MP_STATUS_BAD_INPUT): a customer's text can never add a
 * header. *out owned by the caller. */
enum mp_status mp_compose_message(const struct mp_compose *compose, GBytes **out, struct mp_error *err);

/* ---- SMTP submission (smtp.c) ------------------------------------------------ */

/* Send one message with libcurl to config->smtp (STARTTLS required unless
 * tls=none; implicit TLS for smtps://; ca_file as an extra anchor; the
 * server's certificate and name verified). password may be NULL. Returns
 * MP_STATUS_OK when the server accepted it (mp_durable_step("smtp") is called
 * then), MP_STATUS_UNAVAILABLE when the server cannot be reached at all
 * (the next mail would fare no better), MP_STATUS_TEMPFAIL for a 4xx answer
 * or a connection that broke,
 * MP_STATUS_REFUSED for a 5xx answer (permanent), with the server's words in
 * err. */
enum mp_status mp_smtp_send(const struct mp_config *config, const char *password, const char *mail_from,
			    const char *const *recipients, GBytes *message, struct mp_error *err);

/* ---- IMAP (imap.c) ----------------------------------------------------------- */

struct mp_imap;

/* Connect to config->mailbox.imap_url with libetpan (imaps:// or imap://
 * with STARTTLS, required unless the URL says ?tls=none), verify the
 * server's chain and host name with OpenSSL (system roots or ca_file) BEFORE
 * LOGIN, then log in. MP_STATUS_UNAVAILABLE when the server cannot be
 * reached or its certificate is refused (the text says which);
 * MP_STATUS_CONFIG when the login is refused. */
enum mp_status mp_imap_connect(const struct mp_config *config, const char *password,
			       struct mp_imap **out, struct mp_error *err);
void mp_imap_close(struct mp_imap *imap); /* logs out; NULL is fine */
/* SELECT folder: its UIDVALIDITY. */
enum mp_status mp_imap_select(struct mp_imap *imap, const char *folder, uint32_t *uidvalidity,
			      struct mp_error *err);
/* One mail of the selected folder. */
struct mp_imap_item {
	uint32_t uid;
	uint32_t size; /* RFC822.SIZE, as the server counts it */
};
/* The mails of the selected folder with a UID greater than after, ascending
 * (GArray of struct mp_imap_item): one UID FETCH of UID and RFC822.SIZE. */
enum mp_status mp_imap_list_after(struct mp_imap *imap, uint32_t after, GArray **items, struct mp_error *err);
/* Fetch BODY.PEEK[] of n UIDs (ascending) in one command into one file,
 * path (created 0600; a scratch copy, not fsynced: the mail stays on the
 * server until it is moved), one mail after another: mail i is sizes[i]
 * bytes at offsets[i]. found[i] false: the server has no such mail (any
 * more). The whole answer is in memory for a moment: keep batches small. */
enum mp_status mp_imap_fetch_batch(struct mp_imap *imap, const uint32_t *uids, guint n, const char *path,
				   size_t *offsets, size_t *sizes, bool *found, struct mp_error *err);
/* A big mail is fetched in pieces of this many octets (BODY.PEEK[]<o.n>). */
#define MP_IMAP_FETCH_CHUNK (1024u * 1024)
/* Fetch BODY.PEEK[] of one mail into path a piece at a time, so that no
 * more than MP_IMAP_FETCH_CHUNK of it is ever in memory. *found false: the
 * server has no such mail (no file left). */
enum mp_status mp_imap_fetch_large(struct mp_imap *imap, uint32_t uid, const char *path, size_t *size,
				   bool *found, struct mp_error *err);
/* Move n UIDs (ascending) to folder (created when missing) in one command:
 * MOVE when the server offers it, else COPY, \Deleted and UID EXPUNGE of
 * those UIDs. Calls mp_durable_step("imap-move") once. */
enum mp_status mp_imap_move_uids(struct mp_imap *imap, const uint32_t *uids, guint n, const char *folder,
				 struct mp_error *err);
/* Append a message to folder (created when missing), flagged \Seen.
 * Calls mp_durable_step("imap-append"). */
enum mp_status mp_imap_append(struct mp_imap *imap, const char *folder, GBytes *message,
			      struct mp_error *err);
/* The folder named in imap_url ("INBOX" when it names none); borrowed,
 * lives as long as imap. */
const char *mp_imap_url_folder(const struct mp_imap *imap);

/* Whether certs (leaf first) are the order's: the chain verifies to
 * roots_pem at now, the leaf has the order's key and covers its names.
 * Appends why to reasons. */
bool mp_match_verify_certs(const struct mp_order *order, GPtrArray *certs, const char *roots_pem,
			   size_t roots_len, int64_t now, GPtrArray *reasons);

/* ---- command line (main.c, cli.c, cmd-*.c) ---------------------------------- */

/* What every subcommand shares: its options, config, store and clock. */
struct mp_cli {
	const char *name;      /* subcommand name, for messages */
	char *config_path;     /* --config, else mp_config_default_path() */
	char *now_text;        /* --now */
	gboolean verbose;      /* --verbose */
	struct mp_config *config;
	struct mp_store *store;
	int64_t now;           /* --now or the clock */
};

/* Parse argv with GOptionContext: the common options (--config, --verbose,
 * and --now when with_now) plus extra. parameter_string is shown after the
 * command name in --help ("ORDER"), summary under it. On --help or an error
 * prints and returns the exit code to leave with; returns -1 to go on. */
int mp_cli_parse(struct mp_cli *cli, const char *parameter_string, const char *summary,
		 const GOptionEntry *extra, bool with_now, int *argc, char ***argv);
/* Load the configuration and open the store (creating it when create).
 * Prints the problem and returns the exit code to leave with, or 0. */
int mp_cli_open(struct mp_cli *cli, bool create);
void mp_cli_close(struct mp_cli *cli);
/* Print "mailproc NAME: text" on stderr and return the status's exit code. */
int mp_cli_fail(const struct mp_cli *cli, enum mp_status status, const char *text);

/* "YYYY-MM-DDTHH:MM" (or with :SS, or a bare date for 00:00) in Tokyo time. */
bool mp_parse_time(const char *text, int64_t *out);
/* "2026-11-25 09:00" in Tokyo time; caller frees. */
char *mp_format_time(int64_t t);

/* Read a whole file; caller frees *data. MP_STATUS_IO with the reason. */
enum mp_status mp_read_file(const char *path, char **data, size_t *len, struct mp_error *err);

/* Feed one event to an order and carry out the result in one transaction:
 * load, wf_step, mp_store_apply (retrying once when the order moved under
 * it). detail: what caused it (command, message-id, timer). */
enum mp_status mp_order_event(struct mp_cli *cli, const char *order_id, const struct wf_event *event,
			      const char *detail, const char *application_json, const char *cert_pem,
			      struct wf_result **result_out, struct mp_error *err);

/* After an issued certificate was recorded: its files under [paths] certs. */
void mp_store_cert_files(const struct mp_cli *cli, const char *order_id, const char *cert_pem);

/* Print what a step did on stdout: one line per transition and per mail. */
void mp_print_result(const char *order_id, const struct wf_result *result);

int mp_cmd_init(int argc, char **argv);
int mp_cmd_import(int argc, char **argv);
int mp_cmd_orders(int argc, char **argv);
int mp_cmd_show(int argc, char **argv);
int mp_cmd_applied(int argc, char **argv);
int mp_cmd_installed(int argc, char **argv);
int mp_cmd_paid(int argc, char **argv);
int mp_cmd_record(int argc, char **argv);
int mp_cmd_run(int argc, char **argv);
int mp_cmd_csr(int argc, char **argv);
int mp_cmd_bundle(int argc, char **argv);
int mp_cmd_cert_verify(int argc, char **argv);
int mp_cmd_classify(int argc, char **argv);
int mp_cmd_queue(int argc, char **argv);
int mp_cmd_resolve(int argc, char **argv);

#endif
