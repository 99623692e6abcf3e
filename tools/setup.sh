#!/usr/bin/env bash
# Installs what tessera needs and builds it into .venv. Idempotent, and quick when nothing changed:
#   1. Debian packages (compiler, CMake, Ninja, GoogleTest, ...) only when one is missing;
#   2. the virtual environment .venv, with a Python >= 3.10 that has venv and its C headers;
#   3. tools/requirements.txt into .venv, skipped while its hash matches the last install;
#   4. `pip install -e .` of tessera, skipped while no file under src/ include/ python/ and no
#      build file changed since the last successful install. scikit-build-core keeps its CMake
#      build dir in build/{wheel_tag}, so a rebuild recompiles only what changed.
# Knobs: TESSERA_PYTHON (interpreter for a new .venv), CMAKE_ARGS (extra -D options for the build),
# CMAKE_BUILD_PARALLEL_LEVEL (compile jobs; default: number of cores).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
VENV=$ROOT/.venv
LOGDIR=$ROOT/build
mkdir -p "$LOGDIR"

APT_PACKAGES=(g++ cmake ninja-build pkg-config libgtest-dev libopenblas-dev librandom123-dev)
CMAKE_MIN=3.24

say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

# One setup at a time per checkout (test.sh and bench.sh may be started together).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$LOGDIR/.setup.lock"
  flock 9
fi

start=$SECONDS

# ---- 1. Debian packages ------------------------------------------------------------------------
pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

apt_install() {
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: $*"
    sudo=(sudo)
  fi
  say "installing Debian packages: $*"
  if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
         "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
           --no-install-recommends "$@"; } >"$LOGDIR/setup-apt.log" 2>&1; then
    tail -n 20 "$LOGDIR/setup-apt.log" >&2
    die "apt-get failed (full log: build/setup-apt.log)"
  fi
}

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
else
  say "not a Debian system: not checking system packages (${APT_PACKAGES[*]})"
fi

# ---- 2. the virtual environment ----------------------------------------------------------------
# Prints the interpreter's real path if it is >= 3.10 and can make a venv and build extensions.
PY_CHECK='
import os, sys, sysconfig
assert sys.version_info >= (3, 10)
import venv, ensurepip
assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))
print(sys.executable)'

find_python() {
  local c exe
  for c in ${TESSERA_PYTHON:-} python3 python3.13 python3.12 python3.11 python3.10 /usr/bin/python3; do
    command -v "$c" >/dev/null 2>&1 || continue
    if exe=$("$c" -c "$PY_CHECK" 2>/dev/null); then
      echo "$exe"
      return 0
    fi
  done
  return 1
}

if [[ -x $VENV/bin/python ]] && ! "$VENV/bin/python" -c "import sys" >/dev/null 2>&1; then
  say ".venv is broken (its interpreter does not start): recreating it"
  rm -rf "$VENV"
fi
if [[ ! -x $VENV/bin/python ]]; then
  if ! py=$(find_python); then
    apt_install python3 python3-venv python3-dev
    py=$(find_python) || die "no Python >= 3.10 with venv and headers found"
  fi
  say "creating .venv with $py ($("$py" -c 'import platform; print(platform.python_version())'))"
  "$py" -m venv "$VENV" || die "python -m venv failed"
fi
PY=$VENV/bin/python
export PATH="$VENV/bin:$PATH"

# ---- 3. Python packages ------------------------------------------------------------------------
req_lines=$(grep -v '^[[:space:]]*#' tools/requirements.txt | grep -v '^[[:space:]]*$')
cmake_version=$(cmake --version 2>/dev/null | sed -n 's/^cmake version \([0-9.]*\).*/\1/p' || true)
if [[ -z $cmake_version ]] ||
   [[ $(printf '%s\n%s\n' "$CMAKE_MIN" "$cmake_version" | sort -V | head -n1) != "$CMAKE_MIN" ]]; then
  req_lines+=$'\n'"cmake>=$CMAKE_MIN"   # system CMake missing or too old: use PyPI's
fi
deps_hash=$( { echo "$req_lines"; "$PY" -c 'import sys; print(sys.version)'; } | sha256sum | cut -c1-64)
if [[ $(cat "$VENV/.tessera-deps.sha256" 2>/dev/null) == "$deps_hash" ]]; then
  say "python packages up to date"
else
  say "installing python packages: $(echo "$req_lines" | tr '\n' ' ')"
  echo "$req_lines" >"$VENV/.tessera-requirements.txt"
  if ! "$PY" -m pip install -q -r "$VENV/.tessera-requirements.txt" >"$LOGDIR/setup-pip.log" 2>&1; then
    tail -n 20 "$LOGDIR/setup-pip.log" >&2
    die "pip install of the requirements failed (full log: build/setup-pip.log)"
  fi
  echo "$deps_hash" >"$VENV/.tessera-deps.sha256"
fi

# ---- 4. build and install tessera --------------------------------------------------------------
# The hash covers the content and names of every build input, the build settings and the deps.
build_inputs=()
for p in src include python CMakeLists.txt CMakePresets.json pyproject.toml; do
  [[ -e $p ]] && build_inputs+=("$p")
done
build_hash=$( {
  find "${build_inputs[@]}" -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 |
    LC_ALL=C sort -z | xargs -0 -r sha256sum 2>/dev/null || true  # a file may vanish meanwhile
  echo "CMAKE_ARGS=${CMAKE_ARGS:-}"
  env | grep '^SKBUILD_' | LC_ALL=C sort || true
  echo "$deps_hash"
} | sha256sum | cut -c1-64)

installed() { compgen -G "$VENV/lib/python*/site-packages/tessera-*.dist-info" >/dev/null; }

if [[ $(cat "$VENV/.tessera-build.sha256" 2>/dev/null) == "$build_hash" ]] && installed; then
  say "tessera up to date"
else
  rm -f "$VENV/.tessera-build.sha256"
  export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}
  say "building tessera (pip install -e ., ${CMAKE_BUILD_PARALLEL_LEVEL} jobs, log: build/setup-build.log)"
  if ! "$PY" -m pip install --no-build-isolation --no-deps -v -e . \
      >"$LOGDIR/setup-build.log" 2>&1; then
    errors=$(grep -v -e subprocess-exited-with-error -e metadata-generation-failed \
               "$LOGDIR/setup-build.log" | grep -E -A 3 'error:|Error:|CMake Error|FAILED:' |
             head -n 40 || true)
    if [[ -n $errors ]]; then echo "$errors" >&2; else tail -n 25 "$LOGDIR/setup-build.log" >&2; fi
    die "building tessera failed (full log: build/setup-build.log)"
  fi
  if [[ -f python/tessera/__init__.py ]] &&
     ! "$PY" -c "import tessera" >"$LOGDIR/setup-import.log" 2>&1; then
    tail -n 20 "$LOGDIR/setup-import.log" >&2
    die "tessera built, but 'import tessera' fails"
  fi
  echo "$build_hash" >"$VENV/.tessera-build.sha256"
  say "tessera installed"
fi
say "done in $((SECONDS - start)) s"
