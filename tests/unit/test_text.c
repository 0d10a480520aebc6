/* Unit tests of the parse_text_* helpers: NFKC in pieces, white space, dashes, keywords. */
#include <string.h>

#include <criterion/criterion.h>

#include "parsers_priv.h"

/* parse_text_nfkc(s, -1) is want; frees the result. */
static void
expect_nfkc(const char *s, const char *want)
{
	char *got = parse_text_nfkc(s, -1);

	cr_assert_str_eq(got, want, "nfkc(\"%s\")", s);
	g_free(got);
}

static void
expect_collapse(const char *s, const char *want)
{
	char *got = parse_text_collapse(s);

	cr_assert_str_eq(got, want, "collapse(\"%s\")", s);
	g_free(got);
}

/* ---- NFKC ---------------------------------------------------------------- */

Test(parse_text, nfkc_full_width_ascii)
{
	expect_nfkc("ＡＢＣ　ｘｙｚ　０１２３！＠＃", "ABC xyz 0123!@#");
	expect_nfkc("ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏ．ｊｐ", "www.example.co.jp");
	expect_nfkc("plain ascii: stays.", "plain ascii: stays.");
	expect_nfkc("", "");
}

Test(parse_text, nfkc_half_width_katakana)
{
	expect_nfkc("ｱｲｳｴｵ", "アイウエオ");
	/* The half-width voiced marks join the kana before them. */
	expect_nfkc("ｶﾞｷﾞｸﾞ ﾊﾟﾋﾟ", "ガギグ パピ");
	expect_nfkc("ｺﾓﾝﾈｰﾑ", "コモンネーム");
	expect_nfkc("ﾃﾞｼﾞｻｰﾄ", "デジサート");
}

Test(parse_text, nfkc_full_width_katakana_and_kanji_stay)
{
	expect_nfkc("カタカナとひらがなと漢字", "カタカナとひらがなと漢字");
	expect_nfkc("デジサート", "デジサート");
	/* Decomposed kana compose. */
	expect_nfkc("\u3066\u3099", "で");
}

Test(parse_text, nfkc_compatibility_forms)
{
	expect_nfkc("①②", "12");
	expect_nfkc("㈱サンプル", "(株)サンプル");
	expect_nfkc("e\u0301cole", "\u00e9cole");
}

Test(parse_text, nfkc_length)
{
	const char s[] = "ＡＢＣ";
	char *got = parse_text_nfkc(s, 3); /* the first character only */

	cr_assert_str_eq(got, "A");
	g_free(got);
	got = parse_text_nfkc(s, 0);
	cr_assert_str_eq(got, "");
	g_free(got);
}

Test(parse_text, nfkc_lower)
{
	char *got = parse_text_nfkc_lower("ＣｏｍｍｏｎＮａｍｅ ÉCOLE", -1);

	cr_assert_str_eq(got, "commonname \u00e9cole");
	g_free(got);
	got = parse_text_nfkc_lower("ABCdef", 3);
	cr_assert_str_eq(got, "abc");
	g_free(got);
}

/* Pieces are cut at 512 bytes and more; a voiced mark that falls just past
 * the cut must still join its kana. */
Test(parse_text, nfkc_piece_cut_keeps_compositions)
{
	GString *s = g_string_new(NULL);
	GString *want = g_string_new(NULL);
	char *got;

	for (int i = 0; i < 511; i++)
		g_string_append_c(s, 'a');
	g_string_append(want, s->str);
	for (int i = 0; i < 300; i++) {
		g_string_append(s, "ｶﾞ\u3066\u3099e\u0301");
		g_string_append(want, "ガで\u00e9");
	}
	got = parse_text_nfkc(s->str, -1);
	cr_assert_str_eq(got, want->str);
	g_free(got);
	g_string_free(s, TRUE);
	g_string_free(want, TRUE);
}

/* A random mix of Japanese (with half-width and decomposed kana), combining
 * marks, compatibility forms and ASCII, count pieces long. */
static char *
random_mix(GRand *rand, int count)
{
	static const char *const pieces[] = {
		"a", "Z", "0", " ", ".", "-", ":", "e", "o",
		"で", "て", "か", "ガ", "カ", "ー", "漢", "字", "、", "。", "　",
		"\u3099", "\u309A", "\u0301", "\u0308", "\u0323", "\u20DD",
		"ｶ", "ﾊ", "ﾞ", "ﾟ", "ｰ", "ｱ",
		"Ａ", "ｚ", "１", "：", "－",
		"\u00e9", "\u00c5", "①", "㈱", "ﬁ", "㍻", "½", "\u212B",
		"\u1100", "\u1161", "\u11A8", "가",
	};
	GString *s = g_string_new(NULL);

	for (int i = 0; i < count; i++)
		g_string_append(s, pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))]);
	return g_string_free(s, FALSE);
}

Test(parse_text, nfkc_equals_glib_on_random_text)
{
	GRand *rand = g_rand_new_with_seed(20260112);
	unsigned cut = 0;

	for (int i = 0; i < 400; i++) {
		/* Half short, half long enough to be normalised in pieces. */
		int count = i % 2 ? g_rand_int_range(rand, 0, 40) : g_rand_int_range(rand, 250, 900);
		char *s = random_mix(rand, count);
		char *want = g_utf8_normalize(s, -1, G_NORMALIZE_NFKC);
		char *got = parse_text_nfkc(s, -1);

		cr_assert_not_null(want);
		cr_assert_str_eq(got, want, "case %d: \"%s\"", i, s);
		cut += strlen(s) > 512;
		g_free(s);
		g_free(want);
		g_free(got);
	}
	cr_assert_gt(cut, 150, "only %u cases were long enough to be cut", cut);
	g_rand_free(rand);
}

/* Inert characters (ASCII, kana, kanji, CJK punctuation, box drawing) are
 * copied and full-width ASCII made ASCII without GLib; what may join them
 * must still go through it: a combining mark after ASCII, kana or a
 * full-width letter, a voiced mark after kana, a Hangul jamo run. Short
 * strings are one piece, so the result must be GLib's to the byte. */
Test(parse_text, nfkc_inert_runs_equal_glib)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "~", "あ", "か", "ヷ", "ヽ", "漢", "㐀", "、", "〃", "〩", "─", "╿",
		"Ａ", "ｚ", "！", "～", "　", "\u302A", "\u302F", "\u3099", "\u309A", "\u0301",
		"\u0327", "\u20DD", "ﾞ", "ｶ", "①", "\u1100", "\u1161", "\u11A8", "가", "\u0B47",
		"\u0B3E", "Σ", "\u00C5", "\u212B", "ﬁ",
	};
	GRand *rand = g_rand_new_with_seed(20261125);

	for (int i = 0; i < 3000; i++) {
		GString *s = g_string_new(NULL);
		int count = g_rand_int_range(rand, 0, 30);
		char *want, *got;

		for (int k = 0; k < count; k++)
			g_string_append(s, pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))]);
		want = g_utf8_normalize(s->str, -1, G_NORMALIZE_NFKC);
		got = parse_text_nfkc(s->str, -1);
		cr_assert_str_eq(got, want, "case %d: \"%s\"", i, s->str);
		g_free(want);
		g_free(got);
		g_string_free(s, TRUE);
	}
	g_rand_free(rand);
}

/* GLib alone is quadratic here; in pieces this completes at once. */
Test(parse_text, nfkc_megabyte_of_de)
{
	const size_t n = (1024 * 1024) / strlen("で");
	GString *s = g_string_sized_new(n * 6);
	GString *decomposed = g_string_sized_new(n * 6);
	char *got;

	for (size_t i = 0; i < n; i++) {
		g_string_append(s, "で");
		g_string_append(decomposed, "\u3066\u3099");
	}
	got = parse_text_nfkc(s->str, (gssize)s->len);
	cr_assert_eq(strlen(got), s->len);
	cr_assert(!strcmp(got, s->str), "NFKC changed a run of で");
	g_free(got);
	got = parse_text_nfkc(decomposed->str, -1);
	cr_assert(!strcmp(got, s->str), "a run of て+゛ did not become で");
	g_free(got);
	g_string_free(s, TRUE);
	g_string_free(decomposed, TRUE);
}

/* parse_view_fold_lower() (view.c) folds ASCII, full-width ASCII and the
 * ideographic space by hand, copies kana and kanji, and hands the whole text
 * to parse_text_nfkc_lower() once a character needs NFKC. */
Test(parse_text, view_fold_lower)
{
	GString *s = g_string_new(NULL), *want = g_string_new(NULL);
	char *got, *nfkc;

	got = parse_view_fold_lower("ＡＢＣ\u3000Def 更新　ＯＫ？", -1);
	cr_assert_str_eq(got, "abc def 更新 ok?");
	g_free(got);
	/* Only the first len bytes; a character cut by len is left out. */
	got = parse_view_fold_lower("ABC更新XYZ", 6);
	cr_assert_str_eq(got, "abc更");
	g_free(got);
	got = parse_view_fold_lower("ABC更新XYZ", 5);
	cr_assert_str_eq(got, "abc");
	g_free(got);
	/* A character that NFKC changes: the whole text the exact way. */
	got = parse_view_fold_lower("ＡＢＣ①Ｘ", -1);
	nfkc = parse_text_nfkc_lower("ＡＢＣ①Ｘ", -1);
	cr_assert_str_eq(got, nfkc);
	cr_assert_str_eq(got, "abc1x");
	g_free(got);
	g_free(nfkc);
	/* Ⱥ (two bytes) lowers to ⱥ (three): the result grows past the text. */
	for (int i = 0; i < 200; i++) {
		g_string_append(s, "\u023A更");
		g_string_append(want, "\u2C65更");
	}
	got = parse_view_fold_lower(s->str, -1);
	cr_assert_str_eq(got, want->str);
	g_free(got);
	g_string_free(s, TRUE);
	g_string_free(want, TRUE);
}

/* ---- white space --------------------------------------------------------- */

Test(parse_text, collapse_mixed_white_space)
{
	expect_collapse(" \t a\u3000\u3000b \r\n c\u00a0d\u200be\x01" "f \u3000 ", "a b c de f");
	expect_collapse("山田\u3000太郎", "山田 太郎");
	expect_collapse("\u3000\u3000全角\u3000\u3000", "全角");
	expect_collapse("\u200b\ufeff", "");
	expect_collapse(" \t\r\n\u3000", "");
	expect_collapse("", "");
	expect_collapse("one", "one");
}

Test(parse_text, character_classes)
{
	cr_assert(parse_text_is_space(' '));
	cr_assert(parse_text_is_space('\t'));
	cr_assert(parse_text_is_space('\r'));
	cr_assert(parse_text_is_space(0x3000));
	cr_assert(parse_text_is_space(0x00A0));
	cr_assert(parse_text_is_space(0x01));
	cr_assert(parse_text_is_space(0x7F));
	cr_assert(parse_text_is_space(0x85));
	cr_assert_not(parse_text_is_space('a'));
	cr_assert_not(parse_text_is_space(0x200B));
	cr_assert_not(parse_text_is_space(0x3042));

	cr_assert(parse_text_is_invisible(0x200B));
	cr_assert(parse_text_is_invisible(0x200D));
	cr_assert(parse_text_is_invisible(0x2060));
	cr_assert(parse_text_is_invisible(0xFEFF));
	cr_assert_not(parse_text_is_invisible(' '));

	cr_assert(parse_text_is_colon(':'));
	cr_assert(parse_text_is_colon(0xFF1A));
	cr_assert_not(parse_text_is_colon(';'));

	cr_assert(parse_text_is_dash(0x2212));
	cr_assert(parse_text_is_dash(0x2015));
	cr_assert(parse_text_is_dash(0x30FC));
	cr_assert(parse_text_is_dash(0xFF0D));
	cr_assert(parse_text_is_dash(0xFF70));
	cr_assert_not(parse_text_is_dash('-'));
	cr_assert_not(parse_text_is_dash('_'));
}

Test(parse_text, skip_spaces)
{
	const char s[] = "\u3000\u200b \tx y";

	cr_assert_eq(parse_text_skip_spaces(s), s + strlen("\u3000\u200b \t"));
	cr_assert_eq(parse_text_skip_spaces(strchr(s, 'y')), strchr(s, 'y'));
	cr_assert_str_eq(parse_text_skip_spaces(" \u3000"), "");
}

Test(parse_text, without_spaces_and_fold_dashes)
{
	char *got = parse_text_without_spaces(" a b\u3000c\td\u200be ");

	cr_assert_str_eq(got, "abcd\u200be"); /* invisible characters are kept */
	g_free(got);
	got = parse_text_fold_dashes("03\u22121234ー5678―9‐0－1ｰ2-3");
	cr_assert_str_eq(got, "03-1234-5678-9-0-1-2-3");
	g_free(got);
}

Test(parse_text, compact)
{
	char *got = parse_text_compact("common-name_(cn). = x");

	cr_assert_str_eq(got, "commonname(cn)x");
	g_free(got);
	got = parse_text_compact("コモン・ネーム\u3000\u200b");
	cr_assert_str_eq(got, "コモンネーム");
	g_free(got);
}

/* ---- keywords ------------------------------------------------------------ */

Test(parse_text, has_word_and_has_any)
{
	static const char *const needles[] = { "ログイン", "login", NULL };
	static const char *const none[] = { NULL };

	cr_assert(parse_text_has_word("ev ssl", "ev"));
	cr_assert(parse_text_has_word("ev認証", "ev"));
	cr_assert(parse_text_has_word("(ev)", "ev"));
	cr_assert(parse_text_has_word("evev ev", "ev"));
	cr_assert_not(parse_text_has_word("level", "ev"));
	cr_assert_not(parse_text_has_word("evssl", "ev"));
	cr_assert_not(parse_text_has_word("", "ev"));

	cr_assert(parse_text_has_any("サーバーログイン", needles));
	cr_assert(parse_text_has_any("cpanel login id", needles));
	cr_assert_not(parse_text_has_any("password", needles));
	cr_assert_not(parse_text_has_any("login", none));
}

/* parse_match_any() with a shared matcher says what parse_text_has_any()
 * says, on a range, whatever the text. */
Test(parse_text, match_any_agrees_with_has_any)
{
	static const char *const needles[] = { "自動返信", "不在", "out of office", "ooo:", "e\u0301", NULL };
	static const char *const pieces[] = {
		"自動", "返信", "不", "在", "out", " of", " office", "ooo", ":", "e", "\u0301", "x", "。",
	};
	static struct parse_matcher *m;
	GRand *rand = g_rand_new_with_seed(7);

	cr_assert_eq(parse_match_static(&m, needles), parse_match_static(&m, needles));
	for (int i = 0; i < 2000; i++) {
		GString *s = g_string_new(NULL);
		int count = g_rand_int_range(rand, 0, 12);

		for (int k = 0; k < count; k++)
			g_string_append(s, pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))]);
		cr_assert_eq(parse_match_any(m, s->str, s->str + s->len), parse_text_has_any(s->str, needles),
			     "\"%s\"", s->str);
		g_string_free(s, TRUE);
	}
	g_rand_free(rand);
}

Test(parse_text, has_japanese)
{
	cr_assert(parse_text_has_japanese("株式会社"));
	cr_assert(parse_text_has_japanese("ひらがな"));
	cr_assert(parse_text_has_japanese("カタカナ"));
	cr_assert(parse_text_has_japanese("ｶﾀｶﾅ"));
	cr_assert(parse_text_has_japanese("Sample 商事 Co., Ltd."));
	cr_assert_not(parse_text_has_japanese("Sample Shoji Co., Ltd."));
	cr_assert_not(parse_text_has_japanese("Ｆｕｌｌ　ｗｉｄｔｈ"));
	cr_assert_not(parse_text_has_japanese("\u00e9\u3000\u300c\u300d"));
	cr_assert_not(parse_text_has_japanese(""));
}
