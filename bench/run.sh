#!/bin/sh
# make bench: classify speed and memory next to a bare GMime parse.
#
# A 10,000-message Maildir (bench/gen-maildir.py, fixed seed) is made once
# under build/bench/. Each program reads every message once; the best of
# three runs is reported. classify runs without a config: the mail alone. Memory is the peak RSS at 1,000 and at 10,000
# messages: flat means it does not grow with the number of messages.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
B="$top/build/bench"
M="$top/bin/mailproc"
BARE="$top/build/bench/bare-parse"
N=${BENCH_MESSAGES:-10000}
mkdir -p "$B"

if [ ! -f "$B/maildir-$N/.done" ]; then
	rm -rf "$B/maildir-$N"
	echo "bench: generating $N messages"
	/usr/bin/python3 "$top/bench/gen-maildir.py" "$B/maildir-$N" "$N"
	touch "$B/maildir-$N/.done"
fi
if [ ! -f "$B/maildir-1000/.done" ]; then
	rm -rf "$B/maildir-1000"
	/usr/bin/python3 "$top/bench/gen-maildir.py" "$B/maildir-1000" 1000
	touch "$B/maildir-1000/.done"
fi
bytes=$(du -sbL "$B/maildir-$N" | cut -f1)

# best of three wall-clock seconds of a command reading the file list
best() {
	best=""
	for _ in 1 2 3; do
		start=$(date +%s.%N)
		"$@" >/dev/null
		end=$(date +%s.%N)
		t=$(echo "$end - $start" | bc)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
	done
	echo "$best"
}
peak_kb() { # peak RSS in KiB of a command
	/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
}

cd "$B"
# One process over the whole Maildir each, so peak RSS shows any growth.
bare=$(best "$BARE" "maildir-$N")
classify=$(best "$M" classify "maildir-$N")
rss_bare_1k=$(peak_kb "$BARE" maildir-1000)
rss_bare=$(peak_kb "$BARE" "maildir-$N")
rss_1k=$(peak_kb "$M" classify maildir-1000)
rss=$(peak_kb "$M" classify "maildir-$N")
ratio=$(echo "scale=2; $classify / $bare" | bc)

printf '\n%s messages, %s MB\n\n' "$N" "$(echo "scale=1; $bytes / 1048576" | bc)"
printf '| program | seconds | messages/s | peak RSS at 1,000 | peak RSS at %s |\n' "$N"
printf '|---|---|---|---|---|\n'
printf '| bare GMime parse (bench/bare-parse.c) | %.2f | %.0f | %s KiB | %s KiB |\n' \
	"$bare" "$(echo "$N / $bare" | bc -l)" "$rss_bare_1k" "$rss_bare"
printf '| mailproc classify | %.2f | %.0f | %s KiB | %s KiB |\n' \
	"$classify" "$(echo "$N / $classify" | bc -l)" "$rss_1k" "$rss"
printf '\nclassify / bare parse: %sx (target: at most 1.5x)\n' "$ratio"
