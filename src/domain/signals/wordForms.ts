/** Spellings: how a typed word is normalised, and which forms a vocabulary word stands for. */

const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
const APOSTROPHES = /['’]/g;

/** Lowercase, without accents or apostrophes ("Didn’t" → "didnt"), the way vocabulary words are written. */
export function normaliseWord(raw: string): string {
  let word = raw.toLowerCase();
  if (NON_ASCII.test(word)) word = word.normalize('NFKD').replace(MARKS, '');
  return word.replace(APOSTROPHES, '');
}

/** Runs of one letter become one ("hisssed" → "hised"), so stretched and doubled spellings meet. */
export function collapseRuns(word: string): string {
  let out = '';
  let prev = '';
  for (const ch of word) {
    if (ch !== prev) out += ch;
    prev = ch;
  }
  return out;
}

/** `word*` accepts the usual inflections. Where English is irregular both spellings go in ("swivelled"/"swiveled"). */
export function inflect(word: string): string[] {
  const forms = [word];
  const stem = word.endsWith('e') && !word.endsWith('ee') ? word.slice(0, -1) : word;
  if (/(?:s|sh|ch|x|z)$/.test(word)) forms.push(`${word}es`);
  else if (/[^aeiou]y$/.test(word)) forms.push(`${word.slice(0, -1)}ies`, `${word.slice(0, -1)}ied`);
  else forms.push(`${word}s`);
  if (word.endsWith('c')) forms.push(`${word}ked`, `${word}king`);
  forms.push(word.endsWith('e') ? `${word}d` : `${word}ed`, `${stem}ing`);
  if (/(?:^|[^aeiou])[aeiou][bdglmnprt]$/.test(word)) {
    const last = word.slice(-1);
    forms.push(`${word}${last}ed`, `${word}${last}ing`);
  }
  return forms;
}
