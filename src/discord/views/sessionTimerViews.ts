import { ActionRowBuilder, ButtonBuilder, ButtonStyle, time, TimestampStyles } from 'discord.js';
import { pick, seedFrom } from '../../domain/words.js';
import type { SessionTimerDoneView } from '../../services/ports.js';
import type { SessionTimerStartView } from '../../services/sessionTimers.js';
import { encodeCustomId } from '../components/customId.js';
import { NO_MENTIONS } from './common.js';

/** The ephemeral "go" for /session start: how long, the stage's aim, and when I will say stop. */
export function renderSessionTimerStarted(view: SessionTimerStartView) {
  const length = view.suggested
    ? `**${String(view.minutes)} min** (a good length at this stage)`
    : `**${String(view.minutes)} min**`;
  const lines = [
    `⏱️ Go! ${length} with **${view.catName}** · ${view.stage.name} (${String(view.stage.position)}/8)`,
    `**Goal:** ${view.goal}`,
    `I will tell you to stop ${time(view.endsAt, TimestampStyles.RelativeTime)}. If ${view.catName} has had enough sooner, stop sooner: ending on a good moment matters more than the clock.`,
  ];
  if (view.replaced) {
    lines.push(`(This replaces the timer you had running for **${view.replaced.catName}**.)`);
  }
  return { content: lines.join('\n'), allowedMentions: NO_MENTIONS };
}

const HIGH_NOTES = [
  'One last treat while things are going well, then let them get on with their day.',
  'Finish with a treat while your cat is still relaxed: that calm ending is what they will remember.',
  'End it here with a treat, before they have had enough. Short and sweet is the whole trick.',
] as const;

/** "Time is up", as a follow-up or a DM: stop on a high note, and a button that opens the log form. */
export function renderSessionTimerDone(view: SessionTimerDoneView) {
  const highNote = pick(HIGH_NOTES, seedFrom(view.catId, view.endsAt.getTime()));
  const opening = view.late
    ? `⏰ Your ${String(view.minutes)} minutes with **${view.catName}** ended ${time(view.endsAt, TimestampStyles.RelativeTime)}; sorry, I could not tell you on time. If you are still at it, stop now.`
    : `⏰ Time is up for **${view.catName}**: stop now, on a high note.`;
  const button = new ButtonBuilder()
    .setCustomId(
      encodeCustomId({ kind: 'timerLog', ownerId: view.ownerId, catId: view.catId, minutes: view.minutes }),
    )
    .setStyle(ButtonStyle.Primary)
    .setLabel('Log it');
  return {
    content: [opening, highNote, 'Tap **Log it** to note how it went.'].join('\n'),
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button).toJSON()],
    allowed_mentions: NO_MENTIONS,
  };
}
