import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PARSED_CHARS, SIGNALS, parseLog, signalById } from '../../src/domain/signals.js';
import { suggestSignals } from '../../src/domain/suggestSignals.js';
import type { Severity } from '../../src/domain/severity.js';
import { STAGE_IDS, STAGE_RULES, type StageId } from '../../src/domain/stages.js';

const ids = (text: string, stage: StageId = 'indoor_safari'): string[] =>
  parseLog(text, stage).items.map((i) => i.id);

describe('parseLog: everyday phrasings', () => {
  it.each<[string, string]>([
    ['airplane ears', 'ears_flat'],
    ['his ears went flat', 'ears_flat'],
    ['ears pinned back', 'ears_flat'],
    ['gave me the stink eye', 'hard_stare'],
    ['a real death stare', 'hard_stare'],
    ['glared at the harness', 'hard_stare'],
    ['thumping his tail', 'tail_lashing'],
    ['tail swishing', 'tail_lashing'],
    ['pupils were huge', 'dilated_pupils'],
    ['eyes like saucers', 'dilated_pupils'],
    ['grumbled', 'grumbling'],
    ['hid under the bed', 'hiding'],
    ['ran under the couch', 'hiding'],
    ['refused treats', 'refusing_treats'],
    ["wouldn't take treats", 'refusing_treats'],
    ['ignored the treats', 'refusing_treats'],
    ['walked away', 'walking_away'],
    ['left the session', 'walking_away'],
    ['growled', 'hissing'],
    ['hissed', 'hissing'],
    ['went full Houdini', 'escape_attempt'],
    ['wiggled out', 'escape_attempt'],
    ['tried to escape', 'escape_attempt'],
    ['tried to get out of the harness', 'escape_attempt'],
    ['went rigid as a board', 'going_rigid'],
    ['puddle of protest', 'flopping'],
    ['flopped over', 'flopping'],
    ['refused to move', 'flopping'],
    ['went limp', 'flopping'],
    ['bolted', 'bolting'],
    ['panicked', 'bolting'],
    ['took off', 'bolting'],
    ['swiped at me', 'swatting'],
    ['bit me', 'swatting'],
    ['bit the harness', 'biting_harness'],
    ['chewing the leash', 'biting_harness'],
    ['stiff-legged gait', 'stiff_gait'],
    ['walked stiffly', 'stiff_gait'],
    ['froze', 'freezing'],
    ['statue', 'freezing'],
    ['crouched low', 'low_crouch'],
    ['licked his lips', 'lip_licking'],
    ['tail tucked', 'tail_low'],
    ['ears to the side', 'ears_sideways'],
    ['ran back to the door', 'retreating'],
    ['went back inside', 'retreating'],
    ['scrambled for the door', 'retreating'],
    ['sniffed the grass', 'sniffing'],
    ['had a good sniff', 'sniffing'],
    ['explored', 'exploring'],
    ['checked out the yard', 'exploring'],
    ['took treats', 'took_treat'],
    ['gobbled the churu', 'took_treat'],
    ['relaxed', 'relaxed'],
    ['fell asleep in the harness', 'relaxed'],
    ["didn't mind the harness", 'relaxed'],
    ['tail straight up', 'tail_up'],
    ['purred', 'purring'],
    ['made biscuits', 'kneading'],
    ['played with the leash', 'playing'],
    ['zoomies', 'playing'],
    ['slow blinked', 'slow_blink'],
    ['blinked slowly at me', 'slow_blink'],
    ['walked ahead', 'walking_ahead'],
    ['led the way', 'walking_ahead'],
    ['limping', 'limping'],
    ['favouring his back leg', 'limping'],
    ['squinting', 'squinting_hunched'],
    ['cried when I touched his leg', 'crying_out'],
    ['yelped when I picked him up', 'crying_out'],
    ["won't eat", 'not_eating'],
    ['no appetite', 'not_eating'],
    ['off his food', 'not_eating'],
  ])('%s → %s', (text, id) => {
    expect(ids(text)).toEqual([id]);
  });
});

describe('parseLog: typos and inflections', () => {
  it.each<[string, string]>([
    ['snifed', 'sniffing'],
    ['hisssed', 'hissing'],
    ['purrd', 'purring'],
    ['purrrrrr', 'purring'],
    ['explord', 'exploring'],
    ['hidding', 'hiding'],
    ['growlled', 'hissing'],
    ['explroed the hall', 'exploring'],
    ['investigtaed', 'exploring'],
    ['sniff', 'sniffing'],
    ['sniffs', 'sniffing'],
    ['sniffed', 'sniffing'],
    ['sniffing', 'sniffing'],
    ['hiss', 'hissing'],
    ['hissing', 'hissing'],
    ['HISSED!!!', 'hissing'],
    ['HÏSSÉD at me', 'hissing'],
  ])('%s → %s', (text, id) => {
    expect(ids(text)).toEqual([id]);
  });

  it.each([
    'hit the wall',
    'his bowl',
    'went hiking',
    'growing more confident',
    'it was pouring',
    'the child shuffled past',
    'a bit of a mess',
    'dropped the treat bag',
    'dropped a treat down',
    'took the harness off after 2 min',
    'turned the harness around',
    'I held his paw',
    'put the harness on',
  ])('does not read a signal into ordinary words: %s', (text) => {
    expect(ids(text)).toEqual([]);
  });
});

describe('parseLog: negation', () => {
  it.each<[string, string[]]>([
    ['no hissing today', []],
    ["didn't hiss", []],
    ['did not hiss', []],
    ['never froze', []],
    ['without any hissing', []],
    ['not scared', []],
    ['no ears flat', []],
    ['no escape attempts', []],
    ['no hissing or growling', []],
    ['no hissing and no swatting', []],
    ['no hissing and growling', []],
    ['no hissing but ears flat', ['ears_flat']],
    ['no hissing, ears flat', ['ears_flat']],
    ['no hissing and then ears flat', ['ears_flat']],
    ["didn't hiss and purred", ['purring']],
    ['no hissing; purred', ['purring']],
    ["no hissing, won't eat", ['not_eating']],
    ["didn't take treats", ['refusing_treats']],
    ['not interested in treats', ['refusing_treats']],
    ['no hissing, then hissed at the vacuum', ['hissing']],
  ])('%s → %j', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });

  it('understands negated words and leaves them out of the note', () => {
    expect(parseLog('not scared at all, no hissing today', 'harness_drape')).toEqual({ items: [], note: '' });
  });

  it('keeps a negation it cannot attach to anything as part of the note', () => {
    expect(parseLog("didn't want to go out", 'first_outdoors').note).toBe("didn't want to go out");
  });
});

describe('parseLog: several items', () => {
  it.each<[string, string[]]>([
    [
      'hissed, swatted; then hid & purred + kneaded. sniffed\nexplored',
      ['hissing', 'swatting', 'hiding', 'purring', 'kneading', 'sniffing', 'exploring'],
    ],
    ['airplane ears and a hard stare, then he walked away', ['ears_flat', 'hard_stare', 'walking_away']],
    ['froze like a statue, nose twitching, then explored the patio', ['freezing', 'sniffing', 'exploring']],
    ['went full Houdini, wiggled out of the harness and hid under the bed', ['escape_attempt', 'hiding']],
    ['slow blinked at me but tail lashing', ['slow_blink', 'tail_lashing']],
    ['growled then growled again and hissed', ['hissing']],
    ['limping a bit & not eating', ['limping', 'not_eating']],
  ])('%s → %j (text order, no duplicates)', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});

describe('parseLog: grades and stages', () => {
  it.each<[string, StageId, string, Severity, boolean]>([
    ['stiff-legged walk', 'harness_wear', 'stiff_gait', 'mild', true],
    ['stiff-legged walk', 'harness_drape', 'stiff_gait', 'mild', false],
    ['froze for a minute', 'first_outdoors', 'freezing', 'mild', true],
    ['froze for a minute', 'harness_buckle', 'freezing', 'mild', false],
    ['ran to the door', 'first_outdoors', 'retreating', 'mild', true],
    ['ran to the door', 'indoor_safari', 'retreating', 'mild', false],
    ['bolted back to the door', 'first_outdoors', 'bolting', 'severe', false],
    ['bolted', 'harness_scenery', 'bolting', 'severe', false],
    ['ears flat', 'first_outdoors', 'ears_flat', 'moderate', false],
    ['sniffed a dandelion', 'first_outdoors', 'sniffing', 'win', false],
    ['limping', 'first_outdoors', 'limping', 'pain', false],
  ])('%s at %s → %s (%s, expected %s)', (text, stage, id, severity, expected) => {
    const items = parseLog(text, stage).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id, severity, expected });
  });

  it('marks expected exactly from the stage rules', () => {
    for (const stage of STAGE_IDS) {
      for (const item of parseLog('stiff legs, froze, ran back inside, hissed', stage).items) {
        expect(item.expected).toBe(STAGE_RULES[stage].expectedSignals.includes(item.id));
      }
    }
  });
});

describe('parseLog: spans and notes', () => {
  it.each<[string, string, string]>([
    ['Today he gave me the stink eye again', 'hard_stare', 'gave me the stink eye'],
    ['first sniffed the harness, ate dinner', 'sniffing', 'sniffed the harness'],
    ['so proud: **hissed** once', 'hissing', 'hissed'],
    ['🐈 purred 🐈', 'purring', 'purred'],
    ['Z̷a̴l̸g̵o̶ and then HISSED', 'hissing', 'HISSED'],
  ])('%s → %s spans "%s"', (text, id, spanned) => {
    const item = parseLog(text, 'indoor_safari').items.find((i) => i.id === id);
    expect(item?.text).toBe(spanned);
    expect(item && text.slice(item.span.start, item.span.end)).toBe(spanned);
  });

  it.each<[string, string]>([
    ['sniffed the harness, ate dinner next to it', 'ate dinner next to it'],
    ['he ate dinner today, then purred', 'ate dinner'],
    ['purred', ''],
    ['he was a bit stiff today', ''],
    ['no hissing today', ''],
    ['swiped at me', ''],
    ['half a minute of sniffing, then a dash for the door', 'half a minute'],
    ['carried him to the patio, he froze', 'carried him to the patio'],
    ['vet visit yesterday,,, purred   and   slept', 'vet visit yesterday'],
    ['hissed at the cat next door 😾', 'next door 😾'],
    ['walked around the living room with the harness on', 'harness on'],
    ['', ''],
  ])('note for %j is %j', (text, note) => {
    expect(parseLog(text, 'first_outdoors').note).toBe(note);
  });

  it('keeps only the first occurrence of an id', () => {
    const { items } = parseLog('purred, sniffed, purred again', 'indoor_safari');
    expect(items.map((i) => [i.id, i.span.start])).toEqual([
      ['purring', 0],
      ['sniffing', 8],
    ]);
  });
});

describe('SIGNALS', () => {
  it('has unique snake_case ids and the ids the rest of the code relies on', () => {
    const all = SIGNALS.map((s) => s.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    expect(signalById('stiff_gait')?.severity).toBe('mild');
    expect(signalById('freezing')?.severity).toBe('mild');
    expect(signalById('retreating')?.severity).toBe('mild');
    expect(signalById('sniffing')?.severity).toBe('win');
    expect(signalById('exploring')?.severity).toBe('win');
    expect(SIGNALS.filter((s) => s.severity === 'pain').map((s) => s.id)).toEqual([
      'limping',
      'squinting_hunched',
      'crying_out',
      'not_eating',
    ]);
  });

  it.each(SIGNALS.map((s) => [s.id, s.label] as const))(
    '%s is reachable from its own label "%s"',
    (id, label) => {
      expect(parseLog(label, 'harness_scenery')).toMatchObject({ items: [{ id }], note: '' });
    },
  );

  it('covers every grade', () => {
    const grades = new Set(SIGNALS.map((s) => s.severity));
    expect([...grades].sort()).toEqual(['mild', 'moderate', 'pain', 'severe', 'win']);
  });
});

describe('suggestSignals', () => {
  it.each<[string, string]>([
    ['hiss', 'hissing'],
    ['purrr', 'purring'],
    ['growl', 'hissing'],
    ['houdini', 'escape_attempt'],
    ['biscuits', 'kneading'],
    ['airplane ears', 'ears_flat'],
    ['kneding', 'kneading'],
    ['Sniff', 'sniffing'],
  ])('%s → %s first', (fragment, id) => {
    expect(suggestSignals(fragment, 25)[0]?.id).toBe(id);
  });

  it('lists the ear entries for "ears"', () => {
    expect(suggestSignals('ears', 25).map((s) => s.id)).toEqual(['ears_sideways', 'ears_flat']);
  });

  it('puts prefix matches before word-start matches', () => {
    const found = suggestSignals('walk', 25).map((s) => s.id);
    expect(found.slice(0, 2)).toEqual(['walking_away', 'walking_ahead']);
    expect(found).toContain('stiff_gait');
  });

  it('groups by grade name', () => {
    expect(suggestSignals('pain', 25).map((s) => s.id)).toEqual([
      'limping',
      'squinting_hunched',
      'crying_out',
      'not_eating',
    ]);
  });

  it('respects the limit and handles empty or silly input', () => {
    expect(suggestSignals('', 5)).toHaveLength(5);
    expect(suggestSignals('', 1000)).toHaveLength(SIGNALS.length);
    expect(suggestSignals('tail', 2)).toHaveLength(2);
    expect(suggestSignals('hiss', 0)).toEqual([]);
    expect(suggestSignals('hiss', Number.NaN)[0]?.id).toBe('hissing');
    expect(suggestSignals('xyzzy', 25)).toEqual([]);
    expect(suggestSignals('💥'.repeat(500), 25)).toEqual(suggestSignals('', 25));
  });
});

describe('robustness', () => {
  const hostile = [
    '',
    ' ',
    '\u0000\u0001\u0007\u001b[31m',
    '@everyone @here <@123> hissed',
    '**bold** _it_ `code` ```js\nalert(1)\n``` > quote ||spoiler||',
    'Z̷̡̢̛̛̛̖̗̘̙̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌ͅ',
    'مرحبا هسهس \u202e hissed \u202c',
    '😺😾🙀'.repeat(300),
    '\ud800 lone surrogate \udc00',
    'no '.repeat(700),
    'hissed '.repeat(400),
    'a,'.repeat(1500),
    'ab,'.repeat(700),
    'x'.repeat(5000),
  ];

  it.each(hostile.map((t) => [t.slice(0, 30), t] as const))('never throws on %j…', (_label, text) => {
    const parsed = parseLog(text, 'first_outdoors');
    expect(parsed.note.length).toBeLessThanOrEqual(MAX_PARSED_CHARS);
    expect(parsed.items.length).toBeLessThanOrEqual(SIGNALS.length);
    expect(() => suggestSignals(text, 25)).not.toThrow();
  });

  it('only reads the first 2,000 characters', () => {
    const text = `${'ate dinner '.repeat(200)}hissed`;
    expect(text.length).toBeGreaterThan(MAX_PARSED_CHARS);
    expect(ids(text)).toEqual([]);
  });

  it('drops bidi overrides and control characters from the note', () => {
    expect(parseLog('ate\u202e dinner\u0007 well', 'indoor_safari').note).toBe('ate dinner well');
  });

  it('holds its invariants for arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.constantFrom(...STAGE_IDS),
        (text, stage) => {
          const { items, note } = parseLog(text, stage);
          expect(note.length).toBeLessThanOrEqual(2 * text.length);
          expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
          let previousEnd = 0;
          for (const item of items) {
            expect(text.slice(item.span.start, item.span.end)).toBe(item.text);
            expect(item.span.start).toBeGreaterThanOrEqual(previousEnd);
            previousEnd = item.span.end;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
