#!/usr/bin/env bash
# The PNG figures are rendered with DejaVu Sans loaded from its files (src/diagram/png.ts), not
# with whatever fonts a machine has. Install Debian's fonts-dejavu-core when they are missing, as
# root on Debian; otherwise say what to do. CBR_SIM_FONT_DIR names another directory that has them.
set -euo pipefail
dirs=("${CBR_SIM_FONT_DIR:-}" /usr/share/fonts/truetype/dejavu /usr/share/fonts/dejavu-sans-fonts /usr/share/fonts/dejavu /usr/share/fonts/TTF)
for dir in "${dirs[@]}"; do
  if [ -n "$dir" ] && [ -f "$dir/DejaVuSans.ttf" ] && [ -f "$dir/DejaVuSans-Bold.ttf" ] && [ -f "$dir/DejaVuSansMono.ttf" ] && [ -f "$dir/DejaVuSansMono-Bold.ttf" ]; then exit 0; fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's fonts-dejavu-core for the PNG figures…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
else
  echo "The PNG figures need the DejaVu fonts: run 'sudo apt-get install fonts-dejavu-core' (or set CBR_SIM_FONT_DIR)." >&2
  exit 1
fi
