/* workflows: the order state machine, the Japanese business-day calendar and
 * what each step sends. Pure: no I/O, no clock (now is passed in), no logging. */
#ifndef MAILPROC_WORKFLOWS_H
#define MAILPROC_WORKFLOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* ---- days (calendar.c) ---------------------------------------------------- */

/* A civil date in Asia/Tokyo (UTC+9, no daylight saving) counted in days since
 * 1970-01-01. Every deadline of the workflow is a wf_day. */
typedef int32_t wf_day;

#define WF_JST_OFFSET (9 * 3600)

wf_day wf_day_from_ymd(int year, int month, int day);
void wf_day_to_ymd(wf_day d, int *year, int *month, int *day);
/* 1 = Monday ... 7 = Sunday (ISO 8601). */
int wf_day_weekday(wf_day d);
/* The date in Tokyo of a Unix time. */
wf_day wf_day_of_time(int64_t unix_seconds);
/* 00:00 JST of d, as a Unix time. */
int64_t wf_day_start(wf_day d);
/* Parse "YYYY-MM-DD" (a real date). Returns false for anything else. */
bool wf_day_parse(const char *text, wf_day *out);
/* Write "YYYY-MM-DD" into buf (at least 11 bytes); returns buf. */
char *wf_day_format(wf_day d, char buf[static 11]);

/* ---- Japanese business-day calendar (calendar.c) ------------------------- */

/* Name (Japanese, e.g. "元日", "振替休日", "国民の休日") of the national holiday
 * on d under the Act on National Holidays as in force in that year, or NULL.
 * Returned string is static. */
const char *wf_cal_holiday_name(wf_day d);

/* A business calendar: national holidays, weekends, the company's year-end
 * closure (Dec 29 - Jan 3) and extra closed days from the configuration. */
struct wf_cal;
struct wf_cal *wf_cal_new(void);
void wf_cal_free(struct wf_cal *cal);                 /* NULL is fine */
void wf_cal_add_closed_day(struct wf_cal *cal, wf_day d);

/* Why d is not a business day ("Saturday", "Sunday", "national holiday 元日",
 * "year-end closure", "company closed day"), or NULL when it is one. The
 * string is static or owned by cal. */
const char *wf_cal_closed_reason(const struct wf_cal *cal, wf_day d);
bool wf_cal_is_business_day(const struct wf_cal *cal, wf_day d);
/* Step from d a day at a time, counting only business days, until n are
 * counted (d itself never counts); n >= 0. n = 0 returns d. */
wf_day wf_cal_business_days_before(const struct wf_cal *cal, wf_day d, int n);
wf_day wf_cal_business_days_after(const struct wf_cal *cal, wf_day d, int n);
/* d when it is a business day, else the nearest business day before it. */
wf_day wf_cal_business_day_on_or_before(const struct wf_cal *cal, wf_day d);

/* ---- states, events, causes (order.c) ------------------------------------- */

enum wf_state {
	WF_STATE_SCHEDULED,
	WF_STATE_NOTICE_SENT,
	WF_STATE_DECLINED,
	WF_STATE_REQUESTED,
	WF_STATE_ACCEPTED,
	WF_STATE_APPLIED,
	WF_STATE_AWAITING_APPROVAL,
	WF_STATE_ISSUED,
	WF_STATE_INSTALLED,
	WF_STATE_REPORTED,
	WF_STATE_PAID,
	WF_STATE_NEW_APPLICATION,
	WF_STATE_LAPSED,
	WF_STATE_COUNT
};

/* "scheduled", "notice_sent", ... as in SPEC.md. Never NULL. */
const char *wf_state_name(enum wf_state state);
bool wf_state_parse(const char *name, enum wf_state *out);
bool wf_state_is_terminal(enum wf_state state);

enum wf_event_kind {
	/* timers: produced by wf_timer_next() */
	WF_EV_NOTICE_DUE,
	WF_EV_DEADLINE_REMINDER,
	WF_EV_EXPIRED,
	WF_EV_APPROVAL_REMINDER,
	WF_EV_ISSUANCE_OVERDUE,
	WF_EV_PAYMENT_REMINDER,
	/* mails, already classified and trusted by parsers/ and mailproc/ */
	WF_EV_RENEW_REPLY,
	WF_EV_DECLINE_REPLY,
	WF_EV_APPLICATION_FORM,
	WF_EV_APPROVAL_REQUEST,
	WF_EV_CERT_ISSUED,
	/* staff commands */
	WF_EV_STAFF_APPLIED,
	WF_EV_STAFF_INSTALLED,
	WF_EV_STAFF_PAID,
	WF_EV_COUNT
};

/* "notice_due", "deadline_reminder", "expired", "approval_reminder",
 * "issuance_overdue", "payment_reminder", "renew_reply", "decline_reply",
 * "application_form", "approval_request", "cert_issued", "applied",
 * "installed", "paid". Never NULL. */
const char *wf_event_name(enum wf_event_kind kind);
bool wf_event_parse(const char *name, enum wf_event_kind *out);

enum wf_cause {
	WF_CAUSE_TIMER,
	WF_CAUSE_MESSAGE,
	WF_CAUSE_STAFF,
	WF_CAUSE_AUTOMATIC,
	WF_CAUSE_IMPORT,
	WF_CAUSE_COUNT
};
/* "timer", "message", "staff", "automatic", "import". */
const char *wf_cause_name(enum wf_cause cause);
bool wf_cause_parse(const char *name, enum wf_cause *out);
/* The cause an event of this kind is recorded under. */
enum wf_cause wf_event_cause(enum wf_event_kind kind);

/* Once-only markers kept on the order (each timer fires once). */
enum wf_flag {
	WF_FLAG_DEADLINE_REMINDED = 1u << 0,
	WF_FLAG_FORM_LINK_SENT = 1u << 1,
	WF_FLAG_APPROVAL_REMINDED = 1u << 2,
	WF_FLAG_OVERDUE_ALERTED = 1u << 3,
	WF_FLAG_PAYMENT_REMINDED = 1u << 4,
};

/* The facts an application compares: last year's (on the order) or this
 * year's (in the form). All borrowed; NULL means unknown / not given. */
struct wf_party {
	const char *org_name;
	const char *org_name_en;
	const char *address;
	const char *phone;
	const char *contact_name;
	const char *contact_title;
	const char *contact_email;
	const char *tech_email;
	const char *ca;         /* digicert, geotrust, sectigo, globalsign */
	const char *validation; /* dv, ov, ev */
};

/* What the workflow needs to know of an order. Strings are borrowed. */
struct wf_order {
	const char *id;            /* "ORD-2026-0012" */
	enum wf_state state;
	unsigned flags;            /* enum wf_flag bits */
	int64_t not_after;         /* the current certificate's expiry, Unix time */
	int64_t state_since;       /* when the current state was entered */
	int64_t applied_at;        /* when the order was placed at the CA, 0 if not */
	struct wf_party current;   /* last year's data (customer + certificate) */
	const char *issued_sha256; /* the issued certificate, once there is one */
};

/* One event. Strings are borrowed. */
struct wf_event {
	enum wf_event_kind kind;
	const char *message_id;   /* the mail that caused it, or NULL */
	struct wf_party form;     /* WF_EV_APPLICATION_FORM */
	const char *approval_url; /* WF_EV_APPROVAL_REQUEST, CA's own host only */
	const char *ca_order;     /* WF_EV_APPROVAL_REQUEST, WF_EV_STAFF_APPLIED */
	/* WF_EV_CERT_ISSUED: the facts of a certificate that parsers/ verified
	 * (chain, this order's key, the order's names). */
	bool cert_verified;
	const char *cert_sha256;
	int64_t cert_not_after;
	bool install_checked;     /* WF_EV_STAFF_INSTALLED: confirmed over TLS */
};

struct wf_settings {
	int notice_days;                 /* calendar days before not_after: 30 */
	int deadline_business_days;      /* before not_after: 10 */
	int reminder_business_days;      /* before the request deadline: 3 */
	int approval_reminder_business_days; /* after entering awaiting_approval: 2 */
	int issuance_overdue_business_days;  /* after applied: 14 */
	int payment_due_days;            /* calendar days after the report: 30 */
	const struct wf_cal *cal;        /* borrowed */
};

/* Fill s with SPEC.md's defaults; s->cal is left NULL for the caller. */
void wf_settings_default(struct wf_settings *s);

/* ---- what a step does ------------------------------------------------------ */

enum wf_mail {
	WF_MAIL_NOTICE,
	WF_MAIL_REMINDER,
	WF_MAIL_DECLINE_CONFIRM,
	WF_MAIL_FORM_LINK,
	WF_MAIL_ACCEPTANCE,
	WF_MAIL_NEW_APPLICATION,
	WF_MAIL_APPROVAL_REQUEST,
	WF_MAIL_APPROVAL_REMINDER,
	WF_MAIL_INSTALL_REPORT,
	WF_MAIL_PAYMENT_REMINDER,
	WF_MAIL_STAFF_ALERT,
	WF_MAIL_COUNT
};
/* Template name: "notice", "reminder", "decline_confirm", "form_link",
 * "acceptance", "new_application", "approval_request", "approval_reminder",
 * "install_report", "payment_reminder", "staff_alert". */
const char *wf_mail_name(enum wf_mail mail);

enum wf_effect_kind {
	WF_EFFECT_MAIL,              /* send a mail (template, recipient) */
	WF_EFFECT_STORE_APPLICATION, /* keep the form as this cycle's application */
	WF_EFFECT_STORE_CERT,        /* keep the issued certificate on the order */
	WF_EFFECT_NEXT_ORDER,        /* schedule the next cycle from the new expiry */
};

enum wf_recipient {
	WF_TO_CUSTOMER, /* the order's contact (and technical contact) */
	WF_TO_STAFF,
};

struct wf_effect {
	enum wf_effect_kind kind;
	enum wf_mail mail;        /* WF_EFFECT_MAIL */
	enum wf_recipient to;     /* WF_EFFECT_MAIL */
	bool in_reply;            /* thread it to the event's message */
	bool phone_warning;       /* acceptance: address or contact changed */
	bool attach_bundle;       /* install report: the certificate ZIP */
	char *text;               /* owned: alert reason or note, may be NULL */
};

/* One line of the order's timeline. from == to for a record that changes no
 * state (a reminder sent, a repeated mail). */
struct wf_record {
	enum wf_state from;
	enum wf_state to;
	enum wf_cause cause;
	char *note;               /* owned, may be NULL */
};

struct wf_result {
	bool refused;             /* the event is not legal now: nothing changes */
	char *reason;             /* owned: why refused (for staff), else NULL */
	enum wf_state state;      /* the order's state after the step */
	unsigned flags;           /* the order's flags after the step */
	GPtrArray *records;       /* struct wf_record *, owned, in order */
	GPtrArray *effects;       /* struct wf_effect *, owned, in order */
};

/* Decide one step: the order as it is, one event, the time now. Never NULL.
 * A refused result has no records and no effects, and state and flags equal
 * the order's. Automatic follow-ups (requested -> accepted or new_application,
 * installed -> reported) are part of the same result. */
struct wf_result *wf_step(const struct wf_order *order, const struct wf_event *event,
			  int64_t now, const struct wf_settings *settings);
void wf_result_free(struct wf_result *result); /* NULL is fine */

/* ---- timers and deadlines (timers.c) -------------------------------------- */

/* The first timer event due for order at now that has not fired yet, in the
 * order they must be handled (expired before notice_due). Feed it to wf_step
 * and ask again until this returns false. */
bool wf_timer_next(const struct wf_order *order, int64_t now,
		   const struct wf_settings *settings, enum wf_event_kind *out);

/* Day the renewal notice is due: notice_days before the not_after date, moved
 * to the business day before when it is not one. */
wf_day wf_notice_day(const struct wf_order *order, const struct wf_settings *settings);
/* The request deadline: deadline_business_days before the not_after date. */
wf_day wf_request_deadline(const struct wf_order *order, const struct wf_settings *settings);

/* The next date that matters for the order in its state, and what it is
 * ("notice due", "request deadline", "approval reminder", "issuance overdue",
 * "payment due"; static string). False for terminal states and states that
 * wait only on staff without a deadline. */
bool wf_order_next_deadline(const struct wf_order *order, const struct wf_settings *settings,
			    wf_day *day, const char **what);

/* ---- certificate bundle layout (bundle-layout.c) ---------------------------- */

/* What one file of the install-report ZIP holds. Every file is PEM text;
 * "intermediates" are in chain order, the leaf's issuer first. */
enum wf_bundle_content {
	WF_BUNDLE_LEAF,          /* the issued certificate */
	WF_BUNDLE_INTERMEDIATES, /* the intermediate certificate(s) */
	WF_BUNDLE_ROOT,          /* the root certificate */
	WF_BUNDLE_CHAIN,         /* the intermediates, then the root */
	WF_BUNDLE_LEAF_PKCS7,    /* the leaf and the intermediates as one PKCS#7 (PEM) */
};

/* One file of the ZIP. name is owned by the struct. */
struct wf_bundle_file {
	char *name;
	enum wf_bundle_content content;
};
void wf_bundle_file_free(struct wf_bundle_file *file); /* NULL is fine */

/* Short English description of a content kind ("certificate", "intermediate
 * certificate", ...), for listings. Static, never NULL. */
const char *wf_bundle_content_name(enum wf_bundle_content content);

/* The DOMAIN of the bundle's file names for a common name: lower case, with
 * a leading "*." written as "wildcard." ("*.example.jp" ->
 * "wildcard.example.jp"). Only a host name (LDH labels, at least two) is
 * taken, so the result is always a safe file name: anything else (a '/', a
 * space, a '*' elsewhere, non-ASCII, an empty label) returns NULL and, when
 * reason is not NULL, sets *reason (owned by the caller). Caller frees the
 * result. */
char *wf_bundle_domain(const char *common_name, char **reason);

/* The files of the install-report ZIP for a CA ("digicert", "geotrust",
 * "sectigo", "globalsign"; case is ignored) and the order's common name, as
 * SPEC.md lists them, in that order and nothing else:
 *   digicert, geotrust: DOMAIN.crt, DigiCertCA.ca, TrustedRoot.ca
 *   sectigo:            DOMAIN.crt, DOMAIN.ca-bundle
 *   globalsign:         DOMAIN.crt, DOMAIN.ca, DOMAIN.pem
 * Returns a new GPtrArray of struct wf_bundle_file * (its free function
 * frees them), or NULL for an unknown CA or a common name that
 * wf_bundle_domain() refuses, with *reason set (owned) when reason is not
 * NULL. */
GPtrArray *wf_bundle_layout(const char *ca, const char *common_name, char **reason);

#endif
