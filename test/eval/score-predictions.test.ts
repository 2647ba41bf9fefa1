import { scorePredictions } from '../../src/eval/score-predictions';

describe('scorePredictions', () => {
  const items = [
    { id: 'a', label: 'x' }, { id: 'b', label: 'x' }, { id: 'c', label: 'y' }, { id: 'd', label: null }, { id: 'e', label: null },
  ];

  test('counts recall, misdiagnosis, silence and false alarms separately', () => {
    const s = scorePredictions(items, new Map([['a', 'x'], ['b', 'y'], ['c', null], ['d', 'x'], ['e', null]]));
    expect(s).toMatchObject({ positives: 3, negatives: 2, correct: 1, misdiagnosed: 1, missed: 1, falseAlarms: 1 });
    expect(s.recallAt1).toBeCloseTo(1 / 3);
    expect(s.falseAlarmRate).toBeCloseTo(0.5);
    expect(s.confusions).toEqual(expect.arrayContaining([{ label: 'x', got: 'y', count: 1 }, { label: 'y', got: '(silence)', count: 1 }]));
  });

  test('a missing prediction is silence', () => {
    expect(scorePredictions(items, new Map()).missed).toBe(3);
  });
});
