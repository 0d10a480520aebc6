/* Unit tests of the order state machine (workflows/order.c). */
#include <string.h>

#include <criterion/criterion.h>

#include "workflows.h"

#define ORDER_ID "ORD-2026-0001"
#define SHA_A "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
#define SHA_B "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

static struct wf_cal *cal;
static struct wf_settings settings;

static void
setup(void)
{
	cal = wf_cal_new();
	wf_settings_default(&settings);
	settings.cal = cal;
}

static void
teardown(void)
{
	wf_cal_free(cal);
	cal = NULL;
}

TestSuite(wf_order, .init = setup, .fini = teardown);

/* hh:mm:ss on y-m-d in Tokyo, as a Unix time. */
static int64_t
jst(int y, int m, int d, int hh, int mm, int ss)
{
	return wf_day_start(wf_day_from_ymd(y, m, d)) + hh * 3600 + mm * 60 + ss;
}

static const struct wf_party last_year = {
	.org_name = "株式会社サンプル",
	.org_name_en = "Sample Inc.",
	.address = "東京都千代田区丸の内1-1-1",
	.phone = "03-1234-5678",
	.contact_name = "山田 太郎",
	.contact_email = "yamada@example.co.jp",
	.ca = "digicert",
	.validation = "ov",
};

/* An order in state, certificate expiring 2026-12-10 (noon JST), placed at
 * the CA and issued when the state says so. */
static struct wf_order
make_order(enum wf_state state)
{
	struct wf_order o = {
		.id = ORDER_ID,
		.state = state,
		.flags = 0,
		.not_after = jst(2026, 12, 10, 12, 0, 0),
		.state_since = jst(2026, 11, 20, 9, 0, 0),
		.current = last_year,
	};

	switch (state) {
	case WF_STATE_APPLIED:
	case WF_STATE_AWAITING_APPROVAL:
		o.applied_at = jst(2026, 11, 19, 15, 0, 0);
		break;
	case WF_STATE_ISSUED:
	case WF_STATE_INSTALLED:
	case WF_STATE_REPORTED:
	case WF_STATE_PAID:
		o.applied_at = jst(2026, 11, 19, 15, 0, 0);
		o.issued_sha256 = SHA_A;
		break;
	default:
		break;
	}
	return o;
}

/* An event of kind with plausible content: the form repeats last year's data,
 * the certificate is verified and extends the expiry. */
static struct wf_event
make_event(enum wf_event_kind kind)
{
	struct wf_event ev = {
		.kind = kind,
		.message_id = wf_event_cause(kind) == WF_CAUSE_MESSAGE ? "<m1@example.co.jp>" : NULL,
		.form = last_year,
		.cert_verified = true,
		.cert_sha256 = SHA_A,
		.cert_not_after = jst(2027, 6, 28, 8, 59, 59),
	};

	return ev;
}

/* Well before the request deadline (2026-11-26). */
static int64_t
some_now(void)
{
	return jst(2026, 11, 20, 10, 0, 0);
}

static struct wf_record *
record_at(const struct wf_result *r, guint i)
{
	cr_assert_lt(i, r->records->len, "record %u missing (%u records)", i, r->records->len);
	return g_ptr_array_index(r->records, i);
}

static struct wf_effect *
effect_at(const struct wf_result *r, guint i)
{
	cr_assert_lt(i, r->effects->len, "effect %u missing (%u effects)", i, r->effects->len);
	return g_ptr_array_index(r->effects, i);
}

static void
check_record(const struct wf_result *r, guint i, enum wf_state from, enum wf_state to,
	     enum wf_cause cause)
{
	struct wf_record *rec = record_at(r, i);

	cr_assert_eq(rec->from, from, "record %u from %s, expected %s", i,
		     wf_state_name(rec->from), wf_state_name(from));
	cr_assert_eq(rec->to, to, "record %u to %s, expected %s", i,
		     wf_state_name(rec->to), wf_state_name(to));
	cr_assert_eq(rec->cause, cause, "record %u cause %s, expected %s", i,
		     wf_cause_name(rec->cause), wf_cause_name(cause));
	cr_assert(rec->note && *rec->note, "record %u has no note", i);
}

static void
check_note_has(const struct wf_result *r, guint i, const char *text)
{
	struct wf_record *rec = record_at(r, i);

	cr_assert(rec->note && strstr(rec->note, text), "record %u note \"%s\" lacks \"%s\"", i,
		  rec->note ? rec->note : "(null)", text);
}

static void
check_mail(const struct wf_result *r, guint i, enum wf_mail mail, enum wf_recipient to,
	   bool in_reply, bool phone_warning, bool attach_bundle)
{
	struct wf_effect *eff = effect_at(r, i);

	cr_assert_eq(eff->kind, WF_EFFECT_MAIL, "effect %u is not a mail", i);
	cr_assert_eq(eff->mail, mail, "effect %u mail %s, expected %s", i, wf_mail_name(eff->mail),
		     wf_mail_name(mail));
	cr_assert_eq(eff->to, to, "effect %u recipient", i);
	cr_assert_eq(eff->in_reply, in_reply, "effect %u in_reply", i);
	cr_assert_eq(eff->phone_warning, phone_warning, "effect %u phone_warning", i);
	cr_assert_eq(eff->attach_bundle, attach_bundle, "effect %u attach_bundle", i);
}

static void
check_effect(const struct wf_result *r, guint i, enum wf_effect_kind kind)
{
	struct wf_effect *eff = effect_at(r, i);

	cr_assert_eq(eff->kind, kind, "effect %u kind %d, expected %d", i, eff->kind, kind);
}

static void
check_counts(const struct wf_result *r, guint records, guint effects)
{
	cr_assert_eq(r->records->len, records, "%u records, expected %u", r->records->len, records);
	cr_assert_eq(r->effects->len, effects, "%u effects, expected %u", r->effects->len, effects);
}

static void
check_done(const struct wf_result *r, enum wf_state state, unsigned flags)
{
	cr_assert_not(r->refused, "refused: %s", r->reason ? r->reason : "(no reason)");
	cr_assert_null(r->reason);
	cr_assert_eq(r->state, state, "state %s, expected %s", wf_state_name(r->state),
		     wf_state_name(state));
	cr_assert_eq(r->flags, flags, "flags %#x, expected %#x", r->flags, flags);
}

static void
check_refused(const struct wf_result *r, const struct wf_order *o, const char *text)
{
	cr_assert(r->refused, "%s + event not refused (state now %s)", wf_state_name(o->state),
		  wf_state_name(r->state));
	cr_assert(r->reason && *r->reason, "refusal without a reason");
	cr_assert(strstr(r->reason, o->id), "reason \"%s\" does not name the order", r->reason);
	if (text)
		cr_assert(strstr(r->reason, text), "reason \"%s\" lacks \"%s\"", r->reason, text);
	cr_assert_eq(r->state, o->state, "refusal changed the state");
	cr_assert_eq(r->flags, o->flags, "refusal changed the flags");
	check_counts(r, 0, 0);
}

/* ---- names ---------------------------------------------------------------- */

Test(wf_order, state_names_round_trip)
{
	static const char *const expected[WF_STATE_COUNT] = {
		"scheduled", "notice_sent", "declined", "requested", "accepted", "applied",
		"awaiting_approval", "issued", "installed", "reported", "paid",
		"new_application", "lapsed",
	};
	enum wf_state parsed;
	int i;

	for (i = 0; i < WF_STATE_COUNT; i++) {
		cr_assert_str_eq(wf_state_name((enum wf_state)i), expected[i]);
		cr_assert(wf_state_parse(expected[i], &parsed));
		cr_assert_eq(parsed, (enum wf_state)i);
	}
	cr_assert_not(wf_state_parse("Scheduled", &parsed));
	cr_assert_not(wf_state_parse("", &parsed));
	cr_assert_not(wf_state_parse(NULL, &parsed));
	cr_assert_not_null(wf_state_name(WF_STATE_COUNT));
	cr_assert_not_null(wf_state_name((enum wf_state)-1));
}

Test(wf_order, terminal_states)
{
	int i;

	for (i = 0; i < WF_STATE_COUNT; i++) {
		bool terminal = i == WF_STATE_DECLINED || i == WF_STATE_PAID ||
				i == WF_STATE_NEW_APPLICATION || i == WF_STATE_LAPSED;

		cr_assert_eq(wf_state_is_terminal((enum wf_state)i), terminal, "%s",
			     wf_state_name((enum wf_state)i));
	}
}

Test(wf_order, event_names_and_causes)
{
	static const struct {
		const char *name;
		enum wf_cause cause;
	} expected[WF_EV_COUNT] = {
		{ "notice_due", WF_CAUSE_TIMER },
		{ "deadline_reminder", WF_CAUSE_TIMER },
		{ "expired", WF_CAUSE_TIMER },
		{ "approval_reminder", WF_CAUSE_TIMER },
		{ "issuance_overdue", WF_CAUSE_TIMER },
		{ "payment_reminder", WF_CAUSE_TIMER },
		{ "renew_reply", WF_CAUSE_MESSAGE },
		{ "decline_reply", WF_CAUSE_MESSAGE },
		{ "application_form", WF_CAUSE_MESSAGE },
		{ "approval_request", WF_CAUSE_MESSAGE },
		{ "cert_issued", WF_CAUSE_MESSAGE },
		{ "applied", WF_CAUSE_STAFF },
		{ "installed", WF_CAUSE_STAFF },
		{ "paid", WF_CAUSE_STAFF },
	};
	enum wf_event_kind parsed;
	int i;

	for (i = 0; i < WF_EV_COUNT; i++) {
		cr_assert_str_eq(wf_event_name((enum wf_event_kind)i), expected[i].name);
		cr_assert(wf_event_parse(expected[i].name, &parsed));
		cr_assert_eq(parsed, (enum wf_event_kind)i);
		cr_assert_eq(wf_event_cause((enum wf_event_kind)i), expected[i].cause, "%s",
			     expected[i].name);
	}
	cr_assert_not(wf_event_parse("staff_paid", &parsed));
	cr_assert_not_null(wf_event_name(WF_EV_COUNT));
}

Test(wf_order, cause_and_mail_names)
{
	static const char *const causes[WF_CAUSE_COUNT] = {
		"timer", "message", "staff", "automatic", "import",
	};
	static const char *const mails[WF_MAIL_COUNT] = {
		"notice", "reminder", "decline_confirm", "form_link", "acceptance",
		"new_application", "approval_request", "approval_reminder", "install_report",
		"payment_reminder", "staff_alert",
	};
	enum wf_cause parsed;
	int i;

	for (i = 0; i < WF_CAUSE_COUNT; i++) {
		cr_assert_str_eq(wf_cause_name((enum wf_cause)i), causes[i]);
		cr_assert(wf_cause_parse(causes[i], &parsed));
		cr_assert_eq(parsed, (enum wf_cause)i);
	}
	cr_assert_not(wf_cause_parse("cron", &parsed));
	for (i = 0; i < WF_MAIL_COUNT; i++)
		cr_assert_str_eq(wf_mail_name((enum wf_mail)i), mails[i]);
	cr_assert_not_null(wf_mail_name(WF_MAIL_COUNT));
	cr_assert_not_null(wf_cause_name(WF_CAUSE_COUNT));
}

Test(wf_order, settings_defaults)
{
	struct wf_settings s;

	memset(&s, 0xff, sizeof s);
	wf_settings_default(&s);
	cr_assert_eq(s.notice_days, 30);
	cr_assert_eq(s.deadline_business_days, 10);
	cr_assert_eq(s.reminder_business_days, 3);
	cr_assert_eq(s.approval_reminder_business_days, 2);
	cr_assert_eq(s.issuance_overdue_business_days, 14);
	cr_assert_eq(s.payment_due_days, 30);
	cr_assert_null(s.cal);
}

Test(wf_order, result_free_null)
{
	wf_result_free(NULL);
}

/* ---- legal steps ------------------------------------------------------------ */

Test(wf_order, scheduled_notice_due)
{
	struct wf_order o = make_order(WF_STATE_SCHEDULED);
	struct wf_event ev = make_event(WF_EV_NOTICE_DUE);
	struct wf_result *r = wf_step(&o, &ev, jst(2026, 11, 10, 0, 5, 0), &settings);

	check_done(r, WF_STATE_NOTICE_SENT, 0);
	check_counts(r, 1, 1);
	check_record(r, 0, WF_STATE_SCHEDULED, WF_STATE_NOTICE_SENT, WF_CAUSE_TIMER);
	check_note_has(r, 0, "2026-11-26");
	check_mail(r, 0, WF_MAIL_NOTICE, WF_TO_CUSTOMER, false, false, false);
	wf_result_free(r);
}

Test(wf_order, expired_lapses)
{
	enum wf_state from[] = { WF_STATE_SCHEDULED, WF_STATE_NOTICE_SENT };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(from); i++) {
		struct wf_order o = make_order(from[i]);
		struct wf_event ev = make_event(WF_EV_EXPIRED);
		struct wf_result *r;

		o.flags = WF_FLAG_DEADLINE_REMINDED;
		r = wf_step(&o, &ev, jst(2026, 12, 11, 0, 0, 0), &settings);
		check_done(r, WF_STATE_LAPSED, WF_FLAG_DEADLINE_REMINDED);
		check_counts(r, 1, 0);
		check_record(r, 0, from[i], WF_STATE_LAPSED, WF_CAUSE_TIMER);
		wf_result_free(r);
	}
}

Test(wf_order, deadline_reminder_once)
{
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT);
	struct wf_event ev = make_event(WF_EV_DEADLINE_REMINDER);
	struct wf_result *r = wf_step(&o, &ev, some_now(), &settings);

	check_done(r, WF_STATE_NOTICE_SENT, WF_FLAG_DEADLINE_REMINDED);
	check_counts(r, 1, 1);
	check_record(r, 0, WF_STATE_NOTICE_SENT, WF_STATE_NOTICE_SENT, WF_CAUSE_TIMER);
	check_note_has(r, 0, "reminder sent");
	check_mail(r, 0, WF_MAIL_REMINDER, WF_TO_CUSTOMER, false, false, false);
	wf_result_free(r);

	o.flags = WF_FLAG_DEADLINE_REMINDED;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, "already");
	wf_result_free(r);
}

Test(wf_order, renew_reply_answered_once)
{
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT);
	struct wf_event ev = make_event(WF_EV_RENEW_REPLY);
	struct wf_result *r = wf_step(&o, &ev, some_now(), &settings);

	check_done(r, WF_STATE_NOTICE_SENT, WF_FLAG_FORM_LINK_SENT);
	check_counts(r, 1, 1);
	check_record(r, 0, WF_STATE_NOTICE_SENT, WF_STATE_NOTICE_SENT, WF_CAUSE_MESSAGE);
	check_mail(r, 0, WF_MAIL_FORM_LINK, WF_TO_CUSTOMER, true, false, false);
	wf_result_free(r);

	o.flags = WF_FLAG_FORM_LINK_SENT | WF_FLAG_DEADLINE_REMINDED;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_done(r, WF_STATE_NOTICE_SENT, WF_FLAG_FORM_LINK_SENT | WF_FLAG_DEADLINE_REMINDED);
	check_counts(r, 1, 0);
	check_record(r, 0, WF_STATE_NOTICE_SENT, WF_STATE_NOTICE_SENT, WF_CAUSE_MESSAGE);
	check_note_has(r, 0, "renew reply already answered");
	wf_result_free(r);
}

Test(wf_order, renew_reply_after_deadline_refused)
{
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT);
	struct wf_event ev = make_event(WF_EV_RENEW_REPLY);
	struct wf_result *r = wf_step(&o, &ev, jst(2026, 11, 26, 23, 59, 59), &settings);

	check_done(r, WF_STATE_NOTICE_SENT, WF_FLAG_FORM_LINK_SENT);
	wf_result_free(r);

	r = wf_step(&o, &ev, jst(2026, 11, 27, 0, 0, 0), &settings);
	check_refused(r, &o, "2026-11-26");
	wf_result_free(r);
}

Test(wf_order, decline_reply)
{
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT);
	struct wf_event ev = make_event(WF_EV_DECLINE_REPLY);
	struct wf_result *r = wf_step(&o, &ev, some_now(), &settings);

	check_done(r, WF_STATE_DECLINED, 0);
	check_counts(r, 1, 1);
	check_record(r, 0, WF_STATE_NOTICE_SENT, WF_STATE_DECLINED, WF_CAUSE_MESSAGE);
	check_mail(r, 0, WF_MAIL_DECLINE_CONFIRM, WF_TO_CUSTOMER, true, false, false);
	wf_result_free(r);
}

/* ---- the application form ------------------------------------------------------ */

static struct wf_result *
apply_form(const struct wf_party *form, int64_t now)
{
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT);
	struct wf_event ev = make_event(WF_EV_APPLICATION_FORM);

	o.flags = WF_FLAG_FORM_LINK_SENT;
	ev.form = *form;
	return wf_step(&o, &ev, now, &settings);
}

static void
check_accepted(const struct wf_result *r, bool phone_warning)
{
	check_done(r, WF_STATE_ACCEPTED, WF_FLAG_FORM_LINK_SENT);
	check_counts(r, 2, 2);
	check_record(r, 0, WF_STATE_NOTICE_SENT, WF_STATE_REQUESTED, WF_CAUSE_MESSAGE);
	check_record(r, 1, WF_STATE_REQUESTED, WF_STATE_ACCEPTED, WF_CAUSE_AUTOMATIC);
	check_effect(r, 0, WF_EFFECT_STORE_APPLICATION);
	check_mail(r, 1, WF_MAIL_ACCEPTANCE, WF_TO_CUSTOMER, true, phone_warning, false);
	if (phone_warning)
		check_note_has(r, 1, "phone warning");
	else
		cr_assert_null(strstr(record_at(r, 1)->note, "phone"), "note: %s",
			       record_at(r, 1)->note);
}

static void
check_new_application(const struct wf_result *r, const char *field)
{
	struct wf_effect *alert;

	check_done(r, WF_STATE_NEW_APPLICATION, WF_FLAG_FORM_LINK_SENT);
	check_counts(r, 2, 3);
	check_record(r, 0, WF_STATE_NOTICE_SENT, WF_STATE_REQUESTED, WF_CAUSE_MESSAGE);
	check_record(r, 1, WF_STATE_REQUESTED, WF_STATE_NEW_APPLICATION, WF_CAUSE_AUTOMATIC);
	check_note_has(r, 1, field);
	check_effect(r, 0, WF_EFFECT_STORE_APPLICATION);
	check_mail(r, 1, WF_MAIL_NEW_APPLICATION, WF_TO_CUSTOMER, true, false, false);
	check_mail(r, 2, WF_MAIL_STAFF_ALERT, WF_TO_STAFF, false, false, false);
	alert = effect_at(r, 2);
	cr_assert(alert->text && strstr(alert->text, field), "alert \"%s\" lacks %s",
		  alert->text ? alert->text : "(null)", field);
	cr_assert(strstr(alert->text, ORDER_ID), "alert does not name the order");
}

Test(wf_order, form_same_data_accepted)
{
	struct wf_result *r = apply_form(&last_year, some_now());

	check_accepted(r, false);
	wf_result_free(r);
}

Test(wf_order, form_on_deadline_day_in_time)
{
	struct wf_result *r = apply_form(&last_year, jst(2026, 11, 26, 23, 59, 59));

	check_accepted(r, false);
	wf_result_free(r);
}

Test(wf_order, form_after_deadline_refused)
{
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT);
	struct wf_result *r = apply_form(&last_year, jst(2026, 11, 27, 0, 0, 0));

	o.flags = WF_FLAG_FORM_LINK_SENT;
	check_refused(r, &o, "after the request deadline 2026-11-26");
	wf_result_free(r);
}

Test(wf_order, form_org_name_change_new_application)
{
	struct wf_party form = last_year;
	struct wf_result *r;

	form.org_name = "株式会社サンプルホールディングス";
	r = apply_form(&form, some_now());
	check_new_application(r, "org_name");
	wf_result_free(r);
}

Test(wf_order, form_org_name_width_case_spaces_not_a_change)
{
	static const struct {
		const char *was;
		const char *now;
	} same[] = {
		{ "株式会社サンプル", "  株式会社サンプル　" },
		{ "株式会社サンプル", "株式会社ｻﾝﾌﾟﾙ" },
		{ "ＳＡＭＰＬＥ　ＴＥＣＨ株式会社", "sample tech株式会社" },
		{ "Sample  Tech\tK.K.", " SAMPLE TECH K.K. " },
		{ "株式会社 サンプル", "株式会社\u3000\u3000サンプル" },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(same); i++) {
		struct wf_order o = make_order(WF_STATE_NOTICE_SENT);
		struct wf_event ev = make_event(WF_EV_APPLICATION_FORM);
		struct wf_result *r;

		o.current.org_name = same[i].was;
		ev.form.org_name = same[i].now;
		r = wf_step(&o, &ev, some_now(), &settings);
		cr_assert_eq(r->state, WF_STATE_ACCEPTED, "\"%s\" vs \"%s\": %s", same[i].was,
			     same[i].now, wf_state_name(r->state));
		cr_assert_not(effect_at(r, 1)->phone_warning);
		wf_result_free(r);
	}
}

Test(wf_order, form_ca_change_new_application)
{
	struct wf_party form = last_year;
	struct wf_result *r;

	form.ca = "sectigo";
	r = apply_form(&form, some_now());
	check_new_application(r, "ca");
	wf_result_free(r);

	form.ca = " DigiCert ";
	r = apply_form(&form, some_now());
	check_accepted(r, false);
	wf_result_free(r);
}

Test(wf_order, form_validation_change_new_application)
{
	struct wf_party form = last_year;
	struct wf_result *r;

	form.validation = "ev";
	r = apply_form(&form, some_now());
	check_new_application(r, "validation");
	wf_result_free(r);
}

Test(wf_order, form_address_change_phone_warning)
{
	struct wf_party form = last_year;
	struct wf_result *r;

	form.address = "大阪府大阪市北区梅田2-2-2";
	r = apply_form(&form, some_now());
	check_accepted(r, true);
	check_note_has(r, 1, "address");
	wf_result_free(r);
}

Test(wf_order, form_contact_change_phone_warning)
{
	struct wf_party form = last_year;
	struct wf_result *r;

	form.contact_name = "佐藤 花子";
	r = apply_form(&form, some_now());
	check_accepted(r, true);
	check_note_has(r, 1, "contact_name");
	wf_result_free(r);
}

Test(wf_order, form_other_fields_no_warning)
{
	struct wf_party form = last_year;
	struct wf_result *r;

	form.org_name_en = "Sample Holdings Inc.";
	form.phone = "06-9999-0000";
	form.contact_email = "new@example.co.jp";
	r = apply_form(&form, some_now());
	check_accepted(r, false);
	wf_result_free(r);
}

Test(wf_order, form_fields_not_given_are_not_compared)
{
	struct wf_party form = { 0 };
	struct wf_result *r;

	r = apply_form(&form, some_now());
	check_accepted(r, false);
	wf_result_free(r);

	form = last_year;
	form.org_name = "   ";
	r = apply_form(&form, some_now());
	check_accepted(r, false);
	wf_result_free(r);
}

Test(wf_order, form_org_change_wins_over_address_change)
{
	struct wf_party form = last_year;
	struct wf_result *r;

	form.org_name = "別会社株式会社";
	form.ca = "globalsign";
	form.address = "大阪府";
	r = apply_form(&form, some_now());
	check_new_application(r, "org_name");
	check_note_has(r, 1, "ca");
	wf_result_free(r);
}

Test(wf_order, form_invalid_utf8_refused)
{
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT);
	struct wf_party form = last_year;
	struct wf_result *r;

	form.org_name = "\xff\xfe bad";
	o.flags = WF_FLAG_FORM_LINK_SENT;
	r = apply_form(&form, some_now());
	check_refused(r, &o, "org_name");
	wf_result_free(r);
}

/* ---- at the CA ------------------------------------------------------------------ */

Test(wf_order, staff_applied)
{
	struct wf_order o = make_order(WF_STATE_ACCEPTED);
	struct wf_event ev = make_event(WF_EV_STAFF_APPLIED);
	struct wf_result *r;

	ev.ca_order = "DC-778899";
	r = wf_step(&o, &ev, some_now(), &settings);
	check_done(r, WF_STATE_APPLIED, 0);
	check_counts(r, 1, 0);
	check_record(r, 0, WF_STATE_ACCEPTED, WF_STATE_APPLIED, WF_CAUSE_STAFF);
	check_note_has(r, 0, "DC-778899");
	wf_result_free(r);

	ev.ca_order = NULL;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_done(r, WF_STATE_APPLIED, 0);
	check_counts(r, 1, 0);
	wf_result_free(r);
}

Test(wf_order, approval_request)
{
	struct wf_order o = make_order(WF_STATE_APPLIED);
	struct wf_event ev = make_event(WF_EV_APPROVAL_REQUEST);
	struct wf_result *r;

	ev.approval_url = "https://www.digicert.com/approve/abc";
	r = wf_step(&o, &ev, some_now(), &settings);
	check_done(r, WF_STATE_AWAITING_APPROVAL, 0);
	check_counts(r, 1, 1);
	check_record(r, 0, WF_STATE_APPLIED, WF_STATE_AWAITING_APPROVAL, WF_CAUSE_MESSAGE);
	check_mail(r, 0, WF_MAIL_APPROVAL_REQUEST, WF_TO_CUSTOMER, false, false, false);
	wf_result_free(r);
}

Test(wf_order, approval_request_repeated)
{
	struct wf_order o = make_order(WF_STATE_AWAITING_APPROVAL);
	struct wf_event ev = make_event(WF_EV_APPROVAL_REQUEST);
	struct wf_result *r;

	o.flags = WF_FLAG_APPROVAL_REMINDED;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_done(r, WF_STATE_AWAITING_APPROVAL, WF_FLAG_APPROVAL_REMINDED);
	check_counts(r, 1, 0);
	check_record(r, 0, WF_STATE_AWAITING_APPROVAL, WF_STATE_AWAITING_APPROVAL,
		     WF_CAUSE_MESSAGE);
	check_note_has(r, 0, "approval request repeated");
	wf_result_free(r);
}

Test(wf_order, approval_reminder_once)
{
	struct wf_order o = make_order(WF_STATE_AWAITING_APPROVAL);
	struct wf_event ev = make_event(WF_EV_APPROVAL_REMINDER);
	struct wf_result *r = wf_step(&o, &ev, some_now(), &settings);

	check_done(r, WF_STATE_AWAITING_APPROVAL, WF_FLAG_APPROVAL_REMINDED);
	check_counts(r, 1, 1);
	check_record(r, 0, WF_STATE_AWAITING_APPROVAL, WF_STATE_AWAITING_APPROVAL, WF_CAUSE_TIMER);
	check_mail(r, 0, WF_MAIL_APPROVAL_REMINDER, WF_TO_CUSTOMER, false, false, false);
	wf_result_free(r);

	o.flags = WF_FLAG_APPROVAL_REMINDED;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, "already");
	wf_result_free(r);
}

Test(wf_order, issuance_overdue_once)
{
	enum wf_state states[] = { WF_STATE_APPLIED, WF_STATE_AWAITING_APPROVAL };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(states); i++) {
		struct wf_order o = make_order(states[i]);
		struct wf_event ev = make_event(WF_EV_ISSUANCE_OVERDUE);
		struct wf_result *r = wf_step(&o, &ev, jst(2026, 12, 10, 9, 0, 0), &settings);
		struct wf_effect *alert;

		check_done(r, states[i], WF_FLAG_OVERDUE_ALERTED);
		check_counts(r, 1, 1);
		check_record(r, 0, states[i], states[i], WF_CAUSE_TIMER);
		check_mail(r, 0, WF_MAIL_STAFF_ALERT, WF_TO_STAFF, false, false, false);
		alert = effect_at(r, 0);
		cr_assert(alert->text && strstr(alert->text, ORDER_ID));
		cr_assert(strstr(alert->text, "2026-11-19"), "alert: %s", alert->text);
		wf_result_free(r);

		o.flags = WF_FLAG_OVERDUE_ALERTED;
		r = wf_step(&o, &ev, jst(2026, 12, 10, 9, 0, 0), &settings);
		check_refused(r, &o, "already");
		wf_result_free(r);
	}
}

Test(wf_order, cert_issued)
{
	enum wf_state states[] = { WF_STATE_APPLIED, WF_STATE_AWAITING_APPROVAL };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(states); i++) {
		struct wf_order o = make_order(states[i]);
		struct wf_event ev = make_event(WF_EV_CERT_ISSUED);
		struct wf_result *r;

		o.flags = WF_FLAG_OVERDUE_ALERTED;
		r = wf_step(&o, &ev, some_now(), &settings);
		check_done(r, WF_STATE_ISSUED, WF_FLAG_OVERDUE_ALERTED);
		check_counts(r, 1, 1);
		check_record(r, 0, states[i], WF_STATE_ISSUED, WF_CAUSE_MESSAGE);
		check_effect(r, 0, WF_EFFECT_STORE_CERT);
		wf_result_free(r);
	}
}

Test(wf_order, cert_not_verified_refused)
{
	struct wf_order o = make_order(WF_STATE_AWAITING_APPROVAL);
	struct wf_event ev = make_event(WF_EV_CERT_ISSUED);
	struct wf_result *r;

	ev.cert_verified = false;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, "certificate not verified");
	wf_result_free(r);
}

Test(wf_order, cert_not_extending_refused)
{
	struct wf_order o = make_order(WF_STATE_APPLIED);
	struct wf_event ev = make_event(WF_EV_CERT_ISSUED);
	struct wf_result *r;

	ev.cert_not_after = o.not_after;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, "does not extend the expiry");
	wf_result_free(r);

	ev.cert_not_after = o.not_after - 86400;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, "does not extend the expiry");
	wf_result_free(r);

	ev.cert_not_after = o.not_after + 1;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_done(r, WF_STATE_ISSUED, 0);
	wf_result_free(r);
}

Test(wf_order, cert_without_fingerprint_refused)
{
	struct wf_order o = make_order(WF_STATE_APPLIED);
	struct wf_event ev = make_event(WF_EV_CERT_ISSUED);
	struct wf_result *r;

	ev.cert_sha256 = NULL;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, "fingerprint");
	wf_result_free(r);
}

Test(wf_order, same_cert_again_after_issue)
{
	enum wf_state states[] = {
		WF_STATE_ISSUED, WF_STATE_INSTALLED, WF_STATE_REPORTED, WF_STATE_PAID,
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(states); i++) {
		struct wf_order o = make_order(states[i]);
		struct wf_event ev = make_event(WF_EV_CERT_ISSUED);
		struct wf_result *r;

		o.flags = WF_FLAG_PAYMENT_REMINDED;
		r = wf_step(&o, &ev, some_now(), &settings);
		check_done(r, states[i], WF_FLAG_PAYMENT_REMINDED);
		check_counts(r, 1, 0);
		check_record(r, 0, states[i], states[i], WF_CAUSE_MESSAGE);
		check_note_has(r, 0, "same certificate again");
		wf_result_free(r);

		ev.cert_sha256 = SHA_B;
		r = wf_step(&o, &ev, some_now(), &settings);
		check_refused(r, &o, NULL);
		wf_result_free(r);
	}
}

/* ---- installed, reported, paid --------------------------------------------------- */

Test(wf_order, installed_then_reported)
{
	static const struct {
		bool checked;
		const char *note;
	} cases[] = {
		{ true, "checked over TLS" },
		{ false, "staff's word" },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct wf_order o = make_order(WF_STATE_ISSUED);
		struct wf_event ev = make_event(WF_EV_STAFF_INSTALLED);
		struct wf_result *r;

		ev.install_checked = cases[i].checked;
		r = wf_step(&o, &ev, some_now(), &settings);
		check_done(r, WF_STATE_REPORTED, 0);
		check_counts(r, 2, 1);
		check_record(r, 0, WF_STATE_ISSUED, WF_STATE_INSTALLED, WF_CAUSE_STAFF);
		check_note_has(r, 0, cases[i].note);
		check_record(r, 1, WF_STATE_INSTALLED, WF_STATE_REPORTED, WF_CAUSE_AUTOMATIC);
		check_mail(r, 0, WF_MAIL_INSTALL_REPORT, WF_TO_CUSTOMER, false, false, true);
		wf_result_free(r);
	}
}

Test(wf_order, payment_reminder_once)
{
	struct wf_order o = make_order(WF_STATE_REPORTED);
	struct wf_event ev = make_event(WF_EV_PAYMENT_REMINDER);
	struct wf_result *r = wf_step(&o, &ev, some_now(), &settings);

	check_done(r, WF_STATE_REPORTED, WF_FLAG_PAYMENT_REMINDED);
	check_counts(r, 1, 1);
	check_record(r, 0, WF_STATE_REPORTED, WF_STATE_REPORTED, WF_CAUSE_TIMER);
	check_mail(r, 0, WF_MAIL_PAYMENT_REMINDER, WF_TO_CUSTOMER, false, false, false);
	wf_result_free(r);

	o.flags = WF_FLAG_PAYMENT_REMINDED;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, "already");
	wf_result_free(r);
}

Test(wf_order, staff_paid)
{
	struct wf_order o = make_order(WF_STATE_REPORTED);
	struct wf_event ev = make_event(WF_EV_STAFF_PAID);
	struct wf_result *r;

	o.flags = WF_FLAG_PAYMENT_REMINDED;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_done(r, WF_STATE_PAID, WF_FLAG_PAYMENT_REMINDED);
	check_counts(r, 1, 1);
	check_record(r, 0, WF_STATE_REPORTED, WF_STATE_PAID, WF_CAUSE_STAFF);
	check_effect(r, 0, WF_EFFECT_NEXT_ORDER);
	wf_result_free(r);
}

/* ---- everything else is refused ---------------------------------------------------- */

/* The legal (state, event) pairs, written out independently of order.c. */
static bool
is_legal(enum wf_state s, enum wf_event_kind e)
{
	switch (s) {
	case WF_STATE_SCHEDULED:
		return e == WF_EV_NOTICE_DUE || e == WF_EV_EXPIRED;
	case WF_STATE_NOTICE_SENT:
		return e == WF_EV_EXPIRED || e == WF_EV_DEADLINE_REMINDER ||
		       e == WF_EV_RENEW_REPLY || e == WF_EV_DECLINE_REPLY ||
		       e == WF_EV_APPLICATION_FORM;
	case WF_STATE_ACCEPTED:
		return e == WF_EV_STAFF_APPLIED;
	case WF_STATE_APPLIED:
		return e == WF_EV_APPROVAL_REQUEST || e == WF_EV_CERT_ISSUED ||
		       e == WF_EV_ISSUANCE_OVERDUE;
	case WF_STATE_AWAITING_APPROVAL:
		return e == WF_EV_APPROVAL_REQUEST || e == WF_EV_CERT_ISSUED ||
		       e == WF_EV_ISSUANCE_OVERDUE || e == WF_EV_APPROVAL_REMINDER;
	case WF_STATE_ISSUED:
		return e == WF_EV_CERT_ISSUED || e == WF_EV_STAFF_INSTALLED;
	case WF_STATE_INSTALLED:
		return e == WF_EV_CERT_ISSUED;
	case WF_STATE_REPORTED:
		return e == WF_EV_CERT_ISSUED || e == WF_EV_PAYMENT_REMINDER ||
		       e == WF_EV_STAFF_PAID;
	case WF_STATE_PAID:
		return e == WF_EV_CERT_ISSUED;
	default:
		return false;
	}
}

Test(wf_order, every_other_pair_refused)
{
	unsigned all_flags = WF_FLAG_DEADLINE_REMINDED | WF_FLAG_FORM_LINK_SENT |
			     WF_FLAG_APPROVAL_REMINDED | WF_FLAG_OVERDUE_ALERTED |
			     WF_FLAG_PAYMENT_REMINDED;
	int s, e, legal = 0, refused = 0;

	for (s = 0; s < WF_STATE_COUNT; s++) {
		for (e = 0; e < WF_EV_COUNT; e++) {
			unsigned flags[] = { 0, all_flags };
			size_t f;

			if (is_legal((enum wf_state)s, (enum wf_event_kind)e)) {
				legal++;
				continue;
			}
			for (f = 0; f < G_N_ELEMENTS(flags); f++) {
				struct wf_order o = make_order((enum wf_state)s);
				struct wf_event ev = make_event((enum wf_event_kind)e);
				struct wf_result *r;

				o.flags = flags[f];
				r = wf_step(&o, &ev, some_now(), &settings);
				cr_assert(r->refused, "%s + %s was not refused",
					  wf_state_name(o.state), wf_event_name(ev.kind));
				check_refused(r, &o, wf_state_name(o.state));
				wf_result_free(r);
			}
			refused++;
		}
	}
	cr_assert_eq(legal, 22);
	cr_assert_eq(refused, WF_STATE_COUNT * WF_EV_COUNT - 22);
}

Test(wf_order, refusal_reason_names_order_state_and_event)
{
	struct wf_order o = make_order(WF_STATE_APPLIED);
	struct wf_event ev = make_event(WF_EV_DECLINE_REPLY);
	struct wf_result *r = wf_step(&o, &ev, some_now(), &settings);

	check_refused(r, &o, "applied");
	cr_assert(strstr(r->reason, "decline reply"), "%s", r->reason);
	cr_assert(strstr(r->reason, "staff should decide"), "%s", r->reason);
	wf_result_free(r);

	o = make_order(WF_STATE_LAPSED);
	ev = make_event(WF_EV_APPLICATION_FORM);
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, "lapsed");
	cr_assert(strstr(r->reason, "application form"), "%s", r->reason);
	wf_result_free(r);

	/* A staff command is not sent back to staff to decide. */
	o = make_order(WF_STATE_NOTICE_SENT);
	ev = make_event(WF_EV_STAFF_PAID);
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, "notice_sent");
	cr_assert(strstr(r->reason, "not possible in this state"), "%s", r->reason);
	cr_assert_null(strstr(r->reason, "staff should decide"), "%s", r->reason);
	wf_result_free(r);
}

Test(wf_order, unknown_values_refused)
{
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT);
	struct wf_event ev = make_event(WF_EV_RENEW_REPLY);
	struct wf_result *r;

	ev.kind = WF_EV_COUNT;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, NULL);
	wf_result_free(r);

	ev.kind = WF_EV_RENEW_REPLY;
	o.state = WF_STATE_COUNT;
	r = wf_step(&o, &ev, some_now(), &settings);
	check_refused(r, &o, NULL);
	wf_result_free(r);
}
