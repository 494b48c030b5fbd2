/**
 * The playground session: a local Discord server, the real bot as a child process, and a prompt where
 * a newcomer types slash commands and clicks buttons; the bot's replies, DMs and posts print as text.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { Actions } from './actions.js';
import { spawnBot, type BotProcess } from './botProcess.js';
import { toCommandDefs, type CommandDef } from './commands.js';
import { createCompleter } from './completer.js';
import { bannerLines } from './help.js';
import { People } from './people.js';
import { Terminal } from './terminal.js';
import { Transcript } from './transcript.js';
import { GENERAL_ID, GUILD_ID, REPLY_TIMEOUT_MS, WINS_ID, YOU_ID } from './world.js';

export { modalFields } from './modal.js';
export { idForName } from './world.js';

export interface PlaygroundOptions {
  /** The repository root (where src/main.ts is). */
  readonly root: string;
  readonly dbPath: string;
  readonly fresh: boolean;
  /** Where attachments are saved. */
  readonly filesDir: string;
  readonly input: Readable;
  readonly output: Writable & { isTTY?: boolean; columns?: number };
  readonly errorOutput: Writable;
  /** Interactive terminal: prompt, Tab completion, ANSI. */
  readonly tty: boolean;
}

/** What is up once the bot has connected and registered its commands. */
interface Started {
  readonly fake: FakeDiscord;
  readonly bot: BotProcess;
  readonly people: People;
  readonly commands: CommandDef[];
}

class Playground {
  private readonly terminal: Terminal;
  private readonly width: number;
  private stopping = false;
  private scanner: NodeJS.Timeout | undefined;

  constructor(private readonly o: PlaygroundOptions) {
    this.terminal = new Terminal(o);
    this.width = Math.min(Math.max(o.output.columns ?? 0, 0) >= 40 ? (o.output.columns ?? 80) : 80, 100);
  }

  private say(lines: string | readonly string[], stream?: Writable): void {
    this.terminal.say(lines, stream);
  }

  private d(s: string): string {
    return this.terminal.d(s);
  }

  // ---- start -------------------------------------------------------------------------

  private async start(): Promise<Started | undefined> {
    const { o } = this;
    if (o.fresh) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${o.dbPath}${suffix}`, { force: true });
    }
    mkdirSync(dirname(o.dbPath), { recursive: true });
    const fake = await startFakeDiscord({ timeoutMs: REPLY_TIMEOUT_MS });
    const people = new People(fake);
    fake.addGuild({
      id: GUILD_ID,
      name: 'Playground',
      ownerId: YOU_ID,
      channels: [
        { id: GENERAL_ID, name: 'general' },
        { id: WINS_ID, name: 'wins' },
      ],
    });
    const shown = relative(process.cwd(), o.dbPath);
    const db = shown === '' || shown.startsWith('..') ? o.dbPath : shown;
    this.say(this.d(`Starting the coach (src/main.ts) against a local Discord server… database: ${db}`));
    const bot = spawnBot({
      root: o.root,
      env: {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_BASE: fake.apiBase,
        DATABASE_PATH: o.dbPath,
        LOG_LEVEL: 'warn',
      },
      onLog: (entry) => {
        if (entry.level === 'info') return;
        this.say(this.d(`${entry.level === 'error' ? '✖' : '⚠'} bot: ${entry.text}`), o.errorOutput);
      },
    });
    const ready = (async (): Promise<'ready'> => {
      await fake.waitForReady({ timeoutMs: 90_000 });
      const deadline = Date.now() + 30_000;
      while (fake.registeredCommands().length === 0) {
        if (Date.now() > deadline) throw new Error('the bot connected but registered no commands');
        await new Promise((r) => setTimeout(r, 50));
      }
      return 'ready';
    })();
    const outcome = await Promise.race([ready, bot.exited.then((code) => ({ code }))]).catch(
      (error: unknown) => ({ error }),
    );
    if (outcome !== 'ready') {
      const why = 'code' in outcome ? `it exited (${String(outcome.code)})` : String(outcome.error);
      this.say([`The bot did not start: ${why}.`, ...bot.recentOutput().map((l) => `  ${l}`)], o.errorOutput);
      ready.catch(() => undefined);
      await bot.stop(5_000);
      await fake.close();
      return undefined;
    }
    return { fake, bot, people, commands: toCommandDefs(fake.registeredCommands()) };
  }

  // ---- the loop ----------------------------------------------------------------------

  async run(): Promise<number> {
    const started = await this.start();
    if (!started) return 1;
    const { fake, bot, people, commands } = started;
    const { terminal } = this;
    const transcript = new Transcript(fake, people, terminal, this.o.filesDir, this.width);
    const actions = new Actions(fake, commands, people, terminal, transcript);
    terminal.open(this.o.tty ? createCompleter(fake, commands, people, terminal) : undefined);
    const onSignal = (): void => {
      // A terminal's Ctrl-C reaches the bot too (same process group); its exit is expected then.
      this.stopping = true;
      terminal.close();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const status = { crashed: false };
    void bot.exited.then((code) => {
      if (this.stopping) return;
      status.crashed = true;
      this.say(
        [`The bot stopped unexpectedly (exit ${String(code)}).`, ...bot.recentOutput().map((l) => `  ${l}`)],
        this.o.errorOutput,
      );
      terminal.close();
    });
    this.say(
      bannerLines(
        this.o.tty,
        (s) => terminal.b(s),
        (s) => terminal.d(s),
      ),
    );
    this.scanner = setInterval(() => {
      transcript.scan();
    }, 400);

    for (;;) {
      const line = await terminal.ask(this.o.tty ? terminal.b('› ') : '› ');
      if (line === undefined || status.crashed) break;
      const word = line.trim().toLowerCase();
      if (word === 'exit' || word === 'quit') break;
      transcript.scan();
      try {
        await actions.execute(line);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.say(`That did not work: ${message.replace(/^FakeDiscord: /, '').split('\n')[0] ?? ''}`);
      }
    }
    await this.shutdown(started, transcript);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    return status.crashed ? 1 : 0;
  }

  private async shutdown({ fake, bot }: Started, transcript: Transcript): Promise<void> {
    this.stopping = true;
    if (this.scanner) clearInterval(this.scanner);
    transcript.scan();
    this.terminal.close();
    this.say(this.d('Stopping the bot…'));
    const code = await bot.stop();
    if (code !== 0) this.say(this.d(`(the bot exited with ${String(code)})`), this.o.errorOutput);
    await fake.close();
    this.say(this.d('Bye! Your cats are kept for next time (start over with --fresh).'));
  }
}

/** Runs the playground until `exit`, Ctrl-D or the end of piped input; resolves to the exit code. */
export async function runPlayground(options: PlaygroundOptions): Promise<number> {
  return new Playground(options).run();
}
