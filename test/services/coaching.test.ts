import { describe, expect, it } from 'vitest';
import { ADVICE } from '../../src/domain/advice.js';
import { STAGE_IDS, stageInfo } from '../../src/domain/stages.js';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import type { CheckInView } from '../../src/services/ports.js';
import { getProgress } from '../../src/services/progress.js';
import { logSession } from '../../src/services/sessions.js';
import { givenCat, testDeps, type TestDeps } from '../support/factories.js';

// Wed 25 Nov 2026, 10:00 in Berlin; a 19:00 Berlin check-in is due at 18:00Z.
const DUE_DAY_0 = Date.parse('2026-11-25T18:00:00Z');
const DAY_MS = 86_400_000;
const ORDINARY_STEPS = new Set(STAGE_IDS.flatMap((s) => stageInfo(s).steps));

async function checkInStepAt(deps: TestDeps, instant: number, catName: string): Promise<string | undefined> {
  deps.clock.set(new Date(instant));
  await runDueCheckIns(deps);
  const views = deps.notifier.dms.flatMap((d): CheckInView[] =>
    d.message.kind === 'checkIn' ? [d.message.view] : [],
  );
  return views.at(-1)?.cats.find((c) => c.name === catName)?.step;
}

describe('advice that answers what happened', () => {
  it('after stress, /log, /progress and the next check-in give the same step for what the cat showed', async () => {
    const deps = testDeps();
    await givenCat(deps, 'u1', 'Miso', 'harness_buckle');
    await setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone: 'Europe/Berlin' });
    const logged = await logSession(deps, { ownerId: 'u1', what: 'ears went flat at the click' });
    expect(logged.outcome).toBe('stop');
    expect(ADVICE.harness_buckle.warning_looks).toContain(logged.nextStep);

    expect((await getProgress(deps, { ownerId: 'u1' })).nextStep).toBe(logged.nextStep);
    expect(await checkInStepAt(deps, DUE_DAY_0, 'Miso')).toBe(logged.nextStep);
    // Still the same the day after, while nothing new was logged.
    expect(await checkInStepAt(deps, DUE_DAY_0 + DAY_MS, 'Miso')).toBe(logged.nextStep);
  });

  it('after a severe signal and a step back, the advice still answers it', async () => {
    const deps = testDeps();
    await givenCat(deps, 'u1', 'Miso', 'harness_buckle');
    const logged = await logSession(deps, { ownerId: 'u1', what: 'tried to escape the harness' });
    expect(logged.outcome).toBe('step_back');
    expect(logged.stage.id).toBe('harness_drape');
    expect(ADVICE.harness_buckle.escaping).toContain(logged.nextStep);
    expect((await getProgress(deps, { ownerId: 'u1' })).nextStep).toBe(logged.nextStep);
  });

  it('after a calm session, the ordinary step forward', async () => {
    const deps = testDeps();
    await givenCat(deps, 'u1', 'Miso', 'harness_buckle');
    await logSession(deps, { ownerId: 'u1', what: 'hid under the bed' });
    await setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone: 'Europe/Berlin' });
    const calm = await logSession(deps, { ownerId: 'u1', what: 'purred and took a treat' });
    expect(stageInfo('harness_buckle').steps).toContain(calm.nextStep);
    // Today's ordinary step is the same in the reply, in /progress and in today's check-in.
    expect((await getProgress(deps, { ownerId: 'u1' })).nextStep).toBe(calm.nextStep);
    expect(await checkInStepAt(deps, DUE_DAY_0, 'Miso')).toBe(calm.nextStep);
  });
});

describe('a possible-pain session is not a training session', () => {
  it('no celebration, no training step, no good day; the vet until the owner logs again', async () => {
    const deps = testDeps();
    await givenCat(deps, 'u1', 'Miso', 'harness_drape');
    await setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone: 'Europe/Berlin' });
    const logged = await logSession(deps, {
      ownerId: 'u1',
      what: 'limping, cried out when I touched her leg',
    });
    expect(logged.outcome).toBe('pain');
    expect(logged.milestones).toEqual([]);
    expect([logged.headline, ...logged.lines].join('\n')).not.toMatch(/🎉|First session/);
    expect(logged.lines.join(' ')).toMatch(/vet/);
    expect(logged.nextStep).toMatch(/vet/);
    expect(ORDINARY_STEPS.has(logged.nextStep)).toBe(false);

    const progress = await getProgress(deps, { ownerId: 'u1' });
    expect(progress.goodDays).toBe(0);
    expect(progress.nextStep).toMatch(/vet/);
    const checkIn = await checkInStepAt(deps, DUE_DAY_0, 'Miso');
    expect(checkIn).toMatch(/vet/);
    expect(ORDINARY_STEPS.has(checkIn ?? '')).toBe(false);

    // The next session the owner logs is training again, and the first one celebrated.
    const back = await logSession(deps, { ownerId: 'u1', what: 'relaxed, took a treat' });
    expect(back.milestones).toEqual(['first_session']);
    expect(stageInfo('harness_drape').steps).toContain(back.nextStep);
    expect(await checkInStepAt(deps, DUE_DAY_0 + DAY_MS, 'Miso')).not.toMatch(/vet/);
  });

  it('pain with severe stress steps back as the rules say, and the next step is still the vet', async () => {
    const deps = testDeps();
    await givenCat(deps, 'u1', 'Miso', 'harness_wear');
    const logged = await logSession(deps, { ownerId: 'u1', what: 'hissed when I touched his leg, limping' });
    expect(logged.items.map((i) => i.severity)).toEqual(expect.arrayContaining(['severe', 'pain']));
    expect(logged.outcome).toBe('step_back');
    expect(logged.stage.id).toBe('harness_buckle');
    expect(logged.milestones).toEqual([]);
    expect(logged.nextStep).toMatch(/vet/);
    expect(ORDINARY_STEPS.has(logged.nextStep)).toBe(false);
  });
});

describe('expected signals are not graded', () => {
  const worstOf = (deps: TestDeps) =>
    deps.db.$client.prepare('SELECT worst FROM sessions ORDER BY id').pluck().all() as (string | null)[];

  it('are read back as expected, stored as no stress, and explained once per cat', async () => {
    const deps = testDeps();
    await givenCat(deps, 'u1', 'Tofu', 'harness_wear');
    const first = await logSession(deps, { ownerId: 'u1', cat: 'Tofu', what: 'walked like a robot' });
    expect(first.items).toEqual([expect.objectContaining({ id: 'stiff_gait', expected: true })]);
    expect(first.outcome).not.toBe('stop');
    expect(first.lines.filter((l) => /normal/.test(l))).toHaveLength(1);
    // Not stress, so no stress advice either.
    expect(stageInfo('harness_wear').steps).toContain(first.nextStep);

    const second = await logSession(deps, { ownerId: 'u1', cat: 'Tofu', what: 'stiff walk again, purring' });
    expect(second.lines.some((l) => /normal/.test(l))).toBe(false);
    expect(worstOf(deps)).toEqual([null, 'win']);

    // Another cat learns it on its own journey.
    await givenCat(deps, 'u1', 'Pixel', 'leash_drag');
    const other = await logSession(deps, { ownerId: 'u1', cat: 'Pixel', what: 'stiff legged walk' });
    expect(other.lines.filter((l) => /normal/.test(l))).toHaveLength(1);
  });

  it('/progress shows an expected-only session as calm, not mild', async () => {
    const deps = testDeps();
    await givenCat(deps, 'u1', 'Tofu', 'first_outdoors');
    await logSession(deps, { ownerId: 'u1', what: 'froze like a statue, then ran back to the door' });
    const progress = await getProgress(deps, { ownerId: 'u1' });
    expect(progress.recent[0]?.worst).toBeNull();
    expect(progress.chart.sessions[0]?.worst).toBeNull();
  });
});
