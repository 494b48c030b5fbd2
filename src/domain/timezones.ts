/**
 * Time zone search for the `/checkin set timezone:` autocomplete. Owners type a city, often
 * misspelled or without accents; we answer with IANA names, best match first.
 */
import { editDistance } from './editDistance.js';
import { listTimeZones, ZONE_RENAMES } from './schedule.js';

// Longer input is no longer a zone fragment, and bounding it bounds the fuzzy matching cost.
const MAX_FRAGMENT = 40;

/** Offered before the owner types anything, and ranked first among equally good matches. */
const POPULAR_ZONES = [
  'UTC',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Mexico_City',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Amsterdam',
  'Europe/Stockholm',
  'Europe/Warsaw',
  'Europe/Kyiv',
  'Africa/Johannesburg',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Vancouver',
  'Europe/Istanbul',
  'Asia/Dubai',
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Seoul',
  'Asia/Jakarta',
  'Australia/Melbourne',
] as const;

/** Words owners type that are not in any zone name: big cities sharing a zone, and common names. */
const EXTRA_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  UTC: ['gmt', 'universal', 'zulu'],
  'America/New_York': ['eastern', 'boston', 'washington', 'miami', 'atlanta'],
  'America/Chicago': ['central', 'dallas', 'houston'],
  'America/Denver': ['mountain'],
  'America/Los_Angeles': ['pacific time', 'san francisco', 'seattle'],
  'Asia/Kolkata': ['india', 'mumbai', 'delhi', 'bangalore', 'bengaluru'],
  'Asia/Shanghai': ['china', 'beijing'],
  'Europe/Zurich': ['switzerland', 'geneva'],
};

interface Entry {
  readonly name: string;
  /** The whole name folded: 'america/argentina/buenos aires'. */
  readonly key: string;
  /** City and other words that name this zone, folded: ['buenos aires']. */
  readonly words: readonly string[];
  /** letterMask of each word, same order. */
  readonly masks: readonly number[];
  readonly popularity: number;
}

/** Lowercase, accents off, and '_', '-' and runs of spaces alike, so 'São_Paulo' meets 'sao paulo'. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .trim();
}

/** One bit per letter a–z, and one for anything else. */
function letterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i += 1) {
    const letter = text.charCodeAt(i) - 97;
    mask |= letter >= 0 && letter < 26 ? 1 << letter : 1 << 26;
  }
  return mask;
}

function bitCount(value: number): number {
  let count = 0;
  for (let bits = value; bits !== 0; bits &= bits - 1) count += 1;
  return count;
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

const popularityOf = new Map<string, number>(POPULAR_ZONES.map((name, index) => [name, index]));

const legacyNamesOf = new Map<string, string[]>();
for (const [legacy, modern] of ZONE_RENAMES) {
  legacyNamesOf.set(modern, [...(legacyNamesOf.get(modern) ?? []), legacy]);
}

const ENTRIES: readonly Entry[] = listTimeZones().map((name) => {
  const words = [lastSegment(name), ...(legacyNamesOf.get(name) ?? []).map(lastSegment)].map(fold);
  words.push(...(EXTRA_KEYWORDS[name] ?? []));
  const unique = [...new Set(words)];
  return {
    name,
    key: fold(name),
    words: unique,
    masks: unique.map(letterMask),
    popularity: popularityOf.get(name) ?? POPULAR_ZONES.length,
  };
});

const DEFAULT_ZONES: readonly string[] = POPULAR_ZONES.filter((name) => ENTRIES.some((e) => e.name === name));

/** Lower is better; the order of the tiers in the search's contract. */
const Rank = { ExactCity: 0, CityPrefix: 1, WordPrefix: 2, Substring: 3, Typo: 4, None: 5 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

interface Query {
  readonly text: string;
  /** text after a space, and after a slash: the start of a later word or segment. */
  readonly asWord: string;
  readonly asSegment: string;
  readonly mask: number;
  readonly maxTypos: number;
}

function rankOf(entry: Entry, query: Query): Rank {
  let rank: Rank = Rank.None;
  for (const word of entry.words) {
    if (word === query.text) return Rank.ExactCity;
    if (word.startsWith(query.text)) rank = Rank.CityPrefix;
    else if (rank > Rank.WordPrefix && word.includes(query.asWord)) rank = Rank.WordPrefix;
    else if (rank > Rank.Substring && word.includes(query.text)) rank = Rank.Substring;
  }
  if (rank < Rank.Substring) return rank;
  // The region ('europe', 'america/arg') or any other part of the full name.
  if (entry.key.startsWith(query.text) || entry.key.includes(query.asSegment)) return Rank.WordPrefix;
  if (rank === Rank.Substring || entry.key.includes(query.text)) return Rank.Substring;
  const { maxTypos } = query;
  if (maxTypos === 0) return Rank.None;
  for (const [index, word] of entry.words.entries()) {
    // Each edit brings in at most one letter the word lacks: a cheap bound that spares most of the
    // edit-distance work, which is what would otherwise dominate a search.
    if (bitCount(query.mask & ~(entry.masks[index] ?? 0)) > maxTypos) continue;
    // Compare with the start of the city too: owners type typos before finishing a name.
    const prefix = word.slice(0, query.text.length);
    if (
      editDistance(query.text, prefix, maxTypos) <= maxTypos ||
      editDistance(query.text, word, maxTypos) <= maxTypos
    ) {
      return Rank.Typo;
    }
  }
  return Rank.None;
}

/** Up to `limit` (default 25) IANA zone names matching a fragment typed by an owner: city or region, case-insensitive, spaces/underscores alike, prefix of city first then substring then fuzzy (small typos). Empty fragment → a sensible default list of popular zones. */
export function searchTimeZones(fragment: string, limit: number): readonly string[] {
  const count = Math.max(0, Math.floor(limit));
  const text = fold(fragment).slice(0, MAX_FRAGMENT);
  if (text === '') return DEFAULT_ZONES.slice(0, count);

  const query: Query = {
    text,
    asWord: ` ${text}`,
    asSegment: `/${text}`,
    mask: letterMask(text),
    // Short fragments match too much by accident to allow typos.
    maxTypos: text.length < 4 ? 0 : text.length < 8 ? 1 : 2,
  };
  const matches: { entry: Entry; rank: Rank }[] = [];
  for (const entry of ENTRIES) {
    const rank = rankOf(entry, query);
    if (rank !== Rank.None) matches.push({ entry, rank });
  }
  // ENTRIES is sorted by name already and sort is stable, so name order breaks the remaining ties.
  matches.sort((a, b) => a.rank - b.rank || a.entry.popularity - b.entry.popularity);
  return matches.slice(0, count).map((match) => match.entry.name);
}
