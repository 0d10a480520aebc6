/* Unit tests of parse_classify: forwards, bounces, auto-replies, CA mails and their trust, forms, customer replies. */
#include <string.h>

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <zip.h>

#include "parsers.h"
#include "test-pki.h"

static const char *const ca_domains[] = { "digicert.com", "sectigo.com", "comodo.com", "globalsign.com", NULL };
static const char *const staff[] = { "staff1@example-hosting.jp", "staff2@example-hosting.jp", NULL };
static const char *const own[] = { "ssl@example-hosting.jp", "info@example-hosting.jp", NULL };
static const struct parse_classify_config config = {
	.authserv_id = "mx.example-hosting.jp",
	.ca_domains = ca_domains,
	.staff = staff,
	.own_addresses = own,
};

#define AR_PASS "Authentication-Results: mx.example-hosting.jp;\r\n" \
		"\tdkim=pass (2048-bit key) header.d=digicert.com header.i=@digicert.com header.b=AbC;\r\n" \
		"\tspf=pass smtp.mailfrom=digicert.com; dmarc=pass (p=REJECT) header.from=digicert.com\r\n"

static struct parse_event *
classify(const char *raw)
{
	struct parse_mail_limits limits;
	struct parse_mail *mail = NULL;
	struct parse_event *ev = NULL;
	struct mp_error err = { "" };

	parse_mail_limits_default(&limits);
	cr_assert_eq(parse_mail_mem(raw, strlen(raw), &limits, &mail, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_eq(parse_classify(mail, &config, &ev, &err), MP_STATUS_OK, "%s", err.text);
	cr_assert_not_null(ev);
	cr_assert_not_null(ev->reasons);
	parse_mail_free(mail);
	return ev;
}

static bool
has_reason(const struct parse_event *ev, const char *part)
{
	for (guint i = 0; i < ev->reasons->len; i++)
		if (strstr(g_ptr_array_index(ev->reasons, i), part))
			return true;
	return false;
}

static char *
reasons_line(const struct parse_event *ev)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < ev->reasons->len; i++)
		g_string_append_printf(s, "%s%s", i ? " | " : "", (char *)g_ptr_array_index(ev->reasons, i));
	return g_string_free(s, FALSE);
}

#define expect_kind(ev, k)                                                                               \
	do {                                                                                             \
		char *r_ = reasons_line(ev);                                                             \
		cr_assert_eq((ev)->kind, (k), "kind %s, reasons: %s", parse_kind_name((ev)->kind), r_); \
		g_free(r_);                                                                              \
	} while (0)

#define expect_reason(ev, part)                                                                \
	do {                                                                                   \
		char *r_ = reasons_line(ev);                                                   \
		cr_assert(has_reason((ev), (part)), "no reason \"%s\" in: %s", (part), r_);   \
		g_free(r_);                                                                    \
	} while (0)

static void
expect_str(const char *got, const char *want)
{
	if (!want)
		cr_assert_null(got, "expected NULL, got \"%s\"", got);
	else
		cr_assert_str_eq(got ? got : "(null)", want);
}

/* ---- names ------------------------------------------------------------------ */

Test(parse_classify, kind_names)
{
	cr_assert_str_eq(parse_kind_name(PARSE_KIND_CUSTOMER_REPLY), "customer_reply");
	cr_assert_str_eq(parse_kind_name(PARSE_KIND_APPLICATION_FORM), "application_form");
	cr_assert_str_eq(parse_kind_name(PARSE_KIND_APPROVAL_NOTICE), "approval_notice");
	cr_assert_str_eq(parse_kind_name(PARSE_KIND_ISSUED_CERTIFICATE), "issued_certificate");
	cr_assert_str_eq(parse_kind_name(PARSE_KIND_AUTO_REPLY), "auto_reply");
	cr_assert_str_eq(parse_kind_name(PARSE_KIND_BOUNCE), "bounce");
	cr_assert_str_eq(parse_kind_name(PARSE_KIND_UNKNOWN), "unknown");
	cr_assert_str_eq(parse_kind_name((enum parse_kind)99), "unknown");
	parse_event_free(NULL);
}

/* ---- CA approval requests ---------------------------------------------------- */

#define APPROVAL_BODY                                                                       \
	"Hello Taro Yamada,\r\n"                                                            \
	"\r\n"                                                                              \
	"An SSL certificate order for your organization requires your approval.\r\n"         \
	"\r\n"                                                                              \
	"Order #: 12345678\r\n"                                                             \
	"Common Name: www.sample-shoji.co.jp\r\n"                                           \
	"Organization: Sample Shoji Co., Ltd.\r\n"                                          \
	"Product: Secure Site OV\r\n"                                                       \
	"\r\n"                                                                              \
	"Approve or reject this order:\r\n"                                                 \
	"https://www.digicert.com/secure/approve/9f8e7d6c?token=AbCdEf\r\n"                 \
	"\r\n"                                                                              \
	"Privacy: https://www.digicert.com/privacy\r\n"                                     \
	"Thank you,\r\nDigiCert\r\n"

static const char approval_direct[] =
	"Return-Path: <bounce@digicert.com>\r\n"
	AR_PASS
	"From: DigiCert <admin@digicert.com>\r\n"
	"To: yamada@sample-shoji.co.jp\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Message-ID: <dc-1@digicert.com>\r\n"
	"Date: Fri, 20 Nov 2026 10:00:00 +0900\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, approval_direct_authenticated)
{
	struct parse_event *ev = classify(approval_direct);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert(ev->ca_authenticated);
	cr_assert(ev->trusted);
	expect_str(ev->ca, "digicert");
	expect_str(ev->ca_order, "12345678");
	expect_str(ev->domain, "www.sample-shoji.co.jp");
	expect_str(ev->approval_url, "https://www.digicert.com/secure/approve/9f8e7d6c?token=AbCdEf");
	expect_str(ev->sender, "admin@digicert.com");
	expect_str(ev->message_id, "<dc-1@digicert.com>");
	expect_str(ev->forwarded_by, NULL);
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	cr_assert_not(ev->needs_staff);
	parse_event_free(ev);
}

static const char approval_unauthenticated[] =
	"From: DigiCert <admin@digicert.com>\r\n"
	"To: yamada@sample-shoji.co.jp\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Message-ID: <dc-2@digicert.com>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, approval_without_authentication_not_trusted)
{
	struct parse_event *ev = classify(approval_unauthenticated);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert_not(ev->ca_authenticated);
	cr_assert_not(ev->trusted);
	expect_reason(ev, "spoofed or unauthenticated CA sender");
	/* the link is on the CA's host: kept, for staff to see */
	expect_str(ev->approval_url, "https://www.digicert.com/secure/approve/9f8e7d6c?token=AbCdEf");
	parse_event_free(ev);
}

static const char approval_other_authserv[] =
	"Authentication-Results: mx.evil.example; dkim=pass header.d=digicert.com;\r\n"
	"\tdmarc=pass header.from=digicert.com\r\n"
	"Authentication-Results: mx.example-hosting.jp; dkim=fail header.d=digicert.com;\r\n"
	"\tspf=pass smtp.mailfrom=digicert.com\r\n"
	"From: DigiCert <admin@digicert.com>\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, dkim_pass_from_other_authserv_id_ignored)
{
	struct parse_event *ev = classify(approval_other_authserv);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert_not(ev->ca_authenticated);
	cr_assert_not(ev->trusted);
	expect_reason(ev, "Authentication-Results from mx.evil.example ignored");
	parse_event_free(ev);
}

static const char approval_second_header[] =
	"Authentication-Results: mx.example-hosting.jp; dkim=none\r\n"
	"Authentication-Results: mx.example-hosting.jp; dkim=pass header.d=digicert.com\r\n"
	"From: DigiCert <admin@digicert.com>\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, only_the_first_of_our_headers_counts)
{
	struct parse_event *ev = classify(approval_second_header);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert_not(ev->ca_authenticated);
	parse_event_free(ev);
}

static const char approval_foreign_link[] =
	AR_PASS
	"From: DigiCert <admin@digicert.com>\r\n"
	"Subject: Order #23456789 requires approval\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"Domain: shop.example.jp\r\n"
	"Approve or reject this order:\r\n"
	"https://digicert.com.evil.example/approve?order=23456789\r\n"
	"https://www.digicert.com/help\r\n";

Test(parse_classify, approval_link_on_foreign_host_dropped)
{
	struct parse_event *ev = classify(approval_foreign_link);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	expect_str(ev->approval_url, NULL);
	expect_reason(ev, "approval link on foreign host digicert.com.evil.example");
	expect_str(ev->ca_order, "23456789");
	expect_str(ev->domain, "shop.example.jp");
	parse_event_free(ev);
}

static const char approval_userinfo_link[] =
	AR_PASS
	"From: DigiCert <admin@digicert.com>\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Content-Type: text/html; charset=utf-8\r\n"
	"\r\n"
	"<p>Approve or reject this order: "
	"<a href=\"https://www.digicert.com@evil.example/approve\">https://www.digicert.com@evil.example/approve</a></p>\r\n";

Test(parse_classify, approval_userinfo_trick_dropped)
{
	struct parse_event *ev = classify(approval_userinfo_link);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	expect_str(ev->approval_url, NULL);
	parse_event_free(ev);
}

static const char sectigo_dcv[] =
	"Authentication-Results: mx.example-hosting.jp; dkim=pass header.d=sectigo.com\r\n"
	"From: Sectigo <noreply_support@sectigo.com>\r\n"
	"Subject: ORDER #7654321 - Domain Control Validation for www.kaisha.example.jp\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"Domain Control Validation for: www.kaisha.example.jp\r\n"
	"To permit the issuance of the certificate please browse here:\r\n"
	"https://secure.sectigo.com/products/EnterDCVCode2?orderNumber=7654321\r\n"
	"and enter the following \"validation code\":\r\n"
	"Ab1Cd2Ef3\r\n";

Test(parse_classify, sectigo_dcv_request)
{
	struct parse_event *ev = classify(sectigo_dcv);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert(ev->trusted);
	expect_str(ev->ca, "sectigo");
	expect_str(ev->ca_order, "7654321");
	expect_str(ev->domain, "www.kaisha.example.jp");
	expect_str(ev->approval_url, "https://secure.sectigo.com/products/EnterDCVCode2?orderNumber=7654321");
	parse_event_free(ev);
}

static const char approval_japanese[] =
	"Authentication-Results: mx.example-hosting.jp; dmarc=pass header.from=digicert.com\r\n"
	"From: =?UTF-8?B?44OH44K444K144O844OI?= <noreply@digicert.com>\r\n"
	"Subject: =?UTF-8?B?44CQ6KaB5om/6KqN44CRU1NM6Ki85piO5pu444Gu44GU5rOo5paH?=\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"注文番号：98765432\r\n"
	"コモンネーム：www.nihon.example.co.jp\r\n"
	"以下のリンクから注文を承認してください。\r\n"
	"https://order.digicert.com/approve/xyz\r\n";

Test(parse_classify, japanese_approval)
{
	struct parse_event *ev = classify(approval_japanese);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert(ev->trusted);
	expect_str(ev->ca_order, "98765432");
	expect_str(ev->domain, "www.nihon.example.co.jp");
	expect_str(ev->approval_url, "https://order.digicert.com/approve/xyz");
	parse_event_free(ev);
}

static const char ca_newsletter[] =
	AR_PASS
	"From: DigiCert <marketing@digicert.com>\r\n"
	"Subject: What is new in PKI this month\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"Read our blog: https://www.digicert.com/blog\r\n";

Test(parse_classify, ca_mail_that_is_neither)
{
	struct parse_event *ev = classify(ca_newsletter);

	expect_kind(ev, PARSE_KIND_UNKNOWN);
	cr_assert(ev->needs_staff);
	expect_str(ev->approval_url, NULL);
	parse_event_free(ev);
}

/* ---- spoofing ------------------------------------------------------------------ */

static const char spoofed_digicert[] =
	"Authentication-Results: mx.example-hosting.jp; dkim=pass header.d=digicert-security.example\r\n"
	"From: \"DigiCert\" <admin@digicert-security.example>\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"Order #: 12345678\r\n"
	"Approve or reject this order:\r\n"
	"https://digicert-security.example/approve\r\n";

Test(parse_classify, spoofed_display_name)
{
	struct parse_event *ev = classify(spoofed_digicert);

	expect_kind(ev, PARSE_KIND_UNKNOWN);
	expect_reason(ev, "claims to be DigiCert but is from digicert-security.example");
	cr_assert_not(ev->trusted);
	cr_assert(ev->needs_staff);
	expect_str(ev->approval_url, NULL);
	expect_str(ev->ca, NULL);
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	parse_event_free(ev);
}

static const char lookalike_domain[] =
	"From: DigiCert <admin@digicert.com.evil.jp>\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, lookalike_domain_is_no_ca)
{
	struct parse_event *ev = classify(lookalike_domain);

	expect_kind(ev, PARSE_KIND_UNKNOWN);
	expect_str(ev->approval_url, NULL);
	cr_assert_not(ev->trusted);
	parse_event_free(ev);
}

/* ---- forwards -------------------------------------------------------------------- */

static char *
attached_forward(const char *from, const char *subject)
{
	return g_strdup_printf("From: %s\r\n"
			       "To: ssl@example-hosting.jp\r\n"
			       "Subject: %s\r\n"
			       "Message-ID: <fwd-1@example-hosting.jp>\r\n"
			       "MIME-Version: 1.0\r\n"
			       "Content-Type: multipart/mixed; boundary=\"F\"\r\n"
			       "\r\n"
			       "--F\r\n"
			       "Content-Type: text/plain; charset=utf-8\r\n"
			       "\r\n"
			       "Please see the attached mail.\r\n"
			       "--F\r\n"
			       "Content-Type: message/rfc822\r\n"
			       "Content-Disposition: attachment; filename=\"approval.eml\"\r\n"
			       "\r\n"
			       AR_PASS
			       "From: DigiCert <admin@digicert.com>\r\n"
			       "To: yamada@sample-shoji.co.jp\r\n"
			       "Subject: SSL Certificate order requires approval\r\n"
			       "Message-ID: <dc-9@digicert.com>\r\n"
			       "Content-Type: text/plain; charset=utf-8\r\n"
			       "\r\n" APPROVAL_BODY
			       "--F--\r\n",
			       from, subject);
}

Test(parse_classify, forwarded_approval_by_staff_trusted)
{
	char *raw = attached_forward("Staff One <staff1@example-hosting.jp>", "Fwd: SSL Certificate order requires approval");
	struct parse_event *ev = classify(raw);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	expect_str(ev->forwarded_by, "staff1@example-hosting.jp");
	cr_assert(ev->forwarded_by_staff);
	cr_assert(ev->trusted);
	/* the inner mail's Authentication-Results are not ours to believe */
	cr_assert_not(ev->ca_authenticated);
	expect_str(ev->sender, "admin@digicert.com");
	expect_str(ev->message_id, "<fwd-1@example-hosting.jp>");
	expect_str(ev->ca_order, "12345678");
	expect_str(ev->approval_url, "https://www.digicert.com/secure/approve/9f8e7d6c?token=AbCdEf");
	parse_event_free(ev);
	g_free(raw);
}

Test(parse_classify, forwarded_approval_by_customer_not_trusted)
{
	char *raw = attached_forward("Yamada <yamada@sample-shoji.co.jp>", "Fw: SSL Certificate order requires approval");
	struct parse_event *ev = classify(raw);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	expect_str(ev->forwarded_by, "yamada@sample-shoji.co.jp");
	cr_assert_not(ev->forwarded_by_staff);
	cr_assert_not(ev->trusted);
	cr_assert_not(ev->ca_authenticated);
	expect_reason(ev, "forwarded by a non-staff address");
	parse_event_free(ev);
	g_free(raw);
}

static const char gmail_inline_forward[] =
	"From: Staff Two <staff2@example-hosting.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: Fwd: SSL Certificate order requires approval\r\n"
	"Message-ID: <fwd-2@example-hosting.jp>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"FYI\r\n"
	"\r\n"
	"---------- Forwarded message ---------\r\n"
	"From: DigiCert <admin@digicert.com>\r\n"
	"Date: Fri, Nov 20, 2026 at 10:00 AM\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"To: <yamada@sample-shoji.co.jp>\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, gmail_inline_forward_by_staff)
{
	struct parse_event *ev = classify(gmail_inline_forward);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert(ev->trusted);
	expect_str(ev->forwarded_by, "staff2@example-hosting.jp");
	expect_str(ev->sender, "admin@digicert.com");
	expect_str(ev->subject, "SSL Certificate order requires approval");
	expect_str(ev->domain, "www.sample-shoji.co.jp");
	parse_event_free(ev);
}

static const char outlook_jp_forward[] =
	"From: =?UTF-8?B?5bGx55Sw?= <yamada@sample-shoji.co.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: =?UTF-8?B?6Lui6YCBOiBTU0wgQ2VydGlmaWNhdGUgb3JkZXIgcmVxdWlyZXMgYXBwcm92YWw=?=\r\n"
	"Message-ID: <fwd-3@sample-shoji.co.jp>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"ご担当者様\r\n"
	"\r\n"
	"認証局から以下のメールが届きましたので転送します。\r\n"
	"\r\n"
	"________________________________\r\n"
	"差出人: DigiCert <admin@digicert.com>\r\n"
	"送信日時: 2026年11月20日 10:00\r\n"
	"宛先: 山田 太郎 <yamada@sample-shoji.co.jp>\r\n"
	"件名: SSL Certificate order requires approval\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, outlook_japanese_inline_forward_by_customer)
{
	struct parse_event *ev = classify(outlook_jp_forward);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert_not(ev->trusted);
	expect_str(ev->forwarded_by, "yamada@sample-shoji.co.jp");
	cr_assert_not(ev->forwarded_by_staff);
	expect_str(ev->sender, "admin@digicert.com");
	expect_str(ev->ca, "digicert");
	expect_str(ev->ca_order, "12345678");
	expect_str(ev->approval_url, "https://www.digicert.com/secure/approve/9f8e7d6c?token=AbCdEf");
	expect_reason(ev, "forwarded by a non-staff address");
	parse_event_free(ev);
}

static const char outlook_original_message[] =
	"From: Staff One <staff1@example-hosting.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: FW: SSL Certificate order requires approval\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"-----Original Message-----\r\n"
	"From: DigiCert [mailto:admin@digicert.com]\r\n"
	"Sent: Friday, November 20, 2026 10:00 AM\r\n"
	"To: Yamada Taro\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, outlook_original_message_forward)
{
	struct parse_event *ev = classify(outlook_original_message);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert(ev->trusted);
	expect_str(ev->sender, "admin@digicert.com");
	parse_event_free(ev);
}

static const char thunderbird_jp_forward[] =
	"From: Staff One <staff1@example-hosting.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: =?UTF-8?B?6Lui6YCBOiBSZTog5pu05paw44Gr44Gk44GE44Gm?=\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"お客様から私宛に届きました。\r\n"
	"\r\n"
	"-------- 転送メッセージ --------\r\n"
	"件名: \tRe: 更新について\r\n"
	"日付: \tFri, 20 Nov 2026 10:00:00 +0900\r\n"
	"差出人: \t佐藤 <sato@sample.example.co.jp>\r\n"
	"宛先: \tstaff1@example-hosting.jp\r\n"
	"\r\n"
	"今年も更新をお願いします。\r\n";

Test(parse_classify, thunderbird_forward_of_customer_reply_by_staff)
{
	struct parse_event *ev = classify(thunderbird_jp_forward);

	expect_kind(ev, PARSE_KIND_CUSTOMER_REPLY);
	expect_str(ev->sender, "sato@sample.example.co.jp");
	expect_str(ev->forwarded_by, "staff1@example-hosting.jp");
	cr_assert(ev->forwarded_by_staff);
	expect_str(ev->subject, "Re: 更新について");
	parse_event_free(ev);
}

static const char forward_of_our_notice[] =
	"From: Yamada <yamada@sample-shoji.co.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: Fwd: [ORD-2026-0012] SSL証明書更新のお知らせ\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"更新しません。\r\n"
	"\r\n"
	"---------- Forwarded message ---------\r\n"
	"From: <ssl@example-hosting.jp>\r\n"
	"Subject: [ORD-2026-0012] SSL証明書更新のお知らせ\r\n"
	"\r\n"
	"更新される場合はフォームから、更新されない場合はご返信ください。\r\n";

Test(parse_classify, customer_forwards_our_notice_back)
{
	struct parse_event *ev = classify(forward_of_our_notice);

	expect_kind(ev, PARSE_KIND_CUSTOMER_REPLY);
	expect_str(ev->sender, "yamada@sample-shoji.co.jp");
	expect_str(ev->forwarded_by, NULL);
	expect_str(ev->order_tag, "ORD-2026-0012");
	expect_reason(ev, "forwards our own mail back");
	parse_event_free(ev);
}

/* ---- issued certificates ------------------------------------------------------------ */

/* A leaf for www.sample-shoji.co.jp and its issuer, as PEM. */
static char *
chain_pem(void)
{
	/* Valid 199 days from 2026-01-01. */
	struct tp_spec ca_spec = {
		.cn = "DigiCert Test OV CA", .ca = true,
		.not_before = INT64_C(1767225600), .not_after = INT64_C(1767225600) + 199 * 86400,
	};
	struct tp_spec leaf_spec = ca_spec;
	EVP_PKEY *ca_key = tp_key(), *leaf_key = tp_key();
	X509 *ca, *leaf;
	char *ca_pem, *leaf_pem, *pem;

	leaf_spec.cn = "www.sample-shoji.co.jp";
	leaf_spec.ca = false;
	leaf_spec.sans = "DNS:www.sample-shoji.co.jp,DNS:sample-shoji.co.jp";
	ca = tp_cert(&ca_spec, ca_key, NULL, NULL);
	leaf = tp_cert(&leaf_spec, leaf_key, ca, ca_key);
	ca_pem = tp_pem(ca);
	leaf_pem = tp_pem(leaf);
	/* the issuer first: the order is parse_cert_order's to fix */
	pem = g_strconcat(ca_pem, leaf_pem, NULL);
	g_free(ca_pem);
	g_free(leaf_pem);
	X509_free(leaf);
	X509_free(ca);
	EVP_PKEY_free(leaf_key);
	EVP_PKEY_free(ca_key);
	return pem;
}

static char *
zip_of(const char *name, const char *content)
{
	zip_error_t zerr;
	zip_source_t *src, *file;
	zip_t *za;
	zip_int64_t size;
	char *buf, *b64;

	zip_error_init(&zerr);
	src = zip_source_buffer_create(NULL, 0, 0, &zerr);
	cr_assert_not_null(src);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &zerr);
	cr_assert_not_null(za);
	file = zip_source_buffer(za, content, strlen(content), 0);
	cr_assert_not_null(file);
	cr_assert_geq(zip_file_add(za, name, file, ZIP_FL_ENC_UTF_8), 0);
	cr_assert_eq(zip_close(za), 0);
	cr_assert_eq(zip_source_open(src), 0);
	cr_assert_eq(zip_source_seek(src, 0, SEEK_END), 0);
	size = zip_source_tell(src);
	cr_assert_gt(size, 0);
	cr_assert_eq(zip_source_seek(src, 0, SEEK_SET), 0);
	buf = g_malloc((gsize)size);
	cr_assert_eq(zip_source_read(src, buf, (zip_uint64_t)size), size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&zerr);
	b64 = g_base64_encode((const guchar *)buf, (gsize)size);
	g_free(buf);
	return b64;
}

static void
expect_issued(struct parse_event *ev)
{
	const struct parse_cert_facts *leaf;

	expect_kind(ev, PARSE_KIND_ISSUED_CERTIFICATE);
	cr_assert_not(ev->trusted);
	expect_reason(ev, "certificate not yet verified against an order");
	cr_assert_not_null(ev->certificates);
	cr_assert_eq(ev->certificates->len, 2);
	leaf = g_ptr_array_index(ev->certificates, 0);
	cr_assert_str_eq(leaf->subject_cn, "www.sample-shoji.co.jp");
	cr_assert_not(leaf->is_ca);
	expect_str(ev->domain, "www.sample-shoji.co.jp");
}

Test(parse_classify, issued_certificate_zip_from_ca)
{
	char *pem = chain_pem();
	char *zip = zip_of("www_sample-shoji_co_jp.crt", pem);
	char *raw = g_strdup_printf(AR_PASS
				    "From: DigiCert <admin@digicert.com>\r\n"
				    "Subject: Your certificate for www.sample-shoji.co.jp is ready\r\n"
				    "Message-ID: <dc-issued@digicert.com>\r\n"
				    "MIME-Version: 1.0\r\n"
				    "Content-Type: multipart/mixed; boundary=\"Z\"\r\n"
				    "\r\n"
				    "--Z\r\n"
				    "Content-Type: text/plain; charset=utf-8\r\n"
				    "\r\n"
				    "Order #12345678: your certificate is attached.\r\n"
				    "--Z\r\n"
				    "Content-Type: application/zip; name=\"www_sample-shoji_co_jp.zip\"\r\n"
				    "Content-Disposition: attachment; filename=\"www_sample-shoji_co_jp.zip\"\r\n"
				    "Content-Transfer-Encoding: base64\r\n"
				    "\r\n"
				    "%s\r\n"
				    "--Z--\r\n",
				    zip);
	struct parse_event *ev = classify(raw);

	expect_issued(ev);
	cr_assert(ev->ca_authenticated);
	expect_str(ev->ca, "digicert");
	expect_str(ev->ca_order, "12345678");
	parse_event_free(ev);
	g_free(raw);
	g_free(zip);
	g_free(pem);
}

Test(parse_classify, issued_certificate_pem_pasted_by_customer)
{
	char *pem = chain_pem();
	char *raw = g_strdup_printf("From: Yamada <yamada@sample-shoji.co.jp>\r\n"
				    "Subject: =?UTF-8?B?6Ki85piO5pu4?=\r\n"
				    "Content-Type: text/plain; charset=utf-8\r\n"
				    "\r\n"
				    "届いた証明書を貼ります。\r\n\r\n%s\r\nよろしくお願いします。\r\n",
				    pem);
	struct parse_event *ev = classify(raw);

	expect_issued(ev);
	cr_assert_not(ev->ca_authenticated);
	expect_str(ev->ca, "digicert");
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	parse_event_free(ev);
	g_free(raw);
	g_free(pem);
}

/* ---- auto-replies ----------------------------------------------------------------- */

static const char exchange_auto_reply[] =
	"From: Yamada <yamada@sample-shoji.co.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: =?UTF-8?B?6Ieq5YuV5b+c562UOiBbT1JELTIwMjYtMDAxMl0gU1NM6Ki85piO5pu45pu05paw44Gu44GK55+l44KJ44Gb?=\r\n"
	"In-Reply-To: <notice-0012@example-hosting.jp>\r\n"
	"Auto-Submitted: auto-replied\r\n"
	"X-Auto-Response-Suppress: All\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"11月30日まで不在にしております。更新の件は戻り次第対応します。\r\n";

Test(parse_classify, exchange_auto_reply)
{
	struct parse_event *ev = classify(exchange_auto_reply);

	expect_kind(ev, PARSE_KIND_AUTO_REPLY);
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	expect_str(ev->order_tag, "ORD-2026-0012");
	cr_assert_not(ev->needs_staff);
	parse_event_free(ev);
}

static const char subject_only_auto_reply[] =
	"From: Sato <sato@sample.example.co.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: Automatic reply: [ORD-2026-0031] SSL certificate renewal\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"I am out of the office until Monday.\r\n";

Test(parse_classify, automatic_reply_subject)
{
	struct parse_event *ev = classify(subject_only_auto_reply);

	expect_kind(ev, PARSE_KIND_AUTO_REPLY);
	parse_event_free(ev);
}

static const char precedence_vacation[] =
	"From: Tanaka <tanaka@sample.example.co.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: =?UTF-8?B?5LyR5pqH44Gu44GK55+l44KJ44Gb?=\r\n"
	"Precedence: bulk\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"ただいま休暇をいただいております。\r\n";

Test(parse_classify, precedence_bulk_vacation)
{
	struct parse_event *ev = classify(precedence_vacation);

	expect_kind(ev, PARSE_KIND_AUTO_REPLY);
	parse_event_free(ev);
}

static const char x_autoreply[] =
	"From: Kimura <kimura@sample.example.co.jp>\r\n"
	"Subject: Re: [ORD-2026-0033] SSL certificate renewal\r\n"
	"X-Autoreply: yes\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"Thank you for your mail.\r\n";

Test(parse_classify, x_autoreply_header)
{
	struct parse_event *ev = classify(x_autoreply);

	expect_kind(ev, PARSE_KIND_AUTO_REPLY);
	parse_event_free(ev);
}

/* ---- customer replies ------------------------------------------------------------ */

static const char real_reply[] =
	"From: Yamada <yamada@sample-shoji.co.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: Re: [ORD-2026-0012] SSL certificate renewal notice\r\n"
	"Message-ID: <reply-1@sample-shoji.co.jp>\r\n"
	"In-Reply-To: <notice-0012@example-hosting.jp>\r\n"
	"References: <first@example-hosting.jp> <notice-0012@example-hosting.jp>\r\n"
	"\t<reminder-0012@example-hosting.jp>\r\n"
	"Auto-Submitted: no\r\n"
	"X-Auto-Response-Suppress: All\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"We would like to renew the certificate for www.sample-shoji.co.jp.\r\n"
	"\r\n"
	"On Fri, Nov 20, 2026 at 10:00 AM <ssl@example-hosting.jp> wrote:\r\n"
	"> Please tell us whether you renew or do not renew.\r\n";

Test(parse_classify, real_reply_with_auto_submitted_no)
{
	struct parse_event *ev = classify(real_reply);

	expect_kind(ev, PARSE_KIND_CUSTOMER_REPLY);
	expect_str(ev->sender, "yamada@sample-shoji.co.jp");
	expect_str(ev->order_tag, "ORD-2026-0012");
	expect_str(ev->domain, "www.sample-shoji.co.jp");
	cr_assert_neq(ev->intent, PARSE_INTENT_NONE);
	cr_assert_eq(ev->reference_ids->len, 3);
	cr_assert_str_eq(g_ptr_array_index(ev->reference_ids, 0), "<notice-0012@example-hosting.jp>");
	cr_assert_str_eq(g_ptr_array_index(ev->reference_ids, 1), "<reminder-0012@example-hosting.jp>");
	cr_assert_str_eq(g_ptr_array_index(ev->reference_ids, 2), "<first@example-hosting.jp>");
	cr_assert_not(ev->trusted);
	parse_event_free(ev);
}

static const char reply_quoting_notice[] =
	"From: =?UTF-8?B?5bGx55Sw?= <yamada@sample-shoji.co.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: =?UTF-8?B?UmU6IO+8u09SRC0yMDI2LTAwMTLvvL0gU1NM6Ki85piO5pu45pu05paw44Gu44GK55+l44KJ44Gb?=\r\n"
	"In-Reply-To: <notice-0012@example-hosting.jp>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"お世話になっております。\r\n"
	"今回は更新しません。\r\n"
	"\r\n"
	"2026年11月1日(日) 10:00 SSL <ssl@example-hosting.jp>:\r\n"
	"> 更新される場合は申込フォームからお申し込みください。\r\n"
	"> 更新をご希望されない場合は、このメールにご返信ください。\r\n"
	"> 更新します・更新しません\r\n";

Test(parse_classify, reply_quoting_our_notice_uses_own_text)
{
	struct parse_event *ev = classify(reply_quoting_notice);

	expect_kind(ev, PARSE_KIND_CUSTOMER_REPLY);
	/* full-width brackets in the subject, after NFKC */
	expect_str(ev->order_tag, "ORD-2026-0012");
	cr_assert_eq(ev->intent, PARSE_INTENT_DECLINE, "intent %s", parse_intent_name(ev->intent));
	parse_event_free(ev);
}

static const char unclear_reply[] =
	"From: Yamada <yamada@sample-shoji.co.jp>\r\n"
	"Subject: Re: [ORD-2026-0012] notice\r\n"
	"In-Reply-To: <notice-0012@example-hosting.jp>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"社内で検討します。\r\n";

Test(parse_classify, unclear_reply_needs_staff)
{
	struct parse_event *ev = classify(unclear_reply);

	expect_kind(ev, PARSE_KIND_CUSTOMER_REPLY);
	cr_assert_eq(ev->intent, PARSE_INTENT_UNCLEAR, "intent %s", parse_intent_name(ev->intent));
	cr_assert(ev->needs_staff);
	parse_event_free(ev);
}

/* ---- application form ---------------------------------------------------------------- */

static const char application_form[] =
	"From: form@example-hosting.jp\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: =?UTF-8?B?U1NM6Ki85piO5pu45pu05paw55Sz6KuL?=\r\n"
	"Auto-Submitted: auto-generated\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"SSL証明書更新 申請フォームから以下の内容が送信されました。\r\n"
	"\r\n"
	"お客様番号：C0001\r\n"
	"会社名：株式会社さくら商事\r\n"
	"英語表記会社名：Sakura Shoji Co., Ltd.\r\n"
	"所在地：東京都千代田区丸の内1-2-3 さくらビル5F\r\n"
	"代表電話番号：03-1234-5678\r\n"
	"申請責任者：山田 太郎\r\n"
	"メールアドレス：yamada@sakura-shoji.example.jp\r\n"
	"コモンネーム：www.sakura-shoji.example.jp\r\n"
	"認証局：デジサート\r\n"
	"認証タイプ：企業認証\r\n"
	"注文番号：ORD-2026-0007\r\n"
	"rootパスワード：s3cret\r\n";

Test(parse_classify, application_form)
{
	struct parse_event *ev = classify(application_form);

	expect_kind(ev, PARSE_KIND_APPLICATION_FORM);
	cr_assert_not_null(ev->form);
	expect_str(ev->domain, "www.sakura-shoji.example.jp");
	expect_str(ev->order_tag, "ORD-2026-0007");
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	cr_assert_not(ev->trusted);
	for (guint i = 0; i < ev->reasons->len; i++)
		cr_assert_null(strstr(g_ptr_array_index(ev->reasons, i), "s3cret"));
	parse_event_free(ev);
}

/* ---- unknown ------------------------------------------------------------------------- */

static const char newsletter[] =
	"From: SSL Deals <news@cheap-ssl.example.com>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: =?UTF-8?B?U1NM6Ki85piO5pu444Gu5pu05paw44Kt44Oj44Oz44Oa44O844Oz?=\r\n"
	"List-Unsubscribe: <https://cheap-ssl.example.com/unsub?u=1>\r\n"
	"Precedence: bulk\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"今なら証明書の更新が半額！今すぐ更新しましょう。\r\n"
	"配信停止はこちら\r\n";

Test(parse_classify, newsletter_unknown)
{
	struct parse_event *ev = classify(newsletter);

	expect_kind(ev, PARSE_KIND_UNKNOWN);
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	cr_assert(ev->needs_staff);
	parse_event_free(ev);
}

static const char plain_spam[] =
	"From: Winner <winner@lottery.example.com>\r\n"
	"Subject: You have won\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"Claim your prize now.\r\n";

Test(parse_classify, spam_without_signals_unknown)
{
	struct parse_event *ev = classify(plain_spam);

	expect_kind(ev, PARSE_KIND_UNKNOWN);
	expect_reason(ev, "no sign of a reply or of the renewal");
	parse_event_free(ev);
}

static const char our_own[] =
	"From: SSL <ssl@example-hosting.jp>\r\n"
	"Subject: Re: [ORD-2026-0012] SSL certificate renewal\r\n"
	"In-Reply-To: <x@example-hosting.jp>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"We renew.\r\n";

Test(parse_classify, our_own_mail_unknown)
{
	struct parse_event *ev = classify(our_own);

	expect_kind(ev, PARSE_KIND_UNKNOWN);
	expect_reason(ev, "our own mail");
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	parse_event_free(ev);
}

/* ---- bounces come before everything ------------------------------------------------------ */

static const char bounce_of_notice[] =
	"Return-Path: <>\r\n"
	"From: MAILER-DAEMON@mx.example-hosting.jp (Mail Delivery System)\r\n"
	"Subject: Undelivered Mail Returned to Sender\r\n"
	"Content-Type: text/plain\r\n"
	"\r\n"
	"<yamada@sample-shoji.co.jp>: host mx said: 550 5.1.1 User unknown\r\n";

Test(parse_classify, bounce)
{
	struct parse_event *ev = classify(bounce_of_notice);

	expect_kind(ev, PARSE_KIND_BOUNCE);
	expect_str(ev->bounce_recipient, "yamada@sample-shoji.co.jp");
	cr_assert(ev->bounce_hard);
	parse_event_free(ev);
}

/* ---- more of the order of rules ------------------------------------------------------ */

static const char ca_auto_generated[] =
	AR_PASS
	"From: DigiCert <admin@digicert.com>\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Auto-Submitted: auto-generated\r\n"
	"Precedence: bulk\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, ca_mail_marked_auto_generated_is_still_a_ca_mail)
{
	struct parse_event *ev = classify(ca_auto_generated);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert(ev->trusted);
	parse_event_free(ev);
}

static const char ticket_ack[] =
	"From: Helpdesk <support@customer-corp.example.com>\r\n"
	"Subject: [Ticket#4411] SSL certificate renewal notice\r\n"
	"Auto-Submitted: auto-generated\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"Your request has been received.\r\n";

Test(parse_classify, auto_generated_acknowledgement)
{
	struct parse_event *ev = classify(ticket_ack);

	expect_kind(ev, PARSE_KIND_AUTO_REPLY);
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	parse_event_free(ev);
}

static const char read_receipt[] =
	"From: Yamada <yamada@sample-shoji.co.jp>\r\n"
	"Subject: =?UTF-8?B?6ZaL5bCBOiBbT1JELTIwMjYtMDAxMl0=?=\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: multipart/report; report-type=disposition-notification; boundary=\"M\"\r\n"
	"\r\n"
	"--M\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"The message was displayed. We renew.\r\n"
	"--M\r\n"
	"Content-Type: message/disposition-notification\r\n"
	"\r\n"
	"Final-Recipient: rfc822;yamada@sample-shoji.co.jp\r\n"
	"Disposition: manual-action/MDN-sent-manually; displayed\r\n"
	"--M--\r\n";

Test(parse_classify, read_receipt_is_no_reply)
{
	struct parse_event *ev = classify(read_receipt);

	expect_kind(ev, PARSE_KIND_AUTO_REPLY);
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	parse_event_free(ev);
}

static const char globalsign_ja[] =
	"Authentication-Results: mx.example-hosting.jp; dkim=pass header.d=globalsign.com\r\n"
	"From: GlobalSign <noreply@globalsign.com>\r\n"
	"Subject: =?UTF-8?B?U1NM44K144O844OQ6Ki85piO5pu4IOaJv+iqjeOBruOBiumhmOOBhA==?=\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"オーダー番号：CE202702080123\r\n"
	"コモンネーム：*.hikari-net.example.jp\r\n"
	"下記URLより承認手続きを行ってください。\r\n"
	"https://system.globalsign.com/direct/approval.do?key=Q2Vf&lang=ja\r\n"
	"https://www.globalsign.com/ja/privacy\r\n";

Test(parse_classify, globalsign_order_and_wildcard)
{
	struct parse_event *ev = classify(globalsign_ja);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert(ev->trusted);
	expect_str(ev->ca, "globalsign");
	expect_str(ev->ca_order, "CE202702080123");
	expect_str(ev->domain, "*.hikari-net.example.jp");
	expect_str(ev->approval_url, "https://system.globalsign.com/direct/approval.do?key=Q2Vf&lang=ja");
	parse_event_free(ev);
}

static const char staff_plain[] =
	"From: Staff One <staff1@example-hosting.jp>\r\n"
	"Subject: Re: SSL renewal schedule\r\n"
	"In-Reply-To: <x@example-hosting.jp>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"We renew the certificates next week.\r\n";

Test(parse_classify, staff_mail_is_no_customer_reply)
{
	struct parse_event *ev = classify(staff_plain);

	expect_kind(ev, PARSE_KIND_UNKNOWN);
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	parse_event_free(ev);
}

static const char reply_with_quoted_form[] =
	"From: Yamada <yamada@sample-shoji.co.jp>\r\n"
	"Subject: RE: [ORD-2026-0012] SSL certificate renewal notice\r\n"
	"In-Reply-To: <notice-0012@example-hosting.jp>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"今回は更新しません。\r\n"
	"\r\n"
	"From: SSL <ssl@example-hosting.jp>\r\n"
	"Sent: Sunday, November 1, 2026 10:00 AM\r\n"
	"To: yamada@sample-shoji.co.jp\r\n"
	"Subject: [ORD-2026-0012] SSL certificate renewal notice\r\n"
	"\r\n"
	"お客様番号：C0001\r\n"
	"会社名：株式会社サンプル商事\r\n"
	"英語表記会社名：Sample Shoji Co., Ltd.\r\n"
	"コモンネーム：www.sample-shoji.co.jp\r\n"
	"認証局：デジサート\r\n"
	"認証タイプ：企業認証\r\n";

Test(parse_classify, reply_quoting_fields_is_no_form)
{
	struct parse_event *ev = classify(reply_with_quoted_form);

	expect_kind(ev, PARSE_KIND_CUSTOMER_REPLY);
	cr_assert_null(ev->form);
	expect_str(ev->domain, NULL);
	parse_event_free(ev);
}

static const char eml_as_file[] =
	"From: Staff One <staff1@example-hosting.jp>\r\n"
	"Subject: Fwd: approval\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: multipart/mixed; boundary=\"Q\"\r\n"
	"\r\n"
	"--Q\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"see attached\r\n"
	"--Q\r\n"
	"Content-Type: application/octet-stream; name=\"approval.eml\"\r\n"
	"Content-Disposition: attachment; filename=\"approval.eml\"\r\n"
	"\r\n"
	"From: DigiCert <admin@digicert.com>\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n" APPROVAL_BODY
	"--Q--\r\n";

Test(parse_classify, forwarded_eml_file_by_staff)
{
	struct parse_event *ev = classify(eml_as_file);

	expect_kind(ev, PARSE_KIND_APPROVAL_NOTICE);
	cr_assert(ev->trusted);
	expect_str(ev->forwarded_by, "staff1@example-hosting.jp");
	expect_str(ev->sender, "admin@digicert.com");
	parse_event_free(ev);
}

static const char unconfigured_brand[] =
	"Authentication-Results: mx.example-hosting.jp; dkim=pass header.d=geotrust.com\r\n"
	"From: GeoTrust <noreply@geotrust.com>\r\n"
	"Subject: SSL Certificate order requires approval\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n" APPROVAL_BODY;

Test(parse_classify, ca_brand_domain_not_configured)
{
	struct parse_event *ev = classify(unconfigured_brand);

	expect_kind(ev, PARSE_KIND_UNKNOWN);
	expect_reason(ev, "geotrust.com, a CA's domain that is not in ca_domains");
	cr_assert_not(ev->trusted);
	expect_str(ev->approval_url, NULL);
	parse_event_free(ev);
}

static const char reply_with_holiday_note[] =
	"From: Yamada <yamada@sample-shoji.co.jp>\r\n"
	"Subject: Re: [ORD-2026-0012] SSL certificate renewal notice\r\n"
	"In-Reply-To: <notice-0012@example-hosting.jp>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"今回は更新しません。\r\n"
	"なお、年末年始は休暇をいただいております。\r\n";

Test(parse_classify, holiday_note_in_a_real_answer)
{
	struct parse_event *ev = classify(reply_with_holiday_note);

	expect_kind(ev, PARSE_KIND_CUSTOMER_REPLY);
	cr_assert_eq(ev->intent, PARSE_INTENT_DECLINE, "intent %s", parse_intent_name(ev->intent));
	parse_event_free(ev);
}
