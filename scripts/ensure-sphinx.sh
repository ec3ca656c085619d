#!/usr/bin/env bash
# The docs tests build the generated RST pages with the real Sphinx (Debian's python3-sphinx:
# sphinx-build, the HTML and LaTeX builders, the alabaster theme). Install it when it is missing,
# as root on Debian; otherwise say what to do.
set -euo pipefail
if command -v sphinx-build >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's python3-sphinx for the docs tests…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sphinx >/dev/null
else
  echo "The docs tests need Sphinx (sphinx-build): run 'sudo apt-get install python3-sphinx'." >&2
  exit 1
fi
