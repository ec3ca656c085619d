#!/usr/bin/env bash
# The API tests run openstacksdk scripts against cbr-sim's Glance-, Nova- and Cinder-compatible
# paths with Debian's python3-openstacksdk. Always /usr/bin/python3: the python3 on the PATH may be
# another interpreter (a pyenv build) that does not see Debian's packages. Install it when it is
# missing, as root on Debian; otherwise say what to do.
set -euo pipefail
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import openstack' >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's python3-openstacksdk for the API tests…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-openstacksdk >/dev/null
  /usr/bin/python3 -c 'import openstack'
else
  echo "The API tests need Debian's openstacksdk for /usr/bin/python3: run 'sudo apt-get install --no-install-recommends python3-openstacksdk'." >&2
  exit 1
fi
