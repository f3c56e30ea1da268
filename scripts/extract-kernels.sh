#!/usr/bin/env bash
# Extract raw .BTF blobs (and a few split-BTF modules) from Debian's unsigned
# amd64 kernel packages, for use as test fixtures.
#
# Outputs (repo-relative):
#   fixtures/kernels/vmlinux-<v>.btf      raw BTF (git-ignored, kept for local use)
#   fixtures/kernels/vmlinux-<v>.btf.xz   committed, xz -9e -T1
#   fixtures/kernels/SOURCES.md           package names, versions, sha256 of raw BTF
#   fixtures/modules/<name>-<kver>.ko     stripped module ELF (git-ignored)
#   fixtures/modules/<name>-<kver>.ko.xz  committed
#
# Re-runnable: downloads, unpacked trees and decompressed vmlinux images are
# cached in $BTFSCOPE_EXTRACT_DIR (default /tmp/btfscope-extract); delete it to
# start from scratch.  The apt configuration is private to that directory and
# never touches the system's apt state.
#
# The Debian mirror is taken from $DEBIAN_MIRROR, or else from the first
# Debian "URIs:" / "deb" entry of this machine's own apt configuration.
#
# Kernels: bullseye -> 5.10, bookworm -> 6.1, trixie -> 6.12, plus this
# machine's /sys/kernel/btf/vmlinux -> 6.18 (skipped with a warning if absent
# or if the running kernel is not 6.18; force with BTFSCOPE_HOST_KVER=<label>).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BTFSCOPE_EXTRACT_DIR:-/tmp/btfscope-extract}"
KDIR="$ROOT/fixtures/kernels"
MDIR="$ROOT/fixtures/modules"
mkdir -p "$WORK" "$KDIR" "$MDIR"

# suite:label
SUITES=(bullseye:5.10 bookworm:6.1 trixie:6.12)
# label:module-path-inside-/lib/modules/<kver>/kernel (without .ko/.ko.xz)
MODULES=(
  6.1:fs/ext4/ext4
  6.1:net/ipv4/tcp_bbr
  6.12:net/netfilter/nf_conntrack
)

log() { printf '[extract-kernels] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for t in apt-get apt-cache dpkg-deb xz zstd objcopy bpftool sha256sum grep od; do
  command -v "$t" >/dev/null || die "missing tool: $t"
done

find_mirror() {
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then echo "$DEBIAN_MIRROR"; return; fi
  local f u
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] || continue
    u=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f")
    [[ -n "$u" ]] && { echo "${u%/}"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r "$f" ]] || continue
    u=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f")
    [[ -n "$u" ]] && { echo "${u%/}"; return; }
  done
  die "no Debian mirror found in the apt configuration; set DEBIAN_MIRROR=<url of a Debian archive>"
}
MIRROR="$(find_mirror)"
KEYRING="${DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}"
[[ -r "$KEYRING" ]] || die "keyring $KEYRING not readable (install debian-archive-keyring)"

# Private apt configuration, one per suite so each search only sees its suite.
apt_opts() {
  local a="$WORK/apt-$1"
  printf '%s\n' \
    -o "Dir::Etc::SourceList=$a/sources.list" \
    -o "Dir::Etc::SourceParts=/dev/null" \
    -o "Dir::State::Lists=$a/lists" \
    -o "Dir::State::Status=/dev/null" \
    -o "Dir::Cache=$a/cache" \
    -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" \
    -o "APT::Architecture=amd64" \
    -o "Acquire::Languages=none" \
    -o "Debug::NoLocking=1" \
    -o "APT::Sandbox::User=root"
}

# Offset of the first occurrence of a byte pattern (grep -P syntax), all offsets
# one per line.
magic_offsets() { LC_ALL=C grep -obUaP "$2" "$1" | cut -d: -f1 || true; }

is_elf() { [[ "$(od -An -tx1 -N4 "$1" | tr -d ' \n')" == "7f454c46" ]]; }
is_btf() { [[ "$(od -An -tx1 -N4 "$1" | tr -d ' \n')" == "9feb0100" ]]; }

# decompress_vmlinuz <vmlinuz> <out-vmlinux> <info-file>
decompress_vmlinuz() {
  local z="$1" out="$2" info="$3" off kind
  for kind in xz zstd; do
    local pat
    if [[ $kind == xz ]]; then pat='\xFD\x37\x7A\x58\x5A\x00'; else pat='\x28\xB5\x2F\xFD'; fi
    for off in $(magic_offsets "$z" "$pat"); do
      rm -f "$out.tmp"
      if [[ $kind == xz ]]; then
        tail -c +"$((off + 1))" "$z" | xz -dc --single-stream >"$out.tmp" 2>/dev/null || true
      else
        # zstd complains about the bytes after the frame: harmless, keep output.
        tail -c +"$((off + 1))" "$z" | zstd -dc --long=31 >"$out.tmp" 2>/dev/null || true
      fi
      if [[ -s "$out.tmp" ]] && is_elf "$out.tmp"; then
        mv "$out.tmp" "$out"
        printf '%s %s %s\n' "$kind" "$off" "$(stat -c %s "$z")" >"$info"
        return 0
      fi
    done
  done
  rm -f "$out.tmp"
  return 1
}

compress() { # compress <file>  -> <file>.xz (deterministic, keeps input)
  chmod 0644 "$1"
  xz -9e -T1 -k -f -c "$1" >"$1.xz.tmp" && mv "$1.xz.tmp" "$1.xz"
}

# Strip a module to what a split-BTF reader needs, keeping a valid ELF.
strip_module() { # strip_module <in.ko> <out.ko> <base.btf>
  objcopy --only-section=.BTF --only-section=.symtab --only-section=.strtab "$1" "$2.tmp"
  bpftool -B "$3" btf dump file "$2.tmp" >/dev/null || die "bpftool cannot read stripped $2"
  mv "$2.tmp" "$2"
}

SOURCES_ROWS=()
SOURCES_DEBS=()
MODULE_ROWS=()
PACK_ROWS=()

for entry in "${SUITES[@]}"; do
  suite="${entry%%:*}" label="${entry##*:}"
  a="$WORK/apt-$suite"
  mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$WORK/debs"
  printf 'deb [arch=amd64 signed-by=%s] %s %s main\n' "$KEYRING" "$MIRROR" "$suite" >"$a/sources.list"
  mapfile -t OPTS < <(apt_opts "$suite")

  log "$suite: apt-get update"
  apt-get "${OPTS[@]}" -qq update >&2 || die "apt-get update failed for $suite"

  pkg=$(apt-cache "${OPTS[@]}" search --names-only '^linux-image-[0-9][0-9.]*(-[0-9]+|\+deb[0-9]+)-amd64-unsigned$' \
    | awk '{print $1}' | sort -V | tail -n1)
  [[ -n "$pkg" ]] || die "$suite: no linux-image-*-amd64-unsigned package found"
  ver=$(apt-cache "${OPTS[@]}" show "$pkg" | awk '/^Version:/ {print $2}' | sort -V | tail -n1)
  kver="${pkg#linux-image-}"; kver="${kver%-unsigned}"
  log "$suite: $pkg $ver (kernel $kver)"

  deb=$(ls "$WORK/debs/${pkg}_${ver//:/%3a}_amd64.deb" 2>/dev/null || true)
  if [[ -z "$deb" ]]; then
    (cd "$WORK/debs" && apt-get "${OPTS[@]}" -qq download "$pkg=$ver" >&2)
    deb=$(ls "$WORK/debs/${pkg}_"*"_amd64.deb" | sort -V | tail -n1)
  fi
  debsha=$(sha256sum "$deb" | cut -d' ' -f1)

  tree="$WORK/tree-$pkg-$ver"
  if [[ ! -d "$tree/boot" ]]; then
    rm -rf "$tree.tmp"; mkdir -p "$tree.tmp"
    dpkg-deb -x "$deb" "$tree.tmp"
    rm -rf "$tree"; mv "$tree.tmp" "$tree"
  fi

  vmlinuz=$(ls "$tree"/boot/vmlinuz-* | head -n1)
  vmlinux="$WORK/vmlinux-$kver"
  if [[ ! -s "$vmlinux" || ! -s "$vmlinux.info" ]]; then
    log "$suite: decompressing $(basename "$vmlinuz")"
    decompress_vmlinuz "$vmlinuz" "$vmlinux" "$vmlinux.info" || die "$suite: no xz/zstd payload in $vmlinuz"
  fi
  read -r pkind poff zsize <"$vmlinux.info"
  PACK_ROWS+=("| $label | \`$(basename "$vmlinuz")\` | $zsize | $pkind | $poff | $(stat -c %s "$vmlinux") |")

  btf="$KDIR/vmlinux-$label.btf"
  objcopy -O binary --only-section=.BTF "$vmlinux" "$btf.tmp"
  is_btf "$btf.tmp" || die "$suite: extracted .BTF does not start with 9f eb 01 00"
  bpftool btf dump file "$btf.tmp" >/dev/null || die "$suite: bpftool rejects $btf.tmp"
  mv "$btf.tmp" "$btf"
  compress "$btf"
  sha=$(sha256sum "$btf" | cut -d' ' -f1)
  SOURCES_ROWS+=("| $label | \`vmlinux-$label.btf\` | $suite | \`$pkg\` | \`$ver\` | $(stat -c %s "$btf") | \`$sha\` |")
  SOURCES_DEBS+=("- \`${pkg}_${ver}_amd64.deb\` sha256 \`$debsha\`")

  for m in "${MODULES[@]}"; do
    [[ "${m%%:*}" == "$label" ]] || continue
    rel="${m#*:}" name="$(basename "${m#*:}")"
    src=""
    for cand in "$tree/lib/modules/$kver/kernel/$rel.ko" "$tree/lib/modules/$kver/kernel/$rel.ko.xz" \
                "$tree/usr/lib/modules/$kver/kernel/$rel.ko" "$tree/usr/lib/modules/$kver/kernel/$rel.ko.xz"; do
      [[ -e "$cand" ]] && { src="$cand"; break; }
    done
    [[ -n "$src" ]] || die "$suite: module $rel not found"
    raw="$WORK/$name-$kver.ko"
    if [[ "$src" == *.xz ]]; then xz -dc "$src" >"$raw"; else cp "$src" "$raw"; fi
    out="$MDIR/$name-$label.ko"
    strip_module "$raw" "$out" "$btf"
    compress "$out"
    msha=$(sha256sum "$out" | cut -d' ' -f1)
    MODULE_ROWS+=("| \`$name-$label.ko\` | \`vmlinux-$label.btf\` | \`${src#"$tree"}\` | $(stat -c %s "$raw") | $(stat -c %s "$out") | \`$msha\` |")
  done
done

# This machine's kernel.
host_label="${BTFSCOPE_HOST_KVER:-}"
if [[ -z "$host_label" ]]; then
  case "$(uname -r)" in 6.18.*|6.18) host_label=6.18 ;; esac
fi
if [[ -n "$host_label" && -r /sys/kernel/btf/vmlinux ]]; then
  btf="$KDIR/vmlinux-$host_label.btf"
  cp /sys/kernel/btf/vmlinux "$btf.tmp"
  is_btf "$btf.tmp" || die "/sys/kernel/btf/vmlinux does not start with 9f eb 01 00"
  mv "$btf.tmp" "$btf"
  compress "$btf"
  sha=$(sha256sum "$btf" | cut -d' ' -f1)
  SOURCES_ROWS+=("| $host_label | \`vmlinux-$host_label.btf\` | — | \`/sys/kernel/btf/vmlinux\` of a build machine | kernel \`$(uname -r)\` | $(stat -c %s "$btf") | \`$sha\` |")
elif [[ -e "$KDIR/vmlinux-6.18.btf.xz" ]]; then
  log "running kernel is $(uname -r), not 6.18: keeping the existing vmlinux-6.18.btf.xz"
  [[ -e "$KDIR/vmlinux-6.18.btf" ]] || xz -dc "$KDIR/vmlinux-6.18.btf.xz" >"$KDIR/vmlinux-6.18.btf"
  sha=$(sha256sum "$KDIR/vmlinux-6.18.btf" | cut -d' ' -f1)
  prev=$(grep -F '| 6.18 |' "$KDIR/SOURCES.md" 2>/dev/null | head -n1 || true)
  SOURCES_ROWS+=("${prev:-| 6.18 | \`vmlinux-6.18.btf\` | — | \`/sys/kernel/btf/vmlinux\` (earlier run) | ? | $(stat -c %s "$KDIR/vmlinux-6.18.btf") | \`$sha\` |}")
else
  log "warning: no 6.18 kernel BTF available on this machine"
fi

printf '*.btf\n*.tmp\n' >"$KDIR/.gitignore"
printf '*.ko\n*.tmp\n' >"$MDIR/.gitignore"

{
  echo "# Kernel BTF fixture sources"
  echo
  echo "Generated by \`scripts/extract-kernels.sh\`; do not edit by hand."
  echo "Each \`vmlinux-<v>.btf.xz\` is the \`.BTF\` section of the kernel image, extracted raw with"
  echo "\`objcopy -O binary --only-section=.BTF\` and compressed with \`xz -9e -T1\`."
  echo "Packages are Debian's \`main\` archive, architecture amd64."
  echo
  echo "| label | file | suite | package | version | raw size (bytes) | sha256 of raw BTF |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${SOURCES_ROWS[@]}"
  echo
  echo "Downloaded packages:"
  echo
  printf '%s\n' "${SOURCES_DEBS[@]}"
  echo
  echo "## vmlinuz payloads"
  echo
  echo "| label | image | vmlinuz size | payload | magic offset | vmlinux ELF size |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${PACK_ROWS[@]}"
  echo
  echo "## Modules (split BTF)"
  echo
  echo "Stripped with \`objcopy --only-section=.BTF --only-section=.symtab --only-section=.strtab\`"
  echo "(the modules carry no .symtab after Debian's strip, so the result is an ELF with just \`.BTF\` + \`.shstrtab\`);"
  echo "read with \`bpftool -B fixtures/kernels/<base> btf dump file <module>\`."
  echo
  echo "| file | base BTF | path in package | original size | stripped size | sha256 of stripped .ko |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${MODULE_ROWS[@]}"
} >"$KDIR/SOURCES.md"

log "done:"
ls -l "$KDIR" "$MDIR" >&2
