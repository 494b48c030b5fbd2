/** PostgreSQL error codes the store acts on (https://www.postgresql.org/docs/15/errcodes-appendix.html). */

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** A transaction PostgreSQL aborted only because of another one at the same moment: safe to run again. */
export function isRetryable(error: unknown): boolean {
  const code = codeOf(error);
  return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
}
