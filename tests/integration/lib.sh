# Shared by the integration tests: a scratch folder, a config, and assertions
# that count. Source it; call `finish` last.
set -u

: "${MAILPROC:?set MAILPROC to the mailproc binary}"
passed=0
failed=0
T=$(mktemp -d /tmp/mailproc-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
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
