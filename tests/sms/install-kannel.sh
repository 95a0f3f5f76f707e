#!/bin/sh
# Installs Kannel (bearerbox, smsbox) and kannel-extras (fakesmsc) for the SMS end-to-end tests.
# Run as root. Idempotent: does nothing when the binaries are already there.
set -eu

if [ -x /usr/sbin/bearerbox ] && [ -x /usr/sbin/smsbox ] && [ -x /usr/lib/kannel/test/fakesmsc ]; then
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -E"
fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends kannel kannel-extras

# The package ships an init script that may start a system-wide Kannel on 13000/13001/13013.
# The tests use their own random loopback ports, but a stray system Kannel is not wanted.
if [ -x /etc/init.d/kannel ]; then
    $SUDO /etc/init.d/kannel stop >/dev/null 2>&1 || true
fi
