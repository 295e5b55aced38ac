#!/usr/bin/env bash
# System packages mhnotebook needs beyond pip: the pango libraries WeasyPrint uses for PDF export,
# and poppler-utils (pdftotext), with which the tests read exported letters back.
# Installs them with apt-get on Debian/Ubuntu when run as root (or with password-less sudo);
# otherwise says exactly what to install. Run by `make setup` (and so by `make lab` and `make test`).
set -euo pipefail
PYTHON="${PYTHON:-python3}"

missing=()
for lib in pango-1.0:libpango-1.0-0 pangoft2-1.0:libpangoft2-1.0-0; do
  name="${lib%%:*}"; package="${lib##*:}"
  if [ -z "$("$PYTHON" -c "import ctypes.util; print(ctypes.util.find_library('$name') or '')")" ]; then
    missing+=("$package")
  fi
done
command -v pdftotext >/dev/null 2>&1 || missing+=("poppler-utils")
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""
  elif sudo -n true 2>/dev/null; then sudo="sudo -n"
  else
    echo "mhnotebook: PDF export and its tests need: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "mhnotebook: installing ${missing[*]} (PDF export and reading PDFs back in tests)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "mhnotebook: PDF export needs the pango libraries (${missing[*]} on Debian; 'brew install pango' on macOS)" >&2
  exit 1
fi
