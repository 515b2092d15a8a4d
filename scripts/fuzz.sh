#!/usr/bin/env bash
# Fuzzing 年报检查 (nianbao) with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Runs each fuzz target (all of `cargo fuzz list` unless named) for SECONDS seconds
# (default 8: the short run of `./build.sh test`, about a minute and a half in all), one
# after the other, each on one core at low priority. Corpora start from the fixtures
# (tests/fixtures/*.txt and tests/fixtures/formats/*: text, web pages, .docx and its XML,
# .doc and .wps) and
# grow in fuzz/corpus/<target>; a dictionary of report words is in fuzz/dict/.
# Prints the executions of each target and exits non-zero if any crashed; the input that
# crashed is kept in fuzz/artifacts/<target>/ (turn it into a test in tests/regressions.rs).
#
# Long runs (the issue asks for ≥ 10 million executions per reader):
#
#   scripts/fuzz.sh 3600 check_text                  # one hour on one target
#   NIANBAO_FUZZ_RUNS=10000000 scripts/fuzz.sh 0 read_text   # a fixed number of runs
#   NIANBAO_FUZZ_SANITIZER=address scripts/fuzz.sh 600       # with AddressSanitizer
#   NIANBAO_FUZZ_MAX_LEN=4096 scripts/fuzz.sh 3600 read_html  # inputs up to 4 KB: faster
#
# Installs what is missing: the nightly toolchain (rustup) and cargo-fuzz (crates.io).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${1:-8}"
[ $# -gt 0 ] && shift
SANITIZER="${NIANBAO_FUZZ_SANITIZER:-none}"
RUNS="${NIANBAO_FUZZ_RUNS:-}"
# Longest input tried (libFuzzer's -max_len); by default the longest seed. Smaller
# inputs run many times faster (the web-page seeds are up to 60 KB).
MAX_LEN="${NIANBAO_FUZZ_MAX_LEN:-}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  say "rustup toolchain install nightly（cargo fuzz 需要）"
  rustup toolchain install nightly --profile minimal >&2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "cargo install cargo-fuzz（只需一次）"
  cargo install --quiet cargo-fuzz --locked >&2 || cargo install --quiet cargo-fuzz >&2
fi

say "cargo +nightly fuzz build（sanitizer: $SANITIZER）"
nice -n 19 cargo +nightly fuzz build --sanitizer "$SANITIZER" >&2

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

# seed TARGET: copies the fixtures that suit the target into its corpus.
seed() {
  local t="$1" dir="fuzz/corpus/$1" f
  mkdir -p "$dir"
  shopt -s nullglob
  local formats=tests/fixtures/formats
  case "$t" in
    *html*)
      for f in "$formats"/*.htm "$formats"/*.html; do cp -n "$f" "$dir/seed-$(basename "$f")"; done ;;
    check_bytes_docx)
      for f in "$formats"/*.docx "$formats"/*.zip; do cp -n "$f" "$dir/seed-$(basename "$f")"; done ;;
    read_doc)
      for f in "$formats"/*.doc "$formats"/*.wps "$formats"/*.xls; do cp -n "$f" "$dir/seed-$(basename "$f")"; done ;;
    docx_xml)
      # The Word XML of each .docx fixture.
      for f in "$formats"/*.docx; do
        [ -e "$dir/seed-$(basename "$f").xml" ] && continue
        python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("word/document.xml"))' \
          "$f" > "$dir/seed-$(basename "$f").xml" 2>/dev/null || rm -f "$dir/seed-$(basename "$f").xml"
      done ;;
    read_pdf)
      # Whole files (first byte even), and content streams (odd).
      for f in tests/fixtures/pdf/*.pdf "$formats"/*.pdf tests/fixtures/real/*.pdf; do
        [ -e "$dir/seed-$(basename "$f")" ] || { printf '\x00'; cat "$f"; } > "$dir/seed-$(basename "$f")"
      done
      printf '\x01BT /F1 12 Tf 72 700 Td (2024) Tj ET 72 650 200 0.5 re f 72 600 m 272 600 l S BT /F2 10 Tf 80 640 Td <00010002> Tj ET' > "$dir/seed-content" ;;
    read_bytes_any)
      # A first byte picking the name (see the target), then the file.
      for f in tests/fixtures/*.txt "$formats"/*; do
        local pick
        case "$f" in
          *.txt) pick='\x00' ;; *.html) pick='\x01' ;; *.htm) pick='\x02' ;; *.docx) pick='\x03' ;;
          *.doc) pick='\x04' ;; *.pdf) pick='\x06' ;; *) pick='\x05' ;;
        esac
        [ -e "$dir/seed-$(basename "$f")" ] || { printf "$pick"; cat "$f"; } > "$dir/seed-$(basename "$f")"
      done ;;
    *)
      for f in tests/fixtures/*.txt "$formats"/*.txt; do cp -n "$f" "$dir/seed-$(basename "$f")"; done ;;
  esac
  shopt -u nullglob
}

status=0
summary=()
for t in "${targets[@]}"; do
  seed "$t"
  args=(-dict=fuzz/dict/report.dict -print_final_stats=1 -rss_limit_mb=2048 -timeout=10)
  [ -n "$MAX_LEN" ] && args+=(-max_len="$MAX_LEN")
  if [ -n "$RUNS" ]; then
    args+=(-runs="$RUNS")
  else
    args+=(-max_total_time="$SECONDS_PER_TARGET")
  fi
  if [ -n "$RUNS" ]; then say "fuzz $t（$RUNS 次）"; else say "fuzz $t（$SECONDS_PER_TARGET 秒）"; fi
  log="$(mktemp)"
  start=$(date +%s)
  if nice -n 19 cargo +nightly fuzz run --sanitizer "$SANITIZER" "$t" "fuzz/corpus/$t" -- "${args[@]}" >"$log" 2>&1; then
    result="ok"
  else
    result="CRASH"
    status=1
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" >&2 || tail -30 "$log" >&2
  fi
  execs="$(awk '/stat::number_of_executed_units/ { print $NF }' "$log" | tail -1)"
  elapsed=$(( $(date +%s) - start ))
  summary+=("$(printf '%-18s %-6s %12s 次执行  %5d 秒  语料 %d 个' "$t" "$result" "${execs:-?}" "$elapsed" "$(find "fuzz/corpus/$t" -type f | wc -l)")")
  rm -f "$log"
done

echo
echo "模糊测试结果（sanitizer: $SANITIZER）："
printf '  %s\n' "${summary[@]}"
exit "$status"
