import fc from 'fast-check';
import { requiredLiteral, requiredLiterals } from '../../src/core/required-literal';

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

describe('requiredLiterals', () => {
  test.each([
    ['kerberos.{0,120}only|credssp.{0,12}x', ['kerberos', 'credssp']],
    ['plus de r[ée]seau|kein netzwerk', ['plus de r', 'kein netzwerk']],
    ['abc|\\d+', undefined],
    ['(a|b)c', undefined],
  ])('%s → %j', (source, literals) => {
    expect(requiredLiterals(source)).toEqual(literals);
  });

  test('every string a branching regex matches contains one of the literals', () => {
    const source = 'vlan \\d+ (not allowed|missing)|trunk(ed)? on [a-z]+ but not';
    const literals = requiredLiterals(source);
    expect(literals).toBeDefined();
    fc.assert(fc.property(fc.stringMatching(new RegExp(`^(?:${source})$`)), (s) => {
      expect((literals ?? []).some((l) => s.toLowerCase().includes(l))).toBe(true);
    }), { numRuns: 300 });
  });
});
