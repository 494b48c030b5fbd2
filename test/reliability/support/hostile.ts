import fc from 'fast-check';

/** Pieces of text owners (or someone testing the bot) really type, and some they should not. */
const FRAGMENTS = [
  '@everyone',
  '@here',
  '<@200000000000000001>',
  '<@!200000000000000001>',
  '<@&300000000000000001>',
  '<#400000000000000001>',
  '</log:500000000000000001>',
  '**bold**',
  '__under__',
  '*',
  '_',
  '`',
  '```js\nx\n```',
  '> quote',
  '||spoiler||',
  '~~gone~~',
  '# Heading',
  '[link](https://example.com)',
  'https://discord.gg/invite',
  "'; DROP TABLE cats; --",
  '" OR 1=1 --',
  "Robert'); DELETE FROM sessions;--",
  '%',
  '_%',
  '\\',
  '\u0000',
  '\u0007',
  '\b',
  '\r\n',
  '\t',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u200b',
  '\u200f',
  '\u202e',
  '\ufeff',
  'مرحبا بالقطة',
  'חתול על רצועה',
  '\u202egnihtemos\u202c',
  '猫がハーネスを嗅いだ',
  '🐈‍⬛🦮',
  '👩🏽‍🦰',
  '🇩🇪',
  'ｅａｒｓ ｆｌａｔ',
  'EARS FLAT',
  'sniffed the harness',
  'ears flat',
  'hissed',
  'took a treat, then froze',
  'and',
  ',',
  ';',
  ' ',
  '09:30',
  'Europe/Berlin',
  '1',
  '-1',
  '9999999999999999999999',
  'NaN',
  'null',
  'undefined',
  '__proto__',
  'constructor',
];

const zalgo = fc
  .tuple(
    fc.constantFrom('a', 'Z', 'ł', 'カ', 'ß'),
    fc.array(fc.integer({ min: 0x300, max: 0x36f }), { minLength: 1, maxLength: 30 }),
  )
  .map(([base, marks]) => base + String.fromCodePoint(...marks));

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: zalgo },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 10, max: 400 }))
      .map(([s, n]) => s.repeat(n)),
  },
);

/** Cuts at a code point boundary to at most `max` UTF-16 units (what Discord's max_length counts here). */
export function cut(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** Hostile text of at most `maxLength` units; `minLength` 1 for required options. */
export function hostileText({ maxLength = 2000, minLength = 0 } = {}): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 5, arbitrary: fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')) },
      // The longest text allowed, to the last character.
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...FRAGMENTS)
          .map((s) => (s.length > 0 ? s.repeat(Math.ceil(maxLength / s.length)) : 'x'.repeat(maxLength))),
      },
    )
    .map((text) => cut(text, maxLength))
    .map((text) => (text.length < minLength ? cut(`${text}x`, maxLength) : text));
}

/** True when the string holds a lone surrogate (invalid UTF-16: Discord rejects such JSON). */
export function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}
