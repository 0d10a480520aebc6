#!/bin/bash
# `installed ORDER --check HOST:PORT` against `openssl s_server` on 127.0.0.1:
# the issued certificate served -> installed (checked over TLS) and reported;
# another certificate -> 65, an unreachable server -> 69, nothing recorded.
. "$(dirname "$0")/lib.sh"

servers=""
cleanup() {
	for pid in $servers; do kill "$pid" 2>/dev/null; done
	for pid in $servers; do wait "$pid" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# serve PORT CERT KEY CHAIN [s_server options...]: start a TLS server and wait
# until it accepts connections.
serve() {
	local port=$1 cert=$2 key=$3 chain=$4 i
	shift 4
	openssl s_server -accept "127.0.0.1:$port" -cert "$cert" -key "$key" -cert_chain "$chain" \
		-www -quiet "$@" </dev/null >"$T/s_server.$port.log" 2>&1 &
	servers="$servers $!"
	for i in $(seq 1 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	not_ok "s_server on 127.0.0.1:$port did not start"; sed 's/^/    /' "$T/s_server.$port.log" >&2
	return 1
}

transitions() { sqlite3 "$T/var/mailproc.db" "SELECT count(*) FROM transitions WHERE order_id='$1'"; }

# --- three orders under way, each issued a certificate by the test CA --------
write_config "$T" "$T/pki/root.pem"
export MAILPROC_CONFIG="$T/mailproc.conf"
cd "$T"
"$TOP/scripts/test-pki.sh" init "$T/pki" >/dev/null 2>&1
for k in one two wild old; do
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/$k.key" 2>/dev/null
done
cat >"$T/orders.csv" <<CSV
customer_id,org_name,org_name_en,address,phone,contact_name,contact_title,contact_email,tech_email,domain,sans,ca,product,validation,not_after,price_jpy,order_id,state,key_file
C0001,株式会社テスト,Test K.K.,東京都港区1-1-1,03-0000-0000,山田 次郎,部長,jiro@test.example.jp,,www.test.example.jp,,digicert,Secure Site,ov,2027-01-31,33000,ORD-2026-0201,applied,$T/one.key
C0002,株式会社二番,Niban K.K.,東京都港区2-2-2,03-0000-0002,佐藤 花子,課長,hanako@niban.example.jp,,www.niban.example.jp,,digicert,Secure Site,ov,2027-01-31,33000,ORD-2026-0202,applied,$T/two.key
C0003,株式会社三番,Sanban K.K.,東京都港区3-3-3,03-0000-0003,鈴木 一郎,部長,ichiro@sanban.example.jp,,*.sanban.example.jp,,globalsign,AlphaSSL Wildcard,ov,2027-01-31,44000,ORD-2026-0203,applied,$T/wild.key
CSV
run init; expect_rc 0 "init"
run import "$T/orders.csv" --now 2026-12-22T09:00; expect_rc 0 "import three orders in applied"

issue() { # issue KEY OUT NAME...: a certificate of the test CA, valid 2026-12-01 to 2027-06-01
	local key=$1 out=$2
	shift 2
	"$TOP/scripts/test-pki.sh" issue "$T/pki" "$key" 20261201000000Z 20270601000000Z "$out" "$@" >/dev/null 2>&1
}
issue "$T/one.key" "$T/one.pem" www.test.example.jp
issue "$T/two.key" "$T/two.pem" www.niban.example.jp
issue "$T/wild.key" "$T/wild.pem" '*.sanban.example.jp'
# what the second customer's server still serves: same name, last year's key
issue "$T/old.key" "$T/old.pem" www.niban.example.jp
cat "$T/pki/inter.pem" "$T/pki/root.pem" >"$T/chain.pem"
for o in 0201:one 0202:two 0203:wild; do
	run record "ORD-2026-${o%%:*}" issued --file "$T/${o#*:}.chain.pem" --now 2026-12-22T10:00
	expect_rc 0 "ORD-2026-${o%%:*} issued"
done

# --- the issued certificate is served: installed, checked, reported ----------
p1=$(free_port)
serve "$p1" "$T/one.pem" "$T/one.key" "$T/chain.pem"
run installed ORD-2026-0201 --check "127.0.0.1:$p1" --now 2026-12-22T16:00
expect_rc 0 "installed --check, issued certificate served"
expect_out "^127\.0\.0\.1:$p1 serves the issued certificate for www\.test\.example\.jp, valid until 2027-06-01 \(Tokyo\)$" "match message"
expect_out "chain does not verify against the system's trusted roots" "trust note (test CA is not a system root)"
expect_out "issued -> installed \(staff\): installed \(checked over TLS\)" "installed, checked"
expect_out "installed -> reported" "reported"
expect_out "mail queued: install_report to the customer" "install report queued"
run show ORD-2026-0201
expect_out "State +reported" "order reported"
expect_out "checked over TLS" "show: checked over TLS"
expect_out "installed --check 127\.0\.0\.1:$p1 by " "show: what was checked, by whom"
expect_no_out "staff's word" "show: not the staff's word"
n=$(transitions ORD-2026-0201)
run installed ORD-2026-0201 --check "127.0.0.1:$p1" --now 2026-12-22T16:30
expect_rc 65 "a reported order is not installed again"
expect_no_out "serves the issued certificate" "refused before the check"
expect_eq "$(transitions ORD-2026-0201)" "$n" "second install records nothing"

# --- another certificate is served: 65, nothing recorded ---------------------
p2=$(free_port)
serve "$p2" "$T/old.pem" "$T/old.key" "$T/chain.pem"
n=$(transitions ORD-2026-0202)
run installed ORD-2026-0202 --check "127.0.0.1:$p2" --now 2026-12-22T16:00
expect_rc 65 "installed --check, another certificate served"
old_sha=$(openssl x509 -in "$T/old.pem" -outform DER | sha256sum | cut -d' ' -f1)
expect_err "127\.0\.0\.1:$p2 serves another certificate \(CN www\.niban\.example\.jp, sha256 $old_sha, valid until 2027-06-01\), not the one issued for ORD-2026-0202; nothing recorded" "mismatch message"
expect_eq "$(transitions ORD-2026-0202)" "$n" "mismatch records nothing"
run show ORD-2026-0202; expect_out "State +issued" "order stays issued"
# the right certificate on another order's server is not enough either
run installed ORD-2026-0202 --check "127.0.0.1:$p1" --now 2026-12-22T16:00
expect_rc 65 "another order's certificate refused"

# --- nobody listens: 69, nothing recorded ------------------------------------
p3=$(free_port)
run installed ORD-2026-0202 --check "127.0.0.1:$p3" --timeout 3 --now 2026-12-22T16:00
expect_rc 69 "installed --check, closed port"
expect_err "127\.0\.0\.1:$p3: connection refused; nothing recorded" "refused named"
expect_eq "$(transitions ORD-2026-0202)" "$n" "closed port records nothing"
run show ORD-2026-0202; expect_out "State +issued" "order still issued"

# --- a wildcard order: SNI is www. + the base name ----------------------------
# The server hands out the wildcard certificate only for that SNI
# (-servername_fatal refuses any other name).
p4=$(free_port)
serve "$p4" "$T/old.pem" "$T/old.key" "$T/chain.pem" \
	-servername www.sanban.example.jp -servername_fatal -cert2 "$T/wild.pem" -key2 "$T/wild.key"
run installed ORD-2026-0203 --check "127.0.0.1:$p4" --now 2026-12-22T16:00
expect_rc 0 "wildcard order checked with SNI www.sanban.example.jp"
expect_out "serves the issued certificate for \*\.sanban\.example\.jp" "wildcard match message"
run show ORD-2026-0203; expect_out "checked over TLS" "wildcard: checked over TLS"

# --- usage and the order's own state ----------------------------------------
run installed ORD-2026-0202 --check "127.0.0.1:" --now 2026-12-22T16:00
expect_rc 64 "empty port is a usage error"
run installed ORD-2026-0202 --timeout 5 --now 2026-12-22T16:00
expect_rc 64 "--timeout without --check"
run installed ORD-2026-0202 --check "127.0.0.1:$p3" --timeout 0 --now 2026-12-22T16:00
expect_rc 64 "--timeout 0"
cat >"$T/applied.csv" <<CSV
customer_id,org_name,org_name_en,address,phone,contact_name,contact_title,contact_email,tech_email,domain,sans,ca,product,validation,not_after,price_jpy,order_id,state,key_file
C0004,株式会社四番,Yonban K.K.,東京都港区4-4-4,03-0000-0004,田中 四郎,部長,shiro@yonban.example.jp,,www.yonban.example.jp,,digicert,Secure Site,ov,2027-01-31,33000,ORD-2026-0204,applied,$T/old.key
CSV
run import "$T/applied.csv" --now 2026-12-22T09:00; expect_rc 0 "import an order without a certificate"
run installed ORD-2026-0204 --check "127.0.0.1:$p1" --now 2026-12-22T16:00
expect_rc 65 "no issued certificate"
expect_err "ORD-2026-0204 has no issued certificate to check against" "no certificate named"
run installed ORD-2026-0999 --check "127.0.0.1:$p1" --now 2026-12-22T16:00
expect_rc 65 "unknown order"
run installed --help
expect_rc 0 "--help"; expect_out "--check" "--help names --check"; expect_out "--timeout" "--help names --timeout"

# without --check: unchanged, the staff member's word
run installed ORD-2026-0202 --now 2026-12-22T17:00
expect_rc 0 "installed without --check"
expect_out "installed \(staff's word\)" "staff's word"

finish
