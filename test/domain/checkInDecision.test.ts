import { describe, expect, it } from 'vitest';
import {
  decideCheckIn,
  leaseFrom,
  type CheckInDecision,
  type CheckInDecisionInput,
  type CheckInOwnerState,
  type OpenClaim,
} from '../../src/domain/checkInDecision.js';

// A 19:00 Berlin check-in (UTC+1 in winter) is due on Wed 25 Nov 2026 at 18:00Z.
const DUE = new Date('2026-11-25T18:00:00Z');
const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (offsetMs: number): Date => new Date(DUE.getTime() + offsetMs);

const OWNER: CheckInOwnerState = {
  checkInTime: '19:00',
  timezone: 'Europe/Berlin',
  nextCheckInAt: DUE,
  paused: false,
  pausedUntil: null,
  dmsReachable: true,
  // Active the day before: today's message is a plain check-in.
  lastActivityAt: at(-DAY),
  createdAt: at(-30 * DAY),
};

interface Case {
  readonly owner?: Partial<CheckInOwnerState>;
  readonly openClaim?: OpenClaim;
  readonly lastPauseEnd?: Date;
  readonly hasOpenPause?: boolean;
  /** Offset from DUE. */
  readonly now?: number;
}

function decide(c: Case): CheckInDecision {
  const input: CheckInDecisionInput = {
    owner: { ...OWNER, ...c.owner },
    openClaim: c.openClaim ?? null,
    lastPauseEnd: c.lastPauseEnd ?? null,
    hasOpenPause: c.hasOpenPause ?? false,
    now: at(c.now ?? 0),
  };
  return decideCheckIn(input);
}

/** An open claim taken `claimedAgoMs` ago, with the lease it was taken with (no heartbeat since). */
const claimOf = (claimedAgoMs: number, extra: Partial<OpenClaim> = {}): OpenClaim => ({
  localDate: '2026-11-25',
  kind: 'checkin',
  claimedAt: at(-claimedAgoMs),
  leaseUntil: leaseFrom(at(-claimedAgoMs)),
  resent: false,
  ...extra,
});

const NO_STEPS = { abandon: null, endPauseAt: null };
const NEXT_DAY = at(DAY);

describe('decideCheckIn', () => {
  it.each<[string, Case, Partial<CheckInDecision> & { type: CheckInDecision['type'] }]>([
    // ---- Not (or no longer) due
    ['not due yet', { now: -MIN }, { type: 'notDue' }],
    ['check-ins off (no next time)', { owner: { nextCheckInAt: null } }, { type: 'notDue' }],
    ['moved on by another tick', { owner: { nextCheckInAt: NEXT_DAY } }, { type: 'notDue' }],
    // ---- Nothing usable to schedule by
    ['no time set', { owner: { checkInTime: null } }, { type: 'hold', next: null, ...NO_STEPS }],
    ['a zone that no longer exists', { owner: { timezone: 'Mars/Base' } }, { type: 'hold', next: null }],
    // ---- The plain day
    [
      'due now: claim a check-in, lease the schedule',
      {},
      { type: 'claim', localDate: '2026-11-25', kind: 'checkin', lease: leaseFrom(at(0)), ...NO_STEPS },
    ],
    ['late inside the grace window: still claimed', { now: 2 * HOUR + 30 * MIN }, { type: 'claim' }],
    [
      'more than 3 hours late: skipped, next day planned',
      { now: 3 * HOUR + 10 * MIN },
      { type: 'skipLate', localDate: '2026-11-25', due: DUE, next: NEXT_DAY, ...NO_STEPS },
    ],
    [
      'late after 22:00 local, within 3 hours: skipped',
      { owner: { checkInTime: '20:00', nextCheckInAt: at(HOUR) }, now: 3 * HOUR + 30 * MIN },
      { type: 'skipLate', localDate: '2026-11-25' },
    ],
    // ---- Quiet days
    [
      '2 quiet days: a check-in',
      { owner: { lastActivityAt: at(-2 * DAY) } },
      { type: 'claim', kind: 'checkin' },
    ],
    ['3 quiet days: a nudge', { owner: { lastActivityAt: at(-3 * DAY) } }, { type: 'claim', kind: 'nudge' }],
    [
      '14 quiet days: pause with a note',
      { owner: { lastActivityAt: at(-14 * DAY) } },
      { type: 'claim', kind: 'auto_pause' },
    ],
    [
      'never active: quiet days count from the first visit',
      { owner: { lastActivityAt: null, createdAt: at(-5 * DAY) } },
      { type: 'claim', kind: 'nudge' },
    ],
    [
      'a pause that ended lately restarts the quiet count',
      { owner: { lastActivityAt: at(-20 * DAY) }, lastPauseEnd: at(-DAY) },
      { type: 'claim', kind: 'checkin' },
    ],
    // ---- Paused, unreachable
    [
      'paused until resumed: held, nothing to wake up for',
      { owner: { paused: true } },
      { type: 'hold', next: null, ...NO_STEPS },
    ],
    [
      'paused for days: held until the first check-in after the pause',
      { owner: { paused: true, pausedUntil: at(2 * DAY - 9 * HOUR) } },
      { type: 'hold', next: at(2 * DAY), ...NO_STEPS },
    ],
    [
      'a timed pause that ran out: ended at its end, then claimed',
      {
        owner: { paused: true, pausedUntil: at(-9 * HOUR), lastActivityAt: at(-20 * DAY) },
        hasOpenPause: true,
      },
      // The pause's end counts as activity: a plain check-in, not the auto-pause of 20 quiet days.
      { type: 'claim', kind: 'checkin', endPauseAt: at(-9 * HOUR), abandon: null },
    ],
    [
      'a timed pause that ran out with no open pause row: no newer pause end to count',
      {
        owner: { paused: true, pausedUntil: at(-9 * HOUR), lastActivityAt: at(-20 * DAY) },
        hasOpenPause: false,
      },
      { type: 'claim', kind: 'auto_pause', endPauseAt: at(-9 * HOUR) },
    ],
    [
      'DMs closed: held, next day planned',
      { owner: { dmsReachable: false } },
      { type: 'hold', next: NEXT_DAY, ...NO_STEPS },
    ],
    // ---- An interrupted send (the crash policy: a lease with a heartbeat)
    [
      'claim whose lease still runs: wait for whoever is sending, until the lease ends',
      { openClaim: claimOf(10 * SEC), now: 0 },
      { type: 'waitForClaim', next: leaseFrom(at(-10 * SEC)) },
    ],
    [
      "an old claim whose lease the sender's heartbeat renewed: still wait",
      { openClaim: claimOf(3 * MIN, { leaseUntil: at(15 * SEC) }) },
      { type: 'waitForClaim', next: at(15 * SEC) },
    ],
    [
      'the lease ends exactly now: no longer held',
      { openClaim: claimOf(20 * SEC) },
      { type: 'resend', localDate: '2026-11-25', lease: leaseFrom(at(0)) },
    ],
    [
      'lease ran out seconds ago (the sender died): re-sent at once, not minutes later',
      { openClaim: claimOf(30 * SEC) },
      { type: 'resend', localDate: '2026-11-25', kind: 'checkin', lease: leaseFrom(at(0)) },
    ],
    [
      'a claim stored before leases: its lease counts from when it was taken',
      { openClaim: claimOf(10 * SEC, { leaseUntil: null }) },
      { type: 'waitForClaim', next: leaseFrom(at(-10 * SEC)) },
    ],
    [
      'a claim stored before leases, older than a lease: re-sent',
      { openClaim: claimOf(30 * SEC, { leaseUntil: null }) },
      { type: 'resend', localDate: '2026-11-25' },
    ],
    [
      'stale claim, not retried: re-send once with a new lease',
      { openClaim: claimOf(3 * MIN) },
      { type: 'resend', localDate: '2026-11-25', kind: 'checkin', lease: leaseFrom(at(0)) },
    ],
    [
      "a stored 'confirm' claim re-sends as a check-in",
      { openClaim: claimOf(3 * MIN, { kind: 'confirm' }) },
      { type: 'resend', kind: 'checkin' },
    ],
    [
      'stale claim retried already: given up, then the day goes on',
      { openClaim: claimOf(3 * MIN, { resent: true, localDate: '2026-11-24' }) },
      { type: 'claim', localDate: '2026-11-25', abandon: { localDate: '2026-11-24', reason: 'stale' } },
    ],
    [
      'claim older than nonce memory: given up',
      { openClaim: claimOf(20 * MIN, { localDate: '2026-11-24' }) },
      { type: 'claim', abandon: { localDate: '2026-11-24', reason: 'stale' } },
    ],
    [
      'stale claim but DMs closed since: given up as held, then held',
      { openClaim: claimOf(3 * MIN), owner: { dmsReachable: false } },
      { type: 'hold', next: NEXT_DAY, abandon: { localDate: '2026-11-25', reason: 'held' } },
    ],
    [
      'stale claim but paused since: given up as held, then held',
      { openClaim: claimOf(3 * MIN), owner: { paused: true } },
      { type: 'hold', next: null, abandon: { localDate: '2026-11-25', reason: 'held' } },
    ],
    [
      'the auto-pause note is re-sent although the owner is paused by it',
      { openClaim: claimOf(3 * MIN, { kind: 'auto_pause' }), owner: { paused: true } },
      { type: 'resend', kind: 'auto_pause' },
    ],
    [
      'given up, then too late for the day too',
      { openClaim: claimOf(4 * HOUR), now: 3 * HOUR + 10 * MIN },
      { type: 'skipLate', abandon: { localDate: '2026-11-25', reason: 'stale' } },
    ],
  ])('%s', (_name, c, expected) => {
    expect(decide(c)).toMatchObject(expected);
  });

  it('leaves the reschedule of a day claimed elsewhere to the settings it hands back', () => {
    const decision = decide({ owner: { paused: true, pausedUntil: at(-9 * HOUR) }, hasOpenPause: true });
    expect(decision).toMatchObject({
      type: 'claim',
      settings: { paused: false, pausedUntil: null, checkInTime: '19:00', timezone: 'Europe/Berlin' },
    });
  });

  it('is pure: the same input gives the same decision', () => {
    const c: Case = {
      openClaim: claimOf(3 * MIN, { resent: true }),
      owner: { lastActivityAt: at(-4 * DAY) },
    };
    expect(decide(c)).toEqual(decide(c));
  });
});
