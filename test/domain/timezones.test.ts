import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { isValidTimeZone, listTimeZones } from '../../src/domain/schedule.js';
import { searchTimeZones } from '../../src/domain/timezones.js';

describe('searchTimeZones', () => {
  it.each([
    ['kathm', 'Asia/Kathmandu'],
    ['Kathmandu', 'Asia/Kathmandu'],
    ['katmandu', 'Asia/Kathmandu'],
    ['new york', 'America/New_York'],
    ['New_York', 'America/New_York'],
    ['NEW  YORK', 'America/New_York'],
    ['york', 'America/New_York'],
    ['america/new', 'America/New_York'],
    ['berlin', 'Europe/Berlin'],
    ['lord', 'Australia/Lord_Howe'],
    ['lord howe', 'Australia/Lord_Howe'],
    ['sao paulo', 'America/Sao_Paulo'],
    ['são paulo', 'America/Sao_Paulo'],
    ['SÃO_PAULO', 'America/Sao_Paulo'],
    ['kolkata', 'Asia/Kolkata'],
    ['calcutta', 'Asia/Kolkata'],
    ['kyiv', 'Europe/Kyiv'],
    ['kiev', 'Europe/Kyiv'],
    ['chatham', 'Pacific/Chatham'],
    ['utc', 'UTC'],
    ['port au prince', 'America/Port-au-Prince'],
    ['buenos aires', 'America/Argentina/Buenos_Aires'],
  ])('%j → %s first', (fragment, expected) => {
    expect(searchTimeZones(fragment, 25)[0]).toBe(expected);
  });

  it.each([
    ['berln', 'Europe/Berlin'],
    ['kathmnadu', 'Asia/Kathmandu'],
    ['londn', 'Europe/London'],
    ['chatam', 'Pacific/Chatham'],
    ['sydny', 'Australia/Sydney'],
  ])('forgives the typo %j → %s', (fragment, expected) => {
    expect(searchTimeZones(fragment, 25)).toContain(expected);
  });

  it('ranks a city prefix before a substring elsewhere in a name', () => {
    const results = searchTimeZones('lord', 25);
    expect(results[0]).toBe('Australia/Lord_Howe');
    expect(results).toContain('Asia/Qyzylorda');
  });

  it('matches a region and puts popular zones first', () => {
    const results = searchTimeZones('europe', 25);
    expect(results).toHaveLength(25);
    expect(results.every((name) => name.startsWith('Europe/'))).toBe(true);
    expect(results.slice(0, 3)).toEqual(['Europe/London', 'Europe/Dublin', 'Europe/Paris']);
  });

  it('offers popular zones for an empty fragment', () => {
    const results = searchTimeZones('   ', 25);
    expect(results.length).toBeGreaterThan(10);
    expect(results.length).toBeLessThanOrEqual(25);
    expect(results).toContain('UTC');
    expect(results).toContain('America/New_York');
    expect(results).toContain('Europe/Berlin');
  });

  it('respects the limit', () => {
    expect(searchTimeZones('a', 3)).toHaveLength(3);
    expect(searchTimeZones('', 5)).toHaveLength(5);
    expect(searchTimeZones('a', 0)).toEqual([]);
    expect(searchTimeZones('a', 25).length).toBeLessThanOrEqual(25);
  });

  it('finds nothing for nonsense, without guessing', () => {
    expect(searchTimeZones('zzzzqqq', 25)).toEqual([]);
    expect(searchTimeZones('x'.repeat(500), 25)).toEqual([]);
  });

  it('returns only zone names that the schedule functions accept', () => {
    const seen = new Set<string>();
    for (const fragment of ['', 'a', 'e', 'i', 'o', 'u', 'america', 'kolk', 'kiev', 'utc']) {
      for (const name of searchTimeZones(fragment, 1000)) seen.add(name);
    }
    expect(seen.size).toBeGreaterThan(300);
    for (const name of seen) expect(isValidTimeZone(name)).toBe(true);
  });

  it('can reach every zone by its own name', () => {
    for (const name of listTimeZones()) {
      expect(searchTimeZones(name, 25)).toContain(name);
    }
  });

  it('takes well under a millisecond per call', () => {
    const fragments = [
      '',
      'k',
      'kathm',
      'new york',
      'são paulo',
      'berln',
      'kathmnadu',
      'xqzxqzxqz',
      'europe/',
    ];
    for (const fragment of fragments) searchTimeZones(fragment, 25);
    const rounds = 50;
    const start = performance.now();
    for (let i = 0; i < rounds; i += 1) for (const fragment of fragments) searchTimeZones(fragment, 25);
    const perCall = (performance.now() - start) / (rounds * fragments.length);
    expect(perCall).toBeLessThan(1);
  });
});
