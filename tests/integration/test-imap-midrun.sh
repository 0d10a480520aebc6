#!/bin/bash
# The IMAP server goes away in the middle of a run over many mails: the run
# exits 75 and loses nothing; once the server is back, the next run finishes
# the mailbox, and every mail ends in exactly one folder, decided once.
. "$(dirname "$0")/lib.sh"

C="$T/c"
run_case "$C" || { finish; exit 1; }

# N mails of several kinds, each with a Message-ID of its own
N=1000
F="$TOP/fixtures/mail"
KINDS=()
for f in "$F"/auto-*.eml "$F"/noise-*.eml "$F"/reply-unclear-*.eml; do
	grep -qi '^message-id:' "$f" && KINDS+=("$f")
done
mkdir -p "$T/many"
for i in $(seq 1 $N); do
	sed -E "0,/^message-id:/I s/^(message-id):[^\r]*/\1: <midrun-$i@test.invalid>/I" \
		"${KINDS[$((i % ${#KINDS[@]}))]}" >"$T/many/$i.eml"
done
deliver "$T"/many/*.eml
expect_eq "$(maildir_count INBOX)" "$N" "$N mails delivered"

# the server dies as soon as the first mails are decided
"$MAILPROC" run --verbose --now 2026-11-12T10:00 >"$T/out" 2>"$T/err" &
pid=$!
for _ in $(seq 1 600); do
	grep -q ' outcome=' "$T/err" && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.01
done
bash "$TOP/tests/servers/dovecot.sh" kill "$DOVECOT_DIR" >/dev/null 2>&1
wait "$pid"
rc=$?
expect_rc 75 "the server gone mid-run: exit 75"
expect_err "mailbox" "says the mailbox is the problem"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/err"; then
	not_ok "sanitizer report"; sed 's/^/    /' "$T/err" >&2
fi
left=$(maildir_count INBOX)
decided=$(sqlite3 var/mailproc.db "SELECT count(*) FROM messages")
echo "test-imap-midrun: $decided decided, $left left in INBOX when the server went" >&2
if [ "$decided" -gt 0 ] && [ "$decided" -lt "$N" ]; then ok; else
	not_ok "the server should have gone mid-run ($decided of $N decided)"
fi

# back up (perhaps on other ports): the next run finishes
out=$(bash "$TOP/tests/servers/dovecot.sh" start "$DOVECOT_DIR" 2>&1) || not_ok "Dovecot did not restart"
IMAPS_PORT=$(printf '%s\n' "$out" | sed -n 's/.*IMAPS_PORT=\([0-9]*\).*/\1/p')
use_dovecot "$C/mailproc.conf"
run run --now 2026-11-12T10:05 --verbose
expect_rc 0 "the next run finishes"
# decided but not moved when the server went: moved, not fetched again
waiting=$((decided - (N - left)))
expect_eq "$(grep -c 'decided before .*only moved' "$T/err")" "$waiting" "the $waiting decided ones only moved"
expect_out " $((N - decided)) new" "the rest decided now"
expect_eq "$(maildir_count INBOX)" 0 "INBOX empty"
expect_eq "$(( $(maildir_count Processed) + $(maildir_count Needs-Staff) + $(maildir_count Rejected) ))" "$N" \
	"every mail in one folder"
expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*), count(DISTINCT message_id) FROM messages")" "$N|$N" \
	"every mail decided once"
expect_eq "$(sqlite3 var/mailproc.db "SELECT count(*) FROM messages WHERE outcome = 'needs_staff'")" \
	"$(maildir_count Needs-Staff)" "the folders agree with the database"
run run --now 2026-11-12T10:10
expect_rc 0 "one more run"; expect_out " 0 new" "changes nothing"
finish
