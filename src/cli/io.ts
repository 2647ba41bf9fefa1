/** The CLI's outside world, injected: bin/ builds it from the process, tests from strings and streams. */
import type { Readable } from 'node:stream';
import type { OnProcessFault } from '../app/process-faults';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input. */
  readStdin(): Promise<string>;
  /** The environment; loadConfig is its only reader. */
  env: Record<string, string | undefined>;
  /** Directory of the installed package (for knowledge/ and demo data). */
  packageRoot: string;
  /** Standard input as a stream (the console reads it line by line). */
  stdin?: Readable;
  /** Resolves when the process is asked to stop (the first SIGINT or SIGTERM): `serve` then shuts down. */
  stopRequested?: Promise<unknown>;
  /** bin/'s unhandled-rejection and uncaught-exception listeners: `serve` registers its handler here. */
  onProcessFault?: OnProcessFault;
}
