import { httpPhotoFetcher } from '../../src/adapters/httpPhotoFetcher.js';
import { createSqliteStore } from '../../src/db/sqlite/store.js';
import type { Client } from 'discord.js';
import { createDatabase, type Db } from '../../src/db/sqlite/client.js';
import { createClient, notifierFor, startBot, type RunningBot } from '../../src/discord/bot.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Deps } from '../../src/services/deps.js';
import type { PhotoFetcher } from '../../src/services/ports.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fakeClock, type FakeClock } from './fakeClock.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '@leash-coach/fake-discord';

export interface Harness {
  readonly fake: FakeDiscord;
  readonly client: Client;
  readonly bot: RunningBot;
  /** The services' dependencies, and the database behind the store (tests may read it). */
  readonly deps: Deps & { clock: FakeClock; db: Db };
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
  readonly databasePath?: string;
  readonly logger?: Logger;
  /** How /share win downloads photos; default the real HTTP fetcher (to the fake's attachment URLs). */
  readonly photos?: PhotoFetcher;
}

/** The real bot (real discord.js, real SQLite, real migrations) against the local Discord-compatible server. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  const guild = fake.addGuild({ name: 'Cat Club', channels: [{ name: 'general' }, { name: 'wins' }] });
  const db = createDatabase(options.databasePath ?? ':memory:');
  const client = createClient(fake.apiBase);
  const logger = options.logger ?? createLogger('silent');
  const deps = {
    db,
    store: createSqliteStore(db),
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
    services,
    guildId: guild.id,
    channelId: guild.channel('general'),
    winsChannelId: guild.channel('wins'),
    async close() {
      await bot.stop();
      await fake.close();
      db.$client.close();
    },
  };
}
