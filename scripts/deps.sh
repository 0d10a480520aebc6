#!/bin/sh
# Install the Debian packages mailproc needs, only those that are missing.
# Idempotent: when everything is there it only asks dpkg and returns.
set -eu

PKGS="build-essential pkg-config clang libclang-rt-14-dev
libetpan-dev libgmime-3.0-dev libssl-dev libcurl4-gnutls-dev libsqlite3-dev
libcriterion-dev libjson-glib-dev libzip-dev libxml2-dev
openssl sqlite3 unzip dovecot-imapd python3-aiosmtpd isync"

missing=""
for p in $PKGS; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: these Debian packages are missing and installing them needs root:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps apt from starting Dovecot as a system service: the tests
# start their own instances.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
