/**
 * An LM_DATA_DIR for a test that runs `serve` in this process: without one the feedback store would be created in
 * ./lm-data of the checkout. Created when the test file loads, removed by `remove()` (call it in afterAll).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function scratchDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lm-test-data-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
