/** Tab completion at the prompt: commands and options locally, autocomplete options from the bot. */
import type { FakeDiscord } from '@leash-coach/fake-discord';
import type { CommandDef } from './commands.js';
import { complete } from './complete.js';
import type { People } from './people.js';
import type { Completer, Terminal } from './terminal.js';
import { GENERAL_ID } from './world.js';

export function createCompleter(
  fake: FakeDiscord,
  commands: readonly CommandDef[],
  people: People,
  terminal: Terminal,
): Completer {
  return (line, callback) => {
    let result;
    try {
      result = complete(line, commands);
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
    const user = as !== undefined ? people.userFor(as) : people.you();
    fake
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
              terminal.replaceLine(`${line.slice(0, line.length - request.fragment.length)}${only}`);
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
}
