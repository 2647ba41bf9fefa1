/**
 * `/lm-check` arguments and the LDAP filters built from them. Invariants: the parser only ever throws UsageError (with
 * a one-line message); what it accepts are 2–100 valid, distinct host names; every filter built from accepted names
 * (and, as a second line of defence, from any string at all) parses back with ldapts's own FilterParser into exactly
 * the equality clauses intended, with no unescaped `*`, `(`, `)`, `\` or NUL from the input.
 */
import fc from 'fast-check';
import { AndFilter, EqualityFilter, type Filter, FilterParser, OrFilter } from 'ldapts';
import { MAX_HOSTS, MIN_HOSTS, hostNameProblem, parseLmCheckArgs, parseOperator } from '../../src/core/delegation/parse-lm-check-args';
import { MIGRATION_SERVICE, hostKey, spnsFor } from '../../src/core/delegation/host-names';
import { HOSTS_PER_SEARCH, chunk, computerFilter, escapeFilterValue, operatorFilter, spnHolderFilter } from '../../src/directory/ldap-filter';
import { UsageError } from '../../src/support/errors';
import { planLmCheck, type LmCheckServices } from '../../src/slack/on-lm-check';
import { createRateLimiter } from '../../src/support/rate-limiter';
import { SILENT_LOGGER } from '../../src/support/logger';
import { MESSAGES } from '../../src/slack/messages';
import { escapeSlackText } from '../../src/slack/escape-slack-text';
import { InMemoryDirectory } from '../support/in-memory-directory';
import { markupProblems } from '../support/slack-output';

/** Characters that matter to filters, to Slack, to the tokenizer, or to nobody; mixed into host-like tokens. */
const NASTY = ['*', '(', ')', '\\', '\u0000', '$', '.', '-', '_', ',', ' ', '\t', '\n', '<', '>', '&', '|', '=', '!', '~',
  '\u00e9', '\u0130', '\u212a', '\u2028', '\ud800', '\u{1F600}', '%', '"', "'", '#', '@', '/', ':'];
const hostChar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'abcxyzABCXYZ0189-_.'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY) },
);
const hostLike = fc.array(hostChar, { minLength: 1, maxLength: 70 }).map((cs) => cs.join(''));
const label = fc.stringMatching(/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/);
/** Names the parser must accept: NetBIOS, FQDN (optionally with a trailing dot) or NAME$. */
const validHost = fc.oneof(
  label,
  fc.tuple(label, fc.constantFrom('', '$')).map(([l, d]) => l + d),
  fc.array(label, { minLength: 2, maxLength: 4 }).chain((ls) => fc.constantFrom(ls.join('.'), `${ls.join('.')}.`)),
).filter((h) => hostNameProblem(h) === undefined);
const separator = fc.constantFrom(' ', ',', ', ', '\t', '\n', '  ,  ', ',,');
const hostList = (max: number) => fc.tuple(fc.array(validHost, { minLength: 0, maxLength: max }), separator)
  .map(([hosts, sep]) => hosts.join(sep));
const argText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(hostLike, { maxLength: 12 }).chain((ts) => separator.map((s) => ts.join(s))),
  hostList(130),
  fc.tuple(hostList(5), hostLike, hostList(5)).map((parts) => parts.join(' ')),
);

/** Parses with UsageError as the only allowed failure; returns the hosts or the message. */
function parse(input: string | string[]): { hosts?: string[]; message?: string } {
  try {
    return { hosts: parseLmCheckArgs(input).hosts };
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return { message: (error as UsageError).message };
  }
}

/** Walks a parsed filter: the equality clauses under the expected And/Or shape. */
function leaves(filter: Filter): EqualityFilter[] {
  if (filter instanceof AndFilter || filter instanceof OrFilter) return filter.filters.flatMap(leaves);
  expect(filter).toBeInstanceOf(EqualityFilter);
  return [filter as EqualityFilter];
}

/** The value of a parsed equality clause as the bytes the server compares (ldapts keeps one char per byte). */
const bytesOf = (value: string | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1'));

/** Each assertion value of a filter string: no raw `*`, `(`, `)` or NUL, and `\` only as `\xx`. */
function expectValuesEscaped(filter: string): void {
  for (const m of filter.matchAll(/=([^()]*)\)/g)) {
    expect(m[1]).toMatch(/^(?:[\x20-\x27\x2b-\x5b\x5d-\x7e]|\\[0-9a-f]{2})*$/);
  }
}

describe('parseLmCheckArgs on hostile input', () => {
  it('accepts only 2–100 distinct valid names and otherwise throws a one-line UsageError', () => {
    let accepted = 0;
    fc.assert(fc.property(argText, (text) => {
      const { hosts, message } = parse(text);
      if (hosts === undefined) {
        expect(message).not.toMatch(/[\n\r]/);
        expect(message?.length).toBeLessThan(400);
        return;
      }
      expect(hosts.length).toBeGreaterThanOrEqual(MIN_HOSTS);
      expect(hosts.length).toBeLessThanOrEqual(MAX_HOSTS);
      const keys = hosts.map((h) => h.replace(/[$.]$/, '').toLowerCase());
      expect(new Set(keys).size).toBe(keys.length);
      for (const h of hosts) {
        expect(hostNameProblem(h)).toBeUndefined();
        expect(text.split(/[\s,]+/)).toContain(h);
      }
      // Parsing what it accepted gives the same list (first spelling kept, order kept).
      expect(parseLmCheckArgs(hosts.join(' ')).hosts).toEqual(hosts);
      accepted++;
    }), { numRuns: 4000 });
    expect(accepted).toBeGreaterThan(800);
  });

  it('treats an argument array like the joined string', () => {
    fc.assert(fc.property(fc.array(hostLike, { maxLength: 8 }), (tokens) => {
      expect(parse(tokens)).toEqual(parse(tokens.join(' ')));
    }), { numRuns: 1500 });
  });

  it('builds, from accepted names, filters that parse back into exactly the intended equality clauses', () => {
    let built = 0;
    fc.assert(fc.property(hostList(130), (text) => {
      const { hosts } = parse(text);
      if (!hosts) return;
      built++;
      for (const part of chunk(hosts, HOSTS_PER_SEARCH)) {
        const filter = computerFilter(part);
        expectValuesEscaped(filter);
        const parsed = FilterParser.parseString(filter);
        expect(parsed).toBeInstanceOf(AndFilter);
        const expected = new Set(part.flatMap((h) => {
          const k = hostKey(h);
          return [`samaccountname=${k.short}$`, ...(k.fqdn !== undefined ? [`dnshostname=${k.fqdn}`] : [])];
        }));
        const got = leaves(parsed).filter((f) => f.attribute !== 'objectClass')
          .map((f) => `${f.attribute.toLowerCase()}=${bytesOf(f.value).toString('utf8')}`);
        expect(new Set(got)).toEqual(expected);
        const spns = part.flatMap((h) => {
          const k = hostKey(h);
          return spnsFor(MIGRATION_SERVICE, { short: k.short, fqdn: k.fqdn });
        });
        const spnFilter = spnHolderFilter(spns);
        expectValuesEscaped(spnFilter);
        expect(leaves(FilterParser.parseString(spnFilter)).map((f) => bytesOf(f.value).toString('utf8'))).toEqual(spns);
      }
    }), { numRuns: 800 });
    expect(built).toBeGreaterThan(400);
  });

  it('escapes any string or byte string so that it parses back to the same bytes', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom(...NASTY, 'a', '1', '\\2a', '\\'), { maxLength: 40 }).map((a) => a.join('')),
    );
    fc.assert(fc.property(fc.oneof(value, fc.uint8Array({ maxLength: 64 })), (v) => {
      const escaped = escapeFilterValue(v);
      const filter = `(cn=${escaped})`;
      expectValuesEscaped(filter);
      const [leaf] = leaves(FilterParser.parseString(filter));
      const original = typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v);
      expect(bytesOf(leaf.value).equals(original)).toBe(true);
    }), { numRuns: 4000 });
  });

  it('accepts operator names only when they are account names, and filters them safely', () => {
    const operator = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), hostLike,
      fc.tuple(hostLike, hostLike).map(([a, b]) => `${a}@${b}`));
    fc.assert(fc.property(operator, (name) => {
      let accepted: string;
      try {
        accepted = parseOperator(name);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return;
      }
      const filter = operatorFilter(accepted);
      expectValuesEscaped(filter);
      const clauses = leaves(FilterParser.parseString(filter));
      expect(bytesOf(clauses[clauses.length - 1].value).toString('utf8')).toBe(name);
    }), { numRuns: 2000 });
  });
});

describe('/lm-check planning on hostile command text', () => {
  const services = (): LmCheckServices => ({
    directory: new InMemoryDirectory([]), logger: SILENT_LOGGER, limiter: createRateLimiter({ windowMs: 0 }),
  });

  it('never throws, and every answer it would show is free of markup from the command text', async () => {
    const s = services();
    const withPrefix = fc.tuple(fc.constantFrom('', 'public ', 'PUBLIC ', 'help ', '-h '), argText).map(([p, t]) => p + t);
    await fc.assert(fc.asyncProperty(withPrefix, async (text) => {
      const plan = await planLmCheck({ text, user_id: 'U0ALICE', channel_id: 'C0OPS' }, s);
      const shown = plan.kind === 'reply' ? plan.text : MESSAGES.checkAck(plan.hosts.map(escapeSlackText));
      expect(markupProblems({ text: shown, blocks: [] })).toEqual([]);
      if (plan.kind === 'run') for (const h of plan.hosts) expect(hostNameProblem(h)).toBeUndefined();
    }), { numRuns: 3000 });
  });
});
