import fc from 'fast-check';
import { requiredLiteral } from '../../src/core/required-literal';

describe('requiredLiteral', () => {
  test.each([
    ['kerberos (auth|authentication)\\b', 'kerberos '],
    ['(fails?|dies) at [1-9] ?%', undefined],
    ['(fails?|dies) around [1-9] ?%', ' around '],
    ['processor(-specific)? features?.{0,30}not supported', 'not supported'],
    ['a|b', undefined],
    ['(x|y)z', undefined],
    ['\\d+ ?gb vm\\b', 'gb vm'],
  ])('%s → %j', (source, literal) => {
    expect(requiredLiteral(source)).toBe(literal);
  });

  test('every string the regex matches contains the literal', () => {
    const sources = ['kerberos (auth|on) (all|both)', 'vlan( id)? \\d+ .{0,50}(not allowed|missing)', 'abc[def]+ghi (jk)?lmn'];
    for (const source of sources) {
      const literal = requiredLiteral(source);
      expect(literal).toBeDefined();
      const re = new RegExp(`^(?:${source})$`);
      fc.assert(fc.property(fc.stringMatching(re), (s) => {
        expect(s.toLowerCase()).toContain(literal);
      }), { numRuns: 300 });
    }
  });
});
