/** A Logger that keeps every structured event, for assertions on feedback and error logs. */
import type { Logger } from '../../src/support/logger';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

export function createRecordingLogger(): Logger & { records: LogRecord[]; events(name: string): Record<string, unknown>[] } {
  const records: LogRecord[] = [];
  const at = (level: LogRecord['level']) => (fields: Record<string, unknown>, message: string) => { records.push({ level, fields, message }); };
  return {
    records,
    debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'),
    events: (name) => records.filter((r) => r.fields.event === name).map((r) => r.fields),
  };
}
