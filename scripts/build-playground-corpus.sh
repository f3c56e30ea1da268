#!/usr/bin/env bash
# Build the playground layout corpus: fixtures/playground/corpus.c -> corpus.bpf.o
#
# The object's .BTF is what clang thinks the layouts are; the playground test compares
# the C parser's layouts with it (src/core/playground/corpus.test.ts). The tests read the
# committed .o and never need clang. -fdebug-prefix-map keeps the checkout path out of
# DWARF so the output does not depend on where the repository lives.
#
#   CLANG=clang-16 scripts/build-playground-corpus.sh   # another compiler
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CLANG="${CLANG:-clang}"

"$CLANG" -g -target bpf -fdebug-prefix-map="$ROOT"=. \
	-c fixtures/playground/corpus.c -o fixtures/playground/corpus.bpf.o
{
	echo "Built by scripts/build-playground-corpus.sh with:"
	echo
	echo "    $("$CLANG" --version | head -n1)"
	echo "    $CLANG -g -target bpf -fdebug-prefix-map=\$ROOT=. -c fixtures/playground/corpus.c -o fixtures/playground/corpus.bpf.o"
} > fixtures/playground/BUILD.txt
echo "wrote fixtures/playground/corpus.bpf.o ($(stat -c %s fixtures/playground/corpus.bpf.o) bytes)"
