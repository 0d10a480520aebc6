#!/bin/sh
# Run every tests/integration/test-*.sh and print one closing line of totals.
set -u
dir=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
for t in "$dir"/test-*.sh; do
	out=$(bash "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		echo "$(basename "$t"): ended without its totals (exit $rc)"
		fail=$((fail + 1))
		continue
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && fail=$((fail + 1))
done
echo "integration: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
