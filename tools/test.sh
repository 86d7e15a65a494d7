#!/usr/bin/env bash
# Installs what the test suite needs, then runs the gates (ruff, mypy) and the whole suite.
#   bash tools/test.sh            (extra arguments go to pytest, e.g. -k render)
# System packages (LibreOffice for the document tests, poppler for pdftotext/pdftoppm, the Qt
# runtime libraries, fonts-liberation2, SoftHSM2 and LibreOffice's Python bridge) come from apt-get
# when it is there and they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2 fonts-dejavu-core
  xvfb xauth libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  softhsm2 python3-uno)

need_apt=0
command -v soffice >/dev/null 2>&1 || need_apt=1
command -v pdftotext >/dev/null 2>&1 || need_apt=1
command -v Xvfb >/dev/null 2>&1 || need_apt=1
# Liberation 2.x: metric-compatible with Times New Roman and has the Vietnamese letters (1.x has not,
# so every PDF and PNG of the tests would mix fallback glyphs into words)
[ -d /usr/share/fonts/truetype/liberation2 ] || need_apt=1
command -v softhsm2-util >/dev/null 2>&1 || need_apt=1   # a real PKCS#11 token for the signing tests
[ -e /usr/lib/python3/dist-packages/uno.py ] || need_apt=1  # LibreOffice's UNO bridge: the warm PDF converter
if [ "$need_apt" = 1 ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "== installing system packages (LibreOffice, poppler, Qt runtime libraries)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
echo "== installing Python packages"
$PY -m pip install -q --disable-pip-version-check -e ".[test,build]"

# Gates first (configured in pyproject.toml): a finding fails the run before any test runs.
echo "== ruff (lint)"
$PY -m ruff check .
echo "== mypy (types: strict for the core, checked for gui/)"
$PY -m mypy

export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
echo "== running the test suite"
$PY -m pytest "$@"
