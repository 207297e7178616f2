/**
 * Only the latest request of a view may apply its answer. Each `start()` aborts the request
 * before it (its fetch stops, so a slow, stale answer can never land after a newer one) and
 * hands out a ticket: pass `signal` to the fetch, and check `current()` after every await before
 * touching the page. `run()` does both for a single piece of work.
 */

export interface RequestTicket {
  readonly signal: AbortSignal;
  /** Still the latest request (no newer one started, not cancelled). */
  current(): boolean;
}

/** What `run` answers for work that a newer request overtook. */
export const STALE: unique symbol = Symbol('stale');

export class LatestRequest {
  private controller: AbortController | undefined;

  start(): RequestTicket {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    return {
      signal: controller.signal,
      current: () => this.controller === controller && !controller.signal.aborted,
    };
  }

  /**
   * The work's answer while it is the latest request, STALE once a newer one started. Its
   * errors are thrown only while it is the latest: a stale request's failure (its abort
   * included) is nobody's business.
   */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | typeof STALE> {
    const ticket = this.start();
    try {
      const value = await work(ticket.signal);
      return ticket.current() ? value : STALE;
    } catch (error) {
      if (!ticket.current()) return STALE;
      throw error;
    }
  }

  /** Abandons the request in flight (the view is going away). */
  cancel(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}
