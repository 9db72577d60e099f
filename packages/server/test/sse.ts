// A live stream read as a browser element would: fetch with headers (never a token in the URL),
// the body parsed into SSE events as they arrive.
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseReader {
  status: number;
  headers: Headers;
  /** Every event so far (comments counted in `comments`). */
  readonly events: SseEvent[];
  readonly comments: number;
  /** Whether the server ended the stream. */
  readonly ended: boolean;
  /** The first event (from `from` on) that matches, waiting up to `timeoutMs`. */
  next(match: (e: SseEvent) => boolean, options?: { timeoutMs?: number; from?: number }): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  closed: Promise<void>;
  /** Stop reading (as a page that goes away). */
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  let comments = 0;
  let ended = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  let closed: Promise<void> = Promise.resolve();
  if (res.headers.get('content-type')?.startsWith('text/event-stream') && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    closed = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event: SseEvent = { event: 'message', data: '' };
            let fields = 0;
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments++;
              else {
                const colon = line.indexOf(':');
                const name = line.slice(0, colon);
                const value = line.slice(colon + 1).replace(/^ /, '');
                if (name === 'id') event.id = value;
                else if (name === 'event') event.event = value;
                else if (name === 'data') event.data = event.data ? `${event.data}\n${value}` : value;
                else continue;
                fields++;
              }
            }
            if (fields) events.push(event);
            wake();
          }
        }
      } catch {
        // aborted by us
      } finally {
        ended = true;
        wake();
      }
    })();
  } else {
    await res.arrayBuffer().catch(() => {});
  }
  return {
    status: res.status,
    headers: res.headers,
    events,
    get comments() {
      return comments;
    },
    get ended() {
      return ended;
    },
    closed,
    close: () => abort.abort(),
    next(match, options = {}) {
      const from = options.from ?? 0;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find(match);
          if (found) {
            cleanup();
            resolve(found);
          } else if (ended) {
            cleanup();
            reject(new Error(`the stream ended without the event; got ${JSON.stringify(events)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no such event within ${options.timeoutMs ?? 5000} ms; got ${JSON.stringify(events)}`));
        }, options.timeoutMs ?? 5000);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
