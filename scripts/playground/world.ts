/** The pretend Discord the playground sets up: fixed ids for the owner, the server and its channels. */
import { createHash } from 'node:crypto';

// Stable ids so the owner's cats (kept by user id) and the server's settings survive restarts.
export const YOU_ID = '424242424242424242';
export const GUILD_ID = '909090909090909001';
export const GENERAL_ID = '909090909090909002';
export const WINS_ID = '909090909090909003';
export const REPLY_TIMEOUT_MS = 20_000;
/** What a name typed after `as` may look like. */
export const NAME = /^[a-z0-9_.]{2,32}$/i;

/** A stable user id for a name typed after `as`. */
export function idForName(name: string): string {
  const hex = createHash('sha256').update(name.toLowerCase()).digest('hex').slice(0, 13);
  return `7${BigInt(`0x${hex}`).toString().padStart(17, '0').slice(0, 17)}`;
}
