/** The CLI's outside world, injected so tests run `runCli` in-process with string writers. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input (or the given stream). */
  readStdin(): Promise<string>;
  env: Record<string, string | undefined>;
  /** Directory of the installed package (for knowledge/ and demo data). */
  packageRoot: string;
}
