/* Reading and checking mailproc.conf (INI through GKeyFile), and its sample. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mailproc.h"

/* How a value is checked and where it goes. */
enum kind {
	K_TEXT,     /* char *, taken as written */
	K_PATH,     /* char *, made absolute against the config file's folder */
	K_URL,      /* char *, must start with one of schemes */
	K_ADDRESS,  /* char *, one e-mail address */
	K_ADDRESSES, /* char **, comma-separated addresses, lower case */
	K_DOMAINS,  /* char **, comma-separated domain names, lower case */
	K_INT,      /* int, min..max */
	K_TLS,      /* enum mp_tls */
	K_LANGUAGE, /* char *, "ja" or "en" */
	K_DAYS,     /* closed_days: config->closed_days and config->cal */
};

struct key_spec;
/* A check that needs keys read before this one (same section, earlier line). */
typedef enum mp_status (*cross_check)(const struct mp_config *config,
				      const struct key_spec *spec, struct mp_error *err);

struct key_spec {
	const char *group;
	const char *key;
	enum kind kind;
	bool required;
	const char *def;            /* default as it would be written, or NULL */
	size_t offset;              /* the field in struct mp_config */
	int min, max;               /* K_INT */
	const char *const *schemes; /* K_URL */
	cross_check check;          /* run after the value is stored, or NULL */
};

static const char *const imap_schemes[] = { "imap://", "imaps://", NULL };
static const char *const smtp_schemes[] = { "smtp://", "smtps://", NULL };
static const char *const web_schemes[] = { "http://", "https://", NULL };

static enum mp_status check_tls(const struct mp_config *config, const struct key_spec *spec,
				struct mp_error *err);
static enum mp_status check_deadline(const struct mp_config *config,
				     const struct key_spec *spec, struct mp_error *err);
static enum mp_status check_reminder(const struct mp_config *config,
				     const struct key_spec *spec, struct mp_error *err);

#define AT(field) offsetof(struct mp_config, field)

/* In the order of INTERFACE.md: the first problem reported is the first one a
 * reader of the file meets when the sections are in that order. */
static const struct key_spec keys[] = {
	{ "mailbox", "imap_url", K_URL, true, NULL, AT(mailbox.imap_url), 0, 0, imap_schemes, NULL },
	{ "mailbox", "user", K_TEXT, true, NULL, AT(mailbox.user), 0, 0, NULL, NULL },
	{ "mailbox", "password_file", K_PATH, false, NULL, AT(mailbox.password_file), 0, 0, NULL, NULL },
	{ "mailbox", "ca_file", K_PATH, false, NULL, AT(mailbox.ca_file), 0, 0, NULL, NULL },
	{ "mailbox", "processed_folder", K_TEXT, false, "Processed", AT(mailbox.processed_folder), 0, 0, NULL, NULL },
	{ "mailbox", "review_folder", K_TEXT, false, "Needs-Staff", AT(mailbox.review_folder), 0, 0, NULL, NULL },
	{ "mailbox", "rejected_folder", K_TEXT, false, "Rejected", AT(mailbox.rejected_folder), 0, 0, NULL, NULL },
	{ "mailbox", "sent_folder", K_TEXT, false, "Sent", AT(mailbox.sent_folder), 0, 0, NULL, NULL },

	{ "smtp", "url", K_URL, true, NULL, AT(smtp.url), 0, 0, smtp_schemes, NULL },
	{ "smtp", "user", K_TEXT, false, NULL, AT(smtp.user), 0, 0, NULL, NULL },
	{ "smtp", "password_file", K_PATH, false, NULL, AT(smtp.password_file), 0, 0, NULL, NULL },
	/* The default depends on the url: see tls_default(). */
	{ "smtp", "tls", K_TLS, false, NULL, AT(smtp.tls), 0, 0, NULL, check_tls },
	{ "smtp", "ca_file", K_PATH, false, NULL, AT(smtp.ca_file), 0, 0, NULL, NULL },
	{ "smtp", "from", K_ADDRESS, true, NULL, AT(smtp.from), 0, 0, NULL, NULL },
	{ "smtp", "from_name", K_TEXT, false, NULL, AT(smtp.from_name), 0, 0, NULL, NULL },

	{ "company", "name", K_TEXT, true, NULL, AT(company.name), 0, 0, NULL, NULL },
	{ "company", "info_address", K_ADDRESS, true, NULL, AT(company.info_address), 0, 0, NULL, NULL },
	{ "company", "staff", K_ADDRESSES, true, NULL, AT(company.staff), 0, 0, NULL, NULL },
	{ "company", "form_url", K_URL, true, NULL, AT(company.form_url), 0, 0, web_schemes, NULL },
	{ "company", "form_from", K_ADDRESSES, false, NULL, AT(company.form_from), 0, 0, NULL, NULL },

	/* Integer defaults come from wf_settings_default(), so they live in one place. */
	{ "workflow", "notice_days", K_INT, false, NULL, AT(workflow.notice_days), 1, 365, NULL, NULL },
	{ "workflow", "deadline_business_days_before_expiry", K_INT, false, NULL,
	  AT(workflow.deadline_business_days), 1, 60, NULL, check_deadline },
	{ "workflow", "reminder_business_days", K_INT, false, NULL,
	  AT(workflow.reminder_business_days), 1, 60, NULL, check_reminder },
	{ "workflow", "approval_reminder_business_days", K_INT, false, NULL,
	  AT(workflow.approval_reminder_business_days), 1, 60, NULL, NULL },
	{ "workflow", "issuance_overdue_business_days", K_INT, false, NULL,
	  AT(workflow.issuance_overdue_business_days), 1, 60, NULL, NULL },
	{ "workflow", "payment_due_days", K_INT, false, NULL, AT(workflow.payment_due_days), 1, 365, NULL, NULL },
	{ "workflow", "language", K_LANGUAGE, false, "ja", AT(language), 0, 0, NULL, NULL },
	{ "workflow", "closed_days", K_DAYS, false, NULL, AT(closed_days), 0, 0, NULL, NULL },
	{ "workflow", "max_mails_per_order_per_day", K_INT, false, "10",
	  AT(max_mails_per_order_per_day), 1, 1000, NULL, NULL },

	{ "trust", "authserv_id", K_TEXT, true, NULL, AT(trust.authserv_id), 0, 0, NULL, NULL },
	{ "trust", "roots", K_PATH, false, "/etc/ssl/certs/ca-certificates.crt", AT(trust.roots), 0, 0, NULL, NULL },
	{ "trust", "ca_domains", K_DOMAINS, false, "digicert.com,sectigo.com,comodo.com,globalsign.com",
	  AT(trust.ca_domains), 0, 0, NULL, NULL },

	{ "paths", "db", K_PATH, false, "var/mailproc.db", AT(paths.db), 0, 0, NULL, NULL },
	{ "paths", "keys", K_PATH, false, "var/keys", AT(paths.keys), 0, 0, NULL, NULL },
	{ "paths", "certs", K_PATH, false, "var/certs", AT(paths.certs), 0, 0, NULL, NULL },
	{ "paths", "templates", K_PATH, false, "templates", AT(paths.templates), 0, 0, NULL, NULL },
};

#undef AT

#define FIELD(config, spec, type) ((type *)((char *)(config) + (spec)->offset))
/* The char * field of a text kind; only formed for those kinds. */
#define TEXT_FIELD (*FIELD(config, spec, char *))

const char *
mp_config_default_path(void)
{
	const char *env = getenv("MAILPROC_CONFIG");

	return env && *env ? env : "./mailproc.conf";
}

static bool
is_known_group(const char *group)
{
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (strcmp(keys[i].group, group) == 0)
			return true;
	return false;
}

static bool
is_known_key(const char *group, const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (strcmp(keys[i].group, group) == 0 && strcmp(keys[i].key, key) == 0)
			return true;
	return false;
}

/* "password", "smtp_password", "Password": anything that would hold the secret
 * itself rather than point at a file. */
static bool
is_password_key(const char *key)
{
	char *lower = g_ascii_strdown(key, -1);
	bool yes = g_str_has_suffix(lower, "password") || g_str_has_suffix(lower, "passwd");

	g_free(lower);
	return yes;
}

/* Before any value is used: a password in the file is refused whatever else
 * is wrong (it should not stay there), and a misspelt key is pointed out even
 * when the file loads, since its default silently applies instead. */
static enum mp_status
scan_keys(GKeyFile *kf, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	char **groups = g_key_file_get_groups(kf, NULL);
	char **names = NULL;

	for (size_t g = 0; groups[g]; g++) {
		bool known_group = is_known_group(groups[g]);

		g_strfreev(names);
		names = g_key_file_get_keys(kf, groups[g], NULL, NULL);
		if (!names)
			continue;
		if (!names[0] && !known_group)
			g_warning("config: unknown section [%s] ignored", groups[g]);
		for (size_t k = 0; names[k]; k++) {
			if (is_password_key(names[k])) {
				const char *env = strcmp(groups[g], "smtp") == 0 ? "MAILPROC_SMTP_PASSWORD"
										 : "MAILPROC_IMAP_PASSWORD";
				status = mp_error_set(err, MP_STATUS_CONFIG,
						      "[%s] %s: passwords are not read from the config file; "
						      "use password_file or %s",
						      groups[g], names[k], env);
				goto out;
			}
			if (!known_group || !is_known_key(groups[g], names[k]))
				g_warning("config: unknown key [%s] %s ignored", groups[g], names[k]);
		}
	}
out:
	g_strfreev(names);
	g_strfreev(groups);
	return status;
}

/* One address, as mail headers and RCPT TO need it: local@domain.tld, nothing
 * around it. Not RFC 5322 in full; enough to catch a typo or a stray name. */
static bool
address_ok(const char *a)
{
	const char *at = strchr(a, '@');
	const char *domain;

	if (!at || at == a || strchr(at + 1, '@'))
		return false;
	domain = at + 1;
	if (!strchr(domain, '.') || domain[0] == '.' || domain[strlen(domain) - 1] == '.' ||
	    strstr(domain, ".."))
		return false;
	for (const char *p = a; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>()[],;:\"\\", *p))
			return false;
	return true;
}

static bool
domain_ok(const char *d)
{
	if (!strchr(d, '.') || d[0] == '.' || d[strlen(d) - 1] == '.' || strstr(d, ".."))
		return false;
	for (const char *p = d; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("@/:<>()[],;\"\\", *p))
			return false;
	return true;
}

/* Comma-separated list: items trimmed and lower-cased, empty ones (a trailing
 * comma) dropped. */
static char **
split_list(const char *text)
{
	char **parts = g_strsplit(text, ",", -1);
	GPtrArray *items = g_ptr_array_new();

	for (size_t i = 0; parts[i]; i++) {
		g_strstrip(parts[i]);
		if (*parts[i])
			g_ptr_array_add(items, g_utf8_strdown(parts[i], -1));
	}
	g_ptr_array_add(items, NULL);
	g_strfreev(parts);
	return (char **)g_ptr_array_free(items, FALSE);
}

/* smtps:// means TLS from the first byte, so that is the only default that
 * can work there; anything else starts in clear text and upgrades. */
static const char *
tls_default(const struct mp_config *config)
{
	if (config->smtp.url && g_ascii_strncasecmp(config->smtp.url, "smtps://", 8) == 0)
		return "implicit";
	return "starttls";
}

static enum mp_status
check_tls(const struct mp_config *config, const struct key_spec *spec, struct mp_error *err)
{
	if (config->smtp.tls != MP_TLS_IMPLICIT && strcmp(tls_default(config), "implicit") == 0)
		return mp_error_set(err, MP_STATUS_CONFIG,
				    "[%s] %s: %s does not fit an smtps:// url, which starts with TLS; "
				    "use tls=implicit or an smtp:// url",
				    spec->group, spec->key,
				    config->smtp.tls == MP_TLS_NONE ? "none" : "starttls");
	/* Chosen on purpose (a local relay): say so only when a password is at stake. */
	if (config->smtp.tls == MP_TLS_NONE && config->smtp.user && *config->smtp.user)
		g_warning("config: [smtp] tls=none with a user: the SMTP password travels in clear text");
	return MP_STATUS_OK;
}

/* N business days before expiry is at least N calendar days before it, so a
 * deadline of notice_days or more business days would come before the notice. */
static enum mp_status
check_deadline(const struct mp_config *config, const struct key_spec *spec, struct mp_error *err)
{
	if (config->workflow.deadline_business_days >= config->workflow.notice_days)
		return mp_error_set(err, MP_STATUS_CONFIG,
				    "[%s] %s: %d business days before expiry is before the notice "
				    "(notice_days=%d); it must be less than notice_days",
				    spec->group, spec->key, config->workflow.deadline_business_days,
				    config->workflow.notice_days);
	return MP_STATUS_OK;
}

/* The reminder goes out reminder_business_days before the deadline: it too
 * must come after the notice. */
static enum mp_status
check_reminder(const struct mp_config *config, const struct key_spec *spec, struct mp_error *err)
{
	const struct wf_settings *w = &config->workflow;

	if (w->deadline_business_days + w->reminder_business_days >= w->notice_days)
		return mp_error_set(err, MP_STATUS_CONFIG,
				    "[%s] %s: %d business days before the deadline is before the notice; "
				    "deadline_business_days_before_expiry + reminder_business_days "
				    "must be less than notice_days=%d",
				    spec->group, spec->key, w->reminder_business_days, w->notice_days);
	return MP_STATUS_OK;
}

static enum mp_status
set_days(struct mp_config *config, const struct key_spec *spec, const char *text,
	 struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	char **parts = g_strsplit(text, ",", -1);
	wf_day d;

	for (size_t i = 0; parts[i]; i++) {
		g_strstrip(parts[i]);
		if (!*parts[i])
			continue;
		if (!wf_day_parse(parts[i], &d)) {
			status = mp_error_set(err, MP_STATUS_CONFIG,
					      "[%s] %s: '%s' is not a date (YYYY-MM-DD)",
					      spec->group, spec->key, parts[i]);
			goto out;
		}
		g_array_append_val(config->closed_days, d);
		wf_cal_add_closed_day(config->cal, d);
	}
out:
	g_strfreev(parts);
	return status;
}

/* Check text (never empty) and store it in its field. */
static enum mp_status
set_value(struct mp_config *config, const struct key_spec *spec, const char *text,
	  const char *dir, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	char **list = NULL;
	gint64 number;
	bool ok;

	switch (spec->kind) {
	case K_TEXT:
		g_free(TEXT_FIELD);
		TEXT_FIELD = g_strdup(text);
		break;
	case K_PATH:
		g_free(TEXT_FIELD);
		/* Absolute paths come back as they are, cleaned of . and .. */
		TEXT_FIELD = g_canonicalize_filename(text, dir);
		break;
	case K_URL:
		ok = false;
		for (size_t i = 0; spec->schemes[i]; i++) {
			size_t n = strlen(spec->schemes[i]);

			if (g_ascii_strncasecmp(text, spec->schemes[i], n) == 0 && text[n])
				ok = true;
		}
		if (!ok) {
			char *names = g_strjoinv(" or ", (char **)spec->schemes);

			status = mp_error_set(err, MP_STATUS_CONFIG,
					      "[%s] %s: '%s' must start with %s and name a host",
					      spec->group, spec->key, text, names);
			g_free(names);
			goto out;
		}
		g_free(TEXT_FIELD);
		TEXT_FIELD = g_strdup(text);
		break;
	case K_ADDRESS:
		if (!address_ok(text)) {
			status = mp_error_set(err, MP_STATUS_CONFIG,
					      "[%s] %s: '%s' is not an e-mail address (name@domain.tld)",
					      spec->group, spec->key, text);
			goto out;
		}
		g_free(TEXT_FIELD);
		TEXT_FIELD = g_strdup(text);
		break;
	case K_ADDRESSES:
	case K_DOMAINS:
		list = split_list(text);
		if (!list[0]) {
			status = mp_error_set(err, MP_STATUS_CONFIG, "[%s] %s: missing (required)",
					      spec->group, spec->key);
			goto out;
		}
		for (size_t i = 0; list[i]; i++) {
			if (spec->kind == K_ADDRESSES && !address_ok(list[i])) {
				status = mp_error_set(err, MP_STATUS_CONFIG,
						      "[%s] %s: '%s' is not an e-mail address (name@domain.tld)",
						      spec->group, spec->key, list[i]);
				goto out;
			}
			if (spec->kind == K_DOMAINS && !domain_ok(list[i])) {
				status = mp_error_set(err, MP_STATUS_CONFIG,
						      "[%s] %s: '%s' is not a domain name",
						      spec->group, spec->key, list[i]);
				goto out;
			}
		}
		g_strfreev(*FIELD(config, spec, char **));
		*FIELD(config, spec, char **) = list;
		list = NULL;
		break;
	case K_INT:
		if (!g_ascii_string_to_signed(text, 10, spec->min, spec->max, &number, NULL)) {
			status = mp_error_set(err, MP_STATUS_CONFIG,
					      "[%s] %s: '%s' is not a whole number from %d to %d",
					      spec->group, spec->key, text, spec->min, spec->max);
			goto out;
		}
		*FIELD(config, spec, int) = (int)number;
		break;
	case K_TLS:
		if (strcmp(text, "starttls") == 0)
			*FIELD(config, spec, enum mp_tls) = MP_TLS_STARTTLS;
		else if (strcmp(text, "implicit") == 0)
			*FIELD(config, spec, enum mp_tls) = MP_TLS_IMPLICIT;
		else if (strcmp(text, "none") == 0)
			*FIELD(config, spec, enum mp_tls) = MP_TLS_NONE;
		else {
			status = mp_error_set(err, MP_STATUS_CONFIG,
					      "[%s] %s: '%s' is not one of starttls, implicit, none",
					      spec->group, spec->key, text);
			goto out;
		}
		break;
	case K_LANGUAGE:
		if (strcmp(text, "ja") != 0 && strcmp(text, "en") != 0) {
			status = mp_error_set(err, MP_STATUS_CONFIG, "[%s] %s: '%s' is not ja or en",
					      spec->group, spec->key, text);
			goto out;
		}
		g_free(TEXT_FIELD);
		TEXT_FIELD = g_strdup(text);
		break;
	case K_DAYS:
		status = set_days(config, spec, text, err);
		break;
	}
out:
	g_strfreev(list);
	return status;
}

/* Read one key; empty counts as not written, so "user=" in a sample is the
 * same as leaving the line out. */
static enum mp_status
load_key(struct mp_config *config, GKeyFile *kf, const struct key_spec *spec,
	 const char *dir, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	GError *gerr = NULL;
	char *value;
	const char *text;

	value = g_key_file_get_string(kf, spec->group, spec->key, &gerr);
	if (!value && gerr && gerr->domain == G_KEY_FILE_ERROR &&
	    gerr->code != G_KEY_FILE_ERROR_KEY_NOT_FOUND &&
	    gerr->code != G_KEY_FILE_ERROR_GROUP_NOT_FOUND) {
		/* A bad escape such as "\q" */
		status = mp_error_set(err, MP_STATUS_CONFIG, "[%s] %s: %s", spec->group, spec->key,
				      gerr->message);
		goto out;
	}
	if (value)
		g_strstrip(value);
	text = value && *value ? value : NULL;
	if (!text && spec->kind == K_TLS)
		text = tls_default(config);
	if (!text)
		text = spec->def;
	if (!text) {
		if (spec->required)
			status = mp_error_set(err, MP_STATUS_CONFIG, "[%s] %s: missing (required)",
					      spec->group, spec->key);
		goto out;
	}
	status = set_value(config, spec, text, dir, err);
	if (status != MP_STATUS_OK)
		goto out;
	if (spec->check)
		status = spec->check(config, spec, err);
out:
	g_clear_error(&gerr);
	g_free(value);
	return status;
}

enum mp_status
mp_config_load(const char *path, struct mp_config **out, struct mp_error *err)
{
	enum mp_status status = MP_STATUS_OK;
	struct mp_config *config = NULL;
	GKeyFile *kf = g_key_file_new();
	GError *gerr = NULL;
	char *dir = NULL;

	*out = NULL;
	if (!path)
		path = mp_config_default_path();
	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
		if (gerr->domain == G_FILE_ERROR)
			status = mp_error_set(err, MP_STATUS_CONFIG, "%s: cannot read: %s", path,
					      gerr->message);
		else
			status = mp_error_set(err, MP_STATUS_CONFIG, "%s: %s", path, gerr->message);
		goto out;
	}
	status = scan_keys(kf, err);
	if (status != MP_STATUS_OK)
		goto out;

	config = g_new0(struct mp_config, 1);
	config->path = g_canonicalize_filename(path, NULL);
	dir = g_path_get_dirname(config->path);
	config->cal = wf_cal_new();
	config->closed_days = g_array_new(FALSE, FALSE, sizeof(wf_day));
	wf_settings_default(&config->workflow);
	config->workflow.cal = config->cal;

	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		status = load_key(config, kf, &keys[i], dir, err);
		if (status != MP_STATUS_OK)
			goto out;
	}
	*out = config;
	config = NULL;
out:
	mp_config_free(config);
	g_clear_error(&gerr);
	g_key_file_free(kf);
	g_free(dir);
	return status;
}

void
mp_config_free(struct mp_config *config)
{
	if (!config)
		return;
	g_free(config->path);
	g_free(config->mailbox.imap_url);
	g_free(config->mailbox.user);
	g_free(config->mailbox.password_file);
	g_free(config->mailbox.ca_file);
	g_free(config->mailbox.processed_folder);
	g_free(config->mailbox.review_folder);
	g_free(config->mailbox.rejected_folder);
	g_free(config->mailbox.sent_folder);
	g_free(config->smtp.url);
	g_free(config->smtp.user);
	g_free(config->smtp.password_file);
	g_free(config->smtp.ca_file);
	g_free(config->smtp.from);
	g_free(config->smtp.from_name);
	g_free(config->company.name);
	g_free(config->company.info_address);
	g_strfreev(config->company.staff);
	g_free(config->company.form_url);
	g_strfreev(config->company.form_from);
	g_free(config->language);
	if (config->closed_days)
		g_array_unref(config->closed_days);
	wf_cal_free(config->cal);
	g_free(config->trust.authserv_id);
	g_free(config->trust.roots);
	g_strfreev(config->trust.ca_domains);
	g_free(config->paths.db);
	g_free(config->paths.keys);
	g_free(config->paths.certs);
	g_free(config->paths.templates);
	g_free(config);
}

/* Wipe before freeing: the buffer held the password (and whatever followed it). */
static void
free_secret(char *s, size_t len)
{
	if (!s)
		return;
	explicit_bzero(s, len);
	g_free(s);
}

char *
mp_config_password(const struct mp_config *config, enum mp_password_for which,
		   enum mp_status *status, struct mp_error *err)
{
	enum mp_status st = MP_STATUS_OK;
	const char *env_name = which == MP_PASSWORD_SMTP ? "MAILPROC_SMTP_PASSWORD"
							 : "MAILPROC_IMAP_PASSWORD";
	const char *file = which == MP_PASSWORD_SMTP ? config->smtp.password_file
						     : config->mailbox.password_file;
	const char *env = getenv(env_name);
	char *contents = NULL;
	gsize len = 0;
	GError *gerr = NULL;
	char *password = NULL;
	struct stat sb;

	if (env && *env) {
		password = g_strdup(env);
		goto out;
	}
	if (!file)
		goto out;
	/* Warn, not refuse: the file may sit in a folder only mailproc's user
	 * can enter, and refusing would stop mail over a mode bit. */
	if (stat(file, &sb) == 0 && (sb.st_mode & (S_IRGRP | S_IROTH)))
		g_warning("config: password file %s is readable by group or others; chmod 600 it",
			  file);
	if (!g_file_get_contents(file, &contents, &len, &gerr)) {
		st = mp_error_set(err, MP_STATUS_CONFIG, "%s: cannot read: %s", file, gerr->message);
		goto out;
	}
	password = g_strndup(contents, strcspn(contents, "\r\n"));
	if (!*password) {
		st = mp_error_set(err, MP_STATUS_CONFIG, "%s: the first line is empty", file);
		free_secret(password, 1);
		password = NULL;
		goto out;
	}
out:
	free_secret(contents, len);
	g_clear_error(&gerr);
	if (status)
		*status = st;
	return password;
}

const char *
mp_config_sample(void)
{
	return
"# mailproc configuration, written by `mailproc init`.\n"
"#\n"
"# Lines starting with # are comments. A value runs to the end of its line:\n"
"# do not put a comment after it. An empty value is the same as leaving the\n"
"# line out (the default applies). Relative paths are taken from the folder\n"
"# this file is in, so the cron job's working directory does not matter.\n"
"#\n"
"# Passwords are never written here: put each in a file of its own (mode 600)\n"
"# named by password_file, or set MAILPROC_IMAP_PASSWORD and\n"
"# MAILPROC_SMTP_PASSWORD in the environment (these win over the files).\n"
"\n"
"[mailbox]\n"
"# The IMAP mailbox the renewal mail arrives in: imaps:// is TLS from the\n"
"# start, imap:// upgrades with STARTTLS. The path is the folder to read.\n"
"imap_url=imaps://mail.example-hosting.jp:993/INBOX\n"
"# IMAP login name.\n"
"user=ssl@example-hosting.jp\n"
"# File whose first line is the IMAP password.\n"
"#password_file=imap.password\n"
"# Extra trust anchor (PEM) for the IMAP server's own certificate, e.g. an\n"
"# in-house CA. Certificate verification is never switched off.\n"
"#ca_file=imap-ca.pem\n"
"# Where each handled mail is moved: done, waiting for staff, refused.\n"
"processed_folder=Processed\n"
"review_folder=Needs-Staff\n"
"rejected_folder=Rejected\n"
"# A copy of every mail mailproc sends goes to this folder.\n"
"sent_folder=Sent\n"
"\n"
"[smtp]\n"
"# The server mailproc sends through: smtp:// (usually port 587) or\n"
"# smtps:// (port 465, TLS from the start).\n"
"url=smtp://mail.example-hosting.jp:587\n"
"# SMTP login name; leave empty when the server takes mail without login.\n"
"user=ssl@example-hosting.jp\n"
"# File whose first line is the SMTP password.\n"
"#password_file=smtp.password\n"
"# starttls (smtp://), implicit (smtps://) or none (clear text; only for a\n"
"# server on the same host).\n"
"tls=starttls\n"
"# Extra trust anchor (PEM) for the SMTP server's own certificate.\n"
"#ca_file=smtp-ca.pem\n"
"# Sender of every mail mailproc writes; customers reply to it, so it should\n"
"# be the mailbox above.\n"
"from=ssl@example-hosting.jp\n"
"# Display name shown with the sender address.\n"
"from_name=Example Hosting SSL Desk\n"
"\n"
"[company]\n"
"# The company name used in mails to customers.\n"
"name=Example Hosting K.K.\n"
"# Where customers are told to write when a promised mail does not arrive.\n"
"info_address=info@example-hosting.jp\n"
"# Staff addresses, comma-separated: they get the alerts, and CA mail they\n"
"# forward is trusted.\n"
"staff=staff1@example-hosting.jp,staff2@example-hosting.jp\n"
"# The renewal application form on the company's web site.\n"
"form_url=https://www.example-hosting.jp/ssl/renew\n"
"# Addresses the form on the site sends its mails from (comma-separated).\n"
"# A form from one of them counts when its e-mail field is on the order.\n"
"#form_from=noreply-form@www.example-hosting.jp\n"
"\n"
"[workflow]\n"
"# The renewal notice goes out this many calendar days before expiry (on the\n"
"# business day before, when that day is not one).\n"
"notice_days=30\n"
"# The customer's request deadline, in business days before expiry.\n"
"deadline_business_days_before_expiry=10\n"
"# A reminder goes out this many business days before the deadline.\n"
"reminder_business_days=3\n"
"# Remind the applicant to approve the CA's mail after this many business days.\n"
"approval_reminder_business_days=2\n"
"# Alert staff when the CA has not issued this many business days after the order.\n"
"issuance_overdue_business_days=14\n"
"# Payment is due this many calendar days after the install report.\n"
"payment_due_days=30\n"
"# Language of the mails when the customer has none set: ja or en.\n"
"language=ja\n"
"# Days the company is closed besides weekends, national holidays and the\n"
"# year-end closure (Dec 29 - Jan 3): comma-separated YYYY-MM-DD.\n"
"#closed_days=2026-08-13,2026-08-14\n"
"# Mail-loop guard: at most this many mails about one order in one day.\n"
"max_mails_per_order_per_day=10\n"
"\n"
"[trust]\n"
"# Only Authentication-Results headers added by this server (its authserv-id,\n"
"# RFC 8601) are believed when checking a CA's DKIM or DMARC result.\n"
"authserv_id=mx.example-hosting.jp\n"
"# Root certificates (PEM bundle) issued certificates must chain to.\n"
"roots=/etc/ssl/certs/ca-certificates.crt\n"
"# Domains a CA's mail may come from, comma-separated.\n"
"ca_domains=digicert.com,sectigo.com,comodo.com,globalsign.com\n"
"\n"
"[paths]\n"
"# The database of customers, orders and mails.\n"
"db=var/mailproc.db\n"
"# Private keys made for orders (kept 0600, never mailed).\n"
"keys=var/keys\n"
"# Issued certificates and install-report bundles.\n"
"certs=var/certs\n"
"# Mail templates, one file per mail and language.\n"
"templates=templates\n";
}
