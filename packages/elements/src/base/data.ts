import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';

/** Return this from a loader to load nothing (yet): the data stays empty, no request is made. */
export const NOTHING = initialState;

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

/**
 * Data an element shows, loaded for one {@link DataKey} plus the element's own args. Made by
 * `ArrivoElement.data()`, which every data-loading element uses, so none can miss a sign-in, a
 * sign-out or a change of `api` or `business`. When the key changes the running request is
 * aborted, the old value is gone at once (never shown for the new key), `reset` runs, and it loads
 * again; signed out, nothing loads.
 */
export class Data<T, A extends readonly unknown[] = []> implements ReactiveController {
  private readonly task: Task<readonly unknown[], T>;
  private key?: string;

  constructor(
    private readonly keyOf: () => DataKey,
    load: Loader<T, A>,
    private readonly options: DataOptions<A>,
    host: ReactiveControllerHost,
  ) {
    // Added before the task, so a reset happens before the task reads the args of the same update.
    host.addController(this);
    this.task = new Task(host, {
      task: (all, { signal }) => (all[2] || options.signedOut ? load(all.slice(3) as unknown as A, signal) : NOTHING) as Promise<T>,
      args: () => [...keyOf(), ...(options.args?.() ?? [])],
      onError: (err) => {
        if (!(err instanceof DOMException && err.name === 'AbortError')) options.onError?.(err);
      },
    });
  }

  hostUpdate(): void {
    const key = this.keyOf().join('\n');
    if (this.key !== undefined && key !== this.key) this.options.reset?.();
    this.key = key;
  }

  /** The loaded value; undefined while loading, after a failure, or before anything loads. */
  get value(): T | undefined {
    return this.task.status === TaskStatus.COMPLETE ? this.task.value : undefined;
  }

  /** Why the last load failed, if it did. */
  get error(): unknown {
    return this.task.status === TaskStatus.ERROR ? this.task.error : undefined;
  }

  /** Nothing to load (nobody signed in, or the loader said NOTHING). */
  get idle(): boolean {
    return this.task.status === TaskStatus.INITIAL;
  }

  /** Load again with the same key and args (Try again, or after a change made here). */
  reload(): Promise<void> {
    return this.task.run();
  }
}
