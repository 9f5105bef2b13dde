#!/usr/bin/env bash
# Install the Debian packages the platform needs, only those missing (we run as root here).
# usage: scripts/ensure-system.sh run|prod|test
set -euo pipefail
mode=${1:-run}
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have ffmpeg || need+=(ffmpeg)
have ffprobe || need+=(ffmpeg)
if [ "$mode" = test ] || [ "$mode" = prod ]; then
  have redis-server || need+=(redis-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
fi
if [ "$mode" = test ]; then
  have chromium || need+=(chromium)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${need[*]}. Run as root or install them: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
