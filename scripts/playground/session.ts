/**
 * The playground session: a local Discord server, the real bot as a child process, and a prompt where
 * a newcomer types slash commands and clicks buttons; the bot's replies, DMs and posts print as text.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
  type InteractionResult,
  type RecordedMessage,
} from '@leash-coach/fake-discord';
import { spawnBot, type BotProcess } from './botProcess.js';
import {
  describeCommands,
  describeOptions,
  toCommandDefs,
  usageLine,
  variantsOf,
  type CommandDef,
} from './commands.js';
import { complete } from './complete.js';
import { ParseError, parseCommand, type Resolvers } from './parse.js';
import {
  bold,
  buttonsOf,
  dim,
  pickButton,
  renderMessage,
  type ButtonRef,
  type RenderOptions,
} from './render.js';

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

// Stable ids so the owner's cats (kept by user id) and the server's settings survive restarts.
const YOU_ID = '424242424242424242';
const GUILD_ID = '909090909090909001';
const GENERAL_ID = '909090909090909002';
const WINS_ID = '909090909090909003';
const REPLY_TIMEOUT_MS = 20_000;
const NAME = /^[a-z0-9_.]{2,32}$/i;

/** A stable user id for a name typed after `as`. */
export function idForName(name: string): string {
  const hex = createHash('sha256').update(name.toLowerCase()).digest('hex').slice(0, 13);
  return `7${BigInt(`0x${hex}`).toString().padStart(17, '0').slice(0, 17)}`;
}

interface LastButtons {
  readonly messageId: string;
  readonly buttons: readonly ButtonRef[];
}

interface ModalField {
  readonly customId: string;
  readonly label: string;
  readonly description: string;
  readonly required: boolean;
  readonly value: string;
  readonly maxLength: number | undefined;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The text inputs of a modal, in order (both the label (18) and the older action row (1) layouts). */
export function modalFields(modal: Json): ModalField[] {
  return arr(modal.components).flatMap((raw) => {
    const row = obj(raw);
    const input = row.type === 18 ? obj(row.component) : obj(arr(row.components)[0]);
    if (input.type !== 4) return [];
    return [
      {
        customId: str(input.custom_id),
        label: row.type === 18 ? str(row.label) : str(input.label),
        description: str(row.description),
        required: input.required !== false,
        value: str(input.value),
        maxLength: typeof input.max_length === 'number' ? input.max_length : undefined,
      },
    ];
  });
}

class Playground {
  private fake!: FakeDiscord;
  private bot: BotProcess | undefined;
  private commands: CommandDef[] = [];
  private readonly users = new Map<string, FakeUser>();
  private readonly printed = new Map<string, number>();
  private last: LastButtons | undefined;
  private rl!: Interface;
  private lines!: AsyncIterator<string>;
  private waiting = false;
  private stopping = false;
  private scanner: NodeJS.Timeout | undefined;
  private readonly render: RenderOptions;

  constructor(private readonly o: PlaygroundOptions) {
    this.render = {
      ansi: o.tty,
      width: Math.min(Math.max(o.output.columns ?? 0, 0) >= 40 ? (o.output.columns ?? 80) : 80, 100),
      userName: (id) => this.userName(id),
      channelName: (id) => (id === GENERAL_ID ? 'general' : id === WINS_ID ? 'wins' : undefined),
      savedPath: (name) => {
        const path = join(o.filesDir, basename(name));
        const shown = relative(process.cwd(), path);
        return shown === '' || shown.startsWith('..') ? path : shown;
      },
    };
  }

  private userName(id: string): string | undefined {
    if (id === this.fake.botUser.id) return this.fake.botUser.username;
    return [...this.users.values()].find((u) => u.id === id)?.username;
  }

  // ---- output ------------------------------------------------------------------------

  /** Prints lines; while the prompt is waiting, clears it first and shows it again after. */
  private say(lines: string | readonly string[], stream: Writable = this.o.output): void {
    const text = typeof lines === 'string' ? lines : lines.join('\n');
    if (this.o.tty && this.waiting) {
      clearLine(this.o.output, 0);
      cursorTo(this.o.output, 0);
    }
    stream.write(`${text}\n`);
    if (this.o.tty && this.waiting) this.rl.prompt(true);
  }

  private b(s: string): string {
    return bold(s, this.o.tty);
  }
  private d(s: string): string {
    return dim(s, this.o.tty);
  }

  private show(message: RecordedMessage, header: string): void {
    this.printed.set(message.id, message.edits);
    for (const file of message.files) {
      try {
        mkdirSync(this.o.filesDir, { recursive: true });
        writeFileSync(join(this.o.filesDir, basename(file.name)), file.data);
      } catch (error) {
        this.say(this.d(`(could not save ${file.name}: ${String(error)})`));
      }
    }
    const { lines, buttons } = renderMessage(message, this.render);
    if (buttons.length > 0) this.last = { messageId: message.id, buttons };
    this.say(['', header, ...lines.map((l) => `  ${l}`)]);
  }

  private whoSees(user: FakeUser): string {
    return user.id === YOU_ID ? '(only you see this)' : `(only ${user.username} sees this)`;
  }

  /** Prints what the bot sent on its own since last time: DMs, posts in channels, follow-ups. */
  private scan(): void {
    const channels: [string, string][] = [
      [GENERAL_ID, '#general'],
      [WINS_ID, '#wins'],
      ...[...this.users.values()].flatMap((u): [string, string][] => {
        const dm = this.fake.dmChannelOf(u.id);
        return dm !== undefined ? [[dm, `dm:${u.username}`]] : [];
      }),
    ];
    for (const [channelId, where] of channels) {
      for (const message of this.fake.messagesIn(channelId)) {
        if (this.printed.has(message.id) || message.deleted || message.source === 'interactionResponse')
          continue;
        let header: string;
        if (where.startsWith('dm:')) {
          const name = where.slice(3);
          header = this.b(name === 'you' ? '📬 DM from the bot:' : `📬 DM from the bot to ${name}:`);
        } else if (message.source === 'followup') {
          header = this.b(
            `↳ The bot follows up${message.ephemeral ? ' (only the one who asked sees this)' : ` in ${where}`}:`,
          );
        } else {
          header = this.b(`📣 The bot posted in ${where}:`);
        }
        this.show(message, header);
      }
    }
  }

  // ---- start -------------------------------------------------------------------------

  async start(): Promise<boolean> {
    const { o } = this;
    if (o.fresh) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${o.dbPath}${suffix}`, { force: true });
    }
    mkdirSync(dirname(o.dbPath), { recursive: true });
    this.fake = await startFakeDiscord({ timeoutMs: REPLY_TIMEOUT_MS });
    this.users.set('you', this.fake.user(YOU_ID, 'you'));
    this.fake.addGuild({
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
    this.bot = spawnBot({
      root: o.root,
      env: {
        DISCORD_TOKEN: this.fake.token,
        DISCORD_API_BASE: this.fake.apiBase,
        DATABASE_PATH: o.dbPath,
        LOG_LEVEL: 'warn',
      },
      onLog: (entry) => {
        if (entry.level === 'info') return;
        this.say(this.d(`${entry.level === 'error' ? '✖' : '⚠'} bot: ${entry.text}`), o.errorOutput);
      },
    });
    const bot = this.bot;
    const ready = (async (): Promise<'ready'> => {
      await this.fake.waitForReady({ timeoutMs: 90_000 });
      const deadline = Date.now() + 30_000;
      while (this.fake.registeredCommands().length === 0) {
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
      await this.fake.close();
      return false;
    }
    this.commands = toCommandDefs(this.fake.registeredCommands());
    return true;
  }

  private banner(): void {
    const b = (s: string): string => this.b(s);
    this.say([
      '',
      `${b('🐾 Leash Coach playground')} — the real bot, talking to a pretend Discord on this computer.`,
      `You are ${b('you')}, owner of the server ${b('Playground')} (#general, #wins). Type commands as in Discord:`,
      '',
      `  ${b('/cat add name:Mochi')}`,
      `  ${b('/log what:"sniffed the harness, took a treat" minutes:5')}`,
      `  ${b('/progress')}`,
      '',
      this.d(
        `${this.o.tty ? 'Tab completes commands and options. ' : ''}? lists every command · click 1 presses a button · as friend /… acts as someone else · exit quits.`,
      ),
      this.d('Check-ins are real: /checkin set sends the DM at that time while the playground runs.'),
      '',
    ]);
  }

  // ---- input -------------------------------------------------------------------------

  private async ask(prompt: string): Promise<string | undefined> {
    this.rl.setPrompt(prompt);
    if (this.o.tty) this.rl.prompt();
    this.waiting = true;
    const next = await this.lines.next();
    this.waiting = false;
    if (next.done === true) return undefined;
    if (!this.o.tty) this.o.output.write(`${prompt}${next.value}\n`);
    return next.value;
  }

  private completer = (line: string, callback: (err: null, result: [string[], string]) => void): void => {
    let result;
    try {
      result = complete(line, this.commands);
    } catch {
      callback(null, [[], line]);
      return;
    }
    if (result.kind === 'done') {
      callback(null, [result.hits, result.fragment]);
      return;
    }
    const { request } = result;
    const as = /^as\s+(\S+)\s+/.exec(line)?.[1];
    const user = as !== undefined ? this.userFor(as) : this.you();
    this.fake
      .autocomplete({
        name: request.name,
        ...(request.subcommand !== undefined ? { subcommand: request.subcommand } : {}),
        ...(request.subcommandGroup !== undefined ? { subcommandGroup: request.subcommandGroup } : {}),
        options: { ...request.options, [request.focused]: request.fragment },
        focused: request.focused,
        user,
        channelId: GENERAL_ID,
        timeoutMs: 3_000,
      })
      .then(
        (choices) => {
          // Cats come back as ids named "Mochi — Leash drag"; the bot accepts the name just as well.
          const values = choices.map((c) =>
            typeof c.value === 'string' && /^\d+$/.test(c.value) && c.name !== ''
              ? (c.name.split(' — ')[0] ?? c.name)
              : String(c.value),
          );
          const only = values[0];
          if (values.length === 1 && only !== undefined && !only.startsWith(request.fragment)) {
            // readline only completes by prefix; a fuzzy match replaces what was typed instead.
            callback(null, [[], request.fragment]);
            setImmediate(() => {
              this.rl.write(null, { ctrl: true, name: 'u' });
              this.rl.write(`${line.slice(0, line.length - request.fragment.length)}${only}`);
            });
            return;
          }
          callback(null, [values, request.fragment]);
        },
        () => {
          callback(null, [[], request.fragment]);
        },
      );
  };

  private you(): FakeUser {
    const you = this.users.get('you');
    if (!you) throw new Error('no user "you"');
    return you;
  }

  private userFor(name: string): FakeUser {
    const key = name.toLowerCase();
    const known = this.users.get(key);
    if (known) return known;
    const user = this.fake.user(idForName(key), key);
    this.users.set(key, user);
    return user;
  }

  private resolvers(): Resolvers {
    return {
      user: (name) => (NAME.test(name) ? this.userFor(name) : undefined),
      userNames: () => [...this.users.keys()],
      channel: (name) =>
        (({ general: GENERAL_ID, wins: WINS_ID }) as Record<string, string | undefined>)[name.toLowerCase()],
      channelNames: () => ['general', 'wins'],
      file: (path) => {
        const stat = statSync(path, { throwIfNoEntry: false });
        if (!stat?.isFile()) throw new Error(`there is no file "${path}".`);
        const types: Record<string, string> = {
          '.png': 'image/png',
          '.jpg': 'image/jpeg',
          '.jpeg': 'image/jpeg',
          '.gif': 'image/gif',
          '.webp': 'image/webp',
        };
        const contentType = types[extname(path).toLowerCase()];
        return {
          name: basename(path),
          data: readFileSync(path),
          ...(contentType !== undefined ? { contentType } : {}),
        };
      },
    };
  }

  // ---- running what was typed --------------------------------------------------------

  private help(topic: string): void {
    const name = topic.replace(/^\//, '').trim().toLowerCase();
    if (name !== '') {
      const command = this.commands.find((c) => c.name === name.split(/\s+/)[0]);
      if (command) {
        this.say(
          variantsOf(command).flatMap((v) => [
            '',
            this.b(usageLine(v)),
            `  ${v.description}`,
            describeOptions(v, '    '),
          ]),
        );
        return;
      }
    }
    this.say([
      '',
      this.b(
        'The bot\'s commands (type them as in Discord; options as key:value, "quotes" for values with key: in them):',
      ),
      describeCommands(this.commands),
      '',
      this.b('Playground commands:'),
      '  click 1 | click <label>   press a button on the last message that had buttons',
      '  as <name> /…              run a command as someone else (e.g. as friend /cat add name:Luna)',
      '  ? /log                    the options of one command',
      '  dms                       every DM the bot has sent you',
      '  exit                      stop the bot and quit (Ctrl-D works too)',
      '',
    ]);
  }

  private async execute(line: string): Promise<void> {
    let text = line.trim();
    if (text === '') return;
    let user = this.you();
    const as = /^as\s+(\S+)\s*(.*)$/i.exec(text);
    if (as) {
      const name = as[1] ?? '';
      if (!NAME.test(name)) {
        this.say('A name after "as" is 2–32 letters, digits, _ or . (like: as friend /cat list).');
        return;
      }
      user = this.userFor(name);
      text = (as[2] ?? '').trim();
      if (text === '') {
        this.say('What should they do? Like: as friend /share win message:"Luna wore the harness!"');
        return;
      }
    }
    const word = text.split(/\s+/)[0]?.toLowerCase() ?? '';
    if (word === '?' || word === 'help') {
      this.help(text.slice(word.length));
      return;
    }
    if (word === 'click') {
      await this.click(text.slice(word.length), user);
      return;
    }
    if (word === 'dms') {
      const dms = this.fake.dmsTo(user.id);
      if (dms.length === 0) this.say('The bot has not sent a DM yet.');
      for (const dm of dms) this.show(dm, this.b('📬 DM from the bot:'));
      return;
    }
    if (word === 'clear' && this.o.tty) {
      this.o.output.write('\u001b[2J\u001b[H');
      return;
    }
    if (!text.startsWith('/')) {
      this.say('Commands start with "/", like /help or /cat add name:Mochi. Type ? for the list.');
      return;
    }
    let parsed;
    try {
      parsed = parseCommand(text, this.commands, this.resolvers());
    } catch (error) {
      if (error instanceof ParseError) {
        this.say(error.message);
        return;
      }
      throw error;
    }
    const result = await this.fake.command({
      name: parsed.name,
      ...(parsed.subcommand !== undefined ? { subcommand: parsed.subcommand } : {}),
      ...(parsed.subcommandGroup !== undefined ? { subcommandGroup: parsed.subcommandGroup } : {}),
      options: parsed.options,
      user,
      channelId: GENERAL_ID,
      timeoutMs: REPLY_TIMEOUT_MS,
    });
    await this.handle(result, user);
  }

  private async click(typed: string, user: FakeUser): Promise<void> {
    const last = this.last;
    const picked = pickButton(last?.buttons ?? [], typed);
    if (typeof picked === 'string' || !last) {
      this.say(typeof picked === 'string' ? picked : 'There is no button to click.');
      return;
    }
    // The message may have changed since (buttons removed after a choice): click what is there now.
    const current = buttonsOf(this.messageById(last.messageId)?.components ?? []);
    if (!current.some((b) => b.customId === picked.customId)) {
      this.say(`"${picked.label}" is no longer on that message.`);
      return;
    }
    this.say(this.d(`(clicking "${picked.label}")`));
    const result = await this.fake.clickButton({
      message: last.messageId,
      customId: picked.customId,
      user,
      timeoutMs: REPLY_TIMEOUT_MS,
    });
    await this.handle(result, user);
  }

  private messageById(id: string): RecordedMessage | undefined {
    const channels = [
      GENERAL_ID,
      WINS_ID,
      ...[...this.users.values()].map((u) => this.fake.dmChannelOf(u.id)),
    ];
    for (const channelId of channels) {
      if (channelId === undefined) continue;
      const found = this.fake.messagesIn(channelId).find((m) => m.id === id);
      if (found) return found;
    }
    return undefined;
  }

  private async handle(result: InteractionResult, user: FakeUser): Promise<void> {
    const where = result.ephemeral ? ` ${this.whoSees(user)}` : '';
    switch (result.type) {
      case 4: {
        const message = result.message ?? (await result.reply({ timeoutMs: REPLY_TIMEOUT_MS }));
        this.show(message, this.b(`🐾 Coach${where}:`));
        break;
      }
      case 5: {
        const message = await result.reply({ timeoutMs: REPLY_TIMEOUT_MS });
        this.show(message, this.b(`🐾 Coach${message.ephemeral ? ` ${this.whoSees(user)}` : ''}:`));
        break;
      }
      case 6:
      case 7: {
        const message =
          result.type === 6 ? await result.reply({ timeoutMs: REPLY_TIMEOUT_MS }) : result.message;
        if (message) this.show(message, this.b(`✏️  The bot updated that message${where}:`));
        else this.say(this.d('(the bot acknowledged the click)'));
        break;
      }
      case 9:
        await this.fillModal(result, user);
        return;
      default:
        this.say(this.d(`(the bot answered with interaction callback type ${result.type})`));
    }
    this.scan();
  }

  private async fillModal(result: InteractionResult, user: FakeUser): Promise<void> {
    const modal = result.modal ?? {};
    const fields = modalFields(modal);
    this.say([
      '',
      this.b(`📝 The bot opened a form: ${str(modal.title)}`),
      this.d(
        '  Answer each field and press Enter (Enter alone keeps the [default] or skips an optional field; !cancel closes the form).',
      ),
    ]);
    const values: Record<string, string> = {};
    for (const field of fields) {
      const hint = [
        field.description,
        field.required ? 'required' : /optional/i.test(field.label) ? '' : 'optional',
        field.maxLength !== undefined ? `≤ ${field.maxLength} characters` : '',
      ]
        .filter((h) => h !== '')
        .join(', ');
      for (;;) {
        const answer = await this.ask(
          `  ${field.label} ${this.d(`(${hint})`)}${field.value !== '' ? ` [${field.value}]` : ''}: `,
        );
        if (answer === undefined || answer.trim() === '!cancel') {
          this.say(this.d('Form closed without sending.'));
          return;
        }
        const value = answer.trim() === '' ? field.value : answer.trim();
        if (field.required && value === '') {
          this.say(this.d('  This one is required.'));
          continue;
        }
        if (field.maxLength !== undefined && value.length > field.maxLength) {
          this.say(this.d(`  At most ${field.maxLength} characters, please.`));
          continue;
        }
        values[field.customId] = value;
        break;
      }
    }
    const submitted = await this.fake.submitModal({
      from: result,
      fields: values,
      user,
      timeoutMs: REPLY_TIMEOUT_MS,
    });
    await this.handle(submitted, user);
  }

  // ---- the loop ----------------------------------------------------------------------

  async run(): Promise<number> {
    if (!(await this.start())) return 1;
    const bot = this.bot;
    if (!bot) return 1;
    this.rl = createInterface({
      input: this.o.input,
      output: this.o.output,
      terminal: this.o.tty,
      historySize: 200,
      ...(this.o.tty ? { completer: this.completer } : {}),
    });
    this.lines = this.rl[Symbol.asyncIterator]();
    this.rl.on('SIGINT', () => {
      this.say('');
      this.rl.close();
    });
    const onSignal = (): void => {
      // A terminal's Ctrl-C reaches the bot too (same process group); its exit is expected then.
      this.stopping = true;
      this.rl.close();
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
      this.rl.close();
    });
    this.banner();
    this.scanner = setInterval(() => {
      this.scan();
    }, 400);

    for (;;) {
      const line = await this.ask(this.o.tty ? this.b('› ') : '› ');
      if (line === undefined || status.crashed) break;
      const word = line.trim().toLowerCase();
      if (word === 'exit' || word === 'quit') break;
      this.scan();
      try {
        await this.execute(line);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.say(`That did not work: ${message.replace(/^FakeDiscord: /, '').split('\n')[0] ?? ''}`);
      }
    }
    await this.shutdown();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    return status.crashed ? 1 : 0;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    if (this.scanner) clearInterval(this.scanner);
    this.scan();
    this.rl.close();
    this.say(this.d('Stopping the bot…'));
    const code = await this.bot?.stop();
    if (code !== undefined && code !== 0)
      this.say(this.d(`(the bot exited with ${String(code)})`), this.o.errorOutput);
    await this.fake.close();
    this.say(this.d('Bye! Your cats are kept for next time (start over with --fresh).'));
  }
}

/** Runs the playground until `exit`, Ctrl-D or the end of piped input; resolves to the exit code. */
export async function runPlayground(options: PlaygroundOptions): Promise<number> {
  return new Playground(options).run();
}
