import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readOwnerForCheckIn } from '../../src/db/sqlite/checkInOwner.js';
import { dueQuery } from '../../src/db/sqlite/checkIns.js';
import { owners } from '../../src/db/sqlite/schema.js';
import { testDeps } from '../support/factories.js';

const START = '2026-11-25T09:00:00Z';

describe("the fan-out's own owner read", () => {
  it('returns exactly the row drizzle reads, for every column, with flags both ways', async () => {
    const deps = testDeps();
    const base = {
      timezone: 'Asia/Kathmandu',
      checkInTime: '07:45',
      nextCheckInAt: new Date('2026-11-26T02:00:00Z'),
      pausedUntil: new Date('2026-12-01T00:00:00Z'),
      pausedReason: 'owner' as const,
      dmChannelId: '500000000000000001',
      lastActivityAt: new Date('2026-11-20T10:00:00Z'),
      createdAt: new Date('2026-10-01T09:00:00Z'),
    };
    // A column missing from the hand-written SQL reads as undefined: a flag then maps to one fixed value,
    // so each flag is tried both ways.
    for (const flag of [true, false]) {
      const row = {
        ...base,
        id: `u-${String(flag)}`,
        paused: flag,
        dmsReachable: flag,
        dmsNoticePending: flag,
        autoShare: flag,
      };
      deps.db.insert(owners).values(row).run();
      const viaDrizzle = deps.db.select().from(owners).where(eq(owners.id, row.id)).get();
      // Every column of the table is in the row above, so a new column shows up here first.
      expect(Object.keys(viaDrizzle ?? {}).sort()).toEqual(Object.keys(row).sort());
      expect(readOwnerForCheckIn(deps.db, row.id)).toEqual(viaDrizzle);
      // …and the store hands out that same read (for the decision, and when recording an outcome).
      expect((await deps.store.checkIns.readOwners([row.id])).get(row.id)).toEqual(viaDrizzle);
      expect((await deps.store.checkIns.readSubjects([row.id])).get(row.id)?.owner).toEqual(viaDrizzle);
    }
    expect(readOwnerForCheckIn(deps.db, 'nobody')).toBeUndefined();
    expect(await deps.store.checkIns.readSubjects(['nobody'])).toEqual(new Map());
    expect(await deps.store.checkIns.readOwners(['nobody'])).toEqual(new Map());
  });
});

describe('the due query', () => {
  it('is an index range scan, fast with many owners', async () => {
    const deps = testDeps(START);
    const sqlite = deps.db.$client;
    const insert = sqlite.prepare(
      'INSERT INTO owners (id, timezone, check_in_time, next_check_in_at, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const base = Date.parse(START);
    sqlite.transaction(() => {
      for (let i = 0; i < 300_000; i++) insert.run(`o${i}`, 'UTC', '19:00', base + (i % 1440) * 60_000, base);
    })();
    // The plan of the statement the store runs, as drizzle writes it.
    const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${dueQuery(deps.db).toSQL().sql}`).all(base, 500) as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH owners USING INDEX owners_next_check_in_idx/);
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE|SCAN owners/);

    const due = deps.store.checkIns;
    const now = new Date(base + 10 * 60_000);
    await due.dueOwnerIds(now, 500);
    const started = performance.now();
    for (let i = 0; i < 20; i++) await due.dueOwnerIds(now, 500);
    const perQuery = (performance.now() - started) / 20;
    expect(await due.dueOwnerIds(now, 500)).toHaveLength(500);
    expect(perQuery).toBeLessThan(20);
  });
});
