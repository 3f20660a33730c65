#!/usr/bin/env bash
# Run every bench/bench_*.py in the repo's venv (Qt offscreen) and print their tables.
set -uo pipefail
cd "$(dirname "$0")/.."

python=.venv/bin/python
[ -x "$python" ] || { echo "no venv at .venv: run scripts/test.sh first" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen

echo "# $(date -u '+%Y-%m-%d %H:%M UTC')  $(uname -m)  $(nproc) cores  $("$python" --version)"
env | grep -E '^(OPENBLAS|OMP|MKL)_NUM_THREADS=' || echo "# BLAS threads: default"

status=0
for script in bench/bench_*.py; do
  echo
  echo "== $script"
  "$python" "$script" || status=1
done
exit $status
