import { describe, expect, it } from 'vitest';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import type { DmRequest } from '../../src/services/ports.js';
import { minutes } from '../support/fakeClock.js';
import { backendDeps, givenCat, type BackendDeps } from '../support/factories.js';

// An oracle independent of src/domain/schedule.ts: the first UTC minute whose wall clock in tz reads
// at or after `date time` (a time in a DST gap → the first valid minute after it; a repeated time →
// its first occurrence).
const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(ms: number, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''} ${p.hour ?? ''}:${p.minute ?? ''}`;
}
function expectedDue(date: string, time: string, tz: string): number {
  const target = `${date} ${time}`;
  for (let t = Date.parse(`${date}T${time}:00Z`) - 15 * 3_600_000; ; t += 60_000) {
    if (wallClock(t, tz) >= target) return t;
  }
}
function datesBetween(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  for (let t = fromMs - 86_400_000; t <= toMs + 86_400_000; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

interface Sent {
  readonly at: number;
  readonly request: DmRequest;
}

function withSendTimes(deps: BackendDeps): { deps: BackendDeps; sent: Sent[] } {
  const sent: Sent[] = [];
  const notifier = {
    ...deps.notifier,
    sendDm: (request: DmRequest) => {
      sent.push({ at: deps.clock.now().getTime(), request });
      return deps.notifier.sendDm(request);
    },
  };
  return { deps: { ...deps, notifier }, sent };
}

const WINDOWS: readonly { tz: string; start: string; days: number; times: readonly string[] }[] = [
  // spring forward 8 Mar 02:00→03:00; fall back 1 Nov 02:00→01:00
  {
    tz: 'America/New_York',
    start: '2026-03-06T00:00:00Z',
    days: 5,
    times: ['02:30', '01:30', '07:00', '23:55'],
  },
  {
    tz: 'America/New_York',
    start: '2026-10-30T00:00:00Z',
    days: 5,
    times: ['02:30', '01:30', '07:00', '23:55'],
  },
  // 29 Mar 02:00→03:00; 25 Oct 03:00→02:00
  {
    tz: 'Europe/Berlin',
    start: '2026-03-27T00:00:00Z',
    days: 5,
    times: ['02:30', '02:15', '08:05', '00:00'],
  },
  {
    tz: 'Europe/Berlin',
    start: '2026-10-23T00:00:00Z',
    days: 5,
    times: ['02:30', '02:15', '08:05', '00:00'],
  },
  // Lord Howe moves 30 minutes: 5 Apr 02:00→01:30 (01:30–02:00 twice); 4 Oct 02:00→02:30 (gap)
  { tz: 'Australia/Lord_Howe', start: '2026-04-02T12:00:00Z', days: 5, times: ['01:45', '02:15', '19:30'] },
  { tz: 'Australia/Lord_Howe', start: '2026-10-01T12:00:00Z', days: 5, times: ['01:45', '02:15', '19:30'] },
  // +05:45, no DST
  { tz: 'Asia/Kathmandu', start: '2026-03-27T00:00:00Z', days: 4, times: ['07:30', '00:10', '23:50'] },
];

describe.each(WINDOWS)('check-ins in $tz from $start', ({ tz, start, days, times }) => {
  it('sends exactly one check-in per owner per local day, at the local time, across the transition', async () => {
    const base = await backendDeps(start);
    const { deps, sent } = withSendTimes(base);
    const startMs = deps.clock.now().getTime();
    const endMs = startMs + days * 86_400_000;
    for (const [i, time] of times.entries()) {
      await givenCat(deps, `u${i}`, 'Miso');
      await setCheckIn(deps, { ownerId: `u${i}`, time, timezone: tz });
    }

    while (deps.clock.now().getTime() < endMs) {
      await runDueCheckIns(deps);
      const before = sent.length;
      const again = await runDueCheckIns(deps); // a second tick in the same minute sends nothing
      expect(sent.length).toBe(before);
      expect(again.sent).toBe(0);
      deps.clock.advance(minutes(5));
    }

    for (const [i, time] of times.entries()) {
      const mine = sent.filter((s) => s.request.ownerId === `u${i}`);
      const expectedDates = datesBetween(startMs, endMs).filter((date) => {
        const due = expectedDue(date, time, tz);
        return due >= startMs && due < endMs - minutes(5);
      });
      const byDate = new Map<string, number[]>();
      for (const s of mine) {
        expect(s.request.message.kind).toBe('checkIn');
        const date = s.request.message.kind === 'checkIn' ? s.request.message.view.localDate : '';
        byDate.set(date, [...(byDate.get(date) ?? []), s.at]);
      }
      expect([...byDate.keys()].sort(), `${tz} ${time}`).toEqual(expectedDates);
      for (const date of expectedDates) {
        const at = byDate.get(date) ?? [];
        expect(at, `${tz} ${time} on ${date}`).toHaveLength(1);
        const late = (at[0] ?? 0) - expectedDue(date, time, tz);
        expect(late, `${tz} ${time} on ${date}`).toBeGreaterThanOrEqual(0);
        expect(late, `${tz} ${time} on ${date}`).toBeLessThan(minutes(5));
      }
    }
  });
});
