#!/usr/bin/python3
"""Write the classify test corpus: fixtures/mail/<case>.eml and fixtures/expected/<case>.json.

Run from anywhere with Debian's /usr/bin/python3 (standard library only):

    /usr/bin/python3 scripts/make-fixtures.py            # write every case
    /usr/bin/python3 scripts/make-fixtures.py --check    # also re-parse each .eml with
                                                          # Python's email package and list defects
    /usr/bin/python3 scripts/make-fixtures.py --pki DIR  # keep the test PKI in DIR (not in the
                                                          # repository) and reuse it next time

The .eml files are committed; this script documents how they were made. Every
mail is written byte by byte here (no email.generator), so that the encodings
are exactly those of the mailer being imitated: ISO-2022-JP with and without the
Windows NEC row-13 characters, Shift_JIS labels on CP932 bytes, UTF-8 in base64,
quoted-printable and raw 8bit, HTML only, broken labels and broken MIME.

The certificates inside the issued-certificate mails come from a throw-away test
PKI made with scripts/test-pki.sh in a temporary folder (EC P-256 keys, fixed
validity dates). The keys are deleted with the folder, so running the script
again makes new certificates: new .eml bytes and new sha256 values in the
expected files, both written by the same run; with --pki DIR the CA and the leaves
are kept there and reused, and the whole corpus comes out byte-identical.
Everything else is fixed text and comes out byte-identical on every run.
"""

import base64
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MAIL_DIR = os.path.join(ROOT, "fixtures", "mail")
EXP_DIR = os.path.join(ROOT, "fixtures", "expected")

JST = datetime.timezone(datetime.timedelta(hours=9))

# ---------------------------------------------------------------------------
# dates

WEEKDAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WEEKDAYS_LONG = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_JA = ["月", "火", "水", "木", "金", "土", "日"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]

HOLIDAYS = {
    datetime.date(2026, 11, 3), datetime.date(2026, 11, 23), datetime.date(2027, 1, 1),
    datetime.date(2027, 1, 11), datetime.date(2027, 2, 11), datetime.date(2027, 2, 23),
    datetime.date(2027, 3, 22),
}


def business_day(d):
    if d.weekday() >= 5 or d in HOLIDAYS:
        return False
    if (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3):
        return False
    return True


def business_days_before(d, n):
    while n:
        d -= datetime.timedelta(days=1)
        if business_day(d):
            n -= 1
    return d


def dt(y, mo, d, h=0, mi=0, s=0):
    return datetime.datetime(y, mo, d, h, mi, s, tzinfo=JST)


def rfc_date(t, zone_comment=False):
    s = "%s, %d %s %d %02d:%02d:%02d +0900" % (WEEKDAYS_EN[t.weekday()], t.day, MONTHS_EN[t.month - 1],
                                               t.year, t.hour, t.minute, t.second)
    return s + " (JST)" if zone_comment else s


def ja_date(d):
    return "%d年%d月%d日（%s）" % (d.year, d.month, d.day, WEEKDAYS_JA[d.weekday()])


def en_date(d):
    return "%s %d, %d" % (MONTHS_LONG[d.month - 1], d.day, d.year)

# ---------------------------------------------------------------------------
# charsets


def sjis_to_jis(b1, b2):
    """One CP932 double-byte character to its JIS X 0208 row/cell bytes (NEC row 13 included)."""
    if b1 >= 0xE0:
        b1 -= 0x40
    c1 = (b1 - 0x81) * 2 + 0x21
    if b2 >= 0x9F:
        c1 += 1
        c2 = b2 - 0x7E
    else:
        c2 = b2 - (0x20 if b2 >= 0x80 else 0x1F)
    return bytes([c1, c2])


def cp50220_line(line):
    """ISO-2022-JP as Windows writes it (CP50220): NEC specials like ① ㈱ go inside ESC $ B."""
    out = bytearray()
    jis = False
    for ch in line:
        if ord(ch) < 0x80:
            if jis:
                out += b"\x1b(B"
                jis = False
            out += ch.encode("ascii")
        else:
            sj = ch.encode("cp932")
            if len(sj) != 2:
                raise ValueError("not a double-byte character: %r" % ch)
            if not jis:
                out += b"\x1b$B"
                jis = True
            out += sjis_to_jis(sj[0], sj[1])
    if jis:
        out += b"\x1b(B"
    return bytes(out)


def encode_text(text, charset):
    """text (lines joined by \\n) -> bytes, line by line so every line ends in ASCII."""
    cs = charset.lower()
    lines = text.split("\n")
    if cs == "iso-2022-jp":
        return b"\n".join(ln.encode("iso2022_jp") for ln in lines)
    if cs == "cp50220":
        return b"\n".join(cp50220_line(ln) for ln in lines)
    if cs in ("shift_jis", "cp932"):
        return text.encode("cp932")
    if cs == "euc-jp":
        return text.encode("euc_jp")
    return text.encode("utf-8")


# self-check of the JIS conversion against Python's codec
for _c in "あア漢字更新ー～":
    if _c == "～":
        continue
    assert cp50220_line(_c) == _c.encode("iso2022_jp"), _c
assert cp50220_line("①") == b"\x1b$B\x2d\x21\x1b(B"

# ---------------------------------------------------------------------------
# transfer encodings (text uses \n; the message is turned to CRLF at the end)


def b64_lines(data, width=76):
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + width] for i in range(0, len(s), width)) + "\n"


def b64_text(text, charset, crlf=True):
    data = encode_text(text, charset)
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    return b64_lines(data).encode("ascii")


def qp_encode(data, width=76, crlf=True):
    """Quoted-printable of bytes whose lines end in \\n (hard breaks), soft breaks at width."""
    out = []
    for line in data.split(b"\n"):
        enc = []
        for i, c in enumerate(line):
            if c == 0x3D or c > 0x7E or (c < 0x20 and c != 0x09):
                enc.append("=%02X" % c)
            elif c in (0x20, 0x09) and i == len(line) - 1:
                enc.append("=%02X" % c)
            else:
                enc.append(chr(c))
        cur = ""
        lines = []
        for tok in enc:
            if len(cur) + len(tok) > width - 1:
                lines.append(cur + "=")
                cur = ""
            cur += tok
        lines.append(cur)
        out.append("\n".join(lines))
    return "\n".join(out).encode("ascii")


def qp_text(text, charset):
    return qp_encode(encode_text(text, charset))

# ---------------------------------------------------------------------------
# headers


def ew(text, charset="UTF-8", enc="B", max_word=75):
    """RFC 2047 encoded words for text, each self-contained and at most max_word long."""
    cs = charset.upper()
    words = []
    chunk = ""

    def encode(s):
        if cs == "ISO-2022-JP":
            data = s.encode("iso2022_jp")
        elif cs == "SHIFT_JIS":
            data = s.encode("cp932")
        else:
            data = s.encode("utf-8")
        if enc == "B":
            return "=?%s?B?%s?=" % (charset, base64.b64encode(data).decode("ascii"))
        q = "".join(chr(b) if (0x21 <= b <= 0x7E and b not in b"=?_") else ("_" if b == 0x20 else "=%02X" % b)
                    for b in data)
        return "=?%s?Q?%s?=" % (charset, q)

    for ch in text:
        if len(encode(chunk + ch)) > max_word and chunk:
            words.append(encode(chunk))
            chunk = ""
        chunk += ch
    if chunk:
        words.append(encode(chunk))
    return words


def fold_words(name, words):
    """'Name: w1\\n w2\\n w3' as mailers fold encoded words."""
    return name + ": " + "\n ".join(words)


def subj(text, charset="UTF-8", enc="B", name="Subject"):
    """A header whose value is non-ASCII text: ASCII runs kept as is where the mailer would."""
    if all(ord(c) < 0x80 for c in text):
        return "%s: %s" % (name, text)
    return fold_words(name, ew(text, charset, enc))


def addr(display, address, charset="UTF-8", enc="B"):
    if display is None:
        return address
    if all(ord(c) < 0x80 for c in display):
        if re.search(r'[,.;:<>@()\[\]"]', display):
            return '"%s" <%s>' % (display, address)
        return "%s <%s>" % (display, address)
    return "%s <%s>" % ("\n ".join(ew(display, charset, enc)), address)

# ---------------------------------------------------------------------------
# MIME building: a part is (header lines, body bytes); bodies end with \n


class Part:
    def __init__(self, headers, body):
        self.headers = headers
        self.body = body

    def render(self):
        head = "\n".join(self.headers).encode("utf-8", "surrogateescape")
        return head + b"\n\n" + self.body


def text_part(text, charset="UTF-8", cte=None, subtype="plain", params="", label=None,
              quote=None, extra=None, crlf=True):
    """A text leaf. charset: how the bytes are made (cp50220 = ISO-2022-JP with NEC
    specials); label: what Content-Type says (defaults to the real name)."""
    if label is None:
        label = "ISO-2022-JP" if charset.lower() == "cp50220" else charset
    if quote is None:
        quote = label.lower() in ("iso-2022-jp", "shift_jis")
    if cte is None:
        cte = "7bit" if charset.lower() in ("iso-2022-jp", "cp50220") else "base64"
    if not text.endswith("\n"):
        text += "\n"
    if cte == "base64":
        body = b64_text(text, charset, crlf)
    elif cte == "quoted-printable":
        body = qp_text(text, charset)
    else:
        body = encode_text(text, charset)
    q = '"' if quote else ""
    headers = ["Content-Type: text/%s; charset=%s%s%s%s" % (subtype, q, label, q, params),
               "Content-Transfer-Encoding: %s" % cte]
    if extra:
        headers += extra
    return Part(headers, body)


def raw_part(headers, body_bytes):
    return Part(headers, body_bytes)


def attachment(filename, data, ctype="application/octet-stream", cte="base64", inline=False,
               name_param=True):
    disp = "inline" if inline else "attachment"
    ct = "Content-Type: %s" % ctype
    if name_param:
        ct += ';\n\tname="%s"' % filename
    headers = [ct, 'Content-Disposition: %s;\n\tfilename="%s"' % (disp, filename),
               "Content-Transfer-Encoding: %s" % cte]
    if cte == "base64":
        body = b64_lines(data).encode("ascii")
    else:
        body = data if data.endswith(b"\n") else data + b"\n"
    return Part(headers, body)


def multipart(subtype, parts, boundary, extra_params="", preamble=None, close=True,
              ct_headers=None):
    lines = ["Content-Type: multipart/%s;\n\tboundary=\"%s\"%s" % (subtype, boundary, extra_params)]
    if ct_headers:
        lines += ct_headers
    body = b""
    if preamble is not None:
        body += preamble.encode("utf-8") + b"\n"
    for p in parts:
        body += b"\n--" + boundary.encode() + b"\n" + p.render()
    if close:
        body += b"\n--" + boundary.encode() + b"--\n"
    return Part(lines, body.lstrip(b"\n") if preamble is None else body)


def message_part(inner_bytes, disposition=None):
    headers = ["Content-Type: message/rfc822"]
    if disposition:
        headers.append("Content-Disposition: " + disposition)
    return Part(headers, inner_bytes if inner_bytes.endswith(b"\n") else inner_bytes + b"\n")


def build(headers, part, crlf=True, mime_version="MIME-Version: 1.0"):
    """A whole message: the top headers, MIME-Version, then the part's own headers and body."""
    hs = list(headers)
    if mime_version:
        hs.append(mime_version)
    hs += part.headers
    data = "\n".join(hs).encode("utf-8", "surrogateescape") + b"\n\n" + part.body
    if crlf:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return data


def inner(headers, part):
    """A message kept inside another (message/rfc822): LF here, CRLF with the outer one."""
    return build(headers, part, crlf=False)

# ---------------------------------------------------------------------------
# header helpers for the hops every mail took


def rcv(helo, host, ip, qid, t, by="mx.example-hosting.jp", via="Postfix", proto="ESMTPS",
        rcpt="ssl@example-hosting.jp", tls=True):
    s = "Received: from %s (%s [%s])\n\tby %s (%s) with %s id %s\n" % (helo, host, ip, by, via, proto, qid)
    if rcpt:
        s += "\tfor <%s>; %s" % (rcpt, rfc_date(t, True))
    else:
        s += "\t; %s" % rfc_date(t, True)
    return s


def ar(spf=None, dkim=None, dmarc=None, authserv="mx.example-hosting.jp"):
    """Authentication-Results as our MX writes it."""
    items = []
    if spf:
        items.append(spf)
    if dkim:
        items.append(dkim)
    if dmarc:
        items.append(dmarc)
    return "Authentication-Results: %s;\n\t%s" % (authserv, ";\n\t".join(items))


def ar_customer(domain, t=None):
    return ar("spf=pass (mx.example-hosting.jp: domain of %s designates sender as permitted) "
              "smtp.mailfrom=%s" % (domain, domain),
              "dkim=pass header.d=%s header.s=default header.b=Qm7xLp2a" % domain,
              "dmarc=pass (p=none dis=none) header.from=%s" % domain)


def dkim_sig(domain, selector="s1", h="From:To:Subject:Date:Message-ID"):
    fake = hashlib.sha256((domain + selector + h).encode()).digest()
    b = base64.b64encode(fake * 8).decode()
    bh = base64.b64encode(hashlib.sha256(domain.encode()).digest()).decode()
    return ("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s;\n\ts=%s; t=1794300000;"
            "\n\th=%s;\n\tbh=%s;\n\tb=%s\n\t %s\n\t %s" % (domain, selector, h, bh, b[:70], b[70:140], b[140:200]))

# ---------------------------------------------------------------------------
# quoting styles


def gt_quote(text, prefix="> "):
    out = []
    for ln in text.rstrip("\n").split("\n"):
        out.append((prefix + ln) if ln else prefix.rstrip())
    return "\n".join(out)


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_to_html_divs(text):
    out = []
    for ln in text.rstrip("\n").split("\n"):
        out.append("<div>%s</div>" % (html_escape(ln) if ln else "<br>"))
    return "\n".join(out)


def text_to_html_br(text):
    return "<br>\n".join(html_escape(ln) for ln in text.rstrip("\n").split("\n"))

# ---------------------------------------------------------------------------
# cases


CASES = []


def case(name, data, note, kind, message_id, intent=None, order=None, domain=None, trusted=False,
         forwarded_by=None, ca=None, ca_order=None, approval_url=None, form=None,
         certificates=None):
    exp = {
        "file": name + ".eml",
        "message_id": message_id,
        "kind": kind,
        "intent": intent,
        "order": order,
        "domain": domain,
        "trusted": trusted,
        "forwarded_by": forwarded_by,
        "ca": ca,
        "ca_order": ca_order,
        "approval_url": approval_url,
        "form": form,
        "certificates": certificates or [],
        "_note": note,
    }
    assert kind in ("customer_reply", "application_form", "approval_notice", "issued_certificate",
                    "auto_reply", "bounce", "unknown"), kind
    assert (intent is not None) == (kind == "customer_reply"), name
    assert (form is not None) == (kind == "application_form"), name
    assert not any(c["name"] == name for c in CASES), name
    CASES.append({"name": name, "data": data, "expected": exp})

# ---------------------------------------------------------------------------
# our side

OUR_NAME_JA = "エグザンプルホスティング SSL証明書担当"
OUR_NAME_EN = "Example Hosting SSL Team"
OUR_ADDR = "ssl@example-hosting.jp"
FORM_URL = "https://www.example-hosting.jp/ssl/renew/"
STAFF1 = ("鈴木 健太", "staff1@example-hosting.jp")
STAFF2 = ("田中 美咲", "staff2@example-hosting.jp")

OUR_SIG_JA = """━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
エグザンプルホスティング株式会社
SSL証明書担当
〒150-0043 東京都渋谷区道玄坂9-9-9 エグザンプルビル7F
E-mail: ssl@example-hosting.jp
お問い合わせ: info@example-hosting.jp
https://www.example-hosting.jp/
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━"""

OUR_SIG_EN = """--
Example Hosting Co., Ltd. / SSL Certificate Team
9-9-9 Dogenzaka, Shibuya-ku, Tokyo 150-0043, Japan
ssl@example-hosting.jp / https://www.example-hosting.jp/"""

CA_JA = {"digicert": "デジサート（DigiCert）", "geotrust": "ジオトラスト（GeoTrust）",
         "sectigo": "セクティゴ（Sectigo、旧コモド）", "globalsign": "グローバルサイン（GlobalSign）"}
CA_EN = {"digicert": "DigiCert", "geotrust": "GeoTrust (DigiCert)", "sectigo": "Sectigo (formerly Comodo)",
         "globalsign": "GlobalSign"}


class Order:
    def __init__(self, oid, nhash, org, org_en, contact, title, email, domain, sans, ca, product,
                 expiry, price, tech=None, lang="ja", contact_en=None, dept=None):
        self.id = oid
        self.org = org
        self.org_en = org_en
        self.contact = contact
        self.contact_en = contact_en
        self.title = title
        self.email = email
        self.tech = tech
        self.domain = domain
        self.sans = sans
        self.ca = ca
        self.product = product
        self.expiry = expiry
        self.price = price
        self.lang = lang
        self.dept = dept
        self.deadline = business_days_before(expiry, 10)
        nd = expiry - datetime.timedelta(days=30)
        while not business_day(nd):
            nd -= datetime.timedelta(days=1)
        self.notice_time = datetime.datetime(nd.year, nd.month, nd.day, 9, 0, 0, tzinfo=JST)
        self.notice_id = "<%s.notice.%s@example-hosting.jp>" % (oid, nhash)
        self.reminder_id = "<%s.reminder.%s@example-hosting.jp>" % (oid, nhash[::-1])

    @property
    def subject(self):
        if self.lang == "en":
            return "[Renewal notice] Your SSL server certificate [%s]" % self.id
        return "【更新のご案内】SSLサーバー証明書の更新について [%s]" % self.id

    def notice(self):
        if self.lang == "en":
            return notice_en(self)
        return notice_ja(self)


def notice_ja(o):
    sans = "、".join(o.sans) if o.sans else "なし"
    return """{org}
{contact} 様

いつもエグザンプルホスティングをご利用いただき、誠にありがとうございます。
SSL証明書担当でございます。

現在ご利用中のSSLサーバー証明書（企業認証）の有効期限が近づいてまいりましたので、
更新手続きのご案内をお送りいたします。

■対象の証明書
　コモンネーム　：{domain}
　追加ドメイン　：{sans}
　認証局　　　　：{ca}
　証明書の種類　：{product}
　有効期限　　　：{expiry}

■更新費用（お見積り）
　{price:,}円（税込・1年間）

■更新依頼期限日
　{deadline}

■更新手続きについて
更新される場合は、更新依頼期限日までに、下記の専用フォームから申請情報を入力して
送信してください。
　{form}?order={oid}

更新されない場合は、このメールの返信で更新しない旨をお伝えください。

更新依頼期限日までにフォームの送信がない場合、証明書の有効期限を過ぎますと
自動的にSSL証明書が無効となり、ウェブサイトの閲覧時にブラウザで警告が表示されます。

※前年度と組織名が異なる場合、または認証局・認証タイプを変更される場合は、
　更新ではなく新規のお手続きとなります。
※サーバーのコントロールパネルやrootのログイン情報を前回から変更されている場合は、
　フォームの備考欄にてお知らせください。
※2026年3月15日以降、SSL証明書の最長有効期間は200日となりました。
　1年間のご契約期間中の再発行・再インストールは弊社にて行います（追加費用なし）。

ご不明な点がございましたら、本メールにご返信いただくか、
info@example-hosting.jp までお問い合わせください。

今後ともよろしくお願い申し上げます。

{sig}
""".format(org=o.org, contact=o.contact, domain=o.domain, sans=sans, ca=CA_JA[o.ca], product=o.product,
           expiry=ja_date(o.expiry), price=o.price, deadline=ja_date(o.deadline), form=FORM_URL, oid=o.id,
           sig=OUR_SIG_JA)


def notice_en(o):
    sans = ", ".join(o.sans) if o.sans else "none"
    return """Dear {contact},

Thank you for using Example Hosting.

The SSL server certificate (organization validated) for your website expires soon.
This is our renewal notice and quotation.

  Common name:       {domain}
  Additional names:  {sans}
  Certificate authority: {ca}
  Product:           {product}
  Expires:           {expiry}

Renewal fee (quotation): JPY {price:,} (tax included, one year)
Request deadline: {deadline}

If you wish to renew, please fill in the renewal application form below
by the request deadline:
  {form}?order={oid}

If you do not wish to renew, please reply to this email and let us know
that you will not renew.

If we do not receive the form by the deadline, the certificate will expire
on the date above and visitors will see a browser warning.

Note: a change of organization name, certificate authority or validation
type requires a new application instead of a renewal.

If you have any questions, reply to this email or write to
info@example-hosting.jp.

Best regards,

{sig}
""".format(contact=o.contact_en or o.contact, domain=o.domain, sans=sans, ca=CA_EN[o.ca], product=o.product,
           expiry=en_date(o.expiry), price=o.price, deadline=en_date(o.deadline), form=FORM_URL, oid=o.id,
           sig=OUR_SIG_EN)


D = datetime.date
O = {}


def order(key, *a, **k):
    O[key] = Order(*a, **k)


order("sakura", "ORD-2026-0012", "1a2b3c4d", "株式会社さくら商事", "Sakura Shoji Co., Ltd.", "山田 太郎",
      "情報システム部長", "yamada@sakura-shoji.example.jp", "www.sakura-shoji.example.jp",
      ["sakura-shoji.example.jp"], "digicert", "セキュア・サーバID（Secure Site OV）", D(2026, 12, 10), 33000,
      tech="it@sakura-shoji.example.jp")
order("minato", "ORD-2026-0013", "5e6f7a8b", "有限会社みなと工房", "Minato Kobo Ltd.", "佐藤 花子", "代表取締役",
      "hanako@minato-kobo.example.jp", "shop.minato-kobo.example.jp", [], "sectigo", "Sectigo OV SSL",
      D(2027, 1, 20), 22000)
order("hikari", "ORD-2026-0014", "9c0d1e2f", "合同会社ひかりネット", "Hikari Net LLC", "鈴木 一郎", "技術部 主任",
      "suzuki@hikari-net.example.jp", "*.hikari-net.example.jp", ["hikari-net.example.jp"], "globalsign",
      "AlphaSSL ワイルドカード", D(2027, 3, 5), 49500, tech="admin@hikari-net.example.jp")
order("aoba", "ORD-2026-0015", "3a4b5c6d", "株式会社あおば建設", "Aoba Kensetsu Co., Ltd.", "高橋 誠", "総務部 課長",
      "takahashi@aoba-kensetsu.example.co.jp", "www.aoba-kensetsu.example.co.jp", ["aoba-kensetsu.example.co.jp"],
      "geotrust", "ジオトラスト トゥルービジネスID", D(2026, 12, 18), 38500)
order("hokuto", "ORD-2026-0016", "7e8f9a0b", "株式会社北斗精機", "Hokuto Seiki Co., Ltd.", "伊藤 健一", "管理部長",
      "k-ito@hokuto-seiki.example.co.jp", "www.hokuto-seiki.example.co.jp", ["hokuto-seiki.example.co.jp"],
      "digicert", "セキュア・サーバID（Secure Site OV）", D(2026, 12, 15), 33000,
      tech="sysadmin@hokuto-seiki.example.co.jp")
order("kamome", "ORD-2026-0017", "b1c2d3e4", "株式会社カモメ物流", "Kamome Logistics Inc.", "渡辺 直樹",
      "業務推進課 係長", "n-watanabe@kamome-logi.example.co.jp", "www.kamome-logi.example.co.jp",
      ["kamome-logi.example.co.jp", "track.kamome-logi.example.co.jp"], "sectigo", "Sectigo OV SSL",
      D(2027, 1, 8), 27500)
order("fuji", "ORD-2026-0018", "f5a6b7c8", "株式会社ふじ企画", "Fuji Kikaku Co., Ltd.", "小林 由美", "代表取締役",
      "kobayashi@fuji-kikaku.example.jp", "www.fuji-kikaku.example.jp", [], "digicert",
      "セキュア・サーバID（Secure Site OV）", D(2026, 12, 22), 33000)
order("towa", "ORD-2026-0019", "d9e0f1a2", "東和システム株式会社", "Towa System Corporation", "中村 浩二",
      "システム管理室 室長", "nakamura@towa-sys.example.co.jp", "secure.towa-sys.example.co.jp", [],
      "digicert", "セキュア・サーバID（Secure Site OV）", D(2026, 12, 24), 33000,
      tech="infra@towa-sys.example.co.jp")
order("sugimoto", "ORD-2026-0020", "a3b4c5d6", "株式会社杉本製作所", "Sugimoto Manufacturing Co., Ltd.",
      "杉本 誠一郎", "代表取締役社長", "seiichiro@sugimoto-mfg.example.jp", "www.sugimoto-mfg.example.jp",
      ["sugimoto-mfg.example.jp"], "sectigo", "Sectigo OV SSL", D(2027, 1, 15), 22000)
order("sakuragaoka", "ORD-2026-0021", "e7f8a9b0", "学校法人桜ヶ丘学園", "Sakuragaoka Gakuen Educational Foundation",
      "加藤 順子", "事務局 主幹", "kato@sakuragaoka-gakuen.example.jp", "www.sakuragaoka-gakuen.example.jp",
      ["sakuragaoka-gakuen.example.jp"], "digicert", "セキュア・サーバID（Secure Site OV）", D(2026, 12, 28),
      33000)
order("greenleaf", "ORD-2026-0022", "c1d2e3f4", "株式会社グリーンリーフ", "Green Leaf Inc.", "John Miller",
      "IT Manager", "john.miller@greenleaf.example.com", "shop.greenleaf.example.com", ["greenleaf.example.com"],
      "digicert", "Secure Site OV", D(2026, 12, 16), 33000, lang="en")
order("nippon", "ORD-2026-0023", "a5b6c7d8", "日本エグザンプル貿易株式会社", "Nippon Example Trading K.K.",
      "Sarah Thompson", "Office Manager", "s.thompson@nippon-trading.example.com", "www.nippon-trading.example.com",
      [], "sectigo", "Sectigo OV SSL", D(2027, 1, 22), 22000, lang="en")
order("maruyama", "ORD-2026-0024", "e9f0a1b2", "株式会社まるやま食品", "Maruyama Foods Co., Ltd.", "丸山 和夫",
      "専務取締役", "maruyama@maruyama-foods.example.jp", "www.maruyama-foods.example.jp",
      ["maruyama-foods.example.jp"], "digicert", "セキュア・サーバID（Secure Site OV）", D(2026, 12, 11), 33000)
order("nakamura", "ORD-2026-0025", "c3d4e5f6", "有限会社オフィス中村", "Office Nakamura Ltd.", "中村 美香", "取締役",
      "mika@office-nakamura.example.jp", "www.office-nakamura.example.jp", [], "sectigo", "Sectigo OV SSL",
      D(2027, 1, 12), 22000)
order("trident", "ORD-2026-0026", "a7b8c9d0", "株式会社トライデント", "Trident Co., Ltd.", "森田 亮",
      "経営企画部 マネージャー", "r-morita@trident.example.co.jp", "www.trident.example.co.jp",
      ["trident.example.co.jp"], "geotrust", "ジオトラスト トゥルービジネスID", D(2026, 12, 21), 38500)
order("iroha", "ORD-2026-0027", "e1f2a3b4", "株式会社いろは堂", "Irohado Co., Ltd.", "石井 さゆり", "店長",
      "ishii@irohado.example.jp", "www.irohado.example.jp", ["irohado.example.jp"], "globalsign",
      "グローバルサイン 企業認証SSL", D(2027, 2, 3), 44000)
order("mirai", "ORD-2026-0028", "c5d6e7f8", "株式会社ミライテック", "Miraitech Inc.", "吉田 拓也", "CTO",
      "yoshida@miraitech.example.co.jp", "www.miraitech.example.co.jp",
      ["miraitech.example.co.jp", "api.miraitech.example.co.jp"], "digicert", "Secure Site OV", D(2026, 12, 14),
      33000, tech="ops@miraitech.example.co.jp")
order("shirasagi", "ORD-2026-0029", "a9b0c1d2", "株式会社白鷺不動産", "Shirasagi Real Estate Co., Ltd.",
      "岡田 浩", "営業部長", "okada@shirasagi-fudosan.example.jp", "www.shirasagi-fudosan.example.jp", [],
      "sectigo", "Sectigo OV SSL", D(2027, 1, 18), 22000)
order("kibou", "ORD-2026-0030", "e3f4a5b6", "株式会社キボウデザイン", "KIBOU Design Inc.", "藤井 あかね",
      "ディレクター", "fujii@kibou-design.example.jp", "www.kibou-design.example.jp", [], "digicert",
      "セキュア・サーバID（Secure Site OV）", D(2026, 12, 25), 33000)
order("yamabiko", "ORD-2026-0031", "c7d8e9f0", "社会福祉法人やまびこ会", "Yamabiko Social Welfare Corporation",
      "松本 清", "事務長", "matsumoto@yamabiko.example.jp", "www.yamabiko.example.jp", ["yamabiko.example.jp"],
      "digicert", "セキュア・サーバID（Secure Site OV）", D(2026, 12, 17), 33000)
order("takagi", "ORD-2026-0032", "a1b3c5d7", "株式会社タカギ電機", "Takagi Denki Co., Ltd.", "高木 修", "代表取締役",
      "takagi@takagi-denki.example.co.jp", "www.takagi-denki.example.co.jp", ["takagi-denki.example.co.jp"],
      "sectigo", "Sectigo OV SSL", D(2027, 1, 25), 22000, tech="web@takagi-denki.example.co.jp")
order("alpha", "ORD-2026-0033", "e9f1a3b5", "株式会社アルファ商会", "Alpha Shokai Co., Ltd.", "清水 陽子",
      "総務課", "shimizu@alpha-shokai.example.jp", "www.alpha-shokai.example.jp", [], "globalsign",
      "グローバルサイン 企業認証SSL", D(2027, 2, 8), 44000)
order("shirakaba", "ORD-2026-0034", "c7d9e1f3", "しらかば工業株式会社", "Shirakaba Kogyo Co., Ltd.", "山口 大輔",
      "情報システム課 課長", "d-yamaguchi@shirakaba-kogyo.example.jp", "www.shirakaba-kogyo.example.jp",
      ["shirakaba-kogyo.example.jp"], "digicert", "セキュア・サーバID（Secure Site OV）", D(2026, 12, 9), 33000)
order("blueharbor", "ORD-2026-0035", "a5c7e9f1", "ブルーハーバー・コンサルティング合同会社",
      "Blue Harbor Consulting G.K.", "Michael Chen", "Managing Director", "m.chen@blueharbor.example.com",
      "www.blueharbor.example.com", ["blueharbor.example.com"], "globalsign", "GlobalSign OrganizationSSL",
      D(2027, 2, 12), 44000, lang="en")
order("midori", "ORD-2026-0036", "b2d4f6a8", "医療法人社団緑風会", "Ryokufukai Medical Corporation", "原田 恵子",
      "事務部 係長", "harada@ryokufukai.example.jp", "www.ryokufukai.example.jp", ["ryokufukai.example.jp"],
      "geotrust", "ジオトラスト トゥルービジネスID", D(2026, 12, 23), 38500)
order("kyokai", "ORD-2026-0037", "c3e5a7b9", "一般社団法人日本サンプル協会", "Japan Sample Association",
      "井上 正樹", "事務局長", "inoue@sample-kyokai.example.jp", "www.sample-kyokai.example.jp", [], "digicert",
      "セキュア・サーバID（Secure Site OV）", D(2027, 1, 6), 33000)
order("hoshino", "ORD-2026-0038", "d4f6b8c0", "星野税理士事務所", "Hoshino Tax Accountant Office", "星野 隆",
      "所長", "hoshino@hoshino-tax.example.jp", "www.hoshino-tax.example.jp", [], "sectigo", "Sectigo OV SSL",
      D(2027, 1, 27), 22000)
order("asahi", "ORD-2026-0039", "e5a7c9d1", "株式会社朝日印刷", "Asahi Printing Co., Ltd.", "木村 亜希子",
      "営業管理部", "kimura@asahi-print.example.co.jp", "www.asahi-print.example.co.jp",
      ["asahi-print.example.co.jp"], "digicert", "セキュア・サーバID（Secure Site OV）", D(2026, 12, 17), 33000)
order("tsubasa", "ORD-2026-0040", "f6b8d0e2", "つばさ観光株式会社", "Tsubasa Tourism Co., Ltd.", "斎藤 翼",
      "Web担当", "saito@tsubasa-kanko.example.jp", "www.tsubasa-kanko.example.jp", ["tsubasa-kanko.example.jp"],
      "sectigo", "Sectigo OV SSL", D(2027, 1, 19), 22000)

# ---------------------------------------------------------------------------
# the way customers' mail reaches us


def hexid(seed, n):
    return hashlib.sha1(seed.encode()).hexdigest()[:n].upper()


def base_domain(email):
    return email.split("@", 1)[1]


def trace_std(email, t, seed, ip="203.0.113.25", helo=None, internal=True, auth=True, dkim=True):
    """Return-Path, our MX's Received, the sender's own relay, and our Authentication-Results."""
    dom = base_domain(email)
    helo = helo or "mail." + dom
    hs = ["Return-Path: <%s>" % email, "Delivered-To: ssl@example-hosting.jp",
          rcv(helo, helo, ip, "4X" + hexid(seed, 8), t + datetime.timedelta(seconds=3))]
    if internal:
        hs.append("Received: from [192.168.10.%d] (unknown [192.168.10.%d])\n\tby %s (Postfix) with ESMTPSA id %s\n"
                  "\tfor <ssl@example-hosting.jp>; %s" % (20 + len(seed) % 200, 20 + len(seed) % 200, helo,
                                                          hexid(seed + "i", 10), rfc_date(t, True)))
    if auth:
        hs.append(ar("spf=pass (mx.example-hosting.jp: domain of %s designates %s as permitted sender) "
                      "smtp.mailfrom=%s" % (email, ip, email),
                      ("dkim=pass (2048-bit key) header.d=%s header.i=@%s header.b=%s" % (dom, dom, hexid(seed, 8)))
                      if dkim else "dkim=none (message not signed)",
                      "dmarc=pass (p=none dis=none) header.from=%s" % dom))
    return hs


def trace_m365(email, t, seed):
    dom = base_domain(email)
    box = "TYCPR01MB" + hexid(seed, 4).replace("A", "1").replace("B", "2").replace("C", "3").replace(
        "D", "4").replace("E", "5").replace("F", "6")
    return ["Return-Path: <%s>" % email, "Delivered-To: ssl@example-hosting.jp",
            rcv("JPN01-TYC-obe.outbound.protection.outlook.example.com",
                "mail-tycjpn01on2117.outbound.protection.outlook.example.com", "198.51.100.117",
                "4X" + hexid(seed, 8), t + datetime.timedelta(seconds=4)),
            "Received: from %s.jpnprd01.prod.outlook.example.com\n ([fe80::5c1a:3b2d:9e4f:7a10]) by %s.jpnprd01.prod.outlook.example.com\n"
            " ([fe80::5c1a:3b2d:9e4f:7a10%%4]) with mapi id 15.20.8158.017; %s" % (box, box, rfc_date(t)),
            ar("spf=pass (mx.example-hosting.jp: domain of %s designates 198.51.100.117 as permitted sender) "
               "smtp.mailfrom=%s" % (email, email),
               "dkim=pass (2048-bit key) header.d=%s header.i=@%s header.b=%s" % (dom, dom, hexid(seed, 8)),
               "dmarc=pass (p=quarantine dis=none) header.from=%s" % dom),
            "ARC-Seal: i=1; a=rsa-sha256; s=arcselector10001; d=microsoft.example.com; cv=none;\n b=" +
            base64.b64encode(hashlib.sha256(seed.encode()).digest() * 2).decode()], box


def pst_date(t):
    u = t.astimezone(datetime.timezone(datetime.timedelta(hours=-8)))
    return "%s, %d %s %d %02d:%02d:%02d -0800 (PST)" % (WEEKDAYS_EN[u.weekday()], u.day, MONTHS_EN[u.month - 1],
                                                      u.year, u.hour, u.minute, u.second)


def trace_google(email, t, seed):
    dom = base_domain(email)
    n = 100 + int(hashlib.md5(seed.encode()).hexdigest()[:2], 16) % 100
    host = "mail-pj1-f%d.google.example.com" % n
    return ["Return-Path: <%s>" % email, "Delivered-To: ssl@example-hosting.jp",
            rcv(host, host, "198.51.100.%d" % (n - 50), "4X" + hexid(seed, 8), t + datetime.timedelta(seconds=2)),
            "Received: by %s with SMTP id d9443c01a7336-2a1b%sso1234567b3.1\n        for <ssl@example-hosting.jp>; %s"
            % (host, hexid(seed, 4).lower(), pst_date(t)),
            ar("spf=pass (mx.example-hosting.jp: domain of %s designates 198.51.100.%d as permitted sender) "
               "smtp.mailfrom=%s" % (email, n - 50, email),
               "dkim=pass (2048-bit key) header.d=%s header.i=@%s header.b=%s" % (dom, dom, hexid(seed, 8)),
               "dmarc=pass (p=none dis=none) header.from=%s" % dom),
            dkim_sig(dom, "google", "mime-version:references:in-reply-to:from:date:message-id:subject:to"),
            "X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n        d=1e100.example.net; s=20230601; t=1794300000; x=1794904800;\n        h=to:subject:message-id:date:from:in-reply-to:references:mime-version\n        :x-gm-message-state:from:to:cc:subject:date:message-id:reply-to;\n        bh=%s" % base64.b64encode(hashlib.sha256((seed + 'g').encode()).digest()).decode(),
            "X-Gm-Message-State: AOJu0Yz%s" % base64.b64encode(hashlib.sha256((seed + 'm').encode()).digest()).decode()[:40],
            "X-Google-Smtp-Source: AGHT+IF%s" % base64.b64encode(hashlib.sha256((seed + 's').encode()).digest()).decode()[:44]]


def refs(o, chain=None):
    ids = chain or [o.notice_id]
    return ["References: " + "\n ".join(ids), "In-Reply-To: " + ids[-1]]


def sender_of(o, sender):
    return sender or (o.contact, o.email)


def sig_ja(o, name=None, email=None, tel="03-0000-0000", style="line"):
    name = name or o.contact
    email = email or o.email
    if style == "dash":
        return "-- \n%s\n%s %s\nTEL: %s\nE-mail: %s" % (o.org, o.title, name, tel, email)
    bar = "━" * 28
    return "%s\n%s\n%s\n%s\nTEL: %s　FAX: %s\nE-mail: %s\n%s" % (
        bar, o.org, o.title, name.replace(" ", "　"), tel, tel[:-1] + "9", email, bar)


# ---- Outlook ----------------------------------------------------------------

def outlook_block(o, lang, style, to_name=None):
    t = o.notice_time
    to_name = to_name or o.contact
    if lang == "ja":
        head = "差出人: %s <%s> \n送信日時: %d年%d月%d日 %d:%02d\n宛先: %s <%s>\n件名: %s" % (
            OUR_NAME_JA, OUR_ADDR, t.year, t.month, t.day, t.hour, t.minute, to_name, o.email, o.subject)
        if style == "original":
            head = head.replace("差出人: ", "-----Original Message-----\nFrom: ").replace(
                "送信日時: ", "Sent: ").replace("宛先: ", "To: ").replace("件名: ", "Subject: ")
            head = head.replace("Sent: %d年%d月%d日 %d:%02d" % (t.year, t.month, t.day, t.hour, t.minute),
                                "Sent: %d年%d月%d日 %s %d:%02d" % (t.year, t.month, t.day,
                                                                 WEEKDAYS_JA[t.weekday()] + "曜日", t.hour, t.minute))
        elif style == "moto":
            head = "-----元のメッセージ-----\n" + head
        else:
            head = "________________________________\n" + head
    else:
        head = "From: %s <%s> \nSent: %s, %s %d, %d %d:%02d AM\nTo: %s <%s>\nSubject: %s" % (
            OUR_NAME_EN, OUR_ADDR, WEEKDAYS_LONG[t.weekday()], MONTHS_LONG[t.month - 1], t.day, t.year, t.hour,
            t.minute, to_name, o.email, o.subject)
        head = ("-----Original Message-----\n" if style == "original" else "________________________________\n") + head
    return head


def outlook_html(own_html, block, quoted, charset_label):
    return """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.example.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=%s">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
@font-face {font-family:游ゴシック; panose-1:2 11 4 0 0 0 0 0 0 0;}
p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0mm; text-align:justify; text-justify:inter-ideograph; font-size:10.5pt; font-family:游ゴシック;}
span.EmailStyle18 {mso-style-type:personal-reply; font-family:游ゴシック; color:windowtext;}
--></style>
</head>
<body lang="JA" link="#0563C1" vlink="#954F72" style="word-wrap:break-word;text-justify-trim:punctuation">
<div class="WordSection1">
%s
<div>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0mm 0mm 0mm">
<p class="MsoNormal" align="left" style="text-align:left">%s<o:p></o:p></p>
</div>
</div>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
%s
</div>
</body>
</html>
""" % (charset_label, own_html, block, quoted)


def mso_paras(text):
    out = []
    for ln in text.rstrip("\n").split("\n"):
        out.append('<p class="MsoNormal">%s<o:p></o:p></p>' % (html_escape(ln) if ln else "<o:p>&nbsp;</o:p>"))
    return "\n".join(out)


def outlook(o, own, t, mid, *, lang="ja", charset="iso-2022-jp", html=True, style="line", sig=None,
            sender=None, subject=None, to=None, m365=False, extra=None, html_only=False, crlf=True,
            quote=True, html_cte="quoted-printable", boundary=None, subject_cs=None):
    name, email = sender_of(o, sender)
    seed = mid
    subject = subject if subject is not None else ("RE: " if lang == "en" else "RE: ") + o.subject
    if sig is None:
        sig = sig_ja(o, name, email) if lang == "ja" else "%s\n%s\n%s" % (name, o.title, o.org_en)
    block = outlook_block(o, lang, style) if quote else ""
    notice = o.notice() if quote else ""
    plain = own.rstrip("\n") + "\n\n" + sig + "\n\n" + (block + "\n\n" + notice if quote else "")
    hdr_cs = subject_cs or ("ISO-2022-JP" if charset.lower() in ("iso-2022-jp", "cp50220") else "UTF-8")
    if m365:
        tr, box = trace_m365(email, t, seed)
    else:
        tr = trace_std(email, t, seed)
    hs = tr + [
        "From: " + addr(name, email, hdr_cs),
        "To: " + (to or addr(OUR_NAME_JA if lang == "ja" else OUR_NAME_EN, OUR_ADDR, hdr_cs)),
        subj(subject, hdr_cs),
        fold_words("Thread-Topic", ew(o.subject, hdr_cs)),
        "Thread-Index: AQH" + base64.b64encode(hashlib.md5(seed.encode()).digest()).decode()[:20] + "==",
        "Date: " + rfc_date(t),
        "Message-ID: " + mid,
    ] + refs(o) + ["Accept-Language: ja-JP, en-US", "Content-Language: ja-JP" if lang == "ja" else
                   "Content-Language: en-US", "X-MS-Has-Attach: ", "X-MS-TNEF-Correlator: "]
    if not m365:
        hs.append("X-Mailer: Microsoft Outlook 16.0")
    hs += extra or []
    label = "iso-2022-jp" if charset.lower() in ("iso-2022-jp", "cp50220") else charset.lower()
    own_html = mso_paras(own.rstrip("\n") + "\n\n" + sig)
    block_html = "<br>\n".join(("<b>%s</b>%s" % (html_escape(ln.split(" ", 1)[0]) + " ", html_escape(ln.split(" ", 1)[1]))
                                if ":" in ln.split(" ", 1)[0] else html_escape(ln))
                               for ln in block.split("\n")[1:]) if quote else ""
    quoted_html = mso_paras(notice) if quote else ""
    h = outlook_html(own_html, block_html, quoted_html, label)
    hp = text_part(h, charset, html_cte, subtype="html", label=label, quote=True)
    if html_only:
        return build(hs, hp, crlf)
    tp = text_part(plain, charset, "7bit" if charset.lower() in ("iso-2022-jp", "cp50220") else "base64",
                   label=label, quote=True)
    if not html:
        return build(hs, tp, crlf)
    if m365:
        b = boundary or "_000_%s_" % (("TYCPR01MB%s" % hexid(seed, 4)) + hexid(seed + "b", 24) + "jpnprd01prod")
    else:
        b = boundary or "----=_NextPart_000_%s_01DB%s.%s" % (hexid(seed, 4), hexid(seed + "x", 4), hexid(seed + "y", 8))
    return build(hs, multipart("alternative", [tp, hp], b), crlf)


# ---- Gmail -------------------------------------------------------------------

def gmail_attr(o, lang):
    t = o.notice_time
    if lang == "ja":
        return "%d年%d月%d日(%s) %d:%02d %s <%s>:" % (t.year, t.month, t.day, WEEKDAYS_JA[t.weekday()], t.hour,
                                                    t.minute, OUR_NAME_JA, OUR_ADDR)
    return "On %s, %s %d, %d at %d:%02d AM %s <%s> wrote:" % (WEEKDAYS_EN[t.weekday()], MONTHS_EN[t.month - 1],
                                                             t.day, t.year, t.hour, t.minute, OUR_NAME_EN, OUR_ADDR)


def gmail(o, own, t, mid, *, lang="ja", sender=None, subject=None, quote=True, sig="", text_cte="base64",
          html_cte="base64", extra=None, crlf=True):
    name, email = sender_of(o, sender)
    subject = subject if subject is not None else "Re: " + o.subject
    own = own.rstrip("\n") + ("\n\n" + sig if sig else "")
    attr = gmail_attr(o, lang)
    plain = own + "\n\n" + (attr + "\n\n" + gt_quote(o.notice()) + "\n" if quote else "")
    hq = ""
    if quote:
        hq = ('<br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">%s<br></div>'
              '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
              'rgb(204,204,204);padding-left:1ex">%s</blockquote></div>' % (html_escape(attr), text_to_html_br(o.notice())))
    html = '<div dir="ltr">%s</div>%s\n' % (text_to_html_divs(own), hq)
    b = "000000000000" + hashlib.md5(mid.encode()).hexdigest()[:16]
    hs = trace_google(email, t, mid) + [
        "MIME-Version: 1.0"] + refs(o) + [
        "From: " + addr(name, email),
        "Date: " + rfc_date(t),
        "Message-ID: " + mid,
        subj(subject, "UTF-8"),
        "To: " + addr(OUR_NAME_JA if lang == "ja" else OUR_NAME_EN, OUR_ADDR)] + (extra or [])
    part = multipart("alternative", [text_part(plain, "UTF-8", text_cte, quote=True),
                                     text_part(html, "UTF-8", html_cte, subtype="html", quote=True)], b)
    return build(hs, part, crlf, mime_version=None)


# ---- Thunderbird -------------------------------------------------------------

def thunderbird(o, own, t, mid, *, lang="ja", sender=None, subject=None, bottom=True, sig=None, cte="8bit",
                extra=None, crlf=True, charset="UTF-8"):
    name, email = sender_of(o, sender)
    subject = subject if subject is not None else "Re: " + o.subject
    nt = o.notice_time
    if lang == "ja":
        attr = "%d/%02d/%02d %d:%02d に %s さんは書きました:" % (nt.year, nt.month, nt.day, nt.hour, nt.minute,
                                                          OUR_NAME_JA)
    else:
        attr = "On %d/%02d/%02d %d:%02d, %s wrote:" % (nt.year, nt.month, nt.day, nt.hour, nt.minute, OUR_NAME_EN)
    sig = sig if sig is not None else sig_ja(o, name, email, style="dash")
    q = attr + "\n" + gt_quote(o.notice())
    if bottom:
        plain = q + "\n\n" + own.rstrip("\n") + "\n\n" + sig + "\n"
    else:
        plain = own.rstrip("\n") + "\n\n" + q + "\n\n" + sig + "\n"
    hs = trace_std(email, t, mid) + [
        "Message-ID: " + mid,
        "Date: " + rfc_date(t),
        "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird",
        subj(subject, "UTF-8"),
        "Content-Language: " + ("ja" if lang == "ja" else "en-US"),
        "To: " + addr(OUR_NAME_JA if lang == "ja" else OUR_NAME_EN, OUR_ADDR),
        "References: " + o.notice_id,
        "From: " + addr(name, email),
        "In-Reply-To: " + o.notice_id] + (extra or [])
    part = text_part(plain, charset, cte, params="; format=flowed", quote=False)
    return build(hs, part, crlf, mime_version=None)


# ---- Becky! / Sylpheed / Active! mail: ISO-2022-JP, "> " quotes -------------

def becky(o, body, t, mid, *, sender=None, subject=None, charset="iso-2022-jp", mailer="Becky! ver. 2.81.04 [ja]",
          extra=None, crlf=True, cte="7bit", label=None, ua_header="X-Mailer", mid_header="Message-Id"):
    """body is the whole text as written (own words and quotes where the sender put them)."""
    name, email = sender_of(o, sender)
    subject = subject if subject is not None else "Re: " + o.subject
    hcs = "ISO-2022-JP"
    hs = trace_std(email, t, mid) + [
        "Date: " + rfc_date(t),
        "From: " + addr(name, email, hcs),
        "To: " + addr(OUR_NAME_JA, OUR_ADDR, hcs),
        subj(subject, hcs),
        "In-Reply-To: " + o.notice_id,
        "References: " + o.notice_id,
        "%s: %s" % (mid_header, mid),
        "%s: %s" % (ua_header, mailer)] + (extra or [])
    part = text_part(body, charset, cte, label=label, quote=True)
    return build(hs, part, crlf)


def becky_attr(o):
    return "On %s\n%s <%s> wrote:" % (rfc_date(o.notice_time), OUR_NAME_JA, OUR_ADDR)


# ---- Apple Mail / iPhone -----------------------------------------------------

def apple_attr(o, lang="ja", iphone=False):
    t = o.notice_time
    if lang == "ja":
        return "%d/%d/%d %d:%02d、%s <%s>のメール%s" % (t.year, t.month, t.day, t.hour, t.minute, OUR_NAME_JA, OUR_ADDR,
                                                    ":" if iphone else "：")
    return "On %s %d, %d, at %d:%02d, %s <%s> wrote:" % (MONTHS_EN[t.month - 1], t.day, t.year, t.hour, t.minute,
                                                          OUR_NAME_EN, OUR_ADDR)


def apple(o, own, t, mid, *, iphone=False, lang="ja", sender=None, subject=None, cte="quoted-printable",
          sig=None, quote=True, extra=None, crlf=True):
    name, email = sender_of(o, sender)
    subject = subject if subject is not None else "Re: " + o.subject
    if iphone:
        sig = sig if sig is not None else ("iPhoneから送信" if lang == "ja" else "Sent from my iPhone")
    body = own.rstrip("\n") + ("\n\n" + sig if sig else "")
    if quote:
        body += "\n\n" + apple_attr(o, lang, iphone) + "\n\n" + gt_quote(o.notice()) + "\n"
    hs = trace_std(email, t, mid, internal=not iphone, ip="203.0.113.%d" % (40 + len(mid) % 50))
    hs += [
        "From: " + addr(name, email),
        "Mime-Version: 1.0 (1.0)" if iphone else "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.200.121.1.1\\))",
        "Date: " + rfc_date(t),
        subj(subject, "UTF-8"),
        "Message-Id: " + mid,
        "References: " + o.notice_id,
        "In-Reply-To: " + o.notice_id,
        "To: " + addr(OUR_NAME_JA if lang == "ja" else OUR_NAME_EN, OUR_ADDR),
        "X-Mailer: " + ("iPhone Mail (22B91)" if iphone else "Apple Mail (2.3826.200.121.1.1)")] + (extra or [])
    part = text_part(body, "UTF-8", cte, label="utf-8", quote=False)
    return build(hs, part, crlf, mime_version=None)


# ---- Message-ID formats of the mailers ----------------------------------------

def _h(seed):
    return hashlib.sha256(seed.encode()).hexdigest()


def mid_outlook(seed, dom):
    h = _h(seed)
    return "<00%s01db%s$%s$%s$@%s>" % (h[0:2], h[2:6], h[6:14], h[14:22], dom)


def mid_m365(seed):
    h = _h(seed).upper()
    return "<TYCPR01MB%s%s@TYCPR01MB%s.jpnprd01.prod.outlook.example.com>" % (h[0:4], h[4:36], h[0:4])


def mid_gmail(seed):
    b = base64.b64encode(hashlib.sha256(seed.encode()).digest()).decode().rstrip("=")
    return "<CA%s+%s@mail.gmail.example.com>" % (b[:20], b[20:40])


def mid_uuid(seed, dom, upper=False):
    h = _h(seed)
    u = "%s-%s-4%s-9%s-%s" % (h[0:8], h[8:12], h[13:16], h[17:20], h[20:32])
    return "<%s@%s>" % (u.upper() if upper else u, dom)


def mid_becky(seed, dom, t):
    h = _h(seed).upper()
    return "<%04d%02d%02d%02d%02d%02d.%s.%s@%s>" % (t.year, t.month, t.day, t.hour, t.minute, t.second,
                                                  h[:4], h[4:12], dom)


def quote_sections(o, *names):
    """Only some sections of the notice, as a sender who trims the quote keeps them."""
    text = o.notice()
    blocks = text.split("\n\n")
    keep = [b for b in blocks if any(b.startswith(n) or ("\n" + n) in b for n in names)]
    return "\n\n".join(keep)

# ---------------------------------------------------------------------------
# writing and checking


def write_all(check=False):
    os.makedirs(MAIL_DIR, exist_ok=True)
    os.makedirs(EXP_DIR, exist_ok=True)
    for name in os.listdir(MAIL_DIR):
        if name.endswith(".eml"):
            os.unlink(os.path.join(MAIL_DIR, name))
    for name in os.listdir(EXP_DIR):
        if name.endswith(".json"):
            os.unlink(os.path.join(EXP_DIR, name))
    for c in CASES:
        with open(os.path.join(MAIL_DIR, c["name"] + ".eml"), "wb") as f:
            f.write(c["data"])
        with open(os.path.join(EXP_DIR, c["name"] + ".json"), "w", encoding="utf-8") as f:
            json.dump(c["expected"], f, ensure_ascii=False, indent=2)
            f.write("\n")
    if check:
        check_all()
    counts = {}
    for c in CASES:
        e = c["expected"]
        k = e["kind"] + ("/" + e["intent"] if e["intent"] else "")
        counts[k] = counts.get(k, 0) + 1
    for k in sorted(counts):
        print("%-32s %3d" % (k, counts[k]))
    print("%-32s %3d" % ("total", len(CASES)))


def certs_in(msg):
    """sha256 of every certificate found in a parsed mail: PEM in any text, DER, ZIP and PKCS#7 files."""
    import io
    found = []

    def from_pem_text(data):
        for m in re.finditer(rb"-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----", data):
            der = base64.b64decode(re.sub(rb"-----[A-Z ]+-----|\s", b"", m.group(0)))
            found.append(hashlib.sha256(der).hexdigest())

    def from_blob(name, data):
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for n in z.namelist():
                    from_blob(n, z.read(n))
        elif name.endswith(".p7b") or b"PKCS7" in data[:40]:
            pem = subprocess.run(["openssl", "pkcs7", "-print_certs", "-inform",
                                  "PEM" if data.startswith(b"-----") else "DER"],
                                 input=data, capture_output=True, check=True).stdout
            from_pem_text(pem)
        elif data.startswith(b"-----BEGIN"):
            from_pem_text(data)
        elif data[:1] == b"\x30":
            found.append(hashlib.sha256(data).hexdigest())
        else:
            from_pem_text(data)

    for part in msg.walk():
        if part.is_multipart() or part.get_content_type() == "message/rfc822":
            continue
        data = part.get_payload(decode=True) or b""
        from_blob(part.get_filename() or "", data)
    return found


def consistency(c, msg):
    """What the expected file says that the mail itself must show."""
    e = c["expected"]
    problems = []
    subject = str(msg.get("Subject") or "")
    m = re.search(r"\[(ORD-\d{4}-\d{4})\]", subject)
    if (m.group(1) if m else None) != e["order"]:
        problems.append("order %s but subject tag %s" % (e["order"], m.group(1) if m else None))
    mid = msg.get("Message-ID")
    if (str(mid).strip() if mid else None) != e["message_id"]:
        problems.append("message_id %s but header %s" % (e["message_id"], mid))
    if e["kind"] == "issued_certificate":
        got = certs_in(msg)
        want = [x["sha256"] for x in e["certificates"]]
        if sorted(set(got)) != sorted(want) or len(got) != len(want):
            problems.append("certificates in the mail differ from the expected ones")
    elif certs_in(msg):
        problems.append("certificates in a mail that is not an issued-certificate mail")
    lf_only = b"\r\n" not in c["data"]
    if lf_only != ("lf-line-ends" in c["name"]):
        problems.append("line ends: LF only" if lf_only else "line ends: CRLF")
    return problems


def check_all():
    import email
    from email import policy
    for c in CASES:
        msg = email.message_from_bytes(c["data"], policy=policy.default)
        defects = []
        for part in msg.walk():
            if not part.is_multipart():
                try:
                    part.get_content()
                except Exception as e:  # noqa: BLE001 - reported, not hidden
                    defects.append("content:%s" % type(e).__name__)
            defects += [type(d).__name__ for d in part.defects]
        problems = consistency(c, msg)
        defects += problems
        for h in ("Subject", "From", "To"):
            try:
                msg.get(h)
            except Exception as e:  # noqa: BLE001
                defects.append("header %s:%s" % (h, type(e).__name__))
        if defects:
            print("%-48s %s" % (c["name"], ", ".join(sorted(set(defects)))))

# ===========================================================================
# customer replies to the renewal notice


def reply(name, data, note, o, intent, mid, order="tag", domain=None):
    case(name, data, note, "customer_reply", mid, intent=intent,
         order=o.id if order == "tag" else order, domain=o.domain if domain == "cn" else domain)


def after(o, days=0, hours=0, minutes=0):
    return o.notice_time + datetime.timedelta(days=days, hours=hours, minutes=minutes)


def renew_cases():
    o = O["sakura"]
    t = after(o, 1, 1, 12)
    mid = mid_outlook("r1", "sakura-shoji.example.jp")
    own = """エグザンプルホスティング
SSL証明書ご担当者様

いつもお世話になっております。
株式会社さくら商事の山田です。

SSLサーバー証明書の更新のご案内、ありがとうございます。
今年度も更新をお願いいたします。
申請フォームは本日中に送信いたします。

引き続きよろしくお願いいたします。"""
    reply("reply-renew-outlook-iso2022jp", outlook(o, own, t, mid), "Outlook 16 top-posted reply in ISO-2022-JP (plain and HTML alternatives) whose own words ask for the renewal above an unprefixed 差出人:/送信日時: block and the whole notice, whose 更新されない場合は… lines must not count (nor its コモンネーム line: domain comes only from the sender's own words or the subject).", o, "renew", mid)

    o = O["fuji"]
    t = after(o, 0, 3, 41)
    mid = mid_gmail("r2")
    own = """エグザンプルホスティング
ご担当者様

お世話になっております。ふじ企画の小林です。

更新します。
手続きをよろしくお願いいたします。"""
    reply("reply-renew-gmail-utf8-base64", gmail(o, own, t, mid), "Gmail reply (UTF-8, base64, text and HTML) saying 更新します above a Japanese Gmail attribution and the notice quoted with '> ', so renew.", o, "renew", mid)

    o = O["kamome"]
    t = after(o, 2, 5, 3)
    mid = mid_uuid("r3", "kamome-logi.example.co.jp")
    own = """ご案内ありがとうございます。
継続でお願いします。

申請フォームは期限までに担当の渡辺から送信いたします。"""
    reply("reply-renew-thunderbird-bottom-posted", thunderbird(o, own, t, mid), "Thunderbird format=flowed 8bit UTF-8 reply posted below the quoted notice (さんは書きました: attribution); the own words 継続でお願いします mean renew.", o, "renew", mid)

    o = O["maruyama"]
    t = after(o, 0, 6, 30)
    mid = mid_becky("r4", "maruyama-foods.example.jp", t)
    q = quote_sections(o, "■対象の証明書", "■更新手続きについて", "更新されない場合は")
    body = """エグザンプルホスティング
SSL証明書担当 御中

まるやま食品の丸山です。
いつもお世話になっております。

%s
%s

更新いたします。フォームは今週中に入力します。
請求書は昨年と同じく経理部宛にお願いします。

--
株式会社まるやま食品
専務取締役 丸山 和夫
maruyama@maruyama-foods.example.jp
""" % (becky_attr(o), gt_quote(q))
    reply("reply-renew-becky-interleaved", becky(o, body, t, mid), "Becky! ISO-2022-JP reply that quotes only the certificate and procedure sections (including 更新されない場合は…) and answers below them with 更新いたします.", o, "renew", mid)

    o = O["kibou"]
    t = after(o, 0, 2, 15)
    mid = mid_uuid("r5", "kibou-design.example.jp", upper=True)
    own = """エグザンプルホスティング
SSL証明書ご担当者様

お世話になっております。
キボウデザインの藤井です。

ご連絡ありがとうございます。
引き続きよろしくお願いいたします。
証明書の更新を希望しますので、手続きを進めてください。

藤井"""
    reply("reply-renew-apple-mail-qp", apple(o, own, t, mid), "Apple Mail quoted-printable UTF-8 reply: 引き続きよろしくお願いいたします plus an explicit 更新を希望します, so renew.", o, "renew", mid)

    o = O["tsubasa"]
    t = after(o, 0, 11, 2)
    mid = mid_uuid("r6", "tsubasa-kanko.example.jp", upper=True)
    own = "更新でお願いします。\n斎藤"
    reply("reply-renew-iphone-base64", apple(o, own, t, mid, iphone=True, cte="base64"), "iPhone Mail reply in base64 UTF-8 with iPhoneから送信 and the quoted notice; the one own line 更新でお願いします is a renewal.", o, "renew", mid)

    o = O["greenleaf"]
    t = after(o, 0, 8, 47)
    mid = mid_m365("r7")
    own = """Hello,

Thank you for the notice. We would like to renew the certificate for
shop.greenleaf.example.com for another year. I will submit the application
form before the deadline.

Best regards,"""
    reply("reply-renew-english-outlook", outlook(o, own, t, mid, lang="en", charset="utf-8", m365=True,
                                                  sig="John Miller\nIT Manager | Green Leaf Inc.\nTel: +81-3-5555-0101"),
          "English Microsoft 365 Outlook reply (UTF-8 base64 with HTML) above a From:/Sent:/To:/Subject: block and the English notice, which says both 'renew' and 'not wish to renew'; own words 'We would like to renew' and name the host, which gives the domain.", o, "renew", mid, domain=o.domain)

    o = O["sugimoto"]
    t = after(o, 1, 0, 20)
    mid = mid_becky("r8", "sugimoto-mfg.example.jp", t)
    body = """エグザンプルホスティング株式会社
SSL証明書ご担当者様

平素より格別のご高配を賜り、厚く御礼申し上げます。
株式会社杉本製作所の杉本でございます。

標記の件、下記の通りお願い申し上げます。

①証明書の更新：お願いいたします（従来通りの内容で申請させていただきます）
②申請フォームの送信：12月18日～12月22日の間に送信予定です
③請求書の送付先：従来通り

お手数をおかけいたしますが、何卒よろしくお願い申し上げます。

株式会社杉本製作所
代表取締役社長　杉本 誠一郎

%s
%s
""" % (becky_attr(o), gt_quote(o.notice()))
    reply("reply-renew-sjis-cp932-keigo", becky(o, body, t, mid, charset="cp932", label="Shift_JIS", cte="8bit",
                                                 mailer="EdMax Ver2.86.5F"),
          "Keigo reply labelled Shift_JIS but written in CP932 (8bit) with ① and ～ (0x8740, 0x8160), asking 証明書の更新：お願いいたします, so renew.", o, "renew", mid)

    o = O["minato"]
    t = after(o, 0, 4, 5)
    mid = mid_outlook("r9", "minato-kobo.example.jp")
    own = """エグザンプルホスティング
SSL証明書ご担当　様

いつもお世話になっております。
㈲みなと工房の佐藤です。

ご案内の件、以下の通りです。
①更新します。
②申請フォームは年明けに送信します。

よろしくお願いいたします。"""
    reply("reply-renew-iso2022jp-nec-chars", outlook(o, own, t, mid, charset="cp50220", html=False, style="original"),
          "Plain-text Outlook reply labelled ISO-2022-JP carrying NEC row-13 characters ㈲ ① ② inside ESC $ B (CP50220), which glibc's ISO-2022-JP cannot decode; ①更新します is a renewal.", o, "renew", mid)

    o = O["yamabiko"]
    t = after(o, 0, 5, 55)
    mid = mid_uuid("r10", "yamabiko.example.jp", upper=True)
    html = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>
</head>
<body dir="ltr">
<div style="font-family: Meiryo, sans-serif; font-size: 11pt; color: rgb(0, 0, 0);">
<div>エグザンプルホスティング</div>
<div>ご担当者様</div>
<div><br></div>
<div>お世話になっております。やまびこ会事務長の松本です。</div>
<div><br></div>
<div>SSL証明書の件、<b>更新をお願いいたします</b>。</div>
<div>申請フォームは来週中に送信いたします。</div>
<div><br></div>
<div>松本 清<br>社会福祉法人やまびこ会 事務長</div>
</div>
<div><br></div>
<div id="appendonsend"></div>
<hr style="display:inline-block;width:98%%" tabindex="-1">
<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>差出人:</b> %s &lt;%s&gt;<br>
<b>送信日時:</b> 2026年11月17日 9:00<br>
<b>宛先:</b> %s &lt;%s&gt;<br>
<b>件名:</b> %s</font>
<div>&nbsp;</div>
</div>
<blockquote style="margin:0 0 0 0.8ex; border-left:2px solid #cccccc; padding-left:1ex">
%s
</blockquote>
</body>
</html>
""" % (OUR_NAME_JA, OUR_ADDR, o.contact, o.email, o.subject, text_to_html_divs(o.notice()))
    hs = trace_std(o.email, t, mid) + [
        "From: " + addr(o.contact, o.email), "To: " + addr(OUR_NAME_JA, OUR_ADDR), subj("RE: " + o.subject),
        "Date: " + rfc_date(t), "Message-ID: " + mid] + refs(o) + [
        "X-Mailer: Microsoft Outlook for Mac 16.91 (24111020)", "Content-Language: ja-JP"]
    reply("reply-renew-html-only-outlook", build(hs, text_part(html, "UTF-8", "quoted-printable", subtype="html",
                                                                 label="utf-8", quote=True)),
          "HTML-only Outlook for Mac reply (UTF-8 quoted-printable, no text/plain) with the own words in <div>s and the notice inside <blockquote>; 更新をお願いいたします is a renewal.", o, "renew", mid)

    o = O["trident"]
    t = after(o, 1, 7, 0)
    mid = "<crm.20261121160012.5f1c2a@trident.example.co.jp>"
    body = """エグザンプルホスティング ご担当者様

お世話になっております。トライデントの森田です。
SSL証明書の件、更新をお願いします。

森田

----- Original Message -----
%s
""" % gt_quote(o.notice())
    hs = trace_std(o.email, t, mid, helo="crm.trident.example.co.jp") + [
        "From: " + addr(o.contact, o.email), "To: " + OUR_ADDR, subj("Re: " + o.subject),
        "Date: " + rfc_date(t), "Message-ID: " + mid, "In-Reply-To: " + o.notice_id,
        "Auto-Submitted: no", "X-Mailer: TridentCRM/4.2"]
    reply("reply-renew-unknown-charset-label", build(hs, text_part(body, "UTF-8", "8bit", label="x-unknown")),
          "A CRM tool's reply whose text part says charset=x-unknown but holds UTF-8 bytes (8bit), with Auto-Submitted: no (a person wrote it); the readable 更新をお願いします is a renewal.", o, "renew", mid)

    o = O["hokuto"]
    t = after(o, 0, 23, 10)
    mid = "<5f8e2c1a.20261114081003.k-ito@hokuto-seiki.example.co.jp>"
    body = """伊藤です。

証明書の更新、よろしくお願いします。
申請フォームは総務から送ります。

%s
""" % gt_quote(o.notice())
    hs = trace_std(o.email, t, mid) + [
        "From: " + addr(o.contact, o.email), "To: " + OUR_ADDR,
        "Subject: Re: " + o.subject,
        "Date: " + rfc_date(t), "Message-ID: " + mid, "In-Reply-To: " + o.notice_id,
        "References: " + o.notice_id, "X-Mailer: HokutoMail 1.0"]
    reply("reply-renew-raw-8bit-subject", build(hs, text_part(body, "UTF-8", "8bit")),
          "Subject and From name written as raw UTF-8 bytes without RFC 2047 (8bit headers), body UTF-8 8bit; the tag is still read from the subject and 更新、よろしくお願いします is a renewal.", o, "renew", mid)

    o = O["asahi"]
    t = after(o, 0, 1, 30)
    mid = mid_becky("r13", "asahi-print.example.co.jp", t)
    body = """エグザンプルホスティング SSL証明書ご担当者様

朝日印刷の木村です。
いつもお世話になっております。

表題の件、今回も更新を希望いたします。
手続きのほど、よろしくお願いいたします。

%s
%s
""" % (becky_attr(o), gt_quote(o.notice()))
    data = becky(o, body, t, mid, subject="Re: " + o.subject)
    words = ew("Re: " + o.subject, "ISO-2022-JP", max_word=40)
    data = data.replace(subj("Re: " + o.subject, "ISO-2022-JP").replace("\n", "\r\n").encode(),
                        fold_words("Subject", words).replace("\n", "\r\n").encode())
    assert len(words) >= 4
    reply("reply-renew-encoded-words-folded", data,
          "Subject split into %d short ISO-2022-JP encoded words over folded lines (the [ORD-…] tag inside them); decoded and joined, it carries the tag; 更新を希望いたします is a renewal." % len(words), o, "renew", mid)

    o = O["alpha"]
    t = after(o, 0, 4, 12)
    mid = "<20270108131203.8c2d.shimizu@alpha-shokai.example.jp>"
    body = """清水です。

更新をお願いします。フォームは後ほど送信します。

On %s
%s <%s> wrote:
%s
""" % (rfc_date(o.notice_time), OUR_NAME_JA, OUR_ADDR, gt_quote(o.notice()))
    reply("reply-renew-lf-line-ends", becky(o, body, t, mid, mailer="Sylpheed 3.7.0 (GTK+ 2.24.33; x86_64-pc-linux-gnu)",
                                             ua_header="X-Mailer", crlf=False),
          "Sylpheed ISO-2022-JP mail stored with LF-only line ends on purpose; 更新をお願いします is a renewal.", o, "renew", mid)

    o = O["shirakaba"]
    t = after(o, 1, 2, 40)
    mid = mid_m365("r15")
    sender = ("石田 恵", "m-ishida@shirakaba-kogyo.example.jp")
    own = """エグザンプルホスティング
SSL証明書ご担当者様

お世話になっております。
しらかば工業 情報システム課の石田と申します。
山口が出張で不在のため、代わりにご返信いたします。

証明書は更新します。
申請フォームは山口が戻り次第、送信いたします。"""
    reply("reply-renew-subject-fuzai-not-auto", outlook(o, own, t, mid, sender=sender, m365=True,
                                                         subject="RE: " + o.subject + "（山口不在のため代理返信）",
                                                         sig=sig_ja(o, "石田 恵", sender[1])),
          "Trap: the subject says 山口不在のため代理返信 but there is no Auto-Submitted, X-Autoreply or Precedence header and a person wrote 証明書は更新します, so a customer reply meaning renew, not an auto-reply.", o, "renew", mid)

    o = O["nippon"]
    t = after(o, 0, 6, 20)
    mid = mid_gmail("r16")
    own = "Hi,\n\nYes, please go ahead and renew it. I'll fill in the form this week.\n\nThanks,\nSarah"
    reply("reply-renew-english-gmail", gmail(o, own, t, mid, lang="en", text_cte="quoted-printable",
                                              html_cte="quoted-printable"),
          "English Gmail reply (quoted-printable) with the 'On … wrote:' attribution; 'please go ahead and renew it' is a renewal.", o, "renew", mid)

    o = O["sakuragaoka"]
    t = after(o, 3, 6, 0)
    mid = mid_m365("r17")
    own = """エグザンプルホスティング株式会社
SSL証明書ご担当者様

いつもお世話になっております。
学校法人桜ヶ丘学園 事務局の加藤です。

本日、専用フォームから証明書更新の申請を送信いたしました。
ご確認のほど、よろしくお願いいたします。"""
    reply("reply-renew-form-already-sent", outlook(o, own, t, mid, charset="utf-8", m365=True, style="line"),
          "Microsoft 365 reply (UTF-8 base64) saying the renewal application was sent through the form; the customer wants the renewal, so renew (the form itself is a separate mail).", o, "renew", mid)

    o = O["blueharbor"]
    t = after(o, 1, 1, 0)
    mid = mid_uuid("r18", "blueharbor.example.com", upper=True)
    own = """Hi,

ご連絡ありがとうございます。We would like to renew the certificate.
更新をお願いします。The form will follow shortly.

Michael Chen
Blue Harbor Consulting G.K."""
    reply("reply-renew-english-japanese-mixed", apple(o, own, t, mid, lang="en"),
          "Apple Mail reply mixing English and Japanese, both halves asking for the renewal (We would like to renew / 更新をお願いします), quoting the English notice.", o, "renew", mid)

    o = O["hoshino"]
    t = after(o, 0, 1, 5)
    mid = "<000b01db5e21$7a8b9c0d$6f7e8d9c$@hoshino-tax.example.jp>"
    body = "エグザンプルホスティング様\n\n星野税理士事務所の星野です。\n更新お願いします。\n\n%s\n%s\n" % (becky_attr(o), gt_quote(o.notice()))
    data = becky(o, body, t, mid, charset="UTF-8", cte="base64", mailer="Microsoft Windows Live Mail 16.4.3528.331",
                 mid_header="Message-ID")
    # A mailer that cut the subject's UTF-8 bytes between two encoded words,
    # in the middle of 証 (E8 A8 BC): not allowed by RFC 2047, common in practice.
    raw = ("Re: " + o.subject).encode("utf-8")
    cut = raw.index("証".encode("utf-8")) + 1
    w1 = "=?UTF-8?B?%s?=" % base64.b64encode(raw[:cut]).decode()
    w2 = "=?UTF-8?B?%s?=" % base64.b64encode(raw[cut:]).decode()
    data = data.replace(subj("Re: " + o.subject, "ISO-2022-JP").replace("\n", "\r\n").encode(),
                        ("Subject: %s\r\n %s" % (w1, w2)).encode())
    reply("reply-renew-encoded-word-split-char", data,
          "Subject in two UTF-8 encoded words that split the character 証 between them (decoders must join the bytes before decoding); body UTF-8 base64 saying 更新お願いします.", o, "renew", mid)

    o = O["towa"]
    t = after(o, 0, 3, 25)
    mid = "<20261124122512.00003A1F.0042@towa-sys.example.co.jp>"
    body = """エグザンプルホスティング株式会社
SSL証明書ご担当者様

お世話になっております。
東和システムの中村です。

ご案内いただいた件、承知いたしました。更新をお願いします。
なお、技術担当のアドレスが infra@towa-sys.example.co.jp に変わっておりますので、
申請フォームにて変更をお知らせします。

━━━━━━━━━━━━━━━━━━━━━━━━━━
東和システム株式会社
システム管理室 室長　中村 浩二
〒460-0008 名古屋市中区栄9-9-9
TEL：052-000-0000
━━━━━━━━━━━━━━━━━━━━━━━━━━

%s wrote:
%s
""" % (OUR_NAME_JA + " <" + OUR_ADDR + ">", gt_quote(o.notice()))
    reply("reply-renew-active-mail-shouchi-and-renew", becky(o, body, t, mid, mailer="Active! mail",
                                                              mid_header="Message-ID"),
          "Active! mail ISO-2022-JP reply with a ━━━ corporate signature: 承知いたしました followed by an explicit 更新をお願いします is a renewal (承知 alone would be unclear).", o, "renew", mid)

    o = O["kyokai"]
    t = after(o, 0, 2, 0)
    mid = mid_gmail("r21")
    reply("reply-renew-decision-in-subject-only", gmail(o, "", t, mid, subject="Re: " + o.subject + " 更新します"),
          "Gmail reply whose own text is empty (only the attribution and the quoted notice) and whose subject ends in 更新します: the decision is in the subject, so renew.", o, "renew", mid)

    o = O["midori"]
    t = after(o, 1, 3, 3)
    mid = mid_outlook("r22", "ryokufukai.example.jp")
    text = """エグザンプルホスティング
SSL証明書ご担当者様

お世話になっております。緑風会事務部の原田です。

標記の件、更新を依頼いたします。
社内の稟議書の写しを添付いたしますので、ご確認ください。

原田 恵子
医療法人社団緑風会 事務部
"""
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"0" * 300
    b = "----=_NextPart_000_0012_01DB5A3C.4E7F8A90"
    mp = multipart("mixed", [text_part(text, "iso-2022-jp", "7bit"),
                             attachment("ringi.pdf", pdf, "application/pdf")], b, close=False,
                   preamble="This is a multi-part message in MIME format.")
    hs = trace_std(o.email, t, mid) + [
        "From: " + addr(o.contact, o.email, "ISO-2022-JP"), "To: " + OUR_ADDR,
        subj("RE: " + o.subject, "ISO-2022-JP"), "Date: " + rfc_date(t), "Message-ID: " + mid] + refs(o) + [
        "X-Mailer: Microsoft Outlook 16.0", "Thread-Index: AdtaPE5/ipBVRk9nRj2Lm0x3yQ=="]
    reply("reply-renew-unclosed-boundary", build(hs, mp),
          "multipart/mixed whose closing boundary never comes (the PDF part runs to the end of the file); the text part is complete and says 更新を依頼いたします, so renew.",
          o, "renew", mid)

    o = O["shirasagi"]
    t = after(o, 2, 1, 0)
    mid = mid_gmail("r23")
    own = """エグザンプルホスティング
SSL証明書ご担当者様

いつもお世話になっております。
白鷺不動産の岡田です。

予算の承認が下りましたので、今回も更新をお願いいたします。

岡田"""
    reply("reply-renew-budget-approved", gmail(o, own, t, mid, text_cte="quoted-printable"),
          "Gmail quoted-printable reply that mentions 予算 but says the budget was approved and asks 更新をお願いいたします: renew, unlike the budget-pending unclear case.", o, "renew", mid)

    o = O["mirai"]
    t = after(o, 1, 0, 30)
    mid = mid_uuid("r24", "miraitech.example.co.jp")
    own = "エグザンプルホスティング 様\n\nミライテックの吉田です。\n件名を変えてしまいましたが、ご案内の証明書は更新をお願いします。"
    reply("reply-renew-new-subject-no-tag", thunderbird(o, own, t, mid, subject="SSL証明書の件（ミライテック）", bottom=False),
          "Thunderbird reply threaded by In-Reply-To/References to our notice but with a new subject and no [ORD-…] tag: order is null without a database (the thread headers need one); renew.",
          o, "renew", mid, order=None)

    o = O["iroha"]
    t = dt(2027, 1, 12, 10, 40, 0)
    mid = mid_m365("r25")
    own = """エグザンプルホスティング
SSL証明書ご担当者様

いつもお世話になっております。
株式会社いろは堂の石井です。

www.irohado.example.jp のSSL証明書について、今年も更新をお願いします。
ご案内のメールを誤って削除してしまったため、新しいメールで失礼いたします。
申請フォームのURLをもう一度お送りいただけますでしょうか。"""
    data = outlook(o, own, t, mid, quote=False, m365=True, charset="utf-8", subject="SSL証明書の更新について")
    data = data.replace(("References: %s\r\nIn-Reply-To: %s\r\n" % (o.notice_id, o.notice_id)).encode(), b"")
    reply("reply-renew-fresh-mail-no-thread", data,
          "A new mail (no Re:, no In-Reply-To, no tag) from a customer who deleted the notice, asking to renew www.irohado.example.jp and for the form link: a customer mail about the renewal, renew, order null, domain from the text.",
          o, "renew", mid, order=None, domain=o.domain)


renew_cases()


def decline_cases():
    o = O["aoba"]
    t = after(o, 1, 4, 30)
    mid = mid_m365("d1")
    own = """エグザンプルホスティング株式会社
SSL証明書ご担当者様

いつも大変お世話になっております。
あおば建設総務部の高橋でございます。

SSLサーバー証明書の更新のご案内をいただき、ありがとうございます。
社内で検討いたしました結果、今回は更新しないことといたしました。
ウェブサイトは来年1月に親会社のサイトへ統合する予定です。

長い間お世話になりました。
今後ともよろしくお願いいたします。"""
    reply("reply-decline-outlook-m365-iso2022jp", outlook(o, own, t, mid, m365=True),
          "Microsoft 365 Outlook reply in ISO-2022-JP with HTML: 今回は更新しないことといたしました is a decline; the quoted notice's 更新される場合は… does not count.", o, "decline", mid)

    o = O["midori"]
    t = after(o, 0, 7, 45)
    mid = mid_gmail("d2")
    own = "エグザンプルホスティング ご担当者様\n\nお世話になっております。緑風会の原田です。\n\n今回は見送らせていただきます。\nご案内ありがとうございました。\n\n原田"
    reply("reply-decline-miokuri-gmail", gmail(o, own, t, mid), "Gmail UTF-8 base64 reply: 今回は見送らせていただきます is a decline.", o, "decline", mid)

    o = O["takagi"]
    t = after(o, 0, 5, 10)
    mid = mid_uuid("d3", "takagi-denki.example.co.jp")
    sender = ("タカギ電機 Web担当", "web@takagi-denki.example.co.jp")
    own = """エグザンプルホスティング ご担当者様

タカギ電機の技術担当（Web担当）の者です。
該当のサイトは今月末で閉鎖することになりましたので、証明書の更新は不要です。
高木にも確認済みです。"""
    reply("reply-decline-from-tech-contact", thunderbird(o, own, t, mid, sender=sender, bottom=False,
                                                          sig="-- \n株式会社タカギ電機 Web担当\nweb@takagi-denki.example.co.jp"),
          "Top-posted Thunderbird reply from the technical contact (web@…, not the applicant): 証明書の更新は不要です is a decline; whether this sender may decide is the database's question, so trusted stays false.", o, "decline", mid)

    o = O["shirasagi"]
    t = after(o, 0, 9, 0)
    mid = mid_becky("d4", "shirasagi-fudosan.example.jp", t)
    body = """エグザンプルホスティング
SSL証明書担当 御中

白鷺不動産の岡田です。

年内でレンタルサーバーの契約自体を解約しますので、SSL証明書の更新も不要です。
解約の手続きは、別途営業ご担当の方へご連絡しております。

よろしくお願いいたします。

%s
%s
""" % (becky_attr(o), gt_quote(o.notice()))
    reply("reply-decline-kaiyaku-becky", becky(o, body, t, mid), "Becky! ISO-2022-JP reply: the server contract is being cancelled (解約), so SSL証明書の更新も不要です, a decline.", o, "decline", mid)

    o = O["kyokai"]
    t = after(o, 1, 0, 50)
    mid = mid_outlook("d5", "sample-kyokai.example.jp")
    own = """エグザンプルホスティング株式会社
ご担当者様

お世話になっております。
日本サンプル協会 事務局の井上です。

当協会のウェブサイトは、既に他社のサーバーに移行しました。
そのため、SSL証明書の更新は行いません。

これまでありがとうございました。"""
    reply("reply-decline-moved-to-other-company", outlook(o, own, t, mid, style="moto", html=False),
          "Plain-text Outlook reply quoting under -----元のメッセージ-----: the site moved to another company's server, SSL証明書の更新は行いません, a decline.", o, "decline", mid)

    o = O["greenleaf"]
    t = after(o, 1, 2, 10)
    mid = mid_m365("d6")
    own = """Hi,

Thanks for the reminder. We will not renew the certificate this year: our
online shop is moving to a cloud platform that provides its own certificates.

Regards,"""
    reply("reply-decline-english-outlook", outlook(o, own, t, mid, lang="en", charset="utf-8", m365=True,
                                                    style="original", sig="John Miller\nGreen Leaf Inc."),
          "English Outlook reply under -----Original Message----- with the English notice quoted: 'We will not renew the certificate this year' is a decline.", o, "decline", mid)

    o = O["hoshino"]
    t = after(o, 1, 5, 40)
    mid = mid_becky("d8", "hoshino-tax.example.jp", t)
    body = """エグザンプルホスティング株式会社
SSL証明書ご担当者様

いつもお世話になっております。
星野税理士事務所の星野です。

当事務所のホームページは1月中旬～下旬にリニューアルし、
制作会社側で証明書を用意することになりましたので、今回の更新はいたしません。

よろしくお願いいたします。

%s
%s
""" % (becky_attr(o), gt_quote(o.notice()))
    reply("reply-decline-sjis-base64", becky(o, body, t, mid, charset="cp932", label="Shift_JIS", cte="base64",
                                              mailer="EdMax Ver2.86.5F"),
          "Shift_JIS-labelled CP932 text in base64 with ～ (0x8160): 今回の更新はいたしません is a decline.", o, "decline", mid)

    o = O["fuji"]
    t = after(o, 2, 12, 3)
    mid = mid_uuid("d9", "fuji-kikaku.example.jp", upper=True)
    reply("reply-decline-iphone-short", apple(o, "更新しません。\nよろしくお願いします。", t, mid, iphone=True),
          "Two-line iPhone reply (quoted-printable UTF-8) above the quoted notice: 更新しません is a decline.", o, "decline", mid)

    o = O["sakuragaoka"]
    t = after(o, 4, 1, 0)
    mid = mid_uuid("d10", "sakuragaoka-gakuen.example.jp")
    hs = trace_std(o.email, t, mid) + [
        "Message-ID: " + mid, "Date: " + rfc_date(t), "MIME-Version: 1.0", "User-Agent: Mozilla Thunderbird",
        subj("Re: " + o.subject + " 更新しません"), "To: " + addr(OUR_NAME_JA, OUR_ADDR),
        "References: " + o.notice_id, "From: " + addr(o.contact, o.email), "In-Reply-To: " + o.notice_id]
    data = build(hs, Part(["Content-Type: text/plain; charset=UTF-8; format=flowed",
                           "Content-Transfer-Encoding: 7bit"], b""), mime_version=None)
    reply("reply-decline-subject-only-empty-body", data,
          "Trap: the body is empty and the decision is only in the subject (… [ORD-2026-0021] 更新しません): a decline.",
          o, "decline", mid)

    o = O["mirai"]
    t = after(o, 0, 8, 8)
    mid = mid_m365("d11")
    own = """エグザンプルホスティング ご担当者様

お世話になっております。ミライテックの吉田です。

弊社では今後、証明書をクラウドのロードバランサー側で発行する無料の証明書に
切り替えるため、今回の更新は不要です。

ご案内ありがとうございました。"""
    reply("reply-decline-outlook-utf8-html", outlook(o, own, t, mid, charset="utf-8", m365=True, html_cte="base64"),
          "Microsoft 365 reply with UTF-8 base64 text and HTML parts: 今回の更新は不要です is a decline.", o, "decline", mid)

    o = O["asahi"]
    t = after(o, 2, 0, 15)
    mid = mid_becky("d12", "asahi-print.example.co.jp", t)
    q = quote_sections(o, "■更新手続きについて", "更新されない場合は")
    body = """%s
%s

更新しない旨、ご連絡いたします。
弊社の事業縮小に伴い、今回は更新いたしません。

-- 
株式会社朝日印刷 営業管理部
木村 亜希子
""" % (becky_attr(o), gt_quote(q))
    reply("reply-decline-echoes-notice-words", becky(o, body, t, mid),
          "Bottom-posted Becky! reply that quotes only the procedure section and answers with 更新しない旨、ご連絡いたします / 今回は更新いたしません: a decline.",
          o, "decline", mid)

    o = O["blueharbor"]
    t = after(o, 0, 3, 33)
    mid = mid_gmail("d13")
    own = """Hello,

Thanks for the reminder. We have decided not to renew, as we are closing
our Tokyo office in January. Please do not renew the certificate.

Best,
Michael"""
    reply("reply-decline-english-gmail", gmail(o, own, t, mid, lang="en"),
          "English Gmail reply: 'We have decided not to renew … Please do not renew the certificate' is a decline.", o, "decline", mid)

    o = O["hokuto"]
    t = after(o, 3, 2, 0)
    mid = mid_outlook("d14", "hokuto-seiki.example.co.jp")
    own = """エグザンプルホスティング株式会社
SSL証明書ご担当者様

平素より大変お世話になっております。
株式会社北斗精機 管理部の伊藤でございます。

SSLサーバー証明書の更新についてご案内をいただき、誠にありがとうございます。
誠に恐縮ではございますが、諸般の事情により、今回は更新を見合わせることといたしました。

何卒ご了承くださいますようお願い申し上げます。"""
    reply("reply-decline-keigo-miawase", outlook(o, own, t, mid, style="original"),
          "Formal keigo Outlook reply: 今回は更新を見合わせることといたしました is a decline.", o, "decline", mid)

    o = O["nakamura"]
    t = after(o, 0, 6, 6)
    mid = mid_outlook("d15", "office-nakamura.example.jp")
    own = """エグザンプルホスティング
ご担当者様

㈲オフィス中村の中村です。
①事務所の閉鎖に伴い、ホームページを閉鎖いたします。
②そのため、SSL証明書は更新しません。

お世話になりました。"""
    reply("reply-decline-iso2022jp-nec-chars", outlook(o, own, t, mid, charset="cp50220", html=False, style="line"),
          "ISO-2022-JP reply with NEC specials ㈲ ① ② inside ESC $ B: SSL証明書は更新しません is a decline.", o, "decline", mid)

    o = O["iroha"]
    t = after(o, 0, 10, 0)
    mid = mid_uuid("d16", "irohado.example.jp", upper=True)
    own = "エグザンプルホスティング様\n\n3月で閉店することになりましたので、更新は不要です。\n長い間ありがとうございました。\n\nいろは堂 石井"
    reply("reply-decline-apple-mail-qp", apple(o, own, t, mid), "Apple Mail quoted-printable reply: the shop closes, 更新は不要です, a decline.", o, "decline", mid)

    o = O["tsubasa"]
    t = after(o, 1, 3, 3)
    mid = "<20261219120303.3f2a.saito@tsubasa-kanko.example.jp>"
    body = """斎藤です。

今回は更新しないでください。
サイトは別のサービスに移しました。

On %s
%s <%s> wrote:
%s
""" % (rfc_date(o.notice_time), OUR_NAME_JA, OUR_ADDR, gt_quote(o.notice()))
    reply("reply-decline-lf-line-ends", becky(o, body, t, mid, mailer="Sylpheed 3.7.0 (GTK+ 2.24.33; x86_64-pc-linux-gnu)",
                                               crlf=False),
          "LF-only ISO-2022-JP Sylpheed mail on purpose: 今回は更新しないでください is a decline.", o, "decline", mid)

    o = O["nippon"]
    t = after(o, 1, 1, 1)
    mid = mid_uuid("d18", "nippon-trading.example.com")
    own = "No need to renew, thank you. We moved the website to another provider last month."
    reply("reply-decline-english-no-need-thunderbird",
          thunderbird(o, own, t, mid, lang="en", bottom=True, sig="-- \nSarah Thompson\nNippon Example Trading K.K."),
          "English Thunderbird reply below the quote: 'No need to renew … moved the website to another provider' is a decline.", o, "decline", mid)


decline_cases()


def unclear_cases():
    o = O["fuji"]
    t = after(o, 0, 2, 2)
    mid = mid_outlook("u1", "fuji-kikaku.example.jp")
    own = """エグザンプルホスティング
ご担当者様

お世話になっております。ふじ企画の小林です。

ご案内ありがとうございます。
更新しないとどうなりますか？
サイト自体が見られなくなってしまうのでしょうか。

お手数ですがご教示ください。"""
    reply("reply-unclear-what-if-not-renewed", outlook(o, own, t, mid),
          "Question 更新しないとどうなりますか？ contains 更新しない but asks what happens; no decision, so unclear.", o, "unclear", mid)

    o = O["tsubasa"]
    t = after(o, 0, 5, 30)
    mid = mid_gmail("u2")
    own = "お世話になっております。つばさ観光の斎藤です。\n\n更新料金はいくらになりますでしょうか。\n昨年と同じ金額でしょうか？"
    reply("reply-unclear-asks-price", gmail(o, own, t, mid), "Gmail reply asking 更新料金はいくらになりますでしょうか: a question about the price, no decision, unclear.", o, "unclear", mid)

    o = O["sakuragaoka"]
    t = after(o, 1, 6, 0)
    mid = mid_m365("u3")
    own = """エグザンプルホスティング株式会社
SSL証明書ご担当者様

いつもお世話になっております。
桜ヶ丘学園 事務局の加藤です。

ご案内ありがとうございます。
来年度の予算が確定したら、改めてご連絡いたします。
それまでお待ちいただけますでしょうか。"""
    reply("reply-unclear-budget-pending", outlook(o, own, t, mid, m365=True),
          "予算が確定したら改めてご連絡いたします: the decision is postponed, so unclear (staff are asked; the order stays).", o, "unclear", mid)

    o = O["shirasagi"]
    t = after(o, 0, 4, 0)
    mid = mid_uuid("u4", "shirasagi-fudosan.example.jp")
    own = "白鷺不動産の岡田です。\n\n更新については現在社内で検討中です。\n期限までにはご連絡いたします。"
    reply("reply-unclear-considering", thunderbird(o, own, t, mid, bottom=False),
          "現在社内で検討中です: still deciding, unclear.", o, "unclear", mid)

    o = O["sakura"]
    t = after(o, 0, 3, 10)
    mid = mid_gmail("u5")
    reply("reply-unclear-shouchi-only", gmail(o, "承知しました。", t, mid),
          "Trap: the own text is only 承知しました while the quoted notice holds both 更新される場合は and 更新しない旨; acknowledging the notice is not a decision, so unclear.", o, "unclear", mid)

    o = O["kamome"]
    t = after(o, 1, 3, 30)
    mid = mid_outlook("u6", "kamome-logi.example.co.jp")
    own = """エグザンプルホスティング
SSL証明書ご担当者様

カモメ物流の渡辺です。

営業部としては更新したいのですが、情報システム部からは
更新しない方向で検討していると聞いております。
社内で調整してから、改めてご連絡します。"""
    reply("reply-unclear-both-renew-and-decline", outlook(o, own, t, mid, charset="utf-8", html_cte="base64"),
          "One department wants to renew (更新したい), another plans not to (更新しない方向): both words, no decision, unclear.", o, "unclear", mid)

    o = O["aoba"]
    t = after(o, 2, 1, 0)
    mid = mid_m365("u7")
    sender = ("小川 美穂", "ogawa@aoba-kensetsu.example.co.jp")
    own = """エグザンプルホスティング株式会社
SSL証明書ご担当者様

お世話になっております。
あおば建設総務部の小川と申します。

10月の人事異動で、本件の担当者が高橋から私、小川に変わりました。
今後のご連絡は ogawa@aoba-kensetsu.example.co.jp 宛にお願いいたします。
更新については、内容を確認のうえ改めてご連絡いたします。"""
    reply("reply-unclear-contact-changed", outlook(o, own, t, mid, m365=True, sender=sender,
                                                    sig=sig_ja(o, "小川 美穂", sender[1])),
          "担当者が変わりました from a new address: a contact change with no decision yet (改めてご連絡いたします), unclear; staff must update the order.", o, "unclear", mid)

    o = O["greenleaf"]
    t = after(o, 0, 1, 30)
    mid = mid_gmail("u8")
    own = "Hi,\n\nCould you tell me the price for the renewal? Is it the same as last year?\n\nJohn"
    reply("reply-unclear-english-price", gmail(o, own, t, mid, lang="en"),
          "English question 'Could you tell me the price for the renewal?': no decision, unclear.", o, "unclear", mid)

    o = O["nippon"]
    t = after(o, 0, 2, 45)
    mid = mid_m365("u9")
    own = "Dear Example Hosting,\n\nThank you for your email. We are considering our options and will get back to you before the deadline.\n\nKind regards,"
    reply("reply-unclear-english-considering", outlook(o, own, t, mid, lang="en", charset="utf-8", m365=True,
                                                        sig="Sarah Thompson\nOffice Manager\nNippon Example Trading K.K."),
          "English 'We are considering our options and will get back to you': undecided, unclear.", o, "unclear", mid)

    o = O["hokuto"]
    t = after(o, 1, 0, 5)
    mid = mid_outlook("u10", "hokuto-seiki.example.co.jp")
    reply("reply-unclear-signature-only", outlook(o, "", t, mid),
          "Outlook reply whose own part is only the corporate signature above the quoted notice (sent by mistake): nothing decided, unclear.", o, "unclear", mid)

    o = O["kibou"]
    t = after(o, 0, 9, 20)
    mid = mid_uuid("u11", "kibou-design.example.jp", upper=True)
    reply("reply-unclear-should-we-renew", apple(o, "更新したほうがいいですか？\n藤井", t, mid, iphone=True),
          "iPhone reply 更新したほうがいいですか？: asks for advice, no decision, unclear.", o, "unclear", mid)

    o = O["takagi"]
    t = after(o, 1, 2, 2)
    mid = mid_outlook("u12", "takagi-denki.example.co.jp")
    own = """エグザンプルホスティング
ご担当者様

タカギ電機の高木です。

先日、Web担当から「更新は不要」との連絡がいったかと思いますが、
更新しないわけではありません。
まだ社内の決裁が下りておりませんので、決まり次第ご連絡いたします。"""
    reply("reply-unclear-not-that-we-dont", outlook(o, own, t, mid),
          "Trap: 更新しないわけではありません (it is not that we won't renew) with 不要 in a reported quote and the decision still pending: unclear.", o, "unclear", mid)

    o = O["minato"]
    t = after(o, 0, 7, 0)
    mid = mid_becky("u13", "minato-kobo.example.jp", t)
    body = """%s
> ■更新依頼期限日
> 　%s

エグザンプルホスティング ご担当者様

みなと工房の佐藤です。
年末年始で社内の確認が取れないため、
更新依頼期限日を1月末まで延ばしていただくことは可能でしょうか。

佐藤
""" % (becky_attr(o), ja_date(o.deadline))
    reply("reply-unclear-deadline-extension", becky(o, body, t, mid),
          "Becky! reply quoting only the deadline and asking to extend it: a question, no decision, unclear.",
          o, "unclear", mid)

    o = O["maruyama"]
    t = after(o, 1, 4, 0)
    mid = mid_gmail("u14")
    own = "お世話になっております。まるやま食品の丸山です。\n\n今回から認証局をグローバルサインに変更することは可能でしょうか。\n費用も併せて教えてください。"
    reply("reply-unclear-asks-ca-change", gmail(o, own, t, mid, text_cte="quoted-printable"),
          "Asks whether the CA can change to GlobalSign (which would be a new application, not a renewal): a question, unclear.", o, "unclear", mid)

    o = O["alpha"]
    t = after(o, 0, 1, 0)
    mid = mid_uuid("u15", "alpha-shokai.example.jp", upper=True)
    reply("reply-unclear-thanks-will-check", apple(o, "ご連絡ありがとうございます。\n内容を確認いたします。\n\nアルファ商会 清水", t, mid),
          "ご連絡ありがとうございます。内容を確認いたします: an acknowledgement, unclear.", o, "unclear", mid)

    o = O["kyokai"]
    t = after(o, 0, 6, 0)
    mid = mid_uuid("u16", "sample-kyokai.example.jp")
    own = "日本サンプル協会の井上です。\n\n更新の前に確認ですが、請求書の宛先を経理担当に変更することはできますか。"
    reply("reply-unclear-invoice-address", thunderbird(o, own, t, mid, bottom=True),
          "更新の前に確認ですが…: a question about the invoice address before deciding, unclear.", o, "unclear", mid)

    o = O["towa"]
    t = after(o, 0, 5, 0)
    mid = "<20261124140002.00003B20.0051@towa-sys.example.co.jp>"
    body = """エグザンプルホスティング株式会社
ご担当者様

東和システムの中村です。
担当部署に確認のうえ、追ってご連絡いたします。

━━━━━━━━━━━━━━━━━━━━━━━━━━
東和システム株式会社 システム管理室
中村 浩二
━━━━━━━━━━━━━━━━━━━━━━━━━━

%s <%s> wrote:
%s
""" % (OUR_NAME_JA, OUR_ADDR, gt_quote(o.notice()))
    reply("reply-unclear-will-check-internally", becky(o, body, t, mid, mailer="Active! mail", mid_header="Message-ID"),
          "Active! mail reply 担当部署に確認のうえ、追ってご連絡いたします: no decision, unclear.", o, "unclear", mid)

    o = O["midori"]
    t = after(o, 0, 3, 0)
    mid = mid_m365("u18")
    html = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-2022-jp">
</head>
<body>
<div>エグザンプルホスティング</div>
<div>SSL証明書ご担当者様</div>
<div>&nbsp;</div>
<div>緑風会の原田です。</div>
<div>更新しなかった場合、ホームページは見られなくなりますか？</div>
<div>患者様向けの予約ページもあるため、影響を教えてください。</div>
<div>&nbsp;</div>
<blockquote style="border-left: 2px solid #0000ff; padding-left: 5px; margin-left: 5px">
<div>----- Original Message -----</div>
<div>From: %s &lt;%s&gt;</div>
<div>Sent: %s</div>
%s
</blockquote>
</body></html>
""" % (OUR_NAME_JA, OUR_ADDR, rfc_date(o.notice_time), text_to_html_divs(o.notice()))
    hs = trace_m365(o.email, t, mid)[0] + [
        "From: " + addr(o.contact, o.email, "ISO-2022-JP"), "To: " + OUR_ADDR,
        subj("Re: " + o.subject, "ISO-2022-JP"), "Date: " + rfc_date(t), "Message-ID: " + mid] + refs(o)
    reply("reply-unclear-html-only-iso2022jp",
          build(hs, text_part(html, "iso-2022-jp", "7bit", subtype="html", label="iso-2022-jp")),
          "HTML-only reply in ISO-2022-JP (7bit) with <div>s and a <blockquote>: 更新しなかった場合…見られなくなりますか？ is a question, unclear.", o, "unclear", mid)

    o = O["blueharbor"]
    t = after(o, 0, 8, 0)
    mid = mid_gmail("u19")
    own = "Thanks. 来週の役員会で決めます — we'll decide at next week's board meeting.\n\nMichael"
    reply("reply-unclear-english-japanese-mixed", gmail(o, own, t, mid, lang="en"),
          "Mixed English and Japanese 'we'll decide at next week's board meeting' (来週の役員会で決めます): undecided, unclear.", o, "unclear", mid)

    o = O["yamabiko"]
    t = after(o, 0, 4, 4)
    mid = mid_outlook("u20", "yamabiko.example.jp")
    own = """エグザンプルホスティング
ご担当者様

やまびこ会の松本です。
このメールは何のご案内でしょうか。
前任者から引き継ぎがなく、SSL証明書というものがよくわかっておりません。
お電話でご説明いただくことは可能でしょうか。"""
    reply("reply-unclear-what-is-this", outlook(o, own, t, mid, charset="utf-8", html=False),
          "A new person asks what the mail is about and wants a phone call: no decision, unclear.", o, "unclear", mid)

    o = O["hoshino"]
    t = after(o, 0, 3, 33)
    mid = mid_becky("u21", "hoshino-tax.example.jp", t)
    body = """エグザンプルホスティング ご担当者様

星野税理士事務所の星野です。

更新料金が2万円以下であれば更新します。
22,000円ですと予算を少し超えてしまうのですが、お値引きは可能でしょうか。

%s
%s
""" % (becky_attr(o), gt_quote(o.notice()))
    reply("reply-unclear-conditional-renew", becky(o, body, t, mid),
          "Trap: 更新します only on a condition the quote does not meet (2万円以下であれば) plus a discount question: not a decision, unclear.", o, "unclear", mid)

    o = O["iroha"]
    t = after(o, 0, 6, 6)
    mid = mid_gmail("u22")
    own = "お世話になっております。いろは堂の石井です。\n\n今回の証明書の件ですが、更新をお願いします。\nフォームは明日送ります。\n"
    good = base64.b64encode((own + "\n" + gmail_attr(o, "ja") + "\n\n" + gt_quote(o.notice())).replace(
        "\n", "\r\n").encode("utf-8")).decode()
    # Keep the greeting; garble the rest (valid base64 alphabet, wrong bytes), then cut off.
    keep = len(base64.b64encode("お世話になっております。いろは堂の石井です。\r\n\r\n".encode("utf-8")).decode())
    garbled = good[:keep] + "".join("QWxhZGRpbjpvcGVuIHNlc2FtZQ"[(i * 7) % 26] for i in range(160)) + good[keep + 160:keep + 400] + "=="
    body = ("\n".join(garbled[i:i + 76] for i in range(0, len(garbled), 76)) + "\n").encode()
    b = "000000000000" + hashlib.md5(mid.encode()).hexdigest()[:16]
    hs = trace_google(o.email, t, mid) + ["MIME-Version: 1.0"] + refs(o) + [
        "From: " + addr(o.contact, o.email), "Date: " + rfc_date(t), "Message-ID: " + mid,
        subj("Re: " + o.subject), "To: " + OUR_ADDR]
    mp = multipart("alternative", [Part(['Content-Type: text/plain; charset="UTF-8"', "Content-Transfer-Encoding: base64"],
                                        body)], b)
    reply("reply-unclear-broken-base64", build(hs, mp, mime_version=None),
          "A reply whose base64 text is garbled after the greeting and cut off mid-stream: the decision cannot be read (invalid UTF-8, padding in the middle), so unclear.",
          o, "unclear", mid)

    o = O["trident"]
    t = after(o, 0, 2, 12)
    mid = "<20261120111203.5d1e.r-morita@trident.example.co.jp>"
    body = """森田です。

確認中です。少々お待ちください。

On %s
%s <%s> wrote:
%s
""" % (rfc_date(o.notice_time), OUR_NAME_JA, OUR_ADDR, gt_quote(o.notice()))
    reply("reply-unclear-lf-line-ends", becky(o, body, t, mid, mailer="Sylpheed 3.7.0 (GTK+ 2.24.33; x86_64-pc-linux-gnu)",
                                               crlf=False),
          "LF-only ISO-2022-JP mail on purpose: 確認中です is not a decision, unclear.", o, "unclear", mid)

    o = O["sugimoto"]
    t = after(o, 0, 3, 0)
    mid = mid_outlook("u24", "sugimoto-mfg.example.jp")
    own = """エグザンプルホスティング株式会社
ご担当者様

杉本製作所 経理の杉本です。
更新の件で2点お伺いします。
①更新料金のお支払い方法を教えてください。
②クレジットカードでの支払いは可能でしょうか。"""
    reply("reply-unclear-payment-questions-nec", outlook(o, own, t, mid, charset="cp50220", html=False, style="line"),
          "ISO-2022-JP with NEC ① ② listing two payment questions about the renewal (更新の件で2点お伺いします): questions, unclear.", o, "unclear", mid)

    o = O["shirakaba"]
    t = after(o, 0, 5, 0)
    mid = mid_becky("u25", "shirakaba-kogyo.example.jp", t)
    body = """エグザンプルホスティング様

しらかば工業の山口です。
更新するかどうか、現在上長に確認中です～
結論が出ましたら改めてご連絡します。

%s
%s
""" % (becky_attr(o), gt_quote(o.notice()))
    reply("reply-unclear-sjis-asking-boss", becky(o, body, t, mid, charset="cp932", label="Shift_JIS", cte="8bit",
                                                   mailer="EdMax Ver2.86.5F"),
          "Shift_JIS-labelled CP932 8bit reply: 更新するかどうか…確認中です～ is undecided, unclear.", o, "unclear", mid)


unclear_cases()


# ===========================================================================
# application forms (the web site's form mailer)

FORM_FROM = addr("SSL更新フォーム", "noreply-form@www.example-hosting.jp")
FORM_FOOT = """-- 
エグザンプルホスティング SSL証明書更新フォーム
このメールは送信専用アドレスから自動送信されています。"""


def form_mail(o, body, t, qid, subject, charset="UTF-8", cte="base64", reply_to=None, mailer="PHP/8.2.26",
              subject_cs="UTF-8", crlf=True):
    mid = "<%04d%02d%02d%02d%02d%02d.%s@www.example-hosting.jp>" % (t.year, t.month, t.day, t.hour - 9 if t.hour >= 9 else t.hour + 15,
                                                                   t.minute, t.second, qid)
    hs = ["Return-Path: <noreply-form@www.example-hosting.jp>", "Delivered-To: ssl@example-hosting.jp",
          rcv("www.example-hosting.jp", "www.example-hosting.jp", "10.20.0.15", "4X" + qid[:8],
              t + datetime.timedelta(seconds=1), proto="ESMTP"),
          "Received: by www.example-hosting.jp (Postfix, from userid 33)\n\tid %s; %s" % (qid, rfc_date(t, True)),
          ar("spf=pass (mx.example-hosting.jp: domain of noreply-form@www.example-hosting.jp designates 10.20.0.15 "
             "as permitted sender) smtp.mailfrom=noreply-form@www.example-hosting.jp"),
          "To: ssl@example-hosting.jp", subj(subject, subject_cs), "X-PHP-Originating-Script: 33:send.php",
          "From: " + FORM_FROM, "Reply-To: " + (reply_to or o.email), "X-Mailer: " + mailer]
    part = text_part(body, charset, cte, quote=False)
    hs += ["Message-Id: " + mid, "Date: " + rfc_date(t, True)]
    # Postfix appends Message-Id and Date after the body headers the script wrote.
    data = build(hs[:-2], part, crlf)
    head, _, rest = data.partition(b"\r\n\r\n" if crlf else b"\n\n")
    eol = "\r\n" if crlf else "\n"
    data = head + (eol + hs[-2] + eol + hs[-1]).encode() + (eol + eol).encode() + rest
    return data, mid


def form_case(name, data, mid, note, o, form, order="tag", forwarded_by=None):
    case(name, data, note, "application_form", mid, order=o.id if order == "tag" else order,
         domain=form["domain"], form=form, forwarded_by=forwarded_by)


def form_cases():
    o = O["sakura"]
    t = dt(2026, 11, 12, 14, 30, 12)
    body = """SSL証明書更新 申請フォームから以下の内容が送信されました。

お客様番号：C0001
会社名：株式会社さくら商事
英語表記会社名：Sakura Shoji Co., Ltd.
所在地：東京都千代田区丸の内1-2-3 さくらビル5F
代表電話番号：03-1234-5678
申請責任者：山田 太郎
役職：情報システム部長
メールアドレス：yamada@sakura-shoji.example.jp
技術担当者メールアドレス：it@sakura-shoji.example.jp
コモンネーム：www.sakura-shoji.example.jp
追加ドメイン：sakura-shoji.example.jp
認証局：デジサート
認証タイプ：企業認証
注文番号：ORD-2026-0012

送信日時：2026/11/12 14:30:12
送信元IP：203.0.113.25
""" + FORM_FOOT
    data, mid = form_mail(o, body, t, "8F3A21C0452", "【SSL更新申請】www.sakura-shoji.example.jp [ORD-2026-0012]")
    form_case("form-ja-standard", data, mid,
              "The site's form mail in its usual layout (UTF-8 base64, Japanese labels with full-width colons, tag in the subject); the fields map to the canonical keys, デジサート to digicert, 企業認証 to ov; the sender is the form mailer, so untrusted without a database.",
              o, {"customer_id": "C0001", "org_name": "株式会社さくら商事", "org_name_en": "Sakura Shoji Co., Ltd.",
                  "address": "東京都千代田区丸の内1-2-3 さくらビル5F", "phone": "03-1234-5678",
                  "contact_name": "山田 太郎", "contact_title": "情報システム部長",
                  "contact_email": "yamada@sakura-shoji.example.jp", "tech_email": "it@sakura-shoji.example.jp",
                  "domain": "www.sakura-shoji.example.jp", "sans": "sakura-shoji.example.jp", "ca": "digicert",
                  "validation": "ov", "order_id": "ORD-2026-0012"})

    o = O["greenleaf"]
    t = dt(2026, 11, 18, 10, 5, 44)
    body = """The following SSL certificate renewal application was submitted.

Customer ID: C0011
Company name (Japanese): 株式会社グリーンリーフ
Company name (English): Green Leaf Inc.
Postal code: 106-0032
Address: 5-6-7 Roppongi, Minato-ku, Tokyo
Phone: +81-3-5555-0100
Department: IT
Contact name: John Miller
Job title: IT Manager
Email: John.Miller@greenleaf.example.com
Technical contact email: webops@greenleaf.example.com
Common name: shop.greenleaf.example.com
Additional domains: greenleaf.example.com
Certificate authority: DigiCert
Validation type: OV
Product: Secure Site OV
Order number: ORD-2026-0022
Notes: Please send the invoice to accounts@greenleaf.example.com.

Submitted: 2026-11-18 10:05:44 JST
""" + FORM_FOOT.replace("エグザンプルホスティング SSL証明書更新フォーム", "Example Hosting SSL renewal form").replace(
        "このメールは送信専用アドレスから自動送信されています。", "This message was sent automatically. Please do not reply.")
    data, mid = form_mail(o, body, t, "2B7C90D1E33", "[SSL renewal] shop.greenleaf.example.com [ORD-2026-0022]",
                          charset="UTF-8", cte="8bit")
    form_case("form-en-labels", data, mid,
              "English version of the form (UTF-8, 8bit) with English labels; the email is lower-cased, DigiCert maps to digicert, the Notes line is kept.",
              o, {"customer_id": "C0011", "org_name": "株式会社グリーンリーフ", "org_name_en": "Green Leaf Inc.",
                  "postal_code": "106-0032", "address": "5-6-7 Roppongi, Minato-ku, Tokyo", "phone": "+81-3-5555-0100",
                  "department": "IT", "contact_name": "John Miller", "contact_title": "IT Manager",
                  "contact_email": "john.miller@greenleaf.example.com", "tech_email": "webops@greenleaf.example.com",
                  "domain": "shop.greenleaf.example.com", "sans": "greenleaf.example.com", "ca": "digicert",
                  "validation": "ov", "product": "Secure Site OV", "order_id": "ORD-2026-0022",
                  "notes": "Please send the invoice to accounts@greenleaf.example.com."})

    o = O["kamome"]
    t = dt(2026, 12, 14, 16, 48, 2)
    body = """ＳＳＬ証明書更新　申請フォームから以下の内容が送信されました。

お客様ＩＤ：Ｃ００１７
会社名：株式会社カモメ物流
英語表記会社名：Ｋａｍｏｍｅ　Ｌｏｇｉｓｔｉｃｓ　Ｉｎｃ．
郵便番号：〒２３１－０００２
所在地：神奈川県横浜市中区海岸通１丁目２番３号
代表電話番号：０４５－６６６－７７７７
申請責任者：渡辺　直樹
役職：業務推進課　係長
メールアドレス：Ｎ－Ｗａｔａｎａｂｅ＠ｋａｍｏｍｅ－ｌｏｇｉ．ｅｘａｍｐｌｅ．ｃｏ．ｊｐ
コモンネーム：ｗｗｗ．ｋａｍｏｍｅ－ｌｏｇｉ．ｅｘａｍｐｌｅ．ｃｏ．ｊｐ
追加ドメイン：ｋａｍｏｍｅ－ｌｏｇｉ．ｅｘａｍｐｌｅ．ｃｏ．ｊｐ、ｔｒａｃｋ．ｋａｍｏｍｅ－ｌｏｇｉ．ｅｘａｍｐｌｅ．ｃｏ．ｊｐ
認証局：セクティゴ
認証タイプ：企業認証
注文番号：ＯＲＤ－２０２６－００１７
""" + FORM_FOOT
    data, mid = form_mail(o, body, t, "5D1E2F3A4B5", "【SSL更新申請】www.kamome-logi.example.co.jp [ORD-2026-0017]",
                          charset="cp50220", cte="7bit", subject_cs="ISO-2022-JP", mailer="PHP/7.4.33")
    form_case("form-fullwidth-iso2022jp", data, mid,
              "Form text typed in full-width characters (labels, digits, domain, email) and mailed as ISO-2022-JP by an older PHP (CP50220, so the full-width hyphen U+FF0D fits); identifiers come out NFKC-normalised and lower-cased, names and addresses stay as written, 、 separates the SANs; the full-width hyphens (U+FF0D, JIS 0x215D) in the domain and email must end up as '-' whether the decoder yields U+FF0D or U+2212.",
              o, {"customer_id": "C0017", "org_name": "株式会社カモメ物流", "org_name_en": "Kamome Logistics Inc.",
                  "postal_code": "231-0002", "address": "神奈川県横浜市中区海岸通１丁目２番３号", "phone": "045-666-7777",
                  "contact_name": "渡辺 直樹", "contact_title": "業務推進課 係長",
                  "contact_email": "n-watanabe@kamome-logi.example.co.jp", "domain": "www.kamome-logi.example.co.jp",
                  "sans": "kamome-logi.example.co.jp track.kamome-logi.example.co.jp", "ca": "sectigo",
                  "validation": "ov", "order_id": "ORD-2026-0017"})

    o = O["hokuto"]
    t = dt(2026, 11, 19, 9, 12, 55)
    body = """SSL証明書更新 申請フォームから以下の内容が送信されました。

お客様番号：C0005
会社名：株式会社北斗精機
英語表記会社名：Hokuto Seiki Co., Ltd.
所在地：長野県松本市中央4-5-6
代表電話番号：0263-00-1234
申請責任者：伊藤 健一
役職：管理部長
メールアドレス：k-ito@hokuto-seiki.example.co.jp
技術担当者メールアドレス：sysadmin@hokuto-seiki.example.co.jp
コモンネーム：www.hokuto-seiki.example.co.jp
追加ドメイン：hokuto-seiki.example.co.jp
認証局：デジサート
認証タイプ：企業認証
注文番号：ORD-2026-0016

■ログイン情報（変更がある場合のみ）
コントロールパネルURL：https://cp.hokuto-seiki.example.co.jp:8443/
ログインID：hokuto-admin
パスワード：N3w!Passw0rd#26
rootパスワード：R00t-Hokuto-2026

送信日時：2026/11/19 09:12:55
""" + FORM_FOOT
    data, mid = form_mail(o, body, t, "7A8B9C0D1E2", "【SSL更新申請】www.hokuto-seiki.example.co.jp [ORD-2026-0016]")
    form_case("form-login-passwords-masked", data, mid,
              "Form with changed control-panel and root login details under ■ログイン情報: they belong to server_login, which is a secret and shows as ******** in the JSON; the passwords must not appear anywhere.",
              o, {"customer_id": "C0005", "org_name": "株式会社北斗精機", "org_name_en": "Hokuto Seiki Co., Ltd.",
                  "address": "長野県松本市中央4-5-6", "phone": "0263-00-1234", "contact_name": "伊藤 健一",
                  "contact_title": "管理部長", "contact_email": "k-ito@hokuto-seiki.example.co.jp",
                  "tech_email": "sysadmin@hokuto-seiki.example.co.jp", "domain": "www.hokuto-seiki.example.co.jp",
                  "sans": "hokuto-seiki.example.co.jp", "ca": "digicert", "validation": "ov",
                  "order_id": "ORD-2026-0016", "server_login": "********"})

    o = O["aoba"]
    t = dt(2026, 11, 25, 17, 2, 31)
    body = """SSL証明書更新 申請フォームから以下の内容が送信されました。

お客様番号：C0004
会社名：あおばホールディングス株式会社
英語表記会社名：Aoba Holdings Co., Ltd.
所在地：宮城県仙台市青葉区一番町1-2-3
代表電話番号：022-000-1111
申請責任者：高橋 誠
役職：総務部 課長
メールアドレス：takahashi@aoba-kensetsu.example.co.jp
コモンネーム：www.aoba-kensetsu.example.co.jp
追加ドメイン：aoba-kensetsu.example.co.jp
認証局：ジオトラスト
認証タイプ：企業認証
証明書名：ジオトラスト トゥルービジネスID
注文番号：ORD-2026-0015
備考：10月1日付で持株会社体制に移行し、社名が変わりました。

送信日時：2026/11/25 17:02:31
""" + FORM_FOOT
    data, mid = form_mail(o, body, t, "3C4D5E6F7A8", "【SSL更新申請】www.aoba-kensetsu.example.co.jp [ORD-2026-0015]")
    form_case("form-org-name-changed", data, mid,
              "Form whose organization name differs from last year's (あおばホールディングス株式会社): classify only reports the fields as written (the workflow, with a database, turns it into a new application); ジオトラスト maps to geotrust.",
              o, {"customer_id": "C0004", "org_name": "あおばホールディングス株式会社",
                  "org_name_en": "Aoba Holdings Co., Ltd.", "address": "宮城県仙台市青葉区一番町1-2-3",
                  "phone": "022-000-1111", "contact_name": "高橋 誠", "contact_title": "総務部 課長",
                  "contact_email": "takahashi@aoba-kensetsu.example.co.jp",
                  "domain": "www.aoba-kensetsu.example.co.jp", "sans": "aoba-kensetsu.example.co.jp",
                  "ca": "geotrust", "validation": "ov", "product": "ジオトラスト トゥルービジネスID",
                  "order_id": "ORD-2026-0015", "notes": "10月1日付で持株会社体制に移行し、社名が変わりました。"})

    # The applicant forwards the copy the form sent them (no acceptance mail came).
    o = O["fuji"]
    t0 = dt(2026, 11, 24, 18, 20, 7)
    copy_body = """小林 由美 様

SSL証明書更新の申請を以下の内容で受け付けました。
（このメールは控えとして自動送信しています）

お客様番号：C0009
会社名：株式会社ふじ企画
英語表記会社名：Fuji Kikaku Co., Ltd.
所在地：静岡県静岡市葵区呉服町2-3-4
代表電話番号：054-000-2222
申請責任者：小林 由美
役職：代表取締役
メールアドレス：kobayashi@fuji-kikaku.example.jp
コモンネーム：www.fuji-kikaku.example.jp
認証局：デジサート
認証タイプ：企業認証
注文番号：ORD-2026-0018

翌営業日中に受付完了のメールをお送りします。届かない場合は info@example-hosting.jp までご連絡ください。
"""
    t = dt(2026, 11, 26, 11, 3, 40)
    mid = mid_gmail("f6")
    own = """エグザンプルホスティング
ご担当者様

ふじ企画の小林です。
一昨日フォームから更新の申請をしましたが、受付完了のメールが届いていないので
控えのメールを転送いたします。ご確認をお願いします。

---------- Forwarded message ---------
From: SSL更新フォーム <noreply-form@www.example-hosting.jp>
Date: %d年%d月%d日(%s) 18:20
Subject: 【控え】SSL証明書更新申請を受け付けました [ORD-2026-0018]
To: <kobayashi@fuji-kikaku.example.jp>


%s""" % (t0.year, t0.month, t0.day, WEEKDAYS_JA[t0.weekday()], copy_body)
    b = "000000000000" + hashlib.md5(mid.encode()).hexdigest()[:16]
    hs = trace_google(o.email, t, mid) + ["MIME-Version: 1.0",
                                          "From: " + addr(o.contact, o.email), "Date: " + rfc_date(t),
                                          "Message-ID: " + mid,
                                          subj("Fwd: 【控え】SSL証明書更新申請を受け付けました [ORD-2026-0018]"),
                                          "To: " + OUR_ADDR]
    part = multipart("alternative", [text_part(own, "UTF-8", "base64", quote=True),
                                     text_part('<div dir="ltr">' + text_to_html_divs(own) + "</div>\n", "UTF-8",
                                               "base64", subtype="html", quote=True)], b)
    form_case("form-forwarded-by-customer", build(hs, part, mime_version=None), mid,
              "The applicant forwards inline (Gmail 'Forwarded message') the copy of the form the site sent them: still an application form, forwarded_by the applicant, untrusted without a database.",
              o, {"customer_id": "C0009", "org_name": "株式会社ふじ企画", "org_name_en": "Fuji Kikaku Co., Ltd.",
                  "address": "静岡県静岡市葵区呉服町2-3-4", "phone": "054-000-2222", "contact_name": "小林 由美",
                  "contact_title": "代表取締役", "contact_email": "kobayashi@fuji-kikaku.example.jp",
                  "domain": "www.fuji-kikaku.example.jp", "ca": "digicert", "validation": "ov",
                  "order_id": "ORD-2026-0018"}, forwarded_by="kobayashi@fuji-kikaku.example.jp")

    o = O["midori"]
    t = dt(2026, 11, 27, 13, 44, 9)
    body = """SSL証明書更新 申請フォームから以下の内容が送信されました。
-------------------------------
■お客様情報
お客様番号：C0024
会社名：医療法人社団緑風会
英語表記会社名：Ryokufukai Medical Corporation
郵便番号：〒260-0013
所在地：千葉県千葉市中央区中央3-3-3
代表電話番号：043-000-5555
-------------------------------
■申請責任者
氏名：原田 恵子
部署：事務部
役職：係長
メールアドレス：harada@ryokufukai.example.jp
■技術担当者
氏名：村上 亮
メールアドレス：murakami@ryokufukai.example.jp
-------------------------------
■証明書情報
コモンネーム：www.ryokufukai.example.jp
追加ドメイン：ryokufukai.example.jp
認証局：ジオトラスト
認証タイプ：OV（企業認証）
注文番号：ORD-2026-0036
備考：サーバーのrootパスワードを変更しました。新しいパスワードは別途お電話でお伝えします。

送信日時：2026/11/27 13:44:09
""" + FORM_FOOT
    data, mid = form_mail(o, body, t, "9E8D7C6B5A4", "【SSL更新申請】www.ryokufukai.example.jp [ORD-2026-0036]",
                          cte="quoted-printable")
    form_case("form-sections-notes-mention-password", data, mid,
              "Sectioned form (■申請責任者 / ■技術担当者 headings, quoted-printable UTF-8): メールアドレス under the technical contact is tech_email; the note speaks of a changed root password, so notes is masked as a secret.",
              o, {"customer_id": "C0024", "org_name": "医療法人社団緑風会",
                  "org_name_en": "Ryokufukai Medical Corporation", "postal_code": "260-0013",
                  "address": "千葉県千葉市中央区中央3-3-3", "phone": "043-000-5555", "department": "事務部",
                  "contact_name": "原田 恵子", "contact_title": "係長", "contact_email": "harada@ryokufukai.example.jp",
                  "tech_email": "murakami@ryokufukai.example.jp", "domain": "www.ryokufukai.example.jp",
                  "sans": "ryokufukai.example.jp", "ca": "geotrust", "validation": "ov", "order_id": "ORD-2026-0036",
                  "notes": "********"})

    o = O["nakamura"]
    t = dt(2026, 12, 15, 20, 31, 18)
    body = """SSL証明書更新 申請フォームから以下の内容が送信されました。

会社名：有限会社オフィス中村
英語表記会社名：Office Nakamura Ltd.
所在地：埼玉県さいたま市浦和区高砂1-1-1
代表電話番号：048-000-3333
申請責任者：中村 美香
役職：取締役
メールアドレス：mika@office-nakamura.example.jp
コモンネーム：https://www.office-nakamura.example.jp/
追加ドメイン：なし
認証局：セクティゴ（旧コモド）
認証タイプ：企業認証
証明書名：Sectigo OV SSL

送信日時：2026/12/15 20:31:18
""" + FORM_FOOT
    data, mid = form_mail(o, body, t, "1F2E3D4C5B6", "【SSL更新申請】www.office-nakamura.example.jp")
    form_case("form-no-order-tag", data, mid,
              "Form sent without the order in the link (no tag in the subject, no 注文番号, no お客様番号): order is null; the common name typed as a URL becomes the host; 追加ドメイン：なし means none; セクティゴ（旧コモド） names one CA, sectigo.",
              o, {"org_name": "有限会社オフィス中村", "org_name_en": "Office Nakamura Ltd.",
                  "address": "埼玉県さいたま市浦和区高砂1-1-1", "phone": "048-000-3333", "contact_name": "中村 美香",
                  "contact_title": "取締役", "contact_email": "mika@office-nakamura.example.jp",
                  "domain": "www.office-nakamura.example.jp", "ca": "sectigo", "validation": "ov",
                  "product": "Sectigo OV SSL"}, order=None)

    o = O["hikari"]
    t = dt(2027, 2, 5, 10, 0, 3)
    body = """SSL証明書更新 申請フォームから以下の内容が送信されました。

お客様番号：C0003
会社名：合同会社ひかりネット
英語表記会社名：Hikari Net LLC
所在地：大阪府大阪市北区梅田2-4-6
代表電話番号：06-4444-5555
申請責任者：鈴木 一郎
役職：技術部 主任
メールアドレス：suzuki@hikari-net.example.jp
技術担当者メールアドレス：admin@hikari-net.example.jp
コモンネーム：*.hikari-net.example.jp
追加ドメイン：hikari-net.example.jp
認証局：グローバルサイン（AlphaSSL）
認証タイプ：企業認証
証明書名：AlphaSSL ワイルドカード
注文番号：ORD-2026-0014

送信日時：2027/02/05 10:00:03
""" + FORM_FOOT
    data, mid = form_mail(o, body, t, "6A5B4C3D2E1", "【SSL更新申請】*.hikari-net.example.jp [ORD-2026-0014]")
    form_case("form-wildcard-globalsign", data, mid,
              "Form for a wildcard common name (*.hikari-net.example.jp kept with its '*.'): グローバルサイン（AlphaSSL） is one CA, globalsign.",
              o, {"customer_id": "C0003", "org_name": "合同会社ひかりネット", "org_name_en": "Hikari Net LLC",
                  "address": "大阪府大阪市北区梅田2-4-6", "phone": "06-4444-5555", "contact_name": "鈴木 一郎",
                  "contact_title": "技術部 主任", "contact_email": "suzuki@hikari-net.example.jp",
                  "tech_email": "admin@hikari-net.example.jp", "domain": "*.hikari-net.example.jp",
                  "sans": "hikari-net.example.jp", "ca": "globalsign", "validation": "ov",
                  "product": "AlphaSSL ワイルドカード", "order_id": "ORD-2026-0014"})

    o = O["minato"]
    t = dt(2027, 1, 4, 9, 30, 0)
    body = """SSL証明書更新 申請フォームから以下の内容が送信されました。

お客様番号：C0002
会社名：㈲みなと工房
英語表記会社名：Minato Kobo Ltd.
所在地：神奈川県横浜市中区山下町10-20
代表電話番号：045-222-3333
申請責任者：佐藤 花子
役職：代表取締役
メールアドレス：hanako@minato-kobo.example.jp
コモンネーム：shop.minato-kobo.example.jp
認証局：セクティゴ
認証タイプ：企業認証
注文番号：ORD-2026-0013
備考：①請求書は紙でお願いします ②担当者の携帯：090-0000-1111

送信日時：2027/01/04 09:30:00
""" + FORM_FOOT
    data, mid = form_mail(o, body, t, "0A1B2C3D4E5", "【SSL更新申請】shop.minato-kobo.example.jp [ORD-2026-0013]",
                          charset="cp50220", cte="7bit", subject_cs="ISO-2022-JP", mailer="PHP/7.4.33")
    form_case("form-iso2022jp-nec-chars", data, mid,
              "Form mailed as ISO-2022-JP by PHP's CP50220 conversion, with ㈲ in the company name and ① ② in the notes (JIS row 13 inside ESC $ B); they must decode, and the name stays as written (㈲…; comparing it with 有限会社… is the workflow's job).",
              o, {"customer_id": "C0002", "org_name": "㈲みなと工房", "org_name_en": "Minato Kobo Ltd.",
                  "address": "神奈川県横浜市中区山下町10-20", "phone": "045-222-3333", "contact_name": "佐藤 花子",
                  "contact_title": "代表取締役", "contact_email": "hanako@minato-kobo.example.jp",
                  "domain": "shop.minato-kobo.example.jp", "ca": "sectigo", "validation": "ov",
                  "order_id": "ORD-2026-0013", "notes": "①請求書は紙でお願いします ②担当者の携帯：090-0000-1111"})


form_cases()


# ===========================================================================
# certificates: a throw-away test PKI made with scripts/test-pki.sh

class PKI:
    """A test PKI in a temporary folder (deleted afterwards), or in a kept folder
    given with --pki DIR, whose CA and leaves are then reused on the next run."""

    def __init__(self, keep_dir=None):
        self.keep = keep_dir
        self.dir = keep_dir or tempfile.mkdtemp(prefix="mailproc-fixtures-pki.")
        self.script = os.path.join(HERE, "test-pki.sh")
        if not os.path.exists(os.path.join(self.dir, "root.pem")):
            subprocess.run(["sh", self.script, "init", self.dir], check=True)
        self.inter = self._load(os.path.join(self.dir, "inter.pem"))
        self.root = self._load(os.path.join(self.dir, "root.pem"))
        self.leaves = {}

    def _load(self, path):
        pem = open(path, "rb").read()
        pem = pem[pem.index(b"-----BEGIN CERTIFICATE-----"):]
        der = subprocess.run(["openssl", "x509", "-outform", "DER"], input=pem, capture_output=True,
                             check=True).stdout
        return {"pem": pem, "der": der, "facts": self._facts(pem, der)}

    def _facts(self, pem, der):
        out = subprocess.run(["openssl", "x509", "-noout", "-subject", "-issuer", "-enddate", "-ext",
                              "subjectAltName,basicConstraints", "-nameopt", "multiline,utf8"],
                             input=pem, capture_output=True, check=True).stdout.decode("utf-8")
        subject_cn = re.search(r"subject=\n(?:.*\n)*?\s+commonName\s+= (.*)", out).group(1).strip()
        issuer_cn = re.search(r"issuer=\n(?:.*\n)*?\s+commonName\s+= (.*)", out).group(1).strip()
        end = re.search(r"notAfter=(.*)", out).group(1).strip()
        na = datetime.datetime.strptime(end, "%b %d %H:%M:%S %Y GMT")
        sans = re.findall(r"DNS:([^,\s]+)", out)
        is_ca = "CA:TRUE" in out
        return {"subject_cn": subject_cn, "sans": sans, "issuer_cn": issuer_cn,
                "not_after": na.strftime("%Y-%m-%dT%H:%M:%SZ"), "sha256": hashlib.sha256(der).hexdigest(),
                "is_ca": is_ca}

    def leaf(self, names, start, end):
        tag = "%s-%s-%s" % (names[0].replace("*", "wildcard"), start, end)
        key = os.path.join(self.dir, "leaf-%s.key" % tag)
        out = os.path.join(self.dir, "leaf-%s.pem" % tag)
        if not os.path.exists(out):
            subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                            "-out", key], check=True, capture_output=True)
            subprocess.run(["sh", self.script, "issue", self.dir, key, start, end, out] + names, check=True)
        c = self._load(out)
        self.leaves[names[0]] = c
        return c

    def close(self):
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def pem_of(*certs):
    return b"".join(c["pem"] if c["pem"].endswith(b"\n") else c["pem"] + b"\n" for c in certs)


def facts(*certs):
    return [dict(c["facts"]) for c in certs]


def p7b(certs, pem=False):
    with tempfile.NamedTemporaryFile(suffix=".pem", delete=False) as f:
        f.write(pem_of(*certs))
        name = f.name
    try:
        return subprocess.run(["openssl", "crl2pkcs7", "-nocrl", "-certfile", name] +
                              ([] if pem else ["-outform", "DER"]), capture_output=True, check=True).stdout
    finally:
        os.unlink(name)


def zip_of(files):
    """A ZIP with fixed times, so the bytes depend only on the contents."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            zi = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 10, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return buf.getvalue()


def cert_filename(domain):
    return domain.replace("*.", "wildcard.").replace(".", "_")


# ===========================================================================
# mail from the certificate authorities

CA_HOSTS = {
    "digicert.com": ("mail-out2.digicert.com", "192.0.2.52", "em.digicert.com"),
    "notifications.digicert.com": ("mail-out3.digicert.com", "192.0.2.53", "notifications.digicert.com"),
    "sectigo.com": ("mail1.sectigo.com", "192.0.2.91", "sectigo.com"),
    "comodo.com": ("mail2.comodo.com", "192.0.2.92", "comodo.com"),
    "globalsign.com": ("smtp-out1.globalsign.com", "192.0.2.121", "globalsign.com"),
}

AUTH_PASS = "pass"       # dkim=pass and dmarc=pass for the From domain, from our MX
AUTH_DMARC = "dmarc"     # aligned SPF only: dkim=none, dmarc=pass
AUTH_NONE = "none"       # no Authentication-Results at all
AUTH_FAIL = "fail"       # our MX says dkim=fail, dmarc=fail


def ca_trace(from_addr, t, seed, auth, to_addr=OUR_ADDR, extra_ar=None):
    dom = base_domain(from_addr)
    host, ip, envdom = CA_HOSTS.get(dom, ("mail." + dom, "198.51.100.66", dom))
    env = "bounces+%s-%s=%s@%s" % (hexid(seed, 6).lower(), hexid(seed + "e", 4).lower(), to_addr.replace("@", "="), envdom)
    hs = ["Return-Path: <%s>" % env, "Delivered-To: " + OUR_ADDR,
          rcv(host, host, ip, "4X" + hexid(seed, 8), t + datetime.timedelta(seconds=5), rcpt=to_addr)]
    org = dom.split(".")[-2] + "." + dom.split(".")[-1]
    if auth == AUTH_PASS:
        hs.append(ar("spf=pass (mx.example-hosting.jp: domain of %s designates %s as permitted sender) smtp.mailfrom=%s"
                     % (env, ip, envdom),
                     "dkim=pass (2048-bit key; unprotected) header.d=%s header.i=@%s header.a=rsa-sha256 header.s=s1 "
                     "header.b=%s" % (org, org, hexid(seed, 8)),
                     "dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=%s" % dom))
    elif auth == AUTH_DMARC:
        hs.append(ar("spf=pass (mx.example-hosting.jp: domain of %s designates %s as permitted sender) smtp.mailfrom=%s"
                     % (env, ip, envdom), "dkim=none (message not signed)",
                     "dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=%s" % dom))
    elif auth == AUTH_FAIL:
        hs.append(ar("spf=fail (mx.example-hosting.jp: domain of %s does not designate 203.0.113.200 as permitted sender) "
                     "smtp.mailfrom=%s" % (env, envdom),
                     "dkim=none (message not signed)",
                     "dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=%s" % dom))
    if extra_ar:
        hs += extra_ar
    if auth in (AUTH_PASS,):
        hs.append(dkim_sig(org, "s1", "from:to:subject:date:message-id:mime-version:content-type"))
    return hs


def ca_mail(from_disp, from_addr, to, subject, t, mid, text, html=None, attachments=None, auth=AUTH_PASS,
            cc=None, extra_ar=None, extra=None, subject_cs="UTF-8", trace=None, text_cte="quoted-printable",
            html_cte="quoted-printable", crlf=True, boundary_seed=None):
    seed = boundary_seed or mid
    hs = (trace if trace is not None else ca_trace(from_addr, t, seed, auth, extra_ar=extra_ar)) + [
        "From: " + addr(from_disp, from_addr), "To: " + to]
    if cc:
        hs.append("Cc: " + cc)
    hs += [subj(subject, subject_cs), "Date: " + rfc_date(t), "Message-ID: " + mid] + (extra or [])
    body = text_part(text, "UTF-8", text_cte, quote=False)
    if html:
        body = multipart("alternative", [body, text_part(html, "UTF-8", html_cte, subtype="html", quote=False)],
                         "=_alt_" + hexid(seed + "alt", 24).lower())
    if attachments:
        body = multipart("mixed", [body] + attachments, "=_mix_" + hexid(seed + "mix", 24).lower())
    return build(hs, body, crlf)


def html_page(brand, paras):
    """A CA's HTML mail body: a table layout with a logo row, paragraphs and links."""
    rows = []
    for p in paras:
        if isinstance(p, tuple):
            label, url = p
            rows.append('<tr><td style="padding:16px 0;"><a href="%s" style="background:#0174c3;color:#ffffff;'
                        'padding:12px 24px;text-decoration:none;border-radius:4px;">%s</a></td></tr>'
                        % (url.replace("&", "&amp;"), html_escape(label)))
        else:
            rows.append('<tr><td style="padding:6px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;">%s</td></tr>'
                        % html_escape(p).replace("\n", "<br>\n"))
    return """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>%s</title></head>
<body style="margin:0;padding:0;background:#f4f4f4;">
<table role="presentation" width="100%%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;padding:24px;">
<tr><td style="font-family:Arial,sans-serif;font-size:22px;font-weight:bold;color:#0174c3;padding-bottom:12px;">%s</td></tr>
%s
</table>
</td></tr></table>
</body></html>
""" % (html_escape(brand), html_escape(brand), "\n".join(rows))


def digicert_approval_text(o, order_no, url, brand="DigiCert", product=None, greeting=None):
    product = product or "Secure Site OV"
    sans = ", ".join(o.sans) if o.sans else "(none)"
    return """%s

Hello %s,

An SSL certificate has been requested for your organization and it
requires your approval before it can be issued.

Order details
  Order #: %s
  Product: %s
  Common name: %s
  Other hostnames (SANs): %s
  Organization: %s
  Order validity: 1 year (certificates are reissued during the order validity)
  Requested by: Example Hosting SSL Team (ssl@example-hosting.jp)

Approve or reject this order:
%s

This link expires in 30 days. If you did not expect this email, do not
approve the order and contact us.

Thank you,
%s Support
https://www.digicert.com/support
""" % (brand, greeting or (o.contact_en or o.contact), order_no, product, o.domain, sans, o.org_en, url, brand)


def digicert_approval_html(o, order_no, url, brand="DigiCert", product=None):
    product = product or "Secure Site OV"
    return html_page(brand, [
        "Hello %s," % (o.contact_en or o.contact),
        "An SSL certificate has been requested for your organization and it requires your approval before it can be issued.",
        "Order #: %s\nProduct: %s\nCommon name: %s\nOther hostnames (SANs): %s\nOrganization: %s" % (
            order_no, product, o.domain, ", ".join(o.sans) if o.sans else "(none)", o.org_en),
        "Approve or reject this order:", ("Approve or reject this order", url),
        "This link expires in 30 days. If you did not expect this email, do not approve the order and contact us.",
        "Thank you,\n%s Support" % brand])


def sectigo_dcv_text(o, order_no, url, code, brand="Sectigo Limited", to_addr=None):
    to_addr = to_addr or "admin@" + base_domain(o.email)
    return """Dear %s,

We have received a request to issue an SSL certificate for:
   Domain: %s
   Subject: %s

This order was placed by Example Hosting Co., Ltd. whose phone number is
+81-3-0000-1111 and whose email address is ssl@example-hosting.jp.

We require you as an Administrative Contact for this Domain Name to verify
the application for this certificate.

To permit the issuance of the certificate please browse to here:
%s
and enter the following "validation code":

%s

(Note: if you cannot click on the link above, please instead copy and
paste it into your browser's address bar.)

If you do NOT wish for the certificate to be issued then simply ignore this
message.

Regards,
%s

ORDER #%s
""" % (to_addr, o.domain, o.domain, url, code, brand, order_no)


def approval(name, data, mid, note, o, ca, ca_order, url, trusted, forwarded_by=None, order=None):
    case(name, data, note, "approval_notice", mid, order=order, domain=o.domain, trusted=trusted,
         forwarded_by=forwarded_by, ca=ca, ca_order=ca_order, approval_url=url)


def approval_cases():
    o = O["sakura"]
    t = dt(2026, 11, 16, 15, 2, 11)
    mid = "<0100019a2b3c4d5e-7f6a8b9c-1d2e-4f3a-9b8c-7d6e5f4a3b2c-000000@email.digicert.com>"
    url = "https://www.digicert.com/secure/approve/5f3e9c1a7b2d4e8f9a0b1c2d3e4f5a6b"
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Taro Yamada", o.email), "SSL Certificate order requires approval",
                   t, mid, digicert_approval_text(o, "12345678", url), digicert_approval_html(o, "12345678", url),
                   cc=OUR_ADDR)
    approval("approval-digicert-dkim-pass", data, mid,
             "DigiCert's approval request (text and HTML) from admin@digicert.com with our MX's Authentication-Results dkim=pass header.d=digicert.com: trusted; the URL after 'Approve or reject this order:' is on www.digicert.com (the support link is not it).",
             o, "digicert", "12345678", url, True)

    o = O["hokuto"]
    t = dt(2026, 11, 24, 11, 40, 0)
    mid = "<0100019a3c4d5e6f-8a7b9c0d-2e3f-4a5b-8c9d-0e1f2a3b4c5d-000000@email.digicert.com>"
    url = "https://www.digicert.com/secure/approve/a1b2c3d4e5f60718293a4b5c6d7e8f90"
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Kenichi Ito", o.email), "SSL Certificate order requires approval",
                   t, mid, digicert_approval_text(o, "23456781", url, greeting="Kenichi Ito"),
                   digicert_approval_html(o, "23456781", url), auth=AUTH_DMARC, cc=OUR_ADDR)
    approval("approval-digicert-dmarc-pass-only", data, mid,
             "No DKIM signature but our MX says dmarc=pass header.from=digicert.com (aligned SPF): dmarc=pass from our authserv-id is enough, trusted.",
             o, "digicert", "23456781", url, True)

    o = O["mirai"]
    t = dt(2026, 11, 25, 9, 15, 30)
    mid = "<0100019a4d5e6f7a-9b8c0d1e-3f4a-4b5c-9d0e-1f2a3b4c5d6e-000000@email.digicert.com>"
    url = "https://www.digicert.com/secure/approve/0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Takuya Yoshida", o.email), "SSL Certificate order requires approval",
                   t, mid, digicert_approval_text(o, "34567812", url, greeting="Takuya Yoshida"),
                   digicert_approval_html(o, "34567812", url), auth=AUTH_NONE, cc=OUR_ADDR)
    approval("approval-digicert-no-auth-results", data, mid,
             "A DigiCert-looking approval request with no Authentication-Results header at all: nothing vouches for the From, so untrusted (still an approval notice with its facts).",
             o, "digicert", "34567812", url, False)

    o = O["towa"]
    t = dt(2026, 12, 2, 14, 22, 5)
    mid = "<0100019a5e6f7a8b-0c9d1e2f-4a5b-4c6d-8e0f-2a3b4c5d6e7f-000000@email.digicert.com>"
    url = "https://www.digicert.com/secure/approve/9a8b7c6d5e4f30211203f4e5d6c7b8a9"
    relay = "mx1.towa-sys.example.co.jp"
    tr = ["Return-Path: <nakamura@towa-sys.example.co.jp>", "Delivered-To: " + OUR_ADDR,
          rcv(relay, relay, "203.0.113.77", "4X" + hexid(mid, 8), t + datetime.timedelta(minutes=1)),
          ar("spf=pass (mx.example-hosting.jp: domain of nakamura@towa-sys.example.co.jp designates 203.0.113.77 as "
             "permitted sender) smtp.mailfrom=nakamura@towa-sys.example.co.jp",
             "dkim=fail (body hash did not verify) header.d=digicert.com header.i=@digicert.com header.b=%s" % hexid(mid, 8),
             "dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=digicert.com"),
          "Received: from mail-out2.digicert.com (mail-out2.digicert.com [192.0.2.52])\n\tby %s (Postfix) with ESMTPS id 7B2C1A0F33\n"
          "\tfor <nakamura@towa-sys.example.co.jp>; %s" % (relay, rfc_date(t, True)),
          "Authentication-Results: %s;\n\tdkim=pass (2048-bit key) header.d=digicert.com header.i=@digicert.com;\n"
          "\tdmarc=pass (p=REJECT dis=NONE) header.from=digicert.com" % relay,
          dkim_sig("digicert.com", "s1", "from:to:subject:date:message-id:mime-version:content-type"),
          "X-Forwarded-To: " + OUR_ADDR, "X-Forwarded-For: nakamura@towa-sys.example.co.jp " + OUR_ADDR]
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Koji Nakamura", o.email), "SSL Certificate order requires approval",
                   t, mid, digicert_approval_text(o, "45678123", url, greeting="Koji Nakamura"),
                   digicert_approval_html(o, "45678123", url), trace=tr)
    approval("approval-other-authserv-pass-ours-fail", data, mid,
             "Redirected by the customer's server: its own Authentication-Results (authserv-id mx1.towa-sys.example.co.jp) says dkim=pass, ours (mx.example-hosting.jp) says dkim=fail and dmarc=fail; only our authserv-id counts, so untrusted.",
             o, "digicert", "45678123", url, False)

    o = O["kibou"]
    t = dt(2026, 12, 3, 10, 8, 45)
    mid = "<0100019a6f7a8b9c-1d0e2f3a-5b6c-4d7e-9f0a-3b4c5d6e7f8a-000000@email.digicert.com>"
    url = "https://www.digicert.com/secure/approve/7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f"
    tr = ca_trace("admin@digicert.com", t, mid, AUTH_NONE)
    tr.insert(3, "Authentication-Results: mx.example-hosting.jp.mail-check.example.net;\n\tdkim=pass header.d=digicert.com "
                 "header.i=@digicert.com;\n\tdmarc=pass (p=REJECT) header.from=digicert.com")
    tr.insert(4, ar("spf=softfail (mx.example-hosting.jp: domain of transitioning bounces@em.digicert.com does not "
                    "designate 203.0.113.201 as permitted sender) smtp.mailfrom=em.digicert.com",
                    "dkim=none (message not signed)", "dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=digicert.com"))
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Akane Fujii", o.email), "SSL Certificate order requires approval",
                   t, mid, digicert_approval_text(o, "56781234", url, greeting="Akane Fujii"),
                   digicert_approval_html(o, "56781234", url), trace=tr)
    approval("approval-authserv-id-lookalike", data, mid,
             "Trap: a pass header whose authserv-id only starts with ours (mx.example-hosting.jp.mail-check.example.net), while our own header says dkim=none and dmarc=fail: untrusted.",
             o, "digicert", "56781234", url, False)

    o = O["fuji"]
    t = dt(2026, 12, 4, 16, 31, 9)
    mid = "<20261204073109.9f8e7d6c5b4a@sendgrid.example.net>"
    url = "https://www.digicert.com/secure/approve/3e2d1c0b9a8f7e6d5c4b3a2918070605"
    tr = ["Return-Path: <bounces+4455667@sendgrid.example.net>", "Delivered-To: " + OUR_ADDR,
          rcv("o12.sendgrid.example.net", "o12.sendgrid.example.net", "198.51.100.212", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=3)),
          ar("spf=pass (mx.example-hosting.jp: domain of bounces+4455667@sendgrid.example.net designates 198.51.100.212 "
             "as permitted sender) smtp.mailfrom=sendgrid.example.net",
             "dkim=pass (2048-bit key) header.d=sendgrid.example.net header.i=@sendgrid.example.net header.b=%s" % hexid(mid, 8),
             "dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=digicert.com"),
          dkim_sig("sendgrid.example.net", "smtpapi")]
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Yumi Kobayashi", o.email), "SSL Certificate order requires approval",
                   t, mid, digicert_approval_text(o, "67812345", url, greeting="Yumi Kobayashi"),
                   digicert_approval_html(o, "67812345", url), trace=tr)
    approval("approval-dkim-pass-wrong-domain", data, mid,
             "Trap: our MX says dkim=pass, but for header.d=sendgrid.example.net, not digicert.com, and dmarc=fail for header.from=digicert.com: untrusted.",
             o, "digicert", "67812345", url, False)

    o = O["aoba"]
    t = dt(2026, 11, 27, 13, 5, 0)
    mid = "<0100019a7a8b9c0d-2e1f3a4b-6c7d-4e8f-0a1b-4c5d6e7f8a9b-000000@email.digicert.com>"
    url = "https://www.digicert.com/secure/approve/b4c5d6e7f8091a2b3c4d5e6f70819a2b"
    data = ca_mail("GeoTrust", "admin@digicert.com", addr("Makoto Takahashi", o.email),
                   "GeoTrust TrueBusiness ID order requires approval", t, mid,
                   digicert_approval_text(o, "78123456", url, brand="GeoTrust", product="GeoTrust TrueBusiness ID",
                                          greeting="Makoto Takahashi"),
                   digicert_approval_html(o, "78123456", url, brand="GeoTrust", product="GeoTrust TrueBusiness ID"),
                   cc=OUR_ADDR)
    approval("approval-geotrust-branded-digicert", data, mid,
             "GeoTrust-branded approval request sent from admin@digicert.com with dkim=pass: GeoTrust is a DigiCert brand, so ca digicert, trusted.",
             o, "digicert", "78123456", url, True)

    o = O["minato"]
    t = dt(2027, 1, 7, 11, 20, 14)
    mid = "<1736216414.4821.sectigo-dcv.87654321@sectigo.com>"
    url = "https://secure.sectigo.com/products/EnterDCVCode2?orderNumber=87654321"
    data = ca_mail("Sectigo Certificate Services", "noreply_support@sectigo.com", "admin@minato-kobo.example.jp",
                   "ORDER #87654321 - Domain Control Validation for shop.minato-kobo.example.jp", t, mid,
                   sectigo_dcv_text(o, "87654321", url, "xK3pQ9vL2mN8rT5w"), cc=OUR_ADDR, text_cte="7bit")
    approval("approval-sectigo-dcv", data, mid,
             "Sectigo's plain-text Domain Control Validation mail (ORDER # in the subject and body) from sectigo.com with dkim=pass: ca sectigo, trusted, the EnterDCVCode2 link on secure.sectigo.com is the approval URL.",
             o, "sectigo", "87654321", url, True)

    o = O["kamome"]
    t = dt(2026, 12, 24, 10, 2, 2)
    mid = "<1735002122.1190.dcv.76543218@comodo.com>"
    url = "https://secure.comodo.com/products/EnterDCVCode2?orderNumber=76543218"
    data = ca_mail("COMODO Security Services", "noreply_support@comodo.com", "admin@kamome-logi.example.co.jp",
                   "ORDER #76543218 - Domain Control Validation for www.kamome-logi.example.co.jp", t, mid,
                   sectigo_dcv_text(o, "76543218", url, "Zq8Wn3Rt6Yp1Lm4K", brand="COMODO CA Limited"),
                   auth=AUTH_DMARC, cc=OUR_ADDR, text_cte="7bit")
    approval("approval-comodo-dcv", data, mid,
             "Old Comodo-branded DCV mail from comodo.com, dmarc=pass from our MX: Comodo is Sectigo's former name, so ca sectigo, trusted.",
             o, "sectigo", "76543218", url, True)

    o = O["hikari"]
    t = dt(2027, 2, 8, 15, 45, 30)
    mid = "<20270208064530.CE202702080123.approval@globalsign.com>"
    url = "https://system.globalsign.com/direct/approval.do?key=Q2VfMjAyNzAyMDgwMTIzX2FwcHJvdmU&lang=ja"
    text = """合同会社ひかりネット
鈴木 一郎 様

グローバルサインをご利用いただき、誠にありがとうございます。
以下の内容で、SSLサーバ証明書の申請を受け付けました。

　オーダー番号：CE202702080123
　製品　　　　：AlphaSSL ワイルドカード
　コモンネーム：*.hikari-net.example.jp
　申請組織　　：Hikari Net LLC
　申請代行　　：エグザンプルホスティング株式会社

申請内容をご確認のうえ、下記URLより承認手続きを行ってください。
%s

※本メールにお心当たりのない場合は、承認を行わずに本メールを破棄してください。
※本メールは送信専用アドレスから送信しています。

━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
GlobalSign（グローバルサイン）
https://jp.globalsign.com/
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
""" % url
    data = ca_mail("GlobalSign", "approval@globalsign.com", addr("鈴木 一郎", o.email),
                   "【GlobalSign】SSLサーバ証明書 承認のお願い（オーダー番号：CE202702080123）", t, mid, text,
                   text_cte="base64", cc=OUR_ADDR)
    approval("approval-globalsign-japanese", data, mid,
             "Japanese GlobalSign approval request (UTF-8 base64, オーダー番号 label) for a wildcard from globalsign.com with dkim=pass: ca globalsign, trusted, approval URL on system.globalsign.com with its &lang=ja.",
             o, "globalsign", "CE202702080123", url, True)

    o = O["shirakaba"]
    t = dt(2026, 11, 20, 8, 55, 12)
    mid = "<20261119235512.71c2e9@digicert-support.com>"
    url = "https://digicert-support.com/secure/approve/order?id=55120999"
    tr = ["Return-Path: <no-reply@digicert-support.com>", "Delivered-To: " + OUR_ADDR,
          rcv("mail.digicert-support.com", "vps-4411.hosting.example.net", "203.0.113.199", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=2)),
          ar("spf=pass (mx.example-hosting.jp: domain of no-reply@digicert-support.com designates 203.0.113.199 as "
             "permitted sender) smtp.mailfrom=digicert-support.com",
             "dkim=pass (1024-bit key) header.d=digicert-support.com header.i=@digicert-support.com",
             "dmarc=pass (p=none dis=none) header.from=digicert-support.com")]
    o2 = O["shirakaba"]
    data = ca_mail("DigiCert", "no-reply@digicert-support.com", addr("Daisuke Yamaguchi", o2.email),
                   "SSL Certificate order requires approval", t, mid,
                   digicert_approval_text(o2, "55120999", url, greeting="Daisuke Yamaguchi"),
                   digicert_approval_html(o2, "55120999", url), trace=tr)
    case("approval-spoofed-lookalike-domain", data,
         "Spoof: display name DigiCert but From no-reply@digicert-support.com, not a CA domain (its own DKIM and DMARC pass for that look-alike domain); not a CA mail, so kind unknown with no CA facts, untrusted.",
         "unknown", mid)

    o = O["trident"]
    t = dt(2026, 12, 1, 22, 14, 3)
    mid = "<20261201131403.4a5b6c7d8e9f@digicert.com>"
    url_bad = "https://digicert.com.order-approve.example.net/secure/approve/9f8e7d6c5b4a"
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Ryo Morita", o.email), "SSL Certificate order requires approval",
                   t, mid, digicert_approval_text(o, "89012345", url_bad, greeting="Ryo Morita"),
                   digicert_approval_html(o, "89012345", url_bad), auth=AUTH_FAIL,
                   trace=None)
    approval("approval-phishing-link-foreign-host", data, mid,
             "Forged From admin@digicert.com (our MX: spf=fail, dmarc=fail) whose approve link goes to digicert.com.order-approve.example.net: an approval notice by its words, untrusted, and approval_url null because the host is not the CA's domain.",
             o, "digicert", "89012345", None, False)

    # staff1 forwards the CA's mail as an attachment
    o = O["kyokai"]
    t0 = dt(2026, 12, 10, 10, 30, 0)
    imid = "<0100019a8b9c0d1e-3f2a4b5c-7d8e-4f9a-1b2c-5d6e7f8a9b0c-000000@email.digicert.com>"
    url = "https://www.digicert.com/secure/approve/c0ffee1234567890abcdef0123456789"
    inner_tr = ["Return-Path: <bounces+882211-aa11=staff1=example-hosting.jp@em.digicert.com>",
                rcv("mail-out2.digicert.com", "mail-out2.digicert.com", "192.0.2.52", "4XABCD1234",
                    t0 + datetime.timedelta(seconds=4), rcpt="staff1@example-hosting.jp"),
                ar("spf=pass smtp.mailfrom=em.digicert.com", "dkim=pass header.d=digicert.com header.i=@digicert.com",
                   "dmarc=pass (p=REJECT) header.from=digicert.com")]
    inner_hs = inner_tr + ["From: DigiCert <admin@digicert.com>", "To: " + addr("Masaki Inoue", o.email),
                           "Cc: staff1@example-hosting.jp", "Subject: SSL Certificate order requires approval",
                           "Date: " + rfc_date(t0), "Message-ID: " + imid]
    ibody = multipart("alternative", [text_part(digicert_approval_text(o, "90123456", url, greeting="Masaki Inoue"),
                                                "UTF-8", "quoted-printable"),
                                      text_part(digicert_approval_html(o, "90123456", url), "UTF-8", "quoted-printable",
                                                subtype="html")], "=_alt_inner_" + hexid(imid, 16).lower())
    inner_bytes = inner(inner_hs, ibody)
    t = dt(2026, 12, 10, 11, 2, 40)
    mid = mid_uuid("a13", "example-hosting.jp")
    fw_text = """SSL担当各位

日本サンプル協会様（%s）の承認依頼メールが私宛にも届いていたので転送します。
お客様への承認のお願いは送信済みです。

鈴木
""" % o.id
    hs = ["Return-Path: <staff1@example-hosting.jp>", "Delivered-To: " + OUR_ADDR,
          rcv("[10.20.0.31]", "unknown", "10.20.0.31", "4X" + hexid(mid, 8), t + datetime.timedelta(seconds=1),
              via="Postfix", proto="ESMTPSA"),
          ar("dkim=pass (2048-bit key) header.d=example-hosting.jp header.i=@example-hosting.jp header.b=%s" % hexid(mid, 8)),
          "Message-ID: " + mid, "Date: " + rfc_date(t), "MIME-Version: 1.0", "User-Agent: Mozilla Thunderbird",
          "Content-Language: ja", "To: " + OUR_ADDR, "From: " + addr(STAFF1[0], STAFF1[1]),
          subj("Fwd: SSL Certificate order requires approval")]
    mp = multipart("mixed", [text_part(fw_text, "UTF-8", "8bit", params="; format=flowed"),
                             message_part(inner_bytes, 'attachment;\n filename="SSL Certificate order requires approval.eml"')],
                   "------------" + hexid(mid, 24))
    approval("approval-forwarded-by-staff-rfc822", build(hs, mp, mime_version=None), mid,
             "staff1 forwards the DigiCert request as a message/rfc822 attachment: the inner mail is the approval notice, forwarded by an allowed staff address, so trusted with forwarded_by staff1 (the outer subject has no tag).",
             o, "digicert", "90123456", url, True, forwarded_by="staff1@example-hosting.jp")

    # the applicant forwards it inline from Outlook
    o = O["asahi"]
    t0 = dt(2026, 12, 7, 9, 41, 0)
    url = "https://www.digicert.com/secure/approve/1122334455667788aabbccddeeff0011"
    t = dt(2026, 12, 7, 10, 3, 12)
    mid = mid_m365("a14")
    own = """エグザンプルホスティング
SSL証明書ご担当者様

朝日印刷の木村です。
このようなメールが届きましたが、承認してよろしいでしょうか。
念のため転送いたします。

木村

________________________________
From: DigiCert <admin@digicert.com>
Sent: Monday, December 7, 2026 9:41 AM
To: 木村 亜希子 <kimura@asahi-print.example.co.jp>
Subject: SSL Certificate order requires approval

""" + digicert_approval_text(o, "11223344", url, greeting="Akiko Kimura")
    tr, box = trace_m365(o.email, t, mid)
    hs = tr + ["From: " + addr(o.contact, o.email), "To: " + addr(OUR_NAME_JA, OUR_ADDR),
               "Subject: FW: SSL Certificate order requires approval",
               "Thread-Topic: SSL Certificate order requires approval",
               "Thread-Index: AQHbR2x1kLmN3pQrS4tUvWxYz5AbCw==", "Date: " + rfc_date(t), "Message-ID: " + mid,
               "Accept-Language: ja-JP, en-US", "Content-Language: ja-JP", "X-MS-Has-Attach: ",
               "X-MS-TNEF-Correlator: "]
    mp = multipart("alternative", [text_part(own, "UTF-8", "base64", label="utf-8", quote=True),
                                   text_part("<html><body>" + text_to_html_divs(own) + "</body></html>\n", "UTF-8",
                                             "base64", subtype="html", label="utf-8", quote=True)],
                   "_000_%s%s_" % (box, hexid(mid, 20)))
    approval("approval-forwarded-inline-by-applicant", build(hs, mp), mid,
             "The customer's applicant forwards DigiCert's request inline from Outlook (From:/Sent:/To:/Subject: block) asking whether to approve: the forwarded text is an approval notice, forwarded_by the applicant, untrusted (only staff forwards count); the www.digicert.com link is still reported.",
             o, "digicert", "11223344", url, False, forwarded_by="kimura@asahi-print.example.co.jp")

    # staff2 forwards inline with Thunderbird, adding the order tag
    o = O["sakuragaoka"]
    t0 = dt(2026, 12, 15, 13, 0, 0)
    url = "https://www.digicert.com/secure/approve/deadbeefcafebabe0123456789abcdef"
    t = dt(2026, 12, 15, 13, 20, 41)
    mid = mid_uuid("a15", "example-hosting.jp")
    text = """お客様のご担当（加藤様）から転送いただいた承認依頼です。記録用に転送します。

田中

-------- Forwarded Message --------
Subject: 	SSL Certificate order requires approval
Date: 	%s
From: 	DigiCert <admin@digicert.com>
To: 	Junko Kato <kato@sakuragaoka-gakuen.example.jp>



%s""" % (rfc_date(t0), digicert_approval_text(o, "22334455", url, greeting="Junko Kato"))
    hs = ["Return-Path: <staff2@example-hosting.jp>", "Delivered-To: " + OUR_ADDR,
          rcv("[10.20.0.32]", "unknown", "10.20.0.32", "4X" + hexid(mid, 8), t + datetime.timedelta(seconds=1),
              proto="ESMTPSA"),
          ar("dkim=pass (2048-bit key) header.d=example-hosting.jp header.i=@example-hosting.jp header.b=%s" % hexid(mid, 8)),
          "Message-ID: " + mid, "Date: " + rfc_date(t), "MIME-Version: 1.0", "User-Agent: Mozilla Thunderbird",
          "Content-Language: ja", "To: " + OUR_ADDR, "From: " + addr(STAFF2[0], STAFF2[1]),
          subj("[%s] Fwd: SSL Certificate order requires approval" % o.id)]
    approval("approval-forwarded-inline-by-staff", build(hs, text_part(text, "UTF-8", "8bit", params="; format=flowed"),
                                                         mime_version=None), mid,
             "staff2 forwards the request inline (Thunderbird's -------- Forwarded Message -------- block) and puts the order tag in the subject: trusted, forwarded_by staff2, order from the tag.",
             o, "digicert", "22334455", url, True, forwarded_by="staff2@example-hosting.jp", order=o.id)

    o = O["yamabiko"]
    t = dt(2026, 12, 4, 17, 10, 0)
    mid = "<0100019a9c0d1e2f-4a3b5c6d-8e9f-4a0b-2c3d-6e7f8a9b0c1d-000000@email.digicert.com>"
    url = "https://www.digicert.com/secure/approve/ja/8877665544332211ffeeddccbbaa9988"
    text = """社会福祉法人やまびこ会
松本 清 様

デジサートをご利用いただきありがとうございます。
お客様の組織名義で、以下のSSLサーバ証明書が申請されました。
発行の前に、申請責任者様による承認が必要です。

　注文番号　　：33445566
　製品　　　　：セキュア・サーバID（Secure Site OV）
　コモンネーム：www.yamabiko.example.jp
　追加ドメイン：yamabiko.example.jp
　組織名　　　：Yamabiko Social Welfare Corporation

この注文を承認または却下する（Approve or reject this order）:
%s

このリンクの有効期限は30日です。お心当たりのない場合は承認しないでください。

デジサート・ジャパン合同会社
https://www.digicert.com/jp/
""" % url
    data = ca_mail("DigiCert", "admin@digicert.com", addr("松本 清", o.email),
                   "【DigiCert】SSLサーバ証明書のご注文に承認が必要です（注文番号：33445566）", t, mid, text,
                   html_page("DigiCert", text.split("\n\n")[:-2] + [("承認または却下する", url)]), cc=OUR_ADDR,
                   text_cte="base64", html_cte="base64")
    approval("approval-digicert-japanese", data, mid,
             "DigiCert's Japanese-language approval request (注文番号, 承認または却下する) in UTF-8 base64 with dkim=pass: trusted, ca digicert.",
             o, "digicert", "33445566", url, True)

    o = O["maruyama"]
    t = dt(2026, 11, 30, 12, 12, 12)
    mid = "<0100019aa0b1c2d3-5e4f6a7b-9c0d-4e1f-3a4b-7c8d9e0f1a2b-000000@notifications.digicert.com>"
    url = "https://www.digicert.com/secure/approve/44556677889900aabbccddeeff112233"
    data = ca_mail("DigiCert", "no-reply@notifications.digicert.com", addr("Kazuo Maruyama", o.email),
                   "SSL Certificate order requires approval", t, mid,
                   digicert_approval_text(o, "44556677", url, greeting="Kazuo Maruyama"),
                   digicert_approval_html(o, "44556677", url), cc=OUR_ADDR)
    approval("approval-digicert-subdomain-sender", data, mid,
             "From a subdomain of the CA's domain (no-reply@notifications.digicert.com) with dkim=pass header.d=digicert.com and dmarc=pass: a CA domain includes its subdomains, so trusted.",
             o, "digicert", "44556677", url, True)

    o = O["takagi"]
    t = dt(2027, 1, 12, 9, 59, 59)
    mid = "<1768179599.2231.dcv.65432187@sectigo.com>"
    url = ("https://secure.sectigo.com/products/EnterDCVCode2?orderNumber=65432187&dcvEmail=admin%40takagi-denki.example.co.jp"
           "&lang=ja")
    text = sectigo_dcv_text(o, "65432187", url, "Hn7Vb2Xc5Kq8Jw3Z")
    data = ca_mail("Sectigo Certificate Services", "noreply_support@sectigo.com", "admin@takagi-denki.example.co.jp",
                   "ORDER #65432187 - Domain Control Validation for www.takagi-denki.example.co.jp", t, mid, text,
                   html_page("Sectigo", text.split("\n\n")[:6] + [("Validate this domain", url)]), cc=OUR_ADDR)
    approval("approval-sectigo-qp-wrapped-url", data, mid,
             "Sectigo DCV mail in quoted-printable text and HTML: the long approval URL (with %40 and two '&') is soft-wrapped by QP with its '=' written =3D in the text part and '&' written &amp; in the HTML href; decoded, it is one URL on secure.sectigo.com.",
             o, "sectigo", "65432187", url, True)


approval_cases()


# ===========================================================================
# issued certificates

def validity(y, m, d):
    start = datetime.date(y, m, d)
    end = start + datetime.timedelta(days=199)
    return start, end, start.strftime("%Y%m%d000000Z"), end.strftime("%Y%m%d235959Z")


def digicert_issued_text(o, order_no, start, end, files, brand="DigiCert", product="Secure Site OV", greeting=None):
    lines = "\n".join("  %-36s %s" % (f, what) for f, what in files)
    return """Hello %s,

Your SSL certificate for %s has been issued.

  Order #: %s
  Product: %s
  Common name: %s
  SANs: %s
  Valid from: %s
  Valid to: %s

Your certificate and the intermediate and root certificates are attached:
%s

Installation instructions:
https://www.digicert.com/kb/ssl-certificate-installation.htm

Thank you,
%s Support
""" % (greeting or o.contact_en or o.contact, o.domain, order_no, product, o.domain,
       ", ".join(o.sans) if o.sans else "(none)", start.strftime("%d %b %Y"), end.strftime("%d %b %Y"), lines, brand)


def issued(name, data, mid, note, o, ca, ca_order, certs, forwarded_by=None, order=None):
    case(name, data, note, "issued_certificate", mid, order=order, domain=certs[0]["subject_cn"], trusted=False,
         forwarded_by=forwarded_by, ca=ca, ca_order=ca_order, certificates=certs)


def crt(filename, c, ctype="application/x-x509-ca-cert"):
    return attachment(filename, pem_of(c), ctype)


def issued_cases(pki):
    inter, root = pki.inter, pki.root

    o = O["sakura"]
    s, e, s1, e1 = validity(2026, 11, 20)
    leaf = pki.leaf([o.domain] + o.sans, s1, e1)
    t = dt(2026, 11, 20, 16, 44, 2)
    mid = "<0100019ab1c2d3e4-6f5a7b8c-0d1e-4f2a-4b5c-8d9e0f1a2b3c-000000@email.digicert.com>"
    fn = cert_filename(o.domain) + ".crt"
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Taro Yamada", o.email),
                   "SSL Certificate for %s (Order #12345678) is ready" % o.domain, t, mid,
                   digicert_issued_text(o, "12345678", s, e, [(fn, "your certificate"),
                                                              ("DigiCertCA.crt", "intermediate certificate"),
                                                              ("TrustedRoot.crt", "root certificate")]),
                   attachments=[crt(fn, leaf), crt("DigiCertCA.crt", inter), crt("TrustedRoot.crt", root)], cc=OUR_ADDR)
    issued("issued-digicert-three-crt", data, mid,
           "DigiCert's issued mail with DOMAIN.crt, DigiCertCA.crt and TrustedRoot.crt attached as PEM (dkim=pass, yet untrusted: a certificate counts only after verification against an order); leaf first, then intermediate and root.",
           o, "digicert", "12345678", facts(leaf, inter, root))

    o = O["mirai"]
    s, e, s1, e1 = validity(2026, 12, 1)
    leaf = pki.leaf([o.domain] + o.sans, s1, e1)
    t = dt(2026, 12, 1, 18, 2, 33)
    mid = "<0100019ac2d3e4f5-7a6b8c9d-1e2f-4a3b-5c6d-9e0f1a2b3c4d-000000@email.digicert.com>"
    base = cert_filename(o.domain)
    z = zip_of([(base + ".crt", pem_of(leaf)), ("DigiCertCA.crt", pem_of(inter)), ("TrustedRoot.crt", pem_of(root))])
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Takuya Yoshida", o.email),
                   "SSL Certificate for %s (Order #34567812) is ready" % o.domain, t, mid,
                   digicert_issued_text(o, "34567812", s, e, [(base + ".zip", "your certificate, intermediate and root")]),
                   attachments=[attachment(base + ".zip", z, "application/zip")], cc=OUR_ADDR)
    issued("issued-digicert-zip", data, mid,
           "DigiCert mail with one ZIP holding DOMAIN.crt, DigiCertCA.crt and TrustedRoot.crt: the certificates inside the ZIP are read, leaf first; three names on the leaf.",
           o, "digicert", "34567812", facts(leaf, inter, root))

    o = O["minato"]
    s, e, s1, e1 = validity(2027, 1, 12)
    leaf = pki.leaf([o.domain], s1, e1)
    t = dt(2027, 1, 12, 10, 31, 7)
    mid = "<1768181467.3312.issued.87654321@sectigo.com>"
    base = cert_filename(o.domain)
    z = zip_of([("USERTrustRSAAAACA.crt", pem_of(root)),
                ("SectigoRSAOrganizationValidationSecureServerCA.crt", pem_of(inter)), (base + ".crt", pem_of(leaf))])
    text = """Dear Hanako Sato,

Congratulations - Your Sectigo OV SSL Certificate for %s is now attached!

Attached to this email you should find a .zip file containing:
  Root CA Certificate - USERTrustRSAAAACA.crt
  Intermediate CA Certificate - SectigoRSAOrganizationValidationSecureServerCA.crt
  Your Sectigo OV SSL Certificate - %s.crt

Order Number: 87654321
Certificate Expiry Date: %s

Regards,
Sectigo Certificate Services
""" % (o.domain, base, e.strftime("%d/%m/%Y"))
    data = ca_mail("Sectigo Certificate Services", "noreply_support@sectigo.com", o.email,
                   "ORDER #87654321 - Your Sectigo OV SSL Certificate for %s" % o.domain, t, mid, text,
                   attachments=[attachment(base + ".zip", z, "application/x-zip-compressed")], cc=OUR_ADDR,
                   text_cte="7bit")
    issued("issued-sectigo-zip", data, mid,
           "Sectigo's issued mail with a ZIP whose files come root, intermediate, leaf (USERTrust…, SectigoRSA…, DOMAIN.crt): the output still lists the leaf first, then its issuers.",
           o, "sectigo", "87654321", facts(leaf, inter, root))

    o = O["kamome"]
    s, e, s1, e1 = validity(2026, 12, 28)
    leaf = pki.leaf([o.domain] + o.sans, s1, e1)
    t = dt(2026, 12, 28, 14, 0, 55)
    mid = "<1766898055.8841.issued.76543218@comodo.com>"
    base = cert_filename(o.domain)
    z = zip_of([(base + ".crt", pem_of(leaf)), (base + ".ca-bundle", pem_of(inter, root))])
    text = """Dear Naoki Watanabe,

Your COMODO OV SSL Certificate for %s has been issued and is attached
as a .zip file containing:
  %s.crt        - your certificate
  %s.ca-bundle  - the intermediate and root certificates

Order Number: 76543218

COMODO CA Limited
""" % (o.domain, base, base)
    data = ca_mail("COMODO Security Services", "noreply_support@comodo.com", o.email,
                   "ORDER #76543218 - Your COMODO OV SSL Certificate for %s" % o.domain, t, mid, text,
                   attachments=[attachment(base + ".zip", z, "application/zip")], auth=AUTH_DMARC, text_cte="7bit")
    issued("issued-comodo-ca-bundle", data, mid,
           "Comodo-branded mail with a ZIP of DOMAIN.crt and DOMAIN.ca-bundle (intermediate and root in one PEM file): ca sectigo, three certificates, leaf first.",
           o, "sectigo", "76543218", facts(leaf, inter, root))

    o = O["hikari"]
    s, e, s1, e1 = validity(2027, 2, 10)
    leaf = pki.leaf([o.domain] + o.sans, s1, e1)
    t = dt(2027, 2, 10, 11, 15, 0)
    mid = "<20270210021500.CE202702080123.issued@globalsign.com>"
    base = cert_filename(o.domain)
    text = """合同会社ひかりネット
鈴木 一郎 様

グローバルサインをご利用いただき、誠にありがとうございます。
ご申請いただいたSSLサーバ証明書を発行いたしました。

　オーダー番号：CE202702080123
　製品　　　　：AlphaSSL ワイルドカード
　コモンネーム：*.hikari-net.example.jp
　有効期間　　：%s ～ %s

証明書（サーバ証明書と中間CA証明書を含むPKCS#7形式）を添付しております。
インストール手順はサポートページをご覧ください。

━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
GlobalSign（グローバルサイン）
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
""" % (s.strftime("%Y/%m/%d"), e.strftime("%Y/%m/%d"))
    data = ca_mail("GlobalSign", "issued@globalsign.com", addr("鈴木 一郎", o.email),
                   "【GlobalSign】証明書発行のお知らせ（オーダー番号：CE202702080123）", t, mid, text,
                   attachments=[attachment(base + ".p7b", p7b([leaf, inter]), "application/x-pkcs7-certificates")],
                   cc=OUR_ADDR, text_cte="base64")
    issued("issued-globalsign-p7b", data, mid,
           "Japanese GlobalSign mail with a DER PKCS#7 .p7b (leaf and intermediate) for a wildcard: two certificates, domain *.hikari-net.example.jp, ca globalsign.",
           o, "globalsign", "CE202702080123", facts(leaf, inter))

    o = O["iroha"]
    s, e, s1, e1 = validity(2027, 1, 25)
    leaf = pki.leaf([o.domain] + o.sans, s1, e1)
    t = dt(2027, 1, 25, 15, 3, 20)
    mid = "<20270125060320.CE202701250045.issued@globalsign.com>"
    text = """株式会社いろは堂
石井 さゆり 様

グローバルサインをご利用いただき、誠にありがとうございます。
SSLサーバ証明書を発行いたしましたので、お知らせいたします。

　オーダー番号：CE202701250045
　コモンネーム：%s
　有効期限　　：%s

■サーバ証明書
%s
■中間CA証明書
%s
上記の「-----BEGIN CERTIFICATE-----」から「-----END CERTIFICATE-----」までを
コピーしてご利用ください。

GlobalSign（グローバルサイン）
""" % (o.domain, e.strftime("%Y年%m月%d日"), pem_of(leaf).decode(), pem_of(inter).decode())
    data = ca_mail("GlobalSign", "issued@globalsign.com", addr("石井 さゆり", o.email),
                   "【GlobalSign】SSLサーバ証明書発行のお知らせ（オーダー番号：CE202701250045）", t, mid, text,
                   cc=OUR_ADDR, text_cte="base64")
    issued("issued-globalsign-pem-in-body", data, mid,
           "Japanese GlobalSign mail (UTF-8 base64) with the server and intermediate certificates pasted as PEM in the body and no attachment: both are read, leaf first.",
           o, "globalsign", "CE202701250045", facts(leaf, inter))

    o = O["aoba"]
    s, e, s1, e1 = validity(2026, 12, 3)
    leaf = pki.leaf([o.domain] + o.sans, s1, e1)
    t = dt(2026, 12, 3, 9, 48, 0)
    mid = "<0100019ad3e4f5a6-8b7c9d0e-2f3a-4b4c-6d7e-0f1a2b3c4d5e-000000@email.digicert.com>"
    text = """Dear Makoto Takahashi,

Your GeoTrust TrueBusiness ID certificate for %s has been issued.

Order #: 78123456
Valid to: %s

Web Server CERTIFICATE
----------------------
%s
INTERMEDIATE CA
---------------
%s
Copy each block, including the BEGIN and END lines, into its own file.

GeoTrust Support
""" % (o.domain, e.strftime("%d-%b-%Y"), pem_of(leaf).decode(), pem_of(inter).decode())
    data = ca_mail("GeoTrust", "admin@digicert.com", addr("Makoto Takahashi", o.email),
                   "Your GeoTrust TrueBusiness ID certificate for %s" % o.domain, t, mid, text, cc=OUR_ADDR,
                   text_cte="7bit")
    issued("issued-geotrust-pem-in-body", data, mid,
           "GeoTrust-branded issued mail from digicert.com with the certificate and intermediate pasted as PEM in a 7bit body: ca digicert, two certificates.",
           o, "digicert", "78123456", facts(leaf, inter))

    # staff1 forwards DigiCert's issued mail as an attachment, with the tag
    o = O["hokuto"]
    s, e, s1, e1 = validity(2026, 11, 27)
    leaf = pki.leaf([o.domain] + o.sans, s1, e1)
    t0 = dt(2026, 11, 27, 13, 30, 0)
    imid = "<0100019ae4f5a6b7-9c8d0e1f-3a4b-4c5d-7e8f-1a2b3c4d5e6f-000000@email.digicert.com>"
    fn = cert_filename(o.domain) + ".crt"
    inner_hs = ["Return-Path: <bounces+771122-bb22=staff1=example-hosting.jp@em.digicert.com>",
                rcv("mail-out2.digicert.com", "mail-out2.digicert.com", "192.0.2.52", "4XBEEF0001",
                    t0 + datetime.timedelta(seconds=4), rcpt="staff1@example-hosting.jp"),
                "From: DigiCert <admin@digicert.com>", "To: " + addr("Kenichi Ito", o.email),
                "Cc: staff1@example-hosting.jp",
                "Subject: SSL Certificate for %s (Order #23456781) is ready" % o.domain,
                "Date: " + rfc_date(t0), "Message-ID: " + imid]
    ibody = multipart("mixed", [text_part(digicert_issued_text(o, "23456781", s, e, [
        (fn, "your certificate"), ("DigiCertCA.crt", "intermediate certificate"), ("TrustedRoot.crt", "root certificate")],
        greeting="Kenichi Ito"), "UTF-8", "7bit"), crt(fn, leaf), crt("DigiCertCA.crt", inter),
        crt("TrustedRoot.crt", root)], "=_mix_inner_" + hexid(imid, 16).lower())
    t = dt(2026, 11, 27, 13, 52, 10)
    mid = mid_uuid("i8", "example-hosting.jp")
    hs = ["Return-Path: <staff1@example-hosting.jp>", "Delivered-To: " + OUR_ADDR,
          rcv("[10.20.0.31]", "unknown", "10.20.0.31", "4X" + hexid(mid, 8), t + datetime.timedelta(seconds=1),
              proto="ESMTPSA"),
          ar("dkim=pass (2048-bit key) header.d=example-hosting.jp header.i=@example-hosting.jp header.b=%s" % hexid(mid, 8)),
          "Message-ID: " + mid, "Date: " + rfc_date(t), "MIME-Version: 1.0", "User-Agent: Mozilla Thunderbird",
          "Content-Language: ja", "To: " + OUR_ADDR, "From: " + addr(STAFF1[0], STAFF1[1]),
          "Subject: Fwd: [%s] SSL Certificate for %s (Order #23456781) is ready" % (o.id, o.domain)]
    mp = multipart("mixed", [text_part("北斗精機様の証明書が発行されました。取り込みをお願いします。\n\n鈴木\n", "UTF-8", "8bit",
                                       params="; format=flowed"),
                             message_part(inner(inner_hs, ibody), 'attachment;\n filename="issued.eml"')],
                   "------------" + hexid(mid, 24))
    issued("issued-forwarded-by-staff-rfc822", build(hs, mp, mime_version=None), mid,
           "staff1 forwards DigiCert's issued mail as message/rfc822 with the order tag in the subject: certificates from inside the attached mail, forwarded_by staff1, still untrusted (a certificate is trusted only after verification).",
           o, "digicert", "23456781", facts(leaf, inter, root), forwarded_by="staff1@example-hosting.jp", order=o.id)

    # the applicant forwards it inline from Outlook, keeping the attachments
    o = O["maruyama"]
    s, e, s1, e1 = validity(2026, 12, 1)
    leaf = pki.leaf([o.domain] + o.sans, s1, e1)
    t0 = dt(2026, 12, 1, 10, 5, 0)
    t = dt(2026, 12, 1, 10, 40, 18)
    mid = mid_outlook("i9", "maruyama-foods.example.jp")
    fn = cert_filename(o.domain) + ".crt"
    own = """エグザンプルホスティング
SSL証明書ご担当者様

まるやま食品の丸山です。
デジサートから証明書発行のメールが届きましたので転送します。
インストールをよろしくお願いします。

-----Original Message-----
From: DigiCert <admin@digicert.com>
Sent: Tuesday, December 1, 2026 10:05 AM
To: maruyama@maruyama-foods.example.jp
Subject: SSL Certificate for %s (Order #44556677) is ready

%s""" % (o.domain, digicert_issued_text(o, "44556677", s, e, [(fn, "your certificate"),
                                                            ("DigiCertCA.crt", "intermediate certificate")],
                                         greeting="Kazuo Maruyama"))
    hs = trace_std(o.email, t, mid) + ["From: " + addr(o.contact, o.email, "ISO-2022-JP"),
                                       "To: " + OUR_ADDR,
                                       "Subject: FW: SSL Certificate for %s (Order #44556677) is ready" % o.domain,
                                       "Date: " + rfc_date(t), "Message-ID: " + mid,
                                       "X-Mailer: Microsoft Outlook 16.0", "Thread-Index: AdtjR2kLmN0pQrS4tUvWxYz5AbCw",
                                       "Content-Language: ja"]
    mp = multipart("mixed", [text_part(own, "iso-2022-jp", "7bit"), crt(fn, leaf), crt("DigiCertCA.crt", inter)],
                   "----=_NextPart_000_0031_01DB63A1.5C2E9F40", preamble="This is a multipart message in MIME format.")
    issued("issued-forwarded-inline-by-customer", build(hs, mp), mid,
           "The applicant forwards DigiCert's issued mail inline (-----Original Message----- block) with the .crt files re-attached: issued certificate, forwarded_by the applicant, untrusted.",
           o, "digicert", "44556677", facts(leaf, inter), forwarded_by="maruyama@maruyama-foods.example.jp")

    o = O["towa"]
    s, e, s1, e1 = validity(2026, 12, 8)
    leaf = pki.leaf([o.domain], s1, e1)
    t = dt(2026, 12, 8, 17, 25, 1)
    mid = "<0100019af5a6b7c8-0d9e1f2a-4b5c-4d6e-8f9a-2b3c4d5e6f7a-000000@email.digicert.com>"
    base = cert_filename(o.domain)
    data = ca_mail("DigiCert", "admin@digicert.com", addr("Koji Nakamura", o.email),
                   "SSL Certificate for %s (Order #45678123) is ready" % o.domain, t, mid,
                   digicert_issued_text(o, "45678123", s, e, [(base + ".cer", "your certificate (DER)"),
                                                              ("DigiCertCA.crt", "intermediate certificate (PEM)")],
                                        greeting="Koji Nakamura"),
                   attachments=[attachment(base + ".cer", leaf["der"], "application/pkix-cert"),
                                crt("DigiCertCA.crt", inter)], cc=OUR_ADDR)
    issued("issued-digicert-der-cer", data, mid,
           "DigiCert mail with the leaf as a binary DER .cer (application/pkix-cert) and the intermediate as PEM: both read, leaf first.",
           o, "digicert", "45678123", facts(leaf, inter))


def make_pki_cases():
    keep = None
    if "--pki" in sys.argv[1:]:
        keep = os.path.abspath(sys.argv[sys.argv.index("--pki") + 1])
        os.makedirs(keep, exist_ok=True)
    pki = PKI(keep)
    try:
        issued_cases(pki)
    finally:
        pki.close()


make_pki_cases()


# ===========================================================================
# auto-replies

def auto(name, data, mid, note, order=None):
    case(name, data, note, "auto_reply", mid, order=order)


def auto_cases():
    o = O["towa"]
    t = after(o, 0, 0, 1)
    mid = mid_m365("au1")
    tr, box = trace_m365(o.email, t, mid)
    tr[0] = "Return-Path: <>"
    text = """いつもお世話になっております。東和システムの中村です。

誠に恐れ入りますが、11月24日（火）～11月27日（金）まで出張のため不在にしております。
11月30日（月）以降、順次対応させていただきます。
お急ぎの場合は、システム管理室（infra@towa-sys.example.co.jp）までご連絡ください。
"""
    hs = tr + ["From: " + addr(o.contact, o.email, "ISO-2022-JP"), "To: " + addr(OUR_NAME_JA, OUR_ADDR, "ISO-2022-JP"),
               subj("自動応答: " + o.subject, "ISO-2022-JP"), "Thread-Topic: " + " ".join(ew(o.subject, "ISO-2022-JP")[:1]),
               "Thread-Index: AQHbXk5lB7xM2v4R0kK9sJcQf1aXfA==", "Date: " + rfc_date(t), "Message-ID: " + mid,
               "In-Reply-To: " + o.notice_id, "References: " + o.notice_id,
               "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: " + o.email,
               "X-MS-Has-Attach: ", "X-MS-TNEF-Correlator: ", "Content-Language: ja-JP"]
    auto("auto-exchange-jidou-outou", build(hs, text_part(text, "cp50220", "7bit")), mid,
         "Exchange out-of-office (自動応答: prefix, Auto-Submitted: auto-replied, X-Auto-Response-Suppress: All, null Return-Path) threaded to our notice: an auto-reply, never a customer decision; the tag in the subject gives the order.",
         order=o.id)

    o = O["greenleaf"]
    t = after(o, 0, 0, 0)
    t = t + datetime.timedelta(seconds=48)
    mid = mid_m365("au2")
    tr, box = trace_m365(o.email, t, mid)
    tr[0] = "Return-Path: <>"
    text = """I am out of the office until Monday, November 23, with limited access to email.
For urgent matters, please contact it-support@greenleaf.example.com.

Thank you,
John Miller"""
    hs = tr + ["From: " + addr(o.contact, o.email), "To: " + addr(OUR_NAME_EN, OUR_ADDR),
               "Subject: Automatic reply: " + o.subject, "Thread-Topic: " + o.subject,
               "Date: " + rfc_date(t), "Message-ID: " + mid, "In-Reply-To: " + o.notice_id,
               "References: " + o.notice_id, "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All",
               "X-MS-Exchange-Inbox-Rules-Loop: " + o.email, "Content-Language: en-US"]
    body = multipart("alternative", [text_part(text, "utf-8", "quoted-printable", quote=True),
                                     text_part("<html><body><p>" + text_to_html_br(text) + "</p></body></html>\n",
                                               "utf-8", "quoted-printable", subtype="html", quote=True)],
                     "_000_%s%s_" % (box, hexid(mid, 20)))
    auto("auto-exchange-english-automatic-reply", build(hs, body), mid,
         "English Exchange 'Automatic reply:' with Auto-Submitted: auto-replied: auto-reply, order from the tag.", order=o.id)

    o = O["fuji"]
    t = after(o, 0, 0, 2)
    mid = mid_gmail("au3")
    text = """ふじ企画の小林です。

誠に勝手ながら、11月20日（金）から11月24日（火）まで休暇をいただいております。
期間中にいただいたメールには、11月25日（水）以降に順次ご返信いたします。
ご不便をおかけしますが、何卒よろしくお願いいたします。"""
    b = "000000000000" + hashlib.md5(mid.encode()).hexdigest()[:16]
    hs = trace_google(o.email, t, mid)[:5] + ["MIME-Version: 1.0", "References: " + o.notice_id,
                                              "In-Reply-To: " + o.notice_id, "Auto-Submitted: auto-replied",
                                              "From: " + addr(o.contact, o.email), "Date: " + rfc_date(t),
                                              "Message-ID: " + mid, subj("休暇のお知らせ（11/20～11/24）"),
                                              "To: " + OUR_ADDR]
    body = multipart("alternative", [text_part(text, "UTF-8", "base64", quote=True),
                                     text_part('<div dir="ltr">' + text_to_html_divs(text) + "</div>\n", "UTF-8",
                                               "base64", subtype="html", quote=True)], b)
    auto("auto-gmail-vacation-kyuka", build(hs, body, mime_version=None), mid,
         "Gmail vacation responder (Auto-Submitted: auto-replied) with its own subject 休暇のお知らせ and no tag: auto-reply, order null.")

    o = O["sugimoto"]
    t = after(o, 0, 0, 1)
    mid = "<20261216000105.1C2D3E4F@mail.sugimoto-mfg.example.jp>"
    text = """メールありがとうございます。
杉本は12月16日〜12月18日まで海外出張のため不在にしております。
帰社後、確認のうえご連絡いたします。

株式会社杉本製作所"""
    hs = ["Return-Path: <seiichiro@sugimoto-mfg.example.jp>", "Delivered-To: " + OUR_ADDR,
          rcv("mail.sugimoto-mfg.example.jp", "mail.sugimoto-mfg.example.jp", "203.0.113.61", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=1)),
          "Date: " + rfc_date(t), "From: " + addr(o.contact, o.email, "ISO-2022-JP"), "To: " + OUR_ADDR,
          subj("不在のお知らせ", "ISO-2022-JP"), "Message-ID: " + mid, "X-Autoreply: yes",
          "X-Mailer: vacation/1.2.7"]
    auto("auto-fuzai-no-oshirase-x-autoreply", build(hs, text_part(text, "iso-2022-jp", "7bit")), mid,
         "Server-side 不在のお知らせ in ISO-2022-JP with only X-Autoreply: yes (no In-Reply-To, no tag): auto-reply.")

    o = O["nippon"]
    t = after(o, 0, 0, 3)
    mid = "<ooo.1766448180.221@nippon-trading.example.com>"
    text = "Out of Office\n\nI am on leave until January 5, 2027. Your message will not be forwarded.\n\nSarah Thompson"
    hs = ["Return-Path: <s.thompson@nippon-trading.example.com>", "Delivered-To: " + OUR_ADDR,
          rcv("mail.nippon-trading.example.com", "mail.nippon-trading.example.com", "203.0.113.88",
              "4X" + hexid(mid, 8), t + datetime.timedelta(seconds=2)),
          "From: " + addr("Sarah Thompson", o.email), "To: " + OUR_ADDR, "Subject: Out of Office: " + o.subject,
          "Date: " + rfc_date(t), "Message-ID: " + mid, "In-Reply-To: " + o.notice_id, "Precedence: auto_reply"]
    auto("auto-out-of-office-precedence", build(hs, text_part(text, "us-ascii", "7bit")), mid,
         "'Out of Office:' reply whose only automatic marker is Precedence: auto_reply: auto-reply, order from the tag.",
         order=o.id)

    o = O["kamome"]
    t = after(o, 0, 0, 0) + datetime.timedelta(seconds=31)
    mid = "<dovecot-sieve-1765238431-552021-0@mail.kamome-logi.example.co.jp>"
    text = """渡辺は12月9日から12月11日まで不在にしております。
12月14日以降にご返信いたします。
お急ぎの方は業務推進課（gyomu@kamome-logi.example.co.jp）までお願いします。"""
    hs = ["Return-Path: <>", "Delivered-To: " + OUR_ADDR,
          rcv("mail.kamome-logi.example.co.jp", "mail.kamome-logi.example.co.jp", "203.0.113.45", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=1)),
          "Message-ID: " + mid, "Date: " + rfc_date(t), "X-Sieve: Pigeonhole Sieve 0.5.19 (4eae2f79)",
          "From: " + addr(o.contact, o.email), "To: " + OUR_ADDR, subj("Auto: " + o.subject),
          "In-Reply-To: " + o.notice_id, "References: " + o.notice_id, "Auto-Submitted: auto-replied (vacation)",
          "Precedence: bulk", "MIME-Version: 1.0"]
    auto("auto-sieve-vacation", build(hs, text_part(text, "utf-8", "8bit", quote=False), mime_version=None), mid,
         "Dovecot Sieve vacation reply ('Auto:' subject, Auto-Submitted: auto-replied (vacation) with a comment, null Return-Path): auto-reply, order from the tag.",
         order=o.id)

    o = O["hoshino"]
    t = after(o, 0, 0, 0) + datetime.timedelta(seconds=12)
    mid = "<autoreply.20261228090012.7788@hoshino-tax.example.jp>"
    text = """※このメールは自動返信です。

メールを受信いたしました。
誠に勝手ながら、12月29日（火）から1月4日（月）まで年末年始休業とさせていただきます。
休業期間中にいただいたお問い合わせは、1月5日（火）以降に順次対応いたします。

星野税理士事務所"""
    hs = trace_std(o.email, t, mid, internal=False) + [
        "From: " + addr(o.contact, o.email), "To: " + OUR_ADDR, subj("Re: " + o.subject),
        "Date: " + rfc_date(t), "Message-ID: " + mid, "In-Reply-To: " + o.notice_id, "References: " + o.notice_id,
        "X-Autoreply: yes"]
    auto("auto-re-subject-year-end-closure", build(hs, text_part(text, "utf-8", "base64", quote=False)), mid,
         "Trap: a plain 'Re:' subject and In-Reply-To like a person's reply, but X-Autoreply: yes and a year-end closure text: an auto-reply, order from the tag.",
         order=o.id)

    o = O["kyokai"]
    t = after(o, 0, 0, 1) + datetime.timedelta(seconds=5)
    mid = "<ticket-20261207-000412-ack@support.sample-kyokai.example.jp>"
    text = """日本サンプル協会 事務局です。

お問い合わせを受け付けました。受付番号は #20261207-0412 です。
担当者より2営業日以内にご連絡いたします。
このメールへの返信はできません。

件名：%s""" % o.subject
    hs = ["Return-Path: <noreply@support.sample-kyokai.example.jp>", "Delivered-To: " + OUR_ADDR,
          rcv("support.sample-kyokai.example.jp", "support.sample-kyokai.example.jp", "203.0.113.90",
              "4X" + hexid(mid, 8), t + datetime.timedelta(seconds=1)),
          "From: " + addr("日本サンプル協会 事務局", "noreply@support.sample-kyokai.example.jp"),
          "To: " + OUR_ADDR, subj("【受付番号:#20261207-0412】お問い合わせを受け付けました"),
          "Date: " + rfc_date(t), "Message-ID: " + mid, "In-Reply-To: " + o.notice_id,
          "Auto-Submitted: auto-generated", "Precedence: bulk", "X-Auto-Response-Suppress: All"]
    auto("auto-helpdesk-ticket-ack", build(hs, text_part(text, "utf-8", "base64", quote=False)), mid,
         "The customer's helpdesk acknowledges our notice as a ticket (Auto-Submitted: auto-generated, noreply sender): an automatic answer, never a decision, order null (the tag is only quoted in the body).")

    o = O["asahi"]
    t = after(o, 0, 0, 0) + datetime.timedelta(seconds=20)
    mid = mid_m365("au9")
    tr, box = trace_m365(o.email, t, mid)
    tr[0] = "Return-Path: <>"
    text = """朝日印刷の木村です。

11月17日（火）は終日外出のため、メールを確認できません。
SSL証明書の更新など、お急ぎのご用件は営業管理部（03-0000-2222）までお電話ください。
"""
    hs = tr + ["From: " + addr(o.contact, o.email, "ISO-2022-JP"), "To: " + OUR_ADDR,
               subj("自動応答: " + o.subject, "ISO-2022-JP"), "Date: " + rfc_date(t), "Message-ID: " + mid,
               "In-Reply-To: " + o.notice_id, "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"]
    auto("auto-reply-mentions-renewal", build(hs, text_part(text, "iso-2022-jp", "7bit")), mid,
         "Trap: an out-of-office whose text says SSL証明書の更新 (urgent matters by phone): the headers make it an auto-reply, so no intent is read from it.",
         order=o.id)

    o = O["tsubasa"]
    t = after(o, 0, 0, 0) + datetime.timedelta(seconds=9)
    mid = "<200612180900.vacation.saito@mail.tsubasa-kanko.example.jp>"
    text = """斎藤は現在、冬季休暇中です（12月18日～12月22日）。
メールは12月23日以降に拝見いたします。"""
    hs = ["Return-Path: <>", "Delivered-To: " + OUR_ADDR,
          rcv("mail.tsubasa-kanko.example.jp", "mail.tsubasa-kanko.example.jp", "203.0.113.73", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=1)),
          "Date: " + rfc_date(t), "From: " + addr(o.contact, o.email, "ISO-2022-JP"), "To: " + OUR_ADDR,
          subj("不在通知: " + o.subject, "ISO-2022-JP"), "Message-Id: " + mid, "Precedence: junk",
          "Auto-Submitted: auto-replied"]
    auto("auto-vacation-precedence-junk", build(hs, text_part(text, "cp50220", "7bit")), mid,
         "Unix vacation(1)-style 不在通知 with Precedence: junk and Auto-Submitted: auto-replied, in ISO-2022-JP: auto-reply, order from the tag.",
         order=o.id)


auto_cases()


# ===========================================================================
# bounces

def notice_headers(o, t=None, to=None):
    t = t or o.notice_time
    return "\n".join([
        "Return-Path: <ssl@example-hosting.jp>",
        "Received: from app1.example-hosting.jp (app1.example-hosting.jp [10.20.0.21])\n\tby mail.example-hosting.jp (Postfix) with ESMTPS id 4X%s\n\t; %s" % (hexid(o.id, 8), rfc_date(t, True)),
        "From: " + addr(OUR_NAME_JA if o.lang == "ja" else OUR_NAME_EN, OUR_ADDR),
        "To: " + addr(o.contact, to or o.email),
        subj(o.subject),
        "Date: " + rfc_date(t),
        "Message-ID: " + o.notice_id,
        "Auto-Submitted: auto-generated",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: base64"]) + "\n"


def notice_message(o, to=None):
    return notice_headers(o, to=to).encode() + b"\n" + b64_text(o.notice(), "UTF-8", crlf=False)


def bounce(name, data, mid, note, order=None):
    case(name, data, note, "bounce", mid, order=order)


def dsn_part(fields):
    return Part(["Content-Description: Delivery report", "Content-Type: message/delivery-status"],
                fields.encode())


def bounce_cases():
    o = O["kyokai"]
    t = o.notice_time + datetime.timedelta(seconds=6)
    mid = "<20261207000006.3F1A2B0C77@mail.example-hosting.jp>"
    human = """This is the mail system at host mail.example-hosting.jp.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<%s>: host mx.sample-kyokai.example.jp[203.0.113.130] said: 550
    5.1.1 <%s>: Recipient address rejected: User unknown in virtual
    mailbox table (in reply to RCPT TO command)
""" % (o.email, o.email)
    fields = """Reporting-MTA: dns; mail.example-hosting.jp
X-Postfix-Queue-ID: 3F1A2B0C77
X-Postfix-Sender: rfc822; ssl@example-hosting.jp
Arrival-Date: %s

Final-Recipient: rfc822; %s
Original-Recipient: rfc822;%s
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.sample-kyokai.example.jp
Diagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User
    unknown in virtual mailbox table
""" % (rfc_date(o.notice_time), o.email, o.email, o.email)
    mp = multipart("report", [Part(["Content-Description: Notification", "Content-Type: text/plain; charset=us-ascii"],
                                   human.encode()),
                              dsn_part(fields),
                              Part(["Content-Description: Undelivered Message Headers",
                                    "Content-Type: text/rfc822-headers"], notice_headers(o).encode())],
                   "3F1A2B0C77.1796602806/mail.example-hosting.jp", extra_params="; report-type=delivery-status",
                   preamble="This is a MIME-encapsulated message.")
    hs = ["Return-Path: <>", "Delivered-To: " + OUR_ADDR,
          "Received: by mail.example-hosting.jp (Postfix)\n\tid 3F1A2B0C77; %s" % rfc_date(t, True),
          "Date: " + rfc_date(t, True), "From: MAILER-DAEMON@mail.example-hosting.jp (Mail Delivery System)",
          "Subject: Undelivered Mail Returned to Sender", "To: " + OUR_ADDR, "Auto-Submitted: auto-replied",
          "Message-Id: " + mid]
    bounce("bounce-postfix-dsn-user-unknown", build(hs, mp), mid,
           "Postfix DSN from our own relay (multipart/report, Status 5.1.1 user unknown) with our notice's headers as text/rfc822-headers: a hard bounce; the subject has no tag, so order null (matching by the notice's Message-ID needs a database).")

    o = O["greenleaf"]
    t = o.notice_time + datetime.timedelta(seconds=9)
    mid = mid_m365("b2")
    html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=us-ascii"></head>
<body>
<p><b><font color="#000066" size="3" face="Arial">Your message to %s couldn't be delivered.</font></b></p>
<p><font size="2" face="Arial">%s wasn't found at greenleaf.example.com.</font></p>
<p><font size="2" face="Arial">Action Required: Recipient<br>Unknown To address</font></p>
<p><font size="2" face="Arial">Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'</font></p>
</body></html>
""" % (o.email, o.email.split("@")[0])
    fields = """Reporting-MTA: dns;TYCPR01MB8123.jpnprd01.prod.outlook.example.com
Received-From-MTA: dns;mail.example-hosting.jp
Arrival-Date: %s

Final-Recipient: rfc822;%s
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup
""" % (rfc_date(o.notice_time), o.email)
    b = "_3c2a1b0d-9e8f-4a7b-b6c5-d4e3f2a1b0c9_"
    mp = multipart("report", [multipart("alternative", [Part(["Content-Type: text/plain; charset=\"us-ascii\"",
                                                              "Content-Transfer-Encoding: 7bit"],
                                                             ("Your message to %s couldn't be delivered.\n\n"
                                                              "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; "
                                                              "Recipient not found by SMTP address lookup'\n" % o.email).encode()),
                                                        Part(["Content-Type: text/html; charset=\"us-ascii\"",
                                                              "Content-Transfer-Encoding: 7bit"], html.encode())],
                                        "_000_" + b[1:]),
                              dsn_part(fields),
                              message_part(notice_message(o))], b, extra_params="; report-type=delivery-status")
    hs = ["Return-Path: <>", "Delivered-To: " + OUR_ADDR,
          rcv("JPN01-TYC-obe.outbound.protection.outlook.example.com", "mail-tycjpn01on2117.outbound.protection.outlook.example.com",
              "198.51.100.117", "4X" + hexid(mid, 8), t + datetime.timedelta(seconds=2)),
          "From: " + addr("Microsoft Outlook",
                          "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@greenleaf.example.com"),
          "To: " + OUR_ADDR, "Date: " + rfc_date(t), "Content-Language: en-US", "Message-ID: " + mid,
          "In-Reply-To: " + o.notice_id, "References: " + o.notice_id, "Subject: Undeliverable: " + o.subject,
          "Auto-Submitted: auto-replied", "X-MS-Exchange-Message-Is-Ndr: "]
    bounce("bounce-exchange-ndr-undeliverable", build(hs, mp), mid,
           "Exchange Online NDR ('Undeliverable:', multipart/report with HTML, delivery-status 5.1.10 and the whole notice as message/rfc822): a bounce, not a reply, even though In-Reply-To points at the notice; order from the tag kept in the subject.",
           order=o.id)

    o = O["blueharbor"]
    t = o.notice_time + datetime.timedelta(minutes=1, seconds=3)
    mid = "<6763fa1c.050a0220.1b2c3d.7e8f@mx.google.example.com>"
    text = """
** Address not found **

Your message wasn't delivered to mchen.blueharbor@old-mail.example.com because the address couldn't be found, or is unable to receive mail.

Learn more here: https://support.google.example.com/mail/?p=NoSuchUser

The response was:

550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.example.com/mail/?p=NoSuchUser d9443c01a7336-2a1b4c5d6e7f8so1234567b3.120 - gsmtp
"""
    fields = """Reporting-MTA: dns; googlemail.example.com
Received-From-MTA: dns; m.chen@blueharbor.example.com
Arrival-Date: %s

Final-Recipient: rfc822; mchen.blueharbor@old-mail.example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.old-mail.example.com. (198.51.100.250, the server for the domain old-mail.example.com.)
Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.
Last-Attempt-Date: %s
""" % (rfc_date(o.notice_time), rfc_date(t))
    b = "0000000000009a8b7c6d5e4f3a2b"
    mp = multipart("report", [multipart("related", [Part(['Content-Type: text/plain; charset="UTF-8"'], text.encode())],
                                        "0000000000009a8b7c6d5e4f3a2c"),
                              dsn_part(fields),
                              message_part(notice_message(o, to="m.chen@blueharbor.example.com"))], b,
                   extra_params="; report-type=delivery-status")
    hs = ["Return-Path: <>", "Delivered-To: " + OUR_ADDR,
          rcv("mail-sor-f69.google.example.com", "mail-sor-f69.google.example.com", "198.51.100.69", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=1)),
          "MIME-Version: 1.0", "From: Mail Delivery Subsystem <mailer-daemon@googlemail.example.com>",
          "To: " + OUR_ADDR, "Auto-Submitted: auto-replied", "Subject: Delivery Status Notification (Failure)",
          "References: " + o.notice_id, "In-Reply-To: " + o.notice_id, "X-Failed-Recipients: mchen.blueharbor@old-mail.example.com",
          "Message-ID: " + mid, "Date: " + rfc_date(t)]
    bounce("bounce-gmail-dsn-failure", build(hs, mp, mime_version=None), mid,
           "Gmail 'Delivery Status Notification (Failure)' for a forwarding address that no longer exists (multipart/report, 5.1.1, original notice attached): bounce, order null (no tag in the subject).")

    o = O["maruyama"]
    t = o.notice_time + datetime.timedelta(seconds=4)
    mid = "<20261111000004.51234.qmail@mail.maruyama-foods.example.jp>"
    text = """Hi. This is the qmail-send program at mail.maruyama-foods.example.jp.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<%s>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

""" % o.email
    body = text.encode() + notice_message(o)
    hs = ["Return-Path: <>", "Delivered-To: " + OUR_ADDR,
          rcv("mail.maruyama-foods.example.jp", "mail.maruyama-foods.example.jp", "203.0.113.52", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=1), proto="SMTP"),
          "Date: " + rfc_date(t), "From: MAILER-DAEMON@mail.maruyama-foods.example.jp", "To: " + OUR_ADDR,
          "Subject: failure notice", "Message-ID: " + mid]
    bounce("bounce-qmail-failure-notice", build(hs, Part([], body), mime_version=None).replace(b"\r\n\r\n\r\n", b"\r\n\r\n", 1), mid,
           "qmail's plain-text 'failure notice' (no MIME at all, #5.1.1) with the notice copied below the line: a bounce by its sender and wording; order null.")

    o = O["hoshino"]
    t = o.notice_time + datetime.timedelta(hours=4, seconds=5)
    mid = "<20261228040005.8C7D6E5F40@mail.example-hosting.jp>"
    human = """This is the mail system at host mail.example-hosting.jp.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

                   The mail system

<%s>: host mx.hoshino-tax.example.jp[203.0.113.140] said: 452 4.2.2
    <%s>: Mailbox full (in reply to RCPT TO command)
""" % (o.email, o.email)
    fields = """Reporting-MTA: dns; mail.example-hosting.jp
X-Postfix-Queue-ID: 8C7D6E5F40
X-Postfix-Sender: rfc822; ssl@example-hosting.jp
Arrival-Date: %s

Final-Recipient: rfc822; %s
Original-Recipient: rfc822;%s
Action: delayed
Status: 4.2.2
Remote-MTA: dns; mx.hoshino-tax.example.jp
Diagnostic-Code: smtp; 452 4.2.2 <%s>: Mailbox full
Will-Retry-Until: %s
""" % (rfc_date(o.notice_time), o.email, o.email, o.email, rfc_date(o.notice_time + datetime.timedelta(days=5)))
    mp = multipart("report", [Part(["Content-Description: Notification", "Content-Type: text/plain; charset=us-ascii"],
                                   human.encode()),
                              dsn_part(fields),
                              Part(["Content-Description: Undelivered Message Headers",
                                    "Content-Type: text/rfc822-headers"], notice_headers(o).encode())],
                   "8C7D6E5F40.1798430405/mail.example-hosting.jp", extra_params="; report-type=delivery-status",
                   preamble="This is a MIME-encapsulated message.")
    hs = ["Return-Path: <>", "Delivered-To: " + OUR_ADDR,
          "Received: by mail.example-hosting.jp (Postfix)\n\tid 8C7D6E5F40; %s" % rfc_date(t, True),
          "Date: " + rfc_date(t, True), "From: MAILER-DAEMON@mail.example-hosting.jp (Mail Delivery System)",
          "Subject: Delayed Mail (still being retried)", "To: " + OUR_ADDR, "Auto-Submitted: auto-replied",
          "Message-Id: " + mid]
    bounce("bounce-soft-mailbox-full-delayed", build(hs, mp), mid,
           "Postfix delay warning (Action: delayed, Status 4.2.2 mailbox full): a soft bounce, still kind bounce; order null.")

    o = O["yamabiko"]
    t = o.notice_time + datetime.timedelta(seconds=7)
    mid = "<a1b2c3d4e5f6471890ab12cd34ef5678@EXCH01.yamabiko.example.jp>"
    text = """配信の問題が発生しました: %s

このメッセージの受信者のメールボックスが見つかりませんでした。
受信者のアドレスが正しいかどうか確認し、もう一度送信してください。

診断情報 (管理者用):

生成元サーバー: EXCH01.yamabiko.example.jp
%s
Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'
""" % (o.email, o.email)
    fields = """Reporting-MTA: dns;EXCH01.yamabiko.example.jp
Received-From-MTA: dns;mail.example-hosting.jp
Arrival-Date: %s

Final-Recipient: rfc822;%s
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found
""" % (rfc_date(o.notice_time), o.email)
    b = "_a1b2c3d4-e5f6-4718-90ab-12cd34ef5678_"
    mp = multipart("report", [text_part(text, "iso-2022-jp", "7bit", label="iso-2022-jp"),
                              dsn_part(fields), message_part(notice_message(o))], b,
                   extra_params="; report-type=delivery-status")
    hs = ["Return-Path: <>", "Delivered-To: " + OUR_ADDR,
          rcv("mail.yamabiko.example.jp", "mail.yamabiko.example.jp", "203.0.113.150", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=1)),
          "From: " + addr("postmaster", "postmaster@yamabiko.example.jp"), "To: " + OUR_ADDR,
          "Date: " + rfc_date(t), "Content-Language: ja-JP", "Message-ID: " + mid, "In-Reply-To: " + o.notice_id,
          "References: " + o.notice_id, subj("配信不能: " + o.subject, "ISO-2022-JP"), "Auto-Submitted: auto-replied"]
    bounce("bounce-japanese-haishin-funou", build(hs, mp), mid,
           "Japanese on-premise Exchange NDR (配信不能: subject in ISO-2022-JP, 配信の問題が発生しました text, 5.1.1): a bounce; order from the tag kept in the subject.",
           order=o.id)

    o = O["tsubasa"]
    t = o.notice_time + datetime.timedelta(seconds=3)
    mid = "<20261218000003.AB12CD34EF@mx.tsubasa-kanko.example.jp>"
    text = """このメールはシステムから自動的に送信されています。
以下のアドレスへのメールは配信できませんでした。

宛先: %s
理由: 宛先のメールアドレスが存在しません (550 5.1.1 User unknown)

----- 元のメールのヘッダー -----
%s""" % (o.email, notice_headers(o))
    hs = ["Return-Path: <>", "Delivered-To: " + OUR_ADDR,
          rcv("mx.tsubasa-kanko.example.jp", "mx.tsubasa-kanko.example.jp", "203.0.113.160", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=1)),
          "Date: " + rfc_date(t), "From: " + addr("Mail Delivery System", "MAILER-DAEMON@mx.tsubasa-kanko.example.jp"),
          "To: " + OUR_ADDR, subj("【配信エラー】メールを配信できませんでした", "ISO-2022-JP"), "Message-ID: " + mid]
    bounce("bounce-japanese-plain-text", build(hs, text_part(text, "iso-2022-jp", "7bit")), mid,
           "A Japanese hosting provider's plain-text bounce (no multipart/report) from MAILER-DAEMON in ISO-2022-JP, 550 5.1.1, original headers pasted: bounce, order null.")


bounce_cases()


# ===========================================================================
# noise

def noise(name, data, mid, note, order=None):
    case(name, data, note, "unknown", mid, order=order)


def noise_cases():
    t = dt(2026, 11, 18, 3, 14, 15)
    mid = "<20261117181415.9988776655@seo-boost.example.net>"
    html = """<html><body style="font-family:sans-serif">
<h2 style="color:#d00">【期間限定】ホームページのアクセスを3倍にしませんか？</h2>
<p>ご担当者様</p>
<p>突然のご連絡失礼いたします。Webマーケティング支援の株式会社SEOブーストです。</p>
<p>御社のホームページを無料で診断いたします。SSL証明書の設定や表示速度も含めて、改善点をレポートにまとめてお送りします。</p>
<p><a href="https://seo-boost.example.net/lp/?utm_source=mail&amp;id=99887">▶ 今すぐ無料診断を申し込む</a></p>
<p style="font-size:10px;color:#999">配信停止は<a href="https://seo-boost.example.net/unsubscribe?e=ssl%40example-hosting.jp">こちら</a></p>
</body></html>
"""
    hs = ["Return-Path: <info@seo-boost.example.net>", "Delivered-To: " + OUR_ADDR,
          rcv("mail.seo-boost.example.net", "vps-771.cloud.example.net", "198.51.100.177", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=2)),
          ar("spf=neutral (mx.example-hosting.jp: 198.51.100.177 is neither permitted nor denied) "
             "smtp.mailfrom=seo-boost.example.net", "dkim=none (message not signed)",
             "dmarc=none (p=none dis=none) header.from=seo-boost.example.net"),
          "X-Spam-Status: Yes, score=7.9 required=5.0", "X-Spam-Flag: YES",
          "From: " + addr("株式会社SEOブースト", "info@seo-boost.example.net"), "To: " + OUR_ADDR,
          subj("【期間限定】ホームページのアクセスを3倍に！無料診断のご案内"), "Date: " + rfc_date(t),
          "Message-ID: " + mid]
    noise("noise-spam-japanese", build(hs, text_part(html, "UTF-8", "base64", subtype="html")), mid,
          "Japanese marketing spam (HTML only, UTF-8 base64) that mentions SSL証明書 but is neither a reply nor from a customer or CA: unknown.")

    t = dt(2026, 11, 21, 19, 2, 0)
    mid = "<b8c2f1e0a9d34c7e@mailer.growth-leads.example.com>"
    text = """Hi there,

I was checking out your website and noticed a few things that might be
holding back your search rankings. We help businesses like yours get
300% more organic traffic in 90 days - guaranteed.

Would you be open to a quick 15-minute call next week?

Best,
Kevin
Growth Leads Agency

If you don't want to hear from me again, just reply "no thanks".
"""
    hs = ["Return-Path: <kevin@growth-leads.example.com>", "Delivered-To: " + OUR_ADDR,
          rcv("mailer.growth-leads.example.com", "mailer.growth-leads.example.com", "198.51.100.90",
              "4X" + hexid(mid, 8), t + datetime.timedelta(seconds=1)),
          ar("spf=pass smtp.mailfrom=growth-leads.example.com", "dkim=pass header.d=growth-leads.example.com",
             "dmarc=pass header.from=growth-leads.example.com"),
          "From: Kevin Brooks <kevin@growth-leads.example.com>", "To: ssl@example-hosting.jp",
          "Subject: Quick question about example-hosting.jp", "Date: " + rfc_date(t), "Message-ID: " + mid]
    noise("noise-spam-english", build(hs, text_part(text, "us-ascii", "7bit")), mid,
          "English cold-sales spam: no thread, no renewal wording, not a CA: unknown.")

    t = dt(2026, 11, 19, 12, 0, 0)
    mid = "<newsletter.2026-11.5566@news.ssl-news.example.com>"
    text = """━━━━━━━━━━━━━━━━━━━━━━━━━━━━
　SSL NEWS 2026年11月号
━━━━━━━━━━━━━━━━━━━━━━━━━━━━

■ 証明書の有効期間が最長200日に（CA/Browser Forum SC-081）
2026年3月15日以降に発行されるSSL/TLSサーバー証明書の有効期間は最長200日となりました。
年1回の更新作業だけでは足りなくなるため、証明書の更新を自動化する準備をおすすめします。

■ 更新しないとどうなる？
有効期限が切れた証明書を使い続けると、ブラウザに警告が表示されます。

配信停止: https://news.ssl-news.example.com/unsubscribe?u=7788
"""
    hs = ["Return-Path: <bounce-7788@news.ssl-news.example.com>", "Delivered-To: " + OUR_ADDR,
          rcv("news.ssl-news.example.com", "news.ssl-news.example.com", "198.51.100.33", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=3)),
          ar("spf=pass smtp.mailfrom=news.ssl-news.example.com", "dkim=pass header.d=ssl-news.example.com",
             "dmarc=pass header.from=ssl-news.example.com"),
          "From: " + addr("SSL NEWS編集部", "news@ssl-news.example.com"), "To: " + OUR_ADDR,
          subj("【SSL NEWS】証明書の有効期間短縮と更新のポイント（11月号）"), "Date: " + rfc_date(t),
          "Message-ID: " + mid, "List-Id: SSL NEWS <ssl-news.news.ssl-news.example.com>",
          "List-Unsubscribe: <https://news.ssl-news.example.com/unsubscribe?u=7788>, <mailto:unsubscribe-7788@news.ssl-news.example.com>",
          "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "Precedence: bulk"]
    noise("noise-newsletter-about-renewal", build(hs, text_part(text, "UTF-8", "quoted-printable")), mid,
          "Trap: a newsletter (List-Id, List-Unsubscribe, Precedence: bulk) full of 更新 and 更新しないと: bulk mail, not a customer reply, unknown.")

    t = dt(2026, 11, 26, 2, 40, 0)
    mid = "<20261125174000.4411@digicert.com.secure-verify.example.net>"
    text = """DigiCert

Your SSL certificate will be revoked in 24 hours.

Order #: 12345678
Common name: www.sakura-shoji.example.jp

A problem was found with the validation of your organization. To keep your
certificate, verify your account now:

Approve or reject this order:
https://digicert.com.secure-verify.example.net/secure/approve/verify?id=12345678

DigiCert Support
"""
    hs = ["Return-Path: <support@digicert.com.secure-verify.example.net>", "Delivered-To: " + OUR_ADDR,
          rcv("secure-verify.example.net", "host-203-0-113-222.example.net", "203.0.113.222", "4X" + hexid(mid, 8),
              t + datetime.timedelta(seconds=1)),
          ar("spf=pass smtp.mailfrom=digicert.com.secure-verify.example.net", "dkim=none (message not signed)",
             "dmarc=none header.from=digicert.com.secure-verify.example.net"),
          "From: DigiCert <support@digicert.com.secure-verify.example.net>", "To: " + OUR_ADDR,
          "Subject: Action required: your SSL certificate will be revoked", "Date: " + rfc_date(t), "Message-ID: " + mid]
    noise("noise-phishing-digicert-lookalike", build(hs, text_part(text, "us-ascii", "7bit")), mid,
          "Phishing: From ends in digicert.com.secure-verify.example.net (the CA's name as a prefix of a foreign domain) and copies DigiCert's wording; not a CA domain, so unknown with no CA facts.")

    t = dt(2026, 11, 22, 23, 59, 1)
    hs = ["Return-Path: <yamada@sakura-shoji.example.jp>", "Delivered-To: " + OUR_ADDR,
          rcv("mail.sakura-shoji.example.jp", "mail.sakura-shoji.example.jp", "203.0.113.25", "4XE0E0E0E0",
              t + datetime.timedelta(seconds=1)),
          "From: yamada@sakura-shoji.example.jp", "To: ssl@example-hosting.jp", "Date: " + rfc_date(t)]
    data = ("\n".join(hs) + "\n\n").replace("\n", "\r\n").encode()
    noise("noise-empty-no-message-id", data, None,
          "A mail with no Subject, no Message-ID, no MIME headers and an empty body (sent by mistake): unknown, message_id null.")

    t = dt(2026, 11, 30, 10, 0, 0)
    mid = "<inv-2026-1188.20261130010000@billing.office-supply.example.net>"
    pdf = (b"%PDF-1.5\n%\xb5\xed\xae\xfb\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
           b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R "
           b"/MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    hs = ["Return-Path: <billing@office-supply.example.net>", "Delivered-To: " + OUR_ADDR,
          rcv("billing.office-supply.example.net", "billing.office-supply.example.net", "198.51.100.140",
              "4X" + hexid(mid, 8), t + datetime.timedelta(seconds=2)),
          "From: " + addr("オフィスサプライ 請求係", "billing@office-supply.example.net"), "To: " + OUR_ADDR,
          "Subject: INV-2026-1188", "Date: " + rfc_date(t), "Message-ID: " + mid]
    mp = multipart("mixed", [attachment("INV-2026-1188.pdf", pdf, "application/pdf")], "----=_Part_88123_1443029.1796000400000")
    noise("noise-pdf-invoice-only", build(hs, mp), mid,
          "A supplier's mail with only a PDF invoice attached and no text at all: unknown.")

    o = O["hokuto"]
    t = dt(2026, 11, 24, 15, 12, 40)
    mid = mid_outlook("n7", "hokuto-seiki.example.co.jp")
    own = """エグザンプルホスティング
ご担当者様

お世話になっております。北斗精機の伊藤です。

来月入社する社員のメールアカウントを3件追加したいのですが、
手続きの方法を教えていただけますでしょうか。
また、メールボックスの容量を増やすことは可能でしょうか。

よろしくお願いいたします。"""
    data = outlook(o, own, t, mid, quote=False, subject="メールアカウントの追加について")
    data = data.replace(("References: %s\r\nIn-Reply-To: %s\r\n" % (o.notice_id, o.notice_id)).encode(), b"")
    noise("noise-unrelated-customer-question", data, mid,
          "A customer writes a new mail (no Re:, no In-Reply-To, no tag) about adding mail accounts, nothing about the certificate: unknown, for staff.")

    t = dt(2026, 11, 23, 4, 4, 4)
    mid = "<20261122190404.77aa@promo.example.org>"
    good = base64.b64encode("<html><body><p>Congratulations! You have been selected for an exclusive offer.</p></body></html>\r\n".encode()).decode()
    broken = good[:40] + "@@@###" + good[40:70] + "\n" + "!!!!" + good[70:]
    hs = ["Return-Path: <promo@promo.example.org>", "Delivered-To: " + OUR_ADDR,
          rcv("promo.example.org", "promo.example.org", "198.51.100.201", "4X" + hexid(mid, 8), t),
          "From: Rewards Center <promo@promo.example.org>", "To: " + OUR_ADDR,
          "Subject: =?UTF-8?B?8J+OgSBZb3UgaGF2ZSBiZWVuIHNlbGVjdGVk?=", "Date: " + rfc_date(t), "Message-ID: " + mid]
    mp = multipart("alternative", [Part(["Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: base64"],
                                        (broken + "\n").encode())], "b1_broken_" + hexid(mid, 12).lower())
    noise("noise-broken-base64-spam", build(hs, mp), mid,
          "Spam whose only HTML part has junk characters inside its base64 (decoders skip or stop at them): still just spam, unknown.")

    t = dt(2026, 11, 28, 6, 30, 0)
    mid = "<4d3c2b1a.0011@mailer.example.org>"
    body = """--WRONG_BOUNDARY_1
Content-Type: text/plain; charset=UTF-8

Hello, this part is behind a boundary the header never declared.

--WRONG_BOUNDARY_1--
"""
    hs = ["Return-Path: <news@mailer.example.org>", "Delivered-To: " + OUR_ADDR,
          rcv("mailer.example.org", "mailer.example.org", "198.51.100.202", "4X" + hexid(mid, 8), t),
          "From: news@mailer.example.org", "To: " + OUR_ADDR, "Subject: Weekly digest", "Date: " + rfc_date(t),
          "Message-ID: " + mid, "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="DECLARED_BOUNDARY"']
    data = ("\n".join(hs) + "\n\n" + body).replace("\n", "\r\n").encode()
    noise("noise-malformed-boundary-mismatch", data, mid,
          "multipart/mixed whose declared boundary never appears (the parts use another): no part can be found; a digest from an unknown sender, unknown.")

    t = dt(2026, 11, 25, 18, 5, 0)
    mid = mid_uuid("n10", "example-hosting.jp")
    text = """SSL担当各位

来週12/1（火）22時からメールサーバーのメンテナンスがあります。
その間、更新案内の自動送信は止まりますのでご承知おきください。

鈴木
"""
    hs = ["Return-Path: <staff1@example-hosting.jp>", "Delivered-To: " + OUR_ADDR,
          rcv("[10.20.0.31]", "unknown", "10.20.0.31", "4X" + hexid(mid, 8), t + datetime.timedelta(seconds=1),
              proto="ESMTPSA"),
          ar("dkim=pass (2048-bit key) header.d=example-hosting.jp header.i=@example-hosting.jp header.b=%s" % hexid(mid, 8)),
          "Message-ID: " + mid, "Date: " + rfc_date(t), "MIME-Version: 1.0", "User-Agent: Mozilla Thunderbird",
          "Content-Language: ja", "To: " + OUR_ADDR, "From: " + addr(STAFF1[0], STAFF1[1]),
          subj("メールサーバーメンテナンスのお知らせ")]
    noise("noise-staff-internal-note", build(hs, text_part(text, "UTF-8", "8bit", params="; format=flowed"),
                                             mime_version=None), mid,
          "An internal note from staff1 (not a forward) that mentions 更新案内: staff mail that forwards nothing is not a customer reply, unknown.")

    o = O["sakura"]
    t = o.notice_time
    data = (notice_headers(o).replace("Return-Path: <ssl@example-hosting.jp>\n",
                                      "Return-Path: <ssl@example-hosting.jp>\nDelivered-To: ssl@example-hosting.jp\n"
                                      "X-Original-To: ssl-archive@example-hosting.jp\n")
            .replace("To: ", "Bcc: ssl@example-hosting.jp\nTo: ", 1).encode() + b"\n" +
            b64_text(o.notice(), "UTF-8", crlf=True)).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    noise("noise-own-notice-copy", data, o.notice_id,
          "A Bcc copy of our own renewal notice (From ssl@example-hosting.jp, Auto-Submitted: auto-generated): our own address makes it neither a customer reply nor an auto-reply to us; unknown, though the subject's tag still gives the order.",
          order=o.id)


noise_cases()


# ===========================================================================

if __name__ == "__main__":
    write_all(check="--check" in sys.argv[1:])
