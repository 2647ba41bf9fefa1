/** Renders a Diagnosis as terminal text (the CLI and the local console). */
import type { Diagnosis } from './types';
import { fillPlaceholders } from './fill-placeholders';

export function renderDiagnosisText(d: Diagnosis): string {
  if (!d.entry) {
    const alt = d.alternatives.length ? ` (closest: ${d.alternatives.map((a) => a.entry.id).join(', ')})` : '';
    const other = d.outOfScope ? `\nThis looks like ${d.outOfScope.title}.\n${d.outOfScope.cause}\nSource: ${d.outOfScope.sources[0]}` : '';
    return `No known live-migration error found${d.silenceReason ? `: ${d.silenceReason}` : ''}${alt}.${other}\n`;
  }
  const e = d.entry;
  const lines: string[] = [];
  lines.push(`${e.title}  [${e.id}, confidence ${d.confidence.toFixed(2)}]`);
  const names = [
    d.names.source && `source ${d.names.source}`,
    d.names.destination && `destination ${d.names.destination}`,
    d.names.vm && `VM ${d.names.vm}`,
  ].filter(Boolean);
  if (names.length) lines.push(`Found in the paste: ${names.join(', ')}`);
  if (d.truncated) lines.push('Note: the paste was long; only its first 64 KiB were read.');
  lines.push('', 'Cause', indent(fillPlaceholders(e.cause, d.names)), '', 'Fix');
  e.fix.forEach((step, i) => lines.push(indent(`${i + 1}. ${fillPlaceholders(step, d.names)}`)));
  lines.push('', 'Verify', indent(fillPlaceholders(e.verify, d.names)));
  lines.push('', `Matched: ${d.signals.map((s) => s.value).join('; ')}`);
  if (d.alternatives.length) lines.push(`Other possibilities: ${d.alternatives.map((a) => a.entry.id).join(', ')}`);
  lines.push(`Sources: ${e.sources.join(' ')}`);
  if (e.adCheck) {
    const pair = `${d.names.source ?? '<source-host>'} ${d.names.destination ?? '<destination-host>'}`;
    lines.push(`Check delegation in AD: lm-doctor check ${pair}`);
  }
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
}

/** The JSON form of a diagnosis (`--json`), stable field names. */
export function diagnosisToJson(d: Diagnosis): Record<string, unknown> {
  return {
    entry: d.entry?.id ?? null,
    title: d.entry?.title ?? null,
    confidence: d.confidence,
    alternatives: d.alternatives.map((a) => ({ entry: a.entry.id, score: a.score })),
    signals: d.signals,
    codes: d.codes,
    eventIds: d.eventIds,
    hosts: d.names.hosts,
    source: d.names.source ?? null,
    destination: d.names.destination ?? null,
    vm: d.names.vm ?? null,
    truncated: d.truncated,
    ...(d.silenceReason ? { silenceReason: d.silenceReason } : {}),
    ...(d.outOfScope ? { outOfScope: d.outOfScope.id } : {}),
    ...(d.causeUnknown ? { causeUnknown: true } : {}),
  };
}
