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
  private args?: readonly unknown[];
  /** A reload of the same key and args is running: keep showing what was loaded. */
  private refreshing = false;

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
      args: () => this.argsNow(),
      onComplete: () => (this.refreshing = false),
      onError: (err) => {
        this.refreshing = false;
        if (!(err instanceof DOMException && err.name === 'AbortError')) options.onError?.(err);
      },
    });
  }

  private argsNow(): readonly unknown[] {
    return [...this.keyOf(), ...(this.options.args?.() ?? [])];
  }

  hostUpdate(): void {
    const args = this.argsNow();
    const before = this.args;
    this.args = args;
    if (!before || args.every((a, i) => a === before[i])) return;
    this.refreshing = false;
    if (args.slice(0, 3).some((a, i) => a !== before[i])) this.options.reset?.();
  }

  /**
   * The loaded value; undefined while loading for a new key or args, after a failure, or before
   * anything loads. During {@link reload} the value loaded before stays.
   */
  get value(): T | undefined {
    const { status } = this.task;
    return status === TaskStatus.COMPLETE || (status === TaskStatus.PENDING && this.refreshing) ? this.task.value : undefined;
  }

  /** Why the last load failed, if it did. */
  get error(): unknown {
    return this.task.status === TaskStatus.ERROR ? this.task.error : undefined;
  }

  /** Load again with the same key and args (Try again, or after a change made here). */
  reload(): Promise<void> {
    this.refreshing = this.task.status === TaskStatus.COMPLETE;
    return this.task.run();
  }
}
