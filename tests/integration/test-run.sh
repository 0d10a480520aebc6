#!/bin/bash
# `mailproc run` against real servers on 127.0.0.1: Dovecot (IMAPS) and an
# SMTP server that stores what it gets. Mails are delivered, decided, moved;
# replies are sent once; a second run changes nothing; a server that is down
# makes the run exit 75 and the next one carry on.
. "$(dirname "$0")/lib.sh"

C="$T/c"
run_case "$C" || { finish; exit 1; }
H=$(head -1 "$TOP/fixtures/import/sample.csv")
cat >"$T/orders.csv" <<CSV
$H,order_id,state,notice_message_id
C1,株式会社さくら商事,"Sakura Shoji Co., Ltd.",東京都千代田区丸の内1-2-3,03-1234-5678,山田 太郎,部長,yamada@sakura-shoji.example.jp,,www.sakura-shoji.example.jp,,digicert,Secure Site,ov,2026-12-10,33000,ORD-2026-0012,notice_sent,<ORD-2026-0012.notice.1a2b3c4d@example-hosting.jp>
CSV
run import "$T/orders.csv" --now 2026-11-01T09:00; expect_rc 0 "import"

F="$TOP/fixtures/mail"
auto=$(ls "$F" | grep '^auto-' | head -1)
spam=$(ls "$F" | grep '^noise-' | head -1)
deliver "$F/reply-renew-outlook-iso2022jp.eml" "$F/$auto" "$F/$spam" "$F/reply-unclear-shouchi-only.eml"
expect_eq "$(maildir_count INBOX)" 4 "four mails delivered"

# a dry run says what it would do and changes nothing
run run --dry-run --now 2026-11-12T10:00
expect_rc 0 "dry run"
expect_out "run \(dry run\): 4 new" "the dry run sees the four mails"
expect_out "form_link" "and the reply it would send"
expect_eq "$(maildir_count INBOX)" 4 "the dry run moved nothing"
expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*) FROM messages")" 0 "the dry run recorded nothing"
expect_eq "$(ls "$T/smtp" | wc -l | tr -d ' ')" 0 "the dry run sent nothing"
if [ -d var/mail ] && [ -n "$(ls var/mail)" ]; then not_ok "the dry run kept mails"; else ok; fi

run run --now 2026-11-12T10:00
expect_rc 0 "run"
expect_out "4 new" "four new mails"
expect_eq "$(maildir_count INBOX)" 0 "inbox emptied"
expect_eq "$(( $(maildir_count Processed) + $(maildir_count Needs-Staff) + $(maildir_count Rejected) ))" 4 \
	"every mail in exactly one folder"
expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*) FROM messages")" 4 "every outcome recorded"
run show ORD-2026-0012
expect_out "form_link +sent" "the renew reply was answered with the form link"
# what the SMTP server received: one form link to the customer, threaded
n=$(grep -l "yamada@sakura-shoji.example.jp" "$T/smtp"/*.json 2>/dev/null | wc -l)
expect_eq "$n" 1 "one mail to the customer"
m=$(grep -l "yamada@sakura-shoji.example.jp" "$T/smtp"/*.json | head -1)
eml="${m%.json}.eml"
if grep -q "^In-Reply-To: <" "$eml" && grep -q "^Auto-Submitted: auto-replied" "$eml" && grep -q "ORD-2026-0012" "$eml"; then
	ok
else
	not_ok "the reply lacks threading, Auto-Submitted or the order tag"; head -30 "$eml" >&2
fi
expect_eq "$(maildir_count Sent)" "$(ls "$T/smtp"/*.eml | wc -l)" "a copy of each sent mail in Sent"
# staff hear of every mail that waits for them in one alert per run
waiting=$(sqlite3 var/mailproc.db "SELECT count(*) FROM messages WHERE outcome='needs_staff'")
alerts=$(grep -l "staff1@example-hosting.jp" "$T/smtp"/*.json | wc -l)
expect_eq "$alerts" 1 "one staff alert for the $waiting mails that need staff"
if [ "$waiting" -gt 1 ]; then
	expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*) FROM outbox WHERE template = 'staff_alert'
		AND note LIKE '$waiting mails need a decision.%'")" 1 "the alert lists them"
fi

# nothing is sent in answer to the auto-reply; the unclear one waits for staff
run queue; expect_rc 0 "queue"
expect_out "reply-unclear|unclear" "the unclear reply is queued"
before=$(ls "$T/smtp"/*.eml | wc -l)

# a second run: nothing new, nothing sent twice
run run --now 2026-11-12T10:05
expect_rc 0 "second run"; expect_out "0 new" "nothing new"
expect_eq "$(ls "$T/smtp"/*.eml | wc -l)" "$before" "nothing sent twice"

# staff decide the queued mail
mid=$(sqlite3 var/mailproc.db "SELECT message_id FROM messages WHERE outcome='needs_staff' AND subject LIKE '%ORD-2026-0012%' LIMIT 1")
if [ -n "$mid" ]; then
	run resolve "$mid" --order ORD-2026-0012 --as ignore; expect_rc 0 "resolve ignore"
fi

# a re-delivered copy of an old mail is not processed twice
deliver "$F/reply-renew-outlook-iso2022jp.eml"
run run --now 2026-11-12T10:10
expect_rc 0 "run with a copy"
expect_out "1 new, 1 processed" "copy handled"
expect_eq "$(ls "$T/smtp"/*.eml | wc -l)" "$before" "the copy caused no mail"
mark=$(sqlite3 var/mailproc.db "SELECT uidvalidity || ' ' || last_uid FROM mailbox_state WHERE folder = 'INBOX'")
read -r validity last_uid <<<"$mark"
expect_eq "$(sqlite3 var/mailproc.db "SELECT max(uid) FROM messages WHERE uidvalidity = $validity")" "$last_uid" \
	"the mark of what is decided is the highest UID decided"

# the server renumbers the folder (a new UIDVALIDITY): every mail in it is new
# again, and the copy of a mail handled before is known by its Message-ID
deliver "$F/reply-renew-outlook-iso2022jp.eml"
doveadm -c "$DOVECOT_DIR/dovecot.conf" mailbox update -u ssl --uid-validity $((validity + 1000)) INBOX
run run --now 2026-11-12T10:11 --verbose
expect_rc 0 "run after a new UIDVALIDITY"
expect_err "new UIDVALIDITY" "says the folder was renumbered"
expect_out "1 new, 1 processed" "the copy is known by its Message-ID"
expect_eq "$(sqlite3 var/mailproc.db "SELECT uidvalidity FROM mailbox_state WHERE folder = 'INBOX'")" \
	"$((validity + 1000))" "the mark starts over under the new UIDVALIDITY"
expect_eq "$(ls "$T/smtp"/*.eml | wc -l)" "$before" "nothing sent for it"

# a mail of several megabytes is fetched in pieces and decided like any other
spam=$(ls "$F" | grep '^noise-' | head -1)
{ sed 's/^Message-ID:.*/Message-ID: <big-1@test.invalid>/I' "$F/$spam"
  for i in $(seq 1 50000); do echo "padding line $i of a big mail ......................"; done; } >"$T/big.eml"
deliver "$T/big.eml"
run run --now 2026-11-12T10:11:30 --verbose
expect_rc 0 "run with a big mail"; expect_out "1 new" "the big mail decided"
expect_err "bytes=[0-9]+ in pieces" "fetched in pieces"
expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*) FROM messages WHERE message_id = '<big-1@test.invalid>'")" 1 \
	"its outcome recorded"
expect_eq "$(maildir_count INBOX)" 0 "and moved"

# a CA's approval request staff must place: kept whole outside the database,
# and read again when staff say which order it is for
cat >"$T/applied.csv" <<CSV
$H,order_id,state
C2,株式会社かえで,Kaede K.K.,東京都港区芝1-1-1,03-2222-3333,佐藤 花子,課長,sato@kaede.example.jp,,www.kaede.example.jp,,digicert,Secure Site,ov,2026-12-20,33000,ORD-2026-0013,applied
CSV
run import "$T/applied.csv" --now 2026-11-12T10:11; expect_rc 0 "import an applied order"
deliver "$F/approval-digicert-dkim-pass.eml"
run run --now 2026-11-12T10:12
expect_rc 0 "run with the approval request"; expect_out "1 for staff" "the approval request waits for staff"
mid=$(sqlite3 var/mailproc.db "SELECT message_id FROM messages WHERE kind = 'approval_notice'")
kept=$(sqlite3 var/mailproc.db "SELECT raw_file || ' ' || raw_offset || ' ' || raw_size FROM messages WHERE kind = 'approval_notice'")
read -r kept_file kept_offset kept_size <<<"$kept"
expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*) FROM messages WHERE raw IS NOT NULL")" 0 "no mail in the database itself"
if [ -f "var/mail/$kept_file" ] && [ "$kept_size" = "$(wc -c <"$F/approval-digicert-dkim-pass.eml" | tr -d ' ')" ] &&
	cmp -s <(tail -c "+$((kept_offset + 1))" "var/mail/$kept_file" | head -c "$kept_size") "$F/approval-digicert-dkim-pass.eml"; then
	ok
else
	not_ok "the mail for staff is not kept whole in var/mail ($kept)"
fi
mv "var/mail/$kept_file" "$T/kept.eml"
run resolve "$mid" --order ORD-2026-0013 --as approval --now 2026-11-12T10:13
expect_rc 65 "the kept mail gone: refused"; expect_err "kept mail" "says the kept mail is missing"
mv "$T/kept.eml" "var/mail/$kept_file"
run resolve "$mid" --order ORD-2026-0013 --as approval --now 2026-11-12T10:13
expect_rc 0 "resolve as the approval request of another order"
expect_out "applied -> awaiting_approval" "the kept mail moved the order"
run show ORD-2026-0013
expect_out "https://www.digicert.com/secure/approve/5f3e9c1a7b2d4e8f9a0b1c2d3e4f5a6b" "the link read from the kept mail"
before=$(ls "$T/smtp"/*.eml | wc -l)

# the IMAP server is down: exit 75, nothing lost; back up: the next run goes on
deliver "$F/reply-unclear-considering.eml"
bash "$TOP/tests/servers/dovecot.sh" stop "$DOVECOT_DIR" >/dev/null 2>&1
run run --now 2026-11-12T10:15
expect_rc 75 "server down exits 75"
expect_err "mailbox" "says the mailbox is the problem"
bash "$TOP/tests/servers/dovecot.sh" start "$DOVECOT_DIR" >"$T/restart.out" 2>&1 || not_ok "restart Dovecot"
# the restart may pick new ports
IMAPS_PORT=$(sed -n 's/.*IMAPS_PORT=\([0-9]*\).*/\1/p' "$T/restart.out")
IMAP_CA=$(sed -n 's/.* CA=\(.*\)$/\1/p' "$T/restart.out")
use_dovecot "$C/mailproc.conf"
run run --now 2026-11-12T10:20
expect_rc 0 "next run carries on"; expect_out "1 new" "the waiting mail is handled"
expect_eq "$(maildir_count INBOX)" 0 "inbox empty again"

# SMTP answering 451 then 250: sent once
stop_smtp
start_smtp "$T/smtp2" --fail-first 1 --fail-code 451 || true
sed -i "s#^url=smtp://.*#url=smtp://127.0.0.1:$SMTP_PORT#" "$C/mailproc.conf"
run record ORD-2026-0012 decline --now 2026-11-13T09:00
expect_rc 0 "a decline queues a confirmation"
run run --now 2026-11-13T09:01
expect_rc 75 "451: try again later"; expect_out "1 deferred" "deferred"
run run --now 2026-11-13T10:00
expect_rc 0 "250 on retry"; expect_out "1 sent" "sent"
expect_eq "$(ls "$T/smtp2"/*.eml 2>/dev/null | wc -l)" 1 "delivered exactly once"
finish
