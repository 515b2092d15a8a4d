#!/usr/bin/env bash
# nianbao build script. Subcommands: serve, test, dist (grows with the project).
set -euo pipefail
cd "$(dirname "$0")"
cmd="${1:-}"
case "$cmd" in
  test)
    cargo test --all-targets
    ;;
  serve|dist)
    echo "尚未实现：$cmd" >&2; exit 2 ;;
  *)
    echo "用法：./build.sh serve|test|dist" >&2; exit 2 ;;
esac
