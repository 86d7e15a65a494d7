#!/usr/bin/env bash
# Build the one-folder bundle (build/ and dist/, both git-ignored) from build.spec, print its size,
# then smoke-test the built programs (tools/smoke_bundle.py). Exits non-zero if either fails.
# Called by .ci/run after the test suite; runs the same by hand:  bash .ci/bundle.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
echo "== bundle: PyInstaller one-folder build (build.spec)"

if ! "$PY" -m PyInstaller --version >/dev/null 2>&1; then
  echo "PyInstaller missing: installing the 'build' extra of pyproject.toml"
  "$PY" -m pip install --quiet --disable-pip-version-check -e ".[build]"
fi

log=build/pyinstaller.log
mkdir -p build
start=$(date +%s)
if ! "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
      --workpath build/pyinstaller --distpath dist build.spec >"$log" 2>&1; then
  echo "PyInstaller failed; last lines of $log:"
  tail -n 60 "$log"
  exit 1
fi
grep -E "^build\.spec:" "$log" | grep -v "dropping unlinked" || true
echo "built in $(( $(date +%s) - start )) s"

bundle=dist/cchc-desktop
size_kib=$(du -sk "$bundle" | cut -f1)
files=$(find "$bundle" -type f | wc -l)
echo "bundle size: $(( size_kib / 1024 )) MB ($size_kib KiB, $files files) in $bundle"
echo "largest parts:"
du -ak "$bundle" | sort -rn | awk 'NR>1 && NR<=9 {printf "  %6.1f MB  %s\n", $1/1024, $2}'

echo "== bundle: smoke test"
"$PY" tools/smoke_bundle.py --dist "$bundle"
