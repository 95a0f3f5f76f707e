#!/bin/sh
# Installs Debian's chromium for the website tests, which read the generated pages in it.
# Run as root. Idempotent: does nothing when chromium is already there.
set -eu

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -E"
fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
