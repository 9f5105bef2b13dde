#!/usr/bin/env bash
# Install the Debian packages the platform needs, only those missing (we run as root here).
# usage: scripts/ensure-system.sh run|prod|test
set -euo pipefail
mode=${1:-run}
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have ffmpeg || need+=(ffmpeg)
have ffprobe || need+=(ffmpeg)
# certificates and letters (WeasyPrint): Pango, HarfBuzz' subsetter and fonts from Debian
libs=$(ldconfig -p 2>/dev/null || true)
grep -q libpango-1.0 <<<"$libs" || need+=(libpango-1.0-0)
grep -q libpangoft2-1.0 <<<"$libs" || need+=(libpangoft2-1.0-0)
grep -q libharfbuzz-subset <<<"$libs" || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -q "DejaVuSerif.ttf" || need+=(fonts-dejavu-core fontconfig)
fc-list 2>/dev/null | grep -q "DejaVuSerif-Italic" || need+=(fonts-dejavu-extra)
if [ "$mode" = test ] || [ "$mode" = prod ]; then
  have redis-server || need+=(redis-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
  have pdftotext || need+=(poppler-utils)
  have pdftoppm || need+=(poppler-utils)
  have zbarimg || need+=(zbar-tools)
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
