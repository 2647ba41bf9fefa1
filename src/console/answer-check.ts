/** The console's `/lm-check`: the same parse and check as Slack, rendered as text; a failure as one line. */
import type { Directory } from '../core/delegation/directory';
import { checkMigrationPairs } from '../core/delegation/check-migration-pairs';
import { parseLmCheckArgs } from '../core/delegation/parse-lm-check-args';
import { renderReportText } from '../core/delegation/render-report-text';
import { describeFailure } from '../support/describe-failure';

export async function answerConsoleCheck(text: string, directory: Directory): Promise<string> {
  try {
    const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
    const request = parseLmCheckArgs(words[0]?.toLowerCase() === 'public' ? words.slice(1) : words);
    return renderReportText(await checkMigrationPairs(request, directory)).trimEnd();
  } catch (e) {
    // The console's user is the operator at the keyboard: the error's own words, not the channel sentence.
    const f = describeFailure(e);
    if (f.kind === 'unexpected') throw e;
    return `lm-check: ${f.detail}${f.kind === 'usage' ? '\nUsage: /lm-check HOST HOST [HOST …]' : ''}`;
  }
}
