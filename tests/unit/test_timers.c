/* Unit tests of the timers and deadlines of an order (workflows/timers.c). */
#include <string.h>

#include <criterion/criterion.h>

#include "workflows.h"

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

TestSuite(wf_timers, .init = setup, .fini = teardown);

static wf_day
ymd(int y, int m, int d)
{
	return wf_day_from_ymd(y, m, d);
}

static int64_t
jst(int y, int m, int d, int hh, int mm, int ss)
{
	return wf_day_start(ymd(y, m, d)) + hh * 3600 + mm * 60 + ss;
}

/* An order in state whose certificate expires at noon JST on y-m-d. */
static struct wf_order
make_order(enum wf_state state, int y, int m, int d)
{
	struct wf_order o = {
		.id = "ORD-2026-0002",
		.state = state,
		.not_after = jst(y, m, d, 12, 0, 0),
		.state_since = jst(2026, 1, 5, 10, 0, 0),
		.current = { .org_name = "株式会社サンプル", .ca = "digicert", .validation = "ov" },
	};

	return o;
}

static void
check_day(wf_day got, int y, int m, int d)
{
	char a[11], b[11];

	cr_assert_eq(got, ymd(y, m, d), "got %s, expected %s", wf_day_format(got, a),
		     wf_day_format(ymd(y, m, d), b));
}

/* The timer due at now, or -1 for none. */
static int
timer_at(const struct wf_order *o, int64_t now)
{
	enum wf_event_kind kind;

	if (!wf_timer_next(o, now, &settings, &kind))
		return -1;
	return (int)kind;
}

static void
check_timer(const struct wf_order *o, int64_t now, int expected)
{
	int got = timer_at(o, now);
	char day[11];

	cr_assert_eq(got, expected, "%s on %s: got %s, expected %s", wf_state_name(o->state),
		     wf_day_format(wf_day_of_time(now), day),
		     got < 0 ? "none" : wf_event_name((enum wf_event_kind)got),
		     expected < 0 ? "none" : wf_event_name((enum wf_event_kind)expected));
}

/* ---- dates ------------------------------------------------------------------ */

Test(wf_timers, spec_example_dates)
{
	struct wf_order o = make_order(WF_STATE_SCHEDULED, 2026, 12, 10);

	check_day(wf_request_deadline(&o, &settings), 2026, 11, 26);
	check_day(wf_notice_day(&o, &settings), 2026, 11, 10);
	cr_assert_eq(wf_day_weekday(ymd(2026, 11, 10)), 2);
}

Test(wf_timers, not_after_date_is_tokyo)
{
	struct wf_order o = make_order(WF_STATE_SCHEDULED, 2026, 12, 10);

	/* 2026-12-10 15:00 UTC is already 2026-12-11 in Tokyo. */
	o.not_after = jst(2026, 12, 11, 0, 0, 0);
	check_day(wf_request_deadline(&o, &settings), 2026, 11, 27);
	o.not_after = jst(2026, 12, 10, 23, 59, 59);
	check_day(wf_request_deadline(&o, &settings), 2026, 11, 26);
}

Test(wf_timers, notice_day_on_weekend_moves_back)
{
	/* 30 days before 2026-12-15 is Sunday 2026-11-15. */
	struct wf_order o = make_order(WF_STATE_SCHEDULED, 2026, 12, 15);

	check_day(wf_notice_day(&o, &settings), 2026, 11, 13);
	check_timer(&o, jst(2026, 11, 12, 23, 59, 59), -1);
	check_timer(&o, jst(2026, 11, 13, 0, 0, 0), WF_EV_NOTICE_DUE);
	check_timer(&o, jst(2026, 11, 15, 9, 0, 0), WF_EV_NOTICE_DUE);
}

Test(wf_timers, notice_day_on_holiday_moves_back)
{
	/* 30 days before 2026-12-23 is Monday 2026-11-23, Labour Thanksgiving Day. */
	struct wf_order o = make_order(WF_STATE_SCHEDULED, 2026, 12, 23);

	check_day(wf_notice_day(&o, &settings), 2026, 11, 20);
	check_timer(&o, jst(2026, 11, 19, 12, 0, 0), -1);
	check_timer(&o, jst(2026, 11, 20, 12, 0, 0), WF_EV_NOTICE_DUE);
	check_timer(&o, jst(2026, 11, 21, 12, 0, 0), WF_EV_NOTICE_DUE);
}

Test(wf_timers, settings_change_the_dates)
{
	struct wf_order o = make_order(WF_STATE_SCHEDULED, 2026, 12, 10);

	settings.notice_days = 45;          /* 2026-10-26, a Monday */
	settings.deadline_business_days = 5; /* 2026-12-03 */
	check_day(wf_notice_day(&o, &settings), 2026, 10, 26);
	check_day(wf_request_deadline(&o, &settings), 2026, 12, 3);
}

/* ---- each timer at its boundary ---------------------------------------------- */

Test(wf_timers, notice_due_boundary)
{
	struct wf_order o = make_order(WF_STATE_SCHEDULED, 2026, 12, 10);

	check_timer(&o, jst(2026, 11, 9, 23, 59, 59), -1);
	check_timer(&o, jst(2026, 11, 10, 0, 0, 0), WF_EV_NOTICE_DUE);
	check_timer(&o, jst(2026, 11, 11, 9, 0, 0), WF_EV_NOTICE_DUE);
	o.state = WF_STATE_NOTICE_SENT;
	o.flags = WF_FLAG_DEADLINE_REMINDED;
	check_timer(&o, jst(2026, 11, 11, 9, 0, 0), -1);
}

Test(wf_timers, expired_boundary_and_priority)
{
	struct wf_order o = make_order(WF_STATE_SCHEDULED, 2026, 12, 10);

	check_timer(&o, jst(2026, 12, 10, 23, 59, 59), WF_EV_NOTICE_DUE);
	check_timer(&o, jst(2026, 12, 11, 0, 0, 0), WF_EV_EXPIRED);
	check_timer(&o, jst(2026, 12, 12, 9, 0, 0), WF_EV_EXPIRED);

	o.state = WF_STATE_NOTICE_SENT;
	check_timer(&o, jst(2026, 12, 10, 23, 59, 59), -1);
	check_timer(&o, jst(2026, 12, 11, 0, 0, 0), WF_EV_EXPIRED);
	o.flags = WF_FLAG_DEADLINE_REMINDED | WF_FLAG_FORM_LINK_SENT;
	check_timer(&o, jst(2026, 12, 12, 9, 0, 0), WF_EV_EXPIRED);

	o.state = WF_STATE_LAPSED;
	check_timer(&o, jst(2026, 12, 12, 9, 0, 0), -1);
}

Test(wf_timers, deadline_reminder_boundary)
{
	/* 3 business days before 2026-11-26, over the holiday on Monday 11-23. */
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT, 2026, 12, 10);

	check_timer(&o, jst(2026, 11, 19, 23, 59, 59), -1);
	check_timer(&o, jst(2026, 11, 20, 0, 0, 0), WF_EV_DEADLINE_REMINDER);
	check_timer(&o, jst(2026, 11, 21, 9, 0, 0), WF_EV_DEADLINE_REMINDER);
	check_timer(&o, jst(2026, 11, 26, 23, 59, 59), WF_EV_DEADLINE_REMINDER);
	check_timer(&o, jst(2026, 11, 27, 0, 0, 0), -1);

	o.flags = WF_FLAG_DEADLINE_REMINDED;
	check_timer(&o, jst(2026, 11, 20, 9, 0, 0), -1);
	o.flags = WF_FLAG_FORM_LINK_SENT;
	check_timer(&o, jst(2026, 11, 20, 9, 0, 0), WF_EV_DEADLINE_REMINDER);
}

Test(wf_timers, no_reminder_after_a_late_notice)
{
	/* The notice itself went out inside the reminder window (from 11-20):
	 * it carries the deadline, so no second mail follows it. */
	struct wf_order o = make_order(WF_STATE_NOTICE_SENT, 2026, 12, 10);

	o.state_since = jst(2026, 11, 20, 9, 0, 0);
	check_timer(&o, jst(2026, 11, 20, 9, 5, 0), -1);
	check_timer(&o, jst(2026, 11, 24, 9, 0, 0), -1);
	/* sent the day before the window: the reminder comes */
	o.state_since = jst(2026, 11, 19, 9, 0, 0);
	check_timer(&o, jst(2026, 11, 20, 9, 0, 0), WF_EV_DEADLINE_REMINDER);
}

Test(wf_timers, approval_reminder_boundary)
{
	/* Entered on Friday 2026-12-04: two business days after is Tuesday 12-08. */
	struct wf_order o = make_order(WF_STATE_AWAITING_APPROVAL, 2026, 12, 10);

	o.state_since = jst(2026, 12, 4, 15, 0, 0);
	o.applied_at = jst(2026, 12, 3, 11, 0, 0);
	check_timer(&o, jst(2026, 12, 7, 23, 59, 59), -1);
	check_timer(&o, jst(2026, 12, 8, 0, 0, 0), WF_EV_APPROVAL_REMINDER);
	check_timer(&o, jst(2026, 12, 9, 9, 0, 0), WF_EV_APPROVAL_REMINDER);

	o.flags = WF_FLAG_APPROVAL_REMINDED;
	check_timer(&o, jst(2026, 12, 9, 9, 0, 0), -1);

	o.flags = 0;
	o.state = WF_STATE_APPLIED;
	check_timer(&o, jst(2026, 12, 9, 9, 0, 0), -1);
}

Test(wf_timers, issuance_overdue_boundary)
{
	/* Placed on Tuesday 2026-12-01: 14 business days after is Monday 12-21. */
	enum wf_state states[] = { WF_STATE_APPLIED, WF_STATE_AWAITING_APPROVAL };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(states); i++) {
		struct wf_order o = make_order(states[i], 2026, 12, 10);

		o.applied_at = jst(2026, 12, 1, 16, 30, 0);
		o.state_since = o.applied_at;
		o.flags = WF_FLAG_APPROVAL_REMINDED;
		check_timer(&o, jst(2026, 12, 21, 23, 59, 59), -1);
		check_timer(&o, jst(2026, 12, 22, 0, 0, 0), WF_EV_ISSUANCE_OVERDUE);
		check_timer(&o, jst(2026, 12, 23, 9, 0, 0), WF_EV_ISSUANCE_OVERDUE);

		o.flags |= WF_FLAG_OVERDUE_ALERTED;
		check_timer(&o, jst(2026, 12, 23, 9, 0, 0), -1);

		o.flags = WF_FLAG_APPROVAL_REMINDED;
		o.applied_at = 0;
		check_timer(&o, jst(2027, 3, 1, 9, 0, 0), -1);
	}
}

Test(wf_timers, issuance_overdue_over_year_end)
{
	/* Placed Friday 2026-12-18: the closure (12-29 - 01-03) and Coming of Age
	 * Day (2027-01-11) do not count, so the 14th business day is 2027-01-14. */
	struct wf_order o = make_order(WF_STATE_APPLIED, 2026, 12, 10);
	wf_day day;
	const char *what;

	o.applied_at = jst(2026, 12, 18, 10, 0, 0);
	o.state_since = o.applied_at;
	cr_assert(wf_order_next_deadline(&o, &settings, &day, &what));
	check_day(day, 2027, 1, 14);
	check_timer(&o, jst(2027, 1, 14, 23, 59, 59), -1);
	check_timer(&o, jst(2027, 1, 15, 0, 0, 0), WF_EV_ISSUANCE_OVERDUE);
}

Test(wf_timers, payment_reminder_boundary)
{
	/* Reported 2026-12-01: due 30 calendar days later, 12-31; reminded 01-01. */
	struct wf_order o = make_order(WF_STATE_REPORTED, 2026, 12, 10);

	o.state_since = jst(2026, 12, 1, 10, 0, 0);
	check_timer(&o, jst(2026, 12, 31, 23, 59, 59), -1);
	check_timer(&o, jst(2027, 1, 1, 0, 0, 0), WF_EV_PAYMENT_REMINDER);
	check_timer(&o, jst(2027, 1, 2, 9, 0, 0), WF_EV_PAYMENT_REMINDER);

	o.flags = WF_FLAG_PAYMENT_REMINDED;
	check_timer(&o, jst(2027, 1, 2, 9, 0, 0), -1);
}

Test(wf_timers, approval_reminder_before_overdue)
{
	struct wf_order o = make_order(WF_STATE_AWAITING_APPROVAL, 2026, 12, 10);

	o.applied_at = jst(2026, 12, 1, 10, 0, 0);
	o.state_since = jst(2026, 12, 2, 10, 0, 0);
	check_timer(&o, jst(2027, 2, 1, 9, 0, 0), WF_EV_APPROVAL_REMINDER);
	o.flags = WF_FLAG_APPROVAL_REMINDED;
	check_timer(&o, jst(2027, 2, 1, 9, 0, 0), WF_EV_ISSUANCE_OVERDUE);
	o.flags |= WF_FLAG_OVERDUE_ALERTED;
	check_timer(&o, jst(2027, 2, 1, 9, 0, 0), -1);
}

/* Only the states that have timers ever get one, however late it is. */
Test(wf_timers, no_timer_in_other_states)
{
	int s;

	for (s = 0; s < WF_STATE_COUNT; s++) {
		struct wf_order o = make_order((enum wf_state)s, 2026, 12, 10);

		o.applied_at = jst(2026, 11, 20, 10, 0, 0);
		o.state_since = o.applied_at;
		switch (s) {
		case WF_STATE_SCHEDULED:
		case WF_STATE_NOTICE_SENT:
		case WF_STATE_APPLIED:
		case WF_STATE_AWAITING_APPROVAL:
		case WF_STATE_REPORTED:
			cr_assert_geq(timer_at(&o, jst(2028, 1, 1, 0, 0, 0)), 0, "%s",
				      wf_state_name(o.state));
			break;
		default:
			check_timer(&o, jst(2028, 1, 1, 0, 0, 0), -1);
			break;
		}
	}
}

/* Feeding each due timer back through wf_step settles: each fires once and
 * every one is legal where it is returned. */
Test(wf_timers, each_timer_fires_once)
{
	static const enum wf_state states[] = {
		WF_STATE_NOTICE_SENT, WF_STATE_APPLIED, WF_STATE_AWAITING_APPROVAL,
		WF_STATE_REPORTED,
	};
	static const int64_t offsets[] = { 0, 3600 };
	size_t i, j;

	for (i = 0; i < G_N_ELEMENTS(states); i++) {
		struct wf_order o = make_order(states[i], 2026, 12, 10);
		int64_t now = jst(2026, 11, 24, 9, 0, 0);
		GString *fired = g_string_new(NULL);
		enum wf_event_kind kind;

		o.applied_at = jst(2026, 10, 1, 10, 0, 0);
		o.state_since = jst(2026, 10, 1, 10, 0, 0);
		for (j = 0; j < G_N_ELEMENTS(offsets); j++) {
			int guard = 0;

			while (wf_timer_next(&o, now + offsets[j], &settings, &kind)) {
				struct wf_event ev = { .kind = kind };
				struct wf_result *r = wf_step(&o, &ev, now + offsets[j], &settings);

				cr_assert_not(r->refused, "%s", r->reason);
				g_string_append_printf(fired, "%s ", wf_event_name(kind));
				o.state = r->state;
				o.flags = r->flags;
				wf_result_free(r);
				cr_assert_lt(++guard, 5);
			}
		}
		switch (states[i]) {
		case WF_STATE_NOTICE_SENT:
			cr_assert_str_eq(fired->str, "deadline_reminder ");
			break;
		case WF_STATE_AWAITING_APPROVAL:
			cr_assert_str_eq(fired->str, "approval_reminder issuance_overdue ");
			break;
		case WF_STATE_APPLIED:
			cr_assert_str_eq(fired->str, "issuance_overdue ");
			break;
		default:
			cr_assert_str_eq(fired->str, "payment_reminder ");
			break;
		}
		g_string_free(fired, TRUE);
	}
}

/* ---- next deadline ------------------------------------------------------------ */

static void
check_deadline(const struct wf_order *o, bool expected, int y, int m, int d, const char *what)
{
	wf_day day = 0;
	const char *got = NULL;

	cr_assert_eq(wf_order_next_deadline(o, &settings, &day, &got), expected, "%s",
		     wf_state_name(o->state));
	if (!expected)
		return;
	check_day(day, y, m, d);
	cr_assert_str_eq(got, what);
}

Test(wf_timers, next_deadline_per_state)
{
	struct wf_order o = make_order(WF_STATE_SCHEDULED, 2026, 12, 10);
	int s;

	check_deadline(&o, true, 2026, 11, 10, "notice due");
	o.state = WF_STATE_NOTICE_SENT;
	check_deadline(&o, true, 2026, 11, 26, "request deadline");

	o.state = WF_STATE_APPLIED;
	o.applied_at = 0;
	check_deadline(&o, false, 0, 0, 0, NULL);
	o.applied_at = jst(2026, 12, 1, 16, 30, 0);
	check_deadline(&o, true, 2026, 12, 21, "issuance overdue");

	o.state = WF_STATE_AWAITING_APPROVAL;
	o.state_since = jst(2026, 12, 4, 15, 0, 0);
	check_deadline(&o, true, 2026, 12, 8, "approval reminder");
	o.flags = WF_FLAG_APPROVAL_REMINDED;
	check_deadline(&o, true, 2026, 12, 21, "issuance overdue");
	o.flags = 0;

	o.state = WF_STATE_REPORTED;
	o.state_since = jst(2026, 12, 1, 10, 0, 0);
	check_deadline(&o, true, 2026, 12, 31, "payment due");

	for (s = 0; s < WF_STATE_COUNT; s++) {
		switch (s) {
		case WF_STATE_SCHEDULED:
		case WF_STATE_NOTICE_SENT:
		case WF_STATE_APPLIED:
		case WF_STATE_AWAITING_APPROVAL:
		case WF_STATE_REPORTED:
			break;
		default:
			o.state = (enum wf_state)s;
			check_deadline(&o, false, 0, 0, 0, NULL);
			break;
		}
	}
}

/* ---- a whole cycle ------------------------------------------------------------------ */

#define CYCLE_SHA "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"

/* The mails and staff commands of the cycle: the form repeats last year's
 * data, the certificate is verified and extends the expiry. */
static struct wf_event
cycle_event(enum wf_event_kind kind)
{
	struct wf_event ev = {
		.kind = kind,
		.message_id = "<cycle@example.co.jp>",
		.form = { .org_name = "株式会社サンプル", .ca = "digicert", .validation = "ov" },
		.cert_verified = true,
		.cert_sha256 = CYCLE_SHA,
		.cert_not_after = jst(2027, 6, 20, 8, 59, 59),
		.install_checked = true,
	};

	if (wf_event_cause(kind) != WF_CAUSE_MESSAGE)
		ev.message_id = NULL;
	return ev;
}

struct script_step {
	int y, m, d;
	enum wf_event_kind kind;
};

/* Carry out a result as mailproc/ would, keeping the story in states and mails. */
static void
carry_out(struct wf_order *o, const struct wf_event *ev, int64_t now, struct wf_result *r,
	  GString *states, GString *mails)
{
	guint i;

	cr_assert_not(r->refused, "%s + %s refused: %s", wf_state_name(o->state),
		      wf_event_name(ev->kind), r->reason);
	for (i = 0; i < r->records->len; i++) {
		struct wf_record *rec = g_ptr_array_index(r->records, i);

		if (rec->from != rec->to)
			g_string_append_printf(states, "%s ", wf_state_name(rec->to));
	}
	for (i = 0; i < r->effects->len; i++) {
		struct wf_effect *eff = g_ptr_array_index(r->effects, i);

		if (eff->kind == WF_EFFECT_MAIL)
			g_string_append_printf(mails, "%s ", wf_mail_name(eff->mail));
		else if (eff->kind == WF_EFFECT_STORE_CERT)
			o->issued_sha256 = ev->cert_sha256;
		else if (eff->kind == WF_EFFECT_NEXT_ORDER)
			g_string_append(mails, "(next order) ");
	}
	if (r->state != o->state)
		o->state_since = now;
	if (ev->kind == WF_EV_STAFF_APPLIED)
		o->applied_at = now;
	o->state = r->state;
	o->flags = r->flags;
}

static void
run_timers(struct wf_order *o, int64_t now, GString *states, GString *mails)
{
	enum wf_event_kind kind;
	int guard = 0;

	while (wf_timer_next(o, now, &settings, &kind)) {
		struct wf_event ev = { .kind = kind };
		struct wf_result *r = wf_step(o, &ev, now, &settings);

		carry_out(o, &ev, now, r, states, mails);
		wf_result_free(r);
		cr_assert_lt(++guard, 5, "timers do not settle");
	}
}

Test(wf_timers, full_cycle)
{
	static const struct script_step script[] = {
		{ 2026, 11, 21, WF_EV_RENEW_REPLY },
		{ 2026, 11, 24, WF_EV_APPLICATION_FORM },
		{ 2026, 11, 25, WF_EV_STAFF_APPLIED },
		{ 2026, 11, 26, WF_EV_APPROVAL_REQUEST },
		{ 2026, 12, 2, WF_EV_CERT_ISSUED },
		{ 2026, 12, 3, WF_EV_STAFF_INSTALLED },
		{ 2027, 1, 8, WF_EV_STAFF_PAID },
	};
	struct wf_order o = make_order(WF_STATE_SCHEDULED, 2026, 12, 10);
	GString *states = g_string_new(NULL);
	GString *mails = g_string_new(NULL);
	wf_day day, last = wf_day_from_ymd(2027, 1, 31);
	size_t next = 0;

	o.state_since = jst(2025, 12, 20, 10, 0, 0);
	for (day = wf_day_from_ymd(2026, 10, 1); day <= last; day++) {
		int64_t morning = wf_day_start(day) + 9 * 3600;

		run_timers(&o, morning, states, mails);
		if (next < G_N_ELEMENTS(script) &&
		    wf_day_from_ymd(script[next].y, script[next].m, script[next].d) == day) {
			int64_t afternoon = wf_day_start(day) + 14 * 3600;
			struct wf_event ev = cycle_event(script[next].kind);
			struct wf_result *r = wf_step(&o, &ev, afternoon, &settings);

			carry_out(&o, &ev, afternoon, r, states, mails);
			wf_result_free(r);
			next++;
			run_timers(&o, afternoon + 3600, states, mails);
		}
	}
	cr_assert_eq(next, G_N_ELEMENTS(script));
	cr_assert_str_eq(states->str,
			 "notice_sent requested accepted applied awaiting_approval issued "
			 "installed reported paid ");
	cr_assert_str_eq(mails->str,
			 "notice reminder form_link acceptance approval_request "
			 "approval_reminder install_report payment_reminder (next order) ");
	cr_assert_eq(o.state, WF_STATE_PAID);
	cr_assert_str_eq(o.issued_sha256, CYCLE_SHA);
	g_string_free(states, TRUE);
	g_string_free(mails, TRUE);
}
