#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright-core never downloads a browser here). If it
# is missing, install it from Debian's packages (needs root, as on CI); otherwise say how.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [[ -x "$chromium" ]]; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "ensure-chromium: installing Debian's chromium (for the browser tests) …"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [[ -x "$chromium" ]] || { echo "ensure-chromium: chromium installed but $chromium is missing" >&2; exit 1; }
  exit 0
fi
echo "ensure-chromium: $chromium not found; install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
exit 1
