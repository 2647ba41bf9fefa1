#!/usr/bin/env bash
# samba-ad-stop.sh — stop the DC started by samba-ad-start.sh (by its recorded PID) and remove
# its work dir. Idempotent: nothing running / no dir is fine.
#   SAMBA_AD_DIR   same value as given to samba-ad-start.sh (default ${TMPDIR:-/tmp}/lm-doctor-samba-ad)
#   SAMBA_AD_KEEP  =1 keeps the work dir (logs, database) for inspection
set -euo pipefail

WORKDIR="${SAMBA_AD_DIR:-${TMPDIR:-/tmp}/lm-doctor-samba-ad}"
PIDFILE="$WORKDIR/samba.pid"
MARKER=.samba-ad-lab
log() { printf '[samba-ad] %s\n' "$*" >&2; }

if [ -s "$PIDFILE" ]; then
  pid=$(cat "$PIDFILE")
  # only signal the PID we recorded, and only if it still is our samba (guards against PID reuse):
  # executable /usr/sbin/samba holding a file open inside $WORKDIR (its argv is rewritten, so
  # /proc/PID/cmdline no longer shows the config path)
  ours=0
  if [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == /usr/sbin/samba* ]]; then
    for f in /proc/"$pid"/fd/*; do
      if [[ "$(readlink "$f" 2>/dev/null)" == "$WORKDIR/"* ]]; then ours=1; break; fi
    done
  fi
  if [ "$ours" = 1 ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "PID $pid ignored SIGTERM for 10 s, sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    log "stopped samba (PID $pid)"
  else
    log "recorded PID $pid is not running (or not ours); nothing to stop"
  fi
fi

if [ "${SAMBA_AD_KEEP:-0}" != 1 ] && [ -f "$WORKDIR/$MARKER" ]; then
  rm -rf "$WORKDIR"
  log "removed $WORKDIR"
fi
