#!/usr/bin/env bash
# samba-ad-start.sh — throw-away Samba AD DC on loopback, with Hyper-V delegation fixtures.
# Adapted for lm-doctor from ../shared/reference/samba-ad-start.sh (fixtures for every finding code).
#
# From nothing to "AD answering LDAP/LDAPS with the fixture hosts", idempotently:
#   1. apt-get install the minimal Debian package set (only if something is missing; root needed)
#   2. provision realm LAB.EXAMPLE into $WORKDIR (never touches /etc/samba/smb.conf)
#   3. start `samba` in the background (PID in $WORKDIR/samba.pid), bounded wait until LDAP(S) answers
#   4. create fixtures (HV01..HV07, OLDHV07, svc-lmcheck, operators) and verify them as svc-lmcheck
# A second call while the DC is healthy is a no-op; otherwise the old instance is stopped and
# $WORKDIR rebuilt from scratch. Progress/timings go to stderr; KEY=VALUE lines (also written to
# $WORKDIR/env) go to stdout. Stop with samba-ad-stop.sh (same SAMBA_AD_DIR).
#
# Knobs (environment):
#   SAMBA_AD_DIR          work dir (default ${TMPDIR:-/tmp}/lm-doctor-samba-ad); wiped on (re)provision
#   SAMBA_AD_IP           loopback IPv4 to bind (default 127.0.0.1; e.g. 127.0.0.2 to coexist with
#                         another LDAP server on 127.0.0.1 — LDAP ports 389/636/3268/3269 are fixed)
#   SAMBA_AD_SERVICES     samba "server services" (default "ldap kdc"; "ldap" if 88/464 are taken)
#   SAMBA_AD_KDC_PORT     KDC port (default 88); kpasswd stays on 464 unless SAMBA_AD_KPASSWD_PORT
#   SAMBA_AD_WAIT_S       max seconds to wait for LDAP after start (default 60)
#   SAMBA_AD_MAX_RUNTIME  samba exits by itself after this many seconds (default 7200)
#   SAMBA_AD_ADMIN_PASSWORD / SAMBA_AD_SVC_PASSWORD  test-only passwords (defaults below)
set -euo pipefail

WORKDIR="${SAMBA_AD_DIR:-${TMPDIR:-/tmp}/lm-doctor-samba-ad}"
IP="${SAMBA_AD_IP:-127.0.0.1}"
SERVICES="${SAMBA_AD_SERVICES:-ldap kdc}"
KDC_PORT="${SAMBA_AD_KDC_PORT:-88}"
KPASSWD_PORT="${SAMBA_AD_KPASSWD_PORT:-464}"
WAIT_S="${SAMBA_AD_WAIT_S:-60}"
MAX_RUNTIME="${SAMBA_AD_MAX_RUNTIME:-7200}"
ADMIN_PW="${SAMBA_AD_ADMIN_PASSWORD:-Adm1n-Pass.word}"
SVC_PW="${SAMBA_AD_SVC_PASSWORD:-Passw0rd-LM.check}"

REALM=LAB.EXAMPLE
DOMAIN=LAB
DNSDOMAIN=lab.example
BASE_DN="DC=lab,DC=example"
DC_NAME=DC1
SVC_USER=svc-lmcheck
MARKER=.samba-ad-lab              # only a directory holding this file is ever wiped
PKGS=(samba samba-dsdb-modules samba-vfs-modules samba-ad-provision ldap-utils openssl)

log() { printf '[samba-ad] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

[[ "$IP" =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "SAMBA_AD_IP must be a 127.x.y.z loopback address (got '$IP')"
case "$WORKDIR" in /|/tmp|/tmp/|"") die "refusing SAMBA_AD_DIR='$WORKDIR'";; esac

DC="$WORKDIR/dc"
CONF="$DC/etc/smb.conf"
PIDFILE="$WORKDIR/samba.pid"
CA="$WORKDIR/tls/ca.pem"
export LDAPTLS_CACERT="$CA"       # ldapsearch/ldapmodify verify our CA; cert has IP SAN $IP

# --- helpers ---------------------------------------------------------------------------------
our_samba_pid() {  # prints the recorded PID if it is alive and is *our* samba
  # (samba rewrites its argv to "samba: root process", so /proc/PID/cmdline cannot be used:
  #  check the executable and that the process holds a file open inside $WORKDIR)
  local pid f
  [ -s "$PIDFILE" ] || return 1
  pid=$(cat "$PIDFILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == /usr/sbin/samba* ]] || return 1
  for f in /proc/"$pid"/fd/*; do
    if [[ "$(readlink "$f" 2>/dev/null)" == "$WORKDIR/"* ]]; then echo "$pid"; return 0; fi
  done
  return 1
}
ldap_ready() {  # rootDSE over plain LDAP and over LDAPS (CA-verified)
  ldapsearch -LLL -x -o nettimeout=2 -l 2 -H "ldap://$IP:389" -b '' -s base dnsHostName >/dev/null 2>&1 &&
  ldapsearch -LLL -x -o nettimeout=2 -l 2 -H "ldaps://$IP:636" -b '' -s base dnsHostName >/dev/null 2>&1
}
emit_env() {
  local pid; pid=$(our_samba_pid || echo "")
  cat > "$WORKDIR/env" <<EOF
SAMBA_AD_DIR=$WORKDIR
SAMBA_AD_PID=$pid
SAMBA_AD_LDAP_URL=ldap://$IP:389
SAMBA_AD_LDAPS_URL=ldaps://$IP:636
SAMBA_AD_CA_FILE=$CA
SAMBA_AD_REALM=$REALM
SAMBA_AD_BASE_DN=$BASE_DN
SAMBA_AD_BIND_DN=$SVC_USER@$DNSDOMAIN
SAMBA_AD_BIND_PASSWORD=$SVC_PW
SAMBA_AD_ADMIN_DN=Administrator@$DNSDOMAIN
SAMBA_AD_ADMIN_PASSWORD=$ADMIN_PW
EOF
  cat "$WORKDIR/env"
}
stop_previous() {
  local pid i
  if pid=$(our_samba_pid); then
    log "stopping previous samba (PID $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
}

# --- 0. already up? (`--install-only`: only install what is missing, for scripts/install-test-deps.sh) -----------
INSTALL_ONLY=0
[ "${1:-}" = "--install-only" ] && INSTALL_ONLY=1
if [ "$INSTALL_ONLY" = 0 ] && [ -f "$WORKDIR/fixtures.done" ] && our_samba_pid >/dev/null && ldap_ready; then
  log "already running (PID $(our_samba_pid)), nothing to do"
  emit_env
  exit 0
fi

T0=$(now)
# --- 1. packages -------------------------------------------------------------------------------
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "packages missing (${missing[*]}) and not root"
  log "installing: ${missing[*]}"
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # keep the postinst scripts from starting smbd/nmbd/samba-ad-dc on 0.0.0.0
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  rc=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"${TMPDIR:-/tmp}/samba-ad-apt.log" 2>&1 || rc=$?
  [ "$made_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ "$rc" = 0 ] || { tail -n 20 "${TMPDIR:-/tmp}/samba-ad-apt.log" >&2; die "apt-get failed"; }
fi
T1=$(now); log "install: $(secs "$T0" "$T1")s${missing[*]:+ (${missing[*]})}"
if [ "$INSTALL_ONLY" = 1 ]; then
  [ ${#missing[@]} -eq 0 ] && log "packages present: ${PKGS[*]}"
  exit 0
fi

# --- 2. fresh work dir + provision -------------------------------------------------------------
stop_previous
if [ -e "$WORKDIR" ]; then
  if [ -f "$WORKDIR/$MARKER" ] || [ -z "$(ls -A "$WORKDIR")" ]; then rm -rf "$WORKDIR"
  else die "$WORKDIR exists and is not ours (no $MARKER); refusing to wipe it"; fi
fi
mkdir -p "$WORKDIR"/{log,tls,run}
touch "$WORKDIR/$MARKER"

# fail fast on TCP port conflicts (UDP 88/464 conflicts make samba exit; see log)
ports=(389 636 3268 3269)
[[ " $SERVICES " == *" kdc "* ]] && ports+=("$KDC_PORT" "$KPASSWD_PORT")
for p in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/$IP/$p") 2>/dev/null; then
    die "port $IP:$p is already in use (try SAMBA_AD_IP=127.0.0.2, or SAMBA_AD_SERVICES=ldap for 88/464)"
  fi
done

printf '[global]\n' > "$WORKDIR/empty.conf"   # so provision does not inherit /etc/samba/smb.conf
samba-tool domain provision -s "$WORKDIR/empty.conf" --targetdir="$DC" \
  --realm="$REALM" --domain="$DOMAIN" --server-role=dc --host-name="$DC_NAME" --host-ip="$IP" \
  --adminpass="$ADMIN_PW" --dns-backend=SAMBA_INTERNAL \
  --option="interfaces=$IP/8" --option="bind interfaces only=yes" --option="server services=$SERVICES" \
  >"$WORKDIR/log/provision.log" 2>&1 || { tail -n 20 "$WORKDIR/log/provision.log" >&2; die "provision failed"; }

# TLS: own CA + server cert with SANs (DNS name *and* the loopback IP), so clients can verify
# with just the CA. The key must be mode 0600 or samba refuses to start the LDAP server.
(
  cd "$WORKDIR/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
    -subj "/O=Samba AD test/CN=Samba AD test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req -newkey rsa:2048 -nodes -keyout key.pem -out req.csr -subj "/O=Samba AD test/CN=$DC_NAME.$DNSDOMAIN"
  printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
    'extendedKeyUsage=serverAuth' \
    "subjectAltName=DNS:$DC_NAME.$DNSDOMAIN,DNS:$DNSDOMAIN,DNS:localhost,IP:$IP" > ext.cnf
  openssl x509 -req -in req.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 3650 -extfile ext.cnf
  chmod 600 key.pem ca.key
) >"$WORKDIR/log/openssl.log" 2>&1 || { cat "$WORKDIR/log/openssl.log" >&2; die "openssl failed"; }

# Our own smb.conf (replaces the generated one): loopback only, LDAP(+KDC) only, everything
# (pid file, sockets, logs) inside $WORKDIR, simple binds allowed on plain 389 too.
cat > "$CONF" <<EOF
[global]
	netbios name = $DC_NAME
	workgroup = $DOMAIN
	realm = $REALM
	server role = active directory domain controller
	private dir = $DC/private
	lock directory = $DC
	state directory = $DC/state
	cache directory = $DC/cache
	binddns dir = $DC/bind-dns
	pid directory = $WORKDIR/run
	ncalrpc dir = $WORKDIR/run/ncalrpc
	winbindd socket directory = $WORKDIR/run/winbindd
	ntp signd socket directory = $WORKDIR/run/ntp_signd
	interfaces = $IP/8
	bind interfaces only = yes
	server services = $SERVICES
	krb5 port = $KDC_PORT
	kpasswd port = $KPASSWD_PORT
	ldap server require strong auth = no
	tls enabled = yes
	tls keyfile = $WORKDIR/tls/key.pem
	tls certfile = $WORKDIR/tls/cert.pem
	tls cafile = $WORKDIR/tls/ca.pem
	logging = file
	log file = $WORKDIR/log/samba.log
	log level = 1
	max log size = 10000

[sysvol]
	path = $DC/state/sysvol
	read only = no

[netlogon]
	path = $DC/state/sysvol/$DNSDOMAIN/scripts
	read only = no
EOF
T2=$(now); log "provision (+tls, conf): $(secs "$T1" "$T2")s"

# --- 3. start + bounded wait -------------------------------------------------------------------
# -F: foreground (we background it ourselves and record the PID); -M single: one process (~50 MB).
# stdin/stdout/stderr are detached from the caller so `execFileSync` in a jest globalSetup does not
# wait for it; it stays in the caller's process group (a group kill/Ctrl-C of the test run stops it).
samba -F -M single -s "$CONF" --maximum-runtime="$MAX_RUNTIME" </dev/null >"$WORKDIR/log/stdout.log" 2>&1 &
echo $! > "$PIDFILE"
deadline=$(( $(date +%s) + WAIT_S ))
until ldap_ready; do
  if ! our_samba_pid >/dev/null; then
    tail -n 15 "$WORKDIR/log/samba.log" "$WORKDIR/log/stdout.log" >&2 || true
    die "samba exited during startup"
  fi
  [ "$(date +%s)" -lt "$deadline" ] || { stop_previous; die "LDAP not answering after ${WAIT_S}s"; }
  sleep 0.1
done
T3=$(now); log "start until LDAP+LDAPS answer: $(secs "$T2" "$T3")s (PID $(cat "$PIDFILE"))"

# --- 4. fixtures ---------------------------------------------------------------------------------
# One LDIF over LDAPS as Administrator (fast: ~0.1 s), then RBCD with samba-tool (this Samba only
# lets the *local system session* write msDS-AllowedToActOnBehalfOfOtherIdentity, not LDAP).
# Every finding code of `lm-doctor check` has a fixture (see test/support/samba-fixtures.ts).
MVSMS="Microsoft Virtual System Migration Service"
spns() {  # realistic Hyper-V host SPNs (no explicit cifs/: AD maps cifs -> HOST via sPNMappings)
  local h=$1 s
  for s in HOST RestrictedKrbHost "$MVSMS" "Microsoft Virtual Console Service"; do
    printf 'servicePrincipalName: %s/%s\nservicePrincipalName: %s/%s.%s\n' "$s" "$h" "$s" "$h" "$DNSDOMAIN"
  done
}
a2d() {  # msDS-AllowedToDelegateTo values for "may delegate to host $1" (migration + cifs, short + FQDN)
  local h=$1 s
  for s in "$MVSMS" cifs; do
    printf 'msDS-AllowedToDelegateTo: %s/%s\nmsDS-AllowedToDelegateTo: %s/%s.%s\n' "$s" "$h" "$s" "$h" "$DNSDOMAIN"
  done
}
computer() {  # name uac description [extra ldif lines on stdin]; SPNs unless NOSPN=1; OS build in $OS (default 26100)
  printf 'dn: CN=%s,CN=Computers,%s\nchangetype: add\nobjectClass: computer\n' "$1" "$BASE_DN"
  printf 'sAMAccountName: %s$\nuserAccountControl: %s\ndNSHostName: %s.%s\n' "$1" "$2" "$1" "$DNSDOMAIN"
  case "${OS:-26100}" in 17763) n=2019;; 20348) n=2022;; *) n=2025;; esac
  printf 'operatingSystem: Windows Server %s Datacenter\noperatingSystemVersion: 10.0 (%s)\n' "$n" "${OS:-26100}"
  printf 'description: fixture: %s\n' "$3"
  [ "${NOSPN:-0}" = 1 ] || spns "$1"
  cat
  printf '\n'
}
user() {  # name uac description
  printf 'dn: CN=%s,CN=Users,%s\nchangetype: add\nobjectClass: user\nsAMAccountName: %s\n' "$1" "$BASE_DN" "$1"
  printf 'userPrincipalName: %s@%s\ndescription: %s\nuserAccountControl: %s\nunicodePwd:: %s\n\n' "$1" "$DNSDOMAIN" "$3" "$2" "$SVC_PW_B64"
}
SVC_PW_B64=$(printf '"%s"' "$SVC_PW" | iconv -f UTF-8 -t UTF-16LE | base64 -w0)
{
  # UAC 0x1000 WORKSTATION_TRUST_ACCOUNT; 0x2 ACCOUNTDISABLE; 0x80000 TRUSTED_FOR_DELEGATION;
  # 0x1000000 TRUSTED_TO_AUTH_FOR_DELEGATION (protocol transition); users: 0x200 NORMAL_ACCOUNT,
  # 0x10000 DONT_EXPIRE_PASSWD, 0x100000 NOT_DELEGATED
  a2d HV02 | computer HV01 4096     "constrained delegation, Kerberos only, to HV02"
  a2d HV01 | computer HV02 16781312 "constrained delegation, any protocol, to HV01"
  : | computer HV03 528384 "unconstrained delegation; RBCD target for HV01 and HV02"
  printf 'msDS-AllowedToDelegateTo: cifs/HV99.%s\n' "$DNSDOMAIN" | OS=17763 computer HV04 4098 "disabled; constrained delegation to a non-existent host"
  # HV05: any protocol; to HV01 only the short migration form and only the (lower-case) FQDN cifs form;
  # to HV02 both migration forms and no cifs
  printf 'msDS-AllowedToDelegateTo: %s\n' "$MVSMS/HV01" "cifs/hv01.$DNSDOMAIN" "$MVSMS/HV02" "$MVSMS/hv02.$DNSDOMAIN" \
    | OS=20348 computer HV05 16781312 "any protocol; partial forms to HV01, no cifs to HV02"
  # HV06: no migration SPN and no HOST SPN registered (Hyper-V role missing / VMMS registration problem)
  printf 'servicePrincipalName: RestrictedKrbHost/HV06\nservicePrincipalName: RestrictedKrbHost/HV06.%s\n' "$DNSDOMAIN" \
    | NOSPN=1 computer HV06 4096 "no migration SPN, no HOST SPN"
  # HV07: its FQDN migration SPN is registered on a stale account OLDHV07 instead (duplicate-spn)
  printf 'servicePrincipalName: %s\n' "HOST/HV07" "HOST/HV07.$DNSDOMAIN" "$MVSMS/HV07" \
    | NOSPN=1 computer HV07 16781312 "migration SPN (FQDN) held by OLDHV07"
  printf 'servicePrincipalName: %s\n' "$MVSMS/HV07.$DNSDOMAIN" | NOSPN=1 computer OLDHV07 4098 "stale account holding HV07's SPN"
  user "$SVC_USER" 66048 "low-privilege read-only account for tests"
  user lm-op-ok 66048 "operator: can be delegated"
  user lm-op-sensitive 1114624 "operator: account is sensitive and cannot be delegated"
  user lm-op-protected 66048 "operator: in Protected Users through LM Operators"
  cat <<EOF
dn: CN=LM Operators,CN=Users,$BASE_DN
changetype: add
objectClass: group
sAMAccountName: LM Operators
member: CN=lm-op-protected,CN=Users,$BASE_DN

dn: CN=Protected Users,CN=Users,$BASE_DN
changetype: modify
add: member
member: CN=LM Operators,CN=Users,$BASE_DN
-

EOF
} > "$WORKDIR/fixtures.ldif"
ldapmodify -x -H "ldaps://$IP:636" -D "Administrator@$DNSDOMAIN" -w "$ADMIN_PW" -f "$WORKDIR/fixtures.ldif" \
  >"$WORKDIR/log/fixtures.log" 2>&1 || { cat "$WORKDIR/log/fixtures.log" >&2; die "fixture LDIF failed"; }
for p in HV01 HV02; do
  samba-tool delegation add-principal 'HV03$' "$p\$" -s "$CONF" >>"$WORKDIR/log/fixtures.log" 2>&1 \
    || { cat "$WORKDIR/log/fixtures.log" >&2; die "RBCD add-principal failed"; }
done

# verify as the low-privilege account, over LDAPS with CA verification
n=$(ldapsearch -LLL -x -H "ldaps://$IP:636" -D "$SVC_USER@$DNSDOMAIN" -w "$SVC_PW" -b "CN=Computers,$BASE_DN" \
      '(&(objectClass=computer)(sAMAccountName=*HV0*))' sAMAccountName | grep -c '^dn: ' || true)
[ "$n" = 8 ] || die "fixture check: expected 8 computers, saw $n"
ldapsearch -LLL -x -H "ldaps://$IP:636" -D "$SVC_USER@$DNSDOMAIN" -w "$SVC_PW" -b "CN=HV03,CN=Computers,$BASE_DN" -s base \
  msDS-AllowedToActOnBehalfOfOtherIdentity | grep -q '^msDS-AllowedToActOnBehalfOfOtherIdentity::' \
  || die "fixture check: RBCD attribute missing on HV03"
touch "$WORKDIR/fixtures.done"
T4=$(now); log "fixtures: $(secs "$T3" "$T4")s; total: $(secs "$T0" "$T4")s (provision+start+fixtures $(secs "$T1" "$T4")s)"

emit_env
