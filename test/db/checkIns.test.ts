import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readOwnerForCheckIn } from '../../src/db/sqlite/checkInOwner.js';
import { dueQuery, RENEW_CLAIMS_SQL, RENEW_OWNERS_SQL } from '../../src/db/sqlite/checkIns.js';
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

describe("the heartbeat's statements", () => {
  it("find a run's claims by their token and each owner by its key, however many owners and sends there are", () => {
    const deps = testDeps(START);
    const sqlite = deps.db.$client;
    const base = Date.parse(START);
    const owner = sqlite.prepare(
      'INSERT INTO owners (id, timezone, check_in_time, next_check_in_at, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const claim = sqlite.prepare(
      `INSERT INTO check_in_sends (owner_id, local_date, kind, claimed_at, status, lease_until, claim_token)
       VALUES (?, '2026-11-25', 'checkin', ?, ?, ?, ?)`,
    );
    sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++) {
        owner.run(`o${i}`, 'UTC', '19:00', base + 20_000, base);
        // Half sent already (no token), a quarter another run's, a quarter this run's.
        const token = i % 2 === 0 ? null : i % 4 === 1 ? 'other' : 'mine';
        claim.run(`o${i}`, base, token === null ? 'sent' : 'claimed', base + 20_000, token);
      }
    })();
    sqlite.exec('ANALYZE');
    for (const statement of [RENEW_OWNERS_SQL, RENEW_CLAIMS_SQL]) {
      const plan = (
        sqlite.prepare(`EXPLAIN QUERY PLAN ${statement}`).all({ token: 'mine', leaseUntil: 0 }) as {
          detail: string;
        }[]
      )
        .map((p) => p.detail)
        .join(' | ');
      expect(plan).toMatch(
        /SEARCH c USING INDEX check_in_sends_claim_token_idx|SEARCH check_in_sends USING INDEX check_in_sends_claim_token_idx/,
      );
      expect(plan).not.toMatch(/SCAN (owners|check_in_sends|c)\b/);
    }
    const values = { token: 'mine', leaseUntil: base + 40_000 };
    expect(sqlite.prepare(RENEW_OWNERS_SQL).run(values).changes).toBe(5_000);
    expect(sqlite.prepare(RENEW_CLAIMS_SQL).run(values).changes).toBe(5_000);
    // Nobody else's owner moved.
    const moved = sqlite
      .prepare('SELECT count(*) AS n FROM owners WHERE next_check_in_at = ?')
      .get(base + 40_000);
    expect(moved).toEqual({ n: 5_000 });
  });
});
