#!/usr/bin/env bash
# Sets up the project's virtual environment and runs every check and test.
# This is the README's test command; .ci/run calls it after installing system packages.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv || exit 1
fi
.venv/bin/pip install -q --upgrade pip >/dev/null
.venv/bin/pip install -q -e '.[test]' || exit 1

status=0
echo "== ruff"; .venv/bin/ruff check src tests bench || status=1
.venv/bin/ruff format --check src tests bench || status=1
echo "== mypy"; .venv/bin/mypy || status=1
echo "== pytest"
.venv/bin/pytest "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "pytest ran no tests: that is a failure here" >&2
  rc=1
fi
[ $rc -ne 0 ] && status=$rc
if [ -d bench ] && [ -z "${ZAHLLAUF_SKIP_BENCH:-}" ]; then
  echo "== benchmarks (small size, so they cannot rot)"
  for script in bench/*.py; do
    .venv/bin/python "$script" --klein || status=1
  done
fi
exit $status
