/**
 * GET /healthz and GET /metrics on HEALTH_PORT, for a process manager, a load balancer or Prometheus.
 * /healthz is 200 when this process's gateway shards are ready and the database answers, else 503, with a
 * short JSON reason either way.
 */
import { createServer, type Server } from 'node:http';

export interface HealthChecks {
  /** This process's gateway shards, and whether all are ready. */
  gateway(): {
    readonly ready: boolean;
    readonly shards: readonly { readonly id: number; readonly status: string }[];
  };
  /** Resolves when the database answers. */
  database(): Promise<void>;
}

export interface HealthServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly checks: HealthChecks;
  readonly metrics: { text(): Promise<string>; readonly contentType: string };
  /** How long the database may take to answer before the check fails. */
  readonly databaseTimeoutMs?: number;
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no answer within ${String(ms)} ms`));
    }, ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The health verdict: status code and body. */
export async function healthOf(checks: HealthChecks, databaseTimeoutMs = 2_000) {
  const gateway = checks.gateway();
  let database = 'ok';
  try {
    await withTimeout(checks.database(), databaseTimeoutMs);
  } catch (error) {
    database = error instanceof Error ? error.message : String(error);
  }
  const ok = gateway.ready && database === 'ok';
  const reasons = [
    ...(gateway.ready ? [] : ['gateway not ready']),
    ...(database === 'ok' ? [] : [`database: ${database}`]),
  ];
  return {
    status: ok ? 200 : 503,
    body: {
      status: ok ? 'ok' : 'unavailable',
      ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
      shards: gateway.shards,
      database: database === 'ok' ? 'ok' : 'failing',
    },
  };
}

/** Starts the server; resolves once it listens. */
export function startHealthServer(options: HealthServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      void healthOf(options.checks, options.databaseTimeoutMs).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      });
      return;
    }
    if (path === '/metrics') {
      options.metrics.text().then(
        (text) => {
          res.writeHead(200, { 'content-type': options.metrics.contentType }).end(text);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}`);
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
