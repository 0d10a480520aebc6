/* Unit tests of bounce classification: RFC 3464 reports and the text bounces of common mailers. */
#include <string.h>

#include <criterion/criterion.h>

#include "parsers.h"

static const char *const ca_domains[] = { "digicert.com", "sectigo.com", "comodo.com", "globalsign.com", NULL };
static const char *const staff[] = { "staff1@example-hosting.jp", NULL };
static const char *const own[] = { "ssl@example-hosting.jp", "info@example-hosting.jp", NULL };
static const struct parse_classify_config config = {
	.authserv_id = "mx.example-hosting.jp",
	.ca_domains = ca_domains,
	.staff = staff,
	.own_addresses = own,
};

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
	parse_mail_free(mail);
	return ev;
}

static void
expect_bounce(struct parse_event *ev, const char *recipient, const char *status, bool hard,
	      const char *original)
{
	cr_assert_eq(ev->kind, PARSE_KIND_BOUNCE, "kind %s", parse_kind_name(ev->kind));
	cr_assert_eq(ev->intent, PARSE_INTENT_NONE);
	if (recipient)
		cr_assert_str_eq(ev->bounce_recipient ? ev->bounce_recipient : "(null)", recipient);
	else
		cr_assert_null(ev->bounce_recipient);
	if (status)
		cr_assert_str_eq(ev->bounce_status ? ev->bounce_status : "(null)", status);
	else
		cr_assert_null(ev->bounce_status);
	cr_assert_eq(ev->bounce_hard, hard, "hard %d", ev->bounce_hard);
	if (original)
		cr_assert_str_eq(ev->bounce_original_id ? ev->bounce_original_id : "(null)", original);
	else
		cr_assert_null(ev->bounce_original_id);
}

static const char postfix_dsn[] =
	"Return-Path: <>\r\n"
	"Date: Fri, 20 Nov 2026 10:00:05 +0900 (JST)\r\n"
	"From: MAILER-DAEMON@mx.example-hosting.jp (Mail Delivery System)\r\n"
	"Subject: Undelivered Mail Returned to Sender\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Auto-Submitted: auto-replied\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: multipart/report; report-type=delivery-status;\r\n"
	"\tboundary=\"B1\"\r\n"
	"Message-Id: <20261120010005.ABC@mx.example-hosting.jp>\r\n"
	"\r\n"
	"This is a MIME-encapsulated message.\r\n"
	"\r\n"
	"--B1\r\n"
	"Content-Description: Notification\r\n"
	"Content-Type: text/plain; charset=us-ascii\r\n"
	"\r\n"
	"This is the mail system at host mx.example-hosting.jp.\r\n"
	"\r\n"
	"I'm sorry to have to inform you that your message could not\r\n"
	"be delivered to one or more recipients.\r\n"
	"\r\n"
	"<yamada@customer.example.jp>: host mx.customer.example.jp[192.0.2.1] said: 550\r\n"
	"    5.1.1 <yamada@customer.example.jp>: Recipient address rejected: User unknown\r\n"
	"    in local recipient table (in reply to RCPT TO command)\r\n"
	"\r\n"
	"--B1\r\n"
	"Content-Description: Delivery report\r\n"
	"Content-Type: message/delivery-status\r\n"
	"\r\n"
	"Reporting-MTA: dns; mx.example-hosting.jp\r\n"
	"X-Postfix-Queue-ID: ABC\r\n"
	"X-Postfix-Sender: rfc822; ssl@example-hosting.jp\r\n"
	"Arrival-Date: Fri, 20 Nov 2026 10:00:01 +0900 (JST)\r\n"
	"\r\n"
	"Final-Recipient: rfc822; Yamada@Customer.example.jp\r\n"
	"Original-Recipient: rfc822;yamada@customer.example.jp\r\n"
	"Action: failed\r\n"
	"Status: 5.1.1\r\n"
	"Remote-MTA: dns; mx.customer.example.jp\r\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <yamada@customer.example.jp>: Recipient address\r\n"
	"    rejected: User unknown in local recipient table\r\n"
	"\r\n"
	"--B1\r\n"
	"Content-Description: Undelivered Message Headers\r\n"
	"Content-Type: text/rfc822-headers\r\n"
	"\r\n"
	"Return-Path: <ssl@example-hosting.jp>\r\n"
	"From: ssl@example-hosting.jp\r\n"
	"To: yamada@customer.example.jp\r\n"
	"Subject: [ORD-2026-0012] =?UTF-8?B?U1NM6Ki85piO5pu4?=\r\n"
	"Message-ID:\r\n"
	" <notice-0012@example-hosting.jp>\r\n"
	"\r\n"
	"--B1--\r\n";

Test(parse_bounce, postfix_dsn_hard)
{
	struct parse_event *ev = classify(postfix_dsn);

	expect_bounce(ev, "yamada@customer.example.jp", "5.1.1", true, "<notice-0012@example-hosting.jp>");
	cr_assert_str_eq(ev->message_id, "<20261120010005.ABC@mx.example-hosting.jp>");
	cr_assert_not(ev->trusted);
	parse_event_free(ev);
}

static const char postfix_delayed[] =
	"Return-Path: <>\r\n"
	"From: MAILER-DAEMON@mx.example-hosting.jp (Mail Delivery System)\r\n"
	"Subject: Delayed Mail (still being retried)\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B2\"\r\n"
	"Message-Id: <delay-1@mx.example-hosting.jp>\r\n"
	"\r\n"
	"--B2\r\n"
	"Content-Type: text/plain; charset=us-ascii\r\n"
	"\r\n"
	"This is the mail system at host mx.example-hosting.jp.\r\n"
	"\r\n"
	"####################################################################\r\n"
	"# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\r\n"
	"####################################################################\r\n"
	"\r\n"
	"Your message could not be delivered for more than 4 hour(s).\r\n"
	"It will be retried until it is 5 day(s) old.\r\n"
	"\r\n"
	"<sato@customer.example.jp>: host mx.customer.example.jp[192.0.2.2] said: 452\r\n"
	"    4.2.2 Mailbox full (in reply to RCPT TO command)\r\n"
	"\r\n"
	"--B2\r\n"
	"Content-Type: message/delivery-status\r\n"
	"\r\n"
	"Reporting-MTA: dns; mx.example-hosting.jp\r\n"
	"\r\n"
	"Final-Recipient: rfc822; sato@customer.example.jp\r\n"
	"Action: delayed\r\n"
	"Status: 4.2.2\r\n"
	"Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\r\n"
	"\r\n"
	"--B2\r\n"
	"Content-Type: message/rfc822\r\n"
	"\r\n"
	"From: ssl@example-hosting.jp\r\n"
	"To: sato@customer.example.jp\r\n"
	"Subject: reminder\r\n"
	"Message-ID: <reminder-7@example-hosting.jp>\r\n"
	"\r\n"
	"body\r\n"
	"\r\n"
	"--B2--\r\n";

Test(parse_bounce, postfix_delayed_mailbox_full_soft)
{
	struct parse_event *ev = classify(postfix_delayed);

	expect_bounce(ev, "sato@customer.example.jp", "4.2.2", false, "<reminder-7@example-hosting.jp>");
	/* A bounce carries the original as message/rfc822: no forward. */
	cr_assert_null(ev->forwarded_by);
	parse_event_free(ev);
}

static const char exchange_ndr[] =
	"From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@customer.example.jp>\r\n"
	"To: <ssl@example-hosting.jp>\r\n"
	"Date: Fri, 20 Nov 2026 01:00:09 +0000\r\n"
	"Subject: Undeliverable: [ORD-2026-0012] =?UTF-8?B?U1NM6Ki85piO5pu45pu05paw44Gu44GK55+l44KJ44Gb?=\r\n"
	"Message-ID: <ndr-1@customer.example.jp>\r\n"
	"Auto-Submitted: auto-replied\r\n"
	"X-MS-Exchange-Message-Is-Ndr:\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: multipart/report; report-type=delivery-status;\r\n"
	"\tboundary=\"NDR\"\r\n"
	"\r\n"
	"--NDR\r\n"
	"Content-Type: text/plain; charset=\"us-ascii\"\r\n"
	"\r\n"
	"Delivery has failed to these recipients or groups:\r\n"
	"\r\n"
	"sato@customer.example.jp\r\n"
	"The email address you entered couldn't be found. Please check the recipient's email\r\n"
	"address and try to resend the message.\r\n"
	"\r\n"
	"Diagnostic information for administrators:\r\n"
	"\r\n"
	"Generating server: EX01.customer.example.jp\r\n"
	"\r\n"
	"sato@customer.example.jp\r\n"
	"Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'\r\n"
	"\r\n"
	"--NDR\r\n"
	"Content-Type: message/delivery-status\r\n"
	"\r\n"
	"Reporting-MTA: dns;EX01.customer.example.jp\r\n"
	"Received-From-MTA: dns;mx.example-hosting.jp\r\n"
	"\r\n"
	"Final-Recipient: rfc822;sato@customer.example.jp\r\n"
	"Action: failed\r\n"
	"Status: 5.1.10\r\n"
	"Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found\r\n"
	"\r\n"
	"--NDR\r\n"
	"Content-Type: message/rfc822\r\n"
	"\r\n"
	"From: <ssl@example-hosting.jp>\r\n"
	"To: <sato@customer.example.jp>\r\n"
	"Subject: [ORD-2026-0012] notice\r\n"
	"Message-ID: <notice-0012-b@example-hosting.jp>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"notice\r\n"
	"\r\n"
	"--NDR--\r\n";

Test(parse_bounce, exchange_ndr)
{
	struct parse_event *ev = classify(exchange_ndr);

	expect_bounce(ev, "sato@customer.example.jp", "5.1.10", true, "<notice-0012-b@example-hosting.jp>");
	cr_assert_str_eq(ev->order_tag, "ORD-2026-0012");
	parse_event_free(ev);
}

/* Gmail as text: no delivery-status part, the original's headers quoted. */
static const char gmail_bounce[] =
	"Return-Path: <>\r\n"
	"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: Delivery Status Notification (Failure)\r\n"
	"Message-ID: <gmail-bounce-1@mx.google.com>\r\n"
	"Date: Fri, 20 Nov 2026 01:00:09 +0000\r\n"
	"Content-Type: text/plain; charset=UTF-8\r\n"
	"\r\n"
	"\r\n"
	"** Address not found **\r\n"
	"\r\n"
	"Your message wasn't delivered to tanaka@customer-mail.example.com because the address couldn't be\r\n"
	"found, or is unable to receive mail.\r\n"
	"\r\n"
	"Learn more here: https://support.google.com/mail/?p=NoSuchUser\r\n"
	"\r\n"
	"The response was:\r\n"
	"\r\n"
	"550 5.1.1 The email account that you tried to reach does not exist.\r\n"
	"\r\n"
	"----- Original message -----\r\n"
	"\r\n"
	"DKIM-Signature: v=1; a=rsa-sha256; d=example-hosting.jp; s=s1;\r\n"
	"From: ssl@example-hosting.jp\r\n"
	"To: tanaka@customer-mail.example.com\r\n"
	"Message-ID: <approval-req-3@example-hosting.jp>\r\n"
	"Subject: approval\r\n";

Test(parse_bounce, gmail_text_bounce)
{
	struct parse_event *ev = classify(gmail_bounce);

	expect_bounce(ev, "tanaka@customer-mail.example.com", "5.1.1", true,
		      "<approval-req-3@example-hosting.jp>");
	parse_event_free(ev);
}

static const char qmail_bounce[] =
	"Return-Path: <>\n"
	"Date: 20 Nov 2026 01:00:09 -0000\n"
	"From: MAILER-DAEMON@mail.customer.example.jp\n"
	"To: ssl@example-hosting.jp\n"
	"Subject: failure notice\n"
	"Message-ID: <qmail-1@mail.customer.example.jp>\n"
	"\n"
	"Hi. This is the qmail-send program at mail.customer.example.jp.\n"
	"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
	"This is a permanent error; I've given up. Sorry it didn't work out.\n"
	"\n"
	"<suzuki@customer.example.jp>:\n"
	"Sorry, no mailbox here by that name. (#5.1.1)\n"
	"\n"
	"--- Below this line is a copy of the message.\n"
	"\n"
	"Return-Path: <ssl@example-hosting.jp>\n"
	"Received: (qmail 1234 invoked from network); 20 Nov 2026 01:00:08 -0000\n"
	"Message-ID: <notice-0031@example-hosting.jp>\n"
	"From: ssl@example-hosting.jp\n"
	"To: suzuki@customer.example.jp\n"
	"Subject: notice\n"
	"\n"
	"Version 1.2.3 of the notice, call 03-1234-5678.\n";

Test(parse_bounce, qmail_text_bounce)
{
	struct parse_event *ev = classify(qmail_bounce);

	expect_bounce(ev, "suzuki@customer.example.jp", "5.1.1", true, "<notice-0031@example-hosting.jp>");
	parse_event_free(ev);
}

static const char qmail_no_code[] =
	"From: MAILER-DAEMON@mail.customer.example.jp\n"
	"To: ssl@example-hosting.jp\n"
	"Subject: failure notice\n"
	"\n"
	"Hi. This is the qmail-send program at mail.customer.example.jp.\n"
	"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
	"This is a permanent error; I've given up. Sorry it didn't work out.\n"
	"\n"
	"<kimura@customer.example.jp>:\n"
	"192.0.2.9 does not like recipient.\n"
	"Remote host said: 550 sorry, no such user\n"
	"Giving up on 192.0.2.9.\n"
	"\n"
	"--- Below this line is a copy of the message.\n"
	"\n"
	"Message-ID: <notice-0032@example-hosting.jp>\n";

Test(parse_bounce, qmail_reply_code_only)
{
	struct parse_event *ev = classify(qmail_no_code);

	expect_bounce(ev, "kimura@customer.example.jp", "5.0.0", true, "<notice-0032@example-hosting.jp>");
	parse_event_free(ev);
}

static const char japanese_bounce[] =
	"Return-Path: <>\r\n"
	"From: =?UTF-8?B?44Oh44O844Or6YWN5L+h44K344K544OG44Og?= <postmaster@mail.isp.example.ne.jp>\r\n"
	"To: ssl@example-hosting.jp\r\n"
	"Subject: =?UTF-8?B?6YWN5L+h5LiN6IO944Gu44GK55+l44KJ44Gb?=\r\n"
	"Message-ID: <jp-bounce-1@mail.isp.example.ne.jp>\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: text/plain; charset=UTF-8\r\n"
	"Content-Transfer-Encoding: 8bit\r\n"
	"\r\n"
	"以下の宛先へのメールは配信できませんでした。\r\n"
	"\r\n"
	"宛先: kato@customer.example.jp\r\n"
	"理由: 宛先のメールアドレスが存在しません。\r\n"
	"\r\n"
	"----- 元のメッセージ -----\r\n"
	"From: ssl@example-hosting.jp\r\n"
	"Message-ID: <notice-0040@example-hosting.jp>\r\n"
	"件名: [ORD-2026-0040] SSL証明書更新のお知らせ\r\n";

Test(parse_bounce, japanese_bounce)
{
	struct parse_event *ev = classify(japanese_bounce);

	expect_bounce(ev, "kato@customer.example.jp", "5.1.1", true, "<notice-0040@example-hosting.jp>");
	parse_event_free(ev);
}

static const char exim_full[] =
	"From: Mail Delivery System <Mailer-Daemon@mail.customer.example.jp>\n"
	"To: ssl@example-hosting.jp\n"
	"Subject: Mail delivery failed: returning message to sender\n"
	"X-Failed-Recipients: ito@customer.example.jp\n"
	"Auto-Submitted: auto-replied\n"
	"Message-Id: <exim-1@mail.customer.example.jp>\n"
	"\n"
	"This message was created automatically by mail delivery software.\n"
	"\n"
	"A message that you sent could not be delivered to one or more of its\n"
	"recipients. This is a temporary error. The following address(es) deferred:\n"
	"\n"
	"  ito@customer.example.jp\n"
	"    mailbox is full: retry timeout exceeded\n"
	"\n"
	"------ This is a copy of the message, including all the headers. ------\n"
	"\n"
	"Message-Id: <notice-0050@example-hosting.jp>\n"
	"From: ssl@example-hosting.jp\n";

Test(parse_bounce, exim_mailbox_full_without_code_soft)
{
	struct parse_event *ev = classify(exim_full);

	expect_bounce(ev, "ito@customer.example.jp", "4.2.2", false, "<notice-0050@example-hosting.jp>");
	parse_event_free(ev);
}

static const char full_5_2_2[] =
	"From: MAILER-DAEMON@mx.example-hosting.jp (Mail Delivery System)\n"
	"To: ssl@example-hosting.jp\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"\n"
	"<mori@customer.example.jp>: host mx.customer.example.jp[192.0.2.1] said: 552\n"
	"    5.2.2 <mori@customer.example.jp>: Mailbox full\n";

Test(parse_bounce, mailbox_full_5_2_2_is_soft)
{
	struct parse_event *ev = classify(full_5_2_2);

	expect_bounce(ev, "mori@customer.example.jp", "5.2.2", false, NULL);
	parse_event_free(ev);
}

static const char not_a_bounce[] =
	"From: Yamada <yamada@customer.example.jp>\n"
	"To: ssl@example-hosting.jp\n"
	"Subject: Re: Undeliverable: notice\n"
	"\n"
	"The notice was undeliverable to our old address; please use this one.\n";

Test(parse_bounce, person_writing_about_a_bounce)
{
	struct parse_event *ev = classify(not_a_bounce);

	cr_assert_neq(ev->kind, PARSE_KIND_BOUNCE, "kind %s", parse_kind_name(ev->kind));
	cr_assert_null(ev->bounce_recipient);
	parse_event_free(ev);
}

static const char sendmail_bounce[] =
	"From: Mail Delivery Subsystem <MAILER-DAEMON@mail.customer.example.jp>\n"
	"To: <ssl@example-hosting.jp>\n"
	"Subject: Returned mail: see transcript for details\n"
	"Auto-Submitted: auto-generated (failure)\n"
	"\n"
	"The original message was received at Fri, 20 Nov 2026 10:00:00 +0900\n"
	"from mx.example-hosting.jp [192.0.2.10]\n"
	"\n"
	"   ----- The following addresses had permanent fatal errors -----\n"
	"<nomura@customer.example.jp>\n"
	"    (reason: 550 5.1.1 <nomura@customer.example.jp>... User unknown)\n";

Test(parse_bounce, sendmail_transcript)
{
	struct parse_event *ev = classify(sendmail_bounce);

	expect_bounce(ev, "nomura@customer.example.jp", "5.1.1", true, NULL);
	parse_event_free(ev);
}
