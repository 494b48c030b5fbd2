/** Codes for what an owner can fix; the message says how. */
export type UserErrorCode =
  | 'unknown_cat'
  | 'ambiguous_cat'
  | 'no_cats'
  | 'duplicate_cat'
  | 'invalid_name'
  | 'invalid_stage'
  | 'too_many_cats'
  | 'invalid_minutes'
  | 'text_too_long'
  | 'empty_text'
  | 'invalid_time'
  | 'invalid_timezone'
  | 'invalid_days'
  | 'not_your_button'
  | 'stale_button'
  | 'no_wins_channel'
  | 'not_in_server'
  | 'missing_permission'
  | 'bad_photo'
  | 'not_set_up';

/**
 * A problem the owner can act on. Its message is shown to them as is (ephemerally);
 * anything that is not a UserFacingError is a bug and gets a generic apology.
 */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
