import { pausedLine, resumedLine } from '../../domain/words.js';
import type {
  CheckInStatusView,
  PauseView,
  ResumeView,
  SetCheckInView,
} from '../../services/checkInSettings.js';
import { NO_MENTIONS } from './common.js';

/** The reply to /checkin pause and the check-in's Pause button. */
export function renderPaused(view: PauseView): string {
  return pausedLine(view.untilLocal);
}

/** The reply to /checkin resume. */
export function renderResumed(view: ResumeView): string {
  return resumedLine(view.nextLocal);
}

export function renderCheckInSet(view: SetCheckInView, dmsOpen: boolean) {
  const lines = [
    `Daily check-ins at **${view.time}** (${view.timezone}). The next one: **${view.nextLocal}**.`,
  ];
  if (view.resumed) lines.push('That also ended your pause.');
  lines.push(
    dmsOpen
      ? 'I just sent you a short DM to make sure I can reach you.'
      : '⚠️ I could not DM you, so check-ins cannot arrive yet. Allow direct messages from this server (Privacy Settings), then run `/checkin resume`.',
  );
  return { content: lines.join('\n'), allowedMentions: NO_MENTIONS };
}

export function renderCheckInStatus(view: CheckInStatusView) {
  if (!view.enabled) {
    return {
      content: 'Check-ins are not set up yet. Try `/checkin set time:19:00 timezone:Europe/Berlin`.',
      allowedMentions: NO_MENTIONS,
    };
  }
  const lines = [`Daily at **${view.time ?? '?'}** (${view.timezone ?? 'UTC'}).`];
  if (view.paused) {
    const until = view.pausedUntilLocal === null ? 'until you resume' : `until ${view.pausedUntilLocal}`;
    lines.push(
      `Paused ${until}${view.pausedReason === 'silence' ? ' (I paused them after a long quiet spell)' : ''}. \`/checkin resume\` brings them back.`,
    );
  } else if (view.nextLocal !== null) {
    lines.push(`Next check-in: **${view.nextLocal}**.`);
  }
  lines.push(
    view.dmsReachable
      ? 'I can reach you by DM. ✅'
      : '⚠️ Your DMs were closed last time I tried. Open them and run `/checkin resume`.',
  );
  return { content: lines.join('\n'), allowedMentions: NO_MENTIONS };
}
