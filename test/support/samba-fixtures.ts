import type { FindingCode } from '../../src/core/delegation/types';

/**
 * What scripts/samba-ad-start.sh seeds, and the finding codes each ordered pair must produce — written from the
 * fixture definitions and Microsoft's rules (reference/live-migration-auth.md), not from the code's output.
 */
export const FIXTURE_HOSTS = ['HV01', 'HV02', 'HV03', 'HV04', 'HV05', 'HV06', 'HV07'];

/** [source, destination, sorted finding codes] for the pairs that prove each rule. */
export const EXPECTED_PAIRS: Array<[string, string, FindingCode[]]> = [
  // HV02 has any-protocol KCD to HV01 in both name forms, HV01 registers HOST and the migration SPN: clean.
  ['HV02', 'HV01', []],
  // HV01 has the same four values for HV02 but no protocol transition.
  ['HV01', 'HV02', ['kerberos-only']],
  // HV03's RBCD descriptor allows HV01 and HV02 (samba-tool delegation add-principal).
  ['HV01', 'HV03', ['rbcd']],
  ['HV02', 'HV03', ['rbcd']],
  // HV03 is trusted for unconstrained delegation only, and runs Windows Server 2025: Credential Guard blocks it.
  ['HV03', 'HV01', ['unconstrained-blocked-2025']],
  // HV04 is disabled and only delegates cifs to a host that does not exist.
  ['HV04', 'HV01', ['account-disabled', 'cifs-delegation-missing', 'migration-delegation-missing']],
  ['HV01', 'HV04', ['account-disabled', 'cifs-delegation-missing', 'migration-delegation-missing']],
  // HV05 → HV01: migration service short form only, cifs FQDN form only (each is partial).
  ['HV05', 'HV01', ['migration-delegation-partial', 'migration-delegation-partial']],
  // HV05 → HV02: both migration forms, no cifs.
  ['HV05', 'HV02', ['cifs-delegation-missing']],
  // HV06 registers neither the migration SPN nor HOST/.
  ['HV02', 'HV06', ['cifs-delegation-missing', 'destination-spn-missing', 'destination-spn-missing', 'migration-delegation-missing']],
  // HV07's FQDN migration SPN sits on the stale OLDHV07$ account.
  ['HV02', 'HV07', ['cifs-delegation-missing', 'destination-spn-missing', 'duplicate-spn', 'migration-delegation-missing']],
  // HV03 is unconstrained, so HV07 is reachable, but the duplicate SPN still breaks it.
  ['HV03', 'HV07', ['destination-spn-missing', 'duplicate-spn', 'unconstrained-blocked-2025']],
];

export const MISSING_HOST = 'HV99';
