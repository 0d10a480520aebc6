#!/bin/bash
# cert-verify: every way a CA sends a chain, the chain, key and name checks, the JSON and exit codes.
. "$(dirname "$0")/lib.sh"

cd "$T"
PKI="$TOP/scripts/test-pki.sh"
PY=/usr/bin/python3
NOW=2026-06-01T12:00   # Tokyo time; the leaf is valid 2026-01-01 to 2027-12-01 UTC
unset MAILPROC_CONFIG

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# cv ARGS...: run cert-verify; whatever happens, stdout is at most one line
# and never mentions a private key (stderr may say a file holds one).
cv() {
	run cert-verify "$@"
	if grep -q PRIVATE "$T/out"; then not_ok "PRIVATE in the JSON of: cert-verify $*"; else ok; fi
	if [ "$(wc -l <"$T/out")" -le 1 ]; then ok; else not_ok "more than one line from: cert-verify $*"; fi
}

# jq_true EXPR what: the Python expression EXPR, with j the JSON of $T/out,
# is true.
jq_true() {
	if "$PY" -c 'import json, sys
j = json.loads(open(sys.argv[1], encoding="utf-8").read())
sys.exit(0 if eval(sys.argv[2]) else 1)' "$T/out" "$1" 2>"$T/py.err"; then ok; else
		not_ok "$2: $1"; sed 's/^/    /' "$T/out" "$T/py.err" >&2
	fi
}

# expect_verdict CHAIN KEY NAMES OK what: the four results as Python
# literals (True, False, None).
expect_verdict() {
	jq_true "(j['chain_ok'], j['key_match'], j['names_ok'], j['ok']) == ($1, $2, $3, $4)" "$5"
}

sha256_der() { openssl x509 -in "$1" -outform DER | sha256sum | cut -d' ' -f1; }

# ---- the test PKI: root -> "mailproc Test OV CA" -> www.example.jp ----------
sh "$PKI" init pki
newkey www.key
sh "$PKI" issue pki www.key 20260101000000Z 20271201000000Z www.pem www.example.jp example.jp
ROOTS="$T/pki/root.pem"
openssl pkey -in www.key -pubout -out www.pub 2>/dev/null
openssl req -new -key www.key -subj "/CN=www.example.jp" -out www.csr 2>/dev/null
newkey other.key
LEAF_SHA=$(sha256_der www.pem)
INTER_SHA=$(sha256_der pki/inter.pem)
ROOT_SHA=$(sha256_der pki/root.pem)

# ---- a good chain, with the private key, every field ------------------------
cv --roots "$ROOTS" --now "$NOW" --key www.key --name www.example.jp --name example.jp www.chain.pem
expect_rc 0 "good chain"
expect_verdict True True True True "good chain"
jq_true "sorted(j) == ['certificates', 'chain_error', 'chain_ok', 'key_match', 'names_error', 'names_ok', 'not_after', 'ok', 'unread_files']" "members"
jq_true "j['chain_error'] is None and j['names_error'] is None and j['unread_files'] == []" "no errors"
jq_true "j['not_after'] == '2027-12-01T00:00:00Z'" "not_after"
jq_true "len(j['certificates']) == 3" "three certificates"
jq_true "all(sorted(c) == ['is_ca', 'issuer_cn', 'not_after', 'sans', 'sha256', 'subject_cn'] for c in j['certificates'])" "certificate members"
jq_true "j['certificates'][0] == {'subject_cn': 'www.example.jp', 'sans': ['www.example.jp', 'example.jp'], 'issuer_cn': 'mailproc Test OV CA', 'not_after': '2027-12-01T00:00:00Z', 'sha256': '$LEAF_SHA', 'is_ca': False}" "leaf"
jq_true "j['certificates'][1] == {'subject_cn': 'mailproc Test OV CA', 'sans': [], 'issuer_cn': 'mailproc Test Root CA', 'not_after': '2039-12-31T23:59:59Z', 'sha256': '$INTER_SHA', 'is_ca': True}" "intermediate"
jq_true "j['certificates'][2] == {'subject_cn': 'mailproc Test Root CA', 'sans': [], 'issuer_cn': 'mailproc Test Root CA', 'not_after': '2040-12-31T23:59:59Z', 'sha256': '$ROOT_SHA', 'is_ca': True}" "root"
expect_out '^\{"certificates":\[\{"subject_cn":"www\.example\.jp",' "INTERFACE order, not pretty"

# the same key as a public key and as a CSR
cv --roots "$ROOTS" --now "$NOW" --key www.pub --name www.example.jp www.chain.pem
expect_rc 0 "key as public key"; expect_verdict True True True True "key as public key"
cv --roots "$ROOTS" --now "$NOW" --key www.csr --name www.example.jp www.chain.pem
expect_rc 0 "key as CSR"; expect_verdict True True True True "key as CSR"
openssl pkey -in www.key -outform DER -out www.key.der 2>/dev/null
cv --roots "$ROOTS" --now "$NOW" --key www.key.der www.chain.pem
expect_rc 0 "key as DER"; expect_verdict True True None True "key as DER"

# no --key, no --name: not asked, so null
cv --roots "$ROOTS" --now "$NOW" www.chain.pem
expect_rc 0 "no key, no name"
expect_verdict True None None True "no key, no name"
expect_out '"key_match":null,"names_ok":null' "nulls written as null"

# a bundle holding the private key too: read, and the key never echoed
cat www.key www.chain.pem >with-key.pem
cv --roots "$ROOTS" --now "$NOW" --key www.key with-key.pem
expect_rc 0 "bundle with a private key"; expect_verdict True True None True "bundle with a private key"

# ---- the formats CAs send -----------------------------------------------------
# DigiCert: DOMAIN.crt, DigiCertCA.crt, TrustedRoot.crt in a folder; the
# names sort the leaf last, the output puts it first.
mkdir digicert digicert/sub
cp www.pem digicert/www_example_jp.crt
cp pki/inter.pem digicert/DigiCertCA.crt
cp pki/root.pem digicert/TrustedRoot.crt
echo garbage >digicert/sub/not-read.txt     # not recursive
echo garbage >digicert/.DS_Store            # hidden files are not read
cv --roots "$ROOTS" --now "$NOW" --key www.key --name www.example.jp digicert
expect_rc 0 "DigiCert folder"; expect_verdict True True True True "DigiCert folder"
jq_true "[c['sha256'] for c in j['certificates']] == ['$LEAF_SHA', '$INTER_SHA', '$ROOT_SHA']" "DigiCert folder: leaf first"
# the same files named one by one, in any order
cv --roots "$ROOTS" --now "$NOW" --key www.key digicert/TrustedRoot.crt digicert/www_example_jp.crt digicert/DigiCertCA.crt
expect_rc 0 "DigiCert files"; jq_true "j['certificates'][0]['sha256'] == '$LEAF_SHA'" "DigiCert files: leaf first"

# Sectigo: a ZIP of DOMAIN.crt and DOMAIN.ca-bundle
mkdir sectigo
cp www.pem sectigo/www_example_jp.crt
cat pki/inter.pem pki/root.pem >sectigo/www_example_jp.ca-bundle
(cd sectigo && "$PY" -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for f in sys.argv[2:]:
        z.write(f)' ../sectigo.zip www_example_jp.crt www_example_jp.ca-bundle)
cv --roots "$ROOTS" --now "$NOW" --key www.key --name www.example.jp sectigo.zip
expect_rc 0 "Sectigo ZIP"; expect_verdict True True True True "Sectigo ZIP"
jq_true "len(j['certificates']) == 3 and j['certificates'][0]['sha256'] == '$LEAF_SHA'" "Sectigo ZIP: three, leaf first"

# GlobalSign: PKCS#7 of the certificate and the intermediate, DER and PEM
cat www.pem pki/inter.pem >leaf-inter.pem
openssl crl2pkcs7 -nocrl -certfile leaf-inter.pem -outform DER -out chain.p7b
openssl crl2pkcs7 -nocrl -certfile leaf-inter.pem -out chain-pem.p7b
cv --roots "$ROOTS" --now "$NOW" --key www.key --name www.example.jp chain.p7b
expect_rc 0 "PKCS#7 DER"; expect_verdict True True True True "PKCS#7 DER"
jq_true "len(j['certificates']) == 2 and j['certificates'][0]['sha256'] == '$LEAF_SHA'" "PKCS#7 DER: two, leaf first"
cv --roots "$ROOTS" --now "$NOW" --key www.key --name www.example.jp chain-pem.p7b
expect_rc 0 "PKCS#7 PEM"; expect_verdict True True True True "PKCS#7 PEM"
grep -q 'BEGIN PKCS7' chain-pem.p7b && ok || not_ok "PKCS#7 PEM file is PEM"
# GlobalSign's three files together: duplicates are read once
mkdir globalsign
cp www.pem globalsign/www.example.jp.crt
cp pki/inter.pem globalsign/www.example.jp.ca
cp chain-pem.p7b globalsign/www.example.jp.pem
cv --roots "$ROOTS" --now "$NOW" --key www.key globalsign
expect_rc 0 "GlobalSign folder"; jq_true "len(j['certificates']) == 2" "duplicates skipped"

# DER files
openssl x509 -in www.pem -outform DER -out www.der
openssl x509 -in pki/inter.pem -outform DER -out inter.der
cv --roots "$ROOTS" --now "$NOW" --key www.key --name example.jp www.der inter.der
expect_rc 0 "DER"; expect_verdict True True True True "DER"

# stdin
cv --roots "$ROOTS" --now "$NOW" --key www.key - <www.chain.pem
expect_rc 0 "stdin"; expect_verdict True True None True "stdin"

# ---- checks that fail -------------------------------------------------------------
cv --roots "$ROOTS" --now "$NOW" --key www.key --name www.example.jp www.pem
expect_rc 65 "leaf without intermediate"
expect_verdict False True True False "leaf without intermediate"
jq_true "isinstance(j['chain_error'], str) and 'issuer' in j['chain_error']" "chain_error says why"
jq_true "len(j['certificates']) == 1" "leaf only"

cv --roots "$ROOTS" --now "$NOW" --key other.key --name www.example.jp www.chain.pem
expect_rc 65 "another key"; expect_verdict True False True False "another key"

cv --roots "$ROOTS" --now "$NOW" --key www.key --name shop.example.jp www.chain.pem
expect_rc 65 "wrong name"; expect_verdict True True False False "wrong name"
jq_true "'shop.example.jp' in j['names_error']" "names_error names the name"
cv --roots "$ROOTS" --now "$NOW" --name www.example.jp --name shop.example.jp www.chain.pem
expect_rc 65 "one name of two missing"; expect_verdict True None False False "one name of two missing"

# expiry: 2027-12-01T00:00:00Z is 09:00 in Tokyo
cv --roots "$ROOTS" --now 2027-12-01T08:59 --key www.key www.chain.pem
expect_rc 0 "a minute before expiry"; expect_verdict True True None True "a minute before expiry"
cv --roots "$ROOTS" --now 2027-12-01T09:01 --key www.key www.chain.pem
expect_rc 65 "expired"; expect_verdict False True None False "expired"
jq_true "'expired' in j['chain_error']" "chain_error says expired"
jq_true "j['not_after'] == '2027-12-01T00:00:00Z'" "expired: not_after"
cv --roots "$ROOTS" --now 2025-12-31T12:00 www.chain.pem
expect_rc 65 "not yet valid"; expect_verdict False None None False "not yet valid"

# a root we do not trust: a second PKI
sh "$PKI" init pki2
cv --roots "$T/pki2/root.pem" --now "$NOW" --key www.key www.chain.pem
expect_rc 65 "untrusted root"; expect_verdict False True None False "untrusted root"
jq_true "isinstance(j['chain_error'], str) and len(j['chain_error']) > 0" "untrusted root: why"
# a leaf of the second PKI with the first one's intermediate
newkey p2.key
sh "$PKI" issue pki2 p2.key 20260101000000Z 20271201000000Z p2.pem www.example.jp
cv --roots "$ROOTS" --now "$NOW" p2.pem pki/inter.pem
expect_rc 65 "foreign leaf, our intermediate"; expect_verdict False None None False "foreign leaf, our intermediate"

# wildcard: one label only, and not the bare domain
newkey wild.key
sh "$PKI" issue pki wild.key 20260101000000Z 20271201000000Z wild.pem '*.example.jp'
cv --roots "$ROOTS" --now "$NOW" --key wild.key --name www.example.jp wild.chain.pem
expect_rc 0 "wildcard covers www"; expect_verdict True True True True "wildcard covers www"
jq_true "j['certificates'][0]['subject_cn'] == '*.example.jp' and j['certificates'][0]['sans'] == ['*.example.jp']" "wildcard names"
cv --roots "$ROOTS" --now "$NOW" --key wild.key --name '*.example.jp' wild.chain.pem
expect_rc 0 "wildcard order"; expect_verdict True True True True "wildcard order"
cv --roots "$ROOTS" --now "$NOW" --key wild.key --name a.b.example.jp wild.chain.pem
expect_rc 65 "wildcard and two labels"; expect_verdict True True False False "wildcard and two labels"
cv --roots "$ROOTS" --now "$NOW" --name example.jp wild.chain.pem
expect_rc 65 "wildcard and the bare domain"; expect_verdict True None False False "wildcard and the bare domain"

# ---- files that are not certificates ------------------------------------------------
printf 'this is not a certificate\n' >garbage.crt
cv --roots "$ROOTS" --now "$NOW" garbage.crt
expect_rc 65 "garbage"; expect_err "garbage\.crt" "garbage: file named"
expect_eq "$(wc -c <"$T/out")" 0 "garbage: no JSON without a certificate"
cv --roots "$ROOTS" --now "$NOW" --key www.key www.chain.pem garbage.crt
expect_rc 65 "chain and garbage"; expect_err "garbage\.crt" "chain and garbage: file named"
expect_verdict True True None False "chain and garbage: JSON, not ok"
jq_true "j['unread_files'] == ['garbage.crt']" "unread_files"
cv --roots "$ROOTS" --now "$NOW" www.chain.pem nothere.crt
expect_rc 65 "missing file"; expect_err "nothere\.crt" "missing file named"
expect_verdict True None None False "missing file: JSON, not ok"
: >empty.pem
cv --roots "$ROOTS" --now "$NOW" empty.pem
expect_rc 65 "empty file"; expect_err "empty\.pem" "empty file named"
mkdir emptydir
cv --roots "$ROOTS" --now "$NOW" emptydir
expect_rc 65 "empty folder"; expect_err "emptydir" "empty folder named"
cv --roots "$ROOTS" --now "$NOW" www.key
expect_rc 65 "a key is no certificate"; expect_err "www\.key" "key file named"
# a key file next to the certificates: named in the JSON, not described there
cp www.key digicert/www_example_jp.key
cv --roots "$ROOTS" --now "$NOW" digicert
expect_rc 65 "folder with a key"; expect_verdict True None None False "folder with a key"
jq_true "j['unread_files'] == ['digicert/www_example_jp.key']" "folder with a key: the key file is unread"
expect_err "www_example_jp\.key" "folder with a key: named on stderr"
rm digicert/www_example_jp.key

# ---- what the certificates are checked against ------------------------------------
cv --roots "$T/nothere.pem" --now "$NOW" www.chain.pem
expect_rc 66 "--roots missing"; expect_err "trusted roots.*nothere\.pem" "--roots missing: says which"
expect_eq "$(wc -c <"$T/out")" 0 "--roots missing: no JSON"
cv --roots garbage.crt --now "$NOW" www.chain.pem
expect_rc 66 "--roots without a certificate"; expect_err "trusted roots.*garbage\.crt" "--roots without a certificate: says which"
cv --roots "$ROOTS" --now "$NOW" --key "$T/nothere.key" www.chain.pem
expect_rc 66 "--key missing"; expect_err "nothere\.key" "--key missing named"
cv --roots "$ROOTS" --now "$NOW" --key garbage.crt www.chain.pem
expect_rc 65 "--key not a key"; expect_err "--key garbage\.crt" "--key not a key named"

# roots from the configuration: --config, $MAILPROC_CONFIG, ./mailproc.conf
write_config "$T/cfg" "$ROOTS"
cv --config "$T/cfg/mailproc.conf" --now "$NOW" www.chain.pem
expect_rc 0 "roots from --config"; expect_verdict True None None True "roots from --config"
MAILPROC_CONFIG="$T/cfg/mailproc.conf" cv --now "$NOW" www.chain.pem
expect_rc 0 "roots from \$MAILPROC_CONFIG"
cd cfg
cv --now "$NOW" ../www.chain.pem
expect_rc 0 "roots from ./mailproc.conf"
cd "$T"
cv --config "$T/cfg/mailproc.conf" --roots "$T/pki2/root.pem" --now "$NOW" www.chain.pem
expect_rc 65 "--roots wins over the config"
write_config "$T/cfg2" "$T/nothere.pem"
cv --config "$T/cfg2/mailproc.conf" --now "$NOW" www.chain.pem
expect_rc 66 "config's roots missing"; expect_err "\[trust\] roots" "config's roots missing: says where"
cv --config "$T/nothere.conf" --now "$NOW" www.chain.pem
expect_rc 78 "--config missing"
# no configuration at all is fine: the system's roots, which do not know ours
mkdir noconf
cd noconf
cv --now "$NOW" ../www.chain.pem
cd "$T"
expect_rc 65 "no config: system roots"; expect_verdict False None None False "no config: system roots"

# ---- usage --------------------------------------------------------------------------
run cert-verify --help; expect_rc 0 "--help"; expect_out "mailproc cert-verify" "--help names itself"
expect_out "66" "--help documents 66"
cv --roots "$ROOTS"; expect_rc 64 "no files"
cv --bogus www.chain.pem; expect_rc 64 "unknown option"
cv --now yesterday www.chain.pem; expect_rc 64 "bad --now"
cv --name "" www.chain.pem; expect_rc 64 "empty --name"

finish
