#!/bin/bash
# `mailproc run` stopped at any moment loses nothing and does nothing twice
# (SPEC "Delivery guarantees").
# 1. As isync's test suite does: a run over a small scenario (timers due, a
#    renew reply, an auto-reply, noise, an unclear reply, a CA mail, a bounce)
#    is aborted at each of its durable steps in turn (MAILPROC_TEST_CRASH_AT=N:
#    each SQLite commit, IMAP MOVE/APPEND, SMTP DATA, spool fsync); the runs
#    after it must end where an uninterrupted run ends: the same mailbox,
#    orders, timeline, kept mails and mails received by the SMTP server (a mail twice only after a crash
#    right behind its SMTP DATA, and then with the same Message-ID).
# 2. kill -9 at random moments of a run over 200 mails, a few times, then runs
#    until one ends cleanly: every mail in exactly one folder, one outcome
#    each, matching its folder, no event recorded twice.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-12T10:00
F="$TOP/fixtures/mail"
SEED=${CRASH_TEST_SEED:-4242} # of the kill delays; printed, and settable to try others

# A copy of the binary: a rebuild during the test must not change it under us.
mkdir -p "$T/bin"
cp "$MAILPROC" "$T/bin/mailproc" || { not_ok "cannot copy $MAILPROC"; finish; exit 1; }
MAILPROC="$T/bin/mailproc"
# For runs meant to crash: through sh, so bash does not report each abort.
printf '#!/bin/sh\n"%s" "$@"\nexit $?\n' "$MAILPROC" >"$T/bin/crashing"
chmod +x "$T/bin/crashing"

start_dovecot || { finish; exit 1; }
MD="$DOVECOT_DIR/home/ssl/Maildir"
S="$T/smtp" # one SMTP server; its store is emptied for each case
start_smtp "$S" || { finish; exit 1; }

# Message-IDs of mail files: `mids maildir DIR` prints "FOLDER<TAB>ID" for
# each mail of a Maildir (INBOX and its sub-folders, cur and new); `mids
# store DIR` prints "ID" for each DIR/*.eml the SMTP server kept.
cat >"$T/mids.py" <<'PY'
import email.parser, email.policy, os, sys
parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
def mid(path):
    with open(path, "rb") as f:
        v = parser.parse(f).get("Message-ID")
    return " ".join(str(v).split()) if v is not None else "(none)"
mode, top = sys.argv[1], sys.argv[2]
if mode == "maildir":
    for d in [""] + sorted(x for x in os.listdir(top) if x.startswith(".") and x not in (".", "..")):
        for sub in ("cur", "new"):
            p = os.path.join(top, d, sub)
            if os.path.isdir(p):
                for n in sorted(os.listdir(p)):
                    print("%s\t%s" % (d[1:] if d else "INBOX", mid(os.path.join(p, n))))
else:
    for n in sorted(os.listdir(top)):
        if n.endswith(".eml"):
            print(mid(os.path.join(top, n)))
PY
mids() { /usr/bin/python3 "$T/mids.py" "$@"; }
# The random part of the Message-IDs mailproc makes differs from run to run.
norm() { sed -E 's/\.[0-9a-f]{16}@/.R@/g'; }

# ---- the seed: one database with the orders, copied for each case -------------
write_config "$T/seed"
use_dovecot "$T/seed/mailproc.conf"
sed -i "s#^url=smtp://.*#url=smtp://127.0.0.1:$SMTP_PORT\ntls=none#" "$T/seed/mailproc.conf"
sed -i "s#^db=var/mailproc.db#db=var/mailproc.db\ntemplates=$TOP/templates#" "$T/seed/mailproc.conf"
cd "$T/seed" || exit 1
export MAILPROC_CONFIG="$T/seed/mailproc.conf"
run init; expect_rc 0 "init"
H=$(head -1 "$TOP/fixtures/import/sample.csv")
# 0012: answered by the renew reply; 0020: notice due; 0030: reminder due;
# 0040: expired without an answer (lapses). All at $NOW.
cat >"$T/orders.csv" <<CSV
$H,order_id,state,notice_message_id
C1,株式会社さくら商事,"Sakura Shoji Co., Ltd.",東京都千代田区丸の内1-2-3,03-1234-5678,山田 太郎,部長,yamada@sakura-shoji.example.jp,,www.sakura-shoji.example.jp,,digicert,Secure Site,ov,2026-12-10,33000,ORD-2026-0012,notice_sent,<ORD-2026-0012.notice.1a2b3c4d@example-hosting.jp>
C2,有限会社みなと工房,"Minato Kobo Ltd.",神奈川県横浜市中区山下町10-20,045-222-3333,佐藤 花子,代表取締役,hanako@minato-kobo.example.jp,,shop.minato-kobo.example.jp,,sectigo,OV SSL,ov,2026-12-11,22000,ORD-2026-0020,scheduled,
C3,合同会社ひかりネット,"Hikari Net LLC",大阪府大阪市北区梅田2-4-6,06-4444-5555,鈴木 一郎,技術部 主任,suzuki@hikari-net.example.jp,,www.hikari-net.example.jp,,globalsign,AlphaSSL,ov,2026-11-30,49500,ORD-2026-0030,notice_sent,<ORD-2026-0030.notice.5e6f7a8b@example-hosting.jp>
C4,株式会社あおば,"Aoba Inc.",宮城県仙台市青葉区青葉1-1,022-111-2222,高橋 次郎,課長,takahashi@aoba.example.jp,,www.aoba.example.jp,,digicert,Secure Site,ov,2026-11-05,33000,ORD-2026-0040,notice_sent,<ORD-2026-0040.notice.9c0d1e2f@example-hosting.jp>
CSV
run import "$T/orders.csv" --now 2026-11-01T09:00; expect_rc 0 "import"

MAILS=(reply-renew-outlook-iso2022jp.eml auto-exchange-jidou-outou.eml noise-spam-japanese.eml
	reply-unclear-shouchi-only.eml approval-digicert-dkim-pass.eml bounce-postfix-dsn-user-unknown.eml)

# fresh_case DIR FILE...: an empty mailbox with FILEs delivered, an empty SMTP
# store, and DIR with a copy of the seed (config and database); cd there.
fresh_case() {
	local dir=$1
	shift
	cd "$T" || return 1
	rm -f "$MD"/{cur,new,tmp}/* "$MD"/.[!.]*/{cur,new,tmp}/* "$S"/*
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -a "$T/seed/mailproc.conf" "$T/seed/var" "$dir/"
	export MAILPROC_CONFIG="$dir/mailproc.conf"
	cd "$dir" && deliver "$@"
}

# snapshot FILE: what a run leaves behind, with mailproc's random
# Message-ID parts masked: (a) each mail's folder, (b) each order's state,
# (c) the timeline as a multiset, (d) the distinct Message-IDs the SMTP server
# got, and the inbound outcomes, the outbox, and the files of fetched mail.
snapshot() {
	{
		# The Sent copy is made at least once: a crash between the APPEND and
		# its record makes a second copy of the same Message-ID, never none.
		echo "# mailbox"; mids maildir "$MD" | norm | sort -u
		echo "# orders"; sqlite3 var/mailproc.db "select id, state from orders order by id"
		echo "# transitions"
		sqlite3 var/mailproc.db "select order_id, from_state, to_state, cause from transitions" | sort
		echo "# smtp"; mids store "$S" | sort -u | norm | sort
		echo "# messages"
		sqlite3 var/mailproc.db "select message_id, kind, outcome, order_id from messages" | sort
		echo "# outbox"
		sqlite3 var/mailproc.db "select order_id, template, recipient, state, message_id from outbox" | norm | sort
		echo "# fetched mail left behind"; find var/tmp -type f 2>/dev/null | sort
		spool_check
	} >"$1" 2>&1
}

# The mails kept for staff: each one whole where its row says, and no spool
# file that no row points at (a run killed before its commit leaves one; the
# next run removes it).
spool_check() {
	echo "# kept mails: files no row points at, rows whose mail is missing"
	comm -23 <(ls var/mail 2>/dev/null | sort) \
		<(sqlite3 var/mailproc.db "select distinct raw_file from messages where raw_file is not null" | sort)
	sqlite3 -separator ' ' var/mailproc.db "select raw_file, raw_offset, raw_size, message_id from messages
		where raw_file is not null" | while read -r file offset size mid; do
		tail -c "+$((offset + 1))" "var/mail/$file" 2>/dev/null | head -c "$size" |
			grep -qiF "message-id: $mid" || echo "missing: $mid"
	done
}

smtp_count() { find "$S" -maxdepth 1 -name '*.eml' | wc -l | tr -d ' '; }

# ==== 1. a crash at every durable step ==========================================
t0=$(date +%s)
fresh_case "$T/ref" "${MAILS[@]/#/$F/}"
run run --now "$NOW" --verbose
expect_rc 0 "reference run"
expect_out "6 new, 2 processed, 4 for staff, 0 rejected, [1-9][0-9]* sent, 0 deferred, 0 failed; 3 timers" \
	"reference run: what it did"
steps=$(grep -c 'durable step [0-9]*:' "$T/err")
cp "$T/err" "$T/ref.err"
snapshot "$T/ref.snap"
expect_eq "$(maildir_count INBOX)" 0 "reference: the inbox is emptied"
expect_eq "$(mids maildir "$MD" | grep -c '^Sent	')" "$(smtp_count)" "reference: each sent mail copied to Sent"
expect_eq "$(mids store "$S" | sort | uniq -d)" "" "reference: nothing sent twice"
run run --now "$NOW"
expect_rc 0 "reference: a second run"
snapshot "$T/ref2.snap"
if cmp -s "$T/ref.snap" "$T/ref2.snap"; then ok; else
	not_ok "reference: a second run changed something"; diff "$T/ref.snap" "$T/ref2.snap" | sed 's/^/    /' >&2
fi

K=""
resent=0
for N in $(seq 1 $((steps + 5))); do
	fresh_case "$T/crash" "${MAILS[@]/#/$F/}"
	MAILPROC="$T/bin/crashing" MAILPROC_TEST_CRASH_AT=$N run run --now "$NOW"
	if [ "$rc" -eq 0 ] && ! grep -q "test crash" "$T/err"; then
		# past the last step: this run is one more uninterrupted one
		K=$((N - 1))
		snapshot "$T/crash.snap"
		if cmp -s "$T/ref.snap" "$T/crash.snap"; then ok; else
			not_ok "an uninterrupted run ends elsewhere than the reference"
			diff "$T/ref.snap" "$T/crash.snap" | sed 's/^/    /' >&2
		fi
		break
	fi
	what=$(sed -n "s/.*test crash at durable step $N (\(.*\)).*/\1/p" "$T/err")
	if [ "$rc" -ne 0 ] && [ -n "$what" ]; then ok; else
		not_ok "step $N: no test crash (exit $rc)"; sed 's/^/    /' "$T/out" "$T/err" >&2
	fi
	for _ in 1 2 3; do
		run run --now "$NOW"
		[ "$rc" -eq 0 ] && break
	done
	expect_rc 0 "step $N ($what): the runs after the crash end cleanly"
	snapshot "$T/crash.snap"
	if cmp -s "$T/ref.snap" "$T/crash.snap"; then ok; else
		not_ok "step $N ($what): after the crash, the runs end elsewhere than the reference (< reference, > here)"
		diff "$T/ref.snap" "$T/crash.snap" | sed 's/^/    /' >&2
	fi
	# a mail twice only right after its SMTP DATA, and then the same mail
	twice=$(mids store "$S" | sort | uniq -c | awk '$1 > 1')
	[ -n "$twice" ] && resent=$((resent + 1))
	if [ -z "$twice" ] ||
		{ [ "$what" = smtp ] && [ "$(printf '%s\n' "$twice" | wc -l)" -eq 1 ] &&
			[ "$(printf '%s\n' "$twice" | awk '{print $1}')" -eq 2 ]; }; then
		ok
	else
		not_ok "step $N ($what): sent more than once: $twice"
	fi
	before=$(smtp_count)
	run run --now "$NOW"
	expect_rc 0 "step $N: one more run"
	snapshot "$T/again.snap"
	if cmp -s "$T/crash.snap" "$T/again.snap"; then ok; else
		not_ok "step $N ($what): one more run changed something"
		diff "$T/crash.snap" "$T/again.snap" | sed 's/^/    /' >&2
	fi
	expect_eq "$(smtp_count)" "$before" "step $N: one more run sends nothing"
done
expect_eq "${K:-none}" "$steps" "crash points counted = durable steps the reference run logged"
echo "test-crash: part 1: $K durable steps ($(sed -n 's/.*durable step [0-9]*: //p' "$T/ref.err" |
	sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')), $resent crashes led to a" \
	"re-send, $(( $(date +%s) - t0 )) s" >&2

# ==== 2. kill -9 at random moments of a run over 200 mails ======================
t0=$(date +%s)
echo "test-crash: part 2: RANDOM seed $SEED (CRASH_TEST_SEED=$SEED repeats it)" >&2
RANDOM=$SEED
KINDS=()
for f in "$F"/auto-*.eml "$F"/noise-*.eml "$F"/bounce-*.eml "$F"/reply-unclear-*.eml "$F"/approval-*.eml; do
	grep -qi '^message-id:' "$f" && KINDS+=("$f")
done
mkdir -p "$T/many"
files=("$F/reply-renew-outlook-iso2022jp.eml") # the one mail that moves an order
for i in $(seq 1 199); do
	files+=("${KINDS[$(( (i * 7) % ${#KINDS[@]} ))]}")
done
for i in "${!files[@]}"; do
	n=$(printf '%03d' "$i")
	# the header's Message-ID only (the first one: a bounce quotes others)
	sed -E "0,/^message-id:/I s/^(message-id):[^\r]*/\1: <crash-$n.$SEED@test.invalid>/I" \
		"${files[$i]}" >"$T/many/$n.eml"
done
# How long an uninterrupted run over them takes: the kills fall inside it.
fresh_case "$T/kill-timing" "$T"/many/*.eml
start_ns=$(date +%s%N)
run run --now "$NOW"
span_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
expect_rc 0 "an uninterrupted run over the 200 mails"
[ "$span_ms" -ge 20 ] || span_ms=20
echo "test-crash: part 2: an uninterrupted run takes ${span_ms} ms" >&2
# Kill until a run ends on its own (at most 8 kills): the kills then fell
# in each phase of the work, timers, mail and outbox. The first kill falls in
# the first half of the span; a machine busier than when the span was taken
# may still finish first, and then the case starts over (at most 3 times).
kills=0
for attempt in 1 2 3; do
	fresh_case "$T/kill" "$T"/many/*.eml
	expect_eq "$(maildir_count INBOX)" 200 "200 mails delivered"
	for k in 1 2 3 4 5 6 7 8; do
		if [ "$k" = 1 ]; then
			delay=$(( 5 + RANDOM % (span_ms / 2) )) # milliseconds into the run
		else
			delay=$(( 5 + RANDOM % span_ms ))
		fi
		secs=$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))
		"$MAILPROC" run --now "$NOW" >"$T/kill.out" 2>"$T/kill.err" &
		pid=$!
		sleep "$secs"
		kill -9 "$pid" 2>/dev/null || { wait "$pid"; break; }
		wait "$pid" 2>/dev/null
		kills=$((kills + 1))
		if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/kill.err"; then
			not_ok "sanitizer report from run $k"; sed 's/^/    /' "$T/kill.err" >&2
		fi
		echo "test-crash: kill $k after ${secs}s (then in INBOX: $(maildir_count INBOX)," \
			"to send: $(sqlite3 var/mailproc.db "select count(*) from outbox where state = 'pending'"))" >&2
	done
	[ "$kills" -gt 0 ] && break
	echo "test-crash: part 2: the run ended before its first kill; the case starts over" >&2
done
for _ in 1 2 3; do
	run run --now "$NOW"
	[ "$rc" -eq 0 ] && break
done
expect_rc 0 "after the kills, a run ends cleanly"
if [ "$kills" -gt 0 ]; then ok; else not_ok "no run was killed (seed $SEED)"; fi

mids maildir "$MD" | grep -v '^Sent	' | sort >"$T/kill.where"
expect_eq "$(grep -c '^INBOX	' "$T/kill.where")" 0 "none left in INBOX"
expect_eq "$(grep -c '	<crash-' "$T/kill.where")" 200 "each of the 200 mails in a folder once"
expect_eq "$(cut -f2 "$T/kill.where" | sort | uniq -d)" "" "no mail in two folders"
expect_eq "$(spool_check | tail -n +2)" "" "every kept mail where its row says, no stray spool file"
expect_eq "$(cut -f1 "$T/kill.where" | grep -cvE '^(Processed|Needs-Staff|Rejected)$')" 0 \
	"only Processed, Needs-Staff, Rejected"
expect_eq "$(sqlite3 var/mailproc.db "select count(*), count(distinct uidvalidity || '/' || uid),
	count(distinct message_id) from messages")" "200|200|200" "200 outcomes, one per mail"
sqlite3 -separator '	' var/mailproc.db "select case outcome when 'processed' then 'Processed'
	when 'needs_staff' then 'Needs-Staff' when 'rejected' then 'Rejected' end, message_id
	from messages" | sort >"$T/kill.outcomes"
if cmp -s "$T/kill.where" "$T/kill.outcomes"; then ok; else
	not_ok "each mail's outcome is its folder (< mailbox, > database)"
	diff "$T/kill.where" "$T/kill.outcomes" | sed 's/^/    /' >&2
fi
expect_eq "$(sqlite3 var/mailproc.db "select order_id, from_state, to_state, cause, detail, count(*)
	from transitions group by order_id, from_state, to_state, cause, detail having count(*) > 1")" "" \
	"no transition recorded twice"
expect_eq "$(sqlite3 var/mailproc.db "select count(*) from transitions where cause = 'message'")" 1 \
	"the renew reply moved its order once"
expect_eq "$(sqlite3 var/mailproc.db "select count(*) from outbox where state <> 'sent'")" 0 "the outbox is drained"
# each queued mail reached the SMTP server, twice at most, nothing else did
sqlite3 var/mailproc.db "select message_id from outbox" | sort >"$T/kill.outbox"
expect_eq "$(mids store "$S" | sort -u | diff - "$T/kill.outbox")" "" "the SMTP server got the outbox"
expect_eq "$(mids store "$S" | sort | uniq -c | awk '$1 > 2')" "" "no mail sent more than twice"
expect_eq "$(find var/tmp -type f | wc -l | tr -d ' ')" 0 "no fetched mail left on disk"
echo "test-crash: part 2: $kills kills, $(( $(date +%s) - t0 )) s" >&2
cd "$TOP" || true
finish
