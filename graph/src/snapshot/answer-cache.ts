/**
 * Answers of pure, read-only queries (gaps, map) kept beside the index they were computed from.
 * An index never changes once built, so an answer for the same arguments is the same answer
 * until the next snapshot, and an analyst's second click or a partner site's embed reloading the
 * same view costs a lookup instead of a whole evaluation. Bounded: at most `entries` answers per
 * index (least recently used first out), and answers larger than `maxItems` are not kept.
 */
import { type DerivedView, defineView, type ViewOwner } from '../model/derived-view.ts';

export interface AnswerCacheOptions {
  entries: number;
  /** answers with more items than this are computed every time */
  maxItems: number;
  /** how many items an answer holds (default: an array's length) */
  sizeOf?: (answer: unknown) => number;
}

export interface AnswerCache {
  /** The answer for `args`, computed by `compute` on a miss. A thrown error is never kept. */
  get<T>(args: unknown, compute: () => T): T;
}

/** Stable text of an argument object: keys sorted, undefined and null left out. */
export function argumentKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(argumentKey).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${argumentKey(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

class LruAnswers implements AnswerCache {
  private readonly answers = new Map<string, unknown>();

  constructor(private readonly options: AnswerCacheOptions) {}

  get<T>(args: unknown, compute: () => T): T {
    const key = argumentKey(args);
    if (this.answers.has(key)) {
      const hit = this.answers.get(key) as T;
      // Map keeps insertion order: re-inserting marks it most recently used.
      this.answers.delete(key);
      this.answers.set(key, hit);
      return hit;
    }
    const answer = compute();
    const size = this.options.sizeOf ? this.options.sizeOf(answer) : Array.isArray(answer) ? answer.length : 0;
    if (size <= this.options.maxItems) {
      this.answers.set(key, answer);
      if (this.answers.size > this.options.entries) {
        const oldest = this.answers.keys().next().value as string;
        this.answers.delete(oldest);
      }
    }
    return answer;
  }
}

/** Defines a named answer cache; `answersOf(index)` then gives that index's cache. */
export function defineAnswerCache(name: string, options: AnswerCacheOptions): (index: ViewOwner) => AnswerCache {
  const view: DerivedView<AnswerCache> = defineView(`answers:${name}`, () => new LruAnswers(options));
  return (index) => index.derived(view);
}
