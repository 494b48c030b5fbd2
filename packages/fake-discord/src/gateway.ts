import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { asArray, asNumber, asObject, asString, type JsonObject } from './json.js';
import { receives, routeOf, type IdentifyLimiter, type Route, type ShardKey } from './shards.js';

interface Dispatch {
  op: 0;
  s: number;
  t: string;
  d: unknown;
}

/** One gateway session: one shard of the bot, resumable across sockets. */
interface Session {
  id: string;
  shard: ShardKey;
  seq: number;
  events: Dispatch[];
  socket: WebSocket | undefined;
  /** True once the current socket has identified or resumed (dispatches may flow). */
  live: boolean;
}

export interface GatewayCounters {
  connections: number;
  /** Accepted IDENTIFYs (each answered with READY). */
  identifies: number;
  resumes: number;
  heartbeats: number;
  /** INVALID_SESSION (op 9) sent: for IDENTIFYs that came too soon and for RESUMEs of unknown sessions. */
  invalidSessions: number;
  /** IDENTIFYs refused because their bucket (`shard_id % max_concurrency`) identified too recently. */
  identifyRateLimited: number;
}

/** One gateway session (one shard of the bot, from its IDENTIFY until it is replaced). */
export interface GatewaySessionRef {
  shard: [id: number, count: number];
  sessionId: string;
}

/** A connected (or resumable) shard, as tests see it. */
export interface GatewayShardInfo extends GatewaySessionRef {
  connected: boolean;
}

export interface GatewayHooks {
  token: () => string;
  /** READY `d` for this shard without session fields; the gateway adds session_id, resume_gateway_url, shard. */
  readyPayload: (shard: ShardKey) => JsonObject;
  /** GUILD_CREATE payloads to send to this shard after READY. */
  guildCreates: (shard: ShardKey) => JsonObject[];
  identifyLimiter: IdentifyLimiter;
  onChange: () => void;
}

const INVALID_SESSION = { op: 9, d: false, s: null, t: null } as const;

/** `d.shard` of an IDENTIFY: `[shard_id, num_shards]`, `[0, 1]` when absent; undefined when invalid. */
function parseShard(raw: unknown): ShardKey | undefined {
  if (raw === undefined) return [0, 1];
  const [id, count] = asArray(raw);
  if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
  const key: ShardKey = [id as number, count as number];
  return key[1] >= 1 && key[0] >= 0 && key[0] < key[1] ? key : undefined;
}

/**
 * The gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay. Each connection is
 * one shard; guild events go to the shard of their guild, the rest (DMs) to shard 0.
 */
export class FakeGateway {
  readonly counters: GatewayCounters = {
    connections: 0,
    identifies: 0,
    resumes: 0,
    heartbeats: 0,
    invalidSessions: 0,
    identifyRateLimited: 0,
  };
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, Session>();
  readonly heartbeatInterval = 41_250;

  constructor(
    server: Server,
    private readonly url: () => string,
    private readonly hooks: GatewayHooks,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws) => {
      this.onConnection(ws);
    });
  }

  /** True once some shard has identified. */
  get ready(): boolean {
    return this.sessions.size > 0;
  }

  /** True when there is a session and every session's socket is open and identified or resumed. */
  get connected(): boolean {
    return (
      this.sessions.size > 0 &&
      [...this.sessions.values()].every((s) => s.live && s.socket?.readyState === WebSocket.OPEN)
    );
  }

  get shards(): GatewayShardInfo[] {
    return [...this.sessions.values()].map((s) => ({
      shard: [s.shard[0], s.shard[1]],
      sessionId: s.id,
      connected: s.live && s.socket?.readyState === WebSocket.OPEN,
    }));
  }

  /** Whether some session would receive an event routed to `route`. */
  receives(route: Route): boolean {
    return [...this.sessions.values()].some((s) => receives(s.shard, route));
  }

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket): void {
    this.counters.connections++;
    this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatInterval }, s: null, t: null });
    ws.on('message', (raw: RawData) => {
      this.onMessage(ws, raw);
    });
    ws.on('close', () => {
      for (const session of this.sessions.values()) {
        if (session.socket !== ws) continue;
        session.socket = undefined;
        session.live = false;
        this.hooks.onChange();
      }
    });
  }

  private onMessage(ws: WebSocket, raw: RawData): void {
    let payload: JsonObject;
    try {
      const buffer = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      payload = asObject(JSON.parse(buffer.toString('utf8')));
    } catch {
      ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const d = asObject(payload.d);
    switch (payload.op) {
      case 1:
        this.counters.heartbeats++;
        this.send(ws, { op: 11, d: null, s: null, t: null });
        break;
      case 2:
        this.identify(ws, d);
        break;
      case 6:
        this.resume(ws, d);
        break;
      default:
        // Presence updates, member requests, voice state: accepted and ignored.
        break;
    }
  }

  private identify(ws: WebSocket, d: JsonObject): void {
    if (asString(d.token) !== this.hooks.token()) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    const shard = parseShard(d.shard);
    if (!shard) {
      ws.close(4010, 'Invalid shard.');
      return;
    }
    if (!this.hooks.identifyLimiter.tryIdentify(shard[0])) {
      // Discord: "you can only identify once every 5 seconds" per bucket; the client must wait and retry.
      this.counters.identifyRateLimited++;
      this.counters.invalidSessions++;
      this.send(ws, INVALID_SESSION);
      this.hooks.onChange();
      return;
    }
    // A new session for this shard replaces the old one (and whatever this socket had before).
    for (const old of [...this.sessions.values()]) {
      if (old.shard[0] !== shard[0] && old.socket !== ws) continue;
      this.sessions.delete(old.id);
      if (old.socket && old.socket !== ws) old.socket.close(4000, 'Replaced by a new connection');
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shard,
      seq: 0,
      events: [],
      socket: ws,
      live: true,
    };
    this.sessions.set(session.id, session);
    this.counters.identifies++;
    this.dispatchTo(session, 'READY', {
      ...this.hooks.readyPayload(shard),
      session_id: session.id,
      resume_gateway_url: this.url(),
      shard: [shard[0], shard[1]],
    });
    for (const guild of this.hooks.guildCreates(shard)) this.dispatchTo(session, 'GUILD_CREATE', guild);
    this.hooks.onChange();
  }

  private resume(ws: WebSocket, d: JsonObject): void {
    const session = this.sessions.get(asString(d.session_id) ?? '');
    if (!session || asString(d.token) !== this.hooks.token()) {
      this.counters.invalidSessions++;
      this.send(ws, INVALID_SESSION);
      this.hooks.onChange();
      return;
    }
    if (session.socket && session.socket !== ws) session.socket.close(4000, 'Replaced by a new connection');
    session.socket = ws;
    this.counters.resumes++;
    const seq = asNumber(d.seq) ?? 0;
    for (const event of session.events) if (event.s > seq) this.send(ws, event);
    session.live = true;
    this.dispatchTo(session, 'RESUMED', {});
    this.hooks.onChange();
  }

  /**
   * Sends (or buffers for RESUME, if the socket is down) a dispatch event to the shards that receive it:
   * the shard of its guild (`route`, by default from `d.guild_id` or a GUILD_* event's `id`), else shard 0.
   * Returns the sessions it went to.
   */
  dispatch(t: string, d: unknown, route: Route = routeOf(t, d)): GatewaySessionRef[] {
    if (this.sessions.size === 0)
      throw new Error(`FakeDiscord: cannot dispatch ${t} before the bot has identified`);
    const targets = [...this.sessions.values()].filter((s) => receives(s.shard, route));
    if (targets.length === 0) {
      const where = 'guildId' in route ? `guild ${route.guildId}` : 'shard 0';
      throw new Error(
        `FakeDiscord: cannot dispatch ${t}: no gateway session receives ${where} (shards: ${JSON.stringify(this.shards.map((s) => s.shard))})`,
      );
    }
    for (const session of targets) this.dispatchTo(session, t, d);
    return targets.map((s) => ({ shard: [s.shard[0], s.shard[1]], sessionId: s.id }));
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    session.seq++;
    const event: Dispatch = { op: 0, s: session.seq, t, d };
    session.events.push(event);
    if (session.events.length > 1000) session.events.shift();
    if (session.live && session.socket) this.send(session.socket, event);
  }

  /**
   * Closes the bot's sockets (those of shard `shardId` only, when given) with a resumable code (4000 by
   * default); resolves when they are closed.
   */
  async disconnect(code = 4000, shardId?: number): Promise<void> {
    const closing = [...this.sessions.values()].flatMap((session) => {
      const ws = session.socket;
      if (!ws || (shardId !== undefined && session.shard[0] !== shardId)) return [];
      session.live = false;
      return [
        new Promise<void>((resolve) => {
          ws.once('close', () => {
            resolve();
          });
          ws.close(code, 'FakeDiscord: disconnect requested by the test');
        }),
      ];
    });
    await Promise.all(closing);
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => {
      this.wss.close(() => {
        resolve();
      });
    });
  }
}
