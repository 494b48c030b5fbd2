import { AttachmentBuilder, EmbedBuilder, time, TimestampStyles, userMention } from 'discord.js';
import { SEVERITY_EMOJI } from '../../domain/words.js';
import type { ProgressView } from '../../services/progress.js';
import { offerButtons, ownerDecidesLine } from './logReply.js';
import { clip, COLOURS, DISCORD_LIMITS, NO_MENTIONS, ownerText } from './common.js';
import { renderProgressChart } from './progressChart.js';

const CHART_NAME = 'journey.png';

/** The /progress reply: stage, evidence, streak, trend, recent sessions, next step and the chart. */
export function renderProgress(view: ProgressView) {
  const evidence =
    view.goodDaysNeeded === null
      ? `${view.goodDays} good days here. This is the goal: keep enjoying it.`
      : `${Math.min(view.goodDays, view.goodDaysNeeded)}/${view.goodDaysNeeded} good days toward the next stage`;
  const recent =
    view.recent.length === 0
      ? 'No sessions yet. Log the first with `/log`.'
      : view.recent
          .map((s) => {
            const mark = s.worst === null ? '▫️' : SEVERITY_EMOJI[s.worst];
            const mins = s.minutes === null ? '' : ` · ${s.minutes} min`;
            // Households: who logged it, once more than one person has logged for this cat.
            const by = view.showAuthors ? ` · ${userMention(s.loggedBy)}` : '';
            return `${mark} ${time(s.at, TimestampStyles.ShortDate)}${mins}${by} · ${ownerText(s.summary, 120)}`;
          })
          .join('\n');
  const embed = new EmbedBuilder()
    .setColor(COLOURS.brand)
    .setTitle(
      clip(`${view.catName} · ${view.stage.name} (${view.stage.position}/8)`, DISCORD_LIMITS.embedTitle),
    )
    .setDescription(
      `${view.daysAtStage === 0 ? 'Started this stage today' : `${view.daysAtStage} days at this stage`} · ${evidence}`,
    )
    .addFields(
      {
        name: 'Streak',
        value: `${view.streak} ${view.streak === 1 ? 'day' : 'days'} of practice`,
        inline: true,
      },
      { name: 'Trend', value: view.trendText, inline: true },
      { name: 'Sessions', value: String(view.totalSessions), inline: true },
      { name: 'Recent sessions', value: clip(recent, DISCORD_LIMITS.fieldValue) },
      {
        name: 'Next tiny step',
        value: clip(`${view.nextStep} ${view.lengthHint}`, DISCORD_LIMITS.fieldValue),
      },
    )
    .setImage(`attachment://${CHART_NAME}`)
    .setFooter({ text: `Times in ${view.timezone}` });
  const chart = renderProgressChart({
    catName: view.catName,
    now: view.chart.now,
    createdAt: view.chart.createdAt,
    sessions: view.chart.sessions,
    stageChanges: view.chart.stageChanges,
    currentStage: view.stage.id,
    timeZone: view.timezone,
  });
  const offered = view.offerPending && view.nextStage !== null;
  if (offered && view.sharedBy !== null) {
    embed.addFields({ name: 'Next stage', value: ownerDecidesLine(view.sharedBy) });
  }
  const offer =
    offered && view.sharedBy === null
      ? [offerButtons({ catId: view.catId, from: view.stage.id, to: view.nextStage })]
      : [];
  return {
    embeds: [embed],
    files: [
      new AttachmentBuilder(chart, {
        name: CHART_NAME,
        description: `Training journey of ${clip(view.catName, 100)}`,
      }),
    ],
    components: offer,
    allowedMentions: NO_MENTIONS,
  };
}
