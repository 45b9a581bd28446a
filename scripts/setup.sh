#!/usr/bin/env bash
# setup.sh — installs what kronika needs on Debian 12, once, then fetches the
# PoliMorf dictionary from Debian's libmorfologik-stemming2-java package into
# build/dict/ (apt-get download + dpkg-deb -x + unzip; no Java needed).
# Usage: scripts/setup.sh [BUILD_DIR]   (idempotent: does nothing when all is there)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}

pkgs=(build-essential cmake pkg-config unzip libsqlite3-dev libutf8proc-dev libjansson-dev
      libmicrohttpd-dev libcmocka-dev clang libclang-rt-14-dev python3)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dict="$build/dict"
if [ ! -s "$dict/polish.dict" ]; then
  echo "setup: fetching the PoliMorf dictionary (libmorfologik-stemming2-java)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  chmod 777 "$tmp"
  ( cd "$tmp" && apt-get download libmorfologik-stemming2-java >/dev/null 2>&1 ) || {
    $SUDO apt-get update -qq
    ( cd "$tmp" && apt-get download libmorfologik-stemming2-java >/dev/null 2>&1 )
  }
  dpkg-deb -x "$tmp"/libmorfologik-stemming2-java_*.deb "$tmp/x"
  jar=$(find "$tmp/x" -name 'morfologik-polish*.jar' -type f | head -n 1)
  [ -n "$jar" ] || { echo "setup: morfologik-polish.jar not found in the package" >&2; exit 1; }
  mkdir -p "$dict"
  unzip -o -q -j "$jar" 'morfologik/stemming/polish/polish.dict' 'morfologik/stemming/polish/polish.info' \
    'morfologik/stemming/polish/polish.LICENSE.txt' -d "$dict"
  echo "setup: dictionary in $dict ($(stat -c %s "$dict/polish.dict") bytes)"
fi
