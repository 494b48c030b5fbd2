import type { InvalidBody, RequestLogEntry, UnhandledRequest } from './types.js';

/** Where the log stood when a wait began, so a timeout can say what the bot did meanwhile. */
export interface Marker {
  requests: number;
  invalid: number;
  unhandled: number;
}

export interface ActivityLog {
  requests: RequestLogEntry[];
  invalidBodies: InvalidBody[];
  unhandled: UnhandledRequest[];
  /** One line on the gateway's state, for timeout messages. */
  gateway: () => string;
}

/** Waits for something the bot does, woken by every change; explains timeouts with the bot's activity. */
export class Waiter {
  private readonly listeners = new Set<() => void>();
  closed = false;

  constructor(
    private readonly log: ActivityLog,
    private readonly timeoutMs: number,
  ) {}

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  marker(): Marker {
    return {
      requests: this.log.requests.length,
      invalid: this.log.invalidBodies.length,
      unhandled: this.log.unhandled.length,
    };
  }

  /** What the bot did since `marker`, for timeout messages. */
  describeActivity(marker: Marker = { requests: 0, invalid: 0, unhandled: 0 }): string {
    const requests = this.log.requests
      .slice(marker.requests)
      .map((r) => `  ${r.method} ${r.path}${r.query} → ${r.status}`);
    const invalid = this.log.invalidBodies
      .slice(marker.invalid)
      .map((b) => `  ${b.method} ${b.path}: ${JSON.stringify(b.issues)}`);
    const unhandled = this.log.unhandled.slice(marker.unhandled).map((u) => `  ${u.method} ${u.path}`);
    return [
      `Requests meanwhile (${requests.length}):`,
      ...(requests.length > 0 ? requests.slice(-30) : ['  none']),
      ...(invalid.length > 0 ? ['Invalid bodies:', ...invalid] : []),
      ...(unhandled.length > 0 ? ['Unhandled routes:', ...unhandled] : []),
      `Gateway: ${this.log.gateway()}`,
    ].join('\n');
  }

  async waitFor<T>(
    check: () => T | undefined,
    what: string,
    timeoutMs = this.timeoutMs,
    marker: Marker = this.marker(),
  ): Promise<T> {
    const immediate = check();
    if (immediate !== undefined) return immediate;
    if (this.closed) throw new Error(`FakeDiscord: closed while waiting for ${what}`);
    return new Promise<T>((resolve, reject) => {
      const listener = (): void => {
        const value = check();
        if (value !== undefined) {
          cleanup();
          resolve(value);
        } else if (this.closed) {
          cleanup();
          reject(new Error(`FakeDiscord: closed while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `FakeDiscord: timed out after ${timeoutMs} ms waiting for ${what}.\n${this.describeActivity(marker)}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }
}
