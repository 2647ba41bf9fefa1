/**
 * The local console (`npm start` without Slack settings): reads pastes from a stream and writes each reply as text.
 * A paste ends at two consecutive empty lines or at the end of input, so an Event Viewer, Failover Cluster Manager or
 * `Get-WinEvent | Format-List` copy, which has single blank lines inside, stays one paste. Lines starting with
 * /lm-check (at the start of a paste) are answered by `onCheck`.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface ConsoleOptions {
  input: Readable;
  write(text: string): void;
  /** Reply to one paste (text form of diagnosePaste). */
  onPaste(paste: string): string;
  /** Reply to `/lm-check …` (the text after the command). */
  onCheck?(args: string): Promise<string>;
  /** Printed once at start when the input is a terminal. */
  banner?: string;
}

/** Empty lines in a row that end a paste: one is part of an event copy, two mean "done". */
export const PASTE_END_BLANK_LINES = 2;

export async function runConsole(options: ConsoleOptions): Promise<void> {
  if (options.banner) options.write(options.banner);
  const rl = createInterface({ input: options.input, crlfDelay: Infinity });
  let block: string[] = [];
  let blanks = 0;
  const flush = () => {
    const paste = block.join('\n').trim();
    block = [];
    if (paste !== '') options.write(`${options.onPaste(paste)}\n`);
  };
  for await (const line of rl) {
    const command = /^\s*\/lm-check\b(.*)$/i.exec(line);
    if (command && block.every((l) => l.trim() === '')) {
      block = [];
      options.write(options.onCheck ? `${await options.onCheck(command[1].trim())}\n` : 'lm-check is not available here.\n');
      continue;
    }
    blanks = line.trim() === '' ? blanks + 1 : 0;
    if (blanks >= PASTE_END_BLANK_LINES) {
      flush();
      blanks = 0;
    } else block.push(line);
  }
  flush();
}
