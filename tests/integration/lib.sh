# Shared by the integration tests: a scratch folder, a config, and assertions
# that count. Source it; call `finish` last.
set -u

: "${MAILPROC:?set MAILPROC to the mailproc binary}"
passed=0
failed=0
T=$(mktemp -d /tmp/mailproc-test.XXXXXX)
trap 'lib_kill_servers; rm -rf "$T"' EXIT
TOP=$(cd "$(dirname "$0")/../.." && pwd)

ok() { passed=$((passed + 1)); }
not_ok() { failed=$((failed + 1)); printf 'FAIL %s: %s\n' "$(basename "$0")" "$*" >&2; }

# run CMD...: run mailproc, keep stdout in $T/out, stderr in $T/err, rc in $rc
run() {
	"$MAILPROC" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/err"; then
		not_ok "sanitizer report from: mailproc $*"; sed 's/^/    /' "$T/err" >&2
	fi
}

expect_rc() { # expect_rc N what
	if [ "$rc" -eq "$1" ]; then ok; else
		not_ok "$2: exit $rc, expected $1"; sed 's/^/    /' "$T/out" "$T/err" >&2
	fi
}
expect_out() { # expect_out REGEX what
	if grep -qE -- "$1" "$T/out"; then ok; else
		not_ok "$2: stdout lacks /$1/"; sed 's/^/    /' "$T/out" >&2
	fi
}
expect_err() {
	if grep -qE -- "$1" "$T/err"; then ok; else
		not_ok "$2: stderr lacks /$1/"; sed 's/^/    /' "$T/err" >&2
	fi
}
expect_no_out() {
	if grep -qE -- "$1" "$T/out"; then
		not_ok "$2: stdout has /$1/"; sed 's/^/    /' "$T/out" >&2
	else ok; fi
}
expect_eq() { # expect_eq ACTUAL EXPECTED what
	if [ "$1" = "$2" ]; then ok; else not_ok "$3: got '$1', expected '$2'"; fi
}

# write_config DIR: a complete config whose paths live in DIR
write_config() {
	mkdir -p "$1"
	cat >"$1/mailproc.conf" <<CONF
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
staff=staff1@example-hosting.jp,staff2@example-hosting.jp
form_url=https://www.example-hosting.jp/ssl/renew
[trust]
authserv_id=mx.example-hosting.jp
roots=${2:-/etc/ssl/certs/ca-certificates.crt}
[paths]
db=var/mailproc.db
CONF
}

finish() {
	printf '%s: %d passed, %d failed\n' "$(basename "$0" .sh)" "$passed" "$failed"
	[ "$failed" -eq 0 ]
}

# ---- test servers --------------------------------------------------------------
# PIDs of servers started in the background. lib.sh's EXIT trap kills them;
# a test that sets an EXIT trap of its own should call lib_kill_servers in it.
LIB_SERVER_PIDS=""
lib_kill_servers() {
	local pid
	for pid in $LIB_SERVER_PIDS; do kill "$pid" 2>/dev/null; done
	for pid in $LIB_SERVER_PIDS; do wait "$pid" 2>/dev/null; done
	LIB_SERVER_PIDS=""
}

# start_smtp DIR [smtp_server.py options...]: start tests/servers/smtp_server.py
# on 127.0.0.1 storing accepted mail in DIR (NNNN.eml + NNNN.json), wait up to
# 10 s until it listens, and set SMTP_PORT and SMTP_PID. Its stderr goes to
# $T/smtp-server.PID.log. Returns 1 (after a not_ok) when it does not start.
# e.g. start_smtp "$T/sent" --fail-first 1 --fail-code 451
start_smtp() {
	local store=$1 pf i pid
	shift
	pf=$(mktemp "$T/smtp-port.XXXXXX") && rm -f "$pf"
	/usr/bin/python3 "$TOP/tests/servers/smtp_server.py" --host 127.0.0.1 \
		--port-file "$pf" --store "$store" "$@" </dev/null >"$pf.log" 2>&1 &
	pid=$!
	LIB_SERVER_PIDS="$LIB_SERVER_PIDS $pid"
	for i in $(seq 1 100); do
		if [ -s "$pf" ]; then
			SMTP_PORT=$(cat "$pf")
			SMTP_PID=$pid
			mv "$pf.log" "$T/smtp-server.$pid.log"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	not_ok "smtp_server.py did not start: $*"; sed 's/^/    /' "$pf.log" >&2
	kill "$pid" 2>/dev/null
	return 1
}

# stop_smtp [PID]: stop the SMTP server (default $SMTP_PID) and wait for it.
stop_smtp() {
	local pid=${1:-${SMTP_PID:-}} p rest=""
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	for p in $LIB_SERVER_PIDS; do [ "$p" = "$pid" ] || rest="$rest $p"; done
	LIB_SERVER_PIDS=$rest
	[ "$pid" = "${SMTP_PID:-}" ] && SMTP_PID=""
	return 0
}

# ---- Dovecot (tests/servers/dovecot.sh) ---------------------------------------
# Instances started here are killed at exit: lib_kill_servers (run by lib.sh's
# EXIT trap) is wrapped to take them along.
LIB_DOVECOT_DIRS=""
kill_dovecots() {
	local d
	for d in $LIB_DOVECOT_DIRS; do bash "$TOP/tests/servers/dovecot.sh" kill "$d" 2>/dev/null; done
	LIB_DOVECOT_DIRS=""
	return 0
}
if declare -F lib_kill_servers >/dev/null; then
	eval "$(declare -f lib_kill_servers | sed '1s/^lib_kill_servers/lib_kill_servers_before_dovecot/')"
	lib_kill_servers() { kill_dovecots; lib_kill_servers_before_dovecot; }
else
	trap 'kill_dovecots; rm -rf "$T"' EXIT
fi

# start_dovecot [DIR]: start a Dovecot on 127.0.0.1 (default DIR $T/dovecot;
# user "ssl", password "test-password") and set DOVECOT_DIR, IMAP_PORT,
# IMAPS_PORT and IMAP_CA (the test CA that signed its certificate).
# DOVECOT_CERT_SAN and DOVECOT_IMAP_CAPABILITY pass through (see dovecot.sh).
# Returns 1 (after a not_ok) when it does not start.
start_dovecot() {
	local dir=${1:-$T/dovecot} out
	if ! out=$(bash "$TOP/tests/servers/dovecot.sh" start "$dir" 2>"$T/dovecot-start.err"); then
		not_ok "Dovecot did not start in $dir"; sed 's/^/    /' "$T/dovecot-start.err" >&2
		return 1
	fi
	LIB_DOVECOT_DIRS="$LIB_DOVECOT_DIRS $dir"
	DOVECOT_DIR=$dir
	IMAP_PORT=$(printf '%s\n' "$out" | sed -n 's/.*IMAP_PORT=\([0-9]*\).*/\1/p')
	IMAPS_PORT=$(printf '%s\n' "$out" | sed -n 's/.*IMAPS_PORT=\([0-9]*\).*/\1/p')
	IMAP_CA=$(printf '%s\n' "$out" | sed -n 's/.* CA=\(.*\)$/\1/p')
	return 0
}

# stop_dovecot [DIR]: stop it the way an operator would (doveadm stop), e.g.
# to see a run meet a server that went away. Default $DOVECOT_DIR.
stop_dovecot() {
	local dir=${1:-${DOVECOT_DIR:-}} d rest=""
	[ -n "$dir" ] || return 0
	bash "$TOP/tests/servers/dovecot.sh" stop "$dir"
	for d in $LIB_DOVECOT_DIRS; do [ "$d" = "$dir" ] || rest="$rest $d"; done
	LIB_DOVECOT_DIRS=$rest
	return 0
}

# deliver FILE...: put each mail into user ssl's INBOX (Maildir tmp -> new).
deliver() {
	bash "$TOP/tests/servers/dovecot.sh" deliver "${DOVECOT_DIR:?start_dovecot first}" "$@"
}

# maildir_count FOLDER: print how many messages FOLDER ("INBOX", "Processed",
# ...) holds, in cur and new.
maildir_count() {
	local md="${DOVECOT_DIR:?start_dovecot first}/home/ssl/Maildir" sub
	[ "$1" = INBOX ] || md="$md/.$1"
	for sub in cur new; do
		[ -d "$md/$sub" ] && find "$md/$sub" -maxdepth 1 -type f
	done | wc -l | tr -d ' '
}

# use_dovecot CONFIG: point CONFIG's [mailbox] at the running Dovecot (imaps,
# its CA as ca_file) and export MAILPROC_IMAP_PASSWORD.
use_dovecot() {
	local conf=$1
	awk -v url="imaps://127.0.0.1:$IMAPS_PORT/INBOX" -v ca="$IMAP_CA" '
		/^\[/ { sect = $0 }
		sect == "[mailbox]" && /^ca_file=/ { next }
		sect == "[mailbox]" && /^imap_url=/ { print "imap_url=" url; print "ca_file=" ca; next }
		{ print }' "$conf" >"$conf.new" && mv "$conf.new" "$conf"
	export MAILPROC_IMAP_PASSWORD=test-password
}

# run_case DIR: a mailproc set up for `run` against real servers: Dovecot
# and an SMTP server (storing in $T/smtp) started, DIR/mailproc.conf pointing
# at both (SMTP without TLS, the project's templates), MAILPROC_CONFIG
# exported, the database made, and the shell in DIR. Returns 1 (after a
# not_ok) when something does not start.
run_case() {
	local dir=$1
	start_dovecot || return 1
	start_smtp "$T/smtp" || return 1
	write_config "$dir"
	use_dovecot "$dir/mailproc.conf"
	sed -i "s#^url=smtp://.*#url=smtp://127.0.0.1:$SMTP_PORT\ntls=none#" "$dir/mailproc.conf"
	sed -i "s#^db=var/mailproc.db#db=var/mailproc.db\ntemplates=$TOP/templates#" "$dir/mailproc.conf"
	export MAILPROC_CONFIG="$dir/mailproc.conf"
	cd "$dir" || return 1
	run init
	expect_rc 0 "init"
}

