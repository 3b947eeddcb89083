#!/bin/sh
# Installs every Debian 12 package the build, the tests and the demo need (run as root).
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential cmake pkg-config clang-format \
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqt6sql6-sqlite qt6-qpa-plugins \
    libqcustomplot-dev libeigen3-dev libyaml-cpp-dev libboost-math-dev libssl-dev zlib1g-dev \
    fonts-dejavu-core xvfb xauth imagemagick poppler-utils sqlite3 file dpkg-dev \
    libqt6sql6-psql postgresql util-linux \
    python3 python3-numpy python3-pandas python3-scipy python3-sklearn python3-statsmodels \
    clang libclang-rt-14-dev \
    python3-yaml prometheus curl \
    >/dev/null
# Node.js and npm come with the machine (NodeSource's nodejs, which conflicts with Debian's npm
# package); Debian's own are installed only where there is no npm at all.
command -v npm >/dev/null || apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
# @action-validator/cli from the npm registry validates action.yml and the example workflow
# (tests/pipelines/validate_actions.sh); kept in the git-ignored .tools/ of the checkout.
tools="$(cd "$(dirname "$0")/.." && pwd)/.tools"
npm install --silent --no-audit --no-fund --prefix "$tools" @action-validator/cli@0.6.0
# Parquet prediction files are read with DuckDB's C library (Debian 12 packages no Parquet
# reader): libduckdb.so as the npm registry ships it for Node, and DuckDB's C header from the
# same DuckDB release (1.4.4), taken from the `duckdb` package's sources without building them.
# CMake finds both under .tools/; the .deb carries the library (README: "Why each dependency").
npm install --silent --no-audit --no-fund --prefix "$tools" @duckdb/node-bindings-linux-x64@1.4.4-r.4
if [ ! -f "$tools/duckdb-1.4.4/duckdb.h" ]; then
    (cd "$tools" && npm pack --silent duckdb@1.4.4 >/dev/null &&
        mkdir -p duckdb-1.4.4 &&
        tar -xzf duckdb-1.4.4.tgz -O package/src/duckdb/src/include/duckdb.h >duckdb-1.4.4/duckdb.h &&
        tar -xzf duckdb-1.4.4.tgz -O package/LICENSE >duckdb-1.4.4/LICENSE &&
        rm duckdb-1.4.4.tgz)
fi

# openssl: the TLS tests make a self-signed certificate and run `openssl s_server` at test time.
apt-get install -y -qq --no-install-recommends openssl >/dev/null
# The real MLflow 2.10.2 tracking server the live tests start (its Python deps), when the shared
# material is there; without it those tests report that they are skipped and why.
shared="$(cd "$(dirname "$0")/.." && pwd)/../shared"
if [ -x "$shared/mlflow-2.10.2-server/install-deps.sh" ] || [ -f "$shared/mlflow-2.10.2-server/install-deps.sh" ]; then
    sh "$shared/mlflow-2.10.2-server/install-deps.sh"
fi
