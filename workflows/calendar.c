/* Tokyo civil days and the Japanese business-day calendar deadlines count in. */
#include <string.h>

#include "workflows.h"

/* ---- days ------------------------------------------------------------------ */

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar
 * and for negative years, without GDate's year >= 1 limit or its allocation.
 * The month and day must be in range: this is a conversion, not a validator
 * (wf_day_parse validates text). */
wf_day
wf_day_from_ymd(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (wf_day)(era * 146097 + doe - 719468);
}

void
wf_day_to_ymd(wf_day d, int *year, int *month, int *day)
{
	int64_t z = (int64_t)d + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);

	if (year)
		*year = (int)(yoe + era * 400 + (m <= 2));
	if (month)
		*month = m;
	if (day)
		*day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int
wf_day_weekday(wf_day d)
{
	/* 1970-01-01 was a Thursday; % on a negative day is negative in C. */
	int r = (int)(((int64_t)d % 7 + 7) % 7);

	return (r + 3) % 7 + 1;
}

wf_day
wf_day_of_time(int64_t unix_seconds)
{
	/* Floor division done in two steps so t + 9 h cannot overflow near
	 * INT64_MAX, and so times before 1970 round down, not toward zero. */
	int64_t q = unix_seconds / 86400;
	int64_t r = unix_seconds % 86400;

	if (r < 0) {
		q--;
		r += 86400;
	}
	if (r + WF_JST_OFFSET >= 86400)
		q++;
	return (wf_day)q;
}

int64_t
wf_day_start(wf_day d)
{
	return (int64_t)d * 86400 - WF_JST_OFFSET;
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Value of n ASCII digits at s, or -1 when one of them is not a digit
 * (g_ascii_isdigit rather than isdigit: the locale must not matter). */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!g_ascii_isdigit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
wf_day_parse(const char *text, wf_day *out)
{
	int y, m, d;

	/* Exactly ten characters: strlen first so the digit checks never read
	 * past a short string's terminator. */
	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return false;
	y = digits(text, 4);
	m = digits(text + 5, 2);
	d = digits(text + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	if (out)
		*out = wf_day_from_ymd(y, m, d);
	return true;
}

char *
wf_day_format(wf_day d, char buf[static 11])
{
	int y, m, dd;

	wf_day_to_ymd(d, &y, &m, &dd);
	/* Eleven bytes hold only four-digit years; anything else gets a
	 * placeholder that wf_day_parse rejects rather than a cut-off date. */
	if (y < 0 || y > 9999) {
		memcpy(buf, "0000-00-00", 11);
		return buf;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
	return buf;
}

/* ---- national holidays ----------------------------------------------------- */

/* The years whose holidays are known: the equinox approximation is published
 * for 1980-2150, and the Act's rules before 1980 are not needed for
 * certificates. Outside this range no day is a national holiday. */
#define FIRST_YEAR 1980
#define LAST_YEAR 2150

enum holiday {
	H_NONE,
	H_GANJITSU,
	H_SEIJIN,
	H_KENKOKU,
	H_TENNO,
	H_SHUNBUN,
	H_MIDORI,
	H_SHOWA,
	H_KENPO,
	H_KODOMO,
	H_UMI,
	H_YAMA,
	H_KEIRO,
	H_SHUUBUN,
	H_TAIIKU,
	H_SPORTS,
	H_BUNKA,
	H_KINRO,
	H_FURIKAE,
	H_KOKUMIN,
	H_TAISO,
	H_SOKUIREI,
	H_KEKKON,
	H_SOKUI,
	H_COUNT
};

/* The reason text is built by the compiler next to the name, so
 * wf_cal_closed_reason can return a static string without allocating. */
#define HOLIDAY(name) { name, "national holiday " name }

static const struct {
	const char *name;
	const char *reason;
} holidays[H_COUNT] = {
	[H_NONE] = { NULL, NULL },
	[H_GANJITSU] = HOLIDAY("元日"),
	[H_SEIJIN] = HOLIDAY("成人の日"),
	[H_KENKOKU] = HOLIDAY("建国記念の日"),
	[H_TENNO] = HOLIDAY("天皇誕生日"),
	[H_SHUNBUN] = HOLIDAY("春分の日"),
	[H_MIDORI] = HOLIDAY("みどりの日"),
	[H_SHOWA] = HOLIDAY("昭和の日"),
	[H_KENPO] = HOLIDAY("憲法記念日"),
	[H_KODOMO] = HOLIDAY("こどもの日"),
	[H_UMI] = HOLIDAY("海の日"),
	[H_YAMA] = HOLIDAY("山の日"),
	[H_KEIRO] = HOLIDAY("敬老の日"),
	[H_SHUUBUN] = HOLIDAY("秋分の日"),
	[H_TAIIKU] = HOLIDAY("体育の日"),
	[H_SPORTS] = HOLIDAY("スポーツの日"),
	[H_BUNKA] = HOLIDAY("文化の日"),
	[H_KINRO] = HOLIDAY("勤労感謝の日"),
	[H_FURIKAE] = HOLIDAY("振替休日"),
	[H_KOKUMIN] = HOLIDAY("国民の休日"),
	[H_TAISO] = HOLIDAY("昭和天皇の大喪の礼"),
	[H_SOKUIREI] = HOLIDAY("即位礼正殿の儀"),
	[H_KEKKON] = HOLIDAY("結婚の儀"),
	[H_SOKUI] = HOLIDAY("即位の日"),
};

/* One year's holidays, indexed by day of the year (1 = Jan 1); slots 0 and
 * 367 stay H_NONE so the neighbours of Jan 1 and Dec 31 can be read. */
struct year_table {
	int year;
	wf_day jan1;
	int length;
	unsigned char base[368]; /* 国民の祝日 (and the special days) */
	unsigned char all[368];  /* plus 振替休日 and 国民の休日 */
};

static void
set_day(struct year_table *t, int month, int day, enum holiday h)
{
	t->base[wf_day_from_ymd(t->year, month, day) - t->jan1 + 1] = (unsigned char)h;
}

/* Day of the month of the n-th Monday of month. */
static int
nth_monday(int year, int month, int n)
{
	int wd = wf_day_weekday(wf_day_from_ymd(year, month, 1));

	return 1 + (8 - wd) % 7 + 7 * (n - 1);
}

/* The usual approximation (floor(c + 0.242194 (y - 1980) - floor((y - 1980) / 4)))
 * in millionths, so that no floating-point rounding can move a day whose value
 * lies close to a whole number. The constant changes in 2100 because 2100 is
 * no leap year while the formula keeps counting one. */
static int
equinox(int year, bool vernal)
{
	int64_t c;
	int64_t k = year - 1980;

	if (year <= 2099)
		c = vernal ? 20843100 : 23248800;
	else
		c = vernal ? 21851000 : 24248800;
	return (int)((c + 242194 * k - 1000000 * (k / 4)) / 1000000);
}

/* The days the Act (and the special acts of 1989, 1990, 1993, 2019 and the
 * Olympic years 2020 and 2021) names, as in force in that year. */
static void
fill_base(struct year_table *t)
{
	int y = t->year;

	set_day(t, 1, 1, H_GANJITSU);
	set_day(t, 1, y < 2000 ? 15 : nth_monday(y, 1, 2), H_SEIJIN);
	set_day(t, 2, 11, H_KENKOKU);
	if (y >= 2020)
		set_day(t, 2, 23, H_TENNO);
	set_day(t, 3, equinox(y, true), H_SHUNBUN);
	if (y <= 1988)
		set_day(t, 4, 29, H_TENNO);
	else if (y <= 2006)
		set_day(t, 4, 29, H_MIDORI);
	else
		set_day(t, 4, 29, H_SHOWA);
	set_day(t, 5, 3, H_KENPO);
	/* Before 2007 May 4 was a holiday only through the 国民の休日 rule. */
	if (y >= 2007)
		set_day(t, 5, 4, H_MIDORI);
	set_day(t, 5, 5, H_KODOMO);

	if (y == 2020)
		set_day(t, 7, 23, H_UMI);
	else if (y == 2021)
		set_day(t, 7, 22, H_UMI);
	else if (y >= 2003)
		set_day(t, 7, nth_monday(y, 7, 3), H_UMI);
	else if (y >= 1996)
		set_day(t, 7, 20, H_UMI);

	if (y == 2020)
		set_day(t, 8, 10, H_YAMA);
	else if (y == 2021)
		set_day(t, 8, 8, H_YAMA);
	else if (y >= 2016)
		set_day(t, 8, 11, H_YAMA);

	set_day(t, 9, y < 2003 ? 15 : nth_monday(y, 9, 3), H_KEIRO);
	set_day(t, 9, equinox(y, false), H_SHUUBUN);

	if (y == 2020)
		set_day(t, 7, 24, H_SPORTS);
	else if (y == 2021)
		set_day(t, 7, 23, H_SPORTS);
	else if (y >= 2020)
		set_day(t, 10, nth_monday(y, 10, 2), H_SPORTS);
	else if (y >= 2000)
		set_day(t, 10, nth_monday(y, 10, 2), H_TAIIKU);
	else
		set_day(t, 10, 10, H_TAIIKU);

	set_day(t, 11, 3, H_BUNKA);
	set_day(t, 11, 23, H_KINRO);
	if (y >= 1989 && y <= 2018)
		set_day(t, 12, 23, H_TENNO);

	if (y == 1989)
		set_day(t, 2, 24, H_TAISO);
	if (y == 1990)
		set_day(t, 11, 12, H_SOKUIREI);
	if (y == 1993)
		set_day(t, 6, 9, H_KEKKON);
	if (y == 2019) {
		set_day(t, 5, 1, H_SOKUI);
		set_day(t, 10, 22, H_SOKUIREI);
	}
}

static void
fill_year(struct year_table *t, int year)
{
	memset(t, 0, sizeof *t);
	t->year = year;
	t->jan1 = wf_day_from_ymd(year, 1, 1);
	t->length = is_leap(year) ? 366 : 365;
	if (year < FIRST_YEAR || year > LAST_YEAR)
		return;

	fill_base(t);
	memcpy(t->all, t->base, sizeof t->all);

	/* 振替休日: until 2006 only the Monday after a Sunday holiday (when not a
	 * holiday itself); from 2007 the first following day that is not a
	 * 国民の祝日, which is what gives May 6 after a Sunday May 3. */
	for (int i = 1; i <= t->length; i++) {
		int j = i + 1;

		if (!t->base[i] || wf_day_weekday(t->jan1 + i - 1) != 7)
			continue;
		if (year >= 2007)
			while (j <= t->length && t->base[j])
				j++;
		if (j <= t->length && !t->all[j])
			t->all[j] = H_FURIKAE;
	}

	/* 国民の休日 (since the 1985 amendment): a day that is no holiday yet
	 * but whose neighbours are both 国民の祝日. Substitute days do not count
	 * as neighbours. Until 2006 the Act excluded Sundays; since 2007 it does
	 * not, which matters only for the name. */
	if (year >= 1986) {
		for (int i = 1; i <= t->length; i++) {
			if (t->all[i] || !t->base[i - 1] || !t->base[i + 1])
				continue;
			if (year < 2007 && wf_day_weekday(t->jan1 + i - 1) == 7)
				continue;
			t->all[i] = H_KOKUMIN;
		}
	}
}

static enum holiday
holiday_of(wf_day d)
{
	struct year_table t;
	int y;

	/* Rebuilt for every question: a year is a few hundred byte writes, and
	 * a table cached in static storage would make the pure code stateful
	 * and not thread-safe. */
	wf_day_to_ymd(d, &y, NULL, NULL);
	/* Checked here too: a year near the ends of wf_day would not fit its
	 * Jan 1 into a wf_day. */
	if (y < FIRST_YEAR || y > LAST_YEAR)
		return H_NONE;
	fill_year(&t, y);
	return (enum holiday)t.all[d - t.jan1 + 1];
}

const char *
wf_cal_holiday_name(wf_day d)
{
	return holidays[holiday_of(d)].name;
}

/* ---- business calendar ----------------------------------------------------- */

struct wf_cal {
	/* Extra closed days as a set: keys are GINT_TO_POINTER(day); day 0
	 * (1970-01-01) is the NULL key, which direct hashing handles. */
	GHashTable *closed;
};

struct wf_cal *
wf_cal_new(void)
{
	struct wf_cal *cal = g_new0(struct wf_cal, 1);

	cal->closed = g_hash_table_new(g_direct_hash, g_direct_equal);
	return cal;
}

void
wf_cal_free(struct wf_cal *cal)
{
	if (!cal)
		return;
	g_hash_table_destroy(cal->closed);
	g_free(cal);
}

void
wf_cal_add_closed_day(struct wf_cal *cal, wf_day d)
{
	g_hash_table_add(cal->closed, GINT_TO_POINTER(d));
}

/* When several reasons apply, the one most useful to a reader wins: the
 * national holiday (it names the day), then the year-end closure (the
 * company's own rule for the season), then the weekend, and the configured
 * closed day last (it adds nothing on a day that is already closed). */
const char *
wf_cal_closed_reason(const struct wf_cal *cal, wf_day d)
{
	enum holiday h = holiday_of(d);
	int month, day, wd;

	if (h != H_NONE)
		return holidays[h].reason;
	wf_day_to_ymd(d, NULL, &month, &day);
	if ((month == 12 && day >= 29) || (month == 1 && day <= 3))
		return "year-end closure";
	wd = wf_day_weekday(d);
	if (wd == 6)
		return "Saturday";
	if (wd == 7)
		return "Sunday";
	if (cal && g_hash_table_contains(cal->closed, GINT_TO_POINTER(d)))
		return "company closed day";
	return NULL;
}

bool
wf_cal_is_business_day(const struct wf_cal *cal, wf_day d)
{
	return wf_cal_closed_reason(cal, d) == NULL;
}

/* Every week has at least one business day outside the year-end closure and
 * Golden Week, so these walks end unless the configuration closes every day
 * for a long stretch, which is the configuration's problem to own. */
static wf_day
step_business_days(const struct wf_cal *cal, wf_day d, int64_t n, int dir)
{
	while (n > 0) {
		d += dir;
		if (wf_cal_is_business_day(cal, d))
			n--;
	}
	return d;
}

/* A negative n counts the other way rather than looping forever or
 * returning d unchanged. */
wf_day
wf_cal_business_days_before(const struct wf_cal *cal, wf_day d, int n)
{
	return n >= 0 ? step_business_days(cal, d, n, -1)
		      : step_business_days(cal, d, -(int64_t)n, 1);
}

wf_day
wf_cal_business_days_after(const struct wf_cal *cal, wf_day d, int n)
{
	return n >= 0 ? step_business_days(cal, d, n, 1)
		      : step_business_days(cal, d, -(int64_t)n, -1);
}

wf_day
wf_cal_business_day_on_or_before(const struct wf_cal *cal, wf_day d)
{
	while (!wf_cal_is_business_day(cal, d))
		d--;
	return d;
}
