#!/usr/bin/env bash
# Runs the whole test suite: setup (install + build), the GoogleTest runtime tests (CTest, in
# build/cpp-tests), the Python tests (pytest, tests/python), and the multi-rank tests under mpirun
# (tests/dist) where they exist. Every step runs even if an earlier one failed; exits non-zero if
# any failed. Knobs: TESSERA_WERROR=OFF (warnings are errors in the C++ test build by default),
# TESSERA_DIST_RANKS (default 2), PYTEST_ADDOPTS (extra pytest arguments, read by pytest itself),
# TESSERA_CUDA_CHECK=off (skips compiling the CUDA variants where nvcc is installed).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
PY=.venv/bin/python
start=$SECONDS
failed=0
summary=()

record() {  # record STEP STATUS
  summary+=("$1: $2")
  case $2 in passed | skipped*) ;; *) failed=1 ;; esac
}
banner() { echo; echo "==== $* ===="; }
has_files() {  # has_files DIR PATTERN...: true if DIR holds a file matching one of the patterns
  local dir=$1; shift
  local args=() p
  for p in "$@"; do args+=(-o -name "$p"); done
  [[ -d $dir ]] && [[ -n $(find "$dir" -type f \( "${args[@]:1}" \) -print -quit) ]]
}

# ---- setup -------------------------------------------------------------------------------------
banner "setup"
if bash tools/setup.sh 2>&1; then
  setup_ok=1
  record setup passed
else
  setup_ok=0
  record setup FAILED
fi
[[ -d .venv/bin ]] && export PATH="$PWD/.venv/bin:$PATH"

# ---- C++: GoogleTest through CTest -------------------------------------------------------------
banner "C++ tests (tests/cpp)"
mkdir -p build
if ! compgen -G 'tests/cpp/*.cc' >/dev/null; then
  echo "no .cc files in tests/cpp: skipped"
  record cpp "skipped (no tests)"
elif ! cmake -S . -B build/cpp-tests -G Ninja -DTESSERA_TESTS=ON \
       -DTESSERA_WERROR="${TESSERA_WERROR:-ON}" >build/cpp-tests-configure.log 2>&1; then
  tail -n 30 build/cpp-tests-configure.log
  echo "CMake configure failed (log: build/cpp-tests-configure.log)"
  record cpp "FAILED (configure)"
elif ! cmake --build build/cpp-tests --target tessera_tests -j "$(nproc 2>/dev/null || echo 2)"; then
  record cpp "FAILED (build)"
elif ctest --test-dir build/cpp-tests --output-on-failure --no-tests=error --timeout 600; then
  record cpp passed
else
  record cpp FAILED
fi

# ---- CUDA: compile the GPU variants (nothing runs: no GPU here) ---------------------------------
# Where the CUDA toolkit is installed, the TESSERA_CUDA=ON core library is built, so a .cu file
# that no longer compiles fails here and not first on a GPU machine. Debian 12's CMake 3.25 does
# not know C++20 for nvcc: PyPI's CMake is installed for this step alone (build/cmake-cuda).
NVCC=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
if [[ ${TESSERA_CUDA_CHECK:-auto} != off && -x $NVCC ]]; then
  banner "CUDA compile check (build/cuda-check)"
  cuda_cmake=build/cmake-cuda/bin/cmake
  if [[ ! -x $cuda_cmake ]] && ! "$PY" -m pip install -q --target build/cmake-cuda \
       "cmake>=3.28" >build/cmake-cuda.log 2>&1; then
    tail -n 20 build/cmake-cuda.log
    record cuda "FAILED (installing CMake)"
  elif ! PYTHONPATH="$PWD/build/cmake-cuda" "$cuda_cmake" -S . -B build/cuda-check -G Ninja \
         -DTESSERA_CUDA=ON -DCMAKE_CUDA_COMPILER="$NVCC" >build/cuda-check-configure.log 2>&1; then
    tail -n 30 build/cuda-check-configure.log
    record cuda "FAILED (configure)"
  elif cu_objects=$(ninja -C build/cuda-check -t targets all | sed -n 's/^\(.*\.cu\.o\): .*/\1/p') &&
       [[ -n $cu_objects ]] &&
       PYTHONPATH="$PWD/build/cmake-cuda" ninja -C build/cuda-check -j "$(nproc 2>/dev/null || echo 2)" $cu_objects \
         >build/cuda-check-build.log 2>&1; then
    # Only the .cu objects: the C++ sources are the ones the steps above built already.
    record cuda passed
  else
    grep -E "error" build/cuda-check-build.log | head -n 40
    record cuda "FAILED (build; log: build/cuda-check-build.log)"
  fi
fi

# ---- Python: pytest ----------------------------------------------------------------------------
PYTEST=(-m pytest -q -p no:cacheprovider -o faulthandler_timeout=300)
banner "Python tests (tests/python)"
if ! has_files tests/python 'test_*.py' '*_test.py'; then
  echo "no test files in tests/python: skipped"
  record python "skipped (no tests)"
elif ((!setup_ok)); then
  echo "not run: setup failed, so tessera is not installed"
  record python "FAILED (not run: setup failed)"
else
  timeout -k 30 "${TESSERA_PYTEST_TIMEOUT:-1800}" "$PY" "${PYTEST[@]}" tests/python
  rc=$?
  case $rc in
    0) record python passed ;;
    5) record python "FAILED (no tests collected)" ;;
    124 | 137) record python "FAILED (timed out)" ;;
    *) record python "FAILED (pytest exit $rc)" ;;
  esac
fi

# ---- many ranks: pytest under mpirun -----------------------------------------------------------
if has_files tests/dist 'test_*.py' '*_test.py'; then
  banner "multi-rank tests (tests/dist)"
  if ! command -v mpirun >/dev/null 2>&1; then
    echo "mpirun not found: skipped"
    record dist "skipped (no mpirun)"
  elif ((!setup_ok)); then
    record dist "FAILED (not run: setup failed)"
  else
    MPI=(mpirun -n "${TESSERA_DIST_RANKS:-2}")
    if mpirun --version 2>&1 | grep -q "Open MPI"; then
      MPI+=(--oversubscribe)
      export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    fi
    if timeout -k 30 "${TESSERA_PYTEST_TIMEOUT:-1800}" "${MPI[@]}" "$PY" "${PYTEST[@]}" tests/dist
    then
      record dist passed
    else
      record dist FAILED
    fi
  fi
fi

# ---- summary -----------------------------------------------------------------------------------
echo
line=$(printf '%s, ' "${summary[@]}")
line=${line%, }
if ((failed)); then
  echo "test.sh: FAILED in $((SECONDS - start)) s — $line"
  exit 1
fi
echo "test.sh: OK in $((SECONDS - start)) s — $line"
