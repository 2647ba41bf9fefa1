import { createHash } from 'node:crypto';
import { feedbackId, makeFeedbackRecord } from '../../src/feedback/make-record';

const input = {
  text: "Virtual machine migration operation for 'SQL07' failed at migration source 'HV21'. Failed to establish a connection with host 'HV22.contoso.local': No credentials are available in the security package (0x8009030E).",
  answered: 'credssp-double-hop', chosen: null, source: 'not_it' as const,
  signals: [{ kind: 'code', value: '0x8009030E' }], channel: 'C1AAA', user: 'U04ABC123', replyTs: '1767225600.000100',
  at: '2026-06-30T12:00:00.000Z', version: '1.4.0',
};

describe('makeFeedbackRecord', () => {
  test('redacts the paste, hashes the user, derives the id, keeps the rest', () => {
    const r = makeFeedbackRecord(input);
    expect(r).toEqual({
      id: feedbackId('C1AAA', '1767225600.000100', 'U04ABC123'),
      at: input.at,
      text: "Virtual machine migration operation for 'VM1' failed at migration source 'HOST1'. Failed to establish a connection with host 'HOST2.DOMAIN1': No credentials are available in the security package (0x8009030E).",
      answered: 'credssp-double-hop', chosen: null, source: 'not_it', signals: input.signals, version: '1.4.0', channel: 'C1AAA',
      userHash: createHash('sha256').update('U04ABC123').digest('hex').slice(0, 16),
    });
    expect(r.id).toMatch(/^fb-[0-9a-f]{16}$/);
    expect(JSON.stringify(r)).not.toContain('U04ABC123');
  });

  test('the same click gives the same id; another user, reply or channel another one', () => {
    const id = makeFeedbackRecord(input).id;
    expect(makeFeedbackRecord({ ...input, chosen: 'x', at: '2026-07-01T00:00:00Z' }).id).toBe(id);
    for (const patch of [{ user: 'U2' }, { replyTs: '1.2' }, { channel: 'C2' }]) expect(makeFeedbackRecord({ ...input, ...patch }).id).not.toBe(id);
  });
});
