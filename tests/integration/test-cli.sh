#!/bin/bash
# The command line: init, config errors, import, orders, show, staff commands.
. "$(dirname "$0")/lib.sh"

cd "$T"

# --help everywhere, usage errors
run --help; expect_rc 0 "--help"; expect_out "Commands:" "--help lists commands"
for c in init import run orders show record applied installed paid; do
	run "$c" --help; expect_rc 0 "$c --help"; expect_out "mailproc $c" "$c --help names itself"
done
run frobnicate; expect_rc 64 "unknown command"
run; expect_rc 64 "no command"
run orders --bogus; expect_rc 64 "unknown option"

# init writes a sample config that loads, and is safe to run twice
mkdir fresh && cd fresh
run init; expect_rc 0 "init"; expect_out "sample configuration" "init wrote a sample"
[ -f mailproc.conf ] && ok || not_ok "init: no mailproc.conf"
[ -f var/mailproc.db ] && ok || not_ok "init: no database"
expect_eq "$(stat -c %a var/keys)" 700 "key folder is private"
run init; expect_rc 0 "init twice"; expect_no_out "sample configuration" "second init keeps the config"
cd "$T"

# configuration errors exit 78 and name section and key
write_config "$T/bad"
sed -i '/^from=/d' "$T/bad/mailproc.conf"
run orders --config "$T/bad/mailproc.conf"; expect_rc 78 "missing key"; expect_err "\[smtp\] from" "missing key named"
write_config "$T/bad"
sed -i 's/^url=smtp:.*/url=smtp:\/\/127.0.0.1:587\ntls=sometimes/' "$T/bad/mailproc.conf"
run orders --config "$T/bad/mailproc.conf"; expect_rc 78 "bad value"; expect_err "\[smtp\] tls" "bad value named"
write_config "$T/bad"
printf 'password=hunter2\n' >>"$T/bad/mailproc.conf"
run orders --config "$T/bad/mailproc.conf"; expect_rc 78 "password in config"; expect_err "password_file" "password refused"
if grep -q hunter2 "$T/err"; then not_ok "password echoed"; else ok; fi
run orders --config "$T/nothere.conf"; expect_rc 78 "missing config"

# a configured place without a database
write_config "$T/c"
export MAILPROC_CONFIG="$T/c/mailproc.conf"
run orders; expect_rc 65 "no database yet"; expect_err "mailproc init" "no database says init"
run init; expect_rc 0 "init with config"

# import: all or nothing, line numbers, idempotent
cat >"$T/bad.csv" <<'CSV'
customer_id,org_name,org_name_en,address,phone,contact_name,contact_title,contact_email,tech_email,domain,sans,ca,product,validation,not_after,price_jpy
C1,株式会社テスト,Test K.K.,東京都,03-0000-0000,山田,部長,yamada@test.example.jp,,www.test.example.jp,,digicert,Secure Site,ov,2026-12-10,33000
C2,株式会社二番,"Second, Inc.",大阪府,06-0000-0000,佐藤,,sato-at-example,,www.second.example.jp,,verisign,,ov,2026-13-01,3万
CSV
run import "$T/bad.csv"; expect_rc 65 "bad import"
expect_err "line 3: contact_email" "bad e-mail with line"
expect_err "line 3: ca" "bad ca with line"
expect_err "line 3: not_after" "bad date with line"
expect_err "line 3: price_jpy" "bad price with line"
expect_err "nothing imported" "says nothing imported"
run orders; expect_rc 0 "orders after failed import"
expect_eq "$(wc -l <"$T/out")" 0 "failed import added nothing"

run import --now 2026-11-01T09:00 "$TOP/fixtures/import/sample.csv"; expect_rc 0 "import"
expect_out "order ORD-2026-0001: added" "import added an order"
run import "$TOP/fixtures/import/sample.csv"; expect_rc 0 "re-import"
expect_eq "$(cat "$T/out")" "no changes" "re-import changes nothing"

run orders --now 2026-11-01T09:00; expect_rc 0 "orders"
expect_eq "$(wc -l <"$T/out")" 3 "three orders"
expect_out "ORD-2026-0001 +www.sakura-shoji.example.jp +scheduled +2026-11-10 notice due" "orders line"
run orders --state lapsed; expect_eq "$(wc -l <"$T/out")" 0 "state filter"
run orders --state nonsense; expect_rc 64 "bad state"

# timers through run; lock; dry run changes nothing
run run --no-mail --dry-run --now 2026-11-10T09:00; expect_rc 0 "dry run"
expect_out "notice_due would fire" "dry run tells"
run orders --state notice_sent; expect_eq "$(wc -l <"$T/out")" 0 "dry run changed nothing"
exec 9>"$T/c/var/mailproc.db.lock"; flock 9
run run --no-mail --now 2026-11-10T09:00; expect_rc 75 "locked run exits 75"; expect_err "another run" "lock message"
flock -u 9; exec 9>&-
run run --no-mail --now 2026-11-10T09:00; expect_rc 0 "run"
expect_out "scheduled -> notice_sent" "notice sent"
run run --no-mail --now 2026-11-10T09:10; expect_out " 0 timers fired" "timer fires once"

# customer events and staff commands; illegal ones refused and change nothing
run paid ORD-2026-0001; expect_rc 65 "paid refused in notice_sent"; expect_err "notice_sent" "refusal names state"
run show ORD-2026-0001; expect_out "State +notice_sent" "refused paid changed nothing"
run record ORD-2026-0001 renew --now 2026-11-11T10:00 --message-id '<r1@sakura.example.jp>'
expect_rc 0 "record renew"; expect_out "form_link" "renew answered with form link"
run record ORD-2026-0002 decline --now 2026-11-11T10:00
expect_rc 65 "decline refused in scheduled"
run show ORD-2026-0001; expect_rc 0 "show"
expect_out "import +-> scheduled" "timeline import"
expect_out "timer +scheduled -> notice_sent" "timeline timer"
expect_out "form_link +pending" "mail listed"
run show ORD-2099-0001; expect_rc 65 "show unknown order"

# orders imported under way: own ids, the numbering goes on after them
H=$(head -1 "$TOP/fixtures/import/sample.csv")
cat >"$T/underway.csv" <<CSV
$H,order_id,state,language
C7,株式会社途中,Midway K.K.,東京都,03-1111-2222,田中,課長,tanaka@midway.example.jp,,www.midway.example.jp,,sectigo,OV,ov,2027-02-01,22000,ORD-2026-0050,Reported,en
C8,株式会社新規,Newco K.K.,東京都,03-1111-3333,高橋,,takahashi@newco.example.jp,,www.newco.example.jp,,digicert,OV,ov,2027-04-01,22000,,,
CSV
run import "$T/underway.csv" --now 2026-11-20T09:00; expect_rc 0 "import orders under way"
expect_out "ORD-2026-0050: added for www.midway.example.jp, reported" "own id and state kept"
expect_out "ORD-2026-0051: added for www.newco.example.jp" "numbering continues after imported ids"
run paid ORD-2026-0050 --now 2026-11-21T09:00; expect_rc 0 "paid without an issued certificate on record"
run show ORD-2026-0050; expect_out "next cycle not scheduled" "says the next cycle needs an import"
expect_out "\(en\)" "language from the file"
sed -i 's/,en$/,/' "$T/underway.csv"
run import "$T/underway.csv"; expect_rc 0 "re-import under way"
expect_no_out "customer C7: updated" "an empty language keeps the customer's"
expect_out "ORD-2026-0050: kept at paid \(the file says reported" "state kept, and said so"
sed 's/^C8,/C7,/' "$T/underway.csv" | sed '2d' >"$T/moved.csv"
run import "$T/moved.csv"; expect_rc 65 "certificate moved to another customer"
expect_err "line 2: customer_id: .*belongs to customer C8" "move refused with line and reason"

finish
