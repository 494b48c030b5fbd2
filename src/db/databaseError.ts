/** A database the bot cannot use (damaged, written by a newer version, unreachable): the message says what to do. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
}
