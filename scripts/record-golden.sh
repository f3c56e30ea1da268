#!/usr/bin/env bash
# Re-record the golden reference outputs in fixtures/golden/ from the committed
# (xz-compressed) fixtures.  Needs bpftool v7.1.0 (libbpf 1.1) and pahole v1.24,
# the versions the golden files were made with; other versions format some
# lines differently, so the script refuses them unless BTFSCOPE_GOLDEN_ANY_VERSION=1.
#
#   fixtures/golden/bpftool/vmlinux-<v>.raw.txt.xz   bpftool btf dump file <btf>
#   fixtures/golden/bpftool/vmlinux-<v>.c.txt.xz     bpftool btf dump file <btf> format c
#   fixtures/golden/bpftool/<mod>.raw.txt.xz         bpftool -B <base btf> btf dump file <mod.ko>
#   fixtures/golden/bpftool/obj-<obj>.c.txt.xz       bpftool btf dump file <obj.bpf.o> format c
#   fixtures/golden/bpftool/SHA256SUMS               sha256 of each uncompressed output, and of
#       <mod>.c.txt = bpftool -B <base btf> btf dump file <mod.ko> format c, kept as a sum
#       only (it is the base kernel's whole vmlinux.h again plus the module's types)
#   fixtures/golden/pahole/vmlinux-<v>.txt.xz        pahole $PAHOLE_FLAGS <btf>
#   fixtures/golden/pahole/SHA256SUMS               sha256 of each, and of <mod>.txt =
#       pahole $PAHOLE_FLAGS --btf_base <base btf> <mod.ko> (a sum only: mostly the base again)
#
# Verify an uncompressed copy with e.g.
#   cd <dir with the .txt files> && sha256sum -c --ignore-missing .../SHA256SUMS
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KDIR="$ROOT/fixtures/kernels"
MDIR="$ROOT/fixtures/modules"
BOUT="$ROOT/fixtures/golden/bpftool"
POUT="$ROOT/fixtures/golden/pahole"
KERNELS=(5.10 6.1 6.12 6.18)
# module fixture name -> base kernel label (the suffix after the last '-')
MAX_BYTES=$((3 * 1024 * 1024))

# pahole flags: read BTF, print every struct and union with its full layout
# (offsets/sizes, holes, bit holes, padding, cacheline markers, summary comments).
#   -F btf  read the input as raw BTF
#   -a      also print anonymous top-level classes (typedef struct { ... } atomic_t;)
#   -A      also print nested anonymous structs/unions as their own top-level blocks
#           (they are still printed inline inside their parent as well)
# Everything else is pahole's default plain layout (no --expand_types, no --hex,
# inferred __attribute__((__aligned__/__packed__)) annotations kept).
PAHOLE_FLAGS=(-F btf -a -A)

log() { printf '[record-golden] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for t in bpftool pahole xz sha256sum; do command -v "$t" >/dev/null || die "missing tool: $t"; done
bv="$(bpftool version | head -n1)"
pv="$(pahole --version)"
if [[ "${BTFSCOPE_GOLDEN_ANY_VERSION:-}" != 1 ]]; then
  [[ "$bv" == "bpftool v7.1.0" ]] || die "expected bpftool v7.1.0, found '$bv'"
  [[ "$pv" == "v1.24" ]] || die "expected pahole v1.24, found '$pv'"
fi
log "using $bv ($(bpftool version | sed -n 's/^using //p')), pahole $pv"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/btfscope-golden.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$BOUT" "$POUT"

for v in "${KERNELS[@]}"; do
  [[ -f "$KDIR/vmlinux-$v.btf.xz" ]] || die "missing $KDIR/vmlinux-$v.btf.xz (run scripts/extract-kernels.sh)"
  xz -dc "$KDIR/vmlinux-$v.btf.xz" >"$TMP/vmlinux-$v.btf"
done
MODS=()
for f in "$MDIR"/*.ko.xz; do
  [[ -e "$f" ]] || continue
  n="$(basename "$f" .ko.xz)"
  xz -dc "$f" >"$TMP/$n.ko"
  MODS+=("$n")
done

# Output files go to $TMP/out first, then are compressed into the repo.
mkdir -p "$TMP/out/bpftool" "$TMP/out/pahole" "$TMP/sums/bpftool" "$TMP/sums/pahole"

for v in "${KERNELS[@]}"; do
  b="$TMP/vmlinux-$v.btf"
  log "bpftool raw/c: $v"
  bpftool btf dump file "$b" >"$TMP/out/bpftool/vmlinux-$v.raw.txt"
  bpftool btf dump file "$b" format c >"$TMP/out/bpftool/vmlinux-$v.c.txt"
  log "pahole: $v"
  # pahole 1.24 reports kinds it does not know (DECL_TAG, TYPE_TAG in some
  # places) on stderr and goes on; keep stderr apart and only count it.
  pahole "${PAHOLE_FLAGS[@]}" "$b" >"$TMP/out/pahole/vmlinux-$v.txt" 2>"$TMP/pahole-$v.err" \
    || die "pahole failed on $v: $(head -n3 "$TMP/pahole-$v.err")"
  [[ -s "$TMP/out/pahole/vmlinux-$v.txt" ]] || die "pahole printed nothing for $v"
  [[ -s "$TMP/pahole-$v.err" ]] && log "  pahole stderr for $v: $(wc -l <"$TMP/pahole-$v.err") lines ignored ($(sed 's/idx: [0-9]*/idx: N/' "$TMP/pahole-$v.err" | sort -u | tr '\n' ';'))"
done

for n in "${MODS[@]}"; do
  base="${n##*-}"
  [[ -f "$TMP/vmlinux-$base.btf" ]] || die "module $n: no base kernel vmlinux-$base.btf"
  log "bpftool raw: $n (base vmlinux-$base)"
  bpftool -B "$TMP/vmlinux-$base.btf" btf dump file "$TMP/$n.ko" >"$TMP/out/bpftool/$n.raw.txt"
  log "bpftool c (sum only): $n (base vmlinux-$base)"
  bpftool -B "$TMP/vmlinux-$base.btf" btf dump file "$TMP/$n.ko" format c >"$TMP/sums/bpftool/$n.c.txt"
  log "pahole (sum only): $n (base vmlinux-$base)"
  pahole "${PAHOLE_FLAGS[@]}" --btf_base "$TMP/vmlinux-$base.btf" "$TMP/$n.ko" >"$TMP/sums/pahole/$n.txt" 2>/dev/null \
    || die "pahole failed on $n"
done

# Synthetic blobs written by the test builder (one of every kind, both byte orders).
log "bpftool raw: synthetic every-kind (el, eb)"
node "$ROOT/scripts/emit-synthetic.mjs" >&2
for e in el eb; do
  bpftool btf dump file "$ROOT/fixtures/synthetic/every-kind-$e.btf" >"$TMP/out/bpftool/every-kind-$e.raw.txt"
done

# Compiled sample objects (fixtures/objects, both byte orders): .BTF of an ELF .bpf.o.
for f in "$ROOT"/fixtures/objects/*.bpf.o; do
  [[ -e "$f" ]] || continue
  n="$(basename "$f" .bpf.o)"
  bpftool btf dump file "$f" >"$TMP/out/bpftool/obj-$n.raw.txt"
  bpftool btf dump file "$f" format c >"$TMP/out/bpftool/obj-$n.c.txt"
done

# Compress into the repo (deterministic: same input + same xz -> same bytes).
publish() { # publish <srcdir> <destdir> [<dir of outputs kept as sums only>]
  local src="$1" dest="$2" sums="${3:-}" f name sz
  : >"$TMP/sums.unsorted"
  for f in $(cd "$src" && ls *.txt | LC_ALL=C sort); do
    (cd "$src" && sha256sum "$f") >>"$TMP/sums.unsorted"
    xz -9e -T1 -c "$src/$f" >"$src/$f.xz"
    sz=$(stat -c %s "$src/$f.xz")
    ((sz <= MAX_BYTES)) || die "$f.xz is $sz bytes, over the 3 MiB limit"
  done
  if [[ -n "$sums" ]]; then
    for f in $(cd "$sums" && ls *.txt); do (cd "$sums" && sha256sum "$f") >>"$TMP/sums.unsorted"; done
  fi
  LC_ALL=C sort -k2 "$TMP/sums.unsorted" >"$src/SHA256SUMS"
  rm -f "$dest"/*.txt.xz
  for f in "$src"/*.txt.xz; do cp "$f" "$dest/"; done
  cp "$src/SHA256SUMS" "$dest/SHA256SUMS"
}
publish "$TMP/out/bpftool" "$BOUT" "$TMP/sums/bpftool"
publish "$TMP/out/pahole" "$POUT" "$TMP/sums/pahole"

log "done:"
ls -l "$BOUT" "$POUT" >&2
