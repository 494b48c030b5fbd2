import { describe, expect, it } from 'vitest';
import { SENSE_RULES } from '../../src/domain/signals/readingRules.js';
import { parseLog, type ParsedLog } from '../../src/domain/signals.js';
import type { StageId } from '../../src/domain/stages.js';

const read = (text: string, catName?: string, stage: StageId = 'outdoor_explorer'): ParsedLog =>
  parseLog(text, stage, catName === undefined ? {} : { catName });
const ids = (text: string, catName?: string): string[] => read(text, catName).items.map((i) => i.id);
const aside = (text: string, catName?: string): string[] =>
  (read(text, catName).setAside ?? []).map((i) => i.id);

/**
 * One example per sense rule, in SENSE_RULES order: a text where the context gives the word its other sense, and
 * one without that context, where the word is the signal.
 */
const SENSE_EXAMPLES: readonly { readonly other: string; readonly plain: string }[] = [
  { other: 'it was freezing this morning, she sniffed the step', plain: 'she kept freezing on the step' },
  { other: 'she sniffed the frozen puddle', plain: 'she was frozen on the spot' },
  { other: 'calm morning, she hid under the bed', plain: 'calm and curious' },
  { other: 'a chill in the air, she hid under the bed', plain: 'chill on the sofa' },
  { other: 'squinting at the sun', plain: 'squinting and hunched' },
  { other: 'squinting happily on my lap', plain: 'squinting one eye' },
  { other: 'she sat against the glare', plain: 'glared at me' },
  { other: 'pupils huge in the dark hallway', plain: 'pupils huge when the dog barked' },
  { other: 'hid behind the curtain to ambush the wand', plain: 'hid behind the curtain' },
  { other: 'swatted at the feather wand', plain: 'swatted at my hand' },
  { other: 'went nuts with the laser', plain: 'went nuts when the door banged' },
  { other: 'pupils huge with the toy', plain: 'pupils huge when the dog barked' },
  { other: 'spat at the toy mouse', plain: 'spat at me' },
  { other: 'crouched low watching a bird', plain: 'crouched low by the door' },
  { other: 'tail twitching at the birds', plain: 'tail twitching when I clipped the leash' },
  { other: 'pupils huge, watching a moth', plain: 'pupils huge when the dog barked' },
  { other: 'wiggled, eyes on the pigeon', plain: 'wiggled in the harness' },
  { other: 'a pigeon landed and she stared at it', plain: 'she stared at me' },
  { other: 'ran off after a butterfly', plain: 'ran off when the bus came' },
  { other: 'flopped over in the sun', plain: 'flopped over and refused to move' },
  { other: 'went back to the door wanting more', plain: 'went back to the door' },
  { other: 'cried at the door to go back out', plain: 'cried at the door' },
  { other: 'yelped to go back out', plain: 'yelped when I picked her up' },
  { other: 'swiped at the door to go out', plain: 'swiped at me' },
  { other: 'disappeared through the flap to go back out', plain: 'disappeared under the bed' },
  { other: 'stiff and sore on her back leg', plain: 'stiff but curious' },
  { other: 'took off the harness', plain: 'took off across the lawn' },
  { other: 'slipped the harness on', plain: 'slipped the harness' },
];

describe('sense rules (data beside the vocabulary)', () => {
  it('has an example for every rule', () => {
    expect(SENSE_EXAMPLES).toHaveLength(SENSE_RULES.length);
  });

  it.each(SENSE_RULES.map((rule, k) => [k, rule.signal, rule.context, rule, SENSE_EXAMPLES[k]] as const))(
    'rule %i: %s in a %s context',
    (_k, signal, _context, rule, example) => {
      expect(example).toBeDefined();
      if (example === undefined) return;
      const other = read(example.other);
      expect(other.items.map((i) => i.id)).not.toContain(signal);
      if (rule.becomes !== undefined) expect(other.items.map((i) => i.id)).toContain(rule.becomes);
      else
        expect(other.setAside?.find((s) => s.id === signal)).toMatchObject({
          reason: 'sense',
          why: rule.why,
        });
      expect(ids(example.plain)).toContain(signal);
    },
  );

  it('leaves the note holding what was set aside', () => {
    expect(read('squinting at the sun').note).toBe('squinting at the sun');
  });
});

describe('whose signal', () => {
  it.each<[string, string[], string[], string?]>([
    ['the cat next door hissed at us through the window', [], ['hissing']],
    ['the other cat hissed, she sniffed the fence', ['sniffing'], ['hissing']],
    ["my sister's puppy froze and she purred", ['purring'], ['freezing']],
    ['the dog growled and lunged', [], ['hissing']],
    ['the dog growled. froze', ['freezing'], ['hissing']],
    ['I froze when I saw the fox, she sniffed the air', ['sniffing'], ['freezing']],
    ['we went back inside', [], ['retreating']],
    ['we explored the garden', ['exploring'], []],
    ['I noticed her ears went flat', ['ears_flat'], []],
    ['when the dog barked she bolted', ['bolting'], []],
    ['spooked by the leash noise and bolted', ['bolting'], []],
    ['I touched her sore paw and she hissed', ['limping', 'hissing'], []],
    ['Mochi hissed at the dog', ['hissing'], [], 'Mochi'],
    ['Pounce pounced on the wand', ['playing'], [], 'Pounce'],
    ["the neighbour's cat was sniffing our gate, Luna stared it down", ['hard_stare'], ['sniffing'], 'Luna'],
  ])('%s → %j, set aside %j', (text, expected, setAside, catName) => {
    expect(ids(text, catName)).toEqual(expected);
    expect(aside(text, catName)).toEqual(setAside);
  });

  it('says whose it was, as the owner wrote it', () => {
    expect(read('the cat next door hissed at us').setAside).toMatchObject([
      { id: 'hissing', reason: 'animal', why: 'the cat next door', text: 'hissed' },
    ]);
    expect(read('my son was yelling').setAside).toMatchObject([{ reason: 'person', why: 'your son' }]);
    expect(read('I froze').setAside).toMatchObject([{ reason: 'owner', why: 'you' }]);
  });

  it('keeps the other subject’s words in the note', () => {
    expect(read('the cat next door hissed, she sniffed').note).toBe('cat next door hissed');
  });

  it('has no set-aside field when nothing was set aside', () => {
    expect(read('purred')).not.toHaveProperty('setAside');
  });
});

describe('negation scope', () => {
  it.each<[string, string[]]>([
    ['no growling whatsoever', []],
    ['zero escape attempts', []],
    ['no flat ears, no tail swishing', []],
    ['no hissing, growling or swatting', []],
    ["didn't hiss, growl or swat, but purred", ['purring']],
    ['no hissing, ears flat', ['ears_flat']],
    ['no hissing. then she swatted', ['swatting']],
    ['no hissing and she purred', ['purring']],
    ['no swatting no biting just a bit of grumbling', ['grumbling']],
    ['hissing: none', []],
    ['escape attempts: 0', []],
    ["couldn't stop purring", ['purring']],
    ['never seen her so relaxed', ['relaxed']],
    ["she didn't refuse a single treat", ['took_treat']],
  ])('%s → %j', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});

describe('emoji', () => {
  it.each<[string, string[]]>([
    ['harness drape 😾', ['grumbling']],
    ['clicked the buckle 🙀', ['bolting']],
    ['garden time 😻', ['relaxed']],
    ['hissed 😾', ['hissing']],
    ['ears flat 😾', ['ears_flat']],
    ['the dog next door 🙀 she stayed calm', ['relaxed']],
    ['no 😾 today', []],
  ])('%s → %j', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});

describe('pain said plainly, in a good session', () => {
  it.each<[string, string]>([
    ["great walk, sniffed everything, but she hasn't eaten since yesterday", 'not_eating'],
    ['purred and explored, favouring her front paw since the jump', 'limping'],
    ['sat hunched and squinty', 'squinting_hunched'],
  ])('%s → %s', (text, id) => {
    expect(read(text).items.find((i) => i.id === id)).toMatchObject({ severity: 'pain' });
  });
});
