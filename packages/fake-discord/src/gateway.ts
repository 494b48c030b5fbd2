import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { asNumber, asObject, asString, type JsonObject } from './json.js';

interface Dispatch {
  op: 0;
  s: number;
  t: string;
  d: unknown;
}

interface Session {
  id: string;
  seq: number;
  events: Dispatch[];
}

export interface GatewayCounters {
  connections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
}

export interface GatewayHooks {
  token: () => string;
  /** READY `d` without session fields; the gateway adds session_id and resume_gateway_url. */
  readyPayload: () => JsonObject;
  /** GUILD_CREATE payloads to send after READY. */
  guildCreates: () => JsonObject[];
  onChange: () => void;
}

/** A single-shard gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay. */
export class FakeGateway {
  readonly counters: GatewayCounters = { connections: 0, identifies: 0, resumes: 0, heartbeats: 0 };
  private readonly wss: WebSocketServer;
  private session: Session | undefined;
  private socket: WebSocket | undefined;
  /** True once the current socket has identified or resumed (dispatches may flow). */
  private live = false;
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

  get ready(): boolean {
    return this.session !== undefined;
  }

  get connected(): boolean {
    return this.live && this.socket?.readyState === WebSocket.OPEN;
  }

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket): void {
    this.counters.connections++;
    if (this.socket && this.socket !== ws) this.socket.close(4000, 'Replaced by a new connection');
    this.socket = ws;
    this.live = false;
    this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatInterval }, s: null, t: null });
    ws.on('message', (raw: RawData) => {
      this.onMessage(ws, raw);
    });
    ws.on('close', () => {
      if (this.socket === ws) {
        this.socket = undefined;
        this.live = false;
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
      case 2: {
        if (asString(d.token) !== this.hooks.token()) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        this.counters.identifies++;
        this.session = { id: randomBytes(16).toString('hex'), seq: 0, events: [] };
        this.live = true;
        this.dispatch('READY', {
          ...this.hooks.readyPayload(),
          session_id: this.session.id,
          resume_gateway_url: this.url(),
          shard: [0, 1],
        });
        for (const guild of this.hooks.guildCreates()) this.dispatch('GUILD_CREATE', guild);
        this.hooks.onChange();
        break;
      }
      case 6: {
        const session = this.session;
        if (!session || asString(d.session_id) !== session.id || asString(d.token) !== this.hooks.token()) {
          this.send(ws, { op: 9, d: false, s: null, t: null });
          return;
        }
        this.counters.resumes++;
        const seq = asNumber(d.seq) ?? 0;
        for (const event of session.events) if (event.s > seq) this.send(ws, event);
        this.live = true;
        this.dispatch('RESUMED', {});
        this.hooks.onChange();
        break;
      }
      default:
        // Presence updates, member requests, voice state: accepted and ignored.
        break;
    }
  }

  /** Sends (or buffers for RESUME, if the socket is down) a dispatch event. */
  dispatch(t: string, d: unknown): void {
    const session = this.session;
    if (!session) throw new Error(`FakeDiscord: cannot dispatch ${t} before the bot has identified`);
    session.seq++;
    const event: Dispatch = { op: 0, s: session.seq, t, d };
    session.events.push(event);
    if (session.events.length > 1000) session.events.shift();
    if (this.live && this.socket) this.send(this.socket, event);
  }

  /** Closes the bot's socket with a resumable code (4000 by default); resolves when it is closed. */
  async disconnect(code = 4000): Promise<void> {
    const ws = this.socket;
    if (!ws) return;
    this.live = false;
    await new Promise<void>((resolve) => {
      ws.once('close', () => {
        resolve();
      });
      ws.close(code, 'FakeDiscord: disconnect requested by the test');
    });
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
