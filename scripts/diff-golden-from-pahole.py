#!/usr/bin/env python3
"""Independent struct/union diff of two kernels from pahole and bpftool output.

    diff-golden-from-pahole.py <pahole-a.txt> <raw-a.txt> <pahole-b.txt> <raw-b.txt> <label-a> <label-b>

Reads `pahole -F btf -a -A` output (every struct and union with its members' offsets and
sizes) and `bpftool btf dump file` raw output (for the byte size of unions, which pahole
1.24 does not print) of two kernels and prints, as JSON, which named structs and unions
were added, removed or changed. It shares no code with btfscope: it is the reference that
src/core/diff is tested against (see scripts/record-diff-golden.sh).

"Changed" (the same definition the diff engine uses, docs/diff-json.md):
  the type's byte size changed, or the multiset of its members changed, where a member is
  its C declaration as pahole prints it (type spelling, name, bitfield width), its
  offset and size (pahole's `/* offset size */` comment), its access path through named
  anonymous members (`w.field`) and the unnamed anonymous structs/unions around it.
  Anonymous types behind a pointer or inside an array are part of their member's text.
Not counted: holes, padding, cacheline markers and summary comments (derived from the
above), pahole's inferred `__attribute__((...))` annotations, and the `:N` padding lines
pahole invents for bit holes. Member order does not count (union members may be listed
in any order; struct members are ordered by offset anyway).
A name that occurs several times (BTF keeps e.g. different `struct workspace`s) is
compared as the set of its distinct definitions. pahole prints only the first of
several same-named definitions with the same size and member names, offsets and
bitfield widths, even when member *types* differ (pahole.c type__compare: both
`struct elf_note_info`s, one with `siginfo_t csigdata` and one with
`compat_siginfo_t csigdata`, print as one). Such names, where the raw dump has more
definitions than pahole printed, cannot be judged from pahole's output: they are listed
under "hidden" instead of added/removed/changed.
"""
import json
import re
import sys
from collections import Counter, defaultdict

ATTR = re.compile(r"__attribute__\(\((?:[^()]|\([^()]*\))*\)\)")
TOP = re.compile(r"^(struct|union) ([A-Za-z_][A-Za-z_0-9]*) \{$")
TOP_ANON = re.compile(r"^(typedef )?(struct|union|enum) \{$")
NAMED_CLOSE = re.compile(r"^\} ([A-Za-z_][A-Za-z_0-9]*);(.*)$")
SIZE = re.compile(r"/\* size: (\d+),")


def norm(line):
    line = ATTR.sub("", line)
    return " ".join(line.split()).replace(" ;", ";")


def parse_block(lines, i):
    """Parses the body of a block that opened on line i-1. Returns (entries, raw_texts,
    closing_line, next_index); entries are (container, path, text) tuples."""
    entries, raw = [], []
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        i += 1
        if not s or s.startswith("/*"):
            continue
        if s.startswith("}"):
            return entries, raw, norm(s), i
        if s.endswith("{"):
            header = norm(s[:-1])
            inner, inner_raw, close, i = parse_block(lines, i)
            m = NAMED_CLOSE.match(close)
            if header == "enum" or not (close.startswith("};") or m):
                # A leaf: an anonymous enum, or an anonymous struct behind * or [N] or :N.
                text = f"{header} {{ {' '.join(inner_raw)} {close}"
                entries.append(("", "", text))
                raw.append(text)
            elif m:  # `} name;` a named member of anonymous struct/union type
                name = m.group(1)
                entries.append(("", "", f"{header} {{}} {close}"))
                for c, p, t in inner:
                    entries.append((c, f"{name}.{p}", t))
                raw.append(f"{header} {{ {' '.join(inner_raw)} {close}")
            else:  # `};` an unnamed anonymous struct/union: its members belong to us
                for c, p, t in inner:
                    entries.append((f"{header} > {c}" if c else header, p, t))
                raw.append(f"{header} {{ {' '.join(inner_raw)} {close}")
            continue
        if "/*" not in s and re.search(r":\d+;$", s):
            continue  # pahole's invented `unsigned int :5;` padding for a bit hole
        entries.append(("", "", norm(s)))
        raw.append(norm(s))
    raise ValueError("unterminated block")


def read_pahole(path):
    """{(kind, name): set of frozen member multisets}, {(kind, name): set of sizes}."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    blocks, sizes = defaultdict(set), defaultdict(set)
    i = 0
    while i < len(lines):
        line = lines[i]
        m = TOP.match(line)
        if m or TOP_ANON.match(line):
            body_start = i + 1
            entries, _raw, _close, i = parse_block(lines, i + 1)
            if m:
                key = (m.group(1), m.group(2))
                blocks[key].add(frozenset(Counter(entries).items()))
                for l in lines[body_start:i]:
                    sm = SIZE.search(l) if l.startswith("\t/* size:") else None
                    if sm:
                        sizes[key].add(int(sm.group(1)))
            continue
        i += 1
    return blocks, sizes


RAW = re.compile(r"^\[\d+\] (STRUCT|UNION) '([^']*)' size=(\d+) ")


def read_raw_sizes(path):
    """{(kind, name): set of sizes}, {(kind, name): number of definitions}."""
    sizes, counts = defaultdict(set), Counter()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = RAW.match(line)
            if m and m.group(2) != "(anon)":
                key = (m.group(1).lower(), m.group(2))
                sizes[key].add(int(m.group(3)))
                counts[key] += 1
    return sizes, counts


def main():
    pa, ra, pb, rb, la, lb = sys.argv[1:7]
    blocks_a, _ = read_pahole(pa)
    blocks_b, _ = read_pahole(pb)
    (sizes_a, counts_a), (sizes_b, counts_b) = read_raw_sizes(ra), read_raw_sizes(rb)
    out = {"before": la, "after": lb, "method": "scripts/diff-golden-from-pahole.py"}
    for kind in ("struct", "union"):
        names_a = {n for (k, n) in set(blocks_a) | set(sizes_a) if k == kind}
        names_b = {n for (k, n) in set(blocks_b) | set(sizes_b) if k == kind}
        hidden = {
            n
            for n in names_a & names_b
            if counts_a[(kind, n)] > len(blocks_a.get((kind, n), ())) or counts_b[(kind, n)] > len(blocks_b.get((kind, n), ()))
        }
        both = (names_a & names_b) - hidden
        changed = sorted(
            n for n in both if blocks_a.get((kind, n)) != blocks_b.get((kind, n)) or sizes_a.get((kind, n)) != sizes_b.get((kind, n))
        )
        out[kind] = {
            "added": sorted(names_b - names_a),
            "removed": sorted(names_a - names_b),
            "changed": changed,
            "unchanged": len(both) - len(changed),
            "hidden": sorted(hidden),
        }
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
