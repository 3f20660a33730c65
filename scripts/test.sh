#!/usr/bin/env bash
# Install what the tests need on a fresh machine, then lint, check the layer contract and test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian libraries Qt needs offscreen, and Xvfb for the real-window smoke test.
need=(xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
      libxcb-xkb1 libxcb-randr0 libxcb-xinerama0 libxcb-cursor0 libxkbcommon-x11-0 libxkbcommon0
      libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core
      poppler-utils)  # pdfinfo/pdftoppm: the PDF export's test opens what it wrote
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    # A failed install is reported, not fatal: the Xvfb test then skips and says why.
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${missing[@]}" >/dev/null; } || echo "warning: could not install: ${missing[*]}" >&2
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

.venv/bin/ruff check .
.venv/bin/lint-imports
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -rs "$@"
