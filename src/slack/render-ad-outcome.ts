/** The AD-check part of a diagnosis reply: at most two blocks (verdict + findings, or a pointer to /lm-check). */
import type { Verdict } from '../core/delegation/types';
import type { AdCheckOutcome } from './check-paste-pair';
import { escapeSlackText } from './escape-slack-text';
import { context, section, type SlackBlock } from './block-kit';
import { MESSAGES as M } from './messages';

const VERDICT: Record<Verdict, string> = { ok: ':white_check_mark: ok', warn: ':warning: warn', fail: ':x: FAIL' };
const MAX_FINDINGS = 8;

export function renderAdOutcome(outcome: AdCheckOutcome): SlackBlock[] {
  const args = escapeSlackText(outcome.args.join(' '));
  switch (outcome.kind) {
    case 'pointer':
      return [context(M.adCheckPointer(args))];
    case 'timeout':
      return [context(M.adCheckTimedOut(outcome.seconds, args))];
    case 'failed':
      return [context(M.adCheckFailed(outcome.reason, args))];
    case 'result': {
      const { pair, reverse } = outcome;
      const lines = [
        `*${M.adCheckHeading}*`,
        M.adPairVerdict(escapeSlackText(pair.source), escapeSlackText(pair.destination), VERDICT[pair.verdict]),
      ];
      if (reverse) lines.push(M.adPairVerdict(escapeSlackText(reverse.source), escapeSlackText(reverse.destination), VERDICT[reverse.verdict]));
      const findings = pair.findings.slice(0, MAX_FINDINGS).map((f) => `• ${f.severity === 'fail' ? '*fail*' : f.severity}: ${escapeSlackText(f.message)}`);
      if (findings.length === 0) findings.push(M.adNoFindings);
      return [section([...lines, ...findings].join('\n')), context(M.adCheckPointer(args))];
    }
  }
}
