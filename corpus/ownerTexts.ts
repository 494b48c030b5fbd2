/**
 * The owner-text corpus: logs written the way owners type on Discord, each with the signals a careful reader
 * takes from it. Shared by the corpus test (test/domain/corpus.test.ts) and the bench (item 3), so it lives
 * outside both. Each kind's texts are in corpus/texts/, one line per text:
 *
 *   stage | text | expected ids (space-separated, `-` for none) [| ids set aside] [| cat name]
 *
 * Stages are written short (scenery, drape, buckle, wear, drag, safari, outdoors, explorer).
 */
import type { StageId } from '../src/domain/stages.js';
import { EMOJI } from './texts/emoji.js';
import { EVERYDAY } from './texts/everyday.js';
import { LEAVING } from './texts/leaving.js';
import { LOOKALIKE } from './texts/lookalike.js';
import { NEGATION } from './texts/negation.js';
import { PAIN } from './texts/pain.js';
import { SLANG } from './texts/slang.js';
import { WHOSE } from './texts/whose.js';

/** The kinds of reading the corpus checks, as in issue 16. */
export const CORPUS_KINDS = [
  'everyday',
  'whose',
  'lookalike',
  'negation',
  'slang',
  'emoji',
  'pain',
  'leaving',
] as const;
export type CorpusKind = (typeof CORPUS_KINDS)[number];

export interface OwnerText {
  readonly kind: CorpusKind;
  readonly stage: StageId;
  readonly text: string;
  /** The signal ids a careful reader takes from the text, sorted. */
  readonly expect: readonly string[];
  /** When given, exactly these ids must be set aside (someone else's, or another sense). */
  readonly setAside?: readonly string[];
  readonly catName?: string;
}

const STAGES: Readonly<Record<string, StageId>> = {
  scenery: 'harness_scenery',
  drape: 'harness_drape',
  buckle: 'harness_buckle',
  wear: 'harness_wear',
  drag: 'leash_drag',
  safari: 'indoor_safari',
  outdoors: 'first_outdoors',
  explorer: 'outdoor_explorer',
};

const ids = (field: string): string[] =>
  field.trim() === '-' ? [] : field.trim().split(/\s+/).filter(Boolean).sort();

/** Parses one kind's block of lines; throws on a malformed line so a typo in the data fails loudly. */
export function parseBlock(kind: CorpusKind, block: string): OwnerText[] {
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [stageField = '', text = '', expect = '', setAside, catName] = line.split(' | ');
      const stage = STAGES[stageField.trim()];
      if (stage === undefined || text === '' || expect === '') throw new Error(`bad corpus line: ${line}`);
      const entry: OwnerText = { kind, stage, text, expect: ids(expect) };
      const aside = setAside !== undefined && setAside.trim() !== '' ? { setAside: ids(setAside) } : {};
      const name = catName !== undefined && catName.trim() !== '' ? { catName: catName.trim() } : {};
      return { ...entry, ...aside, ...name };
    });
}

/** Every text of the corpus, by kind. */
export const OWNER_TEXTS: readonly OwnerText[] = Object.freeze([
  ...parseBlock('everyday', EVERYDAY),
  ...parseBlock('whose', WHOSE),
  ...parseBlock('lookalike', LOOKALIKE),
  ...parseBlock('negation', NEGATION),
  ...parseBlock('slang', SLANG),
  ...parseBlock('emoji', EMOJI),
  ...parseBlock('pain', PAIN),
  ...parseBlock('leaving', LEAVING),
]);
