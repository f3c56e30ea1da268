#!/usr/bin/env bash
# Re-record fixtures/synthetic/xz: src/test-utils/x86-code.ts's bytes packed by the real xz and zstd
# the way kernels are (x86 BCJ before LZMA2, as Linux's scripts/xz_wrap.sh does), with each
# check type, several blocks, a BCJ start offset, the ARM64 BCJ filter, a SPARC BCJ stream (not
# supported: the tests expect a clear error), and zstd frames with and without their size. Needs xz >= 5.4 (for --arm64) and zstd.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/fixtures/synthetic/xz"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
(cd "$ROOT" && npx esbuild src/test-utils/x86-code.ts --format=esm --log-level=warning --outfile="$TMP/x86-code.mjs")
node --input-type=module -e "import { x86Code } from '$TMP/x86-code.mjs'; process.stdout.write(x86Code());" >"$TMP/code.bin"
x() { xz --format=xz --threads=1 "$@" -c "$TMP/code.bin"; }
x --check=crc32 --x86 --lzma2=preset=6 >"$OUT/code-x86-crc32.xz"
x --check=crc64 --block-size=8KiB --x86 --lzma2=preset=6 >"$OUT/code-x86-crc64-blocks.xz"
x --check=sha256 --x86=start=4096 --lzma2=preset=6 >"$OUT/code-x86-sha256-start.xz"
x --check=crc32 --arm64 --lzma2=preset=6 >"$OUT/code-arm64.xz"
x --check=crc32 --arm64=start=8192 --lzma2=preset=6 >"$OUT/code-arm64-start.xz"
x --check=crc32 --sparc --lzma2=preset=6 >"$OUT/code-sparc.xz"
zstd -q -19 -c "$TMP/code.bin" >"$OUT/code.zst"
# From a pipe, as a kernel build makes it: the frame does not record its decompressed size.
zstd -q -19 -c <"$TMP/code.bin" >"$OUT/code-stream.zst"
sha256sum "$TMP/code.bin" | sed "s|$TMP/||" >"$OUT/SHA256SUMS"
ls -l "$OUT"
