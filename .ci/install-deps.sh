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
npm install --silent --no-audit --no-fund --prefix "$(dirname "$0")/../.tools" @action-validator/cli@0.6.0

# openssl: the TLS tests make a self-signed certificate and run `openssl s_server` at test time.
apt-get install -y -qq --no-install-recommends openssl >/dev/null
# The real MLflow 2.10.2 tracking server the live tests start (its Python deps), when the shared
# material is there; without it those tests report that they are skipped and why.
shared="$(cd "$(dirname "$0")/.." && pwd)/../shared"
if [ -x "$shared/mlflow-2.10.2-server/install-deps.sh" ] || [ -f "$shared/mlflow-2.10.2-server/install-deps.sh" ]; then
    sh "$shared/mlflow-2.10.2-server/install-deps.sh"
fi
