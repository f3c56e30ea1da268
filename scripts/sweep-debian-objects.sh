#!/usr/bin/env bash
# Checks btfscope against bpftool and libbpf on BPF objects somebody else built: Debian's
# libbpf-tools (the BCC project's CO-RE tools; each binary embeds its .bpf.o in a bpftool
# skeleton) and xdp-tools/libxdp1. Nothing it downloads is kept in the repository (they are
# other projects' builds); it is a check to run by hand, not part of `npm test`.
#
# For every object: `btfscope dump` (raw and --format c) must equal `bpftool btf dump file`,
# and on each fixture kernel the CO-RE lines of `btfscope relocs --format libbpf` must equal
# what libbpf 1.1 itself logs (tools/libbpf-oracle, which needs root for libbpf's bpf() probe).
#
#   bash scripts/sweep-debian-objects.sh          # prints one line per difference, then totals
#
# Needs: apt-get (Debian's archive reachable), dpkg-deb, python3, bpftool, gcc, libbpf-dev,
# libelf-dev, zlib1g-dev, xz; the CLI built (npm install).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/btfscope-sweep.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

apt-get download libbpf-tools xdp-tools libxdp1 >/dev/null 2>&1 || { echo "apt-get download failed (is Debian's archive reachable?)" >&2; exit 1; }
for d in *.deb; do dpkg-deb -x "$d" tree; done
mkdir objs
find tree -name '*.o' -path '*bpf*' -exec cp {} objs/ \;
# A skeleton keeps its object as a byte string: an ELF for machine 247 (EM_BPF) inside the tool.
python3 - tree/usr/sbin objs <<'EOF'
import os, struct, sys
src, out = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(src)):
    path = os.path.join(src, name)
    if os.path.islink(path) or not os.path.isfile(path):
        continue
    b = open(path, 'rb').read()
    i, k = 1, 0
    while (i := b.find(b'\x7fELF\x02\x01\x01', i)) >= 0:
        if i + 64 <= len(b) and struct.unpack_from('<H', b, i + 18)[0] == 247:
            shoff = struct.unpack_from('<Q', b, i + 0x28)[0]
            shentsize, shnum = struct.unpack_from('<HH', b, i + 0x3a)
            size = shoff + shentsize * shnum
            if 0 < size and i + size <= len(b):
                open(os.path.join(out, f"{name}{'' if k == 0 else f'-{k}'}.bpf.o"), 'wb').write(b[i:i + size])
                k += 1
        i += 4
EOF

gcc -O2 -Wall -o oracle "$ROOT/tools/libbpf-oracle/oracle.c" -lbpf -lelf -lz
CLI=("node" "$ROOT/bin/btfscope.mjs")
for v in 5.10 6.1 6.12 6.18; do xz -dc "$ROOT/fixtures/kernels/vmlinux-$v.btf.xz" >"vmlinux-$v.btf"; done

objects=0 dumps_differ=0 pairs=0 relocs_differ=0 unopened=0
core_lines() { grep -E "^libbpf: (prog '[^']*': relo #|sec '.*CO-RE)" | grep -v ' that loads map ' || true; }
for o in objs/*.o; do
  n="$(basename "$o")"
  objects=$((objects + 1))
  for fmt in raw c; do
    bpftool btf dump file "$o" format "$fmt" >b.txt 2>/dev/null || true
    "${CLI[@]}" dump "$o" --format "$fmt" >s.txt 2>/dev/null || true
    cmp -s b.txt s.txt || { echo "dump differs: $n ($fmt)"; dumps_differ=$((dumps_differ + 1)); }
  done
  for v in 5.10 6.1 6.12 6.18; do
    ./oracle "$o" "vmlinux-$v.btf" >o.txt 2>&1 || true
    if grep -q '^oracle: open failed' o.txt; then unopened=$((unopened + 1)); continue; fi
    pairs=$((pairs + 1))
    core_lines <o.txt >o.core
    "${CLI[@]}" relocs "$o" --target "vmlinux-$v.btf" --format libbpf 2>/dev/null | core_lines >s.core
    if ! cmp -s o.core s.core; then
      relocs_differ=$((relocs_differ + 1))
      echo "relocations differ: $n on $v"
      diff o.core s.core | head -n 6 || true
    fi
  done
done
echo "objects: $objects (dumps differing from bpftool: $dumps_differ); object x kernel pairs: $pairs (CO-RE logs differing from libbpf: $relocs_differ; libbpf could not open: $unopened)"
[ "$dumps_differ" -eq 0 ] && [ "$relocs_differ" -eq 0 ]
