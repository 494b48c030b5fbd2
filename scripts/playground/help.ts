/** What the playground tells a newcomer: the welcome banner and `?` (every command, or one in full). */
import { describeCommands, describeOptions, usageLine, variantsOf, type CommandDef } from './commands.js';

type Style = (s: string) => string;

/** The welcome printed once the bot is up. */
export function bannerLines(tty: boolean, b: Style, d: Style): string[] {
  return [
    '',
    `${b('🐾 Leash Coach playground')} — the real bot, talking to a pretend Discord on this computer.`,
    `You are ${b('you')}, owner of the server ${b('Playground')} (#general, #wins). Type commands as in Discord:`,
    '',
    `  ${b('/cat add name:Mochi')}`,
    `  ${b('/log what:"sniffed the harness, took a treat" minutes:5')}`,
    `  ${b('/progress')}`,
    '',
    d(
      `${tty ? 'Tab completes commands and options. ' : ''}? lists every command · click 1 presses a button · as friend /… acts as someone else · exit quits.`,
    ),
    d('Check-ins are real: /checkin set sends the DM at that time while the playground runs.'),
    d('So are timers: /session start minutes:1 tells you to stop a minute later.'),
    '',
  ];
}

/** `? /log`: one command's variants and options; `?` alone: the bot's commands and the playground's own. */
export function helpLines(topic: string, commands: readonly CommandDef[], b: Style): string[] {
  const name = topic.replace(/^\//, '').trim().toLowerCase();
  if (name !== '') {
    const command = commands.find((c) => c.name === name.split(/\s+/)[0]);
    if (command) {
      return variantsOf(command).flatMap((v) => [
        '',
        b(usageLine(v)),
        `  ${v.description}`,
        describeOptions(v, '    '),
      ]);
    }
  }
  return [
    '',
    b(
      'The bot\'s commands (type them as in Discord; options as key:value, "quotes" for values with key: in them):',
    ),
    describeCommands(commands),
    '',
    b('Playground commands:'),
    '  click 1 | click <label>   press a button on the last message that had buttons',
    '  as <name> /…              run a command as someone else (e.g. as friend /cat add name:Luna)',
    '  ? /log                    the options of one command',
    '  dms                       every DM the bot has sent you',
    '  exit                      stop the bot and quit (Ctrl-D works too)',
    '',
  ];
}
