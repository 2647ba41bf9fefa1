import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sambaDir } from './samba-env';

const ROOT = join(__dirname, '..', '..');

/** Whether this jest run includes tests that need the DC (no path filter, or a filter that can match them). */
function needsDc(globalConfig: unknown): boolean {
  const tp = (globalConfig as { testPathPatterns?: unknown }).testPathPatterns;
  const patterns: string[] = Array.isArray(tp) ? tp : ((tp as { patterns?: string[] } | undefined)?.patterns ?? []);
  if (patterns.length === 0) return true;
  const probes = [join(ROOT, 'test', 'directory', 'ldap-directory.test.ts'), join(ROOT, 'test', 'cli', 'check-command.test.ts')];
  return patterns.some((p) => p.includes('directory') || probes.some((probe) => safeTest(p, probe)));
}

function safeTest(pattern: string, path: string): boolean {
  try {
    return new RegExp(pattern, 'i').test(path);
  } catch {
    return false;
  }
}

function running(): boolean {
  const envFile = join(sambaDir(), 'env');
  if (!existsSync(envFile)) return false;
  const pid = /^SAMBA_AD_PID=(\d+)$/m.exec(readFileSync(envFile, 'utf8'))?.[1];
  return pid !== undefined && existsSync(`/proc/${pid}`);
}

/**
 * Starts the Samba AD test DC (scripts/samba-ad-start.sh, idempotent, ~6–10 s) when the run includes
 * test/directory. If it cannot start, records why in LM_SAMBA_ERROR: the directory tests then fail with that
 * reason instead of being skipped. The teardown stops the DC only if this setup started it.
 */
export default async function globalSetup(globalConfig: unknown): Promise<void> {
  if (!needsDc(globalConfig)) return;
  const wasRunning = running();
  try {
    execFileSync('bash', [join(ROOT, 'scripts', 'samba-ad-start.sh')], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000, env: { ...process.env, SAMBA_AD_DIR: sambaDir() },
    });
    if (!wasRunning) process.env.LM_SAMBA_STARTED_BY_JEST = '1';
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-5).join(' | ');
    process.env.LM_SAMBA_ERROR = `scripts/samba-ad-start.sh failed: ${stderr || (err as Error).message}`;
    process.stderr.write(`\n[global-setup] ${process.env.LM_SAMBA_ERROR}\n`);
  }
}
