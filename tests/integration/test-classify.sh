#!/bin/bash
# classify: the fixture corpus through the real binary, compared with the
# expected JSON; then the same mails against a database with orders.
. "$(dirname "$0")/lib.sh"

run classify --config "$TOP/fixtures/classify.conf" "$TOP/fixtures/mail"
expect_rc 0 "classify the corpus"
if /usr/bin/python3 "$TOP/tests/integration/compare-classify.py" "$TOP/fixtures/expected" <"$T/out" >"$T/cmp"; then
	ok
else
	not_ok "corpus differs from fixtures/expected:"; sed 's/^/    /' "$T/cmp" >&2
fi
expect_eq "$(wc -l <"$T/out")" "$(ls "$TOP/fixtures/mail" | wc -l)" "one line per mail"
expect_eq "$(/usr/bin/python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]; print("ok")' <"$T/out")" ok "every line is JSON"
if grep -q 'hunter\|PRIVATE KEY' "$T/out"; then not_ok "a secret in the output"; else ok; fi

# stdin, no config at all, a missing file
cd "$T"
run classify - <"$TOP/fixtures/mail/auto-exchange-english-automatic-reply.eml"
expect_rc 0 "stdin without a config"; expect_out '"kind":"auto_reply"' "stdin classified"
run classify "$T/nothere.eml"; expect_rc 65 "missing file"; expect_err "nothere.eml" "missing file named"
run classify; expect_rc 64 "no files"

# with a database: order and trust come from it
write_config "$T/db"
export MAILPROC_CONFIG="$T/db/mailproc.conf"
run init; expect_rc 0 "init"
# the corpus's renewal replies answer ORD-2026-0012 (In-Reply-To our notice)
H=$(head -1 "$TOP/fixtures/import/sample.csv")
cat >"$T/orders.csv" <<CSV
$H,order_id,state,notice_message_id
C1,株式会社さくら商事,"Sakura Shoji Co., Ltd.",東京都千代田区丸の内1-2-3,03-1234-5678,山田 太郎,部長,yamada@sakura-shoji.example.jp,,www.sakura-shoji.example.jp,,digicert,Secure Site,ov,2026-12-10,33000,ORD-2026-0012,notice_sent,
CSV
run import "$T/orders.csv"; expect_rc 0 "import an order"
f="$TOP/fixtures/mail/reply-renew-outlook-iso2022jp.eml"
run classify "$f"; expect_rc 0 "classify with a database"
expect_out '"order":"ORD-2026-0012"' "matched to the order"
expect_out '"trusted":true' "the order's contact is trusted"
expect_out '"intent":"renew"' "renew"
# the same words from a stranger are not trusted
sed 's/yamada@sakura-shoji.example.jp/someone@elsewhere.example.com/' "$f" >"$T/stranger.eml"
run classify "$T/stranger.eml"
expect_out '"order":"ORD-2026-0012"' "stranger's reply still finds the order"
expect_out '"trusted":false' "stranger not trusted"
expect_out 'is not an address of ORD-2026-0012' "says why"
finish
