import type { StageId } from '../domain/stages.js';

/**
 * What an owner can fix, as facts: a code and the data the words need. Services know no wording, command
 * names or markdown; src/discord/views/userErrors.ts turns each one into the text the owner reads.
 */
export type UserProblem =
  | {
      readonly code: 'unknown_cat';
      /** names: the caller's own cats; sharedNames: cats shared with them (households), when there are any. */
      readonly data: { readonly names: readonly string[]; readonly sharedNames?: readonly string[] };
    }
  | {
      readonly code: 'ambiguous_cat';
      /** none_named: several cats and none typed; several_match: what was typed starts several names. */
      readonly data: {
        readonly reason: 'none_named' | 'several_match';
        readonly names: readonly string[];
        readonly sharedNames?: readonly string[];
      };
    }
  | {
      readonly code: 'no_cats';
      /** Where the owner met it: a command that needs a cat, or the check-in's "Logged a session" button. */
      readonly data: { readonly from: 'command' | 'check_in_button' };
    }
  | { readonly code: 'duplicate_cat'; readonly data: { readonly name: string } }
  | {
      readonly code: 'invalid_name';
      readonly data:
        | { readonly reason: 'empty' }
        | { readonly reason: 'too_long'; readonly max: number }
        | { readonly reason: 'markup' };
    }
  | { readonly code: 'invalid_stage'; readonly data: Record<string, never> }
  | { readonly code: 'too_many_cats'; readonly data: { readonly max: number } }
  | {
      readonly code: 'invalid_minutes';
      /** option: /log's minutes option; form: the check-in form's free-text field. */
      readonly data: { readonly min: number; readonly max: number; readonly from: 'option' | 'form' };
    }
  | {
      readonly code: 'text_too_long';
      readonly data: { readonly field: 'what' | 'note' | 'message'; readonly max: number };
    }
  | { readonly code: 'empty_text'; readonly data: { readonly field: 'what' | 'message' } }
  | { readonly code: 'invalid_time'; readonly data: Record<string, never> }
  | { readonly code: 'invalid_timezone'; readonly data: Record<string, never> }
  | { readonly code: 'invalid_days'; readonly data: { readonly min: number; readonly max: number } }
  | {
      readonly code: 'not_your_button';
      /** offer: a stage offer's buttons; owner: any other button or form made for one owner. */
      readonly data: { readonly button: 'offer' | 'owner' };
    }
  | {
      readonly code: 'stale_button';
      readonly data:
        | { readonly reason: 'cat_gone' }
        | { readonly reason: 'offer_cat_gone' }
        | { readonly reason: 'offer_answered'; readonly catName: string; readonly stage: StageId }
        | { readonly reason: 'old_button' }
        | { readonly reason: 'old_form' };
    }
  | {
      readonly code: 'no_wins_channel';
      /** not_set: the server never chose one (isAdmin: the caller could); gone: the chosen one was deleted. */
      readonly data: { readonly reason: 'not_set'; readonly isAdmin: boolean } | { readonly reason: 'gone' };
    }
  | {
      readonly code: 'missing_permission';
      readonly data:
        | { readonly reason: 'not_manager'; readonly action: 'set_wins_channel' | 'disable_wins' }
        | { readonly reason: 'wins_channel_no_access' }
        /** The bot lacks permissions in a channel; `missing` are discord.js permission names. */
        | { readonly reason: 'bot_missing'; readonly channelId: string; readonly missing: readonly string[] };
    }
  | {
      readonly code: 'bad_photo';
      readonly data:
        { readonly reason: 'too_big'; readonly maxMb: number } | { readonly reason: 'not_an_image' };
    }
  | { readonly code: 'not_set_up'; readonly data: Record<string, never> }
  // Households: a cat shared with co-owners.
  | {
      /** A co-owner tried what only the cat's owner may do. */
      readonly code: 'owner_only';
      readonly data: {
        readonly action: 'rename' | 'remove' | 'stage' | 'share' | 'unshare_other' | 'offer';
        readonly catName: string;
      };
    }
  | { readonly code: 'cannot_share'; readonly data: { readonly reason: 'self' | 'bot' } }
  | { readonly code: 'too_many_co_owners'; readonly data: { readonly max: number; readonly catName: string } }
  | {
      /** /cat unshare of someone who is not a co-owner: the owner themselves, or a person it is not shared with. */
      readonly code: 'not_co_owner';
      readonly data: { readonly reason: 'owner' | 'not_shared'; readonly catName: string };
    }
  /** The cat was shared with the caller once, and is no longer. */
  | { readonly code: 'cat_unshared'; readonly data: { readonly catName: string } };

export type UserErrorCode = UserProblem['code'];

/**
 * A problem the owner can act on. The view words it and shows it to them (ephemerally); its Error
 * message is the code, for logs only. Anything that is not a UserFacingError is a bug and gets a
 * generic apology.
 */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  readonly code: UserErrorCode;
  constructor(readonly problem: UserProblem) {
    super(problem.code);
    this.code = problem.code;
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
