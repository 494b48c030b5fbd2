/**
 * Everything the coach says, in one place: warm, short, varied, and in our own words.
 * Variation is deterministic (a seed picks the phrasing) so the domain stays pure and tests stay stable.
 */
import type { Effect, Milestone, Outcome } from './coach.js';
import { FNV_OFFSET_BASIS, fnv1a } from './hash.js';
import type { Trend } from './progress.js';
import type { Severity } from './severity.js';
import { STAGE_RULES, stageInfo, type StageId } from './stages.js';

/** A stable small hash of the parts, to pick phrasings. */
export function seedFrom(...parts: readonly (string | number)[]): number {
  let hash = FNV_OFFSET_BASIS;
  // A marker after each part, so ('ab', 'c') and ('a', 'bc') pick differently.
  for (const part of parts) hash = fnv1a(String(part), hash) ^ 0x7c;
  return hash >>> 0;
}

/** One of the options, chosen by the seed. */
export function pick<T>(options: readonly [T, ...T[]], seed: number): T {
  return options[seed % options.length] ?? options[0];
}

export const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  win: '🌱',
  mild: '🟡',
  moderate: '🟠',
  severe: '🔴',
  pain: '🩺',
};

/**
 * One read-back line: "• ears flat — moderate", so owners learn the scale. A signal the method expects at the
 * stage is not graded: "• stiff-legged walk — expected at this stage".
 */
export function readBackLine(label: string, severity: Severity, expected: boolean): string {
  return expected ? `• ${label} — expected at this stage` : `• ${label} — ${severity}`;
}

const OUTCOME_HEADLINES: Readonly<Record<Outcome, readonly [string, ...string[]]>> = {
  good: [
    'Lovely session. That counts as a good day.',
    'That went well. Small and calm is exactly right.',
    'Nice work, both of you. A good one for the book.',
    'A calm, happy session. This is how progress looks.',
  ],
  neutral: [
    'Logged. Every bit of practice helps, even the quiet ones.',
    'Thanks for logging. Not every session has to be a big one.',
    'Noted. Showing up is the habit that matters.',
  ],
  stop: [
    'Your cat was telling you something today, and you listened. That is the method working.',
    'Time to stop for today. Stopping early is a skill, not a setback.',
    'That was a lot for your cat. Stopping here keeps their trust.',
  ],
  step_back: [
    'We will take one step back. Going back is part of the method, not a failure.',
    'A step back today. Cats learn in loops, and this loop ends with a happier cat.',
    'Back one stage for now. You are building trust, and that never goes to waste.',
  ],
  pain: [
    'Thanks for logging. Some of what you saw sounds like it could be pain rather than nerves.',
    'Logged. A few things you noticed are worth a vet’s eyes before more training.',
  ],
};

/** The first line of a /log reply. */
export function outcomeHeadline(outcome: Outcome, seed: number): string {
  return pick(OUTCOME_HEADLINES[outcome], seed);
}

const MILESTONE_TEXT: Readonly<Record<Milestone, string>> = {
  first_session: 'First session logged. Every journey starts with one of these.',
  first_outdoors: 'First time outside! However long it lasted, it counts.',
  first_sniff_outdoors: 'First sniffing outdoors: a few seconds of that is a huge win.',
  goal_reached: 'Outdoor explorer reached. Keep the outings calm and keep logging them.',
};

/** The line that celebrates a milestone (also used for automatic posts). */
export function milestoneText(milestone: Milestone): string {
  return MILESTONE_TEXT[milestone];
}

const STOP_LINES = [
  'Go back to the last step your cat enjoyed, and end the next session there with a treat.',
  'Next time, return to the step that felt easy, and stay there a little longer.',
  'Tomorrow, pick the last step that went smoothly and make it short and sweet.',
] as const;

const COMFORT_LINES = [
  'Back to the previous stage. Your cat is not behind: they are telling you the pace that works.',
  'One stage back. Going slower now usually means going further later.',
  'We stepped back a stage. Plenty of cats do this a few times, and they get there.',
] as const;

const FIRST_STAGE_COMFORT = [
  'We are already at the very first stage, so we stay here and keep it easy for a few days.',
  'This is the first stage, so nothing to undo: keep the harness boring and let time work.',
] as const;

/** The line for one effect of a transition (null for effects that need no words). */
export function effectLine(effect: Effect, seed: number): string | null {
  switch (effect.type) {
    case 'goodDayCounted':
      return effect.needed === null
        ? `Good days at this stage: ${effect.goodDays}.`
        : `Good days at this stage: ${Math.min(effect.goodDays, effect.needed)}/${effect.needed}.`;
    case 'offerNextStage':
      return `Your cat looks ready for **${stageInfo(effect.to).name}**. Move on whenever you both are, or stay a little longer: your call.`;
    case 'stopSession':
      return pick(STOP_LINES, seed);
    case 'stepBack':
      return effect.from === effect.to
        ? pick(FIRST_STAGE_COMFORT, seed)
        : `${pick(COMFORT_LINES, seed)} Now: **${stageInfo(effect.to).name}**.`;
    case 'stageChanged':
      return effect.reason === 'step_back'
        ? null
        : `Now at **${stageInfo(effect.to).name}** (${stageInfo(effect.to).position}/8).`;
    case 'suggestVet':
      return 'Limping, a hunched squint, crying out when touched or not eating can mean pain. Please check with your vet before the next session.';
    case 'slowDown':
      return 'We have stepped back a few times now, so let us slow right down. Not every cat wants to walk outside, and that is fine: a window perch, a catio or more play at home are good outcomes too.';
    case 'keepItShort':
      return `Tip: at this stage, sessions of ${effect.suggestedMaxMinutes} minutes or less work best. Stop while it is still going well.`;
    case 'upheavalWarning':
      return 'It sounds like today already had a lot going on. New steps go better on a quiet day; there is no rush.';
    case 'milestone':
      return `🎉 ${milestoneText(effect.milestone)}`;
  }
}

/** Today's tiny step for a stage, varied by the seed. */
export function nextTinyStep(stage: StageId, seed: number): string {
  const steps = stageInfo(stage).steps;
  return steps[seed % steps.length] ?? steps[0] ?? stageInfo(stage).ownerDoes;
}

/** A short line on how long sessions should be at this stage. */
export function sessionLengthHint(stage: StageId): string {
  const max = STAGE_RULES[stage].suggestedMaxMinutes;
  return max >= 60
    ? 'Keep it relaxed and let your cat set the length.'
    : `Keep it under ${max} minutes and end on a high note.`;
}

const TREND_TEXT: Readonly<Record<Trend, string>> = {
  calmer: 'Calmer than before 📉',
  steady: 'Steady',
  more_stress: 'A bit more stress lately: slow down and keep sessions short',
  too_early: 'Too early to tell',
};

export function trendText(trend: Trend): string {
  return TREND_TEXT[trend];
}

/** What the reply says when nothing in the text was recognised. */
export const NOTHING_RECOGNISED =
  'I did not recognise any signals or wins in that, so I kept it all as a note. Try words like "sniffed", "ears flat" or "hissed".';

/** Kind replies to an offer decision. */
export function offerAcceptedLine(to: StageId, seed: number): string {
  return pick(
    [
      `On to **${stageInfo(to).name}**! Start tiny: ${nextTinyStep(to, seed)}`,
      `Moving on to **${stageInfo(to).name}**. First step: ${nextTinyStep(to, seed)}`,
    ],
    seed,
  );
}

export function offerDeclinedLine(seed: number): string {
  return pick(
    [
      'Staying a little longer is a great choice. I will ask again after a couple more good days.',
      'No rush at all. We will keep practising here and check again soon.',
    ],
    seed,
  );
}

export const CHECK_IN_OPENERS = [
  'Good day! Here is today’s tiny step.',
  'Hello! A small step for today, if you have a few minutes.',
  'Time for a little practice, whenever suits you today.',
  'Here is one tiny thing to try today.',
] as const;

export const NUDGE_LINES = [
  'It has been a few quiet days, and that is okay. If you have two minutes today, here is a tiny step.',
  'No pressure: whenever you are ready, a short, easy session is a lovely way back in.',
  'Just a gentle hello. Even one minute with the harness nearby counts.',
] as const;

export const AUTO_PAUSE_TEXT =
  'It has been quiet for a while, so I have paused the daily check-ins. Use /checkin resume whenever you want them back. Your cats’ progress is kept safe.';

/** The text of an automatic stage-up post in a wins channel (plain text: the view carries the stage). */
export function stageUpPostText(to: StageId, seed: number): string {
  const name = stageInfo(to).name;
  return pick(
    [
      `Moved up to a new stage: ${name}. One tiny step at a time!`,
      `New stage unlocked: ${name}. Patience is paying off.`,
      `On to ${name}! Small, calm steps got them here.`,
    ],
    seed,
  );
}

const DIGEST_TREND: Readonly<Record<Trend, string | null>> = {
  calmer: 'Calmer sessions this week: stress signs went down as the days went on. 📉',
  steady: 'Steady, patient practice all week.',
  more_stress: 'A few tougher sessions later in the week. Short, easy steps are always the right call.',
  too_early: null,
};

/** The weekly digest's one line on how the community's sessions went (null: not enough to say). */
export function digestTrendLine(trend: Trend): string | null {
  return DIGEST_TREND[trend];
}

// Community settings and sharing. `channel` is however the transport names a channel in text (on
// Discord, a mention like <#123>), so these words know no transport.

/** What the owner is told after sharing a win. */
export function shareConfirmation(channel: string, photoFailed: boolean): string {
  return photoFailed
    ? `Shared in ${channel}! 🎉 I could not download your photo, so I posted the words without it. You can share the photo again in a moment.`
    : `Shared in ${channel}! 🎉 Thank you for celebrating the small wins.`;
}

/** /share auto: `servers` is how many servers with a wins channel the owner uses the bot in. */
export function autoShareText(enabled: boolean, servers: number): string {
  return enabled
    ? `Automatic posts are on: stage-ups and milestones will be celebrated in the wins channel of the servers where you use me (${servers} so far). Turn them off any time with \`/share auto enabled:false\`.`
    : 'Automatic posts are off. Your progress stays between you and me unless you `/share win` it.';
}

/** /community set, done. */
export function winsChannelSet(channel: string): string {
  return (
    `Wins will be posted in ${channel}, and the weekly digest goes there too. ` +
    'Members can share with `/share win`, and opt in to automatic milestone posts with `/share auto`.'
  );
}

/** /community off: `previous` is the channel that was in use, or null when posts were already off. */
export function winsChannelOff(previous: string | null): string {
  return previous === null
    ? 'Community posts are already off in this server.'
    : `Done: I will no longer post wins or the weekly digest in ${previous}. Turn it back on with \`/community set\`.`;
}

/** /community status. */
export function communityStatusText(
  channel: string | null,
  weekKey: string,
  wins: number,
  milestones: number,
): string {
  const where =
    channel === null
      ? 'No wins channel yet: a server manager can set one with `/community set`.'
      : `Wins channel: ${channel}.`;
  return `${where}\nThis week (${weekKey}): ${wins} shared ${wins === 1 ? 'win' : 'wins'}, ${milestones} ${milestones === 1 ? 'milestone' : 'milestones'}.`;
}

/** 'a', 'a and b', 'a, b and c'. */
function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** /community set on a channel where the bot lacks permissions; `missing` are readable names. */
export function botMissingPermissions(channel: string, missing: readonly string[]): string {
  return (
    `I can't post in ${channel} yet: I'm missing ${listWords(missing)} there. ` +
    'Give me those in the channel settings, then run `/community set` again.'
  );
}

/** A post to the wins channel was refused for lack of access. */
export const WINS_CHANNEL_NO_ACCESS =
  "I can't post in this server's wins channel. A server manager should check that I can view it, " +
  'send messages, embed links and attach files there.';

// Daily check-ins (src/services/checkInSettings.ts, checkInRun.ts)

const CHECK_IN_HINTS = [
  'Tap **Logged a session** when you have practised, or **Skipped today** if not: both help me pace things.',
  'A minute or two is plenty. Let me know how it went with the buttons below.',
  'Stop while it is still going well, then tell me about it with **Logged a session**.',
] as const;

/** The small line under a check-in; owners without a cat are pointed to /cat add. */
export function checkInHint(hasCats: boolean, seed: number): string {
  return hasCats
    ? pick(CHECK_IN_HINTS, seed)
    : 'Add your cat with `/cat add` and I will bring a tiny step for them here each day.';
}

/** The short DM sent by /checkin set, so closed DMs are found at once. */
export function checkInConfirmText(time: string, timezone: string): string {
  return `All set! I will check in here every day at ${time} (${timezone}). Need a break? \`/checkin pause\` any time.`;
}

const SKIP_LINES = [
  'No problem: rest days are part of the method. See you tomorrow.',
  'Skipping is fine. A calm cat today beats a rushed session.',
  'Noted, and no pressure. Tomorrow is another tiny step.',
] as const;

/** The reply to "Skipped today". */
export function skipTodayLine(seed: number): string {
  return pick(SKIP_LINES, seed);
}

/** The reply to a pause; untilLocal is the owner's local time the pause ends, or null (until resumed). */
export function pausedLine(untilLocal: string | null): string {
  return untilLocal === null
    ? 'Check-ins are paused until you turn them back on with `/checkin resume`. Your progress is kept safe.'
    : `Check-ins are paused until ${untilLocal}. Enjoy the break; your progress is kept safe.`;
}

/** The reply to /checkin resume. */
export function resumedLine(nextLocal: string | null): string {
  return nextLocal === null
    ? 'Welcome back! Check-ins are on again.'
    : `Welcome back! Your next check-in is ${nextLocal}.`;
}
