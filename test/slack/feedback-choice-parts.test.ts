/** The pure parts of labelled feedback: the bounded reply memory, choice values, and the choice within Slack's limits. */
import { createReplyMemory, type ReplyContext } from '../../src/slack/reply-memory';
import { ACTION_CHOOSE_OTHER, SELECT_LIMITS, anotherCauseSelect, decodeChoice, encodeChoice, groupEntries, renderChoiceBlocks } from '../../src/slack/render-choice-blocks';
import { LIMITS } from '../../src/slack/block-kit';
import type { KnowledgeEntry } from '../../src/core/types';
import { knowledgeIndex } from '../support/slack-test-app';

const context = (text: string): ReplyContext => ({ text, answered: 'credssp-double-hop', signals: [], source: 'answer' });

describe('reply memory', () => {
  it('recalls a reply by channel and ts until it expires', () => {
    let now = 0;
    const memory = createReplyMemory({ ttlMs: 1000, now: () => now });
    memory.remember('C1', '1.000001', context('paste'));
    expect(memory.recall('C1', '1.000001')?.text).toBe('paste');
    expect(memory.recall('C2', '1.000001')).toBeUndefined();
    now = 1000;
    expect(memory.recall('C1', '1.000001')).toBeUndefined();
  });

  it('forgets the oldest replies beyond its count and character bounds', () => {
    const memory = createReplyMemory({ maxEntries: 3, maxChars: 10 });
    for (let i = 1; i <= 4; i++) memory.remember('C1', `${i}.0`, context('ab'));
    expect(memory.size).toBe(3);
    expect(memory.recall('C1', '1.0')).toBeUndefined();
    memory.remember('C1', '5.0', context('0123456789'));
    expect(memory.size).toBe(1);
    expect(memory.recall('C1', '5.0')).toBeDefined();
    memory.remember('C1', '6.0', context('x'.repeat(11)));
    expect(memory.recall('C1', '6.0')).toBeUndefined();
  });
});

describe('choice values', () => {
  it.each([
    [{ replyTs: '1800000000.000001', chosen: 'kcd-migration-service-missing' }],
    [{ replyTs: '1800000000.000001', chosen: null }],
    [{ replyTs: 'k0123456789abcdef', chosen: 'kcd-migration-service-missing' }], // a private answer's key
  ])('round-trips %j', (choice) => {
    expect(decodeChoice(encodeChoice(choice))).toEqual(choice);
  });

  it.each(['', 'x', '{"r":"1.1","c":"../etc"}', '{"r":"nope","c":null}', '{"r":"1.1"}', '[]', 'null', '{"r":"k0123","c":null}', '{"r":"kZZZZZZZZZZZZZZZZ","c":null}', '{"r":"1.1k0123456789abcdef","c":null}'])('refuses %j', (value) => {
    expect(decodeChoice(value)).toBeUndefined();
  });
});

describe('"Another cause…"', () => {
  const fake = (i: number): KnowledgeEntry => ({ ...knowledgeIndex().entries[0], id: `${['kcd', 'cluster', 'x'][i % 3]}-entry-${i}-${'long-'.repeat(15)}`.slice(0, 100), title: `Entry ${i} ${'with a very long title '.repeat(5)}` });

  it('lists every live-migration entry of the real knowledge base as options', () => {
    const select = anotherCauseSelect(knowledgeIndex().entries, '1.000001') as { options: unknown[] };
    expect(select.options).toHaveLength(knowledgeIndex().entries.filter((e) => !e.outOfScope).length);
  });

  it('groups more than 100 entries into option groups of at most 100, within the text and value limits', () => {
    const entries = Array.from({ length: 450 }, (_, i) => fake(i));
    const select = anotherCauseSelect(entries, '1800000000.000001') as { action_id: string; option_groups: { label: { text: string }; options: { text: { text: string }; value: string }[] }[] };
    expect(select.action_id).toBe(ACTION_CHOOSE_OTHER);
    expect(select.option_groups.length).toBeLessThanOrEqual(SELECT_LIMITS.groups);
    const options = select.option_groups.flatMap((g) => g.options);
    expect(options).toHaveLength(450);
    for (const g of select.option_groups) {
      expect(g.options.length).toBeLessThanOrEqual(SELECT_LIMITS.options);
      expect(g.label.text.length).toBeLessThanOrEqual(SELECT_LIMITS.optionText);
    }
    for (const o of options) {
      expect(o.text.text.length).toBeLessThanOrEqual(SELECT_LIMITS.optionText);
      expect(o.value.length).toBeLessThanOrEqual(SELECT_LIMITS.optionValue);
    }
    expect(groupEntries(entries).map(([label]) => label)).toContain('cluster (2)');
  });

  it('keeps the whole choice within the message limits', () => {
    const entries = knowledgeIndex().entries;
    const message = renderChoiceBlocks({ intro: 'What was it?', replyTs: '1.000001', alternatives: entries.slice(0, 9), entries });
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(message.blocks.length).toBe(1 + 5 * 2 + 1);
  });
});
