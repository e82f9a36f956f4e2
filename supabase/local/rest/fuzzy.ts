/**
 * Stands in for the Haskell `fuzzyset` package (Data.FuzzySet, a port of fuzzyset.js) that
 * PostgREST's "Perhaps you meant ..." hints use, with its defaults: gram sizes 2 to 3,
 * Levenshtein rescoring, minimum score 0.33. A lookup scores the entries by the cosine of their
 * gram counts, largest gram size first (a smaller size only when no entry reaches the minimum),
 * then rescores the best 50 by Levenshtein similarity. Ties keep the order the Haskell
 * HashMap walks entries in, which is reproduced for the item indices; the order of the list a
 * set is built from is the caller's.
 */

export interface FuzzySet {
  /** Lower-cased entry -> the entry as added. */
  exact: Map<string, string>;
  /** Per gram size: each item's lower-cased entry and gram vector magnitude. */
  items: Map<number, Array<{ entry: string; magnitude: number }>>;
  /** Per gram size: gram -> (item index, count in that item). */
  grams: Map<number, Map<string, Array<[number, number]>>>;
}

const GRAM_SIZES = [2, 3];
const DEFAULT_MIN_SCORE = 0.33;

/** `Data.Text.toLower`: char by char, so no context-dependent final sigma as in JS. */
const lower = (text: string) => Array.from(text, (char) => char.toLowerCase()).join("");

/** Letters, numbers (GHC's isAlphaNum), spaces (isSpace) and commas survive; the rest goes. */
const KEPT = /[\p{L}\p{N}\p{Zs}\t\n\v\f\r,]/u;

export function gramVector(text: string, size: number): Map<string, number> {
  const chars = ["-", ...Array.from(lower(text)).filter((char) => KEPT.test(char)), "-"];
  const vector = new Map<string, number>();
  for (let i = 0; i + size <= chars.length; i++) {
    const gram = chars.slice(i, i + size).join("");
    vector.set(gram, (vector.get(gram) ?? 0) + 1);
  }
  return vector;
}

const magnitude = (vector: Map<string, number>) =>
  Math.sqrt([...vector.values()].reduce((sum, count) => sum + count * count, 0));

/** `fromList`, which adds the list from its end (`foldr`): the last value gets index 0. */
export function fuzzySetFrom(values: string[]): FuzzySet {
  const set: FuzzySet = { exact: new Map(), items: new Map(), grams: new Map() };
  for (const value of [...values].reverse()) add(set, value);
  return set;
}

function add(set: FuzzySet, value: string): void {
  const key = lower(value);
  // IMPORTANT: the library tests the key against the stored values, not the keys, so "foo"
  // after "Foo" is added a second time.
  if ([...set.exact.values()].includes(key)) return;
  for (const size of GRAM_SIZES) {
    const items = set.items.get(size) ?? [];
    const dict = set.grams.get(size) ?? new Map<string, Array<[number, number]>>();
    const vector = gramVector(key, size);
    for (const [gram, count] of vector) dict.set(gram, [...(dict.get(gram) ?? []), [items.length, count]]);
    items.push({ entry: key, magnitude: magnitude(vector) });
    set.items.set(size, items);
    set.grams.set(size, dict);
  }
  set.exact.set(key, value);
}

/** `getWithMinScore`: the matches at or above the score, best first; an exact match alone at 1. */
export function fuzzyGet(set: FuzzySet, value: string, minScore = DEFAULT_MIN_SCORE): Array<[number, string]> {
  const key = lower(value);
  const exact = set.exact.get(key);
  if (exact !== undefined) return [[1, exact]];
  for (const size of [...GRAM_SIZES].reverse()) {
    const found = matchesOfSize(set, key, size).filter(([score]) => score >= minScore);
    if (found.length > 0) return found.map(([score, entry]) => [score, set.exact.get(entry) ?? ""]);
  }
  return [];
}

/** `getOneWithMinScore`: the best match, if any reaches the score. */
export function fuzzyGetOne(set: FuzzySet, value: string, minScore = DEFAULT_MIN_SCORE): string | null {
  return fuzzyGet(set, value, minScore)[0]?.[1] ?? null;
}

function matchesOfSize(set: FuzzySet, key: string, size: number): Array<[number, string]> {
  const query = gramVector(key, size);
  const dict = set.grams.get(size) ?? new Map();
  const items = set.items.get(size) ?? [];
  const dots = new Map<number, number>();
  for (const [gram, count] of query) {
    for (const [index, itemCount] of dict.get(gram) ?? []) dots.set(index, (dots.get(index) ?? 0) + count * itemCount);
  }
  const queryMagnitude = magnitude(query);
  const byCosine = [...dots.keys()]
    .sort(compareHashOrder)
    .map((index): [number, string] => {
      const item = items[index] as { entry: string; magnitude: number };
      return [(dots.get(index) as number) / (queryMagnitude * item.magnitude), item.entry];
    })
    .sort((a, b) => b[0] - a[0]);
  return byCosine
    .slice(0, 50)
    .map(([, entry]): [number, string] => [levenshteinSimilarity(key, entry), entry])
    .sort((a, b) => b[0] - a[0]);
}

/**
 * The order `HashMap Int` (unordered-containers, where an Int hashes to itself) walks its
 * keys in: a trie on 5-bit chunks of the key, lowest chunk first.
 */
function compareHashOrder(a: number, b: number): number {
  for (let shift = 0; shift < 32; shift += 5) {
    const order = ((a >>> shift) & 31) - ((b >>> shift) & 31);
    if (order !== 0) return order;
  }
  return 0;
}

/** Data.Text.Metrics' levenshteinNorm: 1 - distance / the longer length, by characters. */
export function levenshteinSimilarity(a: string, b: string): number {
  const [s, t] = [Array.from(a), Array.from(b)];
  const longest = Math.max(s.length, t.length);
  if (longest === 0) return 1;
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitution = (previous[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return (longest - (previous[t.length] as number)) / longest;
}
