#!/bin/bash
# `mailproc csr`: the order's key (0600, never shown) and its CSR from the order's data.
. "$(dirname "$0")/lib.sh"

write_config "$T/c"
export MAILPROC_CONFIG="$T/c/mailproc.conf"
cd "$T/c"
run init; expect_rc 0 "init"

H=$(head -1 "$TOP/fixtures/import/sample.csv")
cat >"$T/orders.csv" <<CSV
$H,order_id,state
C0001,株式会社さくら商事,"Sakura Shoji Co., Ltd.",東京都千代田区丸の内1-2-3 さくらビル5F,03-1234-5678,山田 太郎,情報システム部長,yamada@sakura-shoji.example.jp,,www.sakura-shoji.example.jp,sakura-shoji.example.jp,digicert,Secure Site,ov,2026-12-10,33000,ORD-2026-0101,accepted
C0002,有限会社みなと工房,Minato Kobo Ltd.,東京都港区芝1-1,03-2222-3333,佐藤 花子,,hanako@minato-kobo.example.jp,,shop.minato-kobo.example.jp,,sectigo,OV SSL,ov,2027-01-20,22000,ORD-2026-0102,scheduled
C0003,合同会社ひかりネット,Hikari Net LLC,〒530-0001 大阪府大阪市北区梅田2-4-6,06-4444-5555,鈴木 一郎,,suzuki@hikari-net.example.jp,,*.hikari-net.example.jp,hikari-net.example.jp,globalsign,AlphaSSL Wildcard,ov,2027-03-05,49500,ORD-2026-0103,applied
C0004,株式会社みなと,Minato Corp.,横浜市中区山下町10-20,045-222-3333,高橋 次郎,,jiro@minato.example.jp,,www.minato.example.jp,,digicert,Secure Site,ov,2027-02-01,33000,ORD-2026-0104,accepted
C0005,株式会社あおば,Aoba K.K.,東京都新宿区西新宿2-8-1,03-5555-6666,青葉 一郎,,ichiro@aoba.example.jp,,www.aoba.example.jp,,digicert,Secure Site,ov,2027-03-01,33000,ORD-2026-0105,notice_sent
C0006,株式会社かな,株式会社かな,東京都中央区銀座1-1,03-7777-8888,仮名 太郎,,taro@kana.example.jp,,www.kana.example.jp,,digicert,Secure Site,ov,2027-03-01,33000,ORD-2026-0106,accepted
CSV
run import "$T/orders.csv" --now 2026-11-20T09:00; expect_rc 0 "import orders"

K=var/keys
O=ORD-2026-0101

# L cannot be read from kanji: without --locality, exit 64 and say what to give
run csr $O; expect_rc 64 "csr without --locality"
expect_err "--locality Chiyoda-ku: the city or ward in English" "hint for --locality"
[ ! -e $K/$O.key ] && ok || not_ok "a refused csr left a key"

run csr $O --locality 千代田区; expect_rc 64 "non-ASCII --locality"
expect_err "printable ASCII" "non-ASCII --locality says why"
run csr $O --locality Chiyoda-ku --rsa 1024; expect_rc 64 "--rsa 1024"
run csr ORD-2099-0001 --locality Chiyoda-ku; expect_rc 65 "unknown order"

# the normal case: EC P-256, C/ST/L/O/CN, every name a SAN, PEM on stdout
run csr $O --locality Chiyoda-ku; expect_rc 0 "csr"
expect_out "^-----BEGIN CERTIFICATE REQUEST-----$" "CSR PEM on stdout"
cp "$T/out" "$T/csr1.out"; cp "$T/err" "$T/csr1.err"
if cmp -s "$T/out" $K/$O.csr; then ok; else not_ok "stdout is not the CSR file"; fi
req=$(openssl req -in $K/$O.csr -noout -subject -verify 2>&1)
case "$req" in
*'subject=C = JP, ST = Tokyo, L = Chiyoda-ku, O = "Sakura Shoji Co., Ltd.", CN = www.sakura-shoji.example.jp'*) ok ;;
*) not_ok "CSR subject: $req" ;;
esac
case "$req" in *"verify OK"*) ok ;; *) not_ok "CSR does not verify: $req" ;; esac
sans=$(openssl req -in $K/$O.csr -noout -text | grep -o 'DNS:.*' | tr -d ' ')
expect_eq "$sans" "DNS:www.sakura-shoji.example.jp,DNS:sakura-shoji.example.jp" "SANs: the CN and the sans"
openssl req -in $K/$O.csr -noout -text | grep -q 'ecdsa-with-SHA256' && ok || not_ok "signed with ECDSA SHA-256"
openssl pkey -in $K/$O.key -noout -text 2>/dev/null | grep -q 'NIST CURVE: P-256' && ok || not_ok "key is P-256"
head -1 $K/$O.key | grep -qx -- '-----BEGIN PRIVATE KEY-----' && ok || not_ok "key is PKCS#8 PEM"
expect_eq "$(stat -c %a $K/$O.key)" 600 "key mode"
expect_eq "$(stat -c %a $K/$O.csr)" 644 "CSR mode"
expect_eq "$(ls -A $K | grep -c '\.tmp$')" 0 "no temporary files left"
keypub=$(openssl pkey -in $K/$O.key -pubout)
expect_eq "$(openssl req -in $K/$O.csr -noout -pubkey)" "$keypub" "the CSR carries the key"

# the order records the public key, and the timeline says who made it
spki=$(openssl pkey -in $K/$O.key -pubout -outform DER | sha256sum | cut -d' ' -f1)
run show $O; expect_rc 0 "show"
expect_out "^Key +sha256:$spki" "show has the key's sha256"
expect_out "csr by $(id -un): key and CSR generated \(EC P-256\)" "timeline line"
expect_out "State +accepted" "csr leaves the state alone"

# the key is never printed, logged or stored
body=$(sed '1d;$d' $K/$O.key)
leak=no
for f in "$T/csr1.out" "$T/csr1.err" "$T/out"; do
	grep -q 'PRIVATE' "$f" && leak=yes
	printf '%s\n' "$body" | grep -qF -f - "$f" && leak=yes
done
expect_eq "$leak" no "the key never reaches stdout or stderr"
if strings var/mailproc.db* | grep -qE 'PRIVATE|'"$(printf '%s\n' "$body" | head -1)"; then
	not_ok "the key reached the database"
else ok; fi
run csr $O --locality Chiyoda-ku --verbose --force
printf '%s\n' "$(sed '1d;$d' $K/$O.key)" | grep -qF -f - "$T/err" && not_ok "a verbose log holds the key" || ok
expect_err "order=$O" "verbose run logs the event"
rm $K/$O.key.old $K/$O.csr.old
cp $K/$O.key "$T/key1"
spki=$(openssl pkey -in $K/$O.key -pubout -outform DER | sha256sum | cut -d' ' -f1)

# a second csr is refused; --force makes a new key and keeps the old
run csr $O --locality Chiyoda-ku; expect_rc 65 "second csr"
expect_err "$O already has a key \(.*$O.key\); --force makes a new one and keeps the old as .*$O.key.old" "second csr says --force"
if cmp -s $K/$O.key "$T/key1"; then ok; else not_ok "a refused csr changed the key"; fi
run csr $O --locality Chiyoda-ku --force; expect_rc 0 "csr --force"
if cmp -s $K/$O.key.old "$T/key1"; then ok; else not_ok "--force did not keep the old key as .old"; fi
if cmp -s $K/$O.key "$T/key1"; then not_ok "--force kept the same key"; else ok; fi
expect_eq "$(stat -c %a $K/$O.key.old)" 600 "old key mode"
expect_eq "$(openssl req -in $K/$O.csr -noout -pubkey)" "$(openssl pkey -in $K/$O.key -pubout)" "new CSR, new key"
spki2=$(openssl pkey -in $K/$O.key -pubout -outform DER | sha256sum | cut -d' ' -f1)
run show $O; expect_out "^Key +sha256:$spki2" "show has the new key"
expect_out "the old key kept as $O.key.old" "timeline names the kept key"

# states where a CSR makes no sense are refused, naming the state
run csr ORD-2026-0102 --locality Minato-ku; expect_rc 65 "csr on a scheduled order"
expect_err "ORD-2026-0102 is scheduled" "refusal names the state"
[ ! -e $K/ORD-2026-0102.key ] && ok || not_ok "a refused csr left a key"

# re-issue in applied, RSA 3072, ST from an address with a postal code, a wildcard
run csr ORD-2026-0103 --locality Osaka-shi --rsa 3072; expect_rc 0 "csr --rsa 3072 (applied)"
openssl pkey -in $K/ORD-2026-0103.key -noout -text 2>/dev/null | grep -q 'Private-Key: (3072 bit' && ok ||
	not_ok "--rsa 3072 gives a 3072-bit key"
openssl req -in $K/ORD-2026-0103.csr -noout -text | grep -q 'sha256WithRSAEncryption' && ok || not_ok "RSA CSR signed with SHA-256"
expect_eq "$(openssl req -in $K/ORD-2026-0103.csr -noout -subject)" \
	"subject=C = JP, ST = Osaka, L = Osaka-shi, O = Hikari Net LLC, CN = *.hikari-net.example.jp" "wildcard subject"
run show ORD-2026-0103; expect_out "key and CSR generated \(RSA 3072\)" "timeline says RSA 3072"

# an address without a prefecture needs --state; umask 0 does not widen the key
run csr ORD-2026-0104 --locality Yokohama-shi; expect_rc 64 "no prefecture in the address"
expect_err "--state" "hint for --state"
umask 000
run csr ORD-2026-0104 --locality Yokohama-shi --state Kanagawa
umask 022
expect_rc 0 "csr with --state"
expect_eq "$(stat -c %a $K/ORD-2026-0104.key)" 600 "key mode under umask 0"
openssl req -in $K/ORD-2026-0104.csr -noout -subject | grep -q 'ST = Kanagawa, L = Yokohama-shi, O = Minato Corp.' && ok ||
	not_ok "--state used"

# a Japanese-only organization name is refused: a CA wants English
run csr ORD-2026-0106 --locality Chuo-ku; expect_rc 65 "non-ASCII O"
expect_err "O '株式会社かな' has characters outside printable ASCII.*customer's record" "non-ASCII O says why and where"
[ ! -e $K/ORD-2026-0106.key ] && ok || not_ok "a refused csr left a key"

# the application form's English name and address win over last year's record
cat >"$T/form.txt" <<'FORM'
SSL証明書更新 申請フォームから以下の内容が送信されました。

お客様番号：C0005
会社名：株式会社あおば
英語表記会社名：Aoba Corporation
所在地：〒980-0811 宮城県仙台市青葉区一番町1-1
代表電話番号：022-000-0000
申請責任者：青葉 一郎
メールアドレス：ichiro@aoba.example.jp
コモンネーム：www.aoba.example.jp
認証局：デジサート
認証タイプ：企業認証
FORM
run record ORD-2026-0105 form --file "$T/form.txt" --now 2026-11-25T10:00; expect_rc 0 "record form"
expect_out "requested -> accepted" "form accepted"
run csr ORD-2026-0105 --locality Sendai-shi; expect_rc 0 "csr from the application"
expect_eq "$(openssl req -in $K/ORD-2026-0105.csr -noout -subject)" \
	"subject=C = JP, ST = Miyagi, L = Sendai-shi, O = Aoba Corporation, CN = www.aoba.example.jp" "subject from the form"

# a commit that cannot happen leaves no files behind (the database is held
# by another writer until the busy timeout gives up)
coproc LOCK { sqlite3 var/mailproc.db 2>&1; }
lock_in=${LOCK[1]}
echo 'BEGIN IMMEDIATE; SELECT 1;' >&"$lock_in"
if read -r -t 5 held <&"${LOCK[0]}" && [ "$held" = 1 ]; then ok; else not_ok "sqlite3 could not hold the database"; fi
run csr ORD-2026-0105 --locality Sendai-shi --force
echo 'ROLLBACK;' >&"$lock_in" 2>/dev/null
exec {lock_in}>&-
wait "$LOCK_PID" 2>/dev/null
expect_rc 75 "csr with the database locked"
expect_err "lock|busy" "says the database is busy"
expect_eq "$(ls -A $K | grep -c '^ORD-2026-0105')" 2 "only the first key and CSR are there"
expect_eq "$(openssl req -in $K/ORD-2026-0105.csr -noout -pubkey)" "$(openssl pkey -in $K/ORD-2026-0105.key -pubout)" \
	"the old key and CSR are back"
run show ORD-2026-0105
expect_out "^Key +sha256:$(openssl pkey -in $K/ORD-2026-0105.key -pubout -outform DER | sha256sum | cut -d' ' -f1)" \
	"the recorded key is the one on disk"

run csr --help; expect_rc 0 "csr --help"; expect_out "mailproc csr" "csr --help names itself"
run csr; expect_rc 64 "csr without an order"

finish
