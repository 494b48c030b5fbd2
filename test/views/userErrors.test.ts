import { describe, expect, it } from 'vitest';
import { renderUserError, userErrorText } from '../../src/discord/views/userErrors.js';
import { UserFacingError, type UserErrorCode, type UserProblem } from '../../src/services/errors.js';
import { LIMITS } from '../../src/services/limits.js';

type DataOf<C extends UserErrorCode> = Extract<UserProblem, { code: C }>['data'];

const WINS = '400000000000000001';

/**
 * Every code (the mapped type makes a missing one a compile error), each of its variants, and the exact
 * words owners saw when the services still worded their errors themselves.
 */
const WORDS: { [C in UserErrorCode]: readonly (readonly [DataOf<C>, string])[] } = {
  unknown_cat: [
    [
      { names: ['Mochi', 'Momo', 'Tofu'] },
      'I could not find a cat called that. Your cats: **Mochi**, **Momo**, **Tofu**.',
    ],
    [
      { names: ['Mochi'], sharedNames: ['Miso'] },
      'I could not find a cat called that. Your cats: **Mochi**, and **Miso** (shared with you).',
    ],
    [
      { names: [], sharedNames: ['Miso'] },
      'I could not find a cat called that. Your cats: **Miso** (shared with you).',
    ],
  ],
  ambiguous_cat: [
    [
      { reason: 'none_named', names: ['Mochi', 'Tofu'] },
      'Which cat? You have **Mochi**, **Tofu**. Pick one in the `cat` option.',
    ],
    [
      { reason: 'several_match', names: ['Mochi', 'Momo'] },
      'More than one cat matches that: **Mochi**, **Momo**. Which one did you mean?',
    ],
    [
      { reason: 'none_named', names: ['Mochi'], sharedNames: ['Miso'] },
      'Which cat? You have **Mochi**, and **Miso** (shared with you). Pick one in the `cat` option.',
    ],
    [
      { reason: 'several_match', names: [], sharedNames: ['Miso', 'Miso'] },
      'More than one cat matches that: **Miso**, **Miso** (shared with you). Pick the one you mean from the list as you type.',
    ],
  ],
  no_cats: [
    [{ from: 'command' }, 'You have no cats here yet. Add one with `/cat add name:<name>` to get started.'],
    [{ from: 'check_in_button' }, 'You have no cats here any more. Add one with `/cat add` to log sessions.'],
  ],
  duplicate_cat: [[{ name: 'Mochi' }, 'You already have a cat called **Mochi**. Try another name.']],
  invalid_name: [
    [{ reason: 'empty' }, 'Please give your cat a name with at least one letter or number.'],
    [
      { reason: 'too_long', max: LIMITS.catName },
      'That name is a bit long: please keep it to 32 characters.',
    ],
    [
      { reason: 'markup' },
      'Please leave out @, <, >, #, backticks and formatting marks (* _ ~ |) in cat names, so they show up nicely everywhere.',
    ],
  ],
  invalid_stage: [[{}, 'Please pick a stage from the list.']],
  too_many_cats: [
    [{ max: LIMITS.catsPerOwner }, 'You can coach up to 20 cats here. Remove one to add another.'],
  ],
  invalid_minutes: [
    [
      { min: LIMITS.minMinutes, max: LIMITS.maxMinutes, from: 'option' },
      'Minutes should be a whole number from 1 to 240. Short sessions are best anyway!',
    ],
    [
      { min: LIMITS.minMinutes, max: LIMITS.maxMinutes, from: 'form' },
      'Minutes should be a whole number from 1 to 240, like 5. Nothing was logged; try the button again.',
    ],
  ],
  text_too_long: [
    [
      { field: 'what', max: LIMITS.what },
      'That is a lot to read! Please keep `what` to 1000 characters and put the rest in `note`.',
    ],
    [
      { field: 'note', max: LIMITS.note },
      'Notes can be up to 500 characters. Could you shorten it a little?',
    ],
    [
      { field: 'message', max: LIMITS.shareMessage },
      'Wins can be up to 500 characters. Could you shorten it a little?',
    ],
  ],
  empty_text: [
    [{ field: 'what' }, 'Tell me what happened in `what`, e.g. "sniffed the harness, took a treat".'],
    [
      { field: 'message' },
      'Tell everyone what happened in `message`, e.g. "Mochi sniffed the grass for a whole minute!".',
    ],
  ],
  invalid_time: [[{}, 'I could not read that time. Use 24-hour HH:MM, like 07:30 or 19:00.']],
  invalid_timezone: [
    [
      {},
      'I do not know that time zone. Pick one from the list as you type: a name like Europe/Berlin or America/New_York.',
    ],
  ],
  invalid_days: [
    [
      { min: 1, max: LIMITS.maxPauseDays },
      'Pause for a whole number of days from 1 to 60, or leave `days` out to pause until you resume.',
    ],
  ],
  not_your_button: [
    [
      { button: 'offer' },
      'These buttons belong to the owner who logged the session. Use `/log` for your own cats.',
    ],
    [{ button: 'owner' }, 'These buttons belong to someone else. Your own cats are a `/cat list` away.'],
  ],
  stale_button: [
    [{ reason: 'cat_gone' }, 'That cat is already gone, or is not yours. Nothing was changed.'],
    [{ reason: 'offer_cat_gone' }, 'That cat is no longer here, so there is nothing to decide.'],
    [
      { reason: 'offer_answered', catName: 'Mochi', stage: 'harness_scenery' },
      'This offer has already been answered: **Mochi** is at **Make the harness boring**. See `/progress` for where things stand.',
    ],
    [{ reason: 'old_button' }, 'That button is out of date. Use `/log` instead.'],
    [{ reason: 'old_form' }, 'That form is out of date. Use `/log` instead.'],
  ],
  no_wins_channel: [
    [
      { reason: 'not_set', isAdmin: true },
      'This server has no wins channel yet. Run `/community set channel:#…` to choose one, then share again.',
    ],
    [
      { reason: 'not_set', isAdmin: false },
      'This server has no wins channel yet. Ask a server manager to run `/community set`, then share again.',
    ],
    [
      { reason: 'gone' },
      'The wins channel seems to be gone. Ask a server manager to choose a new one with `/community set`.',
    ],
  ],
  missing_permission: [
    [
      { reason: 'not_manager', action: 'set_wins_channel' },
      'Only server managers (Manage Server) can choose the wins channel.',
    ],
    [
      { reason: 'not_manager', action: 'disable_wins' },
      'Only server managers (Manage Server) can turn off community posts.',
    ],
    [
      { reason: 'wins_channel_no_access' },
      "I can't post in this server's wins channel. A server manager should check that I can view it, send messages, embed links and attach files there.",
    ],
    [
      { reason: 'bot_missing', channelId: WINS, missing: ['SendMessages', 'AttachFiles'] },
      `I can't post in <#${WINS}> yet: I'm missing Send Messages and Attach Files there. Give me those in the channel settings, then run \`/community set\` again.`,
    ],
  ],
  bad_photo: [
    [
      { reason: 'too_big', maxMb: 8 },
      'Photos can be up to 8 MB. Could you share a smaller one (a screenshot of it works too)?',
    ],
    [
      { reason: 'not_an_image' },
      "That file isn't an image I can post. Please attach a PNG, JPEG, GIF or WebP photo.",
    ],
  ],
  not_set_up: [
    [{}, 'You have no daily check-in yet. Set one with `/checkin set time:19:00 timezone:Europe/Berlin`.'],
  ],
  owner_only: [
    [
      { action: 'rename', catName: 'Miso' },
      "Only **Miso**'s owner can rename them. As a co-owner you can log sessions and see their progress.",
    ],
    [
      { action: 'remove', catName: 'Miso' },
      "Only **Miso**'s owner can remove them. To take **Miso** off your own list, use `/cat unshare` with yourself as the user.",
    ],
    [
      { action: 'stage', catName: 'Miso' },
      "Only **Miso**'s owner can set their stage by hand. Keep logging: I will offer the next stage when they are ready.",
    ],
    [
      { action: 'share', catName: 'Miso' },
      "Only **Miso**'s owner can share them with more people. Ask them to run `/cat share`.",
    ],
    [
      { action: 'unshare_other', catName: 'Miso' },
      "Only **Miso**'s owner can take other people off. You can take yourself off with `/cat unshare` and yourself as the user.",
    ],
    [
      { action: 'offer', catName: 'Miso' },
      "Moving **Miso** on to the next stage is their owner's call: the offer waits for them in `/progress`.",
    ],
  ],
  cannot_share: [
    [{ reason: 'self' }, 'That is you! Pick the person you train with in the `user` option.'],
    [{ reason: 'bot' }, 'Bots cannot train cats, sadly. Pick a person in the `user` option.'],
  ],
  too_many_co_owners: [
    [
      { max: LIMITS.coOwnersPerCat, catName: 'Miso' },
      '**Miso** is already shared with 5 people, the most I allow. Take someone off with `/cat unshare` to add someone new.',
    ],
  ],
  not_co_owner: [
    [
      { reason: 'owner', catName: 'Miso' },
      'You own **Miso**, so there is nothing to take you off. To stop coaching them, use `/cat remove`.',
    ],
    [
      { reason: 'not_shared', catName: 'Miso' },
      '**Miso** is not shared with that person, so nothing changed.',
    ],
  ],
  cat_unshared: [
    [
      { catName: 'Miso' },
      '**Miso** is no longer shared with you, so I cannot log or show anything for them now. If that is a surprise, their owner can share them again with `/cat share`.',
    ],
  ],
};

const cases = Object.entries(WORDS).flatMap(([code, variants]) =>
  variants.map(([data, text]) => ({ problem: { code, data } as UserProblem, text })),
);

describe('user error words', () => {
  it.each(cases)('$problem.code $problem.data', ({ problem, text }) => {
    expect(userErrorText(problem)).toBe(text);
  });

  it('renders a thrown error by its problem; its own message is only the code', () => {
    const error = new UserFacingError({ code: 'duplicate_cat', data: { name: 'Mochi' } });
    expect(renderUserError(error)).toBe('You already have a cat called **Mochi**. Try another name.');
    expect(error.message).toBe('duplicate_cat');
    expect(error.code).toBe('duplicate_cat');
  });
});
