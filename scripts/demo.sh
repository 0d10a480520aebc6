#!/bin/bash
# make demo: a whole renewal cycle of one certificate through the real binary,
# a real IMAP server (Dovecot) and a real SMTP server, both started here on
# 127.0.0.1 and stopped at the end. The clock is pinned with --now; the
# customer's, the form's and the CA's mails are delivered into the mailbox as
# they would arrive, and every mail mailproc sends is shown as the SMTP server
# received it. Everything mailproc keeps lives in ./demo/.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# The integration test plays the same cycle with the sanitized binary in a
# scratch folder.
M="${MAILPROC:-$top/bin/mailproc}"
D="${MAILPROC_DEMO_DIR:-$top/demo}"
PY=/usr/bin/python3

rm -rf "$D"
mkdir -p "$D/keys" "$D/mail"
# Dovecot's processes must reach its folder: it lives under /tmp.
S=$(mktemp -d /tmp/mailproc-demo.XXXXXX)
smtp_pid=""
cleanup() {
	[ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null
	bash "$top/tests/servers/dovecot.sh" stop "$S/dovecot" >/dev/null 2>&1 || true
	rm -rf "$S"
}
trap cleanup EXIT
cd "$D"

if [ -t 1 ]; then bold='\033[1m' dim='\033[2m' plain='\033[0m'; else bold='' dim='' plain=''; fi
step() { printf "\n${bold}== %s${plain}\n" "$*"; }
say() { printf '$ mailproc %s\n' "$*"; "$M" "$@"; }
seen_mails=0
# Show each mail the SMTP server received since the last call.
show_sent() {
	local f n=0
	for f in $(ls "$S/smtp"/*.eml 2>/dev/null | sort); do
		n=$((n + 1))
		[ "$n" -le "$seen_mails" ] && continue
		"$PY" - "$f" <<'EOF'
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
print("  >> mail to %s: %s" % (m["To"], m["Subject"]))
body = m.get_body(("plain",))
text = body.get_content() if body else ""
# past the address lines and the greeting, to what the mail says
lines = [l for l in text.splitlines() if l.strip()]
for line in lines[4:9]:
    print("     | " + line)
att = [p.get_filename() for p in m.iter_attachments()]
if att:
    print("     | attached: " + ", ".join(att))
EOF
	done
	seen_mails=$n
}
notice_id() { # the Message-ID of the last mail of a template sent for the order
	sqlite3 var/mailproc.db "SELECT message_id FROM outbox WHERE order_id='ORD-2026-0001' AND template='$1' ORDER BY id DESC LIMIT 1"
}
deliver() { bash "$top/tests/servers/dovecot.sh" deliver "$S/dovecot" "$@"; }

# --- the servers --------------------------------------------------------------
out=$(bash "$top/tests/servers/dovecot.sh" start "$S/dovecot")
IMAPS_PORT=$(printf '%s\n' "$out" | sed -n 's/.*IMAPS_PORT=\([0-9]*\).*/\1/p')
IMAP_CA=$(printf '%s\n' "$out" | sed -n 's/.* CA=\(.*\)$/\1/p')
mkdir -p "$S/smtp"
"$PY" "$top/tests/servers/smtp_server.py" --host 127.0.0.1 --port-file "$S/smtp.port" --store "$S/smtp" \
	>"$S/smtp.log" 2>&1 &
smtp_pid=$!
for _ in $(seq 1 100); do [ -s "$S/smtp.port" ] && break; sleep 0.1; done
SMTP_PORT=$(cat "$S/smtp.port")

# A test CA stands in for DigiCert.
"$top/scripts/test-pki.sh" init "$D/pki"
cp "$top/fixtures/demo/customers.csv" "$D/customers.csv"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$D/keys/sakura.key" 2>/dev/null

cat >"$D/mailproc.conf" <<CONF
[mailbox]
imap_url=imaps://127.0.0.1:$IMAPS_PORT/INBOX
user=ssl
ca_file=$IMAP_CA
[smtp]
url=smtp://127.0.0.1:$SMTP_PORT
tls=none
from=ssl@example-hosting.jp
from_name=Example Hosting SSL
[company]
name=Example Hosting
info_address=info@example-hosting.jp
staff=staff@example-hosting.jp
form_url=https://www.example-hosting.jp/ssl/renew
form_from=noreply-form@www.example-hosting.jp
[trust]
authserv_id=mx.example-hosting.jp
roots=pki/root.pem
[paths]
db=var/mailproc.db
templates=$top/templates
CONF
export MAILPROC_CONFIG="$D/mailproc.conf" MAILPROC_IMAP_PASSWORD=test-password

step "Set up: database and customers (Dovecot on 127.0.0.1:$IMAPS_PORT, SMTP on 127.0.0.1:$SMTP_PORT)"
say init
say import customers.csv --now 2026-11-01T09:00
say orders --now 2026-11-01T09:00

step "2026-11-10: the cron run finds the renewal notice due (30 days before 2026-12-10) and sends it"
say run --now 2026-11-10T09:00
show_sent

step "2026-11-11: the customer replies 更新します without the form: answered once with the form link"
cat >mail/reply.eml <<EOF
From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@sakura-shoji.example.jp>
To: ssl@example-hosting.jp
Subject: Re: [ORD-2026-0001] SSL certificate renewal
Date: Wed, 11 Nov 2026 10:12:00 +0900
Message-ID: <reply-1@sakura-shoji.example.jp>
In-Reply-To: $(notice_id notice)
References: $(notice_id notice)
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

お世話になっております。さくら商事の山田です。
今年も更新します。よろしくお願いいたします。

> 更新される場合は、専用フォームから申請情報を送信してください。
> 更新されない場合は、このメールの返信で更新しない旨をお伝えください。
EOF
deliver mail/reply.eml
say run --now 2026-11-11T10:15
show_sent

step "2026-11-12: the application form arrives from the site, same organization: accepted"
{
	printf 'From: SSL renewal form <noreply-form@www.example-hosting.jp>\nTo: ssl@example-hosting.jp\n'
	printf 'Subject: =?UTF-8?B?U1NM6Ki85piO5pu45pu05paw55Sz6KuL?=\nDate: Thu, 12 Nov 2026 14:30:00 +0900\n'
	printf 'Message-ID: <form-20261112-1430@www.example-hosting.jp>\nMIME-Version: 1.0\n'
	printf 'Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n'
	cat "$top/fixtures/demo/form.txt"
} >mail/form.eml
deliver mail/form.eml
say run --now 2026-11-12T14:35
show_sent

step "2026-11-13: staff make the key and CSR, and place the order at the CA"
say csr ORD-2026-0001 --locality Chiyoda-ku --now 2026-11-13T10:30 >/dev/null
echo "(CSR written to var/keys/ORD-2026-0001.csr; the key stays in var/keys, mode 0600)"
say applied ORD-2026-0001 --ca-order 12345678 --now 2026-11-13T11:00

step "2026-11-16: the CA asks the applicant to approve (DKIM verified by our MX): the customer is told"
cat >mail/approval.eml <<'EOF'
Authentication-Results: mx.example-hosting.jp; dkim=pass header.d=digicert.com; dmarc=pass header.from=digicert.com
From: DigiCert <no-reply@digicert.com>
To: yamada@sakura-shoji.example.jp, ssl@example-hosting.jp
Subject: SSL Certificate order requires approval
Date: Mon, 16 Nov 2026 00:40:00 +0000
Message-ID: <approval-12345678@digicert.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hello,

An SSL certificate order for your organization requires approval.

Order #: 12345678
Common Name: www.sakura-shoji.example.jp
Product: Secure Site OV

Approve or reject this order:
https://www.digicert.com/secure/approve/0a1b2c3d4e5f

DigiCert Validation Team
EOF
deliver mail/approval.eml
say run --now 2026-11-16T09:45
show_sent

step "2026-11-18: no certificate two business days later: approval reminder"
say run --now 2026-11-18T09:00
show_sent

step "2026-11-19: the CA mails the certificate; it counts only after its chain, key and names verify"
"$top/scripts/test-pki.sh" issue "$D/pki" "$D/var/keys/ORD-2026-0001.csr" 20261119000000Z 20270606235959Z \
	"$D/issued.pem" www.sakura-shoji.example.jp sakura-shoji.example.jp
"$PY" - "$D/issued.pem" "$D/pki/inter.pem" "$D/pki/root.pem" >mail/issued.eml <<'EOF'
import sys
from email.message import EmailMessage
m = EmailMessage()
m["Authentication-Results"] = "mx.example-hosting.jp; dkim=pass header.d=digicert.com"
m["From"] = "DigiCert <no-reply@digicert.com>"
m["To"] = "yamada@sakura-shoji.example.jp, ssl@example-hosting.jp"
m["Subject"] = "Your certificate for www.sakura-shoji.example.jp is ready"
m["Date"] = "Thu, 19 Nov 2026 01:05:00 +0000"
m["Message-ID"] = "<issued-12345678@digicert.com>"
m.set_content("Your SSL certificate has been issued.\nOrder #: 12345678\n")
for path, name in zip(sys.argv[1:], ["www_sakura-shoji_example_jp.crt", "DigiCertCA.crt", "TrustedRoot.crt"]):
    m.add_attachment(open(path, "rb").read(), maintype="application", subtype="x-x509-ca-cert", filename=name)
sys.stdout.write(m.as_string())
EOF
deliver mail/issued.eml
say run --now 2026-11-19T10:05

step "2026-11-19: installed; mailproc checks over TLS that the server serves it, then reports with the ZIP"
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -cert "$D/issued.pem" -key "$D/var/keys/ORD-2026-0001.key" \
	-cert_chain "$D/pki/inter.pem" -quiet -www >/dev/null 2>&1 &
tls_pid=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
say installed ORD-2026-0001 --check "127.0.0.1:$port" --now 2026-11-19T16:00
kill "$tls_pid" 2>/dev/null || true
say run --now 2026-11-19T16:05
show_sent

step "2026-12-20: the invoice is past due (30 days): payment reminder"
say run --now 2026-12-20T09:00
show_sent

step "2026-12-22: payment received: paid, and the next cycle is scheduled"
say paid ORD-2026-0001 --now 2026-12-22T10:00

step "The order's story"
say show ORD-2026-0001 --now 2026-12-22T10:00

step "All orders"
say orders --now 2026-12-22T10:00
printf "\n${dim}The mailbox now: %s mails in Processed, %s waiting for staff, %s mails sent (copies in Sent).${plain}\n" \
	"$(find "$S/dovecot/home/ssl/Maildir/.Processed" -path '*/cur/*' -o -path '*/new/*' 2>/dev/null | wc -l)" \
	"$(sqlite3 var/mailproc.db "SELECT count(*) FROM messages WHERE outcome='needs_staff'")" \
	"$(sqlite3 var/mailproc.db "SELECT count(*) FROM outbox WHERE state='sent'")"
