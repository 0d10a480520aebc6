#!/bin/bash
# A whole renewal cycle through the real binary and its database (the demo's
# script), then the traps around it: a forged certificate, a changed
# organization, a phishing approval link, a late form.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
MAILPROC_DEMO_DIR="$D" bash "$TOP/scripts/demo.sh" >"$T/demo.out" 2>&1
rc=$?
expect_rc 0 "demo script"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/demo.out"; then
	not_ok "sanitizer report in the demo"; grep -A20 -E 'Sanitizer|runtime error' "$T/demo.out" >&2
else ok; fi

export MAILPROC_CONFIG="$D/mailproc.conf"
cd "$D"

run show ORD-2026-0001
expect_out "State +paid" "cycle ends paid"
# the timeline, in order, each state once
states=$(sed -n '/^Timeline/,/^Mails/p' "$T/out" | grep -oE '(-> [a-z_]+|\([a-z_]+\))' | tr '\n' ' ')
expect_eq "$states" "-> scheduled -> notice_sent (notice_sent) -> requested -> accepted (accepted) -> applied -> awaiting_approval (awaiting_approval) -> issued -> installed -> reported (reported) -> paid " "timeline states"
mails=$(sed -n '/^Mails/,$p' "$T/out" | awk 'NF >= 4 && $1 ~ /^20/ {print $3}' | tr '\n' ' ')
expect_eq "$mails" "notice form_link acceptance approval_request approval_reminder install_report payment_reminder " "mails queued"
expect_out "New expiry +2027-06-07" "new expiry from the certificate"
run orders --state scheduled
expect_out "ORD-2026-0003 +www.sakura-shoji.example.jp +scheduled +2027-05-07 notice due" "next cycle scheduled from the new expiry"

# the issued certificate's files for staff
crt="$D/var/certs/ORD-2026-0001/www.sakura-shoji.example.jp.crt"
if [ -f "$crt" ] && [ -f "$D/var/certs/ORD-2026-0001/chain.pem" ]; then ok; else not_ok "certificate files not stored under paths.certs"; fi
expect_eq "$(openssl x509 -in "$crt" -noout -fingerprint -sha256 2>/dev/null | tr -d ':' | cut -d= -f2 | tr A-F a-f)" \
	"$(sed -n 's/^Issued *sha256://p' <<<"$("$MAILPROC" show ORD-2026-0001)")" "stored leaf is the issued certificate"

# every transition recorded once
n=$(sqlite3 var/mailproc.db "SELECT count(*) FROM transitions WHERE order_id='ORD-2026-0001'")
expect_eq "$n" 14 "transitions of the cycle"
dups=$(sqlite3 var/mailproc.db "SELECT count(*) FROM (SELECT from_state, to_state, note FROM transitions WHERE order_id='ORD-2026-0001' GROUP BY 1,2,3 HAVING count(*) > 1)")
expect_eq "$dups" 0 "no transition twice"
if grep -q 'PRIVATE' var/mailproc.db; then not_ok "a private key reached the database"; else ok; fi
expect_eq "$(sqlite3 var/mailproc.db "SELECT json_extract(application, '$.org_name') FROM orders WHERE id='ORD-2026-0001'")" "株式会社さくら商事" "application stored"
if sqlite3 var/mailproc.db "SELECT application FROM orders" | grep -q '変更なし'; then not_ok "password field stored in clear"; else ok; fi

# a second run changes nothing
run run --no-mail --now 2026-12-22T10:10; expect_out "1 timers fired" "the other order's notice is due"
run run --no-mail --now 2026-12-22T10:15; expect_out " 0 timers fired" "rerun fires nothing"

# --- traps on the second order (sectigo, no key on record) ------------------
run record ORD-2026-0002 renew --now 2026-12-22T11:00
expect_rc 0 "renew reply on second order"
# a form from another organization -> new application, staff alerted
sed -e 's/株式会社さくら商事/株式会社さくら商事ホールディングス/' -e 's/www.sakura-shoji.example.jp/shop.minato-kobo.example.jp/' \
	-e '/追加ドメイン/d' "$TOP/fixtures/demo/form.txt" >"$T/form-other-org.txt"
run record ORD-2026-0002 form --file "$T/form-other-org.txt" --now 2026-12-22T12:00
expect_rc 0 "changed organization recorded"
expect_out "requested -> new_application" "changed organization -> new application"
expect_out "mail queued: staff_alert to staff" "staff alerted"
run orders --state new_application; expect_out "ORD-2026-0002" "order is new_application"

# a form for another domain is refused before the workflow
run record ORD-2026-0003 form --file "$TOP/fixtures/demo/form.txt" --now 2026-12-22T12:00
expect_rc 65 "form in scheduled refused"

# forged and wrong certificates never move an order
"$TOP/scripts/test-pki.sh" init "$T/evil" >/dev/null 2>&1
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/other.key" 2>/dev/null
cat >"$T/late.csv" <<CSV
customer_id,org_name,org_name_en,address,phone,contact_name,contact_title,contact_email,tech_email,domain,sans,ca,product,validation,not_after,price_jpy,order_id,state,key_file
C0009,株式会社テスト,Test K.K.,東京都港区1-1-1,03-0000-0000,山田 次郎,部長,jiro@test.example.jp,,www.test.example.jp,,digicert,Secure Site,ov,2027-01-31,33000,ORD-2026-0100,applied,$D/keys/sakura.key
CSV
run import "$T/late.csv" --now 2026-12-22T09:00; expect_rc 0 "import an order under way"
expect_out "order ORD-2026-0100: added for www.test.example.jp, applied" "imported in applied"
"$TOP/scripts/test-pki.sh" issue "$T/evil" "$D/keys/sakura.key" 20261201000000Z 20270601000000Z "$T/evil.pem" www.test.example.jp >/dev/null 2>&1
run record ORD-2026-0100 issued --file "$T/evil.chain.pem" --now 2026-12-22T13:00
expect_rc 65 "certificate from an untrusted CA refused"; expect_err "chain" "untrusted chain named"
"$TOP/scripts/test-pki.sh" issue "$D/pki" "$T/other.key" 20261201000000Z 20270601000000Z "$T/otherkey.pem" www.test.example.jp >/dev/null 2>&1
run record ORD-2026-0100 issued --file "$T/otherkey.chain.pem" --now 2026-12-22T13:00
expect_rc 65 "certificate for another key refused"; expect_err "key" "key mismatch named"
"$TOP/scripts/test-pki.sh" issue "$D/pki" "$D/keys/sakura.key" 20261201000000Z 20270601000000Z "$T/wrongname.pem" www.evil.example.jp >/dev/null 2>&1
run record ORD-2026-0100 issued --file "$T/wrongname.chain.pem" --now 2026-12-22T13:00
expect_rc 65 "certificate for another name refused"; expect_err "names" "name mismatch named"
run show ORD-2026-0100; expect_out "State +applied" "refused certificates left the order applied"

# a phishing approval link is not repeated to the customer
run record ORD-2026-0100 approval --url 'https://digicert.com.evil.example/approve' --now 2026-12-22T14:00
expect_rc 65 "approval link off the CA's domain refused"
run record ORD-2026-0100 approval --url 'https://www.digicert.com/approve/xyz' --now 2026-12-22T14:00
expect_rc 0 "approval link on the CA's domain"

# the good certificate moves it
"$TOP/scripts/test-pki.sh" issue "$D/pki" "$D/keys/sakura.key" 20261201000000Z 20270601000000Z "$T/good.pem" www.test.example.jp >/dev/null 2>&1
run record ORD-2026-0100 issued --file "$T/good.chain.pem" --now 2026-12-22T15:00
expect_rc 0 "good certificate"; expect_out "awaiting_approval -> issued" "issued"
run record ORD-2026-0100 issued --file "$T/good.chain.pem" --now 2026-12-22T15:05
expect_rc 0 "same certificate again is harmless"; expect_out "same certificate" "noted as repeated"

finish
