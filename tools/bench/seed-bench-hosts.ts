import { execFileSync } from 'node:child_process';

/** Settings written by scripts/samba-ad-start.sh to `$SAMBA_AD_DIR/env`. */
export type SambaEnv = Record<string, string>;

const MIGRATION = 'Microsoft Virtual System Migration Service';
export const benchHost = (i: number) => `BENCH${String(i).padStart(3, '0')}`;

function ldapEnv(env: SambaEnv): NodeJS.ProcessEnv {
  return { ...process.env, LDAPTLS_CACERT: env.SAMBA_AD_CA_FILE };
}

/**
 * A realistic mesh of `count` Hyper-V hosts: every host delegates to every other in both name forms (migration +
 * cifs); every third lacks protocol transition and every fifth lacks the cifs values, so the check has findings.
 */
export function benchLdif(env: SambaEnv, count: number): string {
  const domain = env.SAMBA_AD_BASE_DN.replace(/^DC=/i, '').split(/,DC=/i).join('.').toLowerCase();
  const out: string[] = [];
  for (let i = 1; i <= count; i++) {
    const name = benchHost(i);
    out.push(`dn: CN=${name},CN=Computers,${env.SAMBA_AD_BASE_DN}`, 'changetype: add', 'objectClass: computer',
      `sAMAccountName: ${name}$`, `dNSHostName: ${name.toLowerCase()}.${domain}`, `userAccountControl: ${i % 3 === 0 ? 4096 : 16781312}`);
    for (const s of ['HOST', MIGRATION]) out.push(`servicePrincipalName: ${s}/${name}`, `servicePrincipalName: ${s}/${name.toLowerCase()}.${domain}`);
    for (let j = 1; j <= count; j++) {
      if (j === i) continue;
      const other = benchHost(j);
      for (const s of i % 5 === 0 ? [MIGRATION] : [MIGRATION, 'cifs']) {
        out.push(`msDS-AllowedToDelegateTo: ${s}/${other}`, `msDS-AllowedToDelegateTo: ${s}/${other.toLowerCase()}.${domain}`);
      }
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** Adds BENCH001…BENCHnnn to the test DC as Administrator unless the last one is already there. */
export function seedBenchHosts(env: SambaEnv, count: number): 'seeded' | 'present' {
  const present = execFileSync('ldapsearch', ['-LLL', '-x', '-H', env.SAMBA_AD_LDAPS_URL, '-D', env.SAMBA_AD_ADMIN_DN,
    '-w', env.SAMBA_AD_ADMIN_PASSWORD, '-b', env.SAMBA_AD_BASE_DN, `(sAMAccountName=${benchHost(count)}$)`, 'dn'],
  { encoding: 'utf8', env: ldapEnv(env) });
  if (present.includes('dn: ')) return 'present';
  execFileSync('ldapmodify', ['-x', '-c', '-H', env.SAMBA_AD_LDAPS_URL, '-D', env.SAMBA_AD_ADMIN_DN, '-w', env.SAMBA_AD_ADMIN_PASSWORD],
    { input: benchLdif(env, count), env: ldapEnv(env), stdio: ['pipe', 'ignore', 'pipe'] });
  return 'seeded';
}
