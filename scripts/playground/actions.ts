/** Runs one typed line: a slash command, `click`, `as`, `dms` or `?`, and prints how the bot answered. */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { FakeDiscord, FakeUser, InteractionResult } from '@leash-coach/fake-discord';
import type { CommandDef } from './commands.js';
import { helpLines } from './help.js';
import { askModal } from './modal.js';
import { ParseError, parseCommand, type Resolvers } from './parse.js';
import type { People } from './people.js';
import { buttonsOf, pickButton } from './render.js';
import type { Terminal } from './terminal.js';
import type { Transcript } from './transcript.js';
import { GENERAL_ID, NAME, REPLY_TIMEOUT_MS, WINS_ID } from './world.js';

export class Actions {
  constructor(
    private readonly fake: FakeDiscord,
    private readonly commands: readonly CommandDef[],
    private readonly people: People,
    private readonly terminal: Terminal,
    private readonly transcript: Transcript,
  ) {}

  private say(lines: string | readonly string[]): void {
    this.terminal.say(lines);
  }

  private resolvers(): Resolvers {
    return {
      user: (name) => (NAME.test(name) ? this.people.userFor(name) : undefined),
      userNames: () => this.people.names(),
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

  async execute(line: string): Promise<void> {
    let text = line.trim();
    if (text === '') return;
    let user = this.people.you();
    const as = /^as\s+(\S+)\s*(.*)$/i.exec(text);
    if (as) {
      const name = as[1] ?? '';
      if (!NAME.test(name)) {
        this.say('A name after "as" is 2–32 letters, digits, _ or . (like: as friend /cat list).');
        return;
      }
      user = this.people.userFor(name);
      text = (as[2] ?? '').trim();
      if (text === '') {
        this.say('What should they do? Like: as friend /share win message:"Luna wore the harness!"');
        return;
      }
    }
    const word = text.split(/\s+/)[0]?.toLowerCase() ?? '';
    if (word === '?' || word === 'help') {
      this.say(helpLines(text.slice(word.length), this.commands, (s) => this.terminal.b(s)));
      return;
    }
    if (word === 'click') {
      await this.click(text.slice(word.length), user);
      return;
    }
    if (word === 'dms') {
      const dms = this.fake.dmsTo(user.id);
      if (dms.length === 0) this.say('The bot has not sent a DM yet.');
      for (const dm of dms) this.transcript.show(dm, this.terminal.b('📬 DM from the bot:'));
      return;
    }
    if (word === 'clear' && this.terminal.tty) {
      this.terminal.clearScreen();
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
    const last = this.transcript.last;
    const picked = pickButton(last?.buttons ?? [], typed);
    if (typeof picked === 'string' || !last) {
      this.say(typeof picked === 'string' ? picked : 'There is no button to click.');
      return;
    }
    // The message may have changed since (buttons removed after a choice): click what is there now.
    const current = buttonsOf(this.transcript.messageById(last.messageId)?.components ?? []);
    if (!current.some((b) => b.customId === picked.customId)) {
      this.say(`"${picked.label}" is no longer on that message.`);
      return;
    }
    this.say(this.terminal.d(`(clicking "${picked.label}")`));
    const result = await this.fake.clickButton({
      message: last.messageId,
      customId: picked.customId,
      user,
      timeoutMs: REPLY_TIMEOUT_MS,
    });
    await this.handle(result, user);
  }

  private async handle(result: InteractionResult, user: FakeUser): Promise<void> {
    const { terminal, transcript } = this;
    const where = result.ephemeral ? ` ${transcript.whoSees(user)}` : '';
    switch (result.type) {
      case 4: {
        const message = result.message ?? (await result.reply({ timeoutMs: REPLY_TIMEOUT_MS }));
        transcript.show(message, terminal.b(`🐾 Coach${where}:`));
        break;
      }
      case 5: {
        const message = await result.reply({ timeoutMs: REPLY_TIMEOUT_MS });
        transcript.show(
          message,
          terminal.b(`🐾 Coach${message.ephemeral ? ` ${transcript.whoSees(user)}` : ''}:`),
        );
        break;
      }
      case 6:
      case 7: {
        const message =
          result.type === 6 ? await result.reply({ timeoutMs: REPLY_TIMEOUT_MS }) : result.message;
        if (message) transcript.show(message, terminal.b(`✏️  The bot updated that message${where}:`));
        else this.say(terminal.d('(the bot acknowledged the click)'));
        break;
      }
      case 9:
        await this.fillModal(result, user);
        return;
      default:
        this.say(terminal.d(`(the bot answered with interaction callback type ${result.type})`));
    }
    transcript.scan();
  }

  private async fillModal(result: InteractionResult, user: FakeUser): Promise<void> {
    const values = await askModal(result.modal ?? {}, this.terminal);
    if (values === undefined) return;
    const submitted = await this.fake.submitModal({
      from: result,
      fields: values,
      user,
      timeoutMs: REPLY_TIMEOUT_MS,
    });
    await this.handle(submitted, user);
  }
}
