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

#endif
