import { DiscordAPIError, REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../src/discord/components/customId.js';
import { createDiscordNotifier, toDeliveryError } from '../../src/discord/notifier.js';
import { readReplyHandle, replyHandleOf } from '../../src/discord/replyHandle.js';
import {
  renderSessionTimerDone,
  renderSessionTimerStarted,
} from '../../src/discord/views/sessionTimerViews.js';
import { DeliveryError, type SessionTimerDoneView } from '../../src/services/ports.js';

const OWNER = '123456789012345678';
const ENDS = new Date('2026-11-25T09:05:00Z');

const done = (late: boolean): SessionTimerDoneView => ({
  ownerId: OWNER,
  catId: 7,
  catName: 'Mochi',
  minutes: 5,
  endsAt: ENDS,
  late,
});

describe('session timer views', () => {
  it('says go with the goal and a Discord timestamp, and names the timer it replaced', () => {
    const { content, allowedMentions } = renderSessionTimerStarted({
      catId: 7,
      catName: 'Mochi',
      stage: { id: 'harness_wear', name: 'Wearing it indoors', position: 4 },
      goal: 'Harness on, then off.',
      minutes: 5,
      suggested: false,
      endsAt: ENDS,
      replaced: { catName: 'Tofu', endsAt: ENDS },
    });
    expect(content.split('\n')).toEqual([
      '⏱️ Go! **5 min** with **Mochi** · Wearing it indoors (4/8)',
      '**Goal:** Harness on, then off.',
      `I will tell you to stop <t:${String(ENDS.getTime() / 1000)}:R>. If Mochi has had enough sooner, stop sooner: ending on a good moment matters more than the clock.`,
      '(This replaces the timer you had running for **Tofu**.)',
    ]);
    expect(allowedMentions).toEqual({ parse: [] });
  });

  it('says stop with a Log it button for that owner, cat and minutes; a late one says it is late', () => {
    const onTime = renderSessionTimerDone(done(false));
    expect(onTime.content).toMatch(
      /^⏰ Time is up for \*\*Mochi\*\*: stop now, on a high note\.\n.+\nTap \*\*Log it\*\*/,
    );
    const button = onTime.components[0]?.components[0] as { custom_id: string; label: string };
    expect(button.label).toBe('Log it');
    expect(decodeCustomId(button.custom_id)).toEqual({
      kind: 'timerLog',
      ownerId: OWNER,
      catId: 7,
      minutes: 5,
    });
    expect(onTime.allowed_mentions).toEqual({ parse: [] });

    const late = renderSessionTimerDone(done(true)).content;
    expect(late).toContain(`Your 5 minutes with **Mochi** ended <t:${String(ENDS.getTime() / 1000)}:R>`);
    expect(late).toContain('If you are still at it, stop now.');
  });
});

describe('reply handles and follow-ups', () => {
  it('round-trips an interaction as a handle, and refuses anything else', () => {
    const target = { applicationId: '1578661683348537345', token: 'aW50:abc_DEF-1' };
    expect(readReplyHandle(replyHandleOf(target))).toEqual(target);
    for (const bad of ['', 'token-only', ':tok', '12:', '12:has space'])
      expect(readReplyHandle(bad)).toBeNull();
  });

  it('reads an expired or unknown interaction token as expired', () => {
    const api = (code: number, status: number) =>
      new DiscordAPIError({ message: 'x', code }, code, status, 'POST', 'http://x/webhooks/1/t', {});
    expect(toDeliveryError(api(50027, 401)).reason).toBe('expired');
    expect(toDeliveryError(api(10015, 404)).reason).toBe('expired');
    expect(toDeliveryError(api(50007, 403)).reason).toBe('dms_closed');
  });

  it('rejects a follow-up on a handle it cannot read without calling Discord', async () => {
    const notifier = createDiscordNotifier(new REST());
    const error: unknown = await notifier
      .followUp({ replyHandle: 'not a handle', message: { kind: 'sessionTimerDone', view: done(false) } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).reason).toBe('expired');
  });
});
