/**
 * The words for every UserFacingError: services hand over a code and facts, and here they become the
 * text the owner reads, with command names and **bold** cat names. The switches are exhaustive, so a new
 * code (or reason) does not compile until it has its words.
 */
import { stageInfo } from '../../domain/stages.js';
import { WINS_CHANNEL_NO_ACCESS } from '../../domain/words.js';
import type { UserFacingError, UserProblem } from '../../services/errors.js';
import { botMissingReply } from './communityReplies.js';

type DataOf<C extends UserProblem['code']> = Extract<UserProblem, { code: C }>['data'];

function bold(names: readonly string[]): string {
  return names.map((name) => `**${name}**`).join(', ');
}

function noCats(data: DataOf<'no_cats'>): string {
  switch (data.from) {
    case 'command':
      return 'You have no cats here yet. Add one with `/cat add name:<name>` to get started.';
    case 'check_in_button':
      return 'You have no cats here any more. Add one with `/cat add` to log sessions.';
  }
}

/** The caller's cats, and (households) the cats shared with them, marked. */
function catNames(data: {
  readonly names: readonly string[];
  readonly sharedNames?: readonly string[];
}): string {
  const shared = data.sharedNames ?? [];
  if (shared.length === 0) return bold(data.names);
  const marked = `${bold(shared)} (shared with you)`;
  return data.names.length === 0 ? marked : `${bold(data.names)}, and ${marked}`;
}

function ambiguousCat(data: DataOf<'ambiguous_cat'>): string {
  switch (data.reason) {
    case 'none_named':
      return `Which cat? You have ${catNames(data)}. Pick one in the \`cat\` option.`;
    case 'several_match':
      return (data.sharedNames ?? []).length === 0
        ? `More than one cat matches that: ${catNames(data)}. Which one did you mean?`
        : `More than one cat matches that: ${catNames(data)}. Pick the one you mean from the list as you type.`;
  }
}

function ownerOnly(data: DataOf<'owner_only'>): string {
  const cat = `**${data.catName}**`;
  switch (data.action) {
    case 'rename':
      return `Only ${cat}'s owner can rename them. As a co-owner you can log sessions and see their progress.`;
    case 'remove':
      return `Only ${cat}'s owner can remove them. To take ${cat} off your own list, use \`/cat unshare\` with yourself as the user.`;
    case 'stage':
      return `Only ${cat}'s owner can set their stage by hand. Keep logging: I will offer the next stage when they are ready.`;
    case 'share':
      return `Only ${cat}'s owner can share them with more people. Ask them to run \`/cat share\`.`;
    case 'unshare_other':
      return `Only ${cat}'s owner can take other people off. You can take yourself off with \`/cat unshare\` and yourself as the user.`;
    case 'offer':
      return `Moving ${cat} on to the next stage is their owner's call: the offer waits for them in \`/progress\`.`;
  }
}

function cannotShare(data: DataOf<'cannot_share'>): string {
  switch (data.reason) {
    case 'self':
      return 'That is you! Pick the person you train with in the `user` option.';
    case 'bot':
      return 'Bots cannot train cats, sadly. Pick a person in the `user` option.';
  }
}

function notCoOwner(data: DataOf<'not_co_owner'>): string {
  switch (data.reason) {
    case 'owner':
      return `You own **${data.catName}**, so there is nothing to take you off. To stop coaching them, use \`/cat remove\`.`;
    case 'not_shared':
      return `**${data.catName}** is not shared with that person, so nothing changed.`;
  }
}

function invalidName(data: DataOf<'invalid_name'>): string {
  switch (data.reason) {
    case 'empty':
      return 'Please give your cat a name with at least one letter or number.';
    case 'too_long':
      return `That name is a bit long: please keep it to ${String(data.max)} characters.`;
    case 'markup':
      return 'Please leave out @, <, >, #, backticks and formatting marks (* _ ~ |) in cat names, so they show up nicely everywhere.';
  }
}

function invalidMinutes(data: DataOf<'invalid_minutes'>): string {
  const range = `Minutes should be a whole number from ${String(data.min)} to ${String(data.max)}`;
  switch (data.from) {
    case 'option':
      return `${range}. Short sessions are best anyway!`;
    case 'form':
      return `${range}, like 5. Nothing was logged; try the button again.`;
  }
}

function textTooLong(data: DataOf<'text_too_long'>): string {
  const max = String(data.max);
  switch (data.field) {
    case 'what':
      return `That is a lot to read! Please keep \`what\` to ${max} characters and put the rest in \`note\`.`;
    case 'note':
      return `Notes can be up to ${max} characters. Could you shorten it a little?`;
    case 'message':
      return `Wins can be up to ${max} characters. Could you shorten it a little?`;
  }
}

function emptyText(data: DataOf<'empty_text'>): string {
  switch (data.field) {
    case 'what':
      return 'Tell me what happened in `what`, e.g. "sniffed the harness, took a treat".';
    case 'message':
      return 'Tell everyone what happened in `message`, e.g. "Mochi sniffed the grass for a whole minute!".';
  }
}

function notYourButton(data: DataOf<'not_your_button'>): string {
  switch (data.button) {
    case 'offer':
      return 'These buttons belong to the owner who logged the session. Use `/log` for your own cats.';
    case 'owner':
      return 'These buttons belong to someone else. Your own cats are a `/cat list` away.';
  }
}

function staleButton(data: DataOf<'stale_button'>): string {
  switch (data.reason) {
    case 'cat_gone':
      return 'That cat is already gone, or is not yours. Nothing was changed.';
    case 'offer_cat_gone':
      return 'That cat is no longer here, so there is nothing to decide.';
    case 'offer_answered':
      return `This offer has already been answered: **${data.catName}** is at **${stageInfo(data.stage).name}**. See \`/progress\` for where things stand.`;
    case 'old_button':
      return 'That button is out of date. Use `/log` instead.';
    case 'old_form':
      return 'That form is out of date. Use `/log` instead.';
  }
}

function noWinsChannel(data: DataOf<'no_wins_channel'>): string {
  switch (data.reason) {
    case 'not_set':
      return data.isAdmin
        ? 'This server has no wins channel yet. Run `/community set channel:#…` to choose one, then share again.'
        : 'This server has no wins channel yet. Ask a server manager to run `/community set`, then share again.';
    case 'gone':
      return 'The wins channel seems to be gone. Ask a server manager to choose a new one with `/community set`.';
  }
}

const MANAGER_ACTIONS = {
  set_wins_channel: 'choose the wins channel',
  disable_wins: 'turn off community posts',
} as const;

function missingPermission(data: DataOf<'missing_permission'>): string {
  switch (data.reason) {
    case 'not_manager':
      return `Only server managers (Manage Server) can ${MANAGER_ACTIONS[data.action]}.`;
    case 'wins_channel_no_access':
      return WINS_CHANNEL_NO_ACCESS;
    case 'bot_missing':
      return botMissingReply(data.channelId, data.missing);
  }
}

function badPhoto(data: DataOf<'bad_photo'>): string {
  switch (data.reason) {
    case 'too_big':
      return `Photos can be up to ${String(data.maxMb)} MB. Could you share a smaller one (a screenshot of it works too)?`;
    case 'not_an_image':
      return "That file isn't an image I can post. Please attach a PNG, JPEG, GIF or WebP photo.";
  }
}

/** The text an owner sees for a problem they can fix (sent ephemerally, with mentions disabled). */
export function userErrorText(problem: UserProblem): string {
  switch (problem.code) {
    case 'unknown_cat':
      return `I could not find a cat called that. Your cats: ${catNames(problem.data)}.`;
    case 'ambiguous_cat':
      return ambiguousCat(problem.data);
    case 'no_cats':
      return noCats(problem.data);
    case 'duplicate_cat':
      return `You already have a cat called **${problem.data.name}**. Try another name.`;
    case 'invalid_name':
      return invalidName(problem.data);
    case 'invalid_stage':
      return 'Please pick a stage from the list.';
    case 'too_many_cats':
      return `You can coach up to ${String(problem.data.max)} cats here. Remove one to add another.`;
    case 'invalid_minutes':
      return invalidMinutes(problem.data);
    case 'text_too_long':
      return textTooLong(problem.data);
    case 'empty_text':
      return emptyText(problem.data);
    case 'invalid_time':
      return 'I could not read that time. Use 24-hour HH:MM, like 07:30 or 19:00.';
    case 'invalid_timezone':
      return 'I do not know that time zone. Pick one from the list as you type: a name like Europe/Berlin or America/New_York.';
    case 'invalid_days':
      return `Pause for a whole number of days from ${String(problem.data.min)} to ${String(problem.data.max)}, or leave \`days\` out to pause until you resume.`;
    case 'not_your_button':
      return notYourButton(problem.data);
    case 'stale_button':
      return staleButton(problem.data);
    case 'no_wins_channel':
      return noWinsChannel(problem.data);
    case 'missing_permission':
      return missingPermission(problem.data);
    case 'bad_photo':
      return badPhoto(problem.data);
    case 'not_set_up':
      return 'You have no daily check-in yet. Set one with `/checkin set time:19:00 timezone:Europe/Berlin`.';
    case 'owner_only':
      return ownerOnly(problem.data);
    case 'cannot_share':
      return cannotShare(problem.data);
    case 'too_many_co_owners':
      return `**${problem.data.catName}** is already shared with ${String(problem.data.max)} people, the most I allow. Take someone off with \`/cat unshare\` to add someone new.`;
    case 'not_co_owner':
      return notCoOwner(problem.data);
    case 'cat_unshared':
      return `**${problem.data.catName}** is no longer shared with you, so I cannot log or show anything for them now. If that is a surprise, their owner can share them again with \`/cat share\`.`;
  }
}

/** The text for a thrown UserFacingError. */
export function renderUserError(error: UserFacingError): string {
  return userErrorText(error.problem);
}
