#!/usr/bin/python3
"""Compare `mailproc classify` output (JSON lines on stdin) with fixtures/expected.

Every field of the expected file is compared except reasons and _note;
certificates by sha256, subject_cn and not_after. Prints one line per
difference and a closing 'N passed, N failed' line; a renew or decline where
the expectation is unclear is counted apart as unsafe.
"""
import json
import os
import sys

expected_dir = sys.argv[1]
passed = failed = unsafe = 0
seen = set()
for line in sys.stdin:
    got = json.loads(line)
    name = os.path.basename(got["file"])[:-4]
    seen.add(name)
    path = os.path.join(expected_dir, name + ".json")
    if not os.path.exists(path):
        print(f"{name}: no expected file")
        failed += 1
        continue
    want = json.load(open(path, encoding="utf-8"))
    diffs = []
    for key, value in want.items():
        if key in ("reasons", "_note", "file"):
            continue
        if key == "certificates":
            g = [(c.get("sha256"), c.get("subject_cn"), c.get("not_after")) for c in got.get(key) or []]
            w = [(c.get("sha256"), c.get("subject_cn"), c.get("not_after")) for c in value or []]
            if g != w:
                diffs.append(f"certificates: got {g}, expected {w}")
        elif got.get(key) != value:
            diffs.append(f"{key}: got {got.get(key)!r}, expected {value!r}")
            if key == "intent" and value == "unclear" and got.get(key) in ("renew", "decline"):
                unsafe += 1
    if diffs:
        failed += 1
        print(f"{name}: " + "; ".join(diffs) + f"  (reasons: {got.get('reasons')})")
    else:
        passed += 1
missing = {f[:-5] for f in os.listdir(expected_dir) if f.endswith(".json")} - seen
for name in sorted(missing):
    print(f"{name}: expected but not classified")
    failed += 1
print(f"unsafe decisions (renew/decline for an unclear mail): {unsafe}")
print(f"classify: {passed} passed, {failed} failed")
sys.exit(1 if failed or unsafe else 0)
