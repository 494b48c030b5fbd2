import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../scripts/playground/args.js';
import { describeLogLine } from '../../scripts/playground/botProcess.js';
import { toCommandDefs } from '../../scripts/playground/commands.js';
import { complete } from '../../scripts/playground/complete.js';
import { ParseError, parseCommand, scanPairs, type Resolvers } from '../../scripts/playground/parse.js';
import {
  buttonsOf,
  cleanMarkdown,
  pickButton,
  renderEmbed,
  renderMessage,
  wrap,
} from '../../scripts/playground/render.js';
import { idForName, modalFields } from '../../scripts/playground/session.js';
import { commands as botCommands } from '../../src/discord/commands/index.js';
import type { FakeUser } from '@leash-coach/fake-discord';

// The real definitions, as the bot registers them.
const commands = toCommandDefs(botCommands.map((c) => c.data.toJSON()));

const you: FakeUser = {
  id: '1',
  username: 'you',
  global_name: 'you',
  discriminator: '0',
  avatar: null,
  public_flags: 0,
};
const resolvers: Resolvers = {
  user: (name) => (name === 'you' ? you : undefined),
  userNames: () => ['you'],
  channel: (name) => (name === 'wins' ? '99' : undefined),
  channelNames: () => ['general', 'wins'],
  file: (path) => {
    throw new Error(`there is no file "${path}".`);
  },
};
const parse = (line: string): ReturnType<typeof parseCommand> => parseCommand(line, commands, resolvers);
const parseError = (line: string): string => {
  try {
    parse(line);
  } catch (error) {
    if (error instanceof ParseError) return error.message;
    throw error;
  }
  throw new Error(`expected "${line}" not to parse`);
};
const plain = { ansi: false, timeZone: 'UTC', width: 80 } as const;

describe('parser', () => {
  it('reads a subcommand and a plain value', () => {
    const p = parse('/cat add name:Mochi');
    expect(p).toMatchObject({ name: 'cat', subcommand: 'add', options: { name: 'Mochi' } });
  });

  it('reads quoted values and converts integers from the definition', () => {
    const p = parse('/log what:"sniffed the harness" minutes:5');
    expect(p.options).toEqual({ what: 'sniffed the harness', minutes: 5 });
  });

  it('runs an unquoted value until the next known key, commas and spaces included', () => {
    const p = parse('/log what:sniffed, took a treat cat:Mochi');
    expect(p.options).toEqual({ what: 'sniffed, took a treat', cat: 'Mochi' });
    expect(parse('/log what:she liked it: a lot').options).toEqual({ what: 'she liked it: a lot' });
    expect(parse('/log what:"note: cat:ignored" minutes:2').options).toEqual({
      what: 'note: cat:ignored',
      minutes: 2,
    });
    expect(parse('/checkin set time:19:00 timezone:Europe/Berlin').options).toEqual({
      time: '19:00',
      timezone: 'Europe/Berlin',
    });
  });

  it('converts booleans, choices and channels', () => {
    expect(parse('/share auto enabled:yes').options).toEqual({ enabled: true });
    expect(parse('/share auto enabled:false').options).toEqual({ enabled: false });
    expect(parse('/cat stage cat:Mochi stage:leash_drag').options.stage).toBe('leash_drag');
    // By the choice's name too, case-insensitively.
    expect(parse('/cat stage cat:Mochi stage:"leash drag"').options.stage).toBe('leash_drag');
    expect(parse('/community set channel:#wins').options).toEqual({ channel: '99' });
  });

  it('explains unknown commands, subcommands and options with what exists', () => {
    expect(parseError('/lgo what:x')).toMatch(/no command \/lgo\. Did you mean "log"\?/);
    expect(parseError('/cat ad name:x')).toMatch(/Did you mean "add"/);
    const cat = parseError('/cat');
    expect(cat).toContain('needs one of: add, list, rename, remove, stage');
    expect(cat).toContain('/cat add name:<…> [stage:<…>]');
    const typo = parseError('/log what:sniffed minuts:4');
    expect(typo).toContain('no option "minuts". Did you mean "minutes"?');
    expect(typo).toMatch(/minutes +optional, integer 1–240/);
  });

  it('reports a missing required option, with the option list', () => {
    const missing = parseError('/log minutes:5');
    expect(missing).toContain('/log needs what:…');
    expect(missing).toMatch(/what +required, text ≤ 1000/);
  });

  it('rejects values Discord would not let through', () => {
    expect(parseError('/log what:x minutes:five')).toContain('"five" is not a whole number');
    expect(parseError('/log what:x minutes:999')).toContain('too large (integer 1–240)');
    expect(parseError('/share auto enabled:maybe')).toContain('not true or false');
    expect(parseError('/cat stage cat:M stage:moon')).toContain('not one of the choices');
    expect(parseError(`/cat add name:${'x'.repeat(40)}`)).toContain('at most 32');
    expect(parseError('/log what:"never closed')).toContain('never closed');
    expect(parseError('/log sniffed the harness')).toContain('like what:"sniffed the harness"');
    expect(parseError('/community set channel:#nope')).toContain('#general, #wins');
  });

  it('scans partial input for completion without throwing on an open quote', () => {
    expect(scanPairs('what:"sniff', new Set(['what']), true)).toEqual([
      { key: 'what', value: 'sniff', quoted: true, valueStart: 6 },
    ]);
  });
});

describe('completion', () => {
  it('completes commands, subcommands, option names and choices', () => {
    expect(complete('/ca', commands)).toEqual({ kind: 'done', hits: ['/cat '], fragment: '/ca' });
    expect(complete('/cat re', commands)).toMatchObject({ hits: ['rename ', 'remove '] });
    expect(complete('/log what:sniffed mi', commands)).toMatchObject({ hits: ['minutes:'], fragment: 'mi' });
    expect(complete('/cat stage cat:Mochi stage:leash', commands)).toMatchObject({
      hits: ['leash_drag '],
      fragment: 'leash',
    });
  });

  it('asks the bot for autocomplete options, with what was typed so far', () => {
    expect(complete('/log minutes:3 what:sniffed, ta', commands)).toEqual({
      kind: 'ask',
      request: {
        name: 'log',
        subcommandGroup: undefined,
        subcommand: undefined,
        focused: 'what',
        options: { minutes: 3 },
        fragment: 'sniffed, ta',
      },
    });
  });
});

describe('renderer', () => {
  const embed = {
    color: 0x57f287,
    title: 'Mochi · Make the harness boring (1/8)',
    description: 'A calm, **happy** session.',
    fields: [
      { name: 'What I read', value: '• sniffing — win\n• ears flat — moderate' },
      { name: 'Streak', value: '1 day', inline: true },
    ],
    image: { url: 'attachment://journey.png' },
    footer: { text: 'Session #1 · 3 min' },
  };

  it('draws an embed as a box: title, description, fields as name: value, footer', () => {
    expect(renderEmbed(embed, plain)).toEqual([
      '┌─ Mochi · Make the harness boring (1/8)',
      '│ A calm, happy session.',
      '│',
      '│ What I read:',
      '│   • sniffing — win',
      '│   • ears flat — moderate',
      '│ Streak: 1 day',
      '│ 🖼  journey.png',
      '└─ Session #1 · 3 min',
    ]);
  });

  it('uses ANSI bold only when asked', () => {
    expect(cleanMarkdown('**Mochi** is *brave*', plain)).toBe('Mochi is brave');
    expect(cleanMarkdown('**Mochi**', { ansi: true })).toBe('\u001b[1mMochi\u001b[22m');
  });

  it('turns timestamps into dates and keeps snake_case and escapes intact', () => {
    expect(cleanMarkdown('🟠 <t:1795597200:d> · 3 min', plain)).toBe('🟠 25 Nov 2026 · 3 min');
    expect(cleanMarkdown('<t:1795597200:t>', plain)).toBe('09:00');
    expect(cleanMarkdown('<t:1795597200:R>', { ...plain, now: new Date('2026-11-24T09:00:00Z') })).toBe(
      'tomorrow',
    );
    expect(cleanMarkdown('stage harness_scenery, 2 \\* 3', plain)).toBe('stage harness_scenery, 2 * 3');
    expect(
      cleanMarkdown('Shared by <@1> in <#2>', { ...plain, userName: () => 'you', channelName: () => 'wins' }),
    ).toBe('Shared by @you in #wins');
  });

  it('numbers buttons across rows and marks the ones that cannot be clicked', () => {
    const components = [
      {
        type: 1,
        components: [
          { type: 2, style: 3, label: 'Move on to Drape and treat', custom_id: 'a' },
          { type: 2, style: 2, label: 'Stay a little longer', custom_id: 'b' },
        ],
      },
      {
        type: 1,
        components: [
          { type: 2, style: 4, label: 'Old', custom_id: 'c', disabled: true },
          { type: 2, style: 5, label: 'Guide', url: 'https://example.com' },
        ],
      },
    ];
    const { lines, buttons } = renderMessage(
      { content: 'Earned!', embeds: [], components, files: [] },
      plain,
    );
    expect(lines).toContain('[1] Move on to Drape and treat  [2] Stay a little longer');
    expect(lines).toContain('[3] Old (disabled)  [Guide → https://example.com]');
    expect(buttons.map((b) => b.customId)).toEqual(['a', 'b', 'c']);
    expect(pickButton(buttons, '2')).toMatchObject({ customId: 'b' });
    expect(pickButton(buttons, 'move ON')).toMatchObject({ customId: 'a' });
    expect(pickButton(buttons, 'stay a little longer')).toMatchObject({ customId: 'b' });
    expect(pickButton(buttons, 'old')).toBe('"Old" is disabled.');
    expect(pickButton(buttons, 'nope')).toContain('The buttons are: [1] Move on to Drape and treat');
    expect(pickButton([], '1')).toContain('no button');
    expect(buttonsOf([])).toEqual([]);
  });

  it('lists attachments with size and where they were saved', () => {
    const { lines } = renderMessage(
      { content: '', embeds: [], components: [], files: [{ name: 'journey.png', size: 30_762 }] },
      { ...plain, savedPath: (n) => `data/playground/${n}` },
    );
    expect(lines).toEqual(['📎 journey.png (30.0 KB) → data/playground/journey.png']);
  });

  it('wraps long lines keeping their indentation', () => {
    expect(wrap('  one two three four', 12)).toEqual(['  one two', '    three', '    four']);
  });
});

describe('pieces', () => {
  it('reads the modal fields of both layouts', () => {
    const modal = {
      title: 'Log a session',
      components: [
        {
          type: 18,
          label: 'What happened?',
          description: 'Signals and wins',
          component: { type: 4, custom_id: 'what', required: true, max_length: 1000 },
        },
        {
          type: 1,
          components: [{ type: 4, custom_id: 'cat', label: 'Which cat?', value: 'Mochi', required: true }],
        },
      ],
    };
    expect(modalFields(modal)).toEqual([
      {
        customId: 'what',
        label: 'What happened?',
        description: 'Signals and wins',
        required: true,
        value: '',
        maxLength: 1000,
      },
      {
        customId: 'cat',
        label: 'Which cat?',
        description: '',
        required: true,
        value: 'Mochi',
        maxLength: undefined,
      },
    ]);
  });

  it('gives stable snowflake-shaped ids to names and readable bot log lines', () => {
    expect(idForName('friend')).toBe(idForName('Friend'));
    expect(idForName('friend')).toMatch(/^\d{18}$/);
    expect(describeLogLine('{"level":50,"msg":"job failed","err":{"message":"boom"}}')).toEqual({
      level: 'error',
      text: 'job failed (boom)',
    });
    expect(describeLogLine('')).toBeUndefined();
  });

  it('parses its flags', () => {
    expect(parseArgs(['--fresh', '--db', 'x.db'], '/repo')).toMatchObject({
      fresh: true,
      dbPath: resolve('x.db'),
    });
    expect(parseArgs([], '/repo').dbPath).toBe(resolve('/repo/data/playground.db'));
    expect(() => parseArgs(['--nope'], '/repo')).toThrow(/Unknown option "--nope"/);
  });
});

describe('end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playground-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the real bot from piped stdin and exits 0', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/playground.ts', '--db', join(dir, 'pg.db'), '--files', join(dir, 'files')],
      {
        cwd: root,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = new Promise<number | null>((done) => child.once('exit', done));
    child.stdin.end(
      [
        '/cat add name:Mochi',
        '/log what:"sniffed the harness" minutes:3',
        '/cat add name:Tofu',
        '/cat remove cat:Tofu',
        'click remove',
        '/progress',
        'exit',
        '',
      ].join('\n'),
    );
    const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const exitCode = await code;
    clearTimeout(timeout);
    expect(exitCode, `stdout:\n${out}\nstderr:\n${err}`).toBe(0);
    expect(out).toContain('Welcome, Mochi!');
    expect(out).toContain('sniffing — win');
    expect(out).toContain('(only you see this)');
    expect(out).toContain('[1] Remove Tofu  [2] Keep');
    expect(out).toContain('Tofu and their history have been removed.');
    expect(out).toMatch(/┌─ Mochi · Make the harness boring \(1\/8\)/);
    expect(out).toMatch(/📎 journey\.png \(\d+\.\d KB\) → .*journey\.png/);
    expect(existsSync(join(dir, 'files', 'journey.png'))).toBe(true);
    expect(out).toContain('Stopping the bot…');
  }, 40_000);
});
