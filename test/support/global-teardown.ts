import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { sambaDir } from './samba-env';

/** Stops the DC if the global setup started it (LM_SAMBA_KEEP=1 keeps it running for the next run). */
export default async function globalTeardown(): Promise<void> {
  if (process.env.LM_SAMBA_STARTED_BY_JEST !== '1' || process.env.LM_SAMBA_KEEP === '1') return;
  execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'samba-ad-stop.sh')], {
    stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000, env: { ...process.env, SAMBA_AD_DIR: sambaDir() },
  });
}
