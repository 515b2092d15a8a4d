#!/usr/bin/env bash
# 年报检查 (nianbao) build script.
#
#   ./build.sh serve [--port N]  install what is missing, build, serve www/ on 127.0.0.1
#   ./build.sh test              every test: native (cargo test), lint (fmt, clippy), wasm API (node), browser, short fuzz run
#   ./build.sh dist              the deployable files and the single-file offline page in dist/
#   ./build.sh bench             browser benchmark: load-to-ready, in-page vs native check time
#   ./build.sh wasm              only build the WebAssembly module and the page's files
#   ./build.sh setup             only install what is missing
#
# Environment: NIANBAO_CHROMIUM (browser binary), NIANBAO_TOOLS (where the wasm-bindgen CLI
# goes; default ~/.cache/nianbao-tools), NIANBAO_WASM_OPT=0 (skip wasm-opt).
# What it installs when missing (idempotent; skipped when present): the wasm32 Rust
# target, the wasm-bindgen CLI at exactly the version in Cargo.lock, Node.js and the npm
# packages of package.json (binaryen's wasm-opt, playwright-core), and for the browser
# tests Debian's chromium with a Chinese font.
# System packages need root (CI runs as root); otherwise it says what to install.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$PWD"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }

TOOLS="${NIANBAO_TOOLS:-$HOME/.cache/nianbao-tools}"
CHROMIUM="${NIANBAO_CHROMIUM:-}"
SIZE_LIMIT_KB=250

# ---- setup ---------------------------------------------------------------------------

apt_install() {
  # apt_install PACKAGE... — installs Debian packages as root, once per run.
  if [ "$(id -u)" != 0 ]; then
    die "缺少系统软件包：$*。请以 root 运行：apt-get update && apt-get install -y $*"
  fi
  command -v apt-get >/dev/null || die "缺少 $*，且本机没有 apt-get：请手动安装。"
  if [ -z "${APT_UPDATED:-}" ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_rust() {
  command -v cargo >/dev/null || die "没有 cargo：请先安装 Rust（rustup）。"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown >&2
  fi
  local want
  want="$(wasm_bindgen_version)"
  [ -n "$want" ] || { cargo generate-lockfile >&2; want="$(wasm_bindgen_version)"; }
  [ -n "$want" ] || die "Cargo.lock 中没有 wasm-bindgen。"
  # The test run's lint step (cargo fmt --check, cargo clippy -D warnings).
  local component
  for component in clippy rustfmt; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
      say "rustup component add $component"
      rustup component add "$component" >&2
    fi
  done
  WASM_BINDGEN=""
  for candidate in "$TOOLS/wasm-bindgen-$want/bin/wasm-bindgen" "$(command -v wasm-bindgen || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$("$candidate" --version 2>/dev/null)" = "wasm-bindgen $want" ]; then
      WASM_BINDGEN="$candidate"
      break
    fi
  done
  if [ -z "$WASM_BINDGEN" ]; then
    say "cargo install wasm-bindgen-cli $want（约 2 分钟，只需一次）"
    local root="$TOOLS/wasm-bindgen-$want"
    # --locked can fail when a locked dependency is newer than the registry serves.
    cargo install --quiet wasm-bindgen-cli --version "=$want" --locked --root "$root" >&2 ||
      cargo install --quiet wasm-bindgen-cli --version "=$want" --root "$root" >&2
    WASM_BINDGEN="$root/bin/wasm-bindgen"
  fi
}

setup_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 18 ] || die "Node.js 版本过旧（$(node --version)），需要 18 或更新。"
}

setup_browser() {
  setup_node
  local pkgs=()
  if [ -z "$CHROMIUM" ]; then
    for c in /usr/bin/chromium /usr/bin/chromium-browser; do
      [ -x "$c" ] && { CHROMIUM="$c"; break; }
    done
  fi
  [ -n "$CHROMIUM" ] || pkgs+=(chromium)
  # Without a Chinese font the page renders as boxes (screenshots, layout checks).
  fc-list 2>/dev/null | grep -qiE 'WenQuanYi|Noto Sans CJK|Source Han' || pkgs+=(fonts-wqy-microhei)
  if [ "${#pkgs[@]}" -gt 0 ]; then
    apt_install "${pkgs[@]}"
    [ -n "$CHROMIUM" ] || CHROMIUM=/usr/bin/chromium
  fi
  export NIANBAO_CHROMIUM="$CHROMIUM"
  setup_npm
}

setup_npm() {
  # package.json: binaryen (wasm-opt) for the build, playwright-core for the tests.
  setup_node
  local stamp=node_modules/.nianbao-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    say "npm ci（binaryen、playwright-core）"
    npm ci --no-audit --no-fund --loglevel=error >&2
    cp package-lock.json "$stamp"
  fi
}

# ---- build ---------------------------------------------------------------------------

target_dir() {
  if [ -n "${CARGO_TARGET_DIR:-}" ]; then echo "$CARGO_TARGET_DIR"; return; fi
  cargo metadata --format-version 1 --no-deps 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))'
}

gz() { gzip -9c "$1" | wc -c; }

# One wasm module: `cargo build` of CRATE with PROFILE for wasm32, wasm-bindgen's classic
# (no-modules) glue under the global GLOBAL into www/pkg/OUT.js + OUT_bg.wasm, then
# wasm-opt. One glue form for every use: the same files serve the worker, the main-thread
# fallback and the offline single file (module workers cannot start from a file:// page).
build_module() {
  local crate="$1" profile="$2" global="$3" out="$4"
  cargo build --quiet -p "$crate" --lib --profile "$profile" --target wasm32-unknown-unknown >&2
  local wasm
  wasm="$(target_dir)/wasm32-unknown-unknown/$profile/${crate//-/_}.wasm"
  [ -f "$wasm" ] || die "没有找到 $wasm"
  "$WASM_BINDGEN" --target no-modules --no-modules-global "$global" --no-typescript \
    --out-dir www/pkg --out-name "$out" "$wasm"
  if [ "${NIANBAO_WASM_OPT:-1}" != 0 ]; then
    # binaryen's wasm-opt from npm (132; Debian's 108 emits modules that crash on load).
    # -O2: as small as -Oz here (≈ -12 % gzip) and no slower. NIANBAO_WASM_OPT=0 skips it.
    local before
    before="$(gz "www/pkg/${out}_bg.wasm")"
    node node_modules/binaryen/bin/wasm-opt -O2 --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "www/pkg/${out}_bg.wasm" -o "www/pkg/${out}_bg.wasm"
    printf 'wasm-opt（%s）：wasm gzip 后 %d KB → %d KB\n' "$out" $(( (before + 1023) / 1024 )) \
      $(( ($(gz "www/pkg/${out}_bg.wasm") + 1023) / 1024 ))
  fi
}

build_wasm() {
  setup_rust
  setup_npm
  rm -rf www/pkg
  # The binding is a crate of its own (crates/wasm) and only a cdylib, so the profile's
  # LTO applies in full (cargo ignores it for a crate that is also an rlib).
  say "cargo build -p nianbao-wasm（wasm32，profile wasm-release：opt-level s、LTO）"
  build_module nianbao-wasm wasm-release wasm_bindgen nianbao
  # The on-demand modules: the page's worker loads each only when it is needed, so a
  # visitor who never opens a PDF or the table assistant never downloads them. Each has
  # its own global name (the worker holds several glues at once) and its own budget.
  say "cargo build -p nianbao-readers-wasm（按需加载的 PDF、旧版 Word 读取模块）"
  build_module nianbao-readers-wasm wasm-readers nianbao_readers nianbao_readers
  say "cargo build -p nianbao-tables-wasm（按需加载的填写表格模块）"
  build_module nianbao-tables-wasm wasm-release nianbao_tables nianbao_tables
  # The page's modules as one file (one request instead of one per module).
  node www/tools/page-bundle.mjs www
  node www/tools/make-offline.mjs www www/nianbao-offline.html >&2
  report_size
}

# Prints "wasm W KB + JS 胶水 J KB = T KB（上限 L KB）" for module OUT and warns over budget.
module_size() {
  local out="$1" what="$2" w j total
  w="$(gz "www/pkg/${out}_bg.wasm")"
  j="$(gz "www/pkg/${out}.js")"
  total=$(( (w + j + 1023) / 1024 ))
  printf '%s：wasm %d KB + JS 胶水 %d KB = %d KB（上限 %d KB）' \
    "$what" $(( (w + 1023) / 1024 )) $(( (j + 1023) / 1024 )) "$total" "$SIZE_LIMIT_KB"
  if [ "$total" -gt "$SIZE_LIMIT_KB" ]; then
    printf '\n警告：%s %d KB 超过 %d KB 的目标\n' "$what" "$total" "$SIZE_LIMIT_KB" >&2
  fi
}

report_size() {
  # What every visitor of index.html downloads besides the base module.
  local ui=0 f
  for f in www/nianbao-page.js www/nianbao-worker.js www/nianbao*.css www/index.html; do
    ui=$(( ui + $(gz "$f") ))
  done
  module_size nianbao '大小（gzip -9）'
  printf '；页面其余文件 %d KB；原始 wasm %d KB\n' $(( (ui + 1023) / 1024 )) \
    $(( ($(wc -c < www/pkg/nianbao_bg.wasm) + 1023) / 1024 ))
  module_size nianbao_readers '按需加载的读取模块（PDF、.doc、.wps，gzip -9）'
  echo
  module_size nianbao_tables '按需加载的填写表格模块（gzip -9）'
  echo
}

build_dist() {
  build_wasm
  say "dist/"
  rm -rf dist
  mkdir -p dist
  cp -R www/. dist/
  rm -rf dist/tools
  printf '已写出 dist/（部署用文件）和 dist/nianbao-offline.html（离线单文件版）：\n'
  (cd dist && find . -type f | sort | sed 's|^\./|  |')
}

# ---- tests ---------------------------------------------------------------------------

# Formatting and clippy with warnings as errors, for the native build and for the browser's
# (wasm32 compiles other code paths: SIMD fast paths are x86-64 only, so a warning can
# exist in one build alone). A failure is counted in the closing line.
lint() {
  local failed=0
  say "cargo fmt --check，cargo clippy（原生与 wasm32，警告视为错误）"
  cargo fmt --all --check || failed=1
  cargo clippy --workspace --all-targets -- -D warnings || failed=1
  cargo clippy --workspace --lib --target wasm32-unknown-unknown -- -D warnings || failed=1
  if [ "$failed" = 0 ]; then
    echo "lint: 1 passed, 0 failed"
  else
    echo "lint: 0 passed, 1 failed"
  fi
  [ "$failed" = 0 ]
}

run_tests() {
  local log
  log="$(mktemp)"
  trap 'rm -f "$log"' RETURN
  say "cargo test（原生，整个工作区：核心与各读取 crate）"
  cargo test --workspace --all-targets 2>&1 | tee -a "$log"
  build_wasm
  local status=0
  lint 2>&1 | tee -a "$log" || status=$?
  setup_browser
  say "node --test（wasm 接口与浏览器测试，无头 chromium）"
  (cd tests/browser && node --test --test-concurrency=1 --test-reporter=spec --test-timeout=300000 ./*.test.mjs) 2>&1 | tee -a "$log" || status=$?
  # A short fuzz run of every reader and of the whole check (cargo fuzz, nightly);
  # NIANBAO_FUZZ_SECONDS=0 skips it. Long runs: see SECURITY.md.
  local fuzz_seconds="${NIANBAO_FUZZ_SECONDS:-8}"
  if [ "$fuzz_seconds" != 0 ]; then
    say "模糊测试（每个目标 ${fuzz_seconds} 秒）"
    scripts/fuzz.sh "$fuzz_seconds" 2>&1 | tee -a "$log" || status=$?
  fi
  # One closing line over every runner: cargo's "test result" lines and node's summary.
  local passed failed
  passed="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/^test result:/ { for (i = 1; i <= NF; i++) if ($(i) ~ /^passed;?$/) n += $(i-1) } /^ℹ pass / { n += $3 } /^lint: / { n += $2 } END { print n + 0 }')"
  failed="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/^test result:/ { for (i = 1; i <= NF; i++) if ($(i) ~ /^failed;?$/) n += $(i-1) } /^ℹ fail / { n += $3 } /^lint: / { n += $4 } END { print n + 0 }')"
  echo
  echo "all: ${passed} passed, ${failed} failed"
  [ "$status" = 0 ] && [ "$failed" = 0 ]
}

# ---- main ----------------------------------------------------------------------------

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  setup)
    setup_rust
    setup_browser
    ;;
  wasm)
    build_wasm
    ;;
  serve)
    build_wasm
    port=8000
    while [ $# -gt 0 ]; do
      case "$1" in
        --port) port="$2"; shift 2 ;;
        *) die "未知参数：$1" ;;
      esac
    done
    exec node www/tools/serve.mjs --root www --port "$port"
    ;;
  test)
    run_tests
    ;;
  dist)
    build_dist
    ;;
  bench)
    build_wasm
    setup_browser
    say "cargo bench --bench check（原生）"
    native="$(target_dir)/native-bench.txt"
    cargo bench --quiet --bench check | tee "$native"
    say "浏览器基准（无头 chromium）"
    # The native side of the paired PDF rounds (bench.mjs alternates it with the worker).
    cargo build --quiet --release --example bench_file
    NIANBAO_NATIVE_BENCH="$native" NIANBAO_BENCH_FILE="$(target_dir)/release/examples/bench_file" \
      node tests/browser/bench.mjs
    ;;
  *)
    echo "用法：./build.sh serve [--port N] | test | dist | bench | wasm | setup" >&2
    exit 2
    ;;
esac
