/* Unit tests of parse_charset_*: every decoding path with byte sequences written out by hand. */
#include <string.h>

#include <criterion/criterion.h>

#include "parsers_priv.h"

/* Decode len bytes labelled label; the text must be want and valid UTF-8.
 * Returns the reasons (caller unrefs). */
static GPtrArray *
expect_decode(const char *bytes, size_t len, const char *label, const char *want)
{
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
	char *got = parse_charset_decode(bytes, len, label, reasons);

	cr_assert_not_null(got);
	cr_assert(g_utf8_validate(got, -1, NULL), "result is valid UTF-8");
	cr_assert_str_eq(got, want, "decode as %s", label ? label : "(none)");
	g_free(got);
	return reasons;
}

static bool
has_reason(GPtrArray *reasons, const char *part)
{
	for (guint i = 0; i < reasons->len; i++)
		if (strstr(g_ptr_array_index(reasons, i), part))
			return true;
	return false;
}

static void
expect_no_reason(const char *bytes, size_t len, const char *label, const char *want)
{
	GPtrArray *reasons = expect_decode(bytes, len, label, want);

	cr_assert_eq(reasons->len, 0, "no reason for %s, got %s", label ? label : "(none)",
		     reasons->len ? (char *)g_ptr_array_index(reasons, 0) : "");
	g_ptr_array_unref(reasons);
}

static void
expect_reason(const char *bytes, size_t len, const char *label, const char *want, const char *reason)
{
	GPtrArray *reasons = expect_decode(bytes, len, label, want);

	cr_assert(has_reason(reasons, reason), "reason \"%s\" for %s (got %u: %s)", reason,
		  label ? label : "(none)", reasons->len,
		  reasons->len ? (char *)g_ptr_array_index(reasons, 0) : "");
	g_ptr_array_unref(reasons);
}

#define S(lit) lit, sizeof(lit) - 1

static const char CP50220_REASON[] = "ISO-2022-JP with Windows extensions (CP50220) decoded";

/* ---- labels --------------------------------------------------------------- */

static void
expect_normal(const char *label, const char *want)
{
	char *got = parse_charset_normalize(label);

	if (!want)
		cr_assert_null(got, "normalize(\"%s\") is NULL", label ? label : "(null)");
	else
		cr_assert_str_eq(got, want, "normalize(\"%s\")", label);
	g_free(got);
}

Test(parse_charset, normalize_labels)
{
	expect_normal("Shift_JIS", "CP932");
	expect_normal("x-sjis", "CP932");
	expect_normal("SJIS", "CP932");
	expect_normal("Windows-31J", "CP932");
	expect_normal("MS932", "CP932");
	expect_normal(" \"shift_jis\" ", "CP932");
	expect_normal("euc-jp", "EUC-JP");
	expect_normal("ISO-2022-JP", "ISO-2022-JP");
	expect_normal("iso-2022-jp-2", "ISO-2022-JP-2");
	expect_normal("UTF8", "UTF-8");
	expect_normal("utf-8", "UTF-8");
	expect_normal("iso-8859-1", "CP1252");
	expect_normal("ks_c_5601-1987", "CP949");
	expect_normal("x-foo", "X-FOO");
	expect_normal("unknown-8bit", NULL);
	expect_normal("", NULL);
	expect_normal(NULL, NULL);
}

/* ---- ISO-2022-JP ---------------------------------------------------------- */

Test(parse_charset, iso2022jp_plain)
{
	expect_no_reason(S("\033$B99?7$7$^$9\033(B"), "iso-2022-jp", "更新します");
	expect_no_reason(S("\033$B$O$$!\"99?7$7$^$9!#\033(B\r\nOK\r\n"), "ISO-2022-JP",
			 "はい、更新します。\r\nOK\r\n");
	/* ESC ( J (JIS-Roman) reads as ASCII, ESC $ @ as JIS X 0208. */
	expect_no_reason(S("\033$@99?7\033(Jabc"), "iso-2022-jp", "更新abc");
}

Test(parse_charset, iso2022jp_nec_special_characters)
{
	/* Row 13: ① ㈱ № ℡, which glibc's ISO-2022-JP refuses. */
	expect_reason(S("\033$B-!\033(B"), "iso-2022-jp", "①", CP50220_REASON);
	expect_reason(S("\033$B-j-b-d\033(B"), "iso-2022-jp", "㈱№℡", CP50220_REASON);
	expect_reason(S("\033$B99?7\033(B \033$B-!-\"\033(B done"), "ISO-2022-JP", "更新 ①② done",
		      CP50220_REASON);
}

Test(parse_charset, iso2022jp_nec_selected_ibm_extensions)
{
	/* 髙 as CP50220 writes it (NEC-selected IBM extension, row 92). */
	expect_reason(S("\033$B|b66\033(B"), "iso-2022-jp", "髙橋", CP50220_REASON);
}

Test(parse_charset, iso2022jp_halfwidth_katakana)
{
	expect_reason(S("\033(I123\033(B"), "iso-2022-jp", "ｱｲｳ", CP50220_REASON);
	/* SO / SI (CP50222). */
	expect_reason(S("a\016123\017b"), "iso-2022-jp", "aｱｲｳb", CP50220_REASON);
	/* Kana then kanji then ASCII. */
	expect_reason(S("\033(I6^\033$B99?7\033(B!"), "iso-2022-jp", "ｶﾞ更新!", CP50220_REASON);
}

Test(parse_charset, iso2022jp_x0212)
{
	expect_reason(S("\033$(D0!\033(B"), "iso-2022-jp", "丂", CP50220_REASON);
}

Test(parse_charset, iso2022jp_ms_direct)
{
	size_t n = 0;
	char *got = parse_charset_iso2022jp_ms(S("\033$B-!\033(Bx"), &n);

	cr_assert_str_eq(got, "①x");
	cr_assert_eq(n, strlen("①x"));
	g_free(got);
	/* 8-bit bytes do not belong. */
	cr_assert_null(parse_charset_iso2022jp_ms(S("\033$B99\033(B\x82\xa0"), NULL));
	/* Unknown escape. */
	cr_assert_null(parse_charset_iso2022jp_ms(S("\033$A99\033(B"), NULL));
	/* A two-byte run cut in the middle of a pair. */
	cr_assert_null(parse_charset_iso2022jp_ms(S("\033$B9"), NULL));
	got = parse_charset_iso2022jp_ms("", 0, &n);
	cr_assert_str_eq(got, "");
	g_free(got);
}

Test(parse_charset, iso2022jp_broken_is_replaced)
{
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
	/* An odd byte at the end of a two-byte run. */
	char *got = parse_charset_decode(S("\033$B99?7$\033(B ok"), "iso-2022-jp", reasons);

	cr_assert(g_utf8_validate(got, -1, NULL));
	cr_assert(g_str_has_prefix(got, "更新"), "got %s", got);
	cr_assert(strstr(got, "ok"));
	cr_assert(reasons->len >= 1);
	g_free(got);
	g_ptr_array_unref(reasons);
}

Test(parse_charset, iso2022jp_labelled_but_cp932)
{
	/* 8-bit CP932 under an ISO-2022-JP label. */
	expect_reason(S("\x8a\x6d\x94\x46\x82\xb5\x82\xdc\x82\xb5\x82\xbd"), "iso-2022-jp", "確認しました",
		      "charset 'iso-2022-jp' does not fit the bytes; decoded as CP932");
}

/* ---- CP932 / Shift_JIS ---------------------------------------------------- */

Test(parse_charset, cp932_nec_and_tilde)
{
	/* ① is NEC row 13; 0x8160 is U+FF5E (FULLWIDTH TILDE) in CP932, not
	 * the WAVE DASH of JIS. 0x5C stays a backslash. */
	expect_no_reason(S("\x87\x40\x81\x60"), "shift_jis", "①\xEF\xBD\x9E");
	expect_no_reason(S("\x8d\x58\x90\x56\x82\xb5\x82\xdc\x82\xb7"), "Shift_JIS", "更新します");
	expect_no_reason(S("C:\\dir"), "shift_jis", "C:\\dir");
	expect_no_reason(S("\xfb\xfc\x8b\xb4"), "windows-31j", "髙橋");
	expect_no_reason(S("\xb1\xb2\xb3"), "x-sjis", "ｱｲｳ");
}

/* ---- EUC-JP --------------------------------------------------------------- */

Test(parse_charset, eucjp)
{
	expect_no_reason(S("\xb9\xb9\xbf\xb7\xa4\xb7\xa4\xde\xa4\xb9"), "euc-jp", "更新します");
	expect_no_reason(S("\x8e\xb1"), "EUC-JP", "ｱ");
	/* ① needs EUC-JP-MS. */
	expect_reason(S("\xad\xa1"), "euc-jp", "①", "EUC-JP-MS");
}

/* ---- UTF-8 ---------------------------------------------------------------- */

Test(parse_charset, utf8)
{
	expect_no_reason(S("更新します"), "utf-8", "更新します");
	expect_no_reason(S("更新します"), "UTF8", "更新します");
	/* The BOM goes. */
	expect_no_reason(S("\xEF\xBB\xBF更新"), "utf-8", "更新");
	expect_no_reason(S("\xEF\xBB\xBF更新"), NULL, "更新");
}

Test(parse_charset, utf8_one_bad_byte_keeps_utf8)
{
	GString *s = g_string_new(NULL);
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
	char *got;

	for (int i = 0; i < 40; i++)
		g_string_append(s, "更新をお願いします。");
	g_string_append_c(s, '\xff');
	got = parse_charset_decode(s->str, s->len, "utf-8", reasons);
	cr_assert(g_str_has_prefix(got, "更新をお願いします。"));
	cr_assert(g_str_has_suffix(got, "\xEF\xBF\xBD"));
	cr_assert(has_reason(reasons, "charset 'utf-8': invalid bytes replaced"));
	g_free(got);
	g_ptr_array_unref(reasons);
	g_string_free(s, TRUE);
}

Test(parse_charset, utf8_label_on_cp932)
{
	expect_reason(S("\x8a\x6d\x94\x46\x82\xb5\x82\xdc\x82\xb5\x82\xbd"), "utf-8", "確認しました",
		      "charset 'utf-8' does not fit the bytes; decoded as CP932");
}

/* ---- other labels --------------------------------------------------------- */

Test(parse_charset, latin1_and_ascii)
{
	expect_no_reason(S("caf\xe9"), "iso-8859-1", "café");
	expect_no_reason(S("plain"), "us-ascii", "plain");
	expect_reason(S("caf\xc3\xa9 更新"), "us-ascii", "café 更新", "decoded as UTF-8");
}

Test(parse_charset, utf16)
{
	expect_no_reason("\xff\xfe\xf4\x66\xb0\x65", 6, "utf-16", "更新");
}

/* ---- unknown and missing labels ------------------------------------------ */

Test(parse_charset, unknown_label_cp932)
{
	expect_reason(S("\x8d\x58\x90\x56\x82\xb5\x82\xdc\x82\xb7"), "x-foo", "更新します",
		      "unknown charset 'x-foo'; decoded as CP932");
}

Test(parse_charset, unknown_label_eucjp)
{
	/* EUC-JP also reads as CP932 half-width katakana; the kana win. */
	expect_reason(S("\xb9\xb9\xbf\xb7\xa4\xce\xa4\xaa\xc3\xce\xa4\xe9\xa4\xbb"), "x-foo", "更新のお知らせ",
		      "unknown charset 'x-foo'; decoded as EUC-JP");
}

Test(parse_charset, unknown_label_utf8_and_ascii)
{
	expect_reason(S("更新"), "x-foo", "更新", "unknown charset 'x-foo'; decoded as UTF-8");
	/* Pure ASCII under any label needs no reason. */
	expect_no_reason(S("hello"), "x-foo", "hello");
}

Test(parse_charset, missing_label)
{
	expect_no_reason(S("更新します"), NULL, "更新します");
	expect_no_reason(S("hello\r\n"), NULL, "hello\r\n");
	expect_reason(S("\x8d\x58\x90\x56"), NULL, "更新", "no charset; decoded as CP932");
	expect_reason(S("\033$B99?7\033(B"), NULL, "更新", "no charset; decoded as ISO-2022-JP");
	expect_reason(S("\033$B-!\033(B"), NULL, "①", "no charset; decoded as ISO-2022-JP");
	expect_no_reason(S("x"), "unknown-8bit", "x");
}

Test(parse_charset, garbage)
{
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
	char *got = parse_charset_decode(S("\xff\xfe\xfd\x80 ok \xff"), "x-foo", reasons);

	cr_assert(g_utf8_validate(got, -1, NULL));
	cr_assert(strstr(got, " ok "));
	cr_assert(has_reason(reasons, "no charset fits, invalid bytes replaced"));
	g_free(got);
	g_ptr_array_unref(reasons);

	/* NULL reasons is allowed. */
	got = parse_charset_decode(S("\xff\xff"), NULL, NULL);
	cr_assert(g_utf8_validate(got, -1, NULL));
	g_free(got);
}

Test(parse_charset, nul_bytes)
{
	GPtrArray *reasons = expect_decode("a\0b\0c", 5, "utf-8", "abc");

	cr_assert(has_reason(reasons, "NUL"));
	g_ptr_array_unref(reasons);
	reasons = expect_decode("", 0, "utf-8", "");
	g_ptr_array_unref(reasons);
	reasons = expect_decode(NULL, 0, NULL, "");
	g_ptr_array_unref(reasons);
}

Test(parse_charset, random_megabyte, .timeout = 20)
{
	size_t len = 1 << 20;
	char *buf = g_malloc(len);
	GRand *rand = g_rand_new_with_seed(42);
	const char *labels[] = { NULL, "utf-8", "iso-2022-jp", "shift_jis", "euc-jp", "x-foo", "utf-16" };

	for (size_t i = 0; i < len; i++)
		buf[i] = (char)g_rand_int_range(rand, 0, 256);
	for (size_t l = 0; l < G_N_ELEMENTS(labels); l++) {
		char *got = parse_charset_decode(buf, len, labels[l], NULL);

		cr_assert(g_utf8_validate(got, -1, NULL), "label %s", labels[l] ? labels[l] : "(none)");
		g_free(got);
	}
	g_rand_free(rand);
	g_free(buf);
}

Test(parse_charset, escapes_everywhere)
{
	/* Only escapes, broken escapes, escapes at the very end. */
	const char *inputs[] = { "\033", "\033$", "\033$(", "\033(", "\033\033\033", "\016\017\016", "\033$B\033$B" };

	for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
		char *got = parse_charset_decode(inputs[i], strlen(inputs[i]), "iso-2022-jp", NULL);

		cr_assert(g_utf8_validate(got, -1, NULL));
		g_free(got);
	}
}

/* Descriptors are cached per charset: a strict decode that fails half-way
 * must not spoil the next one, and more charsets than the cache holds still
 * decode as iconv alone does. */
Test(parse_charset, cached_descriptors_stay_clean)
{
	static const char *const charsets[] = {
		"ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5", "CP850", "ISO-8859-7",
		"ISO-8859-9", "ISO-8859-10", "ISO-8859-13", "ISO-8859-14", "ISO-8859-15", "ISO-8859-16",
		"KOI8-R", "KOI8-U", "CP1250", "CP1251", "CP1253", "CP1254", "CP1257", "CP1258",
	};
	const char bytes[] = "caf\xE9 \xE0 \xC0";

	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < G_N_ELEMENTS(charsets); i++) {
			char *want = g_convert(bytes, -1, "UTF-8", charsets[i], NULL, NULL, NULL);
			GPtrArray *reasons;

			cr_assert_not_null(want, "iconv knows %s", charsets[i]);
			reasons = expect_decode(bytes, strlen(bytes), charsets[i], want);
			g_ptr_array_unref(reasons);
			g_free(want);
		}
	}
	/* CP932 cut in the middle of a character, then whole. */
	for (int round = 0; round < 3; round++) {
		GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
		char *half = parse_charset_decode("\x82\xA0\x82", 3, "Shift_JIS", reasons);

		cr_assert_not_null(half);
		g_free(half);
		g_ptr_array_unref(reasons);
		expect_no_reason("\x82\xA0\x82\xA2", 4, "Shift_JIS", "\xE3\x81\x82\xE3\x81\x84");
		expect_no_reason("\x1B$B$\"\x1B(B", 8, "ISO-2022-JP", "\xE3\x81\x82");
	}
}
