import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/services/errors.js';
import { getProgress } from '../../src/services/progress.js';
import { answerOffer, logSession, parseMinutesText } from '../../src/services/sessions.js';
import { days } from '../support/fakeClock.js';
import { backendDeps, givenCat, type BackendDeps } from '../support/factories.js';

const count = async (deps: BackendDeps, table: string) =>
  (await deps.data.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table}`))[0]?.n;

async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
    return 'no error';
  } catch (error) {
    if (error instanceof UserFacingError) return error.code;
    throw error;
  }
}

describe('logSession', () => {
  it('reads back signals with severities, keeps the rest as a note, stores it all', async () => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Mochi', 'harness_drape');
    const view = await logSession(deps, {
      ownerId: 'u1',
      what: 'sniffed the harness, ears flat, ate dinner nearby',
      minutes: 3,
    });
    expect(view.items.map((i) => [i.label, i.severity])).toContainEqual(['ears flat', 'moderate']);
    expect(view.outcome).toBe('stop');
    expect(view.keptText).toMatch(/dinner/);
    expect(view.lines.join(' ')).toMatch(/last step/i);
    const rows = await deps.data.query('SELECT minutes, outcome, worst, local_date FROM sessions');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual({ minutes: 3, outcome: 'stop', worst: 'moderate', local_date: '2026-11-25' });
  });

  it('a severe signal steps back a stage and records the change', async () => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Mochi', 'harness_buckle');
    const view = await logSession(deps, { ownerId: 'u1', what: 'hissed and tried to escape' });
    expect(view.outcome).toBe('step_back');
    expect(view.stage.id).toBe('harness_drape');
    expect(view.lines.join(' ')).toMatch(/step|stage/i);
    expect(
      await deps.data.query("SELECT from_stage, to_stage FROM stage_changes WHERE reason = 'step_back'"),
    ).toEqual([
      {
        from_stage: 'harness_buckle',
        to_stage: 'harness_drape',
      },
    ]);
  });

  it("passes the cat's name to the parser and sets aside other subjects' signals, saying why", async () => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Pounce', 'indoor_safari');
    const view = await logSession(deps, {
      ownerId: 'u1',
      what: 'my sister’s puppy growled at her, Pounce pounced on the wand and purred',
    });
    expect(view.items.map((i) => i.label)).toEqual(['playing', 'purring']);
    expect(view.setAside).toEqual([{ text: 'growled', why: 'your sister’s puppy' }]);
    expect(view.outcome).not.toBe('step_back');
    expect(view.keptText).toContain('puppy growled');
  });

  it('nothing recognised is kept whole as a note, and said so', async () => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Mochi');
    const view = await logSession(deps, { ownerId: 'u1', what: 'asdkjh qwe' });
    expect(view.items).toEqual([]);
    expect(view.nothingRecognised).not.toBeNull();
    expect(view.keptText).toBe('asdkjh qwe');
  });

  it('good days on distinct local days earn an offer; accepting moves on; answering twice is stale', async () => {
    const deps = await backendDeps();
    const mochi = await givenCat(deps, 'u1', 'Mochi');
    let view = await logSession(deps, { ownerId: 'u1', what: 'ignored the harness, relaxed' });
    for (let d = 1; d < 3; d++) {
      deps.clock.advance(days(1));
      view = await logSession(deps, { ownerId: 'u1', what: 'sniffed it calmly' });
    }
    expect(view.offer).toMatchObject({ catId: mochi, from: 'harness_scenery', to: { id: 'harness_drape' } });
    expect(
      await codeOf(() =>
        answerOffer(deps, { ownerId: 'u2', catId: mochi, from: 'harness_scenery', accept: true }),
      ),
    ).toBe('not_your_button');
    expect(
      (await answerOffer(deps, { ownerId: 'u1', catId: mochi, from: 'harness_scenery', accept: true })).stage
        .id,
    ).toBe('harness_drape');
    expect(
      await codeOf(() =>
        answerOffer(deps, { ownerId: 'u1', catId: mochi, from: 'harness_scenery', accept: true }),
      ),
    ).toBe('stale_button');
    expect((await getProgress(deps, { ownerId: 'u1' })).stage.id).toBe('harness_drape');
  });

  it.each([
    [{ what: '' }, 'empty_text'],
    [{ what: '   ' }, 'empty_text'],
    [{ what: 'x'.repeat(1001) }, 'text_too_long'],
    [{ what: 'sniffed', minutes: 0 }, 'invalid_minutes'],
    [{ what: 'sniffed', minutes: 241 }, 'invalid_minutes'],
    [{ what: 'sniffed', minutes: 2.5 }, 'invalid_minutes'],
    [{ what: 'sniffed', note: 'n'.repeat(501) }, 'text_too_long'],
    [{ what: 'sniffed', cat: 'Garfield' }, 'unknown_cat'],
  ])('bad input %j → %s, and nothing stored is lost', async (input, expected) => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Mochi');
    await logSession(deps, { ownerId: 'u1', what: 'sniffed' });
    expect(await codeOf(() => logSession(deps, { ownerId: 'u1', ...input }))).toBe(expected);
    expect(await count(deps, 'sessions')).toBe(1);
  });

  it('several cats and none named is ambiguous', async () => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Mochi');
    await givenCat(deps, 'u1', 'Tofu');
    expect(await codeOf(() => logSession(deps, { ownerId: 'u1', what: 'sniffed' }))).toBe('ambiguous_cat');
  });

  it.each([
    ['', null],
    ['  ', null],
    ['5', 5],
    ['240', 240],
  ])('minutes typed in a form: %j → %s', (text, expected) => {
    expect(parseMinutesText(text)).toBe(expected);
  });

  it.each(['0', '241', 'five', '3.5', '-2'])(
    'minutes typed in a form: %j is refused kindly',
    async (text) => {
      expect(await codeOf(() => parseMinutesText(text))).toBe('invalid_minutes');
    },
  );
});

describe('getProgress', () => {
  it('streak over local days, recent sessions, trend, chart data', async () => {
    const deps = await backendDeps('2026-11-20T09:00:00Z');
    await givenCat(deps, 'u1', 'Mochi', 'harness_drape');
    const texts = ['ears flat', 'hid under the bed', 'relaxed', 'took a treat', 'purred', 'relaxed'];
    for (const what of texts) {
      await logSession(deps, { ownerId: 'u1', what });
      deps.clock.advance(days(1));
    }
    const view = await getProgress(deps, { ownerId: 'u1', cat: 'Mochi' });
    expect(view.totalSessions).toBe(6);
    expect(view.streak).toBe(6);
    expect(view.recent).toHaveLength(5);
    expect(view.trend).toBe('calmer');
    expect(view.chart.sessions).toHaveLength(6);
    expect(view.chart.stageChanges.map((c) => c.reason)).toContain('created');
  });

  it('a missed day breaks the streak; today not yet logged does not', async () => {
    const deps = await backendDeps('2026-11-20T09:00:00Z');
    await givenCat(deps, 'u1', 'Mochi');
    await logSession(deps, { ownerId: 'u1', what: 'relaxed' });
    deps.clock.advance(days(2));
    await logSession(deps, { ownerId: 'u1', what: 'relaxed' });
    deps.clock.advance(days(1));
    await logSession(deps, { ownerId: 'u1', what: 'relaxed' });
    deps.clock.advance(days(1));
    expect((await getProgress(deps, { ownerId: 'u1' })).streak).toBe(2);
  });
});
