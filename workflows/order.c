/* The renewal order's state machine: one table of legal steps, one place that changes state. */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "workflows.h"

/* ---- names ------------------------------------------------------------------ */

static const char *const state_names[WF_STATE_COUNT] = {
	[WF_STATE_SCHEDULED] = "scheduled",
	[WF_STATE_NOTICE_SENT] = "notice_sent",
	[WF_STATE_DECLINED] = "declined",
	[WF_STATE_REQUESTED] = "requested",
	[WF_STATE_ACCEPTED] = "accepted",
	[WF_STATE_APPLIED] = "applied",
	[WF_STATE_AWAITING_APPROVAL] = "awaiting_approval",
	[WF_STATE_ISSUED] = "issued",
	[WF_STATE_INSTALLED] = "installed",
	[WF_STATE_REPORTED] = "reported",
	[WF_STATE_PAID] = "paid",
	[WF_STATE_NEW_APPLICATION] = "new_application",
	[WF_STATE_LAPSED] = "lapsed",
};

static const char *const event_names[WF_EV_COUNT] = {
	[WF_EV_NOTICE_DUE] = "notice_due",
	[WF_EV_DEADLINE_REMINDER] = "deadline_reminder",
	[WF_EV_EXPIRED] = "expired",
	[WF_EV_APPROVAL_REMINDER] = "approval_reminder",
	[WF_EV_ISSUANCE_OVERDUE] = "issuance_overdue",
	[WF_EV_PAYMENT_REMINDER] = "payment_reminder",
	[WF_EV_RENEW_REPLY] = "renew_reply",
	[WF_EV_DECLINE_REPLY] = "decline_reply",
	[WF_EV_APPLICATION_FORM] = "application_form",
	[WF_EV_APPROVAL_REQUEST] = "approval_request",
	[WF_EV_CERT_ISSUED] = "cert_issued",
	[WF_EV_STAFF_APPLIED] = "applied",
	[WF_EV_STAFF_INSTALLED] = "installed",
	[WF_EV_STAFF_PAID] = "paid",
};

/* How a refusal names the event to staff. */
static const char *const event_phrases[WF_EV_COUNT] = {
	[WF_EV_NOTICE_DUE] = "the renewal notice timer",
	[WF_EV_DEADLINE_REMINDER] = "the deadline reminder timer",
	[WF_EV_EXPIRED] = "the expiry timer",
	[WF_EV_APPROVAL_REMINDER] = "the approval reminder timer",
	[WF_EV_ISSUANCE_OVERDUE] = "the issuance overdue timer",
	[WF_EV_PAYMENT_REMINDER] = "the payment reminder timer",
	[WF_EV_RENEW_REPLY] = "a renew reply",
	[WF_EV_DECLINE_REPLY] = "a decline reply",
	[WF_EV_APPLICATION_FORM] = "an application form",
	[WF_EV_APPROVAL_REQUEST] = "a CA approval request",
	[WF_EV_CERT_ISSUED] = "an issued certificate",
	[WF_EV_STAFF_APPLIED] = "the staff command \"applied\"",
	[WF_EV_STAFF_INSTALLED] = "the staff command \"installed\"",
	[WF_EV_STAFF_PAID] = "the staff command \"paid\"",
};

static const char *const cause_names[WF_CAUSE_COUNT] = {
	[WF_CAUSE_TIMER] = "timer",
	[WF_CAUSE_MESSAGE] = "message",
	[WF_CAUSE_STAFF] = "staff",
	[WF_CAUSE_AUTOMATIC] = "automatic",
	[WF_CAUSE_IMPORT] = "import",
};

static const char *const mail_names[WF_MAIL_COUNT] = {
	[WF_MAIL_NOTICE] = "notice",
	[WF_MAIL_REMINDER] = "reminder",
	[WF_MAIL_DECLINE_CONFIRM] = "decline_confirm",
	[WF_MAIL_FORM_LINK] = "form_link",
	[WF_MAIL_ACCEPTANCE] = "acceptance",
	[WF_MAIL_NEW_APPLICATION] = "new_application",
	[WF_MAIL_APPROVAL_REQUEST] = "approval_request",
	[WF_MAIL_APPROVAL_REMINDER] = "approval_reminder",
	[WF_MAIL_INSTALL_REPORT] = "install_report",
	[WF_MAIL_PAYMENT_REMINDER] = "payment_reminder",
	[WF_MAIL_STAFF_ALERT] = "staff_alert",
};

static const char *
name_of(const char *const *names, int count, int value)
{
	if (value < 0 || value >= count || !names[value])
		return "unknown";
	return names[value];
}

static bool
parse_name(const char *const *names, int count, const char *name, int *out)
{
	int i;

	if (!name)
		return false;
	for (i = 0; i < count; i++) {
		if (names[i] && strcmp(names[i], name) == 0) {
			*out = i;
			return true;
		}
	}
	return false;
}

const char *
wf_state_name(enum wf_state state)
{
	return name_of(state_names, WF_STATE_COUNT, (int)state);
}

bool
wf_state_parse(const char *name, enum wf_state *out)
{
	int v;

	if (!parse_name(state_names, WF_STATE_COUNT, name, &v))
		return false;
	*out = (enum wf_state)v;
	return true;
}

bool
wf_state_is_terminal(enum wf_state state)
{
	switch (state) {
	case WF_STATE_DECLINED:
	case WF_STATE_PAID:
	case WF_STATE_NEW_APPLICATION:
	case WF_STATE_LAPSED:
		return true;
	default:
		return false;
	}
}

const char *
wf_event_name(enum wf_event_kind kind)
{
	return name_of(event_names, WF_EV_COUNT, (int)kind);
}

bool
wf_event_parse(const char *name, enum wf_event_kind *out)
{
	int v;

	if (!parse_name(event_names, WF_EV_COUNT, name, &v))
		return false;
	*out = (enum wf_event_kind)v;
	return true;
}

const char *
wf_cause_name(enum wf_cause cause)
{
	return name_of(cause_names, WF_CAUSE_COUNT, (int)cause);
}

bool
wf_cause_parse(const char *name, enum wf_cause *out)
{
	int v;

	if (!parse_name(cause_names, WF_CAUSE_COUNT, name, &v))
		return false;
	*out = (enum wf_cause)v;
	return true;
}

enum wf_cause
wf_event_cause(enum wf_event_kind kind)
{
	switch (kind) {
	case WF_EV_NOTICE_DUE:
	case WF_EV_DEADLINE_REMINDER:
	case WF_EV_EXPIRED:
	case WF_EV_APPROVAL_REMINDER:
	case WF_EV_ISSUANCE_OVERDUE:
	case WF_EV_PAYMENT_REMINDER:
		return WF_CAUSE_TIMER;
	case WF_EV_STAFF_APPLIED:
	case WF_EV_STAFF_INSTALLED:
	case WF_EV_STAFF_PAID:
		return WF_CAUSE_STAFF;
	default:
		return WF_CAUSE_MESSAGE;
	}
}

const char *
wf_mail_name(enum wf_mail mail)
{
	return name_of(mail_names, WF_MAIL_COUNT, (int)mail);
}

void
wf_settings_default(struct wf_settings *s)
{
	s->notice_days = 30;
	s->deadline_business_days = 10;
	s->reminder_business_days = 3;
	s->approval_reminder_business_days = 2;
	s->issuance_overdue_business_days = 14;
	s->payment_due_days = 30;
	s->cal = NULL;
}

/* ---- one step ---------------------------------------------------------------- */

struct step {
	const struct wf_order *order;
	const struct wf_event *event;
	int64_t now;
	const struct wf_settings *settings;
	struct wf_result *result;
};

static const char *
order_id(const struct step *st)
{
	return st->order->id ? st->order->id : "(order without id)";
}

/* The only place an order's state and flags change: every change leaves a
 * record, and a record with from == to is a step that kept the state. */
static void
enter(struct step *st, enum wf_state to, enum wf_cause cause, unsigned set_flags,
      char *note)
{
	struct wf_record *rec = g_new0(struct wf_record, 1);

	rec->from = st->result->state;
	rec->to = to;
	rec->cause = cause;
	rec->note = note;
	g_ptr_array_add(st->result->records, rec);
	st->result->state = to;
	st->result->flags |= set_flags;
}

/* The event's own record (the first of a step). */
static void
enter_by_event(struct step *st, enum wf_state to, unsigned set_flags, char *note)
{
	enter(st, to, wf_event_cause(st->event->kind), set_flags, note);
}

static struct wf_effect *
add_effect(struct step *st, enum wf_effect_kind kind)
{
	struct wf_effect *eff = g_new0(struct wf_effect, 1);

	eff->kind = kind;
	g_ptr_array_add(st->result->effects, eff);
	return eff;
}

/* text is taken over (may be NULL). */
static struct wf_effect *
add_mail(struct step *st, enum wf_mail mail, enum wf_recipient to, bool in_reply, char *text)
{
	struct wf_effect *eff = add_effect(st, WF_EFFECT_MAIL);

	eff->mail = mail;
	eff->to = to;
	eff->in_reply = in_reply;
	eff->text = text;
	return eff;
}

static bool refuse(struct step *st, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Always returns false, so a handler can end with return refuse(...). */
static bool
refuse(struct step *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_free(st->result->reason);
	st->result->reason = g_strdup_vprintf(fmt, ap);
	st->result->refused = true;
	va_end(ap);
	return false;
}

static bool
refuse_unexpected(struct step *st)
{
	enum wf_state state = st->order->state;
	enum wf_event_kind kind = st->event->kind;

	if ((int)kind < 0 || kind >= WF_EV_COUNT)
		return refuse(st, "%s is %s: an unknown event (%d) cannot be handled; staff should decide",
			      order_id(st), wf_state_name(state), (int)kind);
	if ((int)state < 0 || state >= WF_STATE_COUNT)
		return refuse(st, "%s is in an unknown state (%d): %s (%s) cannot be handled; staff should decide",
			      order_id(st), (int)state, event_phrases[kind], event_names[kind]);
	if (wf_state_is_terminal(state))
		return refuse(st, "%s is %s, which is final: %s (%s) is not expected any more; staff should decide",
			      order_id(st), wf_state_name(state), event_phrases[kind],
			      event_names[kind]);
	/* Staff asked for it themselves: telling them to decide would be circular. */
	if (wf_event_cause(kind) == WF_CAUSE_STAFF)
		return refuse(st, "%s is %s: %s (%s) is not possible in this state",
			      order_id(st), wf_state_name(state), event_phrases[kind], event_names[kind]);
	return refuse(st, "%s is %s: %s (%s) is not expected now; staff should decide",
		      order_id(st), wf_state_name(state), event_phrases[kind], event_names[kind]);
}

/* A timer's once-only flag already set: the caller asked twice. */
static bool
refuse_repeated_timer(struct step *st)
{
	return refuse(st, "%s is %s: %s (%s) already fired for this order; nothing is sent twice",
		      order_id(st), wf_state_name(st->order->state),
		      event_phrases[st->event->kind], event_names[st->event->kind]);
}

static bool
past_request_deadline(const struct step *st, char deadline_text[static 11])
{
	wf_day deadline = wf_request_deadline(st->order, st->settings);

	wf_day_format(deadline, deadline_text);
	return wf_day_of_time(st->now) > deadline;
}

static char *
day_text(int64_t unix_seconds)
{
	char buf[11];

	return g_strdup(wf_day_format(wf_day_of_time(unix_seconds), buf));
}

/* -- scheduled, notice_sent -- */

static bool
on_notice_due(struct step *st)
{
	char deadline[11];

	wf_day_format(wf_request_deadline(st->order, st->settings), deadline);
	enter_by_event(st, WF_STATE_NOTICE_SENT, 0,
		       g_strdup_printf("renewal notice sent; request deadline %s", deadline));
	add_mail(st, WF_MAIL_NOTICE, WF_TO_CUSTOMER, false, NULL);
	return true;
}

static bool
on_expired(struct step *st)
{
	char *day = day_text(st->order->not_after);

	enter_by_event(st, WF_STATE_LAPSED, 0,
		       g_strdup_printf("certificate expired on %s without a renewal request", day));
	g_free(day);
	return true;
}

static bool
on_deadline_reminder(struct step *st)
{
	if (st->order->flags & WF_FLAG_DEADLINE_REMINDED)
		return refuse_repeated_timer(st);
	enter_by_event(st, st->order->state, WF_FLAG_DEADLINE_REMINDED, g_strdup("reminder sent"));
	add_mail(st, WF_MAIL_REMINDER, WF_TO_CUSTOMER, false, NULL);
	return true;
}

static bool
on_renew_reply(struct step *st)
{
	char deadline[11];

	if (past_request_deadline(st, deadline))
		return refuse(st, "%s is %s: a renew reply arrived after the request deadline %s; staff should decide on a late request",
			      order_id(st), wf_state_name(st->order->state), deadline);
	if (st->order->flags & WF_FLAG_FORM_LINK_SENT) {
		enter_by_event(st, st->order->state, 0, g_strdup("renew reply already answered"));
		return true;
	}
	enter_by_event(st, st->order->state, WF_FLAG_FORM_LINK_SENT,
		       g_strdup_printf("renew reply without the form: form link sent; request deadline %s",
				       deadline));
	add_mail(st, WF_MAIL_FORM_LINK, WF_TO_CUSTOMER, true, NULL);
	return true;
}

static bool
on_decline_reply(struct step *st)
{
	enter_by_event(st, WF_STATE_DECLINED, 0, g_strdup("customer declined; confirmation sent"));
	add_mail(st, WF_MAIL_DECLINE_CONFIRM, WF_TO_CUSTOMER, true, NULL);
	return true;
}

/* -- the application form -- */

/* The fields an application is compared on, and what a difference means. */
static const struct compared_field {
	const char *name;
	size_t offset;
	bool needs_new_application; /* else: the acceptance carries the phone warning */
} compared_fields[] = {
	{ "org_name", offsetof(struct wf_party, org_name), true },
	{ "ca", offsetof(struct wf_party, ca), true },
	{ "validation", offsetof(struct wf_party, validation), true },
	{ "address", offsetof(struct wf_party, address), false },
	{ "contact_name", offsetof(struct wf_party, contact_name), false },
};

static const char *
party_field(const struct wf_party *party, const struct compared_field *f)
{
	return *(const char *const *)((const char *)party + f->offset);
}

/* NFKC, trimmed, runs of white space as one space, case-folded: so that
 * full-width and half-width forms, case and spacing are not a change. Owned;
 * NULL when text is not UTF-8. */
static char *
fold_text(const char *text)
{
	char *nfkc = NULL;
	char *folded = NULL;
	GString *buf = NULL;
	const char *p;
	bool pending_space = false;

	if (!g_utf8_validate(text, -1, NULL))
		goto out;
	nfkc = g_utf8_normalize(text, -1, G_NORMALIZE_NFKC);
	if (!nfkc)
		goto out;
	buf = g_string_new(NULL);
	for (p = nfkc; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (g_unichar_isspace(c)) {
			pending_space = true;
			continue;
		}
		if (pending_space && buf->len > 0)
			g_string_append_c(buf, ' ');
		pending_space = false;
		g_string_append_unichar(buf, c);
	}
	folded = g_utf8_casefold(buf->str, -1);
out:
	if (buf)
		g_string_free(buf, TRUE);
	g_free(nfkc);
	return folded;
}

/* Fills the comma-separated names of the fields that differ. Returns false
 * (naming the field in *bad_field) when one of them is not UTF-8. */
static bool
compare_application(const struct wf_party *current, const struct wf_party *form,
		    GString *new_app_fields, GString *warning_fields, GString *changes,
		    const char **bad_field)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(compared_fields); i++) {
		const struct compared_field *f = &compared_fields[i];
		const char *was = party_field(current, f);
		const char *now = party_field(form, f);
		char *a = NULL;
		char *b = NULL;
		GString *list;

		if (!was || !now)
			continue;
		a = fold_text(was);
		b = fold_text(now);
		if (!a || !b) {
			*bad_field = f->name;
			ok = false;
		} else if (*a && *b && strcmp(a, b) != 0) {
			list = f->needs_new_application ? new_app_fields : warning_fields;
			g_string_append_printf(list, "%s%s", list->len ? ", " : "", f->name);
			if (f->needs_new_application)
				g_string_append_printf(changes, "%s%s \"%s\" -> \"%s\"",
						       changes->len ? "; " : "", f->name, was, now);
		}
		g_free(a);
		g_free(b);
		if (!ok)
			break;
	}
	return ok;
}

static bool
on_application_form(struct step *st)
{
	char deadline[11];
	GString *new_app = g_string_new(NULL);
	GString *warning = g_string_new(NULL);
	GString *changes = g_string_new(NULL);
	const char *bad_field = NULL;
	struct wf_effect *eff;
	bool done = false;

	if (past_request_deadline(st, deadline)) {
		refuse(st, "%s is %s: the application form arrived after the request deadline %s; staff should decide on a late request",
		       order_id(st), wf_state_name(st->order->state), deadline);
		goto out;
	}
	if (!compare_application(&st->order->current, &st->event->form, new_app, warning,
				 changes, &bad_field)) {
		refuse(st, "%s is %s: the application form's %s is not valid UTF-8, so it cannot be compared; staff should decide",
		       order_id(st), wf_state_name(st->order->state), bad_field);
		goto out;
	}

	enter_by_event(st, WF_STATE_REQUESTED, 0,
		       g_strdup_printf("application form received by the request deadline %s",
				       deadline));
	add_effect(st, WF_EFFECT_STORE_APPLICATION);

	if (new_app->len) {
		enter(st, WF_STATE_NEW_APPLICATION, WF_CAUSE_AUTOMATIC, 0,
		      g_strdup_printf("new application required: %s differs from the current certificate",
				      new_app->str));
		add_mail(st, WF_MAIL_NEW_APPLICATION, WF_TO_CUSTOMER, true, NULL);
		add_mail(st, WF_MAIL_STAFF_ALERT, WF_TO_STAFF, false,
			 g_strdup_printf("%s: renewal not possible, a new application is required: %s",
					 order_id(st), changes->str));
	} else if (warning->len) {
		enter(st, WF_STATE_ACCEPTED, WF_CAUSE_AUTOMATIC, 0,
		      g_strdup_printf("acceptance sent with the phone warning: %s differs",
				      warning->str));
		eff = add_mail(st, WF_MAIL_ACCEPTANCE, WF_TO_CUSTOMER, true,
			       g_strdup_printf("%s differs", warning->str));
		eff->phone_warning = true;
	} else {
		enter(st, WF_STATE_ACCEPTED, WF_CAUSE_AUTOMATIC, 0, g_strdup("acceptance sent"));
		add_mail(st, WF_MAIL_ACCEPTANCE, WF_TO_CUSTOMER, true, NULL);
	}
	done = true;
out:
	g_string_free(new_app, TRUE);
	g_string_free(warning, TRUE);
	g_string_free(changes, TRUE);
	return done;
}

/* -- at the CA -- */

static bool
on_staff_applied(struct step *st)
{
	const char *ca_order = st->event->ca_order;

	enter_by_event(st, WF_STATE_APPLIED, 0,
		       ca_order && *ca_order
		       ? g_strdup_printf("ordered at the CA (CA order %s)", ca_order)
		       : g_strdup("ordered at the CA"));
	return true;
}

static bool
on_approval_request(struct step *st)
{
	if (st->order->state == WF_STATE_AWAITING_APPROVAL) {
		enter_by_event(st, st->order->state, 0, g_strdup("approval request repeated"));
		return true;
	}
	enter_by_event(st, WF_STATE_AWAITING_APPROVAL, 0,
		       g_strdup("CA asked for approval; customer told to approve"));
	add_mail(st, WF_MAIL_APPROVAL_REQUEST, WF_TO_CUSTOMER, false, NULL);
	return true;
}

static bool
on_approval_reminder(struct step *st)
{
	if (st->order->flags & WF_FLAG_APPROVAL_REMINDED)
		return refuse_repeated_timer(st);
	enter_by_event(st, st->order->state, WF_FLAG_APPROVAL_REMINDED,
		       g_strdup("approval reminder sent"));
	add_mail(st, WF_MAIL_APPROVAL_REMINDER, WF_TO_CUSTOMER, false, NULL);
	return true;
}

static bool
on_issuance_overdue(struct step *st)
{
	char *placed;

	if (st->order->flags & WF_FLAG_OVERDUE_ALERTED)
		return refuse_repeated_timer(st);
	placed = st->order->applied_at ? day_text(st->order->applied_at) : g_strdup("(unknown)");
	enter_by_event(st, st->order->state, WF_FLAG_OVERDUE_ALERTED,
		       g_strdup("issuance overdue; staff alerted"));
	add_mail(st, WF_MAIL_STAFF_ALERT, WF_TO_STAFF, false,
		 g_strdup_printf("%s: no certificate more than %d business days after the order was placed at the CA on %s (state %s)",
				 order_id(st), st->settings->issuance_overdue_business_days, placed,
				 wf_state_name(st->order->state)));
	g_free(placed);
	return true;
}

static bool
on_cert_issued(struct step *st)
{
	const struct wf_event *ev = st->event;
	char *expiry;

	if (!ev->cert_verified)
		return refuse(st, "%s is %s: the issued certificate was refused: certificate not verified; staff should decide",
			      order_id(st), wf_state_name(st->order->state));
	if (!ev->cert_sha256 || !*ev->cert_sha256)
		return refuse(st, "%s is %s: the issued certificate was refused: it has no SHA-256 fingerprint; staff should decide",
			      order_id(st), wf_state_name(st->order->state));
	if (ev->cert_not_after <= st->order->not_after)
		return refuse(st, "%s is %s: the issued certificate was refused: it does not extend the expiry; staff should decide",
			      order_id(st), wf_state_name(st->order->state));
	expiry = day_text(ev->cert_not_after);
	enter_by_event(st, WF_STATE_ISSUED, 0,
		       g_strdup_printf("verified certificate %.16s issued, valid until %s",
				       ev->cert_sha256, expiry));
	add_effect(st, WF_EFFECT_STORE_CERT);
	g_free(expiry);
	return true;
}

/* A certificate mail for an order that already has its certificate. */
static bool
on_cert_again(struct step *st)
{
	const char *have = st->order->issued_sha256;
	const char *got = st->event->cert_sha256;

	if (have && got && g_ascii_strcasecmp(have, got) == 0) {
		enter_by_event(st, st->order->state, 0, g_strdup("same certificate again"));
		return true;
	}
	return refuse(st, "%s is %s: an issued certificate arrived that differs from the one already issued for this order; staff should decide",
		      order_id(st), wf_state_name(st->order->state));
}

/* -- installed, reported, paid -- */

static bool
on_staff_installed(struct step *st)
{
	struct wf_effect *eff;

	enter_by_event(st, WF_STATE_INSTALLED, 0,
		       g_strdup(st->event->install_checked ? "installed (checked over TLS)"
				: "installed (staff's word)"));
	enter(st, WF_STATE_REPORTED, WF_CAUSE_AUTOMATIC, 0,
	      g_strdup("install report and invoice sent with the certificate bundle"));
	eff = add_mail(st, WF_MAIL_INSTALL_REPORT, WF_TO_CUSTOMER, false, NULL);
	eff->attach_bundle = true;
	return true;
}

static bool
on_payment_reminder(struct step *st)
{
	if (st->order->flags & WF_FLAG_PAYMENT_REMINDED)
		return refuse_repeated_timer(st);
	enter_by_event(st, st->order->state, WF_FLAG_PAYMENT_REMINDED,
		       g_strdup("payment reminder sent"));
	add_mail(st, WF_MAIL_PAYMENT_REMINDER, WF_TO_CUSTOMER, false, NULL);
	return true;
}

static bool
on_staff_paid(struct step *st)
{
	enter_by_event(st, WF_STATE_PAID, 0, g_strdup("payment received; next cycle to be scheduled"));
	add_effect(st, WF_EFFECT_NEXT_ORDER);
	return true;
}

/* ---- the table ---------------------------------------------------------------- */

/* Handles one legal (state, event); returns false after refuse(). */
typedef bool (*step_fn)(struct step *st);

/* Every legal step. An empty cell is refused. Terminal states have none,
 * except that the same certificate arriving again after payment is no news. */
static const step_fn transitions[WF_STATE_COUNT][WF_EV_COUNT] = {
	[WF_STATE_SCHEDULED] = {
		[WF_EV_NOTICE_DUE] = on_notice_due,
		[WF_EV_EXPIRED] = on_expired,
	},
	[WF_STATE_NOTICE_SENT] = {
		[WF_EV_EXPIRED] = on_expired,
		[WF_EV_DEADLINE_REMINDER] = on_deadline_reminder,
		[WF_EV_RENEW_REPLY] = on_renew_reply,
		[WF_EV_DECLINE_REPLY] = on_decline_reply,
		[WF_EV_APPLICATION_FORM] = on_application_form,
	},
	[WF_STATE_ACCEPTED] = {
		[WF_EV_STAFF_APPLIED] = on_staff_applied,
	},
	[WF_STATE_APPLIED] = {
		[WF_EV_APPROVAL_REQUEST] = on_approval_request,
		[WF_EV_CERT_ISSUED] = on_cert_issued,
		[WF_EV_ISSUANCE_OVERDUE] = on_issuance_overdue,
	},
	[WF_STATE_AWAITING_APPROVAL] = {
		[WF_EV_APPROVAL_REQUEST] = on_approval_request,
		[WF_EV_CERT_ISSUED] = on_cert_issued,
		[WF_EV_ISSUANCE_OVERDUE] = on_issuance_overdue,
		[WF_EV_APPROVAL_REMINDER] = on_approval_reminder,
	},
	[WF_STATE_ISSUED] = {
		[WF_EV_CERT_ISSUED] = on_cert_again,
		[WF_EV_STAFF_INSTALLED] = on_staff_installed,
	},
	[WF_STATE_INSTALLED] = {
		[WF_EV_CERT_ISSUED] = on_cert_again,
	},
	[WF_STATE_REPORTED] = {
		[WF_EV_CERT_ISSUED] = on_cert_again,
		[WF_EV_PAYMENT_REMINDER] = on_payment_reminder,
		[WF_EV_STAFF_PAID] = on_staff_paid,
	},
	[WF_STATE_PAID] = {
		[WF_EV_CERT_ISSUED] = on_cert_again,
	},
};

static void
record_free(gpointer data)
{
	struct wf_record *rec = data;

	g_free(rec->note);
	g_free(rec);
}

static void
effect_free(gpointer data)
{
	struct wf_effect *eff = data;

	g_free(eff->text);
	g_free(eff);
}

struct wf_result *
wf_step(const struct wf_order *order, const struct wf_event *event, int64_t now,
	const struct wf_settings *settings)
{
	struct wf_result *result = g_new0(struct wf_result, 1);
	struct step st = {
		.order = order,
		.event = event,
		.now = now,
		.settings = settings,
		.result = result,
	};
	step_fn fn = NULL;

	g_assert(order != NULL && event != NULL && settings != NULL);
	result->state = order->state;
	result->flags = order->flags;
	result->records = g_ptr_array_new_with_free_func(record_free);
	result->effects = g_ptr_array_new_with_free_func(effect_free);

	if ((int)order->state >= 0 && order->state < WF_STATE_COUNT &&
	    (int)event->kind >= 0 && event->kind < WF_EV_COUNT)
		fn = transitions[order->state][event->kind];
	if (!fn) {
		refuse_unexpected(&st);
		goto out;
	}
	fn(&st);
out:
	if (result->refused) {
		/* A refusal changes nothing, whatever a handler had begun. */
		g_ptr_array_set_size(result->records, 0);
		g_ptr_array_set_size(result->effects, 0);
		result->state = order->state;
		result->flags = order->flags;
	}
	return result;
}

void
wf_result_free(struct wf_result *result)
{
	if (!result)
		return;
	g_free(result->reason);
	if (result->records)
		g_ptr_array_unref(result->records);
	if (result->effects)
		g_ptr_array_unref(result->effects);
	g_free(result);
}
