#!/usr/bin/env bash
# export-demo-snapshot.sh — regenerate data/demo-directory.ldif from the Samba test DC's fixtures.
# Start the DC first (bash scripts/samba-ad-start.sh); same SAMBA_AD_DIR. Keeps the header comment of the file.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORKDIR="${SAMBA_AD_DIR:-${TMPDIR:-/tmp}/lm-doctor-samba-ad}"
[ -f "$WORKDIR/env" ] || { echo "no $WORKDIR/env: start the DC with scripts/samba-ad-start.sh" >&2; exit 1; }
set -a; . "$WORKDIR/env"; set +a
OUT="$ROOT/data/demo-directory.ldif"
HEADER=$(sed -n '/^#/p;/^$/q' "$OUT")
FILTER='(|(&(objectClass=computer)(|(sAMAccountName=HV0*)(sAMAccountName=OLDHV07$)))(sAMAccountName=lm-op-*)(cn=LM Operators)(cn=Protected Users))'
{
  printf '%s\n\n' "$HEADER"
  LDAPTLS_CACERT="$SAMBA_AD_CA_FILE" ldapsearch -LLL -x -H "$SAMBA_AD_LDAPS_URL" -D "$SAMBA_AD_BIND_DN" -w "$SAMBA_AD_BIND_PASSWORD" \
    -b "$SAMBA_AD_BASE_DN" "$FILTER" objectClass sAMAccountName dNSHostName userAccountControl servicePrincipalName \
    msDS-AllowedToDelegateTo objectSid msDS-AllowedToActOnBehalfOfOtherIdentity operatingSystem operatingSystemVersion \
    userPrincipalName memberOf member | grep -v '^# ref'
} | cat -s > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "wrote $OUT ($(grep -c '^dn:' "$OUT") entries)" >&2
