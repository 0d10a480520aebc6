#!/bin/bash
# make bench, after run.sh: `mailproc run` against a local Dovecot next to mbsync.
#
# Three figures, each the best of BENCH_IMAP_RUNS (default 3) runs (the idle
# ones: of BENCH_IMAP_IDLE_RUNS, default 10), with the mail delivered afresh
# before each run that consumes it (Dovecot then indexes it anew for each):
#  1. a full run over N new mails (bench/gen-maildir.py's Maildir, default
#     10,000) next to mbsync pulling the same INBOX into an empty Maildir
#     (the transfer floor; both fsync what they write, as they do by default);
#  2. an idle run (no new mail, the N mails sitting in Processed, Needs-Staff
#     and Rejected) next to a bare IMAPS login+logout (Python's imaplib) and
#     mbsync on the then empty INBOX;
#  3. memory: the peak RSS of the full run at 1,000 and at N mails.
#
# mailproc gets a fresh database with no orders, so most mails go to
# Needs-Staff; staff hear of them in one alert per run. The full run is
# timed whole, from start to exit (login, fetch, decide, record, move, the
# alert sent and copied to Sent), two ways:
#  - SMTP up (tests/servers/smtp_server.py);
#  - SMTP down ([smtp] url on a closed port of 127.0.0.1): the run exits 75
#    and the alert waits for the next run.
# Needs root (the Dovecot test server keeps its mail as nobody) and only
# 127.0.0.1.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
B="$top/build/bench"
M="$top/bin/mailproc"
N=${BENCH_MESSAGES:-10000}
RUNS=${BENCH_IMAP_RUNS:-3}
IDLE_RUNS=${BENCH_IMAP_IDLE_RUNS:-10} # milliseconds each: more runs are cheap
PY=/usr/bin/python3
DOVECOT_SH="$top/tests/servers/dovecot.sh"

skip() { printf '\nbench/run-imap.sh: skipped: %s\n' "$*"; exit 0; }
die() { echo "bench/run-imap.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root for the Dovecot test server"
for tool in dovecot doveadm mbsync; do
	command -v "$tool" >/dev/null || skip "$tool is not installed (make deps)"
done
[ -x "$M" ] || die "$M: build it first (make bin/mailproc)"

mkdir -p "$B"
for n in "$N" 1000; do
	if [ ! -f "$B/maildir-$n/.done" ]; then
		rm -rf "$B/maildir-$n"
		echo "bench: generating $n messages"
		"$PY" "$top/bench/gen-maildir.py" "$B/maildir-$n" "$n"
		touch "$B/maildir-$n/.done"
	fi
done

T=$(mktemp -d "${TMPDIR:-/tmp}/mailproc-bench-imap.XXXXXX")
SMTP_PID=""
cleanup() {
	bash "$DOVECOT_SH" kill "$T/dovecot" >/dev/null 2>&1 || true
	if [ -n "$SMTP_PID" ]; then
		kill "$SMTP_PID" 2>/dev/null || true
		wait "$SMTP_PID" 2>/dev/null || true
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# timed CMD...: run CMD, print "wall last_mail peak_rss_kib rc mails".
# last_mail is the time of the last "uid=... outcome=" log line (or the wall
# time when there is none), mails the number of those lines; peak RSS is the
# child's maxrss.
cat >"$T/timed.py" <<'EOF'
import resource, subprocess, sys, time
out, err = open(sys.argv[1], "wb"), open(sys.argv[2], "wb")
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[3:], stdout=out, stderr=subprocess.PIPE)
last, mails = None, 0
for line in p.stderr:
    err.write(line)
    if b" uid=" in line and b" outcome=" in line:
        last, mails = time.monotonic(), mails + 1
rc = p.wait()
t1 = time.monotonic()
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("%.3f %.3f %d %d %d" % (t1 - t0, (last or t1) - t0, rss, rc, mails))
EOF
timed() { "$PY" "$T/timed.py" "$T/out" "$T/err" "$@"; }

# ---- servers ------------------------------------------------------------------
out=$(bash "$DOVECOT_SH" start "$T/dovecot") || die "Dovecot did not start"
IMAPS_PORT=$(printf '%s\n' "$out" | sed -n 's/.*IMAPS_PORT=\([0-9]*\).*/\1/p')
CA=$(printf '%s\n' "$out" | sed -n 's/.* CA=\(.*\)$/\1/p')
DCONF="$T/dovecot/dovecot.conf"
MD="$T/dovecot/home/ssl/Maildir"

mkdir -p "$T/smtp"
"$PY" "$top/tests/servers/smtp_server.py" --host 127.0.0.1 --port-file "$T/smtp.port" \
	--store "$T/smtp" </dev/null >"$T/smtp.log" 2>&1 &
SMTP_PID=$!
for _ in $(seq 1 100); do [ -s "$T/smtp.port" ] && break; sleep 0.1; done
[ -s "$T/smtp.port" ] || { cat "$T/smtp.log" >&2; die "smtp_server.py did not start"; }
SMTP_PORT=$(cat "$T/smtp.port")
# a port nothing listens on: bound, then let go
CLOSED_PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# ---- mailproc ---------------------------------------------------------------------
C="$T/mailproc"
mkdir -p "$C"
write_config() { # write_config SMTP_PORT
	cat >"$C/mailproc.conf" <<EOF
[mailbox]
imap_url=imaps://127.0.0.1:$IMAPS_PORT/INBOX
ca_file=$CA
user=ssl
[smtp]
url=smtp://127.0.0.1:$1
tls=none
from=ssl@example-hosting.jp
from_name=Example Hosting SSL
[company]
name=Example Hosting
info_address=info@example-hosting.jp
staff=staff1@example-hosting.jp,staff2@example-hosting.jp
form_url=https://www.example-hosting.jp/ssl/renew
[trust]
authserv_id=mx.example-hosting.jp
[paths]
db=$C/var/mailproc.db
keys=$C/var/keys
certs=$C/var/certs
templates=$top/templates
EOF
}
export MAILPROC_IMAP_PASSWORD=test-password

fresh_db() {
	rm -rf "$C/var"
	"$M" init -c "$C/mailproc.conf" >/dev/null 2>&1 || die "mailproc init failed"
}

# ---- the mailbox ------------------------------------------------------------------
# Empty every folder, then deliver the n generated mails into INBOX (copy
# into tmp, rename into new). Each delivery names its files afresh: a name
# Dovecot saw expunged a moment ago upsets its Maildir sync ("Expunged
# message reappeared") and it then sees 1 mail of the 1,000 for a while.
cat >"$T/deliver.py" <<'EOF'
import os, pwd, shutil, sys, time
src, md = sys.argv[1], sys.argv[2]
pw = pwd.getpwnam("nobody")
tag = "%d.P%d" % (time.time_ns(), os.getpid())
for name in sorted(os.listdir(os.path.join(src, "new"))):
    tmp = os.path.join(md, "tmp", "%s.%s" % (tag, name))
    shutil.copyfile(os.path.join(src, "new", name), tmp)
    os.chown(tmp, pw.pw_uid, pw.pw_gid)
    os.chmod(tmp, 0o600)
    os.rename(tmp, os.path.join(md, "new", "%s.%s" % (tag, name)))
EOF
inbox_count() {
	doveadm -c "$DCONF" mailbox status -u ssl messages INBOX | sed 's/.*messages=//'
}
redeliver() { # redeliver n
	local got
	doveadm -c "$DCONF" expunge -u ssl mailbox '*' all
	"$PY" "$T/deliver.py" "$B/maildir-$1" "$MD"
	got=$(inbox_count)
	[ "$got" = "$1" ] || die "INBOX holds $got mails after delivering $1"
}

# ---- mbsync -----------------------------------------------------------------------
# The server certificate itself is pinned (CertificateFile): mbsync 1.4
# checks DNS names only, and the test server is dialled as 127.0.0.1.
cat >"$T/mbsyncrc" <<EOF
IMAPStore far
Host 127.0.0.1
Port $IMAPS_PORT
SSLType IMAPS
CertificateFile $T/dovecot/server.pem
User ssl
Pass test-password

MaildirStore near
Path $T/near/
Inbox $T/near/INBOX

Channel pull
Far :far:INBOX
Near :near:INBOX
Sync Pull
Create Near
SyncState *
EOF
mbsync_fresh() {
	rm -rf "$T/near"
	mkdir -p "$T/near"
	timed mbsync -q -c "$T/mbsyncrc" pull
}

cat >"$T/login.py" <<EOF
import imaplib, ssl
ctx = ssl.create_default_context(cafile="$CA")
m = imaplib.IMAP4_SSL("127.0.0.1", $IMAPS_PORT, ssl_context=ctx)
m.login("ssl", "test-password")
m.logout()
EOF

# ---- best of RUNS -----------------------------------------------------------------
# Keeps the smallest wall time and the largest peak RSS.
BEST_WALL="" MAX_RSS=0
keep() { # keep "wall last_mail rss rc mails" WANT_RC WANT_MAILS what
	local wall last rss rc mails
	read -r wall last rss rc mails <<<"$1"
	if [ "$rc" != "$2" ] || { [ -n "$3" ] && [ "$mails" != "$3" ]; }; then
		sed 's/^/    /' "$T/out" >&2
		tail -n 20 "$T/err" | sed 's/^/    /' >&2
		die "$4: exit $rc with $mails mails logged; expected exit $2${3:+ and $3 mails}"
	fi
	if [ -z "$BEST_WALL" ] || [ "$(echo "$wall < $BEST_WALL" | bc)" = 1 ]; then BEST_WALL=$wall; fi
	if [ "$rss" -gt "$MAX_RSS" ]; then MAX_RSS=$rss; fi
}
reset_best() { BEST_WALL="" MAX_RSS=0; }

declare -A sec rss
declare -a sent deferred
for n in $(printf '%s\n' 1000 "$N" | sort -un); do
	echo "bench: IMAP, $n mails: mbsync" >&2
	reset_best
	for _ in $(seq 1 "$RUNS"); do
		redeliver "$n"
		keep "$(mbsync_fresh)" 0 "" "mbsync"
		got=$(find "$T/near/INBOX" -type f -path '*/new/*' -o -type f -path '*/cur/*' | wc -l)
		[ "$got" = "$n" ] || die "mbsync fetched $got of $n mails"
	done
	sec[mbsync,$n]=$BEST_WALL rss[mbsync,$n]=$MAX_RSS

	echo "bench: IMAP, $n mails: mailproc run, SMTP down" >&2
	write_config "$CLOSED_PORT"
	reset_best
	for _ in $(seq 1 "$RUNS"); do
		redeliver "$n"
		fresh_db
		keep "$(timed "$M" run -v -c "$C/mailproc.conf")" 75 "$n" "mailproc run, SMTP down"
	done
	sec[down,$n]=$BEST_WALL rss[down,$n]=$MAX_RSS
	deferred[$n]=$(sed -n 's/.* \([0-9]*\) deferred.*/\1/p' "$T/out")

	echo "bench: IMAP, $n mails: mailproc run, SMTP up" >&2
	write_config "$SMTP_PORT"
	reset_best
	for _ in $(seq 1 "$RUNS"); do
		redeliver "$n"
		fresh_db
		rm -f "$T/smtp/"*
		keep "$(timed "$M" run -v -c "$C/mailproc.conf")" 0 "$n" "mailproc run, SMTP up"
	done
	sec[up,$n]=$BEST_WALL rss[up,$n]=$MAX_RSS
	sent[$n]=$(sed -n 's/.* \([0-9]*\) sent,.*/\1/p' "$T/out")
done

# Idle: the mails of the last full run sit in Processed, Needs-Staff,
# Rejected (and the alerts in Sent); INBOX is empty; nothing is due.
echo "bench: IMAP: idle" >&2
reset_best
for _ in $(seq 1 "$IDLE_RUNS"); do keep "$(timed "$M" run -v -c "$C/mailproc.conf")" 0 0 "idle run"; done
grep -q ' 0 new, .* 0 sent' "$T/out" || { cat "$T/out" >&2; die "the idle run was not idle"; }
sec[idle]=$BEST_WALL rss[idle]=$MAX_RSS
reset_best
for _ in $(seq 1 "$IDLE_RUNS"); do keep "$(timed "$PY" "$T/login.py")" 0 "" "bare login"; done
sec[login]=$BEST_WALL rss[login]=$MAX_RSS
reset_best
for _ in $(seq 1 "$IDLE_RUNS"); do keep "$(mbsync_fresh)" 0 "" "mbsync on an empty INBOX"; done
sec[mbidle]=$BEST_WALL rss[mbidle]=$MAX_RSS
others=$(doveadm -c "$DCONF" mailbox status -u ssl messages '*' | awk '{ sub("messages=", "", $2); s += $2 } END { print s }')

# ---- report ---------------------------------------------------------------------
thousands() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
NN=$(thousands "$N")
ratio() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }
rate() { printf '%.0f' "$(echo "$1 / $2" | bc -l)"; }
row() { # row label key: seconds at 1,000 and N, mails/s at N, RSS at both
	printf '| %s | %.2f | %.2f | %s | %s KiB | %s KiB |\n' "$1" "${sec[$2,1000]}" "${sec[$2,$N]}" \
		"$(rate "$N" "${sec[$2,$N]}")" "${rss[$2,1000]}" "${rss[$2,$N]}"
}
bytes=$(du -sb "$B/maildir-$N" | cut -f1)
printf '\n`mailproc run` against Dovecot on 127.0.0.1 (IMAPS), best of %s runs (idle: of %s); %s messages, %s MB\n\n' \
	"$RUNS" "$IDLE_RUNS" "$NN" "$(echo "scale=1; $bytes / 1048576" | bc)"
printf '| program | seconds at 1,000 | seconds at %s | mails/s at %s | peak RSS at 1,000 | peak RSS at %s |\n' \
	"$NN" "$NN" "$NN"
printf '|---|---|---|---|---|---|\n'
row "mbsync, INBOX pulled into an empty Maildir" mbsync
row "mailproc run, SMTP up: the whole run, ${sent[$N]} staff alert sent" up
row "mailproc run, SMTP down: exit 75, ${deferred[$N]} alert deferred" down
printf '\nBoth mbsync (FSync, its default) and mailproc fsync what they write; Dovecot as configured by\n'
printf 'tests/servers/dovecot.sh (mail_fsync default); smtp_server.py fsyncs each mail it stores.\n'
printf '\n| idle: INBOX empty, %s mails in Processed, Needs-Staff, Rejected, Sent | seconds | peak RSS |\n|---|---|---|\n' \
	"$(thousands "$others")"
printf '| bare IMAPS login+logout (python3 imaplib) | %.3f | %s KiB |\n' "${sec[login]}" "${rss[login]}"
printf '| mbsync, empty INBOX | %.3f | %s KiB |\n' "${sec[mbidle]}" "${rss[mbidle]}"
printf '| mailproc run, nothing new | %.3f | %s KiB |\n' "${sec[idle]}" "${rss[idle]}"

floor=${sec[login]}
[ "$(echo "${sec[mbidle]} < $floor" | bc)" = 1 ] && floor=${sec[mbidle]}
printf '\nfull run / mbsync: %sx (target: at most 1.3x); SMTP down / mbsync: %sx\n' \
	"$(ratio "${sec[up,$N]}" "${sec[mbsync,$N]}")" "$(ratio "${sec[down,$N]}" "${sec[mbsync,$N]}")"
printf 'idle run / bare login: %sx (target: at most 1.2x; the faster of the two bare clients)\n' \
	"$(ratio "${sec[idle]}" "$floor")"
printf 'peak RSS, %s / 1,000 mails: %sx (flat: about 1x)\n' "$NN" "$(ratio "${rss[up,$N]}" "${rss[up,1000]}")"
