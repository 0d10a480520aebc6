#!/bin/bash
# A throw-away Dovecot IMAP server on 127.0.0.1 for tests (run as root).
#
#   dovecot.sh start DIR         config, test CA and server cert in DIR; start;
#                                print "IMAP_PORT=N IMAPS_PORT=N CA=DIR/ca.pem"
#   dovecot.sh stop DIR          stop it (doveadm stop, then the mail processes
#                                still serving clients) and wait until it is gone
#   dovecot.sh kill DIR          SIGKILL it all at once (cleanup)
#   dovecot.sh deliver DIR FILE...   put each file into user ssl's INBOX
#
# One user: "ssl", password "test-password", mail owned by nobody in
# DIR/home/ssl/Maildir. Each DIR is its own instance (base_dir, state_dir,
# instance_name), so several can run at once.
#
# DOVECOT_CERT_SAN overrides the server certificate's subjectAltName
# (default "IP:127.0.0.1,DNS:localhost"), to test a name that does not match.
# DOVECOT_IMAP_CAPABILITY replaces the CAPABILITY list announced after login
# (e.g. "IMAP4rev1 UIDPLUS" to hide MOVE); the commands themselves still work.
set -eu

PY=/usr/bin/python3
MAIL_USER=nobody
MAIL_GROUP=$(id -gn nobody)

die() { echo "dovecot.sh: $*" >&2; exit 1; }

# The auth and login processes run as dovecot/dovenull: they need to pass
# through every folder above DIR. mktemp makes its folders 0700, so open the
# ones below the temporary folder (and only those) for traversal.
open_path() {
	local d tmp
	d=$(cd "$1" && pwd -P)
	tmp=$(cd "${TMPDIR:-/tmp}" && pwd -P)
	while [ "$d" != "/" ]; do
		if [ $((8#$(stat -c %a "$d") & 1)) -eq 0 ]; then
			case "$d/" in
			"$tmp"/?*) chmod o+x "$d" ;;
			*) die "$d is not searchable by others; put DIR under $tmp" ;;
			esac
		fi
		d=$(dirname "$d")
	done
}

free_ports() { # two free TCP ports on 127.0.0.1
	"$PY" - <<'EOF'
import socket
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

make_pki() { # make_pki DIR: ca.pem, server.pem, server.key
	local dir=$1 san=${DOVECOT_CERT_SAN:-IP:127.0.0.1,DNS:localhost}

	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$dir/ca.key" -out "$dir/ca.pem" -days 2 -subj "/CN=mailproc test CA $$" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$dir/server.key" -out "$dir/server.csr" -subj "/CN=mailproc test IMAP" 2>/dev/null
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' \
		"$san" >"$dir/server.ext"
	openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
		-CAcreateserial -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
	chmod 600 "$dir/ca.key" "$dir/server.key"
	rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
}

write_conf() { # write_conf DIR IMAP_PORT IMAPS_PORT
	local dir=$1
	cat >"$dir/dovecot.conf" <<EOF
# Written by tests/servers/dovecot.sh
instance_name = mailproc-test-$(basename "$dir")-$$
base_dir = $dir/run
state_dir = $dir/state
listen = 127.0.0.1
protocols = imap
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
ssl = yes
ssl_cert = <$dir/server.pem
ssl_key = <$dir/server.key
auth_mechanisms = plain login
disable_plaintext_auth = no
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dir/passwd
}
userdb {
  driver = passwd-file
  args = $dir/passwd
}
$( [ -z "${DOVECOT_IMAP_CAPABILITY:-}" ] || echo "imap_capability = $DOVECOT_IMAP_CAPABILITY")
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $2
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $3
    ssl = yes
  }
}
service anvil {
  chroot =
}
EOF
}

master_pid() {
	[ -s "$1/run/master.pid" ] && cat "$1/run/master.pid"
}

start() {
	local dir=$1 ports imap imaps uid gid
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd -P)
	open_path "$dir"
	[ -z "$(master_pid "$dir" 2>/dev/null || true)" ] || die "$dir: already started"
	mkdir -p "$dir/run" "$dir/state" "$dir/home/ssl/Maildir/"{tmp,new,cur}
	chmod 755 "$dir" "$dir/home"
	uid=$(id -u "$MAIL_USER")
	gid=$(id -g "$MAIL_USER")
	chown -R "$MAIL_USER:$MAIL_GROUP" "$dir/home/ssl"
	chmod 700 "$dir/home/ssl"
	printf 'ssl:{PLAIN}test-password:%s:%s::%s/home/ssl::\n' "$uid" "$gid" "$dir" >"$dir/passwd"
	chmod 644 "$dir/passwd"
	[ -s "$dir/ca.pem" ] || make_pki "$dir"

	# Another test may take a port between the probe and Dovecot's bind:
	# then try again with new ones.
	for _ in 1 2 3; do
		ports=$(free_ports)
		imap=${ports% *}
		imaps=${ports#* }
		write_conf "$dir" "$imap" "$imaps"
		if dovecot -c "$dir/dovecot.conf" 2>>"$dir/start.err"; then
			for _ in $(seq 1 100); do
				if port_open "$imap" && port_open "$imaps"; then
					echo "IMAP_PORT=$imap IMAPS_PORT=$imaps CA=$dir/ca.pem"
					return 0
				fi
				sleep 0.05
			done
			stop "$dir" || true
		fi
	done
	cat "$dir/start.err" "$dir/dovecot.log" >&2 2>/dev/null || true
	die "Dovecot did not start in $dir"
}

# Is any of the PIDs still running? A zombie is not (whoever reaps orphans
# here may take its time).
alive() {
	local p st
	for p in "$@"; do
		st=$(ps -o stat= -p "$p" 2>/dev/null) || continue
		case $st in Z*) ;; *) return 0 ;; esac
	done
	return 1
}

descendants() {
	local p
	for p in $(pgrep -P "$1" || true); do
		echo "$p"
		descendants "$p"
	done
}

# Stop the master, then the mail processes it leaves serving their clients,
# so a test sees the server really gone.
stop() {
	local dir=$1 pid kids
	dir=$(cd "$dir" && pwd -P)
	pid=$(master_pid "$dir" 2>/dev/null || true)
	[ -n "$pid" ] && alive "$pid" || return 0
	kids=$(descendants "$pid")
	doveadm -c "$dir/dovecot.conf" stop >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 100); do
		alive "$pid" || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null || true
	# shellcheck disable=SC2086
	[ -z "$kids" ] || kill -TERM $kids 2>/dev/null || true
	for _ in $(seq 1 40); do
		# shellcheck disable=SC2086
		[ -n "$kids" ] && alive $kids || return 0
		sleep 0.05
	done
	# shellcheck disable=SC2086
	kill -KILL $kids 2>/dev/null || true
}

# SIGKILL the master and everything under it: for cleanup, where Dovecot's
# orderly shutdown (seconds here) buys nothing.
kill_now() {
	local dir=$1 pid kids
	dir=$(cd "$dir" && pwd -P)
	pid=$(master_pid "$dir" 2>/dev/null || true)
	[ -n "$pid" ] && alive "$pid" || return 0
	kill -STOP "$pid" 2>/dev/null || true # no new children from here on
	kids=$(descendants "$pid")
	# shellcheck disable=SC2086
	kill -KILL "$pid" $kids 2>/dev/null || true
	rm -f "$dir/run/master.pid"
}

deliver() {
	local dir=$1 md f name n=0
	shift
	md="$dir/home/ssl/Maildir"
	[ -d "$md/new" ] || die "$md: no Maildir (start first)"
	for f in "$@"; do
		n=$((n + 1))
		name="$(date +%s).M$(date +%N)P$$Q$n.mailproc-test"
		cp "$f" "$md/tmp/$name"
		chown "$MAIL_USER:$MAIL_GROUP" "$md/tmp/$name"
		chmod 600 "$md/tmp/$name"
		mv "$md/tmp/$name" "$md/new/$name"
	done
}

[ $# -ge 2 ] || die "usage: dovecot.sh start|stop|kill DIR | deliver DIR FILE..."
cmd=$1
shift
case "$cmd" in
start) [ $# -eq 1 ] || die "usage: dovecot.sh start DIR"; start "$1" ;;
stop) [ $# -eq 1 ] || die "usage: dovecot.sh stop DIR"; stop "$1" ;;
kill) [ $# -eq 1 ] || die "usage: dovecot.sh kill DIR"; kill_now "$1" ;;
deliver) deliver "$@" ;;
*) die "unknown command $cmd" ;;
esac
