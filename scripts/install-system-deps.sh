#!/usr/bin/env bash
# Install the Debian packages the tests and tools need beyond `npm install` (dovecot, chromium,
# tesseract with Dutch data, poppler, qpdf, DejaVu and Liberation fonts): only those missing.
# The list is scripts/system-deps.js, the same one `npm test` reads to skip what needs a missing tool.
# Used by .ci/run and `npm run setup`. Needs root (or sudo) and apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t need < <(node scripts/system-deps.js --packages)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages missing (${need[*]}), and apt-get is not available here: install them by hand" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "installing ${need[*]} needs root: run this as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
echo "installing Debian packages: ${need[*]}"
for i in 1 2 3; do
  "${sudo[@]}" apt-get update -q && "${sudo[@]}" apt-get install -y -q --no-install-recommends "${need[@]}" && break
  [ "$i" -eq 3 ] && { echo "apt-get failed three times" >&2; exit 1; }
  echo "apt-get failed (attempt $i); retrying in 10 s"; sleep 10
done
# Dovecot's package starts a system instance; the tests run their own private one.
if [[ " ${need[*]} " == *" dovecot-imapd "* ]]; then "${sudo[@]}" service dovecot stop >/dev/null 2>&1 || true; fi
