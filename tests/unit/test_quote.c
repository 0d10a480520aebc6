/* Unit tests of parse_quote_own_text: every quoting style keeps only what the sender wrote. */
#include <string.h>

#include <criterion/criterion.h>

#include "parsers.h"

/* parse_quote_own_text(text) is want; frees the result. */
static void
expect_own(const char *text, const char *want)
{
	char *got = parse_quote_own_text(text);

	cr_assert_str_eq(got, want, "own text of:\n%s\n---- got:\n%s\n---- want:\n%s", text, got, want);
	g_free(got);
}

#define NOTICE_Q                                                                    \
	"> 株式会社サンプル\n> 山田 太郎 様\n>\n> 更新する場合は、専用フォームから送信してください。\n" \
	"> 更新しない場合は、このメールの返信で更新しない旨をお伝えください。\n"
#define NOTICE_PLAIN                                                                \
	"株式会社サンプル\n山田 太郎 様\n\n更新する場合は、専用フォームから送信してください。\n" \
	"更新しない場合は、このメールの返信で更新しない旨をお伝えください。\n"

/* ---- attributions ---------------------------------------------------------- */

Test(parse_quote, gmail_english)
{
	expect_own("Please renew.\n\nOn Tue, Nov 10, 2026 at 9:00 AM Neoworks <ssl@neoworks.jp> wrote:\n\n"
		   NOTICE_Q,
		   "Please renew.");
}

Test(parse_quote, gmail_english_wrapped)
{
	expect_own("Please renew.\r\n\r\nOn Tue, Nov 10, 2026 at 9:00 AM Neoworks Support <\r\n"
		   "ssl@neoworks.jp> wrote:\r\n\r\n" NOTICE_Q,
		   "Please renew.");
}

Test(parse_quote, gmail_japanese)
{
	expect_own("更新をお願いします。\n\n2026年11月10日(火) 9:00 ネオワークス <ssl@neoworks.jp>:\n\n" NOTICE_Q,
		   "更新をお願いします。");
	/* Wrapped after the name. */
	expect_own("更新をお願いします。\n\n2026年11月10日(火) 9:00 株式会社ネオワークス SSL担当 <\n"
		   "ssl@neoworks.jp>:\n\n" NOTICE_Q,
		   "更新をお願いします。");
}

Test(parse_quote, thunderbird)
{
	expect_own("承知しました。\n\nOn 2026/11/10 9:00, ネオワークス wrote:\n" NOTICE_Q, "承知しました。");
	expect_own("承知しました。\n\nネオワークス さんは書きました:\n" NOTICE_Q, "承知しました。");
	expect_own("承知しました。\n\n2026/11/10 9:00 ネオワークス wrote:\n" NOTICE_Q, "承知しました。");
}

Test(parse_quote, apple_mail_wrapped)
{
	expect_own("Please renew.\n\nOn Nov 10, 2026, at 9:00 AM, Neoworks <ssl@neoworks.jp>\nwrote:\n\n" NOTICE_Q,
		   "Please renew.");
	expect_own("更新します。\n\n2026/11/10 9:00、ネオワークス <ssl@neoworks.jp>のメール:\n\n" NOTICE_Q,
		   "更新します。");
}

Test(parse_quote, becky)
{
	expect_own("更新しません。\n\nOn Tue, 10 Nov 2026 09:00:00 +0900\nネオワークス <ssl@neoworks.jp> wrote:\n"
		   NOTICE_Q,
		   "更新しません。");
}

Test(parse_quote, japanese_yori)
{
	expect_own("更新します。\n\n『ネオワークス』より:\n" NOTICE_Q, "更新します。");
}

Test(parse_quote, attribution_before_an_unmarked_quote_cuts_it)
{
	/* An HTML reply made text: the quote has no '>' left. */
	expect_own("今回は見送ります。\n\nOn Tue, Nov 10, 2026 at 9:00 AM Neoworks <ssl@neoworks.jp> wrote:\n"
		   NOTICE_PLAIN,
		   "今回は見送ります。");
}

/* ---- blocks ------------------------------------------------------------------ */

Test(parse_quote, outlook_english)
{
	expect_own("We will not renew.\n\n________________________________\nFrom: Neoworks <ssl@neoworks.jp>\n"
		   "Sent: Tuesday, November 10, 2026 9:00 AM\nTo: John <john@example.com>\n"
		   "Subject: SSL certificate renewal\n\nIf you wish to renew, please submit the form.\n",
		   "We will not renew.");
	/* Without the line, bold labels as HTML mail gives them. */
	expect_own("Renew please.\n\n*From:* Neoworks <ssl@neoworks.jp>\n*Sent:* Tuesday, November 10, 2026\n"
		   "*To:* John\n*Subject:* renewal\n\nIf you do not wish to renew, reply.\n",
		   "Renew please.");
}

Test(parse_quote, outlook_japanese)
{
	expect_own("今回は見送ります。\n\n差出人: ネオワークス <ssl@neoworks.jp>\n送信日時: 2026年11月10日 9:00\n"
		   "宛先: yamada@example.co.jp\n件名: 【ご案内】SSL証明書更新のお知らせ\n\n" NOTICE_PLAIN,
		   "今回は見送ります。");
	/* Full-width colons. */
	expect_own("今回は見送ります。\n差出人： ネオワークス\n送信日時： 2026年11月10日 9:00\n件名： お知らせ\n"
		   NOTICE_PLAIN,
		   "今回は見送ります。");
}

Test(parse_quote, a_lone_from_line_is_own_text)
{
	expect_own("From: 山田\n更新します。", "From: 山田\n更新します。");
}

Test(parse_quote, original_message)
{
	expect_own("更新希望です。\n\n-----Original Message-----\nFrom: ssl@neoworks.jp\n" NOTICE_PLAIN,
		   "更新希望です。");
	expect_own("更新希望です。\n----- Original Message -----\n" NOTICE_PLAIN, "更新希望です。");
	expect_own("更新希望です。\n\n-----元のメッセージ-----\n" NOTICE_PLAIN, "更新希望です。");
}

Test(parse_quote, forwarded)
{
	expect_own("FYI\n\n---------- Forwarded message ---------\nFrom: Neoworks\n" NOTICE_PLAIN, "FYI");
	expect_own("ご確認ください。\n\n-------- 転送メッセージ --------\n件名: お知らせ\n" NOTICE_PLAIN,
		   "ご確認ください。");
	expect_own("See below.\n\nBegin forwarded message:\n\nFrom: Neoworks\n" NOTICE_PLAIN, "See below.");
}

/* ---- quote marks ------------------------------------------------------------- */

Test(parse_quote, nested_and_spaceless)
{
	expect_own("更新します。\n>> 古い引用\n> > さらに古い\n>更新しない場合は\n   > indented\n", "更新します。");
}

Test(parse_quote, full_width_marks)
{
	expect_own("＞更新する場合は、専用フォームから送信してください。\n＞＞更新しない場合は\n\n更新します。",
		   "更新します。");
	expect_own("| 更新しない場合は返信してください\n|\n更新します", "更新します");
}

Test(parse_quote, bottom_posting)
{
	expect_own("ネオワークス様\n\n2026年11月10日(火) 9:00 ネオワークス <ssl@neoworks.jp>:\n" NOTICE_Q
		   "\n今回は更新しないことにしました。\n",
		   "ネオワークス様\n\n今回は更新しないことにしました。");
}

Test(parse_quote, interleaved_answers)
{
	expect_own("> 更新しますか?\n更新します\n> 更新しない場合はご返信ください\nよろしくお願いします\n",
		   "更新します\nよろしくお願いします");
}

/* ---- signatures -------------------------------------------------------------- */

Test(parse_quote, dash_dash_signature)
{
	expect_own("Please renew.\n\n-- \nJohn Smith\nExample Inc.\n", "Please renew.");
	expect_own("更新でお願いします\n--\n山田\n", "更新でお願いします");
}

Test(parse_quote, decorated_japanese_signature)
{
	expect_own("更新しません。\n\n━━━━━━━━━━━━━━━━\n株式会社サンプル 情報システム部\n山田 太郎\n"
		   "TEL: 03-1234-5678\nMail: yamada@example.co.jp\n━━━━━━━━━━━━━━━━\n",
		   "更新しません。");
	expect_own("更新をお願いします。\n\n==============================\n株式会社サンプル\n〒100-0001 東京都千代田区1-1\n"
		   "https://www.example.co.jp/\n==============================\n\n-----元のメッセージ-----\n" NOTICE_PLAIN,
		   "更新をお願いします。");
	expect_own("更新します\n※※※※※※※※※※\n山田\nyamada@example.co.jp\n", "更新します");
}

Test(parse_quote, decoration_before_own_sentences_stays)
{
	/* No contact details after it: not a signature. */
	expect_own("━━━━━━━━\n更新をお願いします。\n━━━━━━━━", "━━━━━━━━\n更新をお願いします。\n━━━━━━━━");
	/* A decision line is never part of a signature. */
	expect_own("━━━━\n更新希望\n━━━━\n山田\nTEL 03-1234-5678", "━━━━\n更新希望");
}

Test(parse_quote, device_lines)
{
	expect_own("Please renew.\n\nSent from my iPhone\n", "Please renew.");
	expect_own("更新します\n\niPhoneから送信\n\n" NOTICE_Q, "更新します");
	expect_own("更新します\n\nOutlook for iOS を入手\n", "更新します");
	/* Not a device: the customer's own line stays. */
	expect_own("更新します。\n申込はフォームから送信", "更新します。\n申込はフォームから送信");
}

Test(parse_quote, nested_reply_with_attribution_inside_the_quote)
{
	expect_own("更新します。\n\nOn Wed, Nov 11, 2026 at 10:00 AM Neoworks <ssl@neoworks.jp> wrote:\n"
		   "> ご返信ありがとうございます。\n>\n> On Tue, Nov 10, 2026 at 9:00 AM Yamada <y@example.jp> wrote:\n"
		   ">> 更新しない場合は?\n",
		   "更新します。");
}

/* ---- plain replies ------------------------------------------------------------ */

Test(parse_quote, no_quote)
{
	expect_own("  お世話になっております。\r\n\r\n  更新をお願いします。  \r\n\r\n\r\n",
		   "お世話になっております。\n\n更新をお願いします。");
}

Test(parse_quote, empty_reply_above_a_quote)
{
	expect_own("\n\nOn Tue, Nov 10, 2026 at 9:00 AM Neoworks <ssl@neoworks.jp> wrote:\n" NOTICE_Q, "");
	expect_own("\r\n\r\n", "");
	expect_own("", "");
	expect_own(NOTICE_Q, "");
}

Test(parse_quote, nfkc)
{
	expect_own("ＳＳＬの更新を　お願いします。ｶﾞｲﾄﾞ", "SSLの更新を お願いします。ガイド");
}

Test(parse_quote, invalid_utf8_and_null)
{
	char *got = parse_quote_own_text("\xff更新します");

	cr_assert(g_utf8_validate(got, -1, NULL));
	cr_assert(strstr(got, "更新します"));
	g_free(got);
	got = parse_quote_own_text(NULL);
	cr_assert_str_eq(got, "");
	g_free(got);
}

Test(parse_quote, long_quote_is_cheap)
{
	GString *s = g_string_new("更新します。\n\nOn Tue, Nov 10, 2026 at 9:00 AM N <n@n.jp> wrote:\n");
	char *got;

	for (int i = 0; i < 50000; i++)
		g_string_append(s, "> 更新しない場合は、このメールの返信で更新しない旨をお伝えください。\n");
	got = parse_quote_own_text(s->str);
	cr_assert_str_eq(got, "更新します。");
	g_free(got);
	g_string_free(s, TRUE);
}
