import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatLocal,
  isoWeekKey,
  isValidTimeZone,
  listTimeZones,
  localDateOf,
  localTimeOf,
  nextCheckInAt,
  normaliseTimeZone,
  parseTimeOfDay,
  zonedInstant,
} from '../../src/domain/schedule.js';

const at = (iso: string): Date => new Date(iso);

describe('isValidTimeZone', () => {
  it.each([
    'America/New_York',
    'Europe/Berlin',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'UTC',
    'Asia/Kolkata',
    'Asia/Calcutta',
    'europe/berlin',
  ])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });

  it.each(['', 'Mars/Olympus_Mons', 'Europe/Berlin ', 'Berlin', '+05:30', '-03:00', 'abc'])(
    'rejects %j',
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(false);
    },
  );
});

describe('normaliseTimeZone', () => {
  it.each([
    ['europe/berlin', 'Europe/Berlin'],
    ['  Europe/Berlin  ', 'Europe/Berlin'],
    ['america/new york', 'America/New_York'],
    ['America / New_York', 'America/New_York'],
    ['AUSTRALIA/LORD_HOWE', 'Australia/Lord_Howe'],
    ['asia/kathmandu', 'Asia/Kathmandu'],
    ['Asia/Katmandu', 'Asia/Kathmandu'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['pacific/chatham', 'Pacific/Chatham'],
    ['utc', 'UTC'],
    ['GMT', 'UTC'],
    ['US/Eastern', 'America/New_York'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseTimeZone(input)).toBe(expected);
  });

  it.each(['', '   ', 'berlin', 'Europe/Berlinn', '+01:00', 'Not/A_Zone'])('rejects %j', (input) => {
    expect(normaliseTimeZone(input)).toBeNull();
  });

  it('returns names that work with every other function here', () => {
    for (const tz of listTimeZones()) {
      expect(normaliseTimeZone(tz)).toBe(tz);
      expect(localDateOf(at('2026-06-01T12:00:00Z'), tz)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('parseTimeOfDay', () => {
  it.each([
    ['19:30', 19, 30],
    ['07:05', 7, 5],
    ['7:05', 7, 5],
    ['07.05', 7, 5],
    ['7h05', 7, 5],
    ['00:00', 0, 0],
    ['23:59', 23, 59],
    [' 8:00 ', 8, 0],
    ['7:30 pm', 19, 30],
    ['7pm', 19, 0],
    ['7 PM', 19, 0],
    ['12am', 0, 0],
    ['12:15 a.m.', 0, 15],
    ['12pm', 12, 0],
  ])('%j → %i:%i', (input, hour, minute) => {
    expect(parseTimeOfDay(input)).toEqual({ hour, minute });
  });

  it.each([
    '24:00',
    '12:60',
    'abc',
    '',
    '7',
    '19',
    '7:5',
    '123:00',
    '13pm',
    '0am',
    '19:30:00',
    '-1:00',
    '١٩:٣٠',
  ])('rejects %j', (input) => {
    expect(parseTimeOfDay(input)).toBeNull();
  });
});

describe('localDateOf / localTimeOf', () => {
  it.each([
    ['2026-11-25T18:30:00Z', 'UTC', '2026-11-25', 18, 30, 3],
    ['2026-11-25T18:30:00Z', 'Europe/Berlin', '2026-11-25', 19, 30, 3],
    ['2026-11-25T04:30:00Z', 'America/New_York', '2026-11-24', 23, 30, 2],
    ['2026-07-01T12:00:00Z', 'America/New_York', '2026-07-01', 8, 0, 3],
    ['2026-06-01T03:15:00Z', 'Asia/Kathmandu', '2026-06-01', 9, 0, 1],
    ['2026-06-30T23:15:00Z', 'Pacific/Chatham', '2026-07-01', 12, 0, 3],
    ['2026-01-14T22:15:00Z', 'Pacific/Chatham', '2026-01-15', 12, 0, 4],
    ['2026-07-01T13:30:00Z', 'Australia/Lord_Howe', '2026-07-02', 0, 0, 4],
    ['2026-01-01T13:00:00Z', 'Australia/Lord_Howe', '2026-01-02', 0, 0, 5],
  ])('%s in %s is %s %i:%i (weekday %i)', (iso, tz, date, hour, minute, weekday) => {
    expect(localDateOf(at(iso), tz)).toBe(date);
    expect(localTimeOf(at(iso), tz)).toEqual({ date, hour, minute, weekday });
  });

  it('throws on an invalid zone', () => {
    expect(() => localDateOf(at('2026-01-01T00:00:00Z'), 'Mars/Base')).toThrow(RangeError);
  });
});

describe('zonedInstant', () => {
  it.each([
    // ordinary times, one per zone, both sides of the year
    ['2026-01-15', 9, 0, 'UTC', '2026-01-15T09:00:00.000Z'],
    ['2026-01-15', 9, 0, 'America/New_York', '2026-01-15T14:00:00.000Z'],
    ['2026-07-15', 9, 0, 'America/New_York', '2026-07-15T13:00:00.000Z'],
    ['2026-01-15', 9, 0, 'Europe/Berlin', '2026-01-15T08:00:00.000Z'],
    ['2026-07-15', 9, 0, 'Europe/Berlin', '2026-07-15T07:00:00.000Z'],
    ['2026-01-15', 9, 0, 'Australia/Lord_Howe', '2026-01-14T22:00:00.000Z'],
    ['2026-07-15', 9, 0, 'Australia/Lord_Howe', '2026-07-14T22:30:00.000Z'],
    ['2026-06-01', 9, 0, 'Asia/Kathmandu', '2026-06-01T03:15:00.000Z'],
    ['2026-07-01', 12, 0, 'Pacific/Chatham', '2026-06-30T23:15:00.000Z'],
    ['2026-01-15', 12, 0, 'Pacific/Chatham', '2026-01-14T22:15:00.000Z'],
    ['2026-01-01', 0, 0, 'Pacific/Chatham', '2025-12-31T10:15:00.000Z'],
  ])('%s %i:%i in %s → %s', (date, hour, minute, tz, expected) => {
    expect(zonedInstant(date, hour, minute, tz).toISOString()).toBe(expected);
  });

  it.each([
    // spring forward: the missing wall time becomes the first minute after the gap
    ['2026-03-29', 2, 30, 'Europe/Berlin', '2026-03-29T01:00:00.000Z', '03:00'],
    ['2026-03-29', 2, 0, 'Europe/Berlin', '2026-03-29T01:00:00.000Z', '03:00'],
    ['2026-03-29', 2, 59, 'Europe/Berlin', '2026-03-29T01:00:00.000Z', '03:00'],
    ['2026-03-08', 2, 30, 'America/New_York', '2026-03-08T07:00:00.000Z', '03:00'],
    ['2026-10-04', 2, 0, 'Australia/Lord_Howe', '2026-10-03T15:30:00.000Z', '02:30'],
    ['2026-10-04', 2, 15, 'Australia/Lord_Howe', '2026-10-03T15:30:00.000Z', '02:30'],
    ['2026-09-27', 3, 0, 'Pacific/Chatham', '2026-09-26T14:00:00.000Z', '03:45'],
  ])('gap: %s %i:%i in %s → %s (%s local)', (date, hour, minute, tz, expected, wall) => {
    const instant = zonedInstant(date, hour, minute, tz);
    expect(instant.toISOString()).toBe(expected);
    expect(formatLocal(instant, tz)).toContain(wall);
  });

  it.each([
    // fall back: the earlier of the two occurrences
    ['2026-10-25', 2, 30, 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['2026-11-01', 1, 30, 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['2026-04-05', 1, 30, 'Australia/Lord_Howe', '2026-04-04T14:30:00.000Z'],
    ['2026-04-05', 1, 45, 'Australia/Lord_Howe', '2026-04-04T14:45:00.000Z'],
    ['2026-04-05', 3, 0, 'Pacific/Chatham', '2026-04-04T13:15:00.000Z'],
  ])('repeat: %s %i:%i in %s → %s', (date, hour, minute, tz, expected) => {
    expect(zonedInstant(date, hour, minute, tz).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-02-30', 9, 0],
    ['2026-1-5', 9, 0],
    ['2026-01-15', 24, 0],
    ['2026-01-15', 9, 60],
    ['2026-01-15', 9.5, 0],
  ])('rejects %s %s:%s', (date, hour, minute) => {
    expect(() => zonedInstant(date, hour, minute, 'UTC')).toThrow(RangeError);
  });
});

describe('nextCheckInAt', () => {
  it.each([
    ['2026-11-25T10:00:00Z', 19, 30, 'Europe/Berlin', '2026-11-25T18:30:00.000Z'],
    ['2026-11-25T18:30:00Z', 19, 30, 'Europe/Berlin', '2026-11-26T18:30:00.000Z'],
    ['2026-11-25T18:29:59Z', 19, 30, 'Europe/Berlin', '2026-11-25T18:30:00.000Z'],
    ['2026-03-29T00:30:00Z', 2, 30, 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    ['2026-10-25T00:30:00Z', 2, 30, 'Europe/Berlin', '2026-10-26T01:30:00.000Z'],
    // between the two 02:30s of the repeated hour: today's already happened
    ['2026-10-25T01:00:00Z', 2, 30, 'Europe/Berlin', '2026-10-26T01:30:00.000Z'],
    ['2026-11-25T04:30:00Z', 7, 0, 'America/New_York', '2026-11-25T12:00:00.000Z'],
    ['2026-06-01T03:00:00Z', 9, 0, 'Asia/Kathmandu', '2026-06-01T03:15:00.000Z'],
    ['2026-06-01T03:15:00Z', 9, 0, 'Asia/Kathmandu', '2026-06-02T03:15:00.000Z'],
    ['2026-06-30T23:00:00Z', 12, 0, 'Pacific/Chatham', '2026-06-30T23:15:00.000Z'],
    ['2026-12-31T23:59:00Z', 0, 0, 'UTC', '2027-01-01T00:00:00.000Z'],
  ])('after %s at %i:%i in %s → %s', (after, hour, minute, tz, expected) => {
    expect(nextCheckInAt(at(after), { hour, minute }, tz).toISOString()).toBe(expected);
  });

  const walk = (start: string, hour: number, minute: number, tz: string, days: number): Date[] => {
    const instants: Date[] = [];
    let cursor = at(start);
    for (let i = 0; i < days; i += 1) {
      cursor = nextCheckInAt(cursor, { hour, minute }, tz);
      instants.push(cursor);
    }
    return instants;
  };

  it.each([
    // [zone, start, hh, mm, the local date whose wall time is moved by a gap, the wall time it gets]
    ['Europe/Berlin', '2026-03-24T12:00:00Z', 2, 30, '2026-03-29', '03:00'],
    ['Europe/Berlin', '2026-10-20T12:00:00Z', 2, 30, null, null],
    ['Europe/Berlin', '2026-03-24T12:00:00Z', 19, 30, null, null],
    ['America/New_York', '2026-03-04T12:00:00Z', 2, 30, '2026-03-08', '03:00'],
    ['America/New_York', '2026-10-28T12:00:00Z', 1, 30, null, null],
    ['Australia/Lord_Howe', '2026-09-30T00:00:00Z', 2, 15, '2026-10-04', '02:30'],
    ['Australia/Lord_Howe', '2026-04-01T00:00:00Z', 1, 45, null, null],
    ['Pacific/Chatham', '2026-09-22T00:00:00Z', 3, 0, '2026-09-27', '03:45'],
    ['Pacific/Chatham', '2026-04-01T00:00:00Z', 3, 0, null, null],
    ['Asia/Kathmandu', '2026-03-24T00:00:00Z', 7, 0, null, null],
    ['UTC', '2026-03-24T00:00:00Z', 0, 0, null, null],
  ])(
    '10 days in %s from %s at %i:%i: one per local day at the wall time',
    (tz, start, hh, mm, gapDay, gapWall) => {
      const instants = walk(start, hh, mm, tz, 10);
      const firstDate = localDateOf(instants[0] ?? at(start), tz);
      const wanted = `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
      instants.forEach((instant, i) => {
        const local = localTimeOf(instant, tz);
        expect(local.date).toBe(addDays(firstDate, i));
        const wall = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
        expect(wall).toBe(local.date === gapDay ? gapWall : wanted);
      });
      // and no instant is ever the previous one plus exactly the wrong amount: strictly increasing
      for (let i = 1; i < instants.length; i += 1) {
        expect(instants[i]?.getTime()).toBeGreaterThan(instants[i - 1]?.getTime() ?? Infinity);
      }
    },
  );

  it('a second tick in the repeated hour finds nothing new today', () => {
    const first = nextCheckInAt(at('2026-10-25T00:00:00Z'), { hour: 2, minute: 30 }, 'Europe/Berlin');
    expect(first.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    const second = nextCheckInAt(first, { hour: 2, minute: 30 }, 'Europe/Berlin');
    expect(localDateOf(second, 'Europe/Berlin')).toBe('2026-10-26');
  });
});

describe('addDays / daysBetween', () => {
  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2026-05-10', 0, '2026-05-10'],
  ])('%s + %i = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('rejects malformed dates', () => {
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
    expect(() => daysBetween('yesterday', '2026-01-01')).toThrow(RangeError);
  });
});

describe('isoWeekKey', () => {
  it.each([
    ['2026-11-25T12:00:00Z', 'UTC', '2026-W48'],
    ['2025-12-29T12:00:00Z', 'UTC', '2026-W01'],
    ['2026-01-01T12:00:00Z', 'UTC', '2026-W01'],
    ['2026-12-31T12:00:00Z', 'UTC', '2026-W53'],
    ['2027-01-03T12:00:00Z', 'UTC', '2026-W53'],
    ['2027-01-04T12:00:00Z', 'UTC', '2027-W01'],
    ['2024-12-30T12:00:00Z', 'UTC', '2025-W01'],
    ['2021-01-03T12:00:00Z', 'UTC', '2020-W53'],
    // same instant, different local dates across the new year
    ['2027-01-03T23:30:00Z', 'UTC', '2026-W53'],
    ['2027-01-03T23:30:00Z', 'Europe/Berlin', '2027-W01'],
    ['2027-01-04T02:00:00Z', 'America/New_York', '2026-W53'],
    ['2027-01-03T11:30:00Z', 'Pacific/Chatham', '2027-W01'],
  ])('%s in %s → %s', (iso, tz, expected) => {
    expect(isoWeekKey(at(iso), tz)).toBe(expected);
  });
});

describe('formatLocal', () => {
  it.each([
    ['2026-11-25T18:30:00Z', 'Europe/Berlin', 'Wed 25 Nov, 19:30'],
    ['2026-11-25T18:30:00Z', 'UTC', 'Wed 25 Nov, 18:30'],
    ['2026-11-25T04:05:00Z', 'America/New_York', 'Tue 24 Nov, 23:05'],
    ['2026-06-01T03:15:00Z', 'Asia/Kathmandu', 'Mon 1 Jun, 09:00'],
    ['2026-10-03T15:30:00Z', 'Australia/Lord_Howe', 'Sun 4 Oct, 02:30'],
  ])('%s in %s → %s', (iso, tz, expected) => {
    expect(formatLocal(at(iso), tz)).toBe(expected);
  });
});
