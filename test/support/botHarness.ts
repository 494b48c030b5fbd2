import { httpPhotoFetcher } from '../../src/adapters/httpPhotoFetcher.js';
import type { Client } from 'discord.js';
import type { Db } from '../../src/db/sqlite/client.js';
import { createClient, notifierFor, startBot, type RunningBot } from '../../src/discord/bot.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Deps } from '../../src/services/deps.js';
import type { PhotoFetcher } from '../../src/services/ports.js';
import { createServices, type Services } from '../../src/services/index.js';
import { currentBackend, openTestDatabase, type BackendName, type TestDatabase } from './backends.js';
import { fakeClock, type FakeClock } from './fakeClock.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '@leash-coach/fake-discord';

export interface Harness {
  readonly fake: FakeDiscord;
  readonly client: Client;
  readonly bot: RunningBot;
  /** The services' dependencies, and the SQLite database behind the store (on PostgreSQL it throws). */
  readonly deps: Deps & { clock: FakeClock; db: Db };
  /** The database behind the store, on either backend, to arrange and inspect rows. */
  readonly data: TestDatabase;
  readonly services: Services;
  readonly guildId: string;
  /** The server's general channel, where commands are run. */
  readonly channelId: string;
  /** The server's "wins" channel (not set as the wins channel until a test runs /community set). */
  readonly winsChannelId: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly fake?: FakeDiscordOptions;
  readonly now?: string;
  /** Default: the backend of the test project (vitest.config.ts). */
  readonly backend?: BackendName;
  readonly logger?: Logger;
  /** How /share win downloads photos; default the real HTTP fetcher (to the fake's attachment URLs). */
  readonly photos?: PhotoFetcher;
}

/**
 * The real bot (real discord.js, real SQLite or PostgreSQL, real migrations) against the local
 * Discord-compatible server.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  const guild = fake.addGuild({ name: 'Cat Club', channels: [{ name: 'general' }, { name: 'wins' }] });
  const data = await openTestDatabase(options.backend ?? currentBackend(), { closeWithTest: false });
  const client = createClient({ restBase: fake.apiBase });
  const logger = options.logger ?? createLogger('silent');
  const deps = {
    db: data.sqlite,
    store: data.store,
    clock: fakeClock(options.now ?? '2026-11-25T09:00:00Z'),
    logger,
    notifier: notifierFor(client),
    photos: options.photos ?? httpPhotoFetcher,
  };
  const services = createServices(deps);
  const bot = await startBot(client, services, {
    token: fake.token,
    apiBase: fake.apiBase,
    guildId: undefined,
    logger,
  });
  return {
    fake,
    client,
    bot,
    deps,
    data,
    services,
    guildId: guild.id,
    channelId: guild.channel('general'),
    winsChannelId: guild.channel('wins'),
    async close() {
      await bot.stop();
      await fake.close();
      await data.close();
    },
  };
}
