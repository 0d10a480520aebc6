#!/bin/bash
# `mailproc bundle`: the install-report ZIP of each CA's layout, opened with
# unzip and checked with the openssl command, and the refusals around it.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
MAILPROC_DEMO_DIR="$D" bash "$TOP/scripts/demo.sh" >"$T/demo.out" 2>&1
rc=$?
expect_rc 0 "demo script"
export MAILPROC_CONFIG="$D/mailproc.conf"
cd "$D" || exit 1
# The certificates' validity is fixed in 2026-2027: verify them then, not today.
AT=1798761600 # 2027-01-01T00:00:00Z

# names ZIP: the entry names, one per line, in archive order
names() { unzip -Z1 "$1" 2>/dev/null | tr '\n' ' '; }
# subject ZIP ENTRY: the subject of the (first) certificate in an entry
subject() { unzip -p "$1" "$2" | openssl x509 -noout -subject 2>/dev/null; }
# subjects ZIP ENTRY: the subjects of every certificate of a PEM entry, in order
subjects() {
	unzip -p "$1" "$2" | openssl crl2pkcs7 -nocrl -certfile /dev/stdin 2>/dev/null |
		openssl pkcs7 -print_certs -noout 2>/dev/null | sed -n 's/^subject=//p' | tr '\n' '|'
}
# no_private ZIP: no private key in any entry, nor in the ZIP's bytes
no_private() {
	if unzip -p "$1" | grep -q PRIVATE || grep -q PRIVATE "$1"; then
		not_ok "$2: a private key in the bundle"
	else ok; fi
}

# --- DigiCert: the demo's order ---------------------------------------------
run bundle ORD-2026-0001 -o "$T/b.zip"
expect_rc 0 "bundle of the demo's order"
expect_out "wrote $T/b.zip" "names the file written"
expect_out "www\.sakura-shoji\.example\.jp\.crt +certificate" "lists the certificate"
expect_out "DigiCertCA\.ca +intermediate certificate" "lists the intermediate"
expect_out "TrustedRoot\.ca +root certificate" "lists the root"
expect_eq "$(names "$T/b.zip")" "www.sakura-shoji.example.jp.crt DigiCertCA.ca TrustedRoot.ca " \
	"digicert entries"
expect_eq "$(unzip -l "$T/b.zip" | tail -n 1 | awk '{print $2}')" 3 "exactly three files"
expect_eq "$(subject "$T/b.zip" www.sakura-shoji.example.jp.crt)" "subject=CN = www.sakura-shoji.example.jp" \
	"leaf in DOMAIN.crt"
expect_eq "$(subject "$T/b.zip" DigiCertCA.ca)" "subject=CN = mailproc Test OV CA, O = mailproc test PKI, C = JP" \
	"intermediate in DigiCertCA.ca"
expect_eq "$(subject "$T/b.zip" TrustedRoot.ca)" "subject=CN = mailproc Test Root CA, O = mailproc test PKI, C = JP" \
	"root in TrustedRoot.ca"
expect_eq "$(subjects "$T/b.zip" DigiCertCA.ca)" "CN = mailproc Test OV CA, O = mailproc test PKI, C = JP|" \
	"only the intermediate in DigiCertCA.ca"
mkdir -p "$T/x"
(cd "$T/x" && unzip -q "$T/b.zip")
if openssl verify -attime "$AT" -CAfile "$T/x/TrustedRoot.ca" -untrusted "$T/x/DigiCertCA.ca" \
	"$T/x/www.sakura-shoji.example.jp.crt" >"$T/verify.out" 2>&1; then ok; else
	not_ok "openssl verify of the digicert bundle"; sed 's/^/    /' "$T/verify.out" >&2
fi
if grep -rq PRIVATE "$T/x"; then not_ok "PRIVATE in the unzipped files"; else ok; fi
no_private "$T/b.zip" "digicert"
# the certificate is the one recorded
expect_eq "$(openssl x509 -noout -fingerprint -sha256 <"$T/x/www.sakura-shoji.example.jp.crt")" \
	"$(openssl x509 -noout -fingerprint -sha256 <issued.pem)" "the issued certificate itself"

# the same order gives the same bytes
run bundle ORD-2026-0001 -o "$T/b2.zip"
expect_rc 0 "bundle again with -o"
if cmp -s "$T/b.zip" "$T/b2.zip"; then ok; else not_ok "two bundles of one order differ"; fi

# default name in the current folder; never replaced without -o
mkdir -p "$T/cwd"
cd "$T/cwd" || exit 1
run bundle ORD-2026-0001
expect_rc 0 "bundle without -o"
if [ -f "$T/cwd/www.sakura-shoji.example.jp.zip" ]; then ok; else not_ok "DOMAIN.zip not in the cwd"; fi
expect_out "wrote www\.sakura-shoji\.example\.jp\.zip" "default name printed"
echo "customer's copy" >"$T/cwd/other.zip"
cp "$T/cwd/www.sakura-shoji.example.jp.zip" "$T/first.zip"
run bundle ORD-2026-0001
expect_rc 73 "second time without -o refused"
expect_err "already exists" "refusal says why"
expect_err "-o www\.sakura-shoji\.example\.jp\.zip" "refusal gives the hint"
if cmp -s "$T/first.zip" "$T/cwd/www.sakura-shoji.example.jp.zip"; then ok; else
	not_ok "the existing ZIP was touched"; fi
run bundle ORD-2026-0001 -o other.zip
expect_rc 0 "-o replaces a file it names"
expect_eq "$(names other.zip)" "www.sakura-shoji.example.jp.crt DigiCertCA.ca TrustedRoot.ca " "replaced file is the ZIP"
expect_eq "$(ls -A "$T/cwd" | tr '\n' ' ')" "other.zip www.sakura-shoji.example.jp.zip " "no temporary file left"
run bundle ORD-2026-0001 -o "$T/no-such-dir/b.zip"
expect_rc 73 "unwritable folder"
cd "$D" || exit 1

# --- refusals ---------------------------------------------------------------
run bundle ORD-2026-0002
expect_rc 65 "order without an issued certificate"
expect_err "ORD-2026-0002 has no issued certificate yet" "says so"
run bundle ORD-2026-9999
expect_rc 65 "unknown order"
run bundle
expect_rc 64 "no order"
run bundle --help
expect_rc 0 "--help"
expect_out "move to another server" "--help says what it is for"

# --- GlobalSign wildcard and Sectigo: orders under way, imported -----------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/hikari.key" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/umi.key" 2>/dev/null
cat >"$T/under-way.csv" <<CSV
customer_id,org_name,org_name_en,address,phone,contact_name,contact_title,contact_email,tech_email,domain,sans,ca,product,validation,not_after,price_jpy,order_id,state,key_file
C0020,ひかりネット株式会社,Hikari Net K.K.,大阪府大阪市北区梅田1-1-1,06-1111-2222,鈴木 一郎,課長,ichiro@hikari-net.example.jp,,*.hikari-net.example.jp,hikari-net.example.jp,globalsign,AlphaSSL Wildcard,ov,2027-01-31,44000,ORD-2026-0200,applied,$T/hikari.key
C0021,株式会社うみ,Umi K.K.,福岡県福岡市中央区天神2-2-2,092-333-4444,田中 花,部長,hana@umi.example.jp,,shop.umi.example.jp,,sectigo,OV SSL,ov,2027-01-31,22000,ORD-2026-0201,applied,$T/umi.key
CSV
run import "$T/under-way.csv" --now 2026-12-22T09:00
expect_rc 0 "import two orders under way"
run bundle ORD-2026-0200
expect_rc 65 "applied, not issued yet"

"$TOP/scripts/test-pki.sh" issue "$D/pki" "$T/hikari.key" 20261201000000Z 20270601000000Z "$T/hikari.pem" \
	'*.hikari-net.example.jp' hikari-net.example.jp >/dev/null 2>&1
run record ORD-2026-0200 issued --file "$T/hikari.chain.pem" --now 2026-12-22T13:00
expect_rc 0 "wildcard certificate recorded"
# Sectigo's mail without the root: the bundle takes it from [trust] roots.
"$TOP/scripts/test-pki.sh" issue "$D/pki" "$T/umi.key" 20261201000000Z 20270601000000Z "$T/umi.pem" \
	shop.umi.example.jp >/dev/null 2>&1
cat "$T/umi.pem" "$D/pki/inter.pem" >"$T/umi.noroot.pem"
run record ORD-2026-0201 issued --file "$T/umi.noroot.pem" --now 2026-12-22T13:00
expect_rc 0 "sectigo certificate recorded without its root"

INTER="CN = mailproc Test OV CA, O = mailproc test PKI, C = JP"
ROOT="CN = mailproc Test Root CA, O = mailproc test PKI, C = JP"

run bundle ORD-2026-0200 -o "$T/g.zip"
expect_rc 0 "globalsign bundle"
expect_eq "$(names "$T/g.zip")" \
	"wildcard.hikari-net.example.jp.crt wildcard.hikari-net.example.jp.ca wildcard.hikari-net.example.jp.pem " \
	"globalsign entries"
expect_eq "$(subject "$T/g.zip" wildcard.hikari-net.example.jp.crt)" "subject=CN = *.hikari-net.example.jp" \
	"leaf in DOMAIN.crt"
expect_eq "$(subjects "$T/g.zip" wildcard.hikari-net.example.jp.ca)" "$INTER|" "intermediate only in DOMAIN.ca"
p7=$(unzip -p "$T/g.zip" wildcard.hikari-net.example.jp.pem)
case "$p7" in "-----BEGIN PKCS7-----"*) ok ;; *) not_ok "DOMAIN.pem is not PEM PKCS#7" ;; esac
expect_eq "$(printf '%s\n' "$p7" | openssl pkcs7 -print_certs -noout 2>/dev/null | sed -n 's/^subject=//p' | tr '\n' '|')" \
	"CN = *.hikari-net.example.jp|$INTER|" "DOMAIN.pem: leaf and intermediate, in that order"
mkdir -p "$T/g"
(cd "$T/g" && unzip -q "$T/g.zip")
if openssl verify -attime "$AT" -CAfile "$D/pki/root.pem" -untrusted "$T/g/wildcard.hikari-net.example.jp.ca" \
	"$T/g/wildcard.hikari-net.example.jp.crt" >"$T/verify.out" 2>&1; then ok; else
	not_ok "openssl verify of the globalsign bundle"; sed 's/^/    /' "$T/verify.out" >&2
fi
no_private "$T/g.zip" "globalsign"
# the default name follows the wildcard rule too
(cd "$T/cwd" && "$MAILPROC" bundle ORD-2026-0200 >/dev/null 2>&1)
if [ -f "$T/cwd/wildcard.hikari-net.example.jp.zip" ]; then ok; else
	not_ok "wildcard default name"; fi

run bundle ORD-2026-0201 -o "$T/s.zip"
expect_rc 0 "sectigo bundle, root from [trust] roots"
expect_eq "$(names "$T/s.zip")" "shop.umi.example.jp.crt shop.umi.example.jp.ca-bundle " "sectigo entries"
expect_eq "$(subject "$T/s.zip" shop.umi.example.jp.crt)" "subject=CN = shop.umi.example.jp" "leaf in DOMAIN.crt"
expect_eq "$(subjects "$T/s.zip" shop.umi.example.jp.ca-bundle)" "$INTER|$ROOT|" \
	"ca-bundle: intermediate then root"
mkdir -p "$T/s"
(cd "$T/s" && unzip -q "$T/s.zip")
if openssl verify -attime "$AT" -CAfile "$D/pki/root.pem" -untrusted "$T/s/shop.umi.example.jp.ca-bundle" \
	"$T/s/shop.umi.example.jp.crt" >"$T/verify.out" 2>&1; then ok; else
	not_ok "openssl verify of the sectigo bundle"; sed 's/^/    /' "$T/verify.out" >&2
fi
no_private "$T/s.zip" "sectigo"

# the root neither sent nor configured: refused, nothing written
"$TOP/scripts/test-pki.sh" init "$T/other-pki" >/dev/null 2>&1
sed -e "s|^roots=.*|roots=$T/other-pki/root.pem|" -e "s|^db=.*|db=$D/var/mailproc.db|" "$D/mailproc.conf" >"$T/other-roots.conf"
run bundle ORD-2026-0201 -o "$T/s2.zip" --config "$T/other-roots.conf"
expect_rc 65 "root missing from the chain and from [trust] roots"
expect_err "is not in \[trust\] roots" "says where it looked"
if [ -e "$T/s2.zip" ]; then not_ok "a ZIP was written anyway"; else ok; fi
# ... while a chain that brings its root needs no configured root
run bundle ORD-2026-0200 -o "$T/g2.zip" --config "$T/other-roots.conf"
expect_rc 0 "the CA's own root is used"

finish
