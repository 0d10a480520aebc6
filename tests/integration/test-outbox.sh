#!/bin/bash
# The outbox over many due mails: read a page at a time (more than one page
# goes out in one run), an SMTP server that cannot be reached (the first
# mail waits with backoff, the rest untried; exit 75), and the daily limit
# per order.
. "$(dirname "$0")/lib.sh"

C="$T/c"
run_case "$C" || { finish; exit 1; }

# 150 orders whose notices are all due on 2026-11-12 (expiry 2026-12-11)
N=150
H=$(head -1 "$TOP/fixtures/import/sample.csv")
{
	echo "$H,order_id,state"
	for i in $(seq 1 $N); do
		printf 'C%d,株式会社テスト%d,"Test %d K.K.",東京都港区芝%d-1-1,03-0000-%04d,山田 太郎,部長,user%d@test%d.example.jp,,www.test%d.example.jp,,digicert,Secure Site,ov,2026-12-11,33000,ORD-2026-%04d,scheduled\n' \
			"$i" "$i" "$i" "$i" "$i" "$i" "$i" "$i" "$((1000 + i))"
	done
} >"$T/orders.csv"
run import "$T/orders.csv" --now 2026-11-01T09:00; expect_rc 0 "import $N orders"

# SMTP cannot be reached: the first due mail waits with backoff, the rest are not tried
stop_smtp
run run --now 2026-11-12T09:00
expect_rc 75 "SMTP down: exit 75"
expect_out "$N timers fired" "the timers fire all the same"
expect_out " 0 sent, 1 deferred" "one mail tried, then the run stops sending"
expect_err "cannot be reached" "says why the rest wait"
expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*) FROM outbox WHERE state = 'pending' AND attempts = 0")" \
	"$((N - 1))" "the rest untried, nothing lost"

# SMTP back: every due mail goes out in one run, a page at a time, each once
start_smtp "$T/smtp" || { finish; exit 1; }
sed -i "s#^url=smtp://.*#url=smtp://127.0.0.1:$SMTP_PORT#" "$C/mailproc.conf"
run run --now 2026-11-12T09:01
expect_rc 0 "SMTP up"
expect_out " $((N - 1)) sent, 0 deferred" "all the untried ones sent (the deferred one waits its backoff)"
run run --now 2026-11-12T09:30
expect_rc 0 "after the backoff"; expect_out " 1 sent" "the deferred one sent"
expect_eq "$(ls "$T/smtp"/*.eml | wc -l | tr -d ' ')" "$N" "one notice per order"
expect_eq "$(grep -h '^Message-ID:' "$T/smtp"/*.eml | sort | uniq -d | wc -l | tr -d ' ')" 0 "none sent twice"
expect_eq "$(maildir_count Sent)" "$N" "each copied to Sent"

# the daily limit per order: the third mail of a day waits for the next day
sed -i "s#^\[paths\]#[workflow]\nmax_mails_per_order_per_day=2\n[paths]#" "$C/mailproc.conf"
for what in renew decline; do
	run record ORD-2026-1001 "$what" --now 2026-11-12T10:00
done
sqlite3 var/mailproc.db "SELECT count(*) FROM outbox WHERE order_id = 'ORD-2026-1001' AND state = 'pending'" >"$T/pending"
run run --now 2026-11-12T10:01
expect_rc 0 "run with the daily limit"
expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*) FROM outbox WHERE order_id = 'ORD-2026-1001' AND state = 'sent'
	AND sent_at >= strftime('%s', '2026-11-11T15:00:00')")" 2 "two mails to the order that day"
echo "test-outbox: daily limit: $(cat "$T/pending") pending for ORD-2026-1001 before the run" >&2
held=$(sqlite3 var/mailproc.db "SELECT count(*) FROM outbox WHERE order_id = 'ORD-2026-1001' AND state = 'pending'
	AND last_error = 'daily limit for the order'")
if [ "$(cat "$T/pending")" -gt 1 ]; then
	expect_eq "$held" "$(( $(cat "$T/pending") + 1 - 2 ))" "the rest held until tomorrow"
	run run --now 2026-11-13T09:00
	expect_rc 0 "the next day"
	expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*) FROM outbox WHERE order_id = 'ORD-2026-1001' AND state = 'pending'")" \
		0 "held mails sent the next day"
else
	not_ok "renew and decline queued $(cat "$T/pending") mails: the limit is not exercised"
fi
finish
