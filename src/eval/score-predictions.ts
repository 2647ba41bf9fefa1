/** Scores predictions against a labelled set: recall@1, misdiagnosis, false alarms, top confusions. Pure. */

export interface Labelled { id: string; label: string | null; kind?: string }
export interface Prediction { id: string; entry: string | null }

export interface EvalScore {
  positives: number;
  negatives: number;
  correct: number;
  misdiagnosed: number;
  missed: number;
  falseAlarms: number;
  recallAt1: number;
  misdiagnosis: number;
  falseAlarmRate: number;
  confusions: Array<{ label: string; got: string; count: number }>;
  errors: Array<{ id: string; label: string | null; got: string | null }>;
}

export function scorePredictions(items: Labelled[], predictions: Map<string, string | null>): EvalScore {
  let correct = 0, misdiagnosed = 0, missed = 0, falseAlarms = 0, positives = 0, negatives = 0;
  const confusions = new Map<string, number>();
  const errors: EvalScore['errors'] = [];
  for (const item of items) {
    const got = predictions.has(item.id) ? predictions.get(item.id) ?? null : null;
    if (item.label === null) {
      negatives++;
      if (got !== null) { falseAlarms++; errors.push({ id: item.id, label: null, got }); }
      continue;
    }
    positives++;
    if (got === item.label) { correct++; continue; }
    if (got === null) missed++; else misdiagnosed++;
    errors.push({ id: item.id, label: item.label, got });
    const key = `${item.label}\u0000${got ?? '(silence)'}`;
    confusions.set(key, (confusions.get(key) ?? 0) + 1);
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    positives, negatives, correct, misdiagnosed, missed, falseAlarms,
    recallAt1: ratio(correct, positives),
    misdiagnosis: ratio(misdiagnosed, positives),
    falseAlarmRate: ratio(falseAlarms, negatives),
    confusions: [...confusions.entries()]
      .map(([k, count]) => { const [label, got] = k.split('\u0000'); return { label, got, count }; })
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
      .slice(0, 10),
    errors,
  };
}
