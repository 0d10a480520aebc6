/* Tests of the Tokyo day conversions and the Japanese business-day calendar. */
#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>

#include "workflows.h"

/* A date the test writes as text; failing to parse it is a bug in the test
 * or in wf_day_parse, so say which date. */
static wf_day
day(const char *text)
{
	wf_day d = 0;

	cr_assert(wf_day_parse(text, &d), "wf_day_parse(\"%s\") failed", text);
	return d;
}

/* Holder for a formatted date in assertion messages. */
struct dbuf {
	char s[11];
};

static struct dbuf
fmt(wf_day d)
{
	struct dbuf b;

	wf_day_format(d, b.s);
	return b;
}

/* ---- national holidays 2024-2027 against the Cabinet Office's list -------- */

struct holiday {
	const char *date;
	const char *name;
};

/* https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html (syukujitsu.csv) */
static const struct holiday published[] = {
	{ "2024-01-01", "元日" },
	{ "2024-01-08", "成人の日" },
	{ "2024-02-11", "建国記念の日" },
	{ "2024-02-12", "振替休日" },
	{ "2024-02-23", "天皇誕生日" },
	{ "2024-03-20", "春分の日" },
	{ "2024-04-29", "昭和の日" },
	{ "2024-05-03", "憲法記念日" },
	{ "2024-05-04", "みどりの日" },
	{ "2024-05-05", "こどもの日" },
	{ "2024-05-06", "振替休日" },
	{ "2024-07-15", "海の日" },
	{ "2024-08-11", "山の日" },
	{ "2024-08-12", "振替休日" },
	{ "2024-09-16", "敬老の日" },
	{ "2024-09-22", "秋分の日" },
	{ "2024-09-23", "振替休日" },
	{ "2024-10-14", "スポーツの日" },
	{ "2024-11-03", "文化の日" },
	{ "2024-11-04", "振替休日" },
	{ "2024-11-23", "勤労感謝の日" },

	{ "2025-01-01", "元日" },
	{ "2025-01-13", "成人の日" },
	{ "2025-02-11", "建国記念の日" },
	{ "2025-02-23", "天皇誕生日" },
	{ "2025-02-24", "振替休日" },
	{ "2025-03-20", "春分の日" },
	{ "2025-04-29", "昭和の日" },
	{ "2025-05-03", "憲法記念日" },
	{ "2025-05-04", "みどりの日" },
	{ "2025-05-05", "こどもの日" },
	{ "2025-05-06", "振替休日" },
	{ "2025-07-21", "海の日" },
	{ "2025-08-11", "山の日" },
	{ "2025-09-15", "敬老の日" },
	{ "2025-09-23", "秋分の日" },
	{ "2025-10-13", "スポーツの日" },
	{ "2025-11-03", "文化の日" },
	{ "2025-11-23", "勤労感謝の日" },
	{ "2025-11-24", "振替休日" },

	{ "2026-01-01", "元日" },
	{ "2026-01-12", "成人の日" },
	{ "2026-02-11", "建国記念の日" },
	{ "2026-02-23", "天皇誕生日" },
	{ "2026-03-20", "春分の日" },
	{ "2026-04-29", "昭和の日" },
	{ "2026-05-03", "憲法記念日" },
	{ "2026-05-04", "みどりの日" },
	{ "2026-05-05", "こどもの日" },
	{ "2026-05-06", "振替休日" },
	{ "2026-07-20", "海の日" },
	{ "2026-08-11", "山の日" },
	{ "2026-09-21", "敬老の日" },
	{ "2026-09-22", "国民の休日" },
	{ "2026-09-23", "秋分の日" },
	{ "2026-10-12", "スポーツの日" },
	{ "2026-11-03", "文化の日" },
	{ "2026-11-23", "勤労感謝の日" },

	{ "2027-01-01", "元日" },
	{ "2027-01-11", "成人の日" },
	{ "2027-02-11", "建国記念の日" },
	{ "2027-02-23", "天皇誕生日" },
	{ "2027-03-21", "春分の日" },
	{ "2027-03-22", "振替休日" },
	{ "2027-04-29", "昭和の日" },
	{ "2027-05-03", "憲法記念日" },
	{ "2027-05-04", "みどりの日" },
	{ "2027-05-05", "こどもの日" },
	{ "2027-07-19", "海の日" },
	{ "2027-08-11", "山の日" },
	{ "2027-09-20", "敬老の日" },
	{ "2027-09-23", "秋分の日" },
	{ "2027-10-11", "スポーツの日" },
	{ "2027-11-03", "文化の日" },
	{ "2027-11-23", "勤労感謝の日" },
};

static const struct holiday *
find_published(wf_day d)
{
	for (size_t i = 0; i < G_N_ELEMENTS(published); i++)
		if (day(published[i].date) == d)
			return &published[i];
	return NULL;
}

Test(wf_cal, published_holidays_2024_to_2027_day_by_day)
{
	struct wf_cal *cal = wf_cal_new();
	size_t seen = 0;

	for (wf_day d = day("2024-01-01"); d <= day("2027-12-31"); d++) {
		const struct holiday *want = find_published(d);
		const char *name = wf_cal_holiday_name(d);
		const char *reason = wf_cal_closed_reason(cal, d);
		int y, m, dd, wd = wf_day_weekday(d);
		bool closure, business;

		wf_day_to_ymd(d, &y, &m, &dd);
		closure = (m == 12 && dd >= 29) || (m == 1 && dd <= 3);
		business = wd <= 5 && !want && !closure;

		if (want) {
			char expect_reason[64];

			seen++;
			cr_assert_not_null(name, "%s: expected %s, got no holiday",
					   fmt(d).s, want->name);
			cr_assert_str_eq(name, want->name, "%s: expected %s, got %s",
					 fmt(d).s, want->name, name);
			g_snprintf(expect_reason, sizeof expect_reason,
				   "national holiday %s", want->name);
			cr_assert_not_null(reason, "%s: holiday but no closed reason", fmt(d).s);
			cr_assert_str_eq(reason, expect_reason, "%s: reason %s", fmt(d).s, reason);
		} else {
			cr_assert_null(name, "%s: not a holiday, got %s", fmt(d).s, name);
		}

		cr_assert_eq(wf_cal_is_business_day(cal, d), business,
			     "%s (weekday %d): business day should be %d", fmt(d).s, wd, business);
		cr_assert_eq(reason == NULL, business, "%s: reason %s vs business %d",
			     fmt(d).s, reason ? reason : "(null)", business);
		if (!want && closure)
			cr_assert_str_eq(reason, "year-end closure", "%s: %s", fmt(d).s, reason);
		else if (!want && wd == 6)
			cr_assert_str_eq(reason, "Saturday", "%s: %s", fmt(d).s, reason);
		else if (!want && wd == 7)
			cr_assert_str_eq(reason, "Sunday", "%s: %s", fmt(d).s, reason);
	}
	cr_assert_eq(seen, G_N_ELEMENTS(published), "matched %zu of %zu published holidays",
		     seen, G_N_ELEMENTS(published));
	wf_cal_free(cal);
}

static void
assert_holiday(const char *date, const char *want)
{
	const char *got = wf_cal_holiday_name(day(date));

	if (!want) {
		cr_assert_null(got, "%s: expected no holiday, got %s", date, got);
		return;
	}
	cr_assert_not_null(got, "%s: expected %s, got no holiday", date, want);
	cr_assert_str_eq(got, want, "%s: expected %s, got %s", date, want, got);
}

Test(wf_cal, era_change_2019)
{
	assert_holiday("2019-04-29", "昭和の日");
	assert_holiday("2019-04-30", "国民の休日");
	assert_holiday("2019-05-01", "即位の日");
	assert_holiday("2019-05-02", "国民の休日");
	assert_holiday("2019-05-03", "憲法記念日");
	assert_holiday("2019-05-06", "振替休日");
	assert_holiday("2019-10-14", "体育の日");
	assert_holiday("2019-10-22", "即位礼正殿の儀");
	assert_holiday("2019-11-04", "振替休日");
	/* No emperor's birthday in 2019: Dec 23 was the old one, Feb 23 the new. */
	assert_holiday("2019-02-23", NULL);
	assert_holiday("2019-12-23", NULL);
	assert_holiday("2018-12-23", "天皇誕生日");
	assert_holiday("2018-12-24", "振替休日");
}

Test(wf_cal, olympic_years_2020_2021)
{
	assert_holiday("2020-02-23", "天皇誕生日");
	assert_holiday("2020-02-24", "振替休日");
	assert_holiday("2020-07-20", NULL);
	assert_holiday("2020-07-23", "海の日");
	assert_holiday("2020-07-24", "スポーツの日");
	assert_holiday("2020-08-10", "山の日");
	assert_holiday("2020-08-11", NULL);
	assert_holiday("2020-10-12", NULL);

	assert_holiday("2021-07-19", NULL);
	assert_holiday("2021-07-22", "海の日");
	assert_holiday("2021-07-23", "スポーツの日");
	assert_holiday("2021-08-08", "山の日");
	assert_holiday("2021-08-09", "振替休日");
	assert_holiday("2021-08-11", NULL);
	assert_holiday("2021-10-11", NULL);

	assert_holiday("2022-07-18", "海の日");
	assert_holiday("2022-10-10", "スポーツの日");
}

Test(wf_cal, rules_as_in_force_in_earlier_years)
{
	/* Happy Monday from 2000 (成人の日, 体育の日) and 2003 (海の日, 敬老の日). */
	assert_holiday("1999-01-15", "成人の日");
	assert_holiday("2000-01-10", "成人の日");
	assert_holiday("2000-01-15", NULL);
	assert_holiday("1999-10-11", "振替休日");
	assert_holiday("2002-07-20", "海の日");
	assert_holiday("2003-07-21", "海の日");
	assert_holiday("2002-09-16", "振替休日");
	assert_holiday("2003-09-15", "敬老の日");
	/* May 4: 国民の休日 until 2006, みどりの日 since 2007. */
	assert_holiday("2006-05-04", "国民の休日");
	assert_holiday("2006-04-29", "みどりの日");
	assert_holiday("2007-04-29", "昭和の日");
	assert_holiday("2007-04-30", "振替休日");
	assert_holiday("2007-05-04", "みどりの日");
	/* Since 2007 a Sunday holiday moves past the following holidays. */
	assert_holiday("2008-05-06", "振替休日");
	assert_holiday("2009-09-22", "国民の休日");
	assert_holiday("2015-09-22", "国民の休日");
	/* 山の日 from 2016. */
	assert_holiday("2015-08-11", NULL);
	assert_holiday("2016-08-11", "山の日");
	/* Equinox days, including 2012's autumnal value of 22.999 that a
	 * floating-point slip would turn into the 23rd. */
	assert_holiday("2011-03-21", "春分の日");
	assert_holiday("2012-09-22", "秋分の日");
	assert_holiday("2012-09-23", NULL);
	assert_holiday("2023-03-21", "春分の日");
	assert_holiday("2023-09-23", "秋分の日");
}

Test(wf_cal, every_year_2000_to_2099_is_plausible)
{
	for (int y = 2000; y <= 2099; y++) {
		int count = 0, vernal = 0, autumnal = 0;

		for (wf_day d = wf_day_from_ymd(y, 1, 1); d <= wf_day_from_ymd(y, 12, 31); d++) {
			const char *name = wf_cal_holiday_name(d);
			int m, dd;

			if (!name)
				continue;
			count++;
			wf_day_to_ymd(d, NULL, &m, &dd);
			if (strcmp(name, "春分の日") == 0) {
				cr_assert_eq(m, 3, "%s: 春分の日 not in March", fmt(d).s);
				vernal = dd;
			}
			if (strcmp(name, "秋分の日") == 0) {
				cr_assert_eq(m, 9, "%s: 秋分の日 not in September", fmt(d).s);
				autumnal = dd;
			}
			cr_assert_neq(wf_day_weekday(d) == 7 && strcmp(name, "振替休日") == 0, true,
				      "%s: substitute holiday on a Sunday", fmt(d).s);
		}
		cr_assert(vernal >= 19 && vernal <= 21, "%d: 春分の日 on March %d", y, vernal);
		cr_assert(autumnal >= 22 && autumnal <= 23, "%d: 秋分の日 on September %d",
			  y, autumnal);
		cr_assert(count >= 15 && count <= 24, "%d: %d holidays", y, count);
	}
}

/* ---- days -------------------------------------------------------------------- */

Test(wf_cal, day_conversions_agree_with_gdate_1970_to_2100)
{
	/* GDate counts 0001-01-01 as Julian day 1. */
	const guint32 epoch = 719163;
	GDate g;

	g_date_clear(&g, 1);
	g_date_set_dmy(&g, 1, G_DATE_JANUARY, 1970);
	cr_assert_eq(g_date_get_julian(&g), epoch);

	for (; g_date_get_year(&g) <= 2100; g_date_add_days(&g, 1)) {
		int y = g_date_get_year(&g), m = g_date_get_month(&g), d = g_date_get_day(&g);
		wf_day want = (wf_day)(g_date_get_julian(&g) - epoch);
		wf_day got = wf_day_from_ymd(y, m, d);
		int y2, m2, d2;
		char buf[11], text[11];
		wf_day back;

		cr_assert_eq(got, want, "%04d-%02d-%02d: day %d, want %d", y, m, d, got, want);
		wf_day_to_ymd(got, &y2, &m2, &d2);
		cr_assert(y2 == y && m2 == m && d2 == d, "%04d-%02d-%02d came back as %04d-%02d-%02d",
			  y, m, d, y2, m2, d2);
		cr_assert_eq(wf_day_weekday(got), (int)g_date_get_weekday(&g),
			     "%04d-%02d-%02d: weekday %d", y, m, d, wf_day_weekday(got));
		g_snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
		cr_assert_str_eq(wf_day_format(got, buf), text, "%s formatted as %s", text, buf);
		cr_assert(wf_day_parse(text, &back) && back == got, "%s did not parse back", text);
	}
}

Test(wf_cal, day_conversions_before_1970_and_far_out)
{
	int y, m, d;

	cr_assert_eq(wf_day_from_ymd(1970, 1, 1), 0);
	cr_assert_eq(wf_day_from_ymd(1969, 12, 31), -1);
	cr_assert_eq(wf_day_from_ymd(1900, 3, 1) - wf_day_from_ymd(1900, 2, 28), 1,
		     "1900 is no leap year");
	cr_assert_eq(wf_day_from_ymd(2000, 3, 1) - wf_day_from_ymd(2000, 2, 28), 2,
		     "2000 is a leap year");
	cr_assert_eq(wf_day_from_ymd(0, 1, 1), -719528);
	for (wf_day x = -800000; x <= 3000000; x += 997) {
		wf_day_to_ymd(x, &y, &m, &d);
		cr_assert_eq(wf_day_from_ymd(y, m, d), x, "day %d -> %d-%d-%d", x, y, m, d);
	}
	wf_day_to_ymd(-1, &y, &m, &d);
	cr_assert(y == 1969 && m == 12 && d == 31, "day -1 is %d-%d-%d", y, m, d);
}

Test(wf_cal, weekdays_of_known_dates)
{
	cr_assert_eq(wf_day_weekday(day("1970-01-01")), 4, "1970-01-01 was a Thursday");
	cr_assert_eq(wf_day_weekday(day("1969-12-28")), 7, "1969-12-28 was a Sunday");
	cr_assert_eq(wf_day_weekday(day("2000-02-29")), 2, "2000-02-29 was a Tuesday");
	cr_assert_eq(wf_day_weekday(day("2026-12-10")), 4, "2026-12-10 is a Thursday");
	cr_assert_eq(wf_day_weekday(day("2027-01-04")), 1, "2027-01-04 is a Monday");
	cr_assert_eq(wf_day_weekday(day("2026-05-03")), 7, "2026-05-03 is a Sunday");
	cr_assert_eq(wf_day_weekday(day("1900-01-01")), 1, "1900-01-01 was a Monday");
}

Test(wf_cal, day_of_time_at_jst_midnight)
{
	/* 2026-01-01T00:00:00Z = 1767225600; JST midnight is 15:00Z the day before. */
	const int64_t jan1_utc = 1767225600;

	cr_assert_eq(wf_day_of_time(jan1_utc), day("2026-01-01"));
	cr_assert_eq(wf_day_of_time(jan1_utc + 14 * 3600 + 59 * 60 + 59), day("2026-01-01"),
		     "14:59:59Z is 23:59:59 JST the same day");
	cr_assert_eq(wf_day_of_time(jan1_utc + 15 * 3600), day("2026-01-02"),
		     "15:00:00Z is 00:00 JST the next day");
	cr_assert_eq(wf_day_of_time(jan1_utc - 9 * 3600), day("2026-01-01"));
	cr_assert_eq(wf_day_of_time(jan1_utc - 9 * 3600 - 1), day("2025-12-31"));
	cr_assert_eq(wf_day_start(day("2026-12-11")), 1796914800, "2026-12-10T15:00:00Z");
	cr_assert_eq(wf_day_start(day("1970-01-01")), -32400);
}

Test(wf_cal, day_of_time_negative)
{
	cr_assert_eq(wf_day_of_time(0), 0);
	cr_assert_eq(wf_day_of_time(-1), 0, "1970-01-01 08:59:59 JST");
	cr_assert_eq(wf_day_of_time(-32400), 0, "1970-01-01 00:00 JST");
	cr_assert_eq(wf_day_of_time(-32401), -1, "1969-12-31 23:59:59 JST");
	cr_assert_eq(wf_day_of_time(-86400 - 32400), -1);
	cr_assert_eq(wf_day_of_time(-86400 - 32401), -2);

	for (wf_day d = -40000; d <= 60000; d += 7) {
		int64_t t = wf_day_start(d);

		cr_assert_eq(wf_day_of_time(t), d, "start of %s", fmt(d).s);
		cr_assert_eq(wf_day_of_time(t + 86399), d, "end of %s", fmt(d).s);
		cr_assert_eq(wf_day_of_time(t - 1), d - 1, "before %s", fmt(d).s);
	}
}

Test(wf_cal, parse_and_format)
{
	static const char *const bad[] = {
		"", "2026-02-30", "2025-02-29", "1900-02-29", "2026-1-5", "2026-01-5",
		"2026-01-05x", "2026-01-05 ", " 2026-01-05", "2026-01-05\n", "2026/01/05",
		"20260105", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
		"2026-04-31", "+026-01-05", "-026-01-05", "2026-+1-05", "2026--1-05",
		"202a-01-05", "2026-01-0a", "26-01-05", "12026-01-05", "2026-01-05T00:00",
	};
	wf_day d = 12345;
	char buf[11];

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		cr_assert_not(wf_day_parse(bad[i], &d), "accepted \"%s\"", bad[i]);
		cr_assert_eq(d, 12345, "\"%s\" changed the output", bad[i]);
	}
	cr_assert_not(wf_day_parse(NULL, &d));

	cr_assert(wf_day_parse("2024-02-29", &d));
	cr_assert_str_eq(wf_day_format(d, buf), "2024-02-29");
	cr_assert(wf_day_parse("2026-12-10", &d));
	cr_assert_eq(d, wf_day_from_ymd(2026, 12, 10));
	cr_assert_eq(wf_day_format(d, buf), buf, "returns buf");
	cr_assert_str_eq(buf, "2026-12-10");
	cr_assert(wf_day_parse("1969-12-31", &d));
	cr_assert_eq(d, -1);
	cr_assert(wf_day_parse("9999-12-31", &d));
	cr_assert_str_eq(wf_day_format(d, buf), "9999-12-31");
	cr_assert(wf_day_parse("0000-01-01", &d));
	cr_assert_str_eq(wf_day_format(d, buf), "0000-01-01");
	/* A date with more than four year digits does not fit in 11 bytes. */
	wf_day_format(wf_day_from_ymd(10000, 1, 1), buf);
	cr_assert_not(wf_day_parse(buf, &d), "placeholder %s parsed", buf);
	wf_day_format(wf_day_from_ymd(-1, 12, 31), buf);
	cr_assert_not(wf_day_parse(buf, &d), "placeholder %s parsed", buf);
}

/* ---- business-day arithmetic ------------------------------------------------- */

static void
assert_day_eq(wf_day got, const char *want, const char *what)
{
	cr_assert_eq(got, day(want), "%s: got %s, want %s", what, fmt(got).s, want);
}

Test(wf_cal, spec_example_ten_before)
{
	struct wf_cal *cal = wf_cal_new();

	assert_day_eq(wf_cal_business_days_before(cal, day("2026-12-10"), 10), "2026-11-26",
		      "10 business days before 2026-12-10");
	assert_day_eq(wf_cal_business_days_before(cal, day("2026-12-10"), 1), "2026-12-09",
		      "1 business day before 2026-12-10");
	/* Crossing 勤労感謝の日 (Mon 2026-11-23) and a weekend. */
	assert_day_eq(wf_cal_business_days_before(cal, day("2026-12-10"), 13), "2026-11-20",
		      "13 business days before 2026-12-10");
	wf_cal_free(cal);
}

Test(wf_cal, after_friday_is_monday)
{
	struct wf_cal *cal = wf_cal_new();

	assert_day_eq(wf_cal_business_days_after(cal, day("2026-06-05"), 1), "2026-06-08",
		      "1 after Friday 2026-06-05");
	/* The Monday is 成人の日: Tuesday. */
	assert_day_eq(wf_cal_business_days_after(cal, day("2027-01-08"), 1), "2027-01-12",
		      "1 after Friday 2027-01-08");
	/* Counting from a non-business day: the day itself still never counts. */
	assert_day_eq(wf_cal_business_days_after(cal, day("2026-06-06"), 1), "2026-06-08",
		      "1 after Saturday 2026-06-06");
	assert_day_eq(wf_cal_business_days_before(cal, day("2026-06-07"), 1), "2026-06-05",
		      "1 before Sunday 2026-06-07");
	wf_cal_free(cal);
}

Test(wf_cal, golden_week)
{
	struct wf_cal *cal = wf_cal_new();

	/* 2026: Wed 4/29 holiday, Thu 4/30 and Fri 5/1 open, 5/2-5/6 closed. */
	assert_day_eq(wf_cal_business_days_after(cal, day("2026-05-01"), 1), "2026-05-07",
		      "1 after 2026-05-01");
	assert_day_eq(wf_cal_business_days_after(cal, day("2026-04-28"), 3), "2026-05-07",
		      "3 after 2026-04-28");
	assert_day_eq(wf_cal_business_days_before(cal, day("2026-05-07"), 1), "2026-05-01",
		      "1 before 2026-05-07");
	assert_day_eq(wf_cal_business_days_before(cal, day("2026-05-07"), 3), "2026-04-28",
		      "3 before 2026-05-07");
	wf_cal_free(cal);
}

Test(wf_cal, year_end_closure)
{
	struct wf_cal *cal = wf_cal_new();
	wf_day jan4 = day("2027-01-04");

	cr_assert_eq(wf_day_weekday(jan4), 1, "2027-01-04 is a Monday");
	cr_assert(wf_cal_is_business_day(cal, jan4), "2027-01-04 is a business day");
	assert_day_eq(wf_cal_business_days_after(cal, day("2026-12-28"), 1), "2027-01-04",
		      "1 after 2026-12-28");
	assert_day_eq(wf_cal_business_days_before(cal, jan4, 1), "2026-12-28",
		      "1 before 2027-01-04");
	/* 2027-12-28 is a Tuesday; 2028-01-03 a Monday, still closed. */
	assert_day_eq(wf_cal_business_days_after(cal, day("2027-12-28"), 1), "2028-01-04",
		      "1 after 2027-12-28");
	for (wf_day d = day("2026-12-29"); d <= day("2027-01-03"); d++)
		cr_assert_not(wf_cal_is_business_day(cal, d), "%s is in the closure", fmt(d).s);
	wf_cal_free(cal);
}

Test(wf_cal, company_closed_day)
{
	struct wf_cal *cal = wf_cal_new();
	struct wf_cal *plain = wf_cal_new();
	wf_day fri = day("2026-11-27");
	const char *r;

	wf_cal_add_closed_day(cal, fri);
	wf_cal_add_closed_day(cal, fri); /* twice is the same as once */
	wf_cal_add_closed_day(cal, day("1970-01-07")); /* a Wednesday */
	wf_cal_add_closed_day(cal, day("2026-11-28")); /* a Saturday */
	wf_cal_add_closed_day(cal, day("2026-11-23")); /* a holiday */
	wf_cal_add_closed_day(cal, day("2026-12-30")); /* in the closure */

	cr_assert_not(wf_cal_is_business_day(cal, fri));
	cr_assert(wf_cal_is_business_day(plain, fri), "another cal is not affected");
	r = wf_cal_closed_reason(cal, fri);
	cr_assert_not_null(r);
	cr_assert_str_eq(r, "company closed day");
	r = wf_cal_closed_reason(cal, day("1970-01-07"));
	cr_assert_not_null(r, "1970-01-07 closed");
	cr_assert_str_eq(r, "company closed day");
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2026-11-28")), "Saturday");
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2026-11-23")),
			 "national holiday 勤労感謝の日");
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2026-12-30")), "year-end closure");

	assert_day_eq(wf_cal_business_days_before(cal, day("2026-12-10"), 10), "2026-11-25",
		      "10 before 2026-12-10 with 11-27 closed");
	assert_day_eq(wf_cal_business_days_before(plain, day("2026-12-10"), 10), "2026-11-26",
		      "10 before 2026-12-10 without");
	assert_day_eq(wf_cal_business_days_after(cal, day("2026-11-26"), 1), "2026-11-30",
		      "1 after 2026-11-26 with 11-27 closed");
	assert_day_eq(wf_cal_business_day_on_or_before(cal, day("2026-11-29")), "2026-11-26",
		      "on or before 2026-11-29 with 11-27 closed");
	wf_cal_free(plain);
	wf_cal_free(cal);
}

Test(wf_cal, reason_order)
{
	struct wf_cal *cal = wf_cal_new();

	/* 元日 on a Friday, in the closure: the holiday wins. */
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2027-01-01")), "national holiday 元日");
	/* 2028-01-02 is a Sunday in the closure: the closure wins. */
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2028-01-02")), "year-end closure");
	/* 2026-05-03 is a Sunday holiday: the holiday wins. */
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2026-05-03")),
			 "national holiday 憲法記念日");
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2026-05-06")), "national holiday 振替休日");
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2026-09-22")),
			 "national holiday 国民の休日");
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2026-12-26")), "Saturday");
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("2026-12-27")), "Sunday");
	cr_assert_null(wf_cal_closed_reason(cal, day("2026-12-28")));
	wf_cal_free(cal);
}

Test(wf_cal, zero_and_negative_counts)
{
	struct wf_cal *cal = wf_cal_new();
	wf_day sun = day("2026-05-10");

	cr_assert_eq(wf_cal_business_days_before(cal, sun, 0), sun, "n = 0 returns d");
	cr_assert_eq(wf_cal_business_days_after(cal, sun, 0), sun, "n = 0 returns d");
	cr_assert_eq(wf_cal_business_days_before(cal, day("2026-12-10"), 0), day("2026-12-10"));
	/* Outside the header's n >= 0: a negative count goes the other way. */
	assert_day_eq(wf_cal_business_days_before(cal, day("2026-05-01"), -1), "2026-05-07",
		      "-1 before 2026-05-01");
	assert_day_eq(wf_cal_business_days_after(cal, day("2026-05-07"), -1), "2026-05-01",
		      "-1 after 2026-05-07");
	wf_cal_free(cal);
}

Test(wf_cal, on_or_before)
{
	struct wf_cal *cal = wf_cal_new();

	assert_day_eq(wf_cal_business_day_on_or_before(cal, day("2026-05-10")), "2026-05-08",
		      "on or before Sunday 2026-05-10");
	assert_day_eq(wf_cal_business_day_on_or_before(cal, day("2026-05-06")), "2026-05-01",
		      "on or before 振替休日 2026-05-06");
	assert_day_eq(wf_cal_business_day_on_or_before(cal, day("2026-11-23")), "2026-11-20",
		      "on or before holiday Monday 2026-11-23");
	assert_day_eq(wf_cal_business_day_on_or_before(cal, day("2027-01-03")), "2026-12-28",
		      "on or before 2027-01-03");
	assert_day_eq(wf_cal_business_day_on_or_before(cal, day("2026-12-10")), "2026-12-10",
		      "a business day is its own answer");
	wf_cal_free(cal);
}

Test(wf_cal, free_null)
{
	wf_cal_free(NULL);
}

Test(wf_cal, extreme_days_do_not_crash)
{
	struct wf_cal *cal = wf_cal_new();

	cr_assert_null(wf_cal_holiday_name(INT32_MIN));
	cr_assert_null(wf_cal_holiday_name(INT32_MAX));
	cr_assert_null(wf_cal_holiday_name(day("1979-01-01")), "no table before 1980");
	cr_assert_str_eq(wf_cal_closed_reason(cal, day("1979-01-01")), "year-end closure");
	cr_assert_not_null(wf_cal_holiday_name(day("2150-01-01")));
	cr_assert_null(wf_cal_holiday_name(day("2151-01-01")), "no table after 2150");
	wf_cal_free(cal);
}
