/* Which timer is due for an order, and the dates the workflow counts from. */
#include "workflows.h"

static wf_day
not_after_day(const struct wf_order *order)
{
	return wf_day_of_time(order->not_after);
}

/* Settings come from the configuration; a negative count is treated as 0
 * rather than handed to the calendar. */
static int
count(int n)
{
	return n < 0 ? 0 : n;
}

wf_day
wf_notice_day(const struct wf_order *order, const struct wf_settings *settings)
{
	return wf_cal_business_day_on_or_before(settings->cal,
						not_after_day(order) - count(settings->notice_days));
}

wf_day
wf_request_deadline(const struct wf_order *order, const struct wf_settings *settings)
{
	return wf_cal_business_days_before(settings->cal, not_after_day(order),
					   count(settings->deadline_business_days));
}

static wf_day
reminder_day(const struct wf_order *order, const struct wf_settings *settings)
{
	return wf_cal_business_days_before(settings->cal, wf_request_deadline(order, settings),
					   count(settings->reminder_business_days));
}

static wf_day
approval_reminder_day(const struct wf_order *order, const struct wf_settings *settings)
{
	return wf_cal_business_days_after(settings->cal, wf_day_of_time(order->state_since),
					  count(settings->approval_reminder_business_days));
}

/* The last day issuance is still on time; the alert goes the day after. */
static wf_day
issuance_due_day(const struct wf_order *order, const struct wf_settings *settings)
{
	return wf_cal_business_days_after(settings->cal, wf_day_of_time(order->applied_at),
					  count(settings->issuance_overdue_business_days));
}

/* The invoice's due date; the reminder goes the day after. */
static wf_day
payment_due_day(const struct wf_order *order, const struct wf_settings *settings)
{
	return wf_day_of_time(order->state_since) + count(settings->payment_due_days);
}

static bool
waiting_for_ca(enum wf_state state)
{
	return state == WF_STATE_APPLIED || state == WF_STATE_AWAITING_APPROVAL;
}

bool
wf_timer_next(const struct wf_order *order, int64_t now, const struct wf_settings *settings,
	      enum wf_event_kind *out)
{
	enum wf_state state = order->state;
	unsigned flags = order->flags;
	wf_day today = wf_day_of_time(now);

	g_assert(order != NULL && settings != NULL);

	if ((state == WF_STATE_SCHEDULED || state == WF_STATE_NOTICE_SENT) &&
	    today > not_after_day(order)) {
		*out = WF_EV_EXPIRED;
		return true;
	}
	if (state == WF_STATE_SCHEDULED && today >= wf_notice_day(order, settings)) {
		*out = WF_EV_NOTICE_DUE;
		return true;
	}
	/* A notice that itself went out inside the reminder window already
	 * says everything: no reminder on top of it. */
	if (state == WF_STATE_NOTICE_SENT && !(flags & WF_FLAG_DEADLINE_REMINDED) &&
	    today >= reminder_day(order, settings) &&
	    wf_day_of_time(order->state_since) < reminder_day(order, settings) &&
	    today <= wf_request_deadline(order, settings)) {
		*out = WF_EV_DEADLINE_REMINDER;
		return true;
	}
	if (state == WF_STATE_AWAITING_APPROVAL && !(flags & WF_FLAG_APPROVAL_REMINDED) &&
	    today >= approval_reminder_day(order, settings)) {
		*out = WF_EV_APPROVAL_REMINDER;
		return true;
	}
	if (waiting_for_ca(state) && !(flags & WF_FLAG_OVERDUE_ALERTED) && order->applied_at != 0 &&
	    today > issuance_due_day(order, settings)) {
		*out = WF_EV_ISSUANCE_OVERDUE;
		return true;
	}
	if (state == WF_STATE_REPORTED && !(flags & WF_FLAG_PAYMENT_REMINDED) &&
	    today > payment_due_day(order, settings)) {
		*out = WF_EV_PAYMENT_REMINDER;
		return true;
	}
	return false;
}

bool
wf_order_next_deadline(const struct wf_order *order, const struct wf_settings *settings,
		       wf_day *day, const char **what)
{
	switch (order->state) {
	case WF_STATE_SCHEDULED:
		*day = wf_notice_day(order, settings);
		*what = "notice due";
		return true;
	case WF_STATE_NOTICE_SENT:
		*day = wf_request_deadline(order, settings);
		*what = "request deadline";
		return true;
	case WF_STATE_AWAITING_APPROVAL:
		if (!(order->flags & WF_FLAG_APPROVAL_REMINDED)) {
			*day = approval_reminder_day(order, settings);
			*what = "approval reminder";
			return true;
		}
		/* fall through */
	case WF_STATE_APPLIED:
		if (order->applied_at == 0)
			return false;
		*day = issuance_due_day(order, settings);
		*what = "issuance overdue";
		return true;
	case WF_STATE_REPORTED:
		*day = payment_due_day(order, settings);
		*what = "payment due";
		return true;
	default:
		return false;
	}
}
