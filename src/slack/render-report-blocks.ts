/**
 * Report → Block Kit for /lm-check: a monospace verdict matrix for up to 8 hosts (a summary and the failing pairs
 * for more), the findings in plain words, and the fix script in a code block. Within Slack's limits for any number
 * of hosts; directory-supplied text is escaped.
 */
import type { PairResult, Report } from '../core/delegation/types';
import { renderMatrix } from '../core/delegation/render-report-text';
import { buildFixScript } from '../core/delegation/build-fix-script';
import { escapeSlackText } from './escape-slack-text';
import { LIMITS, context, header, section, splitMrkdwn, type SlackBlock, type SlackMessage } from './block-kit';
import { MESSAGES as M } from './messages';

export const MATRIX_MAX_HOSTS = 8;
/** Blocks kept for the findings and for the fix script, so neither crowds the other out. */
const FINDING_BLOCKS = 14;
const SCRIPT_BLOCKS = 12;
const LABEL = { ok: 'ok', warn: 'warn', fail: 'FAIL' } as const;

export function renderReportBlocks(report: Report): SlackMessage {
  const fails = report.pairs.filter((p) => p.verdict === 'fail').length;
  const warns = report.pairs.filter((p) => p.verdict === 'warn').length;
  const blocks: SlackBlock[] = [
    header(M.reportHeader),
    section(M.reportSummary(report.hosts.length, report.pairs.length, fails, warns)),
  ];
  if (report.hosts.length <= MATRIX_MAX_HOSTS) {
    blocks.push(section(codeBlock(renderMatrix(report).join('\n'))), context(M.reportMatrixLegend));
  } else if (fails > 0) {
    blocks.push(section(failingPairs(report.pairs.filter((p) => p.verdict === 'fail'))));
  }
  const notFound = report.hosts.filter((h) => !h.found).map((h) => `\`${escapeSlackText(h.input)}\``);
  if (notFound.length > 0) blocks.push(section(M.reportHostsNotFound(notFound.join(', '))));
  blocks.push(...findingBlocks(report.pairs));
  if (report.operator) {
    const o = report.operator;
    const lines = o.findings.map((f) => `• ${f.severity}: ${escapeSlackText(f.message)}`);
    blocks.push(section([`*${M.reportOperator}* \`${escapeSlackText(o.input)}\``, ...lines].join('\n')));
  }
  if (fails === 0 && warns === 0) blocks.push(section(M.reportAllPairsOk(report.pairs.length)));
  else blocks.push(...scriptBlocks(buildFixScript(report), LIMITS.blocks - blocks.length));
  return { text: M.reportFallback(fails, warns, report.pairs.length), blocks: blocks.slice(0, LIMITS.blocks) };
}

function codeBlock(text: string): string {
  return `\`\`\`\n${escapeSlackText(text)}\n\`\`\``;
}

function failingPairs(pairs: readonly PairResult[]): string {
  const head = `*${M.reportFailingPairs}*`;
  const lines: string[] = [];
  let length = head.length + 200;
  for (const p of pairs) {
    const line = `${escapeSlackText(p.source)} → ${escapeSlackText(p.destination)}`;
    if (length + line.length + 1 > LIMITS.sectionText - 8) break;
    lines.push(line);
    length += line.length + 1;
  }
  const more = pairs.length - lines.length;
  return `${head}\n\`\`\`\n${lines.join('\n')}\n\`\`\`${more > 0 ? `\n${M.reportMorePairs(more)}` : ''}`;
}

/** Findings of failing, then warning pairs, as bullets under each pair, packed into at most FINDING_BLOCKS sections. */
function findingBlocks(pairs: readonly PairResult[]): SlackBlock[] {
  const ranked = [...pairs.filter((p) => p.verdict === 'fail'), ...pairs.filter((p) => p.verdict === 'warn'),
    ...pairs.filter((p) => p.verdict === 'ok' && p.findings.length > 0)];
  if (ranked.length === 0) return [];
  const paragraphs = ranked.map((p) => [
    `*${escapeSlackText(p.source)} → ${escapeSlackText(p.destination)}*: ${LABEL[p.verdict]}`,
    ...p.findings.map((f) => `• ${escapeSlackText(f.message)}`),
  ].join('\n'));
  const chunks: string[] = [];
  let shown = 0;
  for (const paragraph of paragraphs) {
    const pieces = splitMrkdwn(paragraph);
    const last = chunks.length - 1;
    if (pieces.length === 1 && last >= 0 && chunks[last].length + 2 + pieces[0].length <= LIMITS.sectionText) {
      chunks[last] = `${chunks[last]}\n\n${pieces[0]}`;
    } else if (chunks.length + pieces.length <= FINDING_BLOCKS - 1) {
      chunks.push(...pieces);
    } else break;
    shown++;
  }
  const blocks = [section(`*${M.reportFindings}*`), ...chunks.map(section)];
  if (shown < ranked.length) blocks.push(context(M.reportMorePairs(ranked.length - shown)));
  return blocks;
}

function scriptBlocks(script: string, room: number): SlackBlock[] {
  const budget = Math.max(1, Math.min(SCRIPT_BLOCKS, room - 2));
  const chunks = splitMrkdwn(codeBlock(script.trimEnd()));
  const blocks: SlackBlock[] = [section(`*${M.reportFixScript}*`), ...chunks.slice(0, budget).map(section)];
  if (chunks.length > budget) blocks.push(context(M.reportFixTrimmed));
  return blocks;
}
