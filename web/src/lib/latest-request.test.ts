import { describe, expect, it, vi } from 'vitest';
import { gql } from '../api/client.ts';
import { LatestRequest, STALE } from './latest-request.ts';

/** A promise settled by hand, to answer requests in any order. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LatestRequest', () => {
  it('applies only the latest answer when an older one arrives last', async () => {
    const latest = new LatestRequest();
    const applied: string[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    const apply = async (answer: Promise<string>) => {
      const value = await latest.run(() => answer);
      if (value !== STALE) applied.push(value);
    };
    const a = apply(first.promise);
    const b = apply(second.promise);
    second.resolve('new');
    await b;
    first.resolve('old');
    await a;
    expect(applied).toEqual(['new']);
  });

  it('aborts the older request when a newer one starts, and on cancel', () => {
    const latest = new LatestRequest();
    const one = latest.start();
    expect(one.current()).toBe(true);
    const two = latest.start();
    expect(one.signal.aborted).toBe(true);
    expect(one.current()).toBe(false);
    expect(two.current()).toBe(true);
    latest.cancel();
    expect(two.signal.aborted).toBe(true);
    expect(two.current()).toBe(false);
  });

  it("throws the latest request's error, and swallows a stale one's", async () => {
    const latest = new LatestRequest();
    const old = deferred<string>();
    const oldRun = latest.run(() => old.promise);
    const newRun = latest.run(() => Promise.reject(new Error('the graph is down')));
    old.reject(new Error('stale failure'));
    await expect(oldRun).resolves.toBe(STALE);
    await expect(newRun).rejects.toThrow('the graph is down');
  });
});

describe('the GraphQL client under a guard', () => {
  it('never resolves an aborted request, even when its response had already arrived', async () => {
    const body = deferred<unknown>();
    const fetchStub = vi.fn(async (_url: string, init: { signal?: AbortSignal }) => ({
      status: 200,
      json: async () => {
        const value = await body.promise;
        // Like a real fetch, a body read after the abort does not finish normally.
        init.signal?.throwIfAborted();
        return value;
      },
    }));
    vi.stubGlobal('fetch', fetchStub);
    try {
      const latest = new LatestRequest();
      const applied: unknown[] = [];
      const older = latest.run((signal) => gql<{ n: number }>('{ n }', {}, { signal }));
      const newer = latest.run((signal) => gql<{ n: number }>('{ n }', {}, { signal }));
      body.resolve({ data: { n: 2 } });
      for (const value of [await newer, await older]) if (value !== STALE) applied.push(value);
      expect(applied).toEqual([{ n: 2 }]);
      expect(fetchStub).toHaveBeenCalledTimes(2);
      expect(fetchStub.mock.calls[0]?.[1].signal?.aborted).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses to start a request whose signal is already aborted', async () => {
    const fetchStub = vi.fn();
    vi.stubGlobal('fetch', fetchStub);
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(gql('{ n }', {}, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
      expect(fetchStub).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
