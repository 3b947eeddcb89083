#!/bin/sh
# Installs every Debian 12 package the build, the tests and the demo need (run as root).
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential cmake pkg-config clang-format \
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqt6sql6-sqlite qt6-qpa-plugins \
    libqcustomplot-dev libyaml-cpp-dev libboost-math-dev libssl-dev zlib1g-dev \
    fonts-dejavu-core xvfb xauth imagemagick poppler-utils sqlite3 file dpkg-dev \
    libqt6sql6-psql postgresql util-linux \
    python3 python3-numpy python3-pandas python3-scipy python3-sklearn python3-statsmodels \
    >/dev/null
