#!/usr/bin/env bash
# Runs tessera's benchmarks against NumPy (installing and building first, see tools/setup.sh).
# Arguments go to the benchmark, e.g. `bash tools/bench.sh --package numpy,tessera --json out.json`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
if [[ -f python/tessera/bench.py || -f python/tessera/bench/__main__.py ]]; then
  exec .venv/bin/python -m tessera.bench "$@"
fi
exec .venv/bin/python benchmarks/ops/bench_ops.py "$@"
