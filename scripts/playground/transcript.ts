/** What the bot sent, printed once each: replies, DMs, posts and follow-ups, with files saved to disk. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { FakeDiscord, FakeUser, RecordedMessage } from '@leash-coach/fake-discord';
import type { People } from './people.js';
import { renderMessage, type ButtonRef, type RenderOptions } from './render.js';
import type { Terminal } from './terminal.js';
import { GENERAL_ID, WINS_ID, YOU_ID } from './world.js';

export interface LastButtons {
  readonly messageId: string;
  readonly buttons: readonly ButtonRef[];
}

export class Transcript {
  private readonly printed = new Map<string, number>();
  private lastButtons: LastButtons | undefined;
  private readonly render: RenderOptions;

  constructor(
    private readonly fake: FakeDiscord,
    private readonly people: People,
    private readonly terminal: Terminal,
    private readonly filesDir: string,
    width: number,
  ) {
    this.render = {
      ansi: terminal.tty,
      width,
      userName: (id) => people.userName(id),
      channelName: (id) => (id === GENERAL_ID ? 'general' : id === WINS_ID ? 'wins' : undefined),
      savedPath: (name) => {
        const path = join(filesDir, basename(name));
        const shown = relative(process.cwd(), path);
        return shown === '' || shown.startsWith('..') ? path : shown;
      },
    };
  }

  /** The last message printed with buttons, for `click`. */
  get last(): LastButtons | undefined {
    return this.lastButtons;
  }

  show(message: RecordedMessage, header: string): void {
    this.printed.set(message.id, message.edits);
    for (const file of message.files) {
      try {
        mkdirSync(this.filesDir, { recursive: true });
        writeFileSync(join(this.filesDir, basename(file.name)), file.data);
      } catch (error) {
        this.terminal.say(this.terminal.d(`(could not save ${file.name}: ${String(error)})`));
      }
    }
    const { lines, buttons } = renderMessage(message, this.render);
    if (buttons.length > 0) this.lastButtons = { messageId: message.id, buttons };
    this.terminal.say(['', header, ...lines.map((l) => `  ${l}`)]);
  }

  whoSees(user: FakeUser): string {
    return user.id === YOU_ID ? '(only you see this)' : `(only ${user.username} sees this)`;
  }

  /** Prints what the bot sent on its own since last time: DMs, posts in channels, follow-ups. */
  scan(): void {
    const b = (s: string): string => this.terminal.b(s);
    const channels: [string, string][] = [
      [GENERAL_ID, '#general'],
      [WINS_ID, '#wins'],
      ...this.people.all().flatMap((u): [string, string][] => {
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
          header = b(name === 'you' ? '📬 DM from the bot:' : `📬 DM from the bot to ${name}:`);
        } else if (message.source === 'followup') {
          header = b(
            `↳ The bot follows up${message.ephemeral ? ' (only the one who asked sees this)' : ` in ${where}`}:`,
          );
        } else {
          header = b(`📣 The bot posted in ${where}:`);
        }
        this.show(message, header);
      }
    }
  }

  /** A message the bot sent in #general, #wins or someone's DMs. */
  messageById(id: string): RecordedMessage | undefined {
    const channels = [GENERAL_ID, WINS_ID, ...this.people.all().map((u) => this.fake.dmChannelOf(u.id))];
    for (const channelId of channels) {
      if (channelId === undefined) continue;
      const found = this.fake.messagesIn(channelId).find((m) => m.id === id);
      if (found) return found;
    }
    return undefined;
  }
}
