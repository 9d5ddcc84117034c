#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the CSV reader's libFuzzer target with clang (ASan + UBSan) and runs
# it over the seed corpus. Usage: run-fuzzer.sh SOURCE_ROOT BUILD_ROOT [SECONDS]
#
# Two builds run SECONDS each: one with the reader's real sizes (64 KiB
# chunks, a 256 KiB sniffing sample), one with tiny ones (61-byte chunks, a
# 1000-byte sample), so that short inputs also cut characters, line ends,
# quotes and records at chunk and sample boundaries.
# Needs clang and libclang-rt-14-dev (build-aux/dev fuzz installs them).
set -eu

src=$1
build=$2
seconds=${3:-60}
out=$build/tests/fuzz

if ! command -v clang >/dev/null 2>&1; then
  echo "clang is not installed: run build-aux/dev fuzz" >&2
  exit 1
fi

mkdir -p "$out"
export TZ=UTC LC_ALL=C.UTF-8

run () {
  name=$1
  shift
  mkdir -p "$out/$name-corpus"

  # shellcheck disable=SC2046
  clang -g -O1 -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DG_LOG_DOMAIN='"Plumbline"' "$@" \
    -I"$build" -I"$src/src" -I"$src/src/core" \
    $(pkg-config --cflags glib-2.0 gio-2.0) \
    "$src/tests/fuzz/fuzz-csv.c" \
    "$src/src/core/pl-csv.c" "$src/src/core/pl-error.c" "$src/src/core/pl-util.c" \
    $(pkg-config --libs glib-2.0 gio-2.0) -lcsv -lm \
    -o "$out/$name"

  # New inputs go to the build directory; the seed corpus stays as
  # committed. Crashes are written to the build directory too.
  echo "== $name: $seconds s"
  (cd "$out" && "./$name" \
    -max_total_time="$seconds" \
    -max_len=65536 \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -dict="$src/tests/fuzz/csv.dict" \
    -artifact_prefix="$out/$name-" \
    "$out/$name-corpus" "$src/tests/fuzz/corpus")
}

run fuzz-csv
run fuzz-csv-small-chunks -DPL_CSV_CHUNK_SIZE=61 -DPL_CSV_SNIFF_BYTES=1000
