#!/bin/sh
# Set boxbench up on a Debian machine: install the Debian packages it needs (only those missing;
# as root, or through sudo), then configure and build everything in build/ (Release).
set -eu
cd "$(dirname "$0")/.."

packages="build-essential cargo-web chromium clang clang-format cmake git gnuplot-nox libbenchmark-dev libclang-rt-dev libgoogle-perftools-dev libjemalloc-dev librust-async-trait-dev librust-bumpalo-dev librust-libc-dev librust-slab-dev librust-tokio-util-dev libmimalloc-dev libtbb-dev linux-perf lld python3 python3-dev python3-pyflakes python3-yaml rustc-web valgrind"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "boxbench setup: installing$missing"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBB_TESTS=ON >/dev/null
cmake --build build -j"$(nproc)"
