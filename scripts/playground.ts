/**
 * `npm run playground`: try the coach without a Discord token. Starts the local Discord-compatible
 * server (packages/fake-discord), runs the real bot (src/main.ts) against it as a child process, and reads
 * slash commands from a terminal prompt (or piped stdin), printing the bot's replies as text.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, parseArgs } from './playground/args.js';
import { runPlayground } from './playground/session.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), root);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return runPlayground({
    root,
    dbPath: args.dbPath,
    fresh: args.fresh,
    filesDir: args.filesDir,
    input: process.stdin,
    output: process.stdout,
    errorOutput: process.stderr,
    tty: process.stdin.isTTY && process.stdout.isTTY,
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `The playground failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
