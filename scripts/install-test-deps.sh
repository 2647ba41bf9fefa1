#!/usr/bin/env bash
# install-test-deps.sh — system packages the integration tests need that no other script installs:
#   redis-server  (test/ops: two replicas sharing dedupe and rate limits; Redis stopped and restarted mid-run)
#   fonts-liberation2, fonts-dejavu-core  (test/ocr and bench:ocr render synthetic Windows screenshots with them)
# The Samba AD DC's packages are installed by scripts/samba-ad-start.sh itself. Idempotent: installs only what is
# missing; needs root (CI runs as root). Called by .ci/run before `npm ci`.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
for pkg in fonts-liberation2 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "[install-test-deps] everything present" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "[install-test-deps] missing ${missing[*]}; run as root or install them: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "[install-test-deps] installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's package may start a system-wide redis on 6379; the tests run their own on free loopback ports.
command -v redis-server >/dev/null
echo "[install-test-deps] done" >&2
