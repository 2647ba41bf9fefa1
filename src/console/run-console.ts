/**
 * The local console (`npm start` without Slack settings): reads pastes from a stream, one paste per block of
 * lines ending with an empty line or end of input, and writes each reply as text. Lines starting with /lm-check
 * are answered by `onCheck`.
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

export async function runConsole(options: ConsoleOptions): Promise<void> {
  if (options.banner) options.write(options.banner);
  const rl = createInterface({ input: options.input, crlfDelay: Infinity });
  let block: string[] = [];
  const flush = () => {
    const paste = block.join('\n');
    block = [];
    if (paste.trim() !== '') options.write(`${options.onPaste(paste)}\n`);
  };
  for await (const line of rl) {
    const command = /^\s*\/lm-check\b(.*)$/i.exec(line);
    if (command && block.length === 0) {
      options.write(options.onCheck ? `${await options.onCheck(command[1].trim())}\n` : 'lm-check is not available here.\n');
      continue;
    }
    if (line.trim() === '') flush();
    else block.push(line);
  }
  flush();
}
