import { CIFS_SERVICE, MIGRATION_SERVICE, formsPresent, nameForms, parseSpn, shortName, spnsFor } from './host-names';
import type { ComputerAccount, Finding, SpnHolder } from './types';

/**
 * Rules about the destination's own SPN registrations. They depend only on the destination (and the one SPN-holder
 * search), so evaluatePairs runs them once per destination and adds their findings to every pair into it.
 */

const list = (spns: string[]) => spns.map((s) => `'${s}'`).join(' and ');

/**
 * destination-spn-missing — the destination registers no `Microsoft Virtual System Migration Service/…` SPN (or
 * only one form), or has neither HOST/ nor cifs/ (cifs is served by HOST through sPNMappings). Source: Microsoft's
 * live migration troubleshooting guide (`setspn -s "Microsoft Virtual System Migration Service/<FQDN>" <name>`),
 * event 14050, and the sPNMappings attribute (learn.microsoft.com/windows/win32/adschema/a-spnmappings).
 */
export function destinationSpnMissing(destination: ComputerAccount): Finding[] {
  const nf = nameForms(destination);
  const own = destination.servicePrincipalNames;
  const dst = shortName(destination);
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
export function duplicateSpn(destination: ComputerAccount, spnHolders: readonly SpnHolder[]): Finding[] {
  const nf = nameForms(destination);
  const hosts = new Set([nf.short.toLowerCase(), nf.fqdn]);
  const self = destination.sAMAccountName.toLowerCase();
  const out: Finding[] = [];
  for (const holder of spnHolders) {
    if (holder.sAMAccountName.toLowerCase() === self) continue;
    for (const spn of holder.spns) {
      const p = parseSpn(spn);
      if (!p || p.service !== MIGRATION_SERVICE.toLowerCase() || !hosts.has(p.host)) continue;
      out.push({
        code: 'duplicate-spn', severity: 'fail',
        message: `'${spn}' is also registered on ${holder.sAMAccountName}: moves to ${shortName(destination)} fail with ` +
          `0x80090322 (SEC_E_WRONG_PRINCIPAL); remove it there with setspn -d "${spn}" ${holder.sAMAccountName}.`,
      });
    }
  }
  return out;
}

/** Both destination rules, for one destination. */
export function destinationFindings(destination: ComputerAccount, spnHolders: readonly SpnHolder[]): Finding[] {
  return [...duplicateSpn(destination, spnHolders), ...destinationSpnMissing(destination)];
}
