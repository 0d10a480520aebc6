/* Unit tests of parse_intent_detect: a table of real-looking replies, read through parse_quote_own_text first. */
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/logging.h>

#include "parsers_priv.h"

#define R PARSE_INTENT_RENEW
#define D PARSE_INTENT_DECLINE
#define U PARSE_INTENT_UNCLEAR

struct intent_case {
	enum parse_intent want;
	const char *subject;  /* NULL: "Re: 【ご案内】SSL証明書更新のお知らせ" */
	const char *body;
};

/* Our notice as customers quote it back (the seed procedure's wording). */
#define NOTICE_JA                                                                           \
	"株式会社サンプル\n山田 太郎 様\n\nいつもお世話になっております。ネオワークスです。\n"        \
	"SSL証明書(www.example.co.jp)の有効期限が2026年12月10日に迫っております。\n"             \
	"更新費用のお見積り: 55,000円(税込)\n\n"                                                  \
	"更新する場合は、更新依頼期限日(2026年11月26日)までに、専用フォームから申請情報を入力して送信してください。\n" \
	"https://www.neoworks.jp/ssl/renew\n"                                                   \
	"更新しない場合は、このメールの返信で更新しない旨をお伝えください。\n"                    \
	"更新依頼期限日まで送信いただけない場合は、証明書有効期限を過ぎますと自動的にSSL証明書が無効となります。\n"

#define NOTICE_EN                                                                           \
	"Dear Customer,\n\nThe SSL certificate for www.example.com expires on 2026-12-10.\n"    \
	"The renewal fee is JPY 55,000.\n"                                                      \
	"If you wish to renew, please submit the renewal form by 2026-11-26:\n"                 \
	"https://www.neoworks.jp/ssl/renew\n"                                                   \
	"If you do not wish to renew, please reply to this mail and tell us you will not renew.\n"

#define Q(line) "> " line "\n"
#define QUOTED_JA                                                                           \
	Q("株式会社サンプル") Q("山田 太郎 様") Q("") Q("いつもお世話になっております。ネオワークスです。") \
	Q("更新する場合は、更新依頼期限日(2026年11月26日)までに、専用フォームから申請情報を入力して送信してください。") \
	Q("更新しない場合は、このメールの返信で更新しない旨をお伝えください。")
#define QUOTED_EN                                                                           \
	Q("Dear Customer,") Q("If you wish to renew, please submit the renewal form by 2026-11-26.") \
	Q("If you do not wish to renew, please reply to this mail and tell us you will not renew.")

static const struct intent_case cases[] = {
	/* ---- renew, Japanese ---- */
	{R, NULL, "更新します。"},
	{R, NULL, "更新をお願いします。"},
	{R, NULL, "更新お願いします"},
	{R, NULL, "更新を希望します。"},
	{R, NULL, "更新したいです。"},
	{R, NULL, "更新したいと思います。"},
	{R, NULL, "継続します。"},
	{R, NULL, "継続でお願いします。"},
	{R, NULL, "引き続き利用します。"},
	{R, NULL, "引き続き使用させていただきます。"},
	{R, NULL, "更新でお願いします。"},
	{R, NULL, "更新で進めてください。"},
	{R, NULL, "更新で結構です。"},
	{R, NULL, "更新を申し込みます。"},
	{R, NULL, "更新手続きをお願いいたします。"},
	{R, NULL, "ぜひ更新させてください。"},
	{R, NULL, "更新希望です。"},
	{R, NULL, "更新の件、承知しました。よろしくお願いします。"},
	{R, NULL, "いつもお世話になっております。株式会社サンプルの山田です。\n"
		  "SSL証明書の更新のご案内ありがとうございます。\n今年も更新をお願いいたします。\n"
		  "申請フォームより送信いたしますので、ご確認のほどよろしくお願いいたします。"},
	{R, NULL, "更新させていただきます。"},
	{R, NULL, "更新いたします。"},
	{R, NULL, "更新の手続きをお願い申し上げます。"},
	{R, NULL, "更新をお願いできますでしょうか。"},
	{R, NULL, "更新をお願いできますか？"},
	{R, NULL, "更新していただけますか。"},
	{R, NULL, "今年もお願いします。"},
	{R, NULL, "例年通りお願いいたします。"},
	{R, NULL, "今回も更新でお願いします！"},
	{R, NULL, "ＳＳＬ証明書の更新をお願いします。"},
	{R, NULL, "更新　お願い　します。"},
	{R, NULL, "証明書の更新を依頼します。"},
	{R, NULL, "更新の方、よろしくお願いいたします。"},
	{R, NULL, "更新の方向でお願いします。"},
	{R, NULL, "お見積りの金額で問題ありませんので、更新をお願いします。"},
	{R, NULL, "更新をお願いします。なお、担当者が変更になりましたので、今後は下記までご連絡ください。"},
	{R, NULL, "来年も継続して利用したいので、更新の手続きをお願いします。"},
	{R, NULL, "更新を進めていただけますと幸いです。"},
	{R, NULL, "更新していただければと思います。"},
	{R, NULL, "ぜひ更新をお願いしたく存じます。"},
	{R, NULL, "更新を希望いたします。申込フォームからも送信しました。"},
	{R, NULL, "今回も更新で。"},
	{R, NULL, "はい、更新します。"},
	{R, NULL, "更新の旨、承知いたしました。手続きをお願いします。"},
	{R, NULL, "今回も継続でお願いいたします。"},
	{R, NULL, "更新をよろしくお願い申し上げます。"},
	{R, NULL, "契約更新をお願いします。"},
	{R, NULL, "証明書を更新してください。"},
	{R, NULL, "更新を行ってください。"},
	{R, NULL, "更新する方向です。"},
	{R, NULL, "社内で検討した結果、更新することにしました。"},
	{R, NULL, "お世話になっております。\n今年度も\n更新をお願い\nいたします。"},
	{R, NULL, "解約はしません。更新をお願いします。"},
	{R, NULL, "更新させて頂きたく、よろしくお願い致します。"},
	{R, NULL, "ご連絡ありがとうございます。更新の方向で進めてください。"},
	{R, NULL, "昨年と同様に更新をお願いします。登録内容に変更はありません。"},
	/* ---- renew, English ---- */
	{R, NULL, "Please renew our certificate."},
	{R, NULL, "We will renew."},
	{R, NULL, "We'd like to renew the SSL certificate for www.example.com."},
	{R, NULL, "Please proceed with the renewal."},
	{R, NULL, "Yes, please renew."},
	{R, NULL, "Yes, renew."},
	{R, NULL, "We want to continue using the certificate."},
	{R, NULL, "Please go ahead with the renewal."},
	{R, NULL, "We would like to renew for another year. Thank you."},
	{R, NULL, "Hi,\n\nWe'll renew as usual.\n\nBest regards,\nJohn"},
	{R, NULL, "Could you please renew our certificate?"},
	{R, NULL, "We have decided to renew."},
	{R, NULL, "Renew please."},
	{R, NULL, "We are renewing this year as well."},
	{R, NULL, "I would like to request the renewal of our certificate."},
	{R, NULL, "OK, go ahead."},
	{R, NULL, "We received the renewal notice, thanks. Please renew it."},
	{R, NULL, "We would like to keep the certificate."},
	{R, NULL, "ＰＬＥＡＳＥ　ＲＥＮＥＷ."},
	{R, NULL, "We will not change anything, please renew."},
	/* ---- decline, Japanese ---- */
	{D, NULL, "更新しません。"},
	{D, NULL, "更新しないことにしました。"},
	{D, NULL, "更新しない方向です。"},
	{D, NULL, "更新は不要です。"},
	{D, NULL, "更新は結構です。"},
	{D, NULL, "今回は見送ります。"},
	{D, NULL, "今回は見送らせていただきます。"},
	{D, NULL, "不要です。"},
	{D, NULL, "必要ありません。"},
	{D, NULL, "解約します。"},
	{D, NULL, "解約したいです。"},
	{D, NULL, "継続しません。"},
	{D, NULL, "利用を終了します。"},
	{D, NULL, "他社で取得します。"},
	{D, NULL, "更新を辞退します。"},
	{D, NULL, "キャンセルします。"},
	{D, NULL, "今回は更新しないことになりましたので、ご連絡いたします。"},
	{D, NULL, "サイトを閉鎖するため、SSL証明書の更新は不要です。"},
	{D, NULL, "弊社サイトはすでに他社サーバーへ移転済みのため、更新は必要ございません。"},
	{D, NULL, "せっかくご案内いただきましたが、今回は更新を見送ることにいたしました。"},
	{D, NULL, "この度、ホームページを閉鎖することになりましたので、SSL証明書の更新は不要となります。"},
	{D, NULL, "更新を辞退いたします。"},
	{D, NULL, "契約を解約したいと思います。"},
	{D, NULL, "更新いたしません。"},
	{D, NULL, "更新はいたしかねます。"},
	{D, NULL, "他社で証明書を取得することになりましたので、今回の更新は不要です。"},
	{D, NULL, "Let's Encryptに切り替えるため、更新しません。"},
	{D, NULL, "更新しません。引き続きよろしくお願いいたします。"},
	{D, NULL, "今回はパスします。"},
	{D, NULL, "更新しなくて大丈夫です。"},
	{D, NULL, "キャンセルでお願いします。"},
	{D, NULL, "SSLはもう使っていないので不要です。"},
	{D, NULL, "社内で検討した結果、更新しないことにしました。"},
	{D, NULL, "更新の予定はございません。"},
	{D, NULL, "更新の意思はありません。"},
	{D, NULL, "更新はしない予定です。"},
	{D, NULL, "更新を希望しません。"},
	{D, NULL, "更新しないでください。"},
	{D, NULL, "今回は結構です。"},
	{D, NULL, "今回で解約させていただきます。"},
	{D, NULL, "サーバーを解約するので、SSLも不要です。"},
	{D, NULL, "更新の必要はありません。"},
	{D, NULL, "証明書は不要になりました。"},
	{D, NULL, "更新不要です。"},
	{D, NULL, "今年度で利用を終了いたします。"},
	{D, NULL, "更新しません。ご返信は不要です。"},
	{D, NULL, "大変お世話になりました。今回をもちまして更新は見送らせて頂きます。"},
	{D, NULL, "今回は\n更新を見送らせて\nいただきます。"},
	{D, NULL, "更新しません。引き続きお願いいたします。"},
	{D, NULL, "ＳＳＬ証明書は今後使用しないため、更新不要です。"},
	/* ---- decline, English ---- */
	{D, NULL, "We will not renew."},
	{D, NULL, "We won't renew this year."},
	{D, NULL, "Please do not renew."},
	{D, NULL, "Don't renew, thanks."},
	{D, NULL, "No need to renew, we have moved to another provider."},
	{D, NULL, "We are not renewing."},
	{D, NULL, "We decline the renewal."},
	{D, NULL, "Please cancel the certificate."},
	{D, NULL, "We will let it expire."},
	{D, NULL, "We have moved to another provider."},
	{D, NULL, "We have decided not to renew the certificate."},
	{D, NULL, "We no longer need the certificate."},
	{D, NULL, "Not renewing this year, thanks."},
	{D, NULL, "We will not be renewing."},
	{D, NULL, "We would prefer not to renew."},
	{D, NULL, "We're closing the website, so the certificate is no longer needed."},
	{D, NULL, "Unfortunately, we won't be renewing our SSL certificate this time."},
	{D, NULL, "We bought a certificate elsewhere."},
	{D, NULL, "The renewal is not needed."},
	{D, NULL, "I'm afraid we have to decline."},
	{D, NULL, "I don't think we will renew."},
	{D, NULL, "We don’t want to renew."},
	/* ---- unclear: questions ---- */
	{U, NULL, "更新しないとどうなりますか？"},
	{U, NULL, "更新は必要でしょうか。"},
	{U, NULL, "更新した方がいいですか？"},
	{U, NULL, "更新しない場合、サイトはどうなりますか？"},
	{U, NULL, "更新しないといけないのでしょうか。"},
	{U, NULL, "更新は不要ですか？"},
	{U, NULL, "解約したらどうなりますか？"},
	{U, NULL, "更新したいのですが、可能でしょうか。"},
	{U, NULL, "更新料はいくらですか？"},
	{U, NULL, "更新の手続き方法を教えてください。"},
	{U, NULL, "更新後の証明書はいつ届きますか？"},
	{U, NULL, "更新しなくてもいいですか？"},
	{U, NULL, "更新をお願いします。更新しないとどうなりますか？"},
	{U, NULL, "What happens if we don't renew?"},
	{U, NULL, "Do we need to renew?"},
	{U, NULL, "Should we renew?"},
	{U, NULL, "How much is the renewal?"},
	{U, NULL, "Can we renew later?"},
	{U, NULL, "Is it necessary to renew the certificate"},
	/* ---- unclear: double negation, denied decline ---- */
	{U, NULL, "更新しないわけではありません。"},
	{U, NULL, "解約はしません。"},
	{U, NULL, "不要ではありません。"},
	{U, NULL, "更新しないとは言っていません。"},
	{U, NULL, "更新したくないわけではないのですが…"},
	{U, NULL, "更新しないわけにはいかないので、お願いします。"},
	{U, NULL, "見送りません。"},
	/* ---- unclear: conditions and hedges ---- */
	{U, NULL, "予算が通れば更新します。"},
	{U, NULL, "もし料金が同じなら更新します。"},
	{U, NULL, "If the price is the same, we will renew."},
	{U, NULL, "Please renew if the price hasn't changed."},
	{U, NULL, "We'll renew unless the price goes up."},
	{U, NULL, "検討します。"},
	{U, NULL, "検討中です。"},
	{U, NULL, "社内で確認します。"},
	{U, NULL, "確認してから連絡します。"},
	{U, NULL, "後日ご連絡します。"},
	{U, NULL, "We are considering it."},
	{U, NULL, "We will let you know."},
	{U, NULL, "We will probably renew."},
	{U, NULL, "たぶん更新します。"},
	{U, NULL, "おそらく更新すると思います。"},
	{U, NULL, "更新するかどうか検討中です。"},
	{U, NULL, "更新を検討しています。"},
	{U, NULL, "上司と相談してから改めてご連絡いたします。"},
	{U, NULL, "更新をお願いするかもしれません。"},
	{U, NULL, "更新しようか迷っています。"},
	{U, NULL, "解約を考えています。"},
	{U, NULL, "更新を見送るかもしれません。"},
	{U, NULL, "I'm not sure if we will renew."},
	{U, NULL, "Let me check with my manager and get back to you."},
	{U, NULL, "もう少し考えさせてください。"},
	{U, NULL, "更新するかは未定です。"},
	{U, NULL, "予算の都合がつけば更新したいと考えております。"},
	{U, NULL, "We might not renew."},
	{U, NULL, "Not sure yet whether we will renew."},
	{U, NULL, "更新したいのですが、予算がありません。"},
	{U, NULL, "更新する方向で社内調整中です。"},
	/* ---- unclear: both ---- */
	{U, NULL, "更新します。旧サーバーの方は不要です。"},
	{U, NULL, "更新しますが、解約も考えています。"},
	{U, NULL, "更新します。いや、やっぱり更新しません。"},
	{U, NULL, "We'll renew, but please cancel the certificate for test.example.com."},
	{U, NULL, "更新します。旧ドメインの証明書はキャンセルしてください。"},
	{U, NULL, "更新しないつもりでしたが、やはり更新をお願いします。"},
	/* ---- unclear: nothing decided ---- */
	{U, NULL, "お世話になっております。"},
	{U, NULL, "いつもありがとうございます。"},
	{U, NULL, "承知しました。"},
	{U, NULL, "承知いたしました。よろしくお願いします。"},
	{U, NULL, "請求書の宛先を変更したいのですが、どうすればよいでしょうか。"},
	{U, NULL, "担当者が変わりましたので、今後は山田までご連絡ください。"},
	{U, NULL, ""},
	{U, NULL, "はい"},
	{U, NULL, "OK"},
	{U, NULL, "ありがとうございました。"},
	{U, NULL, "引き続きよろしくお願いいたします。"},
	{U, NULL, "本年もよろしくお願い申し上げます。"},
	{U, NULL, "ホームページの更新をお願いします。"},
	{U, NULL, "登録情報の更新をお願いします。"},
	{U, NULL, "ドメインの更新は不要です。"},
	{U, NULL, "Thank you for the renewal notice."},
	{U, NULL, "We received the renewal notice. Who is our contact now?"},
	{U, NULL, "Renewal notice received, thanks."},
	{U, NULL, "更新の件、承知しました。"},
	{U, NULL, "結構です。"},
	{U, NULL, "大丈夫です。"},
	{U, NULL, "更新は大丈夫です。"},
	{U, NULL, "お気遣いは結構です。"},
	{U, NULL, "パスワードを変更しました。"},
	{U, NULL, "We have not received the renewal form yet."},
	{U, NULL, "No changes are needed."},
	{U, NULL, "更新しなければならないのは分かっています。"},
	/* ---- unclear: typos are not understood ---- */
	{U, NULL, "こうしんします"},
	{U, NULL, "更親します"},
	{U, NULL, "we will renw"},
	{U, NULL, "更新しまsen"},
	/* ---- more phrasings, written as probes after the rules above: keigo,
	 * casual, long mails, requests for something else, reserved decisions ---- */
	{R, NULL, "お世話になっております。\n証明書の更新、よろしくお願いいたします。"},
	{R, NULL, "いつもお世話になっております。\n今年もSSLの更新をお願いできればと思います。\nよろしくお願いいたします。"},
	{R, NULL, "ご案内ありがとうございます。前年と同様、更新で手続きをお願いいたします。"},
	{R, NULL, "更新の手続きを進めてください。よろしくお願いします。"},
	{R, NULL, "本年度も更新させていただきたく、ご連絡差し上げました。"},
	{R, NULL, "SSL証明書について、更新を希望します。申込フォームも送信済みです。"},
	{R, NULL, "更新希望します。"},
	{R, NULL, "継続利用いたします。"},
	{R, NULL, "引き続き御社にお願いしたいと思います。"},
	{R, NULL, "更新の件、了解です。お願いします。"},
	{R, NULL, "更新でよろしくお願いします。"},
	{R, NULL, "更新を依頼いたします。見積金額で問題ございません。"},
	{R, NULL, "今年も更新でお願いできますか。"},
	{R, NULL, "更新手続きの方、お願いしてもよろしいでしょうか。"},
	{R, NULL, "更新したく存じますので、よろしくお願い申し上げます。"},
	{R, NULL, "お手数ですが、更新手続きをお願い致します。"},
	{R, NULL, "例年どおり更新をお願いいたします。"},
	{R, NULL, "更新します！よろしくお願いします！"},
	{R, NULL, "更新いたしますので、手続きを進めていただけますでしょうか。"},
	{R, NULL, "継続して使用したいので、更新をお願いします。"},
	{R, NULL, "www.example.co.jpの証明書、更新をお願いします。"},
	{R, NULL, "山田です。更新お願いしまーす。"},
	{R, NULL, "更新を承知いたしました。手続きをお願いいたします。"},
	{R, NULL, "更新でＯＫです。"},
	{R, NULL, "We'd like to go ahead with the renewal."},
	{R, NULL, "Please process the renewal for example.com."},
	{R, NULL, "Yes, we would like to renew our certificate."},
	{R, NULL, "Kindly proceed with the renewal of our SSL certificate."},
	{R, NULL, "We will continue with your service. Please renew."},
	{R, NULL, "Yes please renew it as usual."},
	{R, NULL, "We confirm that we will renew."},
	{R, NULL, "Please renew the certificate for another year."},
	{R, NULL, "We are happy to renew."},
	{R, NULL, "We intend to renew the certificate."},
	{R, NULL, "Please go ahead and renew."},
	{D, NULL, "今回は更新を見合わせます。"},
	{D, NULL, "弊社の方針変更により、今回は更新いたしません。"},
	{D, NULL, "今回は更新をしないこととしました。"},
	{D, NULL, "サイトを閉鎖したため、更新は不要になりました。"},
	{D, NULL, "SSLの利用を終了するため、更新はしない方向でお願いします。"},
	{D, NULL, "事業撤退に伴い、今回の更新は辞退させていただきます。"},
	{D, NULL, "更新は結構でございます。"},
	{D, NULL, "今回は見送りとさせていただきます。"},
	{D, NULL, "契約を終了したいと思います。"},
	{D, NULL, "更新せずに終了します。"},
	{D, NULL, "更新は今回で最後にして、解約いたします。"},
	{D, NULL, "他社でSSLを取得済みのため、更新不要です。"},
	{D, NULL, "無料のSSLに切り替えますので、更新は不要です。"},
	{D, NULL, "もう使わないので更新しないでください。"},
	{D, NULL, "今回は更新を辞退させていただきます。長い間ありがとうございました。"},
	{D, NULL, "更新しない旨、ご連絡いたします。"},
	{D, NULL, "残念ですが今回は更新いたしません。"},
	{D, NULL, "更新は必要なくなりました。"},
	{D, NULL, "今年で終わりにします。更新は不要です。"},
	{D, NULL, "証明書はもう不要です。"},
	{D, NULL, "今回は更新なしでお願いします。"},
	{D, NULL, "更新しなくて結構です。"},
	{D, NULL, "更新しなくていいです。"},
	{D, NULL, "解約の手続きをお願いします。"},
	{D, NULL, "今回更新はしません。"},
	{D, NULL, "ドメインを廃止するため、証明書の更新は必要ありません。"},
	{D, NULL, "We have decided not to proceed with the renewal."},
	{D, NULL, "Please don't renew it."},
	{D, NULL, "We no longer use this domain, so no renewal is needed."},
	{D, NULL, "We will not need the certificate anymore."},
	{D, NULL, "We're letting the certificate lapse."},
	{D, NULL, "Please cancel the renewal."},
	{D, NULL, "We do not wish to renew."},
	{D, NULL, "We've switched to Let's Encrypt."},
	{D, NULL, "No renewal this year, thank you."},
	{D, NULL, "The website has been shut down, so please do not renew."},
	{D, NULL, "We would like to cancel our SSL certificate."},
	{D, NULL, "We've decided against renewing."},
	{U, NULL, "更新の件、社内で検討のうえご連絡いたします。"},
	{U, NULL, "更新するかどうか、少し時間をください。"},
	{U, NULL, "更新は必要ですか？"},
	{U, NULL, "更新しない場合、何か手続きは必要でしょうか。"},
	{U, NULL, "更新するにはどうすればいいですか？"},
	{U, NULL, "更新料金を教えてください。"},
	{U, NULL, "来年から他社に移るかもしれません。"},
	{U, NULL, "担当者不在のため、戻り次第ご連絡いたします。"},
	{U, NULL, "更新のフォームはどこにありますか？"},
	{U, NULL, "更新期限はいつまでですか。"},
	{U, NULL, "予算が確保でき次第、更新をお願いするつもりです。"},
	{U, NULL, "更新したいと思っていますが、見積もりをもう一度送ってもらえますか。"},
	{U, NULL, "金額次第では更新を見送る可能性があります。"},
	{U, NULL, "更新する予定ですが、正式には来週ご連絡します。"},
	{U, NULL, "更新しないと思います。"},
	{U, NULL, "今回は更新しないかもしれません。"},
	{U, NULL, "前向きに検討しております。"},
	{U, NULL, "更新については現在確認中です。"},
	{U, NULL, "更新しないといけませんか？"},
	{U, NULL, "解約する場合の手続きを教えてください。"},
	{U, NULL, "更新？"},
	{U, NULL, "更新"},
	{D, NULL, "更新しない"},
	{U, NULL, "？"},
	{U, NULL, "更新するのか、しないのか、まだ決まっておりません。"},
	{U, NULL, "先日お送りした申込フォームは届いていますでしょうか。"},
	{U, NULL, "請求書は郵送でお願いします。"},
	{U, NULL, "担当を田中に変更しました。今後はこちらにご連絡ください。"},
	{U, NULL, "不在のため、11月20日以降に対応いたします。"},
	{U, NULL, "We will discuss internally and get back to you."},
	{U, NULL, "Can you tell me the renewal price?"},
	{U, NULL, "Please send me the renewal form again."},
	{U, NULL, "We might move to another provider."},
	{U, NULL, "Is the price the same as last year?"},
	{U, NULL, "We need to check our budget first."},
	{U, NULL, "Thanks, noted."},
	{U, NULL, "Please contact our new IT manager, Mr. Suzuki."},
	{U, NULL, "What is the deadline for renewal?"},
	{U, NULL, "We are still deciding whether to renew or not."},
	{U, NULL, "We'll renew if our budget is approved."},
	{U, NULL, "I'm out of the office until Monday."},
	{U, NULL, "Could you tell me what happens if we don't renew?"},
	{U, NULL, "更新はしますが、時期は未定です。"},
	{U, NULL, "旧サイトの証明書は更新しません。新サイトの分はお願いします。"},
	{R, NULL, "株式会社ネオワークス\nSSL担当者様\n\nいつも大変お世話になっております。\n株式会社サンプル総務部の佐藤でございます。\n\nこの度はSSL証明書更新のご案内をいただき、誠にありがとうございます。\n弊社としましては、今年度も継続して利用させていただきたく存じます。\nつきましては、更新手続きのほど何卒よろしくお願い申し上げます。\n\n以上、よろしくお願いいたします。"},
	{D, NULL, "ネオワークス\nご担当者様\n\nお世話になっております。サンプル商事の鈴木です。\n\nSSL証明書更新のご案内ありがとうございました。\n大変申し訳ございませんが、来月でWebサイトを閉鎖する予定のため、\n今回は更新を見送らせていただきたく存じます。\n\nこれまで大変お世話になりました。"},
	{D, NULL, "お世話になっております。\n表題の件ですが、社内で協議した結果、今回の更新はしないことになりました。\nご確認のほど、よろしくお願いいたします。"},
	{U, NULL, "お世話になっております。\n表題の件、社内で協議中のため、結論が出るまでもう少しお待ちいただけますでしょうか。"},
	{R, NULL, "Dear Neoworks team,\n\nThank you for the reminder. We would like to renew our SSL certificate for www.example.com for another year. We will submit the application form shortly.\n\nBest regards,\nTaro Yamada\nExample Corp."},
	{D, NULL, "Hello,\n\nThanks for letting us know. We are migrating the site to a new platform that provides its own certificates, so we will not be renewing.\n\nKind regards,\nJane"},
	{U, NULL, "Hi,\n\nBefore we decide, could you confirm whether the price includes tax?\n\nThanks"},
	{U, NULL, "Hello,\nOur finance team is reviewing the quote. We will get back to you next week.\nRegards"},
	{R, NULL, "更新します。\n申込フォームは本日中に送信します。"},
	{R, NULL, "更新をお願いします。フォームの送信が遅くなり申し訳ありません。"},
	{D, NULL, "更新しません。今までありがとうございました。"},
	{D, NULL, "今回は更新しない方向でお願いいたします。"},
	{U, NULL, "更新は一旦保留でお願いします。"},
	{U, NULL, "更新について、上司の決裁待ちです。"},
	{U, NULL, "予算申請中のため、結果が出次第ご連絡します。"},
	{R, NULL, "今年も宜しくお願いします。更新でお願いします。"},
	{R, NULL, "了解しました。更新でお願いします。"},
	{U, NULL, "了解しました。"},
	{U, NULL, "ご案内ありがとうございます。内容確認いたしました。"},
	{U, NULL, "更新の件で確認したいことがあるので、お電話いただけますか。"},
	{R, NULL, "更新お願いします。あと、技術担当者が変わったので連絡先を更新してください。"},
	{U, NULL, "SSL証明書の件、更新するか解約するか迷っています。"},
	{D, NULL, "SSL証明書は解約でお願いします。"},
	{D, NULL, "更新ではなく、解約でお願いします。"},
	{R, NULL, "解約ではなく、更新でお願いします。"},
	{R, NULL, "解約ではなく更新します。"},
	{D, NULL, "証明書の更新は今年は見送ります。来年また検討します。"},
	{R, NULL, "更新を申し込みたいです。"},
	{R, NULL, "更新手続き、お願いできますでしょうか。"},
	{R, NULL, "更新手続き、お願いできますでしょうか。ただ、担当者が変わったので登録内容を変更したいです。"},
	{R, NULL, "お世話になります。\nSSL更新の件、承知いたしました。\n更新で進めていただければと存じます。"},
	{D, NULL, "先日ご連絡いただいたSSLの件ですが、サーバー移転に伴い不要となりました。"},
	{D, NULL, "更新しないで結構です。"},
	{D, NULL, "今年は更新を控えさせていただきます。"},
	{D, NULL, "更新は遠慮させていただきます。"},
	{U, NULL, "ご遠慮なくご連絡ください。"},
	{U, NULL, "更新の際の注意点を教えてください。"},
	{U, NULL, "更新する際に必要な書類はありますか。"},
	{R, NULL, "更新をお願いします。更新する際に必要な書類があれば教えてください。"},
	{D, NULL, "We will not renew the certificate this year. Please let the certificate expire."},
	{D, NULL, "Please do not proceed with the renewal."},
	{U, NULL, "Please proceed with the invoice."},
	{U, NULL, "We are not sure."},
	{R, NULL, "Renew."},
	{U, NULL, "Renewal?"},
	{D, NULL, "Not needed, thanks."},
	{U, NULL, "Thanks for the notice, we will reply after our meeting on Friday."},
	{R, NULL, "We'd like to renew, and please update our billing address."},
	{U, NULL, "We'd like to renew, but the price seems high. Can you offer a discount?"},
	{D, NULL, "No thank you, we will not renew."},
	{R, NULL, "Please renew. If you need anything else from us, let us know."},
	{R, NULL, "Yes, we'll continue. Please renew as before."},
	{U, NULL, "Could you renew it later, after we confirm the budget?"},
	{D, NULL, "We no longer need SSL for this domain."},
	{D, NULL, "Please cancel."},
	{U, NULL, "Please cancel the meeting."},
	{U, NULL, "We'll renew next month maybe."},
	{R, NULL, "更新の手配をお願いします。"},
	{R, NULL, "更新よろしくです。"},
	{D, NULL, "更新不要でお願いします。"},
	{D, NULL, "解約希望です。"},
	{D, NULL, "更新は辞退します。"},
	{U, NULL, "更新は辞退しません。"},
	{R, NULL, "引き続きご利用させていただきます。"},
	{U, NULL, "引き続きご利用いただけますか？"},
	{D, NULL, "引き続きの利用は考えておりません。"},
	{R, NULL, "継続利用を希望します。"},
	{D, NULL, "継続利用は希望しません。"},
	{U, NULL, "継続利用は可能でしょうか。"},
	{R, NULL, "更新を決定しました。"},
	{R, NULL, "更新することに決めました。"},
	{D, NULL, "更新しないことに決めました。"},
	{U, NULL, "更新するか決めかねています。"},
	{U, NULL, "更新しない理由を教えてください。"},
	{U, NULL, "更新しないことも考えています。"},
	{U, NULL, "更新しないことを検討中です。"},
	{U, NULL, "更新するつもりでしたが、状況が変わりました。"},
	{U, NULL, "更新すべきか悩んでいます。"},
	{U, NULL, "更新するべきでしょうか。"},
	{U, NULL, "更新する必要はありますか？"},
	{U, NULL, "更新してもしなくても同じですか？"},
	{U, NULL, "もし更新しない場合、データは消えますか？"},
	{U, NULL, "更新しなかった場合の影響を知りたいです。"},
	{U, NULL, "更新をやめた場合、サイトに警告が出ますか。"},
	{U, NULL, "解約した場合、返金はありますか？"},
	{U, NULL, "解約手続きについて教えてください。"},
	{U, NULL, "キャンセル料はかかりますか？"},
	{U, NULL, "更新のキャンセルは可能ですか？"},
	{U, NULL, "見送った場合、来年また申し込めますか？"},
	{U, NULL, "他社への移行も検討しております。"},
	{U, NULL, "他社の方が安いのですが、値引きは可能でしょうか。"},
	{U, NULL, "不要な書類は破棄してください。"},
	{U, NULL, "不要になったら連絡します。"},
	{U, NULL, "必要があれば更新します。"},
	{U, NULL, "必要なら更新をお願いします。"},
	{U, NULL, "更新が必要かどうか判断がつきません。"},
	{U, NULL, "更新は必要ないと思うのですが、いかがでしょうか。"},
	{U, NULL, "結構高いですね。"},
	{U, NULL, "更新料が結構かかるので悩んでいます。"},
	{U, NULL, "前回の更新はありがとうございました。"},
	{U, NULL, "更新完了の連絡をお待ちしております。"},
	{U, NULL, "更新済みの証明書はいつ届きますか。"},
	{U, NULL, "先ほど更新の申込フォームを送信しましたが、届いていますか？"},
	{U, NULL, "更新の申込みは済んでいますでしょうか。"},
	{U, NULL, "申し込みフォームのURLが開けません。"},
	{U, NULL, "社長が不在のため、判断できません。"},
	{U, NULL, "担当が不在のため、後日あらためてご返信いたします。"},
	{U, NULL, "更新するかしないか、今月中に決めます。"},
	{U, NULL, "来週中に更新するかどうかお知らせします。"},
	{U, NULL, "更新の可否は追ってご連絡いたします。"},
	{U, NULL, "更新は不要かもしれません。"},
	{U, NULL, "更新したほうがよいのか迷っております。"},
	{U, NULL, "見積もりを再度送付してください。"},
	{U, NULL, "領収書は不要です。"},
	{U, NULL, "ご返信は不要です。"},
	{U, NULL, "お気遣いなく。"},
	{U, NULL, "承知いたしました。ご連絡ありがとうございます。"},
	{U, NULL, "了解です！"},
	{U, NULL, "確認しました。"},
	{U, NULL, "ありがとうございます。手続きします。"},
	{U, NULL, "ありがとうございます。手続きはフォームから行えばよいですか？"},
	{U, NULL, "更新します？"},
	{U, NULL, "ご確認よろしくお願いいたします。"},
	{U, NULL, "We received your mail about the renewal."},
	{U, NULL, "Please send the invoice to accounting@example.com."},
	{U, NULL, "Who should we contact about the renewal?"},
	{U, NULL, "Do we have to renew every year?"},
	{U, NULL, "What is the difference if we do not renew?"},
	{U, NULL, "If we don't renew, will the site break?"},
	{U, NULL, "We can't decide yet."},
	{U, NULL, "We will decide by the end of the month."},
	{U, NULL, "The renewal decision is pending."},
	{U, NULL, "I'll ask my boss."},
	{U, NULL, "Let me confirm with the team."},
	{U, NULL, "We're thinking about it."},
	{U, NULL, "Our budget for next year is not approved yet."},
	{U, NULL, "No comment."},
	{U, NULL, "Yes"},
	{U, NULL, "No"},
	{U, NULL, "Thanks!"},
	{R, NULL, "【更新希望】\n株式会社サンプルの田中です。よろしくお願いします。"},
	{D, NULL, "【更新不要】\nお世話になっております。"},
	{R, NULL, "更新します\n\n田中"},
	{D, NULL, "更新しません\n\n田中"},
	{R, NULL, "更新をお願いします。請求書は経理部宛にお送りください。"},
	{R, NULL, "更新をお願いします。領収書は不要です。"},
	{D, NULL, "更新はしません。ご返信は不要です。"},
	{R, NULL, "更新をお願いします。ご不明な点がございましたら、ご連絡ください。"},
	{D, NULL, "更新は不要です。何かございましたらご連絡ください。"},
	{R, NULL, "更新を希望します。よろしければ、請求書をPDFでお送りいただけますか。"},
	{R, NULL, "更新します。もし必要な書類があればお知らせください。"},
	{R, NULL, "Please renew. If there are any questions, contact me."},
	{R, NULL, "Please renew our certificate, thank you very much for your support."},
	{D, NULL, "We're not going to renew, thank you for your service over the years."},
	{R, NULL, "今年度も更新でお願いします。昨年と担当者は変わっておりません。"},
	{R, NULL, "更新をお願いします。サーバーのログイン情報に変更はございません。"},
	{R, NULL, "更新をお願いします。なお、rootのパスワードを変更しましたので、別途お送りします。"},
	{R, NULL, "更新させて頂きます。宜しくお願い致します。"},
	{D, NULL, "更新は見送ります。お手数をおかけしました。"},
	{D, NULL, "更新を見送りたいと思います。"},
	{D, NULL, "見送りでお願いします。"},
	{D, NULL, "今回は見送りで。"},
	{D, NULL, "今回はなしで。"},
	{R, NULL, "継続で！"},
	{R, NULL, "更新で！"},
	{D, NULL, "不要！"},
	{D, NULL, "更新しない方向でお願いします"},
	{R, NULL, "更新する方向でお願いします"},
	{R, NULL, "更新の方でお願い致します。"},
	{D, NULL, "解約の方向でお願いします。"},
	{R, NULL, "更新の方、宜しくお願い致します。"},
	{R, NULL, "更新手続きのほど、よろしくお願い申し上げます。"},
	{R, NULL, "更新いたしたく、よろしくお願いいたします。"},
	{R, NULL, "証明書の更新をお願いしたく、ご連絡いたしました。"},
	{R, NULL, "ぜひとも更新させていただければと存じます。"},
	{R, NULL, "更新させていただきたいと考えております。"},
	{R, NULL, "更新を依頼させていただきます。"},
	{R, NULL, "当社としては更新を希望いたします。"},
	{R, NULL, "弊社は更新でお願いいたします。"},
	{R, NULL, "更新のご対応をお願いいたします。"},
	{R, NULL, "更新の件、進めていただいて問題ございません。"},
	{R, NULL, "更新、お願いします。"},
	{R, NULL, "更新お願いしますー"},
	{R, NULL, "更新おねがいします。"},
	{R, NULL, "更新よろしくお願いします！"},
	{R, NULL, "SSLの更新をお願いいたします。(www.example.co.jp)"},
	{R, NULL, "御社にて更新のお手続きをお願いいたします。"},
	{R, NULL, "更新にて対応をお願いします。"},
	{R, NULL, "今年度も引き続き更新をお願いしたいと思います。"},
	{R, NULL, "はい。更新をお願いいたします。"},
	{R, NULL, "更新をお願いいたします。ご請求は前回同様、弊社経理宛にお願いします。"},
	{D, NULL, "誠に勝手ながら、今回の更新は見送らせていただきます。"},
	{D, NULL, "本件、更新は不要とさせていただきます。"},
	{D, NULL, "今回は更新しないこととさせていただきます。"},
	{D, NULL, "今回は更新いたしませんので、よろしくお願いいたします。"},
	{D, NULL, "恐れ入りますが、更新は辞退いたします。"},
	{D, NULL, "更新は不要でございます。"},
	{D, NULL, "更新の必要はございません。"},
	{D, NULL, "今回は更新はいたしません。"},
	{D, NULL, "申し訳ございませんが、今回は更新を見送らせて頂きたく存じます。"},
	{D, NULL, "更新は控えたいと思います。"},
	{D, NULL, "更新は行わない予定です。"},
	{D, NULL, "更新は行いません。"},
	{D, NULL, "更新手続きは不要です。"},
	{D, NULL, "次回の更新は不要です。"},
	{D, NULL, "今後の更新は不要です。"},
	{D, NULL, "解約をお願いいたします。"},
	{D, NULL, "解約でお願いします。"},
	{D, NULL, "解約させてください。"},
	{D, NULL, "本契約は今期で終了とさせていただきます。"},
	{D, NULL, "SSLは不要になりましたので、更新しません。"},
	{D, NULL, "サイトを閉じるので、証明書は要りません。"},
	{D, NULL, "更新はしない方針です。"},
	{D, NULL, "更新はしない事になりました。"},
	{U, NULL, "更新をお願いできますか？それとも新規申込になりますか？"},
	{U, NULL, "更新と新規、どちらがよいでしょうか。"},
	{U, NULL, "更新の費用は経費で落ちますか？"},
	{U, NULL, "更新の案内メールが迷惑メールに入っていました。"},
	{U, NULL, "更新後の有効期限を教えてください。"},
	{U, NULL, "更新手続きのフォームが送信できません。"},
	{U, NULL, "更新しようとしたらエラーになりました。"},
	{U, NULL, "先月更新した証明書の件で問い合わせです。"},
	{U, NULL, "昨年は更新しなかったのですが、今年はどうすればよいですか。"},
	{U, NULL, "更新するとしたら、いつまでに申し込めばよいですか。"},
	{U, NULL, "更新しないとしたら何か手続きがいりますか。"},
	{U, NULL, "更新の締め切りを延ばしていただくことは可能ですか？"},
	{U, NULL, "期限までに更新できるか分かりません。"},
	{U, NULL, "更新は今週中に判断します。"},
	{U, NULL, "更新するかどうか、社長の判断待ちです。"},
	{U, NULL, "更新しないかもしれないので、もう少しお待ちください。"},
	{U, NULL, "基本的には更新の方向で考えておりますが、正式な回答は来週になります。"},
	{U, NULL, "解約するかもしれません。"},
	{U, NULL, "できれば更新したいのですが、予算が厳しいです。"},
	{U, NULL, "値下げしていただけるなら更新します。"},
	{U, NULL, "価格次第です。"},
	{U, NULL, "Yes, but please check the price first."},
	{U, NULL, "We'd like to renew but need a quote first."},
	{U, NULL, "Maybe next year."},
	{U, NULL, "We will renew, pending management approval."},
	{U, NULL, "Renew? We haven't decided yet."},
	{U, NULL, "Please hold off on the renewal for now."},
	{U, NULL, "Please wait until we confirm."},
	{R, NULL, "Please renew our certificate for example.com as usual. Thank you."},
	{R, NULL, "Go ahead with the renewal please."},
	{R, NULL, "We would like to proceed with renewing."},
	{R, NULL, "Please continue the service."},
	{D, NULL, "Please stop the renewal."},
	{D, NULL, "We will not continue the service."},
	{D, NULL, "We're cancelling the service."},
	{D, NULL, "We have no plans to renew."},
	{D, NULL, "We do not intend to renew."},
	{D, NULL, "Please don't proceed with the renewal."},
	{D, NULL, "We are discontinuing the website."},
	{D, NULL, "We have decided to let the certificate expire."},
	{D, NULL, "There is no need to renew the certificate."},
	{D, NULL, "We don't need the SSL certificate anymore."},
	{R, NULL, "ネオワークス 御中\n\nお世話になっております。\n更新でお願いします。\n\n--\n株式会社サンプル\n山田\n\n----- Original Message -----\nFrom: \"Neoworks\" <ssl@neoworks.jp>\nTo: <yamada@example.co.jp>\nSent: Tuesday, November 10, 2026 9:00 AM\nSubject: SSL証明書更新のお知らせ\n\n更新する場合は、専用フォームから送信してください。\n更新しない場合は、返信で更新しない旨をお伝えください。"},
	{D, NULL, "今回は見送ります\n\nOn 2026/11/10 9:00, Neoworks wrote:\n> 更新する場合は、専用フォームから送信してください。\n> 更新しない場合は、返信で更新しない旨をお伝えください。\n>\n> -- \n> Neoworks"},
	{R, NULL, "更新します\n\n2026年11月10日(火) 9:00 ネオワークス <ssl@neoworks.jp>:\n更新する場合は、専用フォームから送信してください。\n更新しない場合は、返信で更新しない旨をお伝えください。"},
	{U, NULL, "お世話になっております。\n\n> 更新する場合は、専用フォームから送信してください。\n> 更新しない場合は、返信で更新しない旨をお伝えください。\n\n了解しました。"},
	{D, NULL, "> 更新しない場合は、返信で更新しない旨をお伝えください。\n\n承知しました。更新しません。"},
	{R, NULL, "> 更新する場合は、専用フォームから送信してください。\nフォームから送信しました。更新をお願いします。\n> 更新しない場合は、返信で更新しない旨をお伝えください。"},
	{U, NULL, "転送します。\n\n---------- Forwarded message ---------\nFrom: Neoworks <ssl@neoworks.jp>\nDate: 2026年11月10日(火) 9:00\nSubject: SSL証明書更新のお知らせ\nTo: <yamada@example.co.jp>\n\n更新する場合は、専用フォームから送信してください。\n更新しない場合は、返信で更新しない旨をお伝えください。"},
	{D, NULL, "We won't renew, thanks.\n\nSent from my iPhone\n\nOn Nov 10, 2026, at 9:00 AM, Neoworks <ssl@neoworks.jp> wrote:\n\n> If you wish to renew, please submit the form.\n> If you do not wish to renew, please reply."},
	{R, NULL, "Please renew.\n\nJohn Smith | IT Manager | Example Inc.\nTel: +81-3-1234-5678\n\nFrom: Neoworks <ssl@neoworks.jp>\nSent: Tuesday, November 10, 2026 9:00 AM\nTo: John Smith <john@example.com>\nSubject: SSL certificate renewal notice\n\nIf you wish to renew, please submit the form.\nIf you do not wish to renew, please reply."},
	{U, NULL, "Hi,\n\nI'm forwarding this to our finance team.\n\n-----Original Message-----\nFrom: Neoworks\nIf you wish to renew, please submit the form."},
	{R, NULL, "更新をお願いします。\n\n＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿\n差出人: ネオワークス <ssl@neoworks.jp>\n送信日時: 2026年11月10日 9:00\n宛先: yamada@example.co.jp\n件名: SSL証明書更新のお知らせ\n\n更新しない場合は、返信で更新しない旨をお伝えください。"},
	{D, NULL, "ｺﾝｶｲﾊ ｺｳｼﾝ ｼﾏｾﾝ。 更新しません。"},
	{R, NULL, "ＳＳＬ証明書の更新を　よろしく　お願い　いたします。"},
	{D, NULL, "更新は不要です。\n\n━━━━━━━━━━━━━━━━━━━━\n株式会社サンプル\n〒100-0001 東京都千代田区千代田1-1\nTEL:03-1234-5678 FAX:03-1234-5679\nURL:https://www.example.co.jp/\n━━━━━━━━━━━━━━━━━━━━"},
	{R, NULL, "山田様\n\n更新の件、承知いたしました。\n引き続きよろしくお願いいたします。\n更新手続きをお願いします。"},
	{U, NULL, "更新したいのはやまやまですが、予算の都合がつきません。"},
	{R, NULL, "更新はもちろんします。"},
	{U, NULL, "Please renew our domain."},
	{R, NULL, "Please renew the certificate for our domain example.com."},
	{U, NULL, "We would have renewed, but the budget was cut."},
	{U, NULL, "We should renew."},
	{U, NULL, "Please renew, unless it costs more than last year."},
	{U, NULL, "I want to know whether to renew."},
	{U, NULL, "上司は更新しないと言っています。"},
	{U, NULL, "更新でも構いません。"},
	{U, NULL, "更新か解約かで迷っています。"},
	{U, NULL, "更新をお願いしたかったのですが、間に合いませんでした。"},
	{U, NULL, "以前は更新をお願いしていましたが、今回は少し考えます。"},
	{U, NULL, "『更新します』と書けばよいですか？"},
	{U, NULL, "更新しないなんてことはありません。"},
	{D, NULL, "更新はしないでほしいと上司から言われました。"},
	{R, NULL, "株式会社ネオワークス\nSSL更新ご担当者様\n\nいつもお世話になっております。\n有限会社みどり商店の木村です。\n\n[ORD-2026-0012] www.midori-shop.jp のSSL証明書（企業認証）の件、\nお見積り金額（55,000円）にて更新をお願いいたします。\n申請フォームは本日中に送信いたします。\n\n引き続きよろしくお願いいたします。\n\n木村"},
	{D, NULL, "株式会社ネオワークス\nご担当者様\n\nお世話になっております。\n株式会社ABCの佐々木です。\n\nご案内いただいた www.abc-corp.co.jp のSSL証明書ですが、\n弊社ではWebサイトのリニューアルに伴い、別の事業者で証明書を取得することになりました。\nそのため、今回は更新いたしません。\n\nこれまでありがとうございました。"},
	{U, NULL, "ネオワークス様\n\nお世話になっております。\nSSL証明書の更新についてですが、現在社内で稟議中です。\n結果が出ましたら改めてご連絡いたします。\n恐れ入りますが、今しばらくお待ちください。"},
	{U, NULL, "お世話になっております。\n更新のご案内ありがとうございます。\n昨年と比べて金額が上がっているようですが、理由を教えていただけますでしょうか。"},
	{R, NULL, "Dear Neoworks Support,\n\nRegarding order ORD-2026-0031 (shop.example.com), we would like to renew the certificate for another year at the quoted price of JPY 55,000. The application form has been submitted.\n\nBest regards,\nKen Tanaka\nExample Trading Co., Ltd."},
	{D, NULL, "Dear Sir or Madam,\n\nThank you for the renewal notice for www.example.net. Our company has decided to close this website at the end of the year, therefore we will not renew the SSL certificate.\n\nSincerely,\nMary Suzuki"},
	{U, NULL, "Hello,\n\nThanks for the reminder. We haven't made a decision yet regarding the renewal of www.example.org. Could you tell us the last day we can apply?\n\nThanks,\nBob"},
	{U, NULL, "お世話になっております。\n担当者が変更になりましたのでご連絡いたします。\n今後のSSL関連のご連絡は、情報システム部の高橋（takahashi@example.co.jp）までお願いいたします。"},
	{U, NULL, "お世話になっております。\n請求書の送付先を変更したいのですが、どのようにすればよいでしょうか。"},
	{R, NULL, "更新をお願いします。\n担当者が変更になりましたので、今後は高橋までご連絡ください。"},
	{D, NULL, "更新は不要です。\n担当者も退職しましたので、今後のご連絡は不要です。"},
	{R, NULL, "ネオワークス 御中\n\n平素より大変お世話になっております。\n表記の件、更新のお手続きをお願い申し上げます。\nなお、サーバーのrootパスワードを変更しておりますので、別途お知らせいたします。\n\n以上、何卒よろしくお願い申し上げます。"},
	{U, NULL, "お世話になっております。\n更新のお手続きについて確認させてください。\n前回はフォームではなくメールで依頼したと記憶していますが、今回はフォームからの申請が必須でしょうか？"},
	{D, NULL, "更新しない旨、ご連絡申し上げます。\nこれまで大変お世話になりました。"},
	{D, NULL, "お世話になっております。\nSSL証明書の件、更新しない方向で決まりましたのでご連絡します。"},
	{U, NULL, "先日「更新する」と返信しましたが、やはり取り消させてください。社内で再検討します。"},
	{D, NULL, "先日「更新する」と返信しましたが、やはり更新はしないことにしました。"},
	{R, NULL, "先日は更新しないとお伝えしましたが、やはり更新をお願いしたいです。"},
	{U, NULL, "Renew your Norton subscription now!"},
	{U, NULL, "Please renew your password."},
	{U, NULL, "ホームページを更新しました。"},
	{U, NULL, "情報を更新してください。"},
	{U, NULL, "パスワードを更新しました。"},
	{U, NULL, "自動更新にしてください。"},
	{U, NULL, "継続して確認します。"},
	{U, NULL, "We will continue to use your hosting service but not the SSL."},
	{D, NULL, "We will use our own certificate from now on."},
	{U, NULL, "I am out of the office until Nov 20. I will respond when I return."},
	{U, NULL, "ただいま不在にしております。11月20日以降に順次対応いたします。"},
	{U, NULL, "Delivery has failed to these recipients. The email account does not exist."},
	{U, NULL, "You said if we do not wish to renew we should reply. We do wish to renew."},
	{R, NULL, "We do wish to renew."},
	{U, NULL, "「更新しない場合はご返信ください」とありましたが、更新する場合は何もしなくてよいですか？"},
	{R, NULL, "お世話になっております(^^)\n今年も更新でお願いします！！"},
	{R, NULL, "更新お願いしますm(_ _)m"},
	{R, NULL, "ご更新をお願いいたします。"},
	{R, NULL, "2026年12月10日の期限までに更新をお願いします。"},
	{U, NULL, "www.example.co.jpは更新、shop.example.co.jpは解約でお願いします。"},
	{U, NULL, "> 更新しますか？\nはい"},
	{R, NULL, "Hi, お世話になっております。Please renew our certificate. よろしくお願いします。"},
	{D, NULL, "お世話になっております。We will not renew this time. 失礼いたします。"},
	{U, NULL, "更新？解約？まだわかりません。"},
	{U, NULL, "更新は来月判断します。"},
	{U, NULL, "更新するか、今検討しています。"},
	{D, NULL, "弊社の判断として、更新はしないことに決定しました。"},
	{R, NULL, "弊社の判断として、更新することに決定しました。"},
	{U, NULL, "更新するかどうかは、来週の会議で決まります。"},
	{U, NULL, "更新したいのですが、会社の方針で新しい業者を探しているところです。"},
	{D, NULL, "新しい業者に移行済みのため、更新はいたしません。"},
	{U, NULL, "更新についてですが、他社の見積もりと比較中です。"},
	{U, NULL, "契約内容を見直したいので、一度お電話ください。"},
	{U, NULL, "今回から認証局をDigiCertからSectigoに変えたいのですが可能ですか。"},
	{U, NULL, "組織名が変わったのですが、更新できますか？"},
	{R, NULL, "組織名に変更はありません。更新をお願いします。"},
	{U, NULL, "更新は可能ですか？"},
	{U, NULL, "更新できますか？"},
	{R, NULL, "更新できればと思います。"},
	{R, NULL, "更新のほど、お願いできればと存じます。"},
	{U, NULL, "I'd like to renew, is that possible?"},
	{R, NULL, "I'd like to renew, please."},
	{R, NULL, "We would like to renew if possible."},
	{R, NULL, "We'll take the renewal."},
	{R, NULL, "Please renew as usual, thanks!"},
	{D, NULL, "Please let it expire."},
	{D, NULL, "We no longer need it."},
	{D, NULL, "We will pass this time."},
	{D, NULL, "We'll skip the renewal this year."},
	{U, NULL, "Let's talk about the renewal next week."},
	{U, NULL, "The renewal is on our agenda."},
	{U, NULL, "I'll forward this to our IT department."},
	{U, NULL, "Our IT department will contact you about the renewal."},
	{U, NULL, "情報システム部に転送しました。担当から連絡させます。"},
	{U, NULL, "担当部署から改めて連絡いたします。"},
	{D, NULL, "予算の都合で、今回は更新できません。"},
	{U, NULL, "更新できない場合はどうなりますか"},
	{R, NULL, "更新します。請求書は従来通り郵送でお願いします。"},
	{R, NULL, "更新をお願いします。なお、来年からは担当が変わる予定です。"},
	{R, NULL, "更新をお願いします。今回からサーバーのパスワードを変更していますので、別途ご連絡します。"},
	{R, NULL, "更新をお願いします。不明点があれば担当の鈴木までご連絡ください。"},
	{R, NULL, "更新をお願いします。フォームは明日送信します。"},
	{R, NULL, "更新をお願いします。申請フォームは来週中に入力いたします。"},
	{R, NULL, "更新いたします。フォームの送信は担当者が戻り次第行います。"},
	{R, NULL, "更新します。DUNSの登録情報は変わっていません。"},
	{R, NULL, "更新をお願いします。組織名・住所に変更はありません。"},
	{R, NULL, "更新をお願いします。ただ、技術担当者が変わったので、フォームで新しい連絡先をお知らせします。"},
	{R, NULL, "更新をお願いします。今回は管理画面のログイン情報を変更しています。"},
	{R, NULL, "更新をお願いします。見積金額承知しました。"},
	{R, NULL, "見積の内容で問題ありません。更新をお願いします。"},
	{R, NULL, "更新をお願いします。年末年始はお休みをいただきますので、ご連絡は1月5日以降にお願いします。"},
	{D, NULL, "更新しません。サイトは12月末で閉鎖します。"},
	{D, NULL, "更新しません。なお、サーバーの解約手続きは別途行います。"},
	{D, NULL, "今回は更新を見送ります。来年度、改めて新規でお願いするかもしれません。"},
	{D, NULL, "更新は不要です。請求書も不要です。"},
	{D, NULL, "更新はしません。フォームも送信しません。"},
	{U, NULL, "更新します。ただ、予算の承認が下りるまで申請フォームの送信をお待ちいただけますか。"},
	{U, NULL, "フォームを送信したいのですが、URLが見つかりません。"},
	{U, NULL, "フォームの送信方法を教えてください。"},
	{U, NULL, "申請フォームはいつまでに送信すればよいですか？"},
	{U, NULL, "申請フォームを送信しようとしたらエラーになりました。"},
	{R, NULL, "申請フォームを送信しました。"},
	{R, NULL, "申込書を提出しました。ご確認ください。"},
	{U, NULL, "新規で申請します。"},
	{U, NULL, "申請フォームは送信していません。"},
	{R, NULL, "We have submitted the renewal form."},
	{R, NULL, "I've sent the application form today."},
	{R, NULL, "I'll fill in the form this week."},
	{U, NULL, "Please send the form again."},
	{U, NULL, "Could you send me the application form?"},
	{U, NULL, "We have not submitted the form yet."},
	{U, NULL, "Have you received our form?"},
	{U, NULL, "The form does not work."},
	{U, NULL, "We sent the form but got an error. What should we do?"},
	/* ---- shapes seen in the classify corpus (fixtures/mail) ---- */
	{R, NULL, "ご案内の件、以下の通りです。\n①更新します。\n②申請フォームは年明けに送信します。"},
	{R, NULL, "標記の件、下記の通りお願い申し上げます。\n①証明書の更新：お願いいたします（従来通りの内容で申請させていただきます）\n②申請フォームの送信：12月18日～12月22日の間に送信予定です"},
	{R, NULL, "本日、専用フォームから証明書更新の申請を送信いたしました。\nご確認のほど、よろしくお願いいたします。"},
	{R, NULL, "標記の件、更新を依頼いたします。\n社内の稟議書の写しを添付いたしますので、ご確認ください。"},
	{R, NULL, "証明書は更新します。\n申請フォームは山口が戻り次第、送信いたします。"},
	{U, NULL, "先日、Web担当から「更新は不要」との連絡がいったかと思いますが、\n更新しないわけではありません。\nまだ社内の決裁が下りておりませんので、決まり次第ご連絡いたします。"},
	{U, NULL, "営業部としては更新したいのですが、情報システム部からは\n更新しない方向で検討していると聞いております。\n社内で調整してから、改めてご連絡します。"},
	{U, NULL, "更新料金が2万円以下であれば更新します。\n22,000円ですと予算を少し超えてしまうのですが、お値引きは可能でしょうか。"},
	{U, NULL, "Thanks. 来週の役員会で決めます — we'll decide at next week's board meeting."},
	{U, NULL, "来年度の予算が確定したら、改めてご連絡いたします。\nそれまでお待ちいただけますでしょうか。"},
	{D, "Re: 【更新のご案内】SSLサーバー証明書の更新について [ORD-2026-0021] 更新しません", ""},
	{R, "Re: 【更新のご案内】SSLサーバー証明書の更新について [ORD-2026-0037] 更新します", "\n"},
	{U, "RE: 【更新のご案内】SSLサーバー証明書の更新について [ORD-2026-0034]（山口不在のため代理返信）", ""},
	{R, "RE: 【更新のご案内】SSLサーバー証明書の更新について [ORD-2026-0034]（山口不在のため代理返信）", "証明書は更新します。"},
	{U, "Re: [Renewal notice] Your SSL server certificate [ORD-2026-0035]", "Thanks."},
	/* ---- subject ---- */
	{D, "更新しません", ""},
	{D, "更新しません", "よろしくお願いします。"},
	{R, "更新希望", "よろしくお願いいたします。"},
	{D, "更新しません", "今回は見送ります。"},
	{U, "更新します", "今回は見送ります。"},
	{U, "Re: 【ご案内】SSL証明書更新のお知らせ", ""},
	{U, "Re: 【ご案内】SSL証明書更新のお知らせ", "承知しました。"},
	{R, "Re: 【ご案内】SSL証明書更新のお知らせ", "更新をお願いします。"},
	{U, "Re: SSL証明書を更新しない場合のご案内", ""},
	{U, "更新について検討中", "よろしくお願いします。"},
	{R, "更新について検討中", "検討の結果、更新をお願いすることにしました。"},
	{R, "SSL証明書を更新しますか?", "更新します。"},
	{U, "Re: 更新しません", "承知しました。"},
	{D, "We will not renew", ""},
	{U, "Renewal", "Thanks."},
	{U, "ＲＥ：更新のお願い", "よろしくお願いします。"},
	{R, "【更新希望】Re: SSL証明書更新のお知らせ [ORD-2026-0012]", "よろしくお願いします。"},
	/* ---- whole replies quoting the notice ---- */
	{R, NULL, "更新をお願いします。\n\n2026年11月10日(火) 9:00 ネオワークス <ssl@neoworks.jp>:\n\n" QUOTED_JA},
	{D, NULL, "今回は見送ります。\n\n差出人: ネオワークス <ssl@neoworks.jp>\n送信日時: 2026年11月10日 9:00\n"
		  "宛先: yamada@example.co.jp\n件名: 【ご案内】SSL証明書更新のお知らせ\n\n" NOTICE_JA},
	{D, NULL, "We will not renew.\n\n________________________________\nFrom: Neoworks <ssl@neoworks.jp>\n"
		  "Sent: Tuesday, November 10, 2026 9:00 AM\nTo: John <john@example.com>\n"
		  "Subject: SSL certificate renewal\n\n" NOTICE_EN},
	{U, NULL, "承知しました。\n\nOn 2026/11/10 9:00, ネオワークス wrote:\n" QUOTED_JA},
	{R, NULL, "Please renew.\n\nOn Nov 10, 2026, at 9:00 AM, Neoworks <ssl@neoworks.jp>\nwrote:\n\n" QUOTED_EN},
	{D, NULL, "更新しません。\n\nOn Tue, 10 Nov 2026 09:00:00 +0900\nネオワークス <ssl@neoworks.jp> wrote:\n" QUOTED_JA},
	{R, NULL, "更新希望です。\n\n-----Original Message-----\nFrom: ssl@neoworks.jp\n" NOTICE_JA},
	{D, NULL, "ネオワークス様\n\n2026年11月10日(火) 9:00 ネオワークス <ssl@neoworks.jp>:\n" QUOTED_JA
		  "\n今回は更新しないことにしました。\n"},
	{U, NULL, "\n\nOn Tue, Nov 10, 2026 at 9:00 AM Neoworks <ssl@neoworks.jp> wrote:\n" QUOTED_EN},
	{U, NULL, NOTICE_JA},
	{U, NULL, NOTICE_EN},
	{R, NULL, "＞更新する場合は、専用フォームから送信してください。\n＞更新しない場合は、返信で更新しない旨をお伝えください。\n\n更新します。"},
	{D, NULL, "更新しません。\n\n━━━━━━━━━━━━━━━━\n株式会社サンプル 情報システム部\n山田 太郎\nTEL: 03-1234-5678\n"
		  "Mail: yamada@example.co.jp\n━━━━━━━━━━━━━━━━\n\n-----元のメッセージ-----\n" NOTICE_JA},
	{R, NULL, "更新でお願いします\n--\nJohn Smith\nExample Inc.\n\n" QUOTED_EN},
	{U, NULL, "山田です。\n\n" QUOTED_JA "\n-- \n山田"},
	{R, NULL, "> 更新しますか？\n更新します\n> 更新しない場合はご返信ください\n"},
	{D, NULL, "Hello,\n\nWe have decided not to renew; the site is moving to another host.\n\nRegards\n\n" QUOTED_EN},
};

struct tally {
	unsigned total[4], right[4], unclear_violations;
	GString *failures;
};

static struct tally
run_table(void)
{
	struct tally t = {{0}, {0}, 0, g_string_new(NULL)};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct intent_case *c = &cases[i];
		GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
		char *own = parse_quote_own_text(c->body);
		enum parse_intent got = parse_intent_detect(
			own, c->subject ? c->subject : "Re: 【ご案内】SSL証明書更新のお知らせ", reasons);

		t.total[c->want]++;
		if (got == c->want) {
			t.right[c->want]++;
		} else {
			g_string_append_printf(t.failures, "\n  #%zu want %s got %s: \"%s\" [", i,
					       parse_intent_name(c->want), parse_intent_name(got), own);
			for (guint k = 0; k < reasons->len; k++)
				g_string_append_printf(t.failures, "%s%s", k ? " | " : "",
						       (char *)reasons->pdata[k]);
			g_string_append(t.failures, "]");
			if (c->want == U) {
				t.unclear_violations++;
				g_string_append(t.failures, " <- VIOLATION");
			}
		}
		cr_assert(reasons->len > 0, "case #%zu has no reason", i);
		g_ptr_array_free(reasons, TRUE);
		g_free(own);
	}
	return t;
}

Test(parse_intent, table)
{
	struct tally t = run_table();
	unsigned n = t.total[R] + t.total[D] + t.total[U];
	unsigned ok = t.right[R] + t.right[D] + t.right[U];

	cr_log_info("intent table: %u cases, %u right; renew %u/%u, decline %u/%u, unclear %u/%u",
		    n, ok, t.right[R], t.total[R], t.right[D], t.total[D], t.right[U], t.total[U]);
	cr_assert(n >= 150, "only %u cases", n);
	cr_expect(ok == n, "%u of %u wrong:%s", n - ok, n, t.failures->str);
	g_string_free(t.failures, TRUE);
}

/* Precision: an unclear mail must never be read as renew or decline. */
Test(parse_intent, unclear_never_decided)
{
	struct tally t = run_table();

	cr_log_info("unclear cases: %u, read as renew or decline: %u", t.total[U],
		    t.unclear_violations);
	cr_expect_eq(t.unclear_violations, 0, "unclear read as a decision (see VIOLATION):%s",
		     t.failures->str);
	g_string_free(t.failures, TRUE);
}

Test(parse_intent, reasons_name_the_phrase)
{
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);

	cr_assert_eq(parse_intent_detect("今回は更新をお願いします。", NULL, reasons), R);
	cr_assert_eq(reasons->len, 1);
	cr_assert_str_eq(reasons->pdata[0], "renew: 今回は更新をお願いします。");
	g_ptr_array_set_size(reasons, 0);

	cr_assert_eq(parse_intent_detect("今回は見送ります。", NULL, reasons), D);
	cr_assert_str_eq(reasons->pdata[0], "decline: 今回は見送ります。");
	g_ptr_array_set_size(reasons, 0);

	cr_assert_eq(parse_intent_detect("更新しないとどうなりますか?", NULL, reasons), U);
	cr_assert_str_eq(reasons->pdata[0], "unclear: conditional or question: 更新しないとどうなりますか?");
	g_ptr_array_set_size(reasons, 0);

	cr_assert_eq(parse_intent_detect("予算が通れば更新します。", NULL, reasons), U);
	cr_assert_str_eq(reasons->pdata[0], "unclear: conditional: 予算が通れば更新します。");
	g_ptr_array_set_size(reasons, 0);

	cr_assert_eq(parse_intent_detect("更新します。更新しません。", NULL, reasons), U);
	cr_assert_str_eq(reasons->pdata[0], "unclear: both renew and decline");
	g_ptr_array_set_size(reasons, 0);

	cr_assert_eq(parse_intent_detect("検討中です。更新します。", NULL, reasons), U);
	cr_assert_str_eq(reasons->pdata[0], "unclear: hedge: 検討中");
	g_ptr_array_set_size(reasons, 0);

	cr_assert_eq(parse_intent_detect("よろしくお願いします。", "更新希望", reasons), R);
	cr_assert_eq(reasons->len, 1);
	cr_assert_str_eq(reasons->pdata[0], "renew: subject: 更新希望");
	g_ptr_array_set_size(reasons, 0);

	cr_assert_eq(parse_intent_detect("更新します。", "更新しません", reasons), U);
	cr_assert_str_eq(reasons->pdata[0], "unclear: the subject disagrees with the body");
	g_ptr_array_set_size(reasons, 0);

	cr_assert_eq(parse_intent_detect("", NULL, reasons), U);
	cr_assert_str_eq(reasons->pdata[0], "unclear: empty");
	g_ptr_array_set_size(reasons, 0);

	cr_assert_eq(parse_intent_detect("お世話になっております。", NULL, reasons), U);
	cr_assert_str_eq(reasons->pdata[0], "unclear: no renew or decline phrase");
	g_ptr_array_free(reasons, TRUE);
}

Test(parse_intent, null_arguments_and_names)
{
	cr_assert_eq(parse_intent_detect(NULL, NULL, NULL), U);
	cr_assert_eq(parse_intent_detect("更新します", NULL, NULL), R);
	cr_assert_eq(parse_intent_detect("\xff\xfe 更新しません", NULL, NULL), D);
	cr_assert_str_eq(parse_intent_name(R), "renew");
	cr_assert_str_eq(parse_intent_name(D), "decline");
	cr_assert_str_eq(parse_intent_name(U), "unclear");
	cr_assert_null(parse_intent_name(PARSE_INTENT_NONE));
}

Test(parse_intent, crafted_text_stays_bounded)
{
	GString *s = g_string_new(NULL);
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
	gint64 t0;

	/* One 300 KB sentence of anchors: unclear, and quickly. */
	for (int i = 0; i < 20000; i++)
		g_string_append(s, "更新不要解約");
	t0 = g_get_monotonic_time();
	cr_assert_eq(parse_intent_detect(s->str, NULL, reasons), U);
	cr_assert_lt(g_get_monotonic_time() - t0, 2 * G_USEC_PER_SEC);
	cr_assert_str_eq(reasons->pdata[0], "unclear: too many phrases");
	g_ptr_array_free(reasons, TRUE);
	g_string_free(s, TRUE);
}

Test(parse_intent, long_text_stays_fast_and_bounded)
{
	GString *s = g_string_new(NULL);
	gint64 t0;

	for (int i = 0; i < 2000; i++)
		g_string_append(s, "お世話になっております。よろしくお願いします。\n");
	g_string_append(s, "更新をお願いします。");
	t0 = g_get_monotonic_time();
	cr_assert_eq(parse_intent_detect(s->str, NULL, NULL), R);
	cr_assert_lt(g_get_monotonic_time() - t0, 2 * G_USEC_PER_SEC);
	g_string_free(s, TRUE);
}

/* The classifier's entry for texts a view made valid UTF-8 answers as the
 * checking one does, reasons and all. */
Test(parse_intent, valid_entry_agrees)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct intent_case *c = &cases[i];
		const char *subject = c->subject ? c->subject : "Re: 【ご案内】SSL証明書更新のお知らせ";
		GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
		GPtrArray *b = g_ptr_array_new_with_free_func(g_free);
		char *own = parse_quote_own_text(c->body);

		cr_assert_eq(parse_intent_detect(own, subject, a), parse_intent_detect_valid(own, subject, b),
			     "case #%zu", i);
		cr_assert_eq(a->len, b->len, "case #%zu", i);
		for (guint k = 0; k < a->len; k++)
			cr_assert_str_eq(a->pdata[k], b->pdata[k], "case #%zu", i);
		g_ptr_array_free(a, TRUE);
		g_ptr_array_free(b, TRUE);
		g_free(own);
	}
}
