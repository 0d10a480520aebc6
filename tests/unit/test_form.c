/* Unit tests of parse_form_text(): the renewal application form's "Label: value" text. */
#include <string.h>

#include <criterion/criterion.h>

#include "parsers_priv.h"

static struct parse_form *
parse_ok(const char *text)
{
	struct parse_form *form = NULL;
	struct mp_error err = { "" };
	enum mp_status status = parse_form_text(text, strlen(text), &form, &err);

	struct parse_form *again = NULL;

	cr_assert_eq(status, MP_STATUS_OK, "status %s: %s", mp_status_to_string(status), err.text);
	cr_assert_not_null(form);
	/* The classifier's entry for text known to be valid reads the same. */
	cr_assert_eq(parse_form_text_valid(text, strlen(text), &again, &err), MP_STATUS_OK);
	for (const char *const *key = parse_form_keys(); *key; key++) {
		const char *a = parse_form_get(form, *key), *b = parse_form_get(again, *key);

		cr_assert(a ? b && !strcmp(a, b) : !b, "%s differs", *key);
		cr_assert_eq(parse_form_is_masked(form, *key), parse_form_is_masked(again, *key));
	}
	parse_form_free(again);
	return form;
}

static void
expect(const struct parse_form *form, const char *key, const char *value)
{
	const char *v = parse_form_get(form, key);

	cr_assert_not_null(v, "no %s (expected \"%s\")", key, value);
	cr_assert_str_eq(v, value, "%s", key);
}

static void
expect_none(const struct parse_form *form, const char *key)
{
	const char *v = parse_form_get(form, key);

	cr_assert_null(v, "%s is \"%s\", expected none", key, v ? v : "");
}

static bool
unknown_has(const struct parse_form *form, const char *line)
{
	for (guint i = 0; i < form->unknown->len; i++)
		if (!strcmp(g_ptr_array_index(form->unknown, i), line))
			return true;
	return false;
}

/* No unknown line shows text (a secret that must stay masked). */
static void
unknown_lacks_text(const struct parse_form *form, const char *text)
{
	for (guint i = 0; i < form->unknown->len; i++)
		cr_assert_null(strstr(g_ptr_array_index(form->unknown, i), text),
			       "unknown line %u shows \"%s\"", i, text);
}

/* The one-field value of key after parsing "label<sep>value". */
static void
expect_one(const char *text, const char *key, const char *value)
{
	struct parse_form *form = parse_ok(text);

	cr_assert_eq(g_hash_table_size(form->fields), 1, "%s: %u fields", text,
		     g_hash_table_size(form->fields));
	expect(form, key, value);
	parse_form_free(form);
}

static const char form_ja[] =
	"SSL証明書更新申請フォームより、以下の内容で送信されました。\n"
	"\n"
	"■お客様情報\n"
	"お客様番号：C-00123\n"
	"会社名：株式会社サンプル商事\n"
	"英語表記会社名：Sample  Shoji Co., Ltd.\n"
	"郵便番号：〒100-0001\n"
	"所在地：東京都千代田区千代田1-1-1\n"
	"　　　　サンプルビル5F\n"
	"電話番号：03-1234-5678\n"
	"部署：情報システム部\n"
	"申請責任者氏名：山田　太郎\n"
	"役職：部長\n"
	"申請責任者メールアドレス：Yamada@Sample-Shoji.co.jp\n"
	"技術担当者メールアドレス：tech@sample-shoji.co.jp\n"
	"\n"
	"■証明書情報\n"
	"コモンネーム：WWW.Sample-Shoji.co.jp\n"
	"追加ドメイン：sample-shoji.co.jp、shop.sample-shoji.co.jp\n"
	"認証局：デジサート\n"
	"認証タイプ：企業認証\n"
	"証明書名：セキュア・サーバID\n"
	"注文番号：ORD-2026-0012\n"
	"\n"
	"■サーバー情報\n"
	"コントロールパネルログインID：admin\n"
	"rootパスワード：s3cret!Pass\n"
	"備考：特になし\n"
	"\n"
	"--\n"
	"このメールはフォームから自動送信されています。\n"
	"会社名：送信システム\n";

Test(parse_form, japanese_form_all_fields)
{
	struct parse_form *form = parse_ok(form_ja);

	expect(form, "customer_id", "C-00123");
	expect(form, "org_name", "株式会社サンプル商事");
	expect(form, "org_name_en", "Sample Shoji Co., Ltd.");
	expect(form, "postal_code", "100-0001");
	expect(form, "address", "東京都千代田区千代田1-1-1 サンプルビル5F");
	expect(form, "phone", "03-1234-5678");
	expect(form, "department", "情報システム部");
	expect(form, "contact_name", "山田 太郎");
	expect(form, "contact_title", "部長");
	expect(form, "contact_email", "yamada@sample-shoji.co.jp");
	expect(form, "tech_email", "tech@sample-shoji.co.jp");
	expect(form, "domain", "www.sample-shoji.co.jp");
	expect(form, "sans", "sample-shoji.co.jp shop.sample-shoji.co.jp");
	expect(form, "ca", "digicert");
	expect(form, "validation", "ov");
	expect(form, "product", "セキュア・サーバID");
	expect(form, "order_id", "ORD-2026-0012");
	/* Both lines are about the server login: kept together, with labels. */
	expect(form, "server_login",
	       "コントロールパネルログインID: admin\nrootパスワード: s3cret!Pass");
	expect_none(form, "password");
	expect_none(form, "notes");
	cr_assert(parse_form_is_form(form));
	cr_assert(parse_form_is_masked(form, "server_login"));
	cr_assert_eq(form->masked->len, 1);
	cr_assert_eq(form->unknown->len, 1, "unknown: %u", form->unknown->len);
	cr_assert(unknown_has(form, "rootパスワード: " PARSE_FORM_MASK));
	unknown_lacks_text(form, "s3cret");
	cr_assert_eq(g_hash_table_size(form->fields), 18);
	parse_form_free(form);
}

/* The layout of the company's own form mailer: headed sections, required
 * markers, full-width digits, the technical contact's details after the
 * applicant's, login lines, and the mailer's footer. */
static const char form_sections[] =
	"山田様\n"
	"\n"
	"以下の内容で更新を申し込みます。\n"
	"-------------------------------\n"
	"【必須】お客様番号：Ｃ－００１２３\n"
	"【必須】会社名（日本語）：株式会社サンプル\n"
	"【必須】会社名（英語）：Sample Co.,Ltd.\n"
	"【必須】郵便番号：〒１０４－００６１\n"
	"【必須】所在地：東京都中央区銀座１－２－３\n"
	"　　　　　　　　銀座ビル８階\n"
	"【必須】代表電話番号：０３ー１２３４ー５６７８　FAX：03-1234-5679\n"
	"-------------------------------\n"
	"■申請責任者\n"
	"氏名：佐藤　一郎\n"
	"部署：総務部\n"
	"役職：部長\n"
	"メールアドレス：Sato@Sample.co.jp\n"
	"■技術担当者\n"
	"-------------------------------\n"
	"氏名：田中　次郎\n"
	"メールアドレス：tanaka@sample.co.jp\n"
	"電話番号：03-9999-0000\n"
	"コモンネーム（CN）：www.sample.co.jp\n"
	"追加ドメイン（SAN）：sample.co.jp\n"
	"認証局：ジオトラスト\n"
	"認証タイプ：OV（企業認証）\n"
	"証明書名：ジオトラスト トゥルービジネスID\n"
	"ご注文番号：ORD-2026-0031\n"
	"メールアドレス：sato@sample.co.jp\n"
	"-------------------------------\n"
	"■ログイン情報（変更がある場合のみ）\n"
	"コントロールパネルURL：https://cp.sample.co.jp:2083/\n"
	"ログインID：sampleadmin\n"
	"パスワード：Xy7#kL9q\n"
	"備考：\n"
	"よろしくお願いします。\n"
	"上記の内容で申請します。\n"
	"\n"
	"送信日時：2026/11/20 10:15:32\n"
	"-- \n"
	"株式会社サンプル 佐藤\n"
	"TEL：03-0000-0000\n";

Test(parse_form, sectioned_form)
{
	struct parse_form *form = parse_ok(form_sections);

	expect(form, "customer_id", "C-00123");
	expect(form, "org_name", "株式会社サンプル");
	expect(form, "org_name_en", "Sample Co.,Ltd.");
	expect(form, "postal_code", "104-0061");
	/* Names and addresses stay as written (the workflow ignores width). */
	expect(form, "address", "東京都中央区銀座１－２－３ 銀座ビル８階");
	expect(form, "phone", "03-1234-5678");
	expect(form, "contact_name", "佐藤 一郎");
	expect(form, "department", "総務部");
	expect(form, "contact_title", "部長");
	expect(form, "contact_email", "sato@sample.co.jp");
	expect(form, "tech_email", "tanaka@sample.co.jp");
	expect(form, "domain", "www.sample.co.jp");
	expect(form, "sans", "sample.co.jp");
	expect(form, "ca", "geotrust");
	expect(form, "validation", "ov");
	expect(form, "order_id", "ORD-2026-0031");
	expect(form, "server_login",
	       "コントロールパネルURL: https://cp.sample.co.jp:2083/\n"
	       "ログインID: sampleadmin\n"
	       "パスワード: Xy7#kL9q");
	expect_none(form, "password");
	expect(form, "notes", "よろしくお願いします。 上記の内容で申請します。");
	cr_assert(parse_form_is_masked(form, "server_login"));
	cr_assert_not(parse_form_is_masked(form, "notes"));
	/* The technical contact's name and phone are not the applicant's; the
	 * known label "コモンネーム" ended that section, so the last email is
	 * the applicant's again (and the same as the first). */
	cr_assert(unknown_has(form, "氏名: 田中 次郎"));
	cr_assert(unknown_has(form, "電話番号: 03-9999-0000"));
	cr_assert(unknown_has(form, "パスワード: " PARSE_FORM_MASK));
	/* "備考" ended the login section. */
	cr_assert(unknown_has(form, "送信日時: 2026/11/20 10:15:32"));
	cr_assert_eq(form->unknown->len, 4);
	cr_assert(parse_form_is_form(form));
	parse_form_free(form);
}

Test(parse_form, english_form)
{
	struct parse_form *form = parse_ok(
		"Hello,\n"
		"Please find our renewal application below.\n"
		"\n"
		"Customer ID: C-00123\n"
		"Organization Name: 株式会社サンプル商事\n"
		"Company (English): Sample Shoji Co., Ltd.\n"
		"Address: 1-1-1 Chiyoda, Chiyoda-ku,\n"
		"  Tokyo 100-0001, Japan\n"
		"Postal Code: 100-0001\n"
		"Phone: +81-3-1234-5678\n"
		"Department: IT Division\n"
		"Contact Name: Taro Yamada\n"
		"Job Title: General Manager\n"
		"E-mail: Taro.Yamada@Sample-Shoji.co.jp\n"
		"Technical Contact Email: <tech@sample-shoji.co.jp>\n"
		"Common Name: www.sample-shoji.co.jp\n"
		"Subject Alternative Names: sample-shoji.co.jp, shop.sample-shoji.co.jp,\n"
		"   mail.sample-shoji.co.jp\n"
		"CA: GeoTrust\n"
		"Validation: Organization Validation (OV)\n"
		"Product: GeoTrust True BusinessID\n"
		"Order: ord-2026-0012\n"
		"Password: hunter2\n"
		"Favourite colour: blue\n"
		"\n"
		"Best regards,\n"
		"Taro\n");

	expect(form, "customer_id", "C-00123");
	expect(form, "org_name", "株式会社サンプル商事");
	expect(form, "org_name_en", "Sample Shoji Co., Ltd.");
	expect(form, "address", "1-1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001, Japan");
	expect(form, "postal_code", "100-0001");
	expect(form, "phone", "+81-3-1234-5678");
	expect(form, "department", "IT Division");
	expect(form, "contact_name", "Taro Yamada");
	expect(form, "contact_title", "General Manager");
	expect(form, "contact_email", "taro.yamada@sample-shoji.co.jp");
	expect(form, "tech_email", "tech@sample-shoji.co.jp");
	expect(form, "domain", "www.sample-shoji.co.jp");
	expect(form, "sans",
	       "sample-shoji.co.jp shop.sample-shoji.co.jp mail.sample-shoji.co.jp");
	expect(form, "ca", "geotrust");
	expect(form, "validation", "ov");
	expect(form, "product", "GeoTrust True BusinessID");
	expect(form, "order_id", "ORD-2026-0012");
	expect(form, "password", "hunter2");
	cr_assert(parse_form_is_masked(form, "password"));
	cr_assert(unknown_has(form, "Password: " PARSE_FORM_MASK));
	cr_assert(unknown_has(form, "Favourite colour: blue"));
	cr_assert_eq(form->unknown->len, 2);
	unknown_lacks_text(form, "hunter2");
	cr_assert(parse_form_is_form(form));
	parse_form_free(form);
}

Test(parse_form, full_width_labels_and_colons)
{
	struct parse_form *form = parse_ok(
		"ＣＮ：ＷＷＷ．ＥＸＡＭＰＬＥ．ＣＯ．ＪＰ\n"
		"ＴＥＬ：０３－１２３４－５６７８\n"
		"Ｅ－ｍａｉｌ：ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ\n"
		"Ｏｒｇａｎｉｚａｔｉｏｎ：ＥＸＡＭＰＬＥ　Ｉｎｃ．\n"
		"郵便番号　：　１００ー０００１\n"
		"お客様ＩＤ：Ｃ－００９\n");

	expect(form, "domain", "www.example.co.jp");
	expect(form, "phone", "03-1234-5678");
	expect(form, "contact_email", "yamada@example.co.jp");
	expect(form, "org_name_en", "EXAMPLE Inc.");
	expect(form, "postal_code", "100-0001");
	expect(form, "customer_id", "C-009");
	cr_assert_eq(form->unknown->len, 0);
	cr_assert(parse_form_is_form(form));
	parse_form_free(form);
}

Test(parse_form, decorated_labels)
{
	struct parse_form *form = parse_ok(
		"【会社名】株式会社エー\n"
		"[CN] www.a.example.jp\n"
		"■住所：大阪府大阪市北区1-2-3\n"
		"●電話番号：06-1111-2222\n"
		"・役職：課長\n"
		"【メールアドレス】：a@a.example.jp\n"
		"【必須】組織名（英語）：A Corporation\n"
		"1. 部署 (必須)：総務部\n"
		"①ご担当者：佐藤 花子\n"
		"※認証局*: Sectigo\n"
		"【技術担当者】\n"
		"氏名：鈴木一郎\n"
		"メールアドレス：Suzuki@a.example.jp\n"
		"■ 証明書\n"
		"メールアドレス：other@a.example.jp\n");

	expect(form, "org_name", "株式会社エー");
	expect(form, "domain", "www.a.example.jp");
	expect(form, "address", "大阪府大阪市北区1-2-3");
	expect(form, "phone", "06-1111-2222");
	expect(form, "contact_title", "課長");
	expect(form, "contact_email", "a@a.example.jp");
	expect(form, "org_name_en", "A Corporation");
	expect(form, "department", "総務部");
	expect(form, "contact_name", "佐藤 花子");
	expect(form, "ca", "sectigo");
	/* Under the technical-contact heading. */
	expect(form, "tech_email", "suzuki@a.example.jp");
	cr_assert(unknown_has(form, "氏名: 鈴木一郎"));
	/* A later, different applicant email: the first is kept, staff see both. */
	cr_assert(unknown_has(form, "メールアドレス: other@a.example.jp"));
	cr_assert_eq(form->unknown->len, 2);
	parse_form_free(form);
}

Test(parse_form, multi_line_values)
{
	struct parse_form *form = parse_ok(
		"会社名：株式会社ビー\n"
		"住所：\n"
		"〒150-0002\n"
		"東京都渋谷区渋谷2-2-2\n"
		"ビーハウス3F\n"
		"\n"
		"ドメイン：b.example.jp\n"
		"追加ドメイン：\n"
		"  www.b.example.jp\n"
		"  shop.b.example.jp,www.b.example.jp\n"
		"電話番号：03-2222-3333\n"
		"お問い合わせ先に関して: 特に\n"
		"変更はありません\n"
		"役職：\n"
		"\n"
		"部長\n");

	expect(form, "address", "〒150-0002 東京都渋谷区渋谷2-2-2 ビーハウス3F");
	expect(form, "sans", "www.b.example.jp shop.b.example.jp");
	expect(form, "phone", "03-2222-3333");
	/* Not indented, and the label had a value: the line is not part of it. */
	cr_assert(unknown_has(form, "お問い合わせ先に関して: 特に"));
	/* A blank line ends an empty value. */
	expect_none(form, "contact_title");
	cr_assert(parse_form_is_form(form));
	parse_form_free(form);
}

Test(parse_form, crlf_line_ends)
{
	struct parse_form *form = parse_ok("会社名：株式会社シー\r\n"
					   "住所：\r\n"
					   "  名古屋市中区1-1\r\n"
					   "ドメイン：C.example.jp\r\n");

	expect(form, "org_name", "株式会社シー");
	expect(form, "address", "名古屋市中区1-1");
	expect(form, "domain", "c.example.jp");
	parse_form_free(form);
}

Test(parse_form, passwords_masked)
{
	struct parse_form *form = parse_ok(
		"ドメイン：www.d.example.jp\n"
		"パスワード：Pa55:word\n"
		"管理画面 PW : x-y-z\n"
		"サーバー情報：ホスト d.example.jp パスワード abc123\n"
		"■ログイン情報\n"
		"URL：https://panel.d.example.jp:8443/\n"
		"ID：admin\n"
		"\n"
		"■その他\n"
		"備考：rootのパスワードを変更しました\n"
		"    新しいパスワードは 9876 です\n");

	expect(form, "password", "パスワード: Pa55:word\n管理画面 PW: x-y-z");
	expect(form, "server_login",
	       "サーバー情報: ホスト d.example.jp パスワード abc123\n"
	       "URL: https://panel.d.example.jp:8443/\n"
	       "ID: admin");
	expect(form, "notes", "rootのパスワードを変更しました 新しいパスワードは 9876 です");
	cr_assert(parse_form_is_masked(form, "password"));
	cr_assert(parse_form_is_masked(form, "server_login"));
	cr_assert(parse_form_is_masked(form, "notes"));
	cr_assert_eq(form->masked->len, 3);
	cr_assert(unknown_has(form, "パスワード: " PARSE_FORM_MASK));
	cr_assert(unknown_has(form, "管理画面 PW: " PARSE_FORM_MASK));
	cr_assert(unknown_has(form, "サーバー情報: " PARSE_FORM_MASK));
	cr_assert(unknown_has(form, "備考: " PARSE_FORM_MASK));
	cr_assert_eq(form->unknown->len, 4);
	unknown_lacks_text(form, "Pa55");
	unknown_lacks_text(form, "x-y-z");
	unknown_lacks_text(form, "abc123");
	unknown_lacks_text(form, "9876");
	cr_assert_not(parse_form_is_form(form));
	parse_form_free(form);
}

Test(parse_form, password_words)
{
	expect_one("FTP pass: p1\n", "server_login", "p1");
	expect_one("Passwd: p2\n", "password", "p2");
	expect_one("ID/PW：admin / p3\n", "password", "admin / p3");
	expect_one("コントロールパネルパスワード(変更時のみ)：p4\n", "server_login", "p4");
	expect_one("サーバーパスワード：p5\n", "server_login", "p5");

	/* "pass" only as a word. */
	struct parse_form *form = parse_ok("Passport: TK1234567\n");

	cr_assert_eq(g_hash_table_size(form->fields), 0);
	cr_assert(unknown_has(form, "Passport: TK1234567"));
	cr_assert_eq(form->masked->len, 0);
	parse_form_free(form);
}

Test(parse_form, ca_and_validation)
{
	static const char *const cases[][3] = {
		{ "認証局：デジサート", "ca", "digicert" },
		{ "CA: DigiCert, Inc.", "ca", "digicert" },
		{ "認証局：ジオトラスト（デジサート）", "ca", "geotrust" },
		{ "認証局：コモド", "ca", "sectigo" },
		{ "CA: Sectigo (formerly Comodo)", "ca", "sectigo" },
		{ "認証局：セクティゴ", "ca", "sectigo" },
		{ "ＣＡ：ＡｌｐｈａＳＳＬ", "ca", "globalsign" },
		{ "認証局：グローバルサイン", "ca", "globalsign" },
		{ "認証局：シマンテック", "ca", "シマンテック" },
		{ "認証局：デジサートからセクティゴへ", "ca", "デジサートからセクティゴへ" },
		{ "認証タイプ：企業認証", "validation", "ov" },
		{ "Validation: OV", "validation", "ov" },
		{ "認証方式：企業認証（OV）", "validation", "ov" },
		{ "認証タイプ：ドメイン認証", "validation", "dv" },
		{ "Validation: DV", "validation", "dv" },
		{ "認証タイプ：EV認証", "validation", "ev" },
		{ "Validation: Extended Validation", "validation", "ev" },
		{ "Validation: EV", "validation", "ev" },
		{ "認証タイプ：DV→OV", "validation", "DV→OV" },
		{ "Validation: Level 3", "validation", "Level 3" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		expect_one(cases[i][0], cases[i][1], cases[i][2]);
}

Test(parse_form, none_values)
{
	struct parse_form *form = parse_ok("ドメイン：e.example.jp\n"
					   "追加ドメイン：なし\n"
					   "部署：-\n"
					   "役職：特になし。\n"
					   "備考：None\n");

	cr_assert_eq(g_hash_table_size(form->fields), 1);
	expect(form, "domain", "e.example.jp");
	parse_form_free(form);
}

Test(parse_form, quoted_reply_is_not_a_form)
{
	struct parse_form *form = parse_ok(
		"お世話になっております。\n"
		"更新をお願いします。\n"
		"\n"
		"2026年11月20日 10:00 フォーム <form@example-hosting.jp>:\n"
		"> 会社名：株式会社サンプル商事\n"
		"> 英語表記会社名：Sample Shoji Co., Ltd.\n"
		">所在地：東京都千代田区千代田1-1-1\n"
		"  > 電話番号：03-1234-5678\n"
		"＞コモンネーム：www.sample-shoji.co.jp\n"
		">> 認証局：デジサート\n");

	cr_assert_eq(g_hash_table_size(form->fields), 0);
	cr_assert_eq(form->unknown->len, 0);
	cr_assert_not(parse_form_is_form(form));
	parse_form_free(form);
}

Test(parse_form, outlook_quote_without_marks)
{
	struct parse_form *form = parse_ok("更新します。\n"
					   "\n"
					   "-----Original Message-----\n"
					   "From: ssl@example-hosting.jp\n"
					   "コモンネーム：www.f.example.jp\n"
					   "会社名：株式会社エフ\n"
					   "認証局：デジサート\n"
					   "証明書名：セキュア・サーバID\n");

	cr_assert_eq(g_hash_table_size(form->fields), 0);
	cr_assert_not(parse_form_is_form(form));
	parse_form_free(form);

	form = parse_ok("承知しました。\n"
			"----- 元のメッセージ -----\n"
			"コモンネーム：www.f.example.jp\n");
	cr_assert_eq(g_hash_table_size(form->fields), 0);
	parse_form_free(form);
}

Test(parse_form, not_labels)
{
	struct parse_form *form = parse_ok(
		"明日10:30にお電話ください。\n"
		"https://www.example-hosting.jp/form\n"
		"On Fri, Nov 20, 2026 at 10:00 AM Form <form@example.jp> wrote:\n"
		"以下の内容で申請します：\n"
		"よろしくお願いいたします。\n");

	cr_assert_eq(g_hash_table_size(form->fields), 0);
	cr_assert_eq(form->unknown->len, 0, "unknown[0]: %s",
		     form->unknown->len ? (char *)g_ptr_array_index(form->unknown, 0) : "");
	parse_form_free(form);
}

Test(parse_form, is_form_threshold)
{
	struct parse_form *form = parse_ok("ドメイン：g.example.jp\n"
					   "会社名：株式会社ジー\n"
					   "電話番号：03-0000-0000\n"
					   "パスワード：x\n"
					   "備考：よろしく\n");

	cr_assert_not(parse_form_is_form(form));
	parse_form_free(form);

	form = parse_ok("ドメイン：g.example.jp\n"
			"会社名：株式会社ジー\n"
			"電話番号：03-0000-0000\n"
			"役職：社長\n");
	cr_assert(parse_form_is_form(form));
	parse_form_free(form);

	form = parse_ok("会社名：株式会社ジー\n"
			"電話番号：03-0000-0000\n"
			"役職：社長\n"
			"認証局：デジサート\n");
	cr_assert_not(parse_form_is_form(form));
	parse_form_free(form);
}

Test(parse_form, canonical_names_and_urls)
{
	struct parse_form *form = parse_ok("org_name_en: H Inc.\n"
					   "domain: https://WWW.H.example.jp/\n"
					   "tech_email: mailto:Tech@H.example.jp\n"
					   "order_id: 【ORD-2026-0099】\n");

	expect(form, "org_name_en", "H Inc.");
	expect(form, "domain", "www.h.example.jp");
	expect(form, "tech_email", "tech@h.example.jp");
	expect(form, "order_id", "ORD-2026-0099");
	parse_form_free(form);
}

Test(parse_form, empty_input)
{
	struct parse_form *form = NULL;
	struct mp_error err = { "" };

	cr_assert_eq(parse_form_text(NULL, 0, &form, &err), MP_STATUS_OK);
	cr_assert_not_null(form);
	cr_assert_eq(g_hash_table_size(form->fields), 0);
	cr_assert_eq(form->unknown->len, 0);
	cr_assert_eq(form->masked->len, 0);
	cr_assert_not(parse_form_is_form(form));
	cr_assert_null(parse_form_get(form, "domain"));
	parse_form_free(form);

	form = parse_ok("");
	cr_assert_eq(g_hash_table_size(form->fields), 0);
	parse_form_free(form);

	form = parse_ok("\n\n   \r\n\xEF\xBB\xBF");
	cr_assert_eq(g_hash_table_size(form->fields), 0);
	parse_form_free(form);

	parse_form_free(NULL);
	cr_assert_null(parse_form_get(NULL, "domain"));
	cr_assert_not(parse_form_is_form(NULL));
}

Test(parse_form, invalid_utf8_refused)
{
	static const char bad[] = "会社名：株式会社\xff\xfe\n";
	static const char nul[] = "会社名：A\0B\n";
	struct parse_form *form = NULL;
	struct mp_error err = { "" };

	cr_assert_eq(parse_form_text(bad, sizeof bad - 1, &form, &err), MP_STATUS_BAD_INPUT);
	cr_assert_null(form);
	cr_assert(strstr(err.text, "UTF-8") && strstr(err.text, "byte 24"), "%s", err.text);

	cr_assert_eq(parse_form_text(nul, sizeof nul - 1, &form, &err), MP_STATUS_BAD_INPUT);
	cr_assert_null(form);
	cr_assert(strstr(err.text, "NUL"), "%s", err.text);
}

Test(parse_form, bom_and_leading_text)
{
	struct parse_form *form = parse_ok("\xEF\xBB\xBF"
					   "会社名：株式会社アイ\n");

	expect(form, "org_name", "株式会社アイ");
	parse_form_free(form);
}

Test(parse_form, keys_list)
{
	const char *const *keys = parse_form_keys();
	struct parse_form *form = parse_ok(form_ja);
	GHashTableIter it;
	gpointer key;
	size_t n = 0;

	while (keys[n])
		n++;
	cr_assert_eq(n, 20);
	g_hash_table_iter_init(&it, form->fields);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		bool listed = false;

		for (size_t i = 0; keys[i] && !listed; i++)
			listed = !strcmp(keys[i], key);
		cr_assert(listed, "%s not in parse_form_keys()", (char *)key);
	}
	parse_form_free(form);
}

Test(parse_form, unknown_is_capped)
{
	GString *text = g_string_new("ドメイン：j.example.jp\n");
	struct parse_form *form;

	for (int i = 0; i < PARSE_FORM_UNKNOWN_MAX + 50; i++)
		g_string_append_printf(text, "項目%d：値\n", i);
	form = parse_ok(text->str);
	cr_assert_eq(form->unknown->len, PARSE_FORM_UNKNOWN_MAX);
	cr_assert_eq(form->unknown_dropped, 50);
	expect(form, "domain", "j.example.jp");
	parse_form_free(form);
	g_string_free(text, TRUE);
}

/* Random code points, weighted towards the characters the parser looks at. */
static GString *
random_text(GRand *rand, size_t bytes)
{
	static const gunichar hot[] = {
		'\n', '\r', ' ', '\t', ':', 0xFF1A, '>', '-', '[', ']', 0x3010, 0x3011,
		0x3000, 0x25A0, 0xFEFF, 0x2460, '(', ')', '@', '/', 'p', 'a', 's', 'w',
		0x30D1, 0x30B9, 0x30EF, 0x30FC, 0x30C9, 0x4F1A, 0x793E, 0x540D, 0xFF21,
	};
	GString *s = g_string_sized_new(bytes + 8);

	while (s->len < bytes) {
		gunichar c;

		if (g_rand_int_range(rand, 0, 3) == 0)
			c = hot[g_rand_int_range(rand, 0, G_N_ELEMENTS(hot))];
		else
			c = g_rand_int_range(rand, 1, 0x110000);
		if ((c >= 0xD800 && c <= 0xDFFF) || c == 0)
			continue;
		g_string_append_unichar(s, c);
	}
	return s;
}

Test(parse_form, garbage_valid_utf8, .timeout = 60)
{
	GRand *rand = g_rand_new_with_seed(20261125);

	for (int round = 0; round < 3; round++) {
		GString *s = random_text(rand, 1 << 20);
		struct parse_form *form = NULL;
		struct mp_error err = { "" };

		cr_assert(g_utf8_validate(s->str, s->len, NULL));
		cr_assert_eq(parse_form_text(s->str, s->len, &form, &err), MP_STATUS_OK, "%s",
			     err.text);
		cr_assert_not_null(form);
		cr_assert_leq(form->unknown->len, PARSE_FORM_UNKNOWN_MAX);
		parse_form_free(form);
		g_string_free(s, TRUE);
	}
	g_rand_free(rand);
}

Test(parse_form, garbage_bytes, .timeout = 60)
{
	GRand *rand = g_rand_new_with_seed(7);
	size_t len = 1 << 20;
	char *buf = g_malloc(len);
	struct parse_form *form = NULL;
	struct mp_error err = { "" };

	for (size_t i = 0; i < len; i++)
		buf[i] = (char)g_rand_int_range(rand, 0, 256);
	cr_assert_eq(parse_form_text(buf, len, &form, &err), MP_STATUS_BAD_INPUT);
	cr_assert_null(form);
	cr_assert_neq(err.text[0], '\0');
	g_free(buf);
	g_rand_free(rand);
}

Test(parse_form, pathological_lines, .timeout = 60)
{
	GString *s = g_string_new(NULL);
	struct parse_form *form;

	/* One huge value continued over many lines, a huge label-less line, and
	 * many empty labels, separators and brackets. */
	g_string_append(s, "備考：\n");
	for (int i = 0; i < 20000; i++)
		g_string_append(s, "　続きの行です\n");
	g_string_append(s, "\n");
	for (int i = 0; i < 200000; i++)
		g_string_append(s, "【");
	g_string_append(s, "\n");
	for (int i = 0; i < 20000; i++)
		g_string_append(s, ":\n：\n【】\n[]:\n-\n");
	form = parse_ok(s->str);
	cr_assert_not_null(parse_form_get(form, "notes"));
	parse_form_free(form);
	g_string_free(s, TRUE);
}

/* Long values are NFKC-normalised in pieces: the result must be the same as
 * in one go, and must not take quadratic time on text full of compositions. */
Test(parse_form, long_values_normalised, .timeout = 30)
{
	GString *text = g_string_new("Company (English): ");
	GString *want = g_string_new(NULL);
	struct parse_form *form;

	for (int i = 0; i < 300; i++) {
		g_string_append(text, "ﾃﾞｰﾀﾍﾞｰｽﾊﾟﾌﾞﾘｯｸ");
		g_string_append(want, "データベースパブリック");
	}
	g_string_append(text, "\n備考：");
	for (int i = 0; i < 350000; i++)
		g_string_append(text, "で");
	g_string_append(text, "\nsans: ");
	for (int i = 0; i < 100000; i++)
		g_string_append(text, "ｶﾞｶﾞ,");
	form = parse_ok(text->str);
	expect(form, "org_name_en", want->str);
	cr_assert_eq(strlen(parse_form_get(form, "notes")), 350000 * strlen("で"));
	expect(form, "sans", "ガガ");
	parse_form_free(form);
	g_string_free(text, TRUE);
	g_string_free(want, TRUE);
}
