#!/usr/bin/env bash
# Re-record fixtures/golden/diff/<a>-<b>.json.xz: which named structs and unions were
# added, removed or changed between two kernel fixtures, derived independently of
# btfscope from the committed pahole 1.24 and bpftool 7.1 golden outputs by
# scripts/diff-golden-from-pahole.py (read it for the exact definition of "changed").
# src/core/diff/diff-golden.test.ts compares btfscope's diff engine with these lists.
#
# Needs only python3 and xz (pahole/bpftool ran when fixtures/golden/{pahole,bpftool}
# were recorded by scripts/record-golden.sh). Deterministic: same inputs, same bytes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GOLD="$ROOT/fixtures/golden"
OUT="$GOLD/diff"
PAIRS=("5.10 6.1" "5.10 6.12" "6.1 6.12" "6.12 6.18" "5.10 6.18")

log() { printf '[record-diff-golden] %s\n' "$*" >&2; }
for t in python3 xz; do command -v "$t" >/dev/null || { log "missing tool: $t"; exit 1; }; done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/btfscope-diff-golden.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

declare -A seen=()
for pair in "${PAIRS[@]}"; do
  for v in $pair; do
    [[ -n "${seen[$v]:-}" ]] && continue
    seen[$v]=1
    xz -dc "$GOLD/pahole/vmlinux-$v.txt.xz" >"$TMP/pahole-$v.txt"
    xz -dc "$GOLD/bpftool/vmlinux-$v.raw.txt.xz" >"$TMP/raw-$v.txt"
  done
done

for pair in "${PAIRS[@]}"; do
  read -r a b <<<"$pair"
  log "$a -> $b"
  python3 "$ROOT/scripts/diff-golden-from-pahole.py" \
    "$TMP/pahole-$a.txt" "$TMP/raw-$a.txt" "$TMP/pahole-$b.txt" "$TMP/raw-$b.txt" "$a" "$b" >"$TMP/$a-$b.json"
  python3 - "$TMP/$a-$b.json" <<'PY' >&2
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("struct", "union"):
    print(f"  {k}: " + ", ".join(f"{x} {len(v) if isinstance(v, list) else v}" for x, v in d[k].items()))
PY
  xz -9e -T1 -c "$TMP/$a-$b.json" >"$OUT/$a-$b.json.xz"
done
log "done: $(ls "$OUT" | tr '\n' ' ')"
