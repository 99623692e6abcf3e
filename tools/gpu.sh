#!/usr/bin/env bash
# The GPU job, for a machine with an NVIDIA GPU and the CUDA toolkit (the device tool's image:
# CUDA 13, CMake, ninja, Python 3.12 with numpy, cupy, nanobind, scikit-build-core, pytest; no
# network). One command builds tessera with TESSERA_CUDA=ON, runs the GPU tests, the whole
# pytest suite with the GPU as the default processor, and the GPU benchmarks against CuPy.
#
#   bash tools/gpu.sh                 # build, gpu-tests, suite, bench
#   bash tools/gpu.sh build suite     # only those steps, in that order
#
# Logs and results go to $OUT (the device tool's folder) or build/gpu-out. Environment:
# PYTHON (default python3), BENCH_ARGS (extra arguments of benchmarks/gpu/gpu_bench.py),
# PYTEST_ARGS (extra arguments of the suite's pytest).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
OUT=${OUT:-build/gpu-out}
mkdir -p "$OUT"
steps=("$@")
[[ ${#steps[@]} -eq 0 ]] && steps=(build gpu-tests suite bench)
export PYTHONUNBUFFERED=1
status=0

step_build() {
  export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
  local t0=$SECONDS
  local extra=()
  # Headers the image lacks (Random123), carried by the device tool in .device/include.
  if [[ -d .device/include ]]; then
    extra+=("-Ccmake.define.CMAKE_CXX_FLAGS=-I$PWD/.device/include"
            "-Ccmake.define.CMAKE_CUDA_FLAGS=-I$PWD/.device/include")
  fi
  # Editable, like tools/setup.sh, into its own build folder; --no-build-isolation: the image
  # has scikit-build-core and nanobind, and no network.
  if ! "$PY" -m pip install --no-build-isolation --no-deps -v -e . \
      -Ccmake.define.TESSERA_CUDA=ON -Cbuild-dir=build/gpu "${extra[@]}" >"$OUT/build.log" 2>&1; then
    grep -E "error|Error" "$OUT/build.log" | head -n 40
    tail -n 30 "$OUT/build.log"
    echo "gpu.sh: build failed (log: $OUT/build.log)"
    exit 1
  fi
  echo "gpu.sh: built in $((SECONDS - t0)) s"
  "$PY" -c "import tessera; tessera.show_config()"
}

step_gpu_tests() {
  "$PY" -m pytest -q -p no:cacheprovider tests/python/test_gpu.py 2>&1 | tee "$OUT/gpu-tests.log" | tail -n 30
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
}

step_suite() {
  # Every launch that has a CUDA variant on the GPU, whatever its size.
  TESSERA_GPU_THRESHOLD=0 "$PY" -m pytest -q -p no:cacheprovider -rf --tb=line --maxfail=300 \
    ${PYTEST_ARGS:-} tests/python 2>&1 | tee "$OUT/suite.log" | grep -E "^(FAILED|ERROR)|passed|failed" | tail -n 60
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
}

step_bench() {
  "$PY" benchmarks/gpu/gpu_bench.py --out "$OUT/gpu-bench.json" ${BENCH_ARGS:-} 2>&1 | tee "$OUT/bench.log" | tail -n 40
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
}

for s in "${steps[@]}"; do
  case $s in
    build) step_build ;;
    gpu-tests) step_gpu_tests ;;
    suite) step_suite ;;
    bench) step_bench ;;
    *) echo "gpu.sh: unknown step '$s' (build, gpu-tests, suite, bench)"; exit 2 ;;
  esac
done
exit $status
