#!/usr/bin/env bash
# install-test-deps.sh — system packages the integration tests need that no other script installs:
#   redis-server  (test/ops: two replicas sharing dedupe and rate limits; Redis stopped and restarted mid-run)
#   fonts-liberation2, fonts-dejavu-core  (test/ocr and bench:ocr render synthetic Windows screenshots with them)
#   samba, ldap-utils, openssl …  (test/directory: the Samba AD DC; the list lives in scripts/samba-ad-start.sh, which
#                                  installs them here with --install-only, before any test runs)
# Idempotent: installs only what is missing and says what it installs; needs root for that (CI runs as root).
# Run by `npm test` (npm run test:deps) and by .ci/run before `npm ci`.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
for pkg in fonts-liberation2 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

samba() { bash "$(dirname "$0")/samba-ad-start.sh" --install-only; }

if [ "${#missing[@]}" -eq 0 ]; then
  echo "[install-test-deps] present: redis-server fonts-liberation2 fonts-dejavu-core" >&2
  samba
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
samba
