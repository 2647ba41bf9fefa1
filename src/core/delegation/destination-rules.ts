import type { PairContext } from './delegation-rules';
import { CIFS_SERVICE, MIGRATION_SERVICE, formsPresent, nameForms, parseSpn, shortName, spnsFor } from './host-names';
import type { Finding, SpnHolder } from './types';

/** Rules about the destination's own SPN registrations (see delegation-rules.ts for the delegation rules). */

const list = (spns: string[]) => spns.map((s) => `'${s}'`).join(' and ');

/**
 * destination-spn-missing — the destination registers no `Microsoft Virtual System Migration Service/…` SPN (or
 * only one form), or has neither HOST/ nor cifs/ (cifs is served by HOST through sPNMappings). Source: Microsoft's
 * live migration troubleshooting guide (`setspn -s "Microsoft Virtual System Migration Service/<FQDN>" <name>`),
 * event 14050, and the sPNMappings attribute (learn.microsoft.com/windows/win32/adschema/a-spnmappings).
 */
export function destinationSpnMissing(c: PairContext): Finding[] {
  const nf = nameForms(c.destination);
  const own = c.destination.servicePrincipalNames;
  const dst = shortName(c.destination);
  const out: Finding[] = [];
  const m = formsPresent(own, MIGRATION_SERVICE, nf);
  const wanted = spnsFor(MIGRATION_SERVICE, nf).filter((_, i) => (i === 0 ? !m.short : !m.fqdn));
  if (wanted.length > 0) {
    out.push({
      code: 'destination-spn-missing', severity: 'warn',
      message: `${dst} does not register ${list(wanted)} (is the Hyper-V role installed and VMMS running? see event 14050); ` +
        `re-register with setspn -s "<SPN>" ${dst}.`,
    });
  }
  const host = formsPresent(own, 'HOST', nf);
  const cifs = formsPresent(own, CIFS_SERVICE, nf);
  if (!host.short && !host.fqdn && !cifs.short && !cifs.fqdn) {
    out.push({
      code: 'destination-spn-missing', severity: 'warn',
      message: `${dst} has no HOST/ SPN, so cifs/${dst} has no target (AD maps cifs to HOST); storage moves to ${dst} fail.`,
    });
  }
  return out;
}

/**
 * duplicate-spn — one of the destination's migration SPNs is registered on another account, so the KDC issues a
 * ticket for the wrong key (0x80090322 SEC_E_WRONG_PRINCIPAL). Source: KB 4558514 and `setspn -X`.
 */
export function duplicateSpn(c: PairContext): Finding[] {
  const nf = nameForms(c.destination);
  const dst = c.destination.sAMAccountName.toLowerCase();
  const byHost = migrationSpnsByHost(c.spnHolders);
  const candidates = [...(byHost.get(nf.short.toLowerCase()) ?? []), ...(nf.fqdn ? byHost.get(nf.fqdn) ?? [] : [])];
  return candidates.filter(({ holder }) => holder.sAMAccountName.toLowerCase() !== dst).map(({ holder, spn }) => ({
    code: 'duplicate-spn' as const, severity: 'fail' as const,
    message: `'${spn}' is also registered on ${holder.sAMAccountName}: moves to ${shortName(c.destination)} fail with ` +
      `0x80090322 (SEC_E_WRONG_PRINCIPAL); remove it there with setspn -d "${spn}" ${holder.sAMAccountName}.`,
  }));
}

/** Migration SPNs of the holders indexed by host (lower case), built once per holder list. */
const holderIndex = new WeakMap<readonly SpnHolder[], Map<string, Array<{ holder: SpnHolder; spn: string }>>>();
function migrationSpnsByHost(holders: readonly SpnHolder[]): Map<string, Array<{ holder: SpnHolder; spn: string }>> {
  let index = holderIndex.get(holders);
  if (!index) {
    index = new Map();
    for (const holder of holders) {
      for (const spn of holder.spns) {
        const p = parseSpn(spn);
        if (!p || p.service !== MIGRATION_SERVICE.toLowerCase()) continue;
        index.set(p.host, [...(index.get(p.host) ?? []), { holder, spn }]);
      }
    }
    holderIndex.set(holders, index);
  }
  return index;
}

