/**
 * For the multi-process test: a bot process's /healthz and /metrics read from outside, guild ids that
 * land on a chosen shard, and the database read with a pool of the test's own.
 */
import pg from 'pg';
import type { ChildBot } from '../reliability/support/childBot.js';

/** A guild id on shard `n % 2` of 2: `(id >> 22) % 2` is the parity of the snowflake's timestamp part. */
export const guildIdFor = (n: number): string => String((BigInt(900_000_000_000 + n) << 22n) | 1n);

/** Resolves once the process's /healthz answers 200; fails at once if the process exits first. */
export async function waitHealthy(child: ChildBot, port: number, timeoutMs = 60_000): Promise<unknown> {
  const started = Date.now();
  const state = { exited: false };
  void child.exited.then(() => (state.exited = true));
  let last = 'no answer yet';
  while (Date.now() - started < timeoutMs) {
    if (state.exited)
      throw new Error(`the process exited before it was healthy.\n${child.output().slice(-3000)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${String(port)}/healthz`);
      const body: unknown = await response.json();
      if (response.status === 200) return body;
      last = `${String(response.status)} ${JSON.stringify(body)}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `/healthz on ${String(port)} never answered 200 (last: ${last}).\n${child.output().slice(-3000)}`,
  );
}

/** The sum of a Prometheus metric's samples whose labels include `labels`, from GET /metrics. */
export async function metric(
  port: number,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${String(port)}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (sample?.[1] !== name) continue;
    const found = sample[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => found.includes(`${key}="${value}"`)))
      sum += Number(sample[3]);
  }
  return sum;
}

/** One query on its own connection. */
export async function query<T extends pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return (await pool.query<T>(text, values)).rows;
}

/** Resolves with how long the process took to exit after `signal`, and how it exited. */
export async function stopWith(
  child: ChildBot,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  child.signal(signal);
  const exit = await child.exited;
  return { ...exit, ms: Date.now() - started };
}
