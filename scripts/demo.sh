#!/bin/sh
# make demo: a whole renewal cycle of one certificate, played through the real
# binary and its database with the clock pinned, printing each step, the
# order's timeline and the mails it queued. Everything lives in ./demo/.
#
# At this stage the customer's mails and the CA's are recorded with
# `mailproc record` (what staff do when a customer phones); the local IMAP and
# SMTP servers join the demo when mail polling and sending are built.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# The integration test plays the same cycle with the sanitized binary in a
# scratch folder.
M="${MAILPROC:-$top/bin/mailproc}"
D="${MAILPROC_DEMO_DIR:-$top/demo}"

rm -rf "$D"
mkdir -p "$D/keys"
cd "$D"

if [ -t 1 ]; then bold='\033[1m' plain='\033[0m'; else bold='' plain=''; fi
step() { printf "\n${bold}== %s${plain}\n" "$*"; }
say() { printf '$ mailproc %s\n' "$*"; "$M" "$@"; }

# A test PKI stands in for the CA; the order's key stands in for the one
# staff made for the CSR.
"$top/scripts/test-pki.sh" init "$D/pki"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$D/keys/sakura.key" 2>/dev/null
chmod 600 "$D/keys/sakura.key"
cp "$top/fixtures/demo/customers.csv" "$D/customers.csv"

cat >"$D/mailproc.conf" <<CONF
[mailbox]
imap_url=imaps://127.0.0.1:993/INBOX
user=ssl
[smtp]
url=smtp://127.0.0.1:587
from=ssl@example-hosting.jp
from_name=Example Hosting SSL
[company]
name=Example Hosting
info_address=info@example-hosting.jp
staff=staff@example-hosting.jp
form_url=https://www.example-hosting.jp/ssl/renew
[trust]
authserv_id=mx.example-hosting.jp
roots=pki/root.pem
[paths]
db=var/mailproc.db
CONF
export MAILPROC_CONFIG="$D/mailproc.conf"

step "Set up: database and customers"
say init
say import customers.csv --now 2026-11-01T09:00
say orders --now 2026-11-01T09:00

step "2026-11-10: the cron run finds the renewal notice due (30 days before 2026-12-10)"
say run --no-mail --now 2026-11-10T09:00

step "2026-11-11: the customer replies \"更新します\" without the form: answered once with the form link"
say record ORD-2026-0001 renew --message-id '<reply-1@sakura-shoji.example.jp>' --now 2026-11-11T10:12

step "2026-11-12: the application form arrives, same organization: accepted"
say record ORD-2026-0001 form --file "$top/fixtures/demo/form.txt" --now 2026-11-12T14:30

step "2026-11-13: staff made the CSR and placed the order at the CA"
say applied ORD-2026-0001 --ca-order 12345678 --now 2026-11-13T11:00

step "2026-11-16: the CA asks the applicant to approve"
say record ORD-2026-0001 approval --url 'https://www.digicert.com/approve/0a1b2c3d' --ca-order 12345678 --now 2026-11-16T09:40

step "2026-11-18: no certificate yet, two business days later: approval reminder"
say run --no-mail --now 2026-11-18T09:00

step "2026-11-19: the CA issues the certificate (test CA), verified before it counts"
"$top/scripts/test-pki.sh" issue "$D/pki" "$D/keys/sakura.key" 20261119000000Z 20270606235959Z \
	"$D/issued.pem" www.sakura-shoji.example.jp sakura-shoji.example.jp
say record ORD-2026-0001 issued --file issued.chain.pem --now 2026-11-19T10:05

step "2026-11-19: staff installed it: install report with the ZIP and the invoice"
say installed ORD-2026-0001 --now 2026-11-19T16:00

step "2026-12-20: the invoice is past due (30 days): payment reminder"
say run --no-mail --now 2026-12-20T09:00

step "2026-12-22: payment received: paid, and the next cycle is scheduled"
say paid ORD-2026-0001 --now 2026-12-22T10:00

step "2026-12-22: the next cron run sends the other customer's notice (due 2026-12-21)"
say run --no-mail --now 2026-12-22T10:05

step "The order's story"
say show ORD-2026-0001 --now 2026-12-22T10:00

step "All orders"
say orders --now 2026-12-22T10:00
