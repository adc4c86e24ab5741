#!/usr/bin/env bash
# Java (for the Nu HTML Checker) and Chromium (Lighthouse, axe-core) from Debian, when missing.
# Installed only by root with apt-get; anyone else is told what to install.
set -euo pipefail
missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} from Debian for the audit"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
else
  echo "the audit needs: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
