#!/bin/sh
# Run a sanitized test program and fail when a sanitizer reported anything.
# Criterion runs each test in a child process and counts it as passed before
# LeakSanitizer speaks at the child's exit, so the report must be read.
set -u
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" >"$log" 2>&1
rc=$?
cat "$log"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"; then
	echo "run-sanitized: sanitizer reports in the output above" >&2
	exit 1
fi
exit $rc
