#!/usr/bin/env bash
# System packages mhnotebook needs beyond pip: the pango libraries WeasyPrint uses for PDF export,
# poppler-utils (pdftotext), with which the tests read exported letters back, and the PostgreSQL
# server binaries (initdb, pg_ctl): the case-store tests start their own throwaway server on
# 127.0.0.1. With --tests it adds what only the tests need: Debian's `chromium`, the browser the web
# app tests drive through Playwright (never `playwright install`, which downloads its own), and
# `npm` (with nodejs), which installs the pinned axe-core of tests/app/package-lock.json. (Debian's `postgresql` package may also create and start its own cluster "main";
# nothing of ours uses it: the tests find the binaries and run a private cluster in a temp dir.)
# Installs them with apt-get on Debian/Ubuntu when run as root (or with password-less sudo);
# otherwise says exactly what to install. Run by `make setup` (and so by `make app`, `make lab` and
# `make test`); `make test` runs it again with --tests.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
for_tests=0
[ "${1:-}" = "--tests" ] && for_tests=1

missing=()
for lib in pango-1.0:libpango-1.0-0 pangoft2-1.0:libpangoft2-1.0-0; do
  name="${lib%%:*}"; package="${lib##*:}"
  if [ -z "$("$PYTHON" -c "import ctypes.util; print(ctypes.util.find_library('$name') or '')")" ]; then
    missing+=("$package")
  fi
done
command -v pdftotext >/dev/null 2>&1 || missing+=("poppler-utils")
has_postgres() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then return 0; fi
  local bin
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && return 0
  done
  return 1
}
has_postgres || missing+=("postgresql")
if [ "$for_tests" -eq 1 ]; then
  command -v chromium >/dev/null 2>&1 || missing+=("chromium")
  # npm (it brings nodejs) installs axe-core, the accessibility checker the app tests inject.
  command -v npm >/dev/null 2>&1 || missing+=("npm")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""
  elif sudo -n true 2>/dev/null; then sudo="sudo -n"
  else
    echo "mhnotebook: PDF export and the tests need: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "mhnotebook: installing ${missing[*]} (PDF export; in tests: reading PDFs back, a PostgreSQL server, a browser, npm)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "mhnotebook: PDF export and the tests need ${missing[*]} (Debian names; on macOS 'brew install pango poppler postgresql')" >&2
  exit 1
fi
