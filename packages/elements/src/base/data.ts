import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Return this from a loader to load nothing (yet): the data stays empty, no request is made. */
export const NOTHING: unique symbol = Symbol('nothing');

/** Who the data is for: the API, the business and the signed-in session's token. */
export type DataKey = readonly [api: string, business: string, token: string | undefined];

export interface DataOptions<A extends readonly unknown[]> {
  /** More inputs of this data (a chosen service type, a day…): a change reloads it. */
  args?: () => A;
  /** Load without anyone signed in too (public data). */
  signedOut?: boolean;
  /** The key changed (another person, business or API): drop what the element kept for the old one. */
  reset?: () => void;
  /** A load failed (not an abort). */
  onError?: (err: unknown) => void;
}

export type Loader<T, A extends readonly unknown[]> = (args: A, signal: AbortSignal) => Promise<T | typeof NOTHING>;

const enum Status {
  Initial,
  Pending,
  Complete,
  Error,
}

/**
 * Data an element shows, loaded for one {@link DataKey} plus the element's own args. Made by
 * `ArrivoElement.data()`, which every data-loading element uses, so none can miss a sign-in, a
 * sign-out or a change of `api` or `business`. When the key or args change the running request
 * is aborted and only the newest one's answer is kept; for a new key the old value is gone at once
 * (never shown for the new key), `reset` runs, and it loads again; signed out, nothing loads.
 * (A loader that sets element state after an `await` checks `signal.aborted` first.)
 */
export class Data<T, A extends readonly unknown[] = []> implements ReactiveController {
  private args?: readonly unknown[];
  private status = Status.Initial;
  private result?: T;
  private failure?: unknown;
  private running?: AbortController;
  /** A reload of the same key and args is running: keep showing what was loaded. */
  private refreshing = false;

  constructor(
    private readonly keyOf: () => DataKey,
    private readonly load: Loader<T, A>,
    private readonly options: DataOptions<A>,
    private readonly host: ReactiveControllerHost,
  ) {
    host.addController(this);
  }

  private argsNow(): readonly unknown[] {
    return [...this.keyOf(), ...(this.options.args?.() ?? [])];
  }

  hostUpdate(): void {
    let args = this.argsNow();
    const before = this.args;
    if (before && args.length === before.length && args.every((a, i) => a === before[i])) return;
    if (before && args.slice(0, 3).some((a, i) => a !== before[i]) && this.options.reset) {
      this.options.reset();
      args = this.argsNow(); // what the element chose went with the old key
    }
    this.args = args;
    this.refreshing = false;
    void this.run();
  }

  private async run(): Promise<void> {
    const args = this.args!;
    this.running?.abort();
    const running = (this.running = new AbortController());
    this.status = Status.Pending;
    this.host.requestUpdate();
    let result: T | typeof NOTHING = NOTHING;
    let failed = false;
    try {
      if (args[2] || this.options.signedOut) result = await this.load(args.slice(3) as unknown as A, running.signal);
    } catch (err) {
      failed = true;
      this.failure = err;
    }
    if (running !== this.running) return; // a newer request is on its way: its answer counts
    this.refreshing = false;
    if (failed) {
      this.status = Status.Error;
      this.options.onError?.(this.failure);
    } else if (result === NOTHING) {
      this.status = Status.Initial;
    } else {
      this.status = Status.Complete;
      this.result = result;
    }
    this.host.requestUpdate();
  }

  /**
   * The loaded value; undefined while loading for a new key or args, after a failure, or before
   * anything loads. During {@link reload} the value loaded before stays.
   */
  get value(): T | undefined {
    return this.status === Status.Complete || (this.status === Status.Pending && this.refreshing) ? this.result : undefined;
  }

  /** Why the last load failed, if it did. */
  get error(): unknown {
    return this.status === Status.Error ? this.failure : undefined;
  }

  /** Load again with the same key and args (Try again, or after a change made here). */
  reload(): Promise<void> {
    // A reload during a reload (a live event and a change made here at once) still keeps the value.
    this.refreshing = this.status === Status.Complete || (this.status === Status.Pending && this.refreshing);
    return this.args ? this.run() : Promise.resolve();
  }
}
