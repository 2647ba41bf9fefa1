/**
 * Hostile pastes through the pure path the Slack listener runs: diagnosePaste → automatic AD check → Block Kit reply.
 * Invariants: no exception, a bounded time per paste (the input is cut at 64 KiB, so every paste costs about the
 * same however long it is), a well-formed Diagnosis, and no text from the paste turning into Slack markup.
 */
import fc from 'fast-check';
import { diagnosePaste } from '../../src/core/diagnose-paste';
import { MAX_PASTE_CHARS } from '../../src/core/normalize-paste';
import type { Diagnosis, KnowledgeEntry } from '../../src/core/types';
import { checkPastePair, type AdCheckOutcome } from '../../src/slack/check-paste-pair';
import { feedbackRefOf, renderAlternativesBlocks, renderDiagnosisBlocks } from '../../src/slack/render-diagnosis-blocks';
import { decodeFeedbackRef, encodeFeedbackRef } from '../../src/slack/feedback-ref';
import { LIMITS, type SlackMessage } from '../../src/slack/block-kit';
import { describeFailure } from '../../src/support/describe-failure';
import { MESSAGES } from '../../src/slack/messages';
import { DirectoryUnavailableError } from '../../src/support/errors';
import { knowledgeIndex } from '../support/slack-test-app';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { mesh } from '../support/accounts';
import { HOSTILE_MARKUP, controlSequencesOf, markupProblems } from '../support/slack-output';
import { cpuMsOf } from '../support/cpu-time';

/**
 * Bound on diagnosing one paste, in CPU time. A typical 64 KiB paste takes 10–40 ms; the bound leaves room for a slow
 * machine but not for super-linear regular expressions (the ones this suite found took 2 s to minutes).
 */
const BOUND_MS = 1000;
const KNOWLEDGE_URL = 'https://kb.example/lm-doctor/knowledge/';
const index = knowledgeIndex();
const examples = index.entries.flatMap((e) => e.examples.map((text) => ({ id: e.id, text })));
const directory = new InMemoryDirectory(mesh(['HV01', 'HV02', 'HV11', 'HV12']));

/** Markup lm-doctor itself writes for an entry: rendered with no names from a paste. */
const allowedCache = new Map<string, Set<string>>();
function allowedFor(entry: KnowledgeEntry): Set<string> {
  let allowed = allowedCache.get(entry.id);
  if (!allowed) {
    const d: Diagnosis & { entry: KnowledgeEntry } = {
      entry, confidence: 0.5, alternatives: [], signals: [], names: { hosts: [] }, codes: [], eventIds: [], truncated: false,
    };
    allowed = controlSequencesOf(renderDiagnosisBlocks(d, { knowledgeUrl: KNOWLEDGE_URL }));
    allowedCache.set(entry.id, allowed);
  }
  return allowed;
}

function expectWellFormed(d: Diagnosis, raw: string): void {
  expect(d.confidence).toBeGreaterThanOrEqual(0);
  expect(d.confidence).toBeLessThanOrEqual(1);
  expect(d.entry === undefined).toBe(d.silenceReason !== undefined);
  expect(d.alternatives.length).toBeLessThanOrEqual(3);
  expect(d.truncated).toBe(raw.length > MAX_PASTE_CHARS);
  for (const c of d.codes) expect(c).toMatch(/^0x[0-9A-F]{8}$/);
  for (const id of d.eventIds) expect(Number.isInteger(id) && id >= 0 && id <= 99999).toBe(true);
  // Names come from message templates (≤ 64 characters) or a Move-VM command line (≤ 400 characters).
  for (const name of [d.names.source, d.names.destination, d.names.vm]) {
    if (name !== undefined) expect(name.length <= 400 && !name.includes('\n')).toBe(true);
  }
}

function expectWithinLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  for (const b of message.blocks as unknown as { type: string; text?: { text: string } }[]) {
    if (b.type === 'section') expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'header') expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.headerText);
  }
}

/** The reply lm-doctor would post, in each of its forms, checked for limits and leaked markup. */
async function expectSafeReplies(d: Diagnosis): Promise<void> {
  if (!d.entry) return;
  const diagnosis = d as Diagnosis & { entry: KnowledgeEntry };
  const allowed = allowedFor(d.entry);
  const outcomes: AdCheckOutcome[] = [
    await checkPastePair(d.names, undefined),
    await checkPastePair(d.names, directory, 2000),
    { kind: 'failed', hosts: d.names.hosts, args: d.names.hosts, reason: describeFailure(new DirectoryUnavailableError('x')).sentence, error: new Error('x') },
    { kind: 'timeout', hosts: [d.names.source ?? '', d.names.destination ?? ''], args: [d.names.source ?? '', d.names.destination ?? ''], seconds: 5 },
  ];
  for (const adCheck of outcomes) {
    const message = renderDiagnosisBlocks(diagnosis, { knowledgeUrl: KNOWLEDGE_URL, adCheck, threadTs: '1700000000.000100' });
    expectWithinLimits(message);
    expect(markupProblems(message, allowed)).toEqual([]);
  }
  const ref = decodeFeedbackRef(encodeFeedbackRef(feedbackRefOf(diagnosis)));
  expect(ref?.entry).toBe(d.entry.id);
  if (ref) {
    const alternatives = renderAlternativesBlocks(MESSAGES.otherMatches, d.alternatives.map((a) => a.entry), ref);
    expect(markupProblems(alternatives, new Set(d.alternatives.flatMap((a) => [...allowedFor(a.entry)])))).toEqual([]);
  }
}

/** Runs the whole path for one paste and returns the diagnosis; fails on a throw or on the time bound. */
async function check(raw: string): Promise<Diagnosis> {
  const { result: d, ms } = cpuMsOf(() => diagnosePaste(raw, index));
  if (ms > BOUND_MS) throw new Error(`diagnosePaste took ${ms.toFixed(0)} ms for ${raw.length} chars starting ${JSON.stringify(raw.slice(0, 60))}`);
  expectWellFormed(d, raw);
  await expectSafeReplies(d);
  return d;
}

// ---- generators -------------------------------------------------------------------------------------------------

const loneSurrogates = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 400 }).map((codes) => String.fromCharCode(...codes));
const bytes = (max: number) => fc.uint8Array({ maxLength: max });
/** Arbitrary bytes read as UTF-8 (invalid sequences become U+FFFD) or as Latin-1, the way a bad upload arrives. */
const decoded = bytes(4000).chain((b) => fc.constantFrom(Buffer.from(b).toString('utf8'), Buffer.from(b).toString('latin1')));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 2000 }),
  fc.string({ unit: 'grapheme', maxLength: 500 }),
  loneSurrogates,
  decoded,
);

/** Fragments the matcher's regular expressions care about; repeated, they probe for super-linear matching. */
const FRAGMENTS = [
  ' ', '\t', '\n', '\r\n', '-', '.', ':', '=', '#', "'", '"', '`', '<', '>', '|', '&', ';', '*', '_', '~', '(', ')', '\\', '/',
  'a', 'A', '1', '9', 'x', 'hv', 'hv1', 'hv-', 'event', 'event id', 'eventid', 'error', 'code', 'id', 'status', 'win32', '0x',
  '0x8009030E', '-2146893042', '8009030e', 'http:', 'https://', 'mailto:', 'from ', ' to ', '->', '=>', 'move-vm ', '-name ',
  'only ', 'live migration', 'virtual machine ', "migration source '", 'failed', 'not ', "can't", '\u2019', '\u00a0',
  '\u200b', 'é', '$', '&#', '&#x', '&lt;', '<@', '<!', '<http:', '```', '>>', '> ', 'SEC_E_', 'E_', 'KDC_ERR_', 'hyper-v',
  ' gb vm', ' sec ', ' seconds of ', ' min ahead', 'disk ', 'vlan ', 'limit ', '{{vm}}', '%', '\u0000', '\ufffd', '\ud800',
];
const fragment = fc.constantFrom(...FRAGMENTS);
/** What long runs are usually made of: one character class (whitespace, digits, letters, punctuation). */
const RUN_UNITS = [' ', '\t', '\n', '1', 'a', '-', '.', "'", '<', '>', '&', '`', '*', 'hv-'];
/** prefix + (a run of one or two fragments) + suffix, up to a little over the 64 KiB cut. */
const pathological = fc.record({
  prefix: fc.array(fragment, { maxLength: 3 }).map((a) => a.join('')),
  run: fc.oneof(fc.constantFrom(...RUN_UNITS), fc.array(fragment, { minLength: 1, maxLength: 2 }).map((a) => a.join(''))),
  chars: fc.integer({ min: 2000, max: MAX_PASTE_CHARS + 2000 }),
  suffix: fc.array(fragment, { maxLength: 3 }).map((a) => a.join('')),
}).map(({ prefix, run, chars, suffix }) => prefix + run.repeat(Math.ceil(chars / run.length)) + suffix);

/** A knowledge example with hostile markup spliced in (often into the quoted VM or host name). */
const hostileExample = fc.record({
  example: fc.constantFrom(...examples),
  hostile: fc.constantFrom(...HOSTILE_MARKUP),
  extra: fc.string({ unit: 'binary', maxLength: 40 }),
  at: fc.nat(),
  mode: fc.constantFrom('names', 'insert', 'command', 'wrap'),
}).map(({ example, hostile, extra, at, mode }) => {
  const text = example.text;
  switch (mode) {
    case 'names': return text.replace(/'([^'\n]{1,64})'/g, `'${hostile}${extra.replace(/['\n]/g, '')}'`);
    case 'insert': { const i = at % (text.length + 1); return text.slice(0, i) + hostile + extra + text.slice(i); }
    case 'command': return `Move-VM -Name '${hostile}' -DestinationHost ${hostile.replace(/\s/g, '')} -ComputerName ${extra.replace(/\s/g, '') || hostile}\n${text}`;
    default: return `${hostile}\n> ${text.split('\n').join(`\n> ${hostile}`)}\n${hostile}`;
  }
});

// ---- properties -------------------------------------------------------------------------------------------------

describe('the markup check itself', () => {
  const link = '<https://kb.example/x|[1]>';
  it.each([
    ['a ping', { text: 'hi <!channel>', blocks: [] }],
    ['a user mention in a block', { text: 'ok', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'by <@U0BOSS>' } }] }],
    ['a forged link in a context element', { text: 'ok', blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: '<https://evil.example|x>' }] }] }],
    ['a stray bracket', { text: 'a < b', blocks: [] }],
    ['a raw ampersand', { text: 'R&D', blocks: [] }],
  ])('flags %s', (_name, message) => {
    expect(markupProblems(message as unknown as SlackMessage, new Set([link]))).not.toEqual([]);
  });
  it('accepts escaped text and allowed links', () => {
    const message = { text: '&lt;!channel&gt; &amp;', blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `Sources: ${link}` }] }] };
    expect(markupProblems(message as unknown as SlackMessage, new Set([link]))).toEqual([]);
  });
});

describe('diagnosePaste and the Slack reply on hostile input', () => {
  it('never throws and stays well-formed on arbitrary text, binary junk, invalid UTF-8 and lone surrogates', async () => {
    await fc.assert(fc.asyncProperty(anyText, async (raw) => { await check(raw); }), { numRuns: 2500 });
  });

  it('escapes hostile markup spliced into real pastes, in every form of the reply', async () => {
    let answered = 0;
    await fc.assert(fc.asyncProperty(hostileExample, async (raw) => {
      if ((await check(raw)).entry) answered++;
    }), { numRuns: 600 });
    // The property is only worth something if most of these pastes reach the renderer.
    expect(answered).toBeGreaterThan(400);
  });

  it('keeps a bounded time on long runs of the fragments its regular expressions look for', async () => {
    await fc.assert(fc.asyncProperty(pathological, async (raw) => { await check(raw); }), { numRuns: 400 });
  });

  it.each([
    ['event + 64 K spaces', `Event ID${' '.repeat(70_000)}`],
    ['error + 64 K spaces', `Live migration error${' '.repeat(70_000)}`],
    ['hv- repeated', 'hv-'.repeat(30_000)],
    ['a Hyper-V word + 60 K digits', `hv1 live migration ${'1'.repeat(60_000)}`],
    ['nested links', '<http:x|'.repeat(10_000)],
    ['a run of dots near the end that is not an ellipsis', `migration source '->${'.'.repeat(190)}9`],
  ])('stays within the bound on %s', async (_name, raw) => {
    await check(raw);
  });

  it('reads the start of a 1 MB paste (an error followed by a megabyte of binary junk) and answers it', async () => {
    const junk = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 7919 + (i >> 7)) & 0xff)).toString('latin1');
    for (const example of examples.slice(0, 8)) {
      const d = await check(`${example.text}\n${junk}`);
      expect(d.truncated).toBe(true);
    }
    await check(Buffer.from(junk, 'latin1').toString('utf8'));
  });

  it('finds the error inside 10,000 code fences, and inside 10,000 levels of quoting and formatting', async () => {
    const sample = examples.filter((_, i) => i % 5 === 0);
    for (const example of sample) {
      const plain = diagnosePaste(example.text, index).entry?.id;
      const fenced = await check(`${'```\n'.repeat(5000)}${example.text}\n${'```\n'.repeat(5000)}`);
      expect(fenced.entry?.id).toBe(plain);
      // As deep as fits under the 64 KiB cut: 10,000 levels for a one-line paste, fewer per line for longer ones.
      const lines = example.text.split('\n');
      const depth = Math.min(10_000, Math.floor((MAX_PASTE_CHARS - example.text.length) / lines.length) - 2);
      const quoted = await check(lines.map((l) => `${'>'.repeat(depth)} ${l}`).join('\n'));
      expect(quoted.entry?.id).toBe(plain);
      await check(`${'*_~`'.repeat(10_000)}${example.text}${'`~_*'.repeat(10_000)}`);
      await check(`${'<'.repeat(10_000)}${example.text}${'>'.repeat(10_000)}`);
      await check(`${'&lt;'.repeat(10_000)}${example.text}${'&gt;'.repeat(10_000)}`);
    }
  });
});
