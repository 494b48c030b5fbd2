/**
 * Reading a log the way a person would, as data beside the vocabulary: whose signal a clause reports (the subject
 * rules) and which sense a look-alike word has (the sense rules). reading.ts compiles these once at module load;
 * signals.ts applies them to every match.
 *
 * Words are written the way the parser normalises them: lowercase, no apostrophes ("neighbours" for
 * "neighbour's").
 */

/** Who a clause is about. `joint` is "we": the owner and the cat together. */
export type SubjectKind = 'cat' | 'joint' | 'owner' | 'person' | 'animal' | 'thing';

/** Words that name a subject, by whose it is. The cat's own name is added per log (parseLog's `catName`). */
export const SUBJECT_WORDS: Readonly<Record<SubjectKind, readonly string[]>> = {
  cat: `she he they it her him them ours shes hes theyre herself himself themselves itself kitty kitten kitteh cat puss
    pusscat moggy moggie one floof floofball furball fluffball furbaby madam missy mister sir`.split(/\s+/),
  joint: ['we', 'weve'],
  owner: ['i', 'im', 'ive', 'id', 'myself'],
  person:
    `son daughter kid kids child children toddler husband hubby wife partner boyfriend girlfriend bf gf mum mom
    mam mother dad father sister sis brother bro nan nana gran grandma grandad granny grandpa aunt auntie uncle cousin
    neighbour neighbours neighbor neighbors friend friends mate flatmate roommate housemate visitor visitors guest guests
    postman postie mailman courier delivery plumber builder builders vet nurse groomer someone somebody people man
    woman lady guy bloke kiddo kiddos niece nephew`.split(/\s+/),
  animal:
    `dog dogs doggo doggy puppy pup pups pupper dogs cats kittens strays stray tomcat bird birds birdie pigeon
    pigeons crow crows magpie magpies squirrel squirrels fox foxes rabbit rabbits bunny possum possums raccoon raccoons
    lizard gecko horse cow cows sheep duck ducks goose geese hamster ferret parrot budgie deer hedgehog frog toad
    kangaroo roo wallaby cockatoo cockatoos kookaburra ibis lorikeet galah skunk coyote chipmunk bulldog labrador lab
    terrier spaniel collie poodle husky greyhound`.split(/\s+/),
  thing:
    `kettle radiator tap sprinkler hose car cars bus truck lorry ute motorbike bike vacuum hoover door gate wind
    rain thunder storm harness leash lead vest collar buckle clip tv telly phone bag washing dryer blender fireworks
    weather ground grass puddle puddles pond snow ice`.split(/\s+/),
};

/**
 * Subject words that take the clause over from a subject named before them ("the dog barked at her until *she*
 * hissed"). Other subject words only set the subject when none is named yet, or after a clause opener ("when",
 * "until"), so objects ("she watched the dog") do not steal it.
 */
export const NOMINATIVE_WORDS: readonly string[] =
  `she he they ours shes hes theyre i im ive id we weve`.split(/\s+/);

/** Nouns for a cat: the trained cat by default, another cat after OTHER_MARKERS or before FOLLOWING_MARKERS. */
export const CAT_NOUNS: readonly string[] = [
  'cat',
  'one',
  'kitty',
  'kitten',
  'kitteh',
  'puss',
  'pusscat',
  'moggy',
  'moggie',
];

/** "the *other* cat", "*another* cat", "a *stray* cat", "next door's cat", "the *neighbours* cat". */
export const OTHER_MARKERS: readonly string[] =
  `other another stray feral a some neighbours neighbors nextdoors older younger elder eldest youngest`.split(
    /\s+/,
  );

/** "the cat *next* door", "the cat *across* the road", "the cat *from* down the street". */
export const FOLLOWING_MARKERS: readonly string[] = ['next', 'across', 'opposite', 'from', 'down', 'over'];

/** Possessives that make a body-part signal the cat's, whoever is acting ("I touched *her* sore paw"). */
export const CAT_POSSESSIVES: readonly string[] = ['her', 'his', 'their', 'its'];

/**
 * Where a verb's object says more: bolting *under the bed* is also hiding. `leads` are the words the absorbed
 * object starts with.
 */
export const OBJECT_SIGNALS: readonly {
  readonly after: string;
  readonly leads: readonly string[];
  readonly adds: string;
}[] = [
  { after: 'bolting', leads: ['under', 'behind', 'beneath'], adds: 'hiding' },
  { after: 'retreating', leads: ['under', 'behind', 'beneath'], adds: 'hiding' },
];

/** Words that open a new clause inside a sentence, where a new subject may stand ("…until the dog barked"). */
export const CLAUSE_OPENERS: readonly string[] =
  `when whenever until till because cause cos coz as while after before
  once if since which who whom whose where so`.split(/\s+/);

/**
 * A noun after a verb or a preposition is an object ("clicked the *buckle*", "spooked by the *leash*"), not a
 * subject. Verbs are told by "-ed" and by these common irregular ones.
 */
export const VERB_WORDS: readonly string[] =
  `put took get got gave give let held hold brought made ran went saw set threw
  caught had left opened closed moved carried took tried kept keep lifted picked dropped watched`.split(
    /\s+/,
  );
export const PREPOSITIONS: readonly string[] =
  `by at of with to from on in under behind near over through into onto
  towards toward for about past around beside next`.split(/\s+/);

/** The owner watching: what follows is about what they saw ("I noticed ears flat" is the cat's). */
export const PERCEPTION_WORDS: readonly string[] =
  `saw see seen noticed notice think thought reckon swear guess
  heard hear watched watch spotted spot caught felt could tell looked`.split(/\s+/);

/** Contexts that give a look-alike word another sense. */
export type SenseContext =
  | 'weather'
  | 'light'
  | 'dark'
  | 'game'
  | 'hunting'
  | 'contentment'
  | 'wantingMore'
  | 'surface'
  | 'pain'
  | 'gear'
  | 'dressing';

/** The words (or two-word phrases) that set each context within a clause. */
export const CONTEXT_WORDS: Readonly<Record<SenseContext, readonly string[]>> = {
  weather:
    `weather morning afternoon evening day night frost frosty icy ice cold chilly rain raining rainy pouring
    drizzle drizzly snow snowing wind windy breeze breezy air outside degrees temperature temps storm stormy foggy
    fog hail miserable nippy brisk baltic arctic it_was its it_is`.split(/\s+/),
  // What narrows a cat's eyes without pain: sun, glare, wind.
  light:
    `sun sunny sunshine sunlight sunbeam sunbeams sunspot bright brightness light glare lamp torch flash against
    wind windy breeze breezy dust dusty`.split(/\s+/),
  dark: `dark darkness dim dusk night evening lamp lights_off`.split(/\s+/),
  game: `game games play playing played playtime toy toys wand feather teaser laser ball balls mouse mousie string seek
    fetch tunnel crinkle kicker catnip ambush ambushed ambushing hunt pounce pounced pouncing chase chasing zoomies
    treasure puzzle`.split(/\s+/),
  hunting:
    `bird birds birdie birdies squirrel squirrels pigeon pigeons bug bugs fly flies moth moths butterfly
    butterflies lizard gecko leaf leaves prey chatter chattered chattering chirping stalk stalked stalking hunting
    hunted lizards insects insect bee beetle grasshopper cricket`.split(/\s+/),
  contentment:
    `sunbeam sunbeams sunspot sunbathing sunbathe sunny sun warm belly tummy rubs rub scratches purr purred
    purring purrs roll rolled rolling rolls stretch stretched stretching nap napping asleep sleepy lap cuddle cuddles
    happily happy content contented bliss blissed blissful cosy cozy comfy blanket cushion smug shade shady hot heat cool`.split(
      /\s+/,
    ),
  wantingMore: `go_out go_outside back_out back_outside out_again outside_again stay_out stay_outside let_out
    for_more wanted_more wanting_more more_time get_out_again go_back more_please longer_outside out_longer`.split(
    /\s+/,
  ),
  surface:
    `puddle puddles pond ground lawn grass path patio step steps water leaves soil dirt bird_bath`.split(
      /\s+/,
    ),
  pain: `sore hurt hurting tender painful pain injured injury sprained bruised`.split(/\s+/),
  gear: `harness vest leash lead collar clip buckle`.split(/\s+/),
  dressing: ['on'],
};

/** A look-alike word's other sense: when `context` is present, the match is set aside (or read as `becomes`). */
export interface SenseRule {
  /** The vocabulary entry whose sense is at stake. */
  readonly signal: string;
  /** Only when the owner used one of these words (`word*` inflects); any of the entry's words when absent. */
  readonly words?: readonly string[];
  readonly context: SenseContext;
  /** How far to look for the context: the clause (joined across "and"), or only this many words after the match. */
  readonly near?: number;
  /** Look across the whole sentence (up to a full stop) rather than the clause. */
  readonly sentence?: boolean;
  /** Read as this entry instead (e.g. swatting at a feather wand is playing); set aside when absent. */
  readonly becomes?: string;
  /** Why, for the read-back ("in the sun"). */
  readonly why: string;
}

export const SENSE_RULES: readonly SenseRule[] = [
  // Weather: "a freezing morning", "it was freezing", "a chill in the air", "calm evening".
  { signal: 'freezing', words: ['freezing', 'frozen', 'freeze'], context: 'weather', why: 'the weather' },
  { signal: 'freezing', words: ['freezing', 'frozen'], context: 'surface', near: 1, why: 'the weather' },
  { signal: 'relaxed', words: ['chill', 'chilly', 'calm'], context: 'weather', near: 1, why: 'the weather' },
  { signal: 'relaxed', words: ['chill'], context: 'weather', why: 'the weather' },
  // Light: a squint or a glare against the sun is not pain or a stare; big pupils in the dark are just dark.
  {
    signal: 'squinting_hunched',
    words: ['squint*', 'squinty'],
    context: 'light',
    sentence: true,
    why: 'squinting at the light',
  },
  {
    signal: 'squinting_hunched',
    words: ['squint*', 'squinty'],
    context: 'contentment',
    why: 'a contented squint',
  },
  { signal: 'hard_stare', words: ['glare*'], context: 'light', why: 'the light' },
  { signal: 'dilated_pupils', context: 'dark', why: 'dim light' },
  // Games: hiding to ambush, swatting a wand, going nuts after a toy are play.
  { signal: 'hiding', context: 'game', becomes: 'playing', why: 'a game' },
  { signal: 'swatting', context: 'game', becomes: 'playing', why: 'a game' },
  { signal: 'bolting', context: 'game', sentence: true, becomes: 'playing', why: 'a game' },
  { signal: 'dilated_pupils', context: 'game', why: 'play' },
  { signal: 'hissing', words: ['spit*', 'spat'], context: 'game', why: 'a game' },
  // Hunting focus at a bird or a bug is attention, not fear.
  { signal: 'low_crouch', context: 'hunting', sentence: true, why: 'stalking' },
  { signal: 'tail_lashing', context: 'hunting', sentence: true, why: 'watching prey' },
  { signal: 'dilated_pupils', context: 'hunting', sentence: true, why: 'watching prey' },
  {
    signal: 'escape_attempt',
    words: ['wiggle*', 'wriggle*'],
    context: 'hunting',
    sentence: true,
    why: 'stalking',
  },
  { signal: 'hard_stare', words: ['stare*'], context: 'hunting', sentence: true, why: 'watching prey' },
  { signal: 'bolting', context: 'hunting', becomes: 'playing', why: 'chasing' },
  // Contentment: flopping in the sun for belly rubs is relaxing, not a protest.
  { signal: 'flopping', context: 'contentment', becomes: 'relaxed', why: 'contentment' },
  // Wanting more: crying or scratching at the door to go back out is the opposite of retreating.
  { signal: 'retreating', context: 'wantingMore', why: 'asking for more' },
  { signal: 'grumbling', context: 'wantingMore', why: 'asking for more' },
  { signal: 'crying_out', context: 'wantingMore', why: 'asking for more' },
  { signal: 'swatting', context: 'wantingMore', why: 'asking for more' },
  { signal: 'hiding', words: ['disappear*', 'vanish*'], context: 'wantingMore', why: 'asking for more' },
  // Pain: stiff and sore is soreness, not the harness's stiff walk (the pain itself is read on its own).
  { signal: 'stiff_gait', context: 'pain', why: 'soreness' },
  // Handling the gear: "took off the harness", "slipped the harness on her" are the owner's hands.
  { signal: 'bolting', words: ['took', 'take*'], context: 'gear', near: 2, why: 'taking the harness off' },
  { signal: 'escape_attempt', words: ['slip*'], context: 'dressing', near: 1, why: 'putting the harness on' },
];

/** The read-back's words for a subject that is not the trained cat; `{who}` is the subject as written. */
export const SUBJECT_WHY: Readonly<Record<Exclude<SubjectKind, 'cat'>, string>> = {
  joint: 'you both',
  owner: 'you',
  person: '{who}',
  animal: '{who}',
  thing: '{who}',
};
