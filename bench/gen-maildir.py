#!/usr/bin/python3
"""Generate a Maildir of N realistic renewal-mailbox messages for the benchmarks.

Mixed kinds (customer replies, forms, CA mails, auto-replies, bounces, noise),
mixed encodings (ISO-2022-JP, Shift_JIS, UTF-8 base64 and quoted-printable,
HTML-only) and sizes; a tenth carry a 50-200 KB attachment. Deterministic for a
given seed, so two runs measure the same bytes.

usage: gen-maildir.py DIR [COUNT] [SEED]
"""
import os
import random
import sys
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
import datetime

NOTICE = (
    "株式会社さくら商事\n山田 太郎 様\n\nいつもお世話になっております。Example Hostingです。\n"
    "ご利用中のSSLサーバー証明書（www.sakura-shoji.example.jp）の有効期限が近づいております。\n"
    "更新される場合は、2026年11月26日までに専用フォームから申請情報を送信してください。\n"
    "更新されない場合は、このメールの返信で更新しない旨をお伝えください。\n"
    "更新費用のお見積り: 33,000円（税込）\n"
)
REPLIES = [
    "お世話になっております。\n更新をお願いいたします。\nよろしくお願いいたします。",
    "いつもありがとうございます。\n今回は更新を見送らせていただきます。",
    "更新しないとどうなりますか？サイトが見られなくなるのでしょうか。",
    "Hello,\nWe would like to renew the certificate.\nBest regards,",
    "承知しました。社内で確認のうえ、改めてご連絡いたします。",
    "継続でお願いします。①②の件も合わせてご確認ください。",
]
SUBJECTS = ["Re: 【更新のご案内】SSLサーバー証明書の更新について [ORD-2026-%04d]",
            "RE: SSL証明書更新のご案内 [ORD-2026-%04d]", "Re: Renewal of your SSL certificate [ORD-2026-%04d]"]


def text_part(body, charset, cte):
    if charset == "iso-2022-jp":
        part = MIMEText(body.replace("①", "(1)").replace("②", "(2)"), "plain", "iso-2022-jp")
    elif charset == "shift_jis":
        part = MIMEText("", "plain")
        part.set_payload(body.encode("cp932"))
        part.replace_header("Content-Type", 'text/plain; charset="Shift_JIS"')
        part["Content-Transfer-Encoding"] = "8bit"
        return part
    else:
        part = MIMEText(body, "plain", "utf-8")
        if cte == "qp":
            from email import charset as cs
            c = cs.Charset("utf-8")
            c.body_encoding = cs.QP
            part = MIMEText(body, "plain", c)
    return part


def message(rng, i):
    kind = rng.random()
    order = rng.randint(1, 500)
    date = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))
    date += datetime.timedelta(minutes=i)
    if kind < 0.55:
        body = rng.choice(REPLIES) + "\n\n" + "\n".join("> " + l for l in NOTICE.splitlines())
        body += "\n" + ("詳細はこちらをご覧ください。\n" * rng.randint(0, 30))
        charset = rng.choice(["iso-2022-jp", "shift_jis", "utf-8", "utf-8-qp"])
        msg = text_part(body, "utf-8" if charset == "utf-8-qp" else charset,
                        "qp" if charset == "utf-8-qp" else "b64")
        subject = rng.choice(SUBJECTS) % order
        sender = "customer%d@example%d.co.jp" % (order, order % 17)
    elif kind < 0.65:
        html = "<html><body><div>" + rng.choice(REPLIES).replace("\n", "<br>") + \
               "</div><blockquote>" + NOTICE.replace("\n", "<br>") + "</blockquote></body></html>"
        msg = MIMEText(html, "html", "utf-8")
        subject = rng.choice(SUBJECTS) % order
        sender = "user%d@example%d.com" % (order, order % 13)
    elif kind < 0.75:
        msg = MIMEText("SSL Certificate order requires approval\n\nOrder #%d\nCommon Name: "
                       "www.example%d.co.jp\n\nApprove or reject this order:\n"
                       "https://www.digicert.com/secure/approve/%08x\n" % (order, order, rng.getrandbits(32)),
                       "plain", "us-ascii")
        subject = "SSL Certificate order requires approval (Order #%d)" % order
        sender = "no-reply@digicert.com"
    elif kind < 0.85:
        msg = MIMEText("只今不在にしております。11月20日以降に順次対応いたします。", "plain", "iso-2022-jp")
        subject = "自動応答: SSL証明書更新のご案内"
        sender = "auto%d@example%d.co.jp" % (order, order % 7)
        msg["Auto-Submitted"] = "auto-replied"
    else:
        msg = MIMEText("お得なキャンペーンのお知らせ\n" + "今だけ特別価格！\n" * rng.randint(1, 50), "plain", "utf-8")
        subject = "【特別なご案内】今月限りのキャンペーン"
        sender = "news@shop%d.example.com" % (order % 11)
    if rng.random() < 0.1:
        outer = MIMEMultipart("mixed")
        outer.attach(msg)
        size = rng.randint(50 * 1024, 200 * 1024)
        att = MIMEApplication(rng.randbytes(size), "zip")
        att.add_header("Content-Disposition", "attachment", filename="certificates-%d.zip" % order)
        outer.attach(att)
        msg = outer
    msg["Subject"] = Header(subject, "iso-2022-jp" if rng.random() < 0.5 else "utf-8")
    msg["From"] = sender
    msg["To"] = "ssl@example-hosting.jp"
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = "<bench.%d.%08x@example.jp>" % (i, rng.getrandbits(32))
    if kind < 0.65:
        msg["In-Reply-To"] = "<ORD-2026-%04d.notice.%08x@example-hosting.jp>" % (order, order)
    from email import policy
    return msg.as_bytes(policy=policy.compat32.clone(linesep="\r\n"))


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261125
    rng = random.Random(seed)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    for i in range(count):
        data = message(rng, i)
        with open(os.path.join(out, "new", "%010d.bench.eml" % i), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
