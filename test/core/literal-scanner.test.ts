import fc from 'fast-check';
import { createLiteralScanner } from '../../src/core/literal-scanner';

describe('createLiteralScanner', () => {
  test('finds overlapping, nested and suffix-sharing literals in one pass', () => {
    const scanner = createLiteralScanner(['he', 'she', 'his', 'hers', 'live migration', 'migration', 'ration', 'x']);
    expect([...scanner.scan('ushers')].sort()).toEqual(['he', 'hers', 'she']);
    expect([...scanner.scan('the live migration failed')].sort()).toEqual(['he', 'live migration', 'migration', 'ration']);
    expect(scanner.scan('nothing here to see').has('x')).toBe(false);
    expect(scanner.scan('').size).toBe(0);
  });

  test('agrees with String.includes for every literal on random text', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', ' ', 'é', '\u{1F600}');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), fc.array(alphabet, { maxLength: 200 }).map((cs) => cs.join('')),
      (literals, text) => {
        const found = createLiteralScanner(literals).scan(text);
        expect([...found].sort()).toEqual([...new Set(literals.filter((l) => text.includes(l)))].sort());
      }), { numRuns: 2000 });
  });
});
