/**
 * Diagnosis off the event loop: a fixed pool of worker threads (piscina) behind a bounded queue, so the thread that
 * acknowledges Slack's events never waits for the matcher. When the queue is full the paste is shed at once
 * (LoadShedError; the listener counts it and, for a mention, says "busy") instead of queueing work that would answer
 * too late to matter.
 */
import { existsSync } from 'node:fs';
import Piscina from 'piscina';
import type { KnowledgeConfig } from '../config/knowledge-settings';
import type { Diagnosis, KnowledgeEntry } from '../core/types';
import { fromWire, type WireDiagnosis } from '../core/diagnosis-wire';
import { LoadShedError } from '../support/errors';

export interface DiagnosisPool {
  diagnose(text: string): Promise<Diagnosis>;
  /** Pastes waiting for a worker. */
  readonly queued: number;
  /** Finishes the tasks already running, then stops the threads. */
  close(): Promise<void>;
}

export interface DiagnosisPoolOptions {
  knowledge: KnowledgeConfig;
  /** The main thread's entries, to turn the workers' ids back into entries. */
  entries: readonly KnowledgeEntry[];
  /** The compiled worker module (dist/app/diagnose-worker.js). */
  workerFile: string;
  threads: number;
  /** Pastes that may wait; beyond this they are shed. */
  maxQueue: number;
}

export function createDiagnosisPool(o: DiagnosisPoolOptions): DiagnosisPool {
  if (!existsSync(o.workerFile)) throw new Error(`the diagnosis worker ${o.workerFile} is missing: run npm run build`);
  const pool = new Piscina({
    filename: o.workerFile, minThreads: o.threads, maxThreads: o.threads, maxQueue: o.maxQueue,
    idleTimeout: Number.MAX_SAFE_INTEGER, workerData: { knowledge: o.knowledge },
  });
  const byId = new Map(o.entries.map((e) => [e.id, e] as const));
  const shedError = new LoadShedError('diagnosis', `${o.maxQueue} pastes are already waiting for a diagnosis worker`);
  const shed = () => shedError;
  return {
    async diagnose(text) {
      if (pool.queueSize >= o.maxQueue) throw shed();
      let wire: WireDiagnosis;
      try {
        wire = await pool.run(text, { name: 'diagnose' }) as WireDiagnosis;
      } catch (error) {
        if ((error as Error).message?.includes('queue is at limit')) throw shed();
        throw error;
      }
      return fromWire(wire, byId);
    },
    get queued() { return pool.queueSize; },
    close: () => pool.close(),
  };
}
