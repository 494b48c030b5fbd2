/** Command-line flags of `npm run playground`. */
import { resolve } from 'node:path';

export interface PlaygroundArgs {
  readonly fresh: boolean;
  readonly dbPath: string;
  /** Where attachments the bot sends (the progress chart, exports) are saved. */
  readonly filesDir: string;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run playground [-- --fresh] [-- --db <path>]

Starts a pretend Discord on this computer and the real Leash Coach bot against it, with a prompt where
you type slash commands as in Discord. No Discord account or token needed.

  --fresh       start over: delete the playground database first
  --db <path>   keep the playground's data in this SQLite file (default ./data/playground.db)
  --files <dir> save the files the bot sends here (default ./data/playground)
  --help        this text

Scripted use works too: printf '/cat add name:Mochi\\n/progress\\nexit\\n' | npm run playground`;

/** Parses argv (without node and the script); throws an Error with a message for unknown flags. */
export function parseArgs(argv: readonly string[], root: string): PlaygroundArgs {
  let fresh = false;
  let help = false;
  let dbPath = resolve(root, 'data/playground.db');
  let filesDir = resolve(root, 'data/playground');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--fresh') fresh = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--db' || arg.startsWith('--db=')) {
      const value = arg === '--db' ? argv[++i] : arg.slice('--db='.length);
      if (value === undefined || value === '')
        throw new Error('--db needs a file path, like --db /tmp/try.db');
      dbPath = resolve(value);
    } else if (arg === '--files' || arg.startsWith('--files=')) {
      const value = arg === '--files' ? argv[++i] : arg.slice('--files='.length);
      if (value === undefined || value === '')
        throw new Error('--files needs a folder, like --files /tmp/files');
      filesDir = resolve(value);
    } else throw new Error(`Unknown option "${arg}".\n\n${USAGE}`);
  }
  return { fresh, dbPath, filesDir, help };
}
