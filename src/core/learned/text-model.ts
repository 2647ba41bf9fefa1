/**
 * A small multinomial logistic regression over word and bigram features (text-features.ts): the learned half of the
 * matcher. It is trained from labelled examples (every knowledge entry's `examples`, the out-of-scope entries' and
 * the labelled sets), reads chat wording no exact signal covers, and breaks ties between entries that share a code.
 * Pure and deterministic: the same documents and options give the same weights.
 */
import { featureTokens, textFeatures, tokenFeatures } from './text-features';
import { seededRandom } from '../seeded-random';

export interface TrainingDoc {
  /** Folded text (lower case, single spaces), as normalizePaste produces it. */
  text: string;
  label: string;
  /** How much this document counts in training (default 1). */
  weight?: number;
  /** The tokens to learn from, when not featureTokens(text) (the entry model reads masked tokens). */
  tokens?: readonly string[];
}

export interface TextModelOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per update on the touched weights. */
  l2: number;
  /** A feature must occur in at least this many training documents. */
  minFeatureDocs: number;
  maxFeatures: number;
  /** Class weights are (mean class size / class size) ^ this power: 0 = none, 1 = fully balanced. */
  classBalance: number;
  seed: number;
}

export const TEXT_MODEL_OPTIONS: Readonly<TextModelOptions> = Object.freeze({
  epochs: 20, learningRate: 0.6, l2: 1e-5, minFeatureDocs: 2, maxFeatures: 40_000, classBalance: 0.5, seed: 7,
});

/**
 * A trained model as stored: the names (JSON) apart from the numbers (Float32 arrays), so loading is a JSON parse of
 * the names and a view over the file's bytes, with no decoding of the weights.
 */
export interface StoredTextModel {
  classes: string[];
  features: string[];
  bias: number[];
  /** features × classes. */
  weights: Float32Array;
  /** Inverse document frequency of each feature. */
  idf: Float32Array;
}

export interface FeatureWeight { feature: string; weight: number }

/** A text as the model reads it: its known features and their TF-IDF values (computed once, used twice). */
export interface TextVector { features: number[]; values: Float64Array }

export interface TextModel {
  readonly classes: readonly string[];
  /** Each class's position in `classes` and in a prediction. */
  readonly classIndex: ReadonlyMap<string, number>;
  vectorize(folded: string): TextVector;
  /** The same from tokens already read (featureTokens, possibly masked): a paste is tokenised once for both models. */
  vectorizeTokens(tokens: readonly string[]): TextVector;
  /** Class probabilities, aligned with `classes`. */
  predict(text: string | TextVector): Float64Array;
  /** The features of the text that pushed most towards class `cls`, strongest first. */
  explain(text: string | TextVector, cls: string, n: number): FeatureWeight[];
  toStored(): StoredTextModel;
}

export function trainTextModel(docs: readonly TrainingDoc[], options: TextModelOptions = TEXT_MODEL_OPTIONS): TextModel {
  const classes = [...new Set(docs.map((d) => d.label))].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i] as const));
  const docFeatures = docs.map((d) => (d.tokens ? tokenFeatures(d.tokens) : textFeatures(d.text)));
  const vocabulary = chooseFeatures(docFeatures, options);
  const featureIndex = new Map(vocabulary.map((f, i) => [f, i] as const));
  const C = classes.length;
  const weights = new Float32Array(vocabulary.length * C);
  const bias = new Float64Array(C);
  const idf = inverseDocumentFrequency(docFeatures, featureIndex, vocabulary.length);
  const rows = docFeatures.map((fs) => fs.flatMap((f) => featureIndex.get(f) ?? []));
  const values = rows.map((row) => featureValues(row, idf));
  const labels = docs.map((d) => classIndex.get(d.label)!);
  const classWeight = balanceWeights(labels, C, options.classBalance);
  const random = seededRandom(options.seed);
  const order = docs.map((_, i) => i);
  const p = new Float64Array(C);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const row = rows[i];
      const value = values[i];
      scoreRow(row, value, weights, bias, C, p);
      softmaxInPlace(p);
      const lr = options.learningRate / (1 + step++ / docs.length);
      const w = classWeight[labels[i]] * (docs[i].weight ?? 1);
      for (let c = 0; c < C; c++) {
        const g = (p[c] - (c === labels[i] ? 1 : 0)) * w;
        bias[c] -= lr * g;
        if (g === 0) continue;
        for (let j = 0; j < row.length; j++) {
          const k = row[j] * C + c;
          weights[k] -= lr * (g * value[j] + options.l2 * weights[k]);
        }
      }
    }
  }
  return buildModel(classes, vocabulary, weights, Array.from(bias), idf);
}

export function textModelFromStored(data: StoredTextModel): TextModel {
  if (data.weights.length !== data.features.length * data.classes.length) throw new Error('model weights do not match its features and classes');
  if (data.idf.length !== data.features.length) throw new Error('model idf does not match its features');
  if (data.bias.length !== data.classes.length) throw new Error('model bias does not match its classes');
  return buildModel(data.classes, data.features, data.weights, data.bias, data.idf);
}

function buildModel(classes: string[], vocabulary: string[], weights: Float32Array, bias: number[], idf: Float32Array): TextModel {
  const C = classes.length;
  const biasArray = Float64Array.from(bias);
  const lookup = createFeatureLookup(vocabulary);
  const vectorizeTokens = (tokens: readonly string[]): TextVector => {
    const features = lookup(tokens);
    return { features, values: featureValues(features, idf) };
  };
  const vectorize = (folded: string): TextVector => vectorizeTokens(featureTokens(folded));
  const asVector = (text: string | TextVector) => (typeof text === 'string' ? vectorize(text) : text);
  return {
    classes,
    classIndex: new Map(classes.map((c, i) => [c, i] as const)),
    vectorize,
    vectorizeTokens,
    predict(text) {
      const v = asVector(text);
      const p = new Float64Array(C);
      scoreRow(v.features, v.values, weights, biasArray, C, p);
      return softmaxInPlace(p);
    },
    explain(text, cls, n) {
      const c = classes.indexOf(cls);
      if (c < 0) return [];
      return asVector(text).features.map((f) => ({ feature: vocabulary[f], weight: weights[f * C + c] * idf[f] }))
        .filter((x) => x.weight > 0).sort((a, b) => b.weight - a.weight).slice(0, n);
    },
    toStored() {
      return { classes, features: vocabulary, bias: Array.from(biasArray), weights, idf };
    },
  };
}

/**
 * Finds a text's known features: one Map from feature name to index, built in milliseconds at start-up (a token-id
 * scheme needs a string split per feature, several times slower to build for the same per-paste speed on pastes of
 * at most MAX_FEATURE_TOKENS). Returns distinct feature indices in first-seen order.
 */
function createFeatureLookup(vocabulary: readonly string[]): (tokens: readonly string[]) => number[] {
  const index = new Map<string, number>();
  for (let i = 0; i < vocabulary.length; i++) index.set(vocabulary[i], i);
  // A stamp per feature instead of a Set per text: no allocation but the result array.
  const stamp = new Uint32Array(vocabulary.length);
  let generation = 0;
  return (tokens) => {
    generation = (generation + 1) >>> 0 || (stamp.fill(0), 1);
    const seen: number[] = [];
    const add = (f: number | undefined) => {
      if (f !== undefined && stamp[f] !== generation) { stamp[f] = generation; seen.push(f); }
    };
    for (let i = 0; i < tokens.length; i++) {
      add(index.get(`w:${tokens[i]}`));
      if (i > 0) add(index.get(`b:${tokens[i - 1]} ${tokens[i]}`));
    }
    return seen;
  };
}

function chooseFeatures(docFeatures: string[][], o: TextModelOptions): string[] {
  const df = new Map<string, number>();
  for (const fs of docFeatures) for (const f of fs) df.set(f, (df.get(f) ?? 0) + 1);
  return [...df].filter(([, n]) => n >= o.minFeatureDocs)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, o.maxFeatures).map(([f]) => f).sort();
}

function balanceWeights(labels: number[], C: number, power: number): Float64Array {
  const counts = new Float64Array(C);
  for (const l of labels) counts[l]++;
  const mean = labels.length / C;
  return counts.map((n) => (n > 0 ? (mean / n) ** power : 0));
}

/**
 * TF-IDF with binary term frequency: a feature weighs log(N / df), so words every paste has ("failed", "move")
 * count less than the words that tell classes apart; the row is then scaled to unit length.
 */
function inverseDocumentFrequency(docFeatures: string[][], featureIndex: Map<string, number>, n: number): Float32Array {
  const df = new Float64Array(n);
  for (const fs of docFeatures) for (const f of fs) { const i = featureIndex.get(f); if (i !== undefined) df[i]++; }
  return Float32Array.from(df, (d) => Math.log((docFeatures.length + 1) / (d + 1)) + 1);
}

function featureValues(row: readonly number[], idf: Float32Array): Float64Array {
  const v = Float64Array.from(row, (f) => idf[f]);
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

function scoreRow(row: readonly number[], value: Float64Array, weights: Float32Array, bias: Float64Array, C: number, out: Float64Array): void {
  out.set(bias);
  for (let j = 0; j < row.length; j++) {
    const base = row[j] * C;
    const v = value[j];
    for (let c = 0; c < C; c++) out[c] += weights[base + c] * v;
  }
}

function softmaxInPlace(p: Float64Array): Float64Array {
  let max = -Infinity;
  for (const x of p) if (x > max) max = x;
  let sum = 0;
  for (let c = 0; c < p.length; c++) sum += (p[c] = Math.exp(p[c] - max));
  for (let c = 0; c < p.length; c++) p[c] /= sum;
  return p;
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
}
