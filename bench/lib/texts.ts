/** Realistic /log texts: everyday phrasings of cat body language, filler, and owners' typos. */
import { pickFrom, prng } from './stats.js';

const SIGNALS = [
  'sniffed the harness',
  'took treats the whole time',
  'gobbled the churu',
  'purred',
  'relaxed and lay down',
  'tail straight up',
  'slow blinked at me',
  'explored the hallway',
  'checked out the yard',
  'played with the leash',
  'walked ahead and led the way',
  'ears flat at the end',
  'airplane ears for a bit',
  'tail swishing',
  'thumping his tail',
  'licked her lips',
  'froze for a second',
  'crouched low',
  'walked away',
  'refused treats',
  'hid under the bed',
  'flopped over',
  'went rigid as a board',
  'tried to wiggle out of the harness',
  'hissed at the buckle',
  'growled',
  'bolted back to the door',
  'ran back inside',
  'swiped at me',
  'bit the leash',
  'pupils were huge',
  'limping a little',
  'cried when I touched his leg',
];

const FILLER = [
  'it was raining',
  'neighbour dog barked',
  'after dinner',
  'short one today',
  'kids were home',
  'used the blue harness',
  'in the living room',
  'on the balcony',
  'first time with the new leash',
  'he was sleepy',
  'she seemed curious',
  'we stopped early',
  'lots of birds outside',
  'good session overall',
];

const JOINERS = [', ', ' then ', ' and ', '. ', ', but ', '! ', ' – '];

function typo(word: string, random: () => number): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1); // dropped letter
    case 1:
      return word.slice(0, i) + word.charAt(i) + word.slice(i); // doubled letter
    case 2:
      return word.slice(0, i - 1) + word.charAt(i) + word.charAt(i - 1) + word.slice(i + 1); // swapped
    default:
      return word.toUpperCase(); // shouting
  }
}

/** `count` texts, 1–4 signals plus filler each; about one word in eight has a typo. */
export function makeTexts(count: number, seed = 7): string[] {
  const random = prng(seed);
  const texts: string[] = [];
  for (let n = 0; n < count; n++) {
    const parts: string[] = [];
    const signals = 1 + Math.floor(random() * 4);
    for (let s = 0; s < signals; s++) parts.push(pickFrom(SIGNALS, random));
    if (random() < 0.6) parts.splice(Math.floor(random() * parts.length), 0, pickFrom(FILLER, random));
    let text = parts[0] ?? '';
    for (const part of parts.slice(1)) text += pickFrom(JOINERS, random) + part;
    text = text
      .split(' ')
      .map((w) => (random() < 0.12 ? typo(w, random) : w))
      .join(' ');
    if (random() < 0.15) text += random() < 0.5 ? '!!' : ' 😾';
    texts.push(text);
  }
  return texts;
}
