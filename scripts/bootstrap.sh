#!/usr/bin/env bash
# Prepare a machine to run or test Outreach: system libraries for Qt (and, with
# --test, a virtual display, D-Bus and GNOME Keyring), then a virtualenv in
# .venv with the pinned dependencies. Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_PACKAGES="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
 libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libegl1
 libfontconfig1 libgl1 libglib2.0-0 libdbus-1-3"
TEST_PACKAGES="xvfb xauth dbus dbus-x11 gnome-keyring postgresql"

packages="$QT_PACKAGES"
if [[ "${1:-}" == "--test" ]]; then
    packages="$packages $TEST_PACKAGES"
fi

missing=()
if command -v dpkg-query >/dev/null; then
    for package in $packages; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
            missing+=("$package")
        fi
    done
fi
if (( ${#missing[@]} )); then
    echo "Installing system packages: ${missing[*]}"
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

python="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
    "$python" -m venv .venv
fi
stamp=.venv/.outreach-installed
if [[ ! -f $stamp || constraints.txt -nt $stamp || pyproject.toml -nt $stamp ]]; then
    .venv/bin/python -m pip install --quiet --upgrade "pip>=24"
    .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev]"
    touch "$stamp"
fi
