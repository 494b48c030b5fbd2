/**
 * The signals `/log` understands and the ways owners say them, as data. vocabulary.ts compiles the phrases once at
 * module load.
 *
 * Phrase syntax (small on purpose):
 * - slots are separated by spaces; a slot lists alternatives with `|`; a trailing `?` makes the slot optional;
 * - `word*` also accepts the usual inflections (hiss → hisses, hissed, hissing; flop → flopped…);
 * - `@neg` stands for any negation word (not, didn't, won't…), for phrases like "won't eat";
 * - up to two filler words may sit between slots ("ears *went* flat", "tail *held* high"); a leading `^` forbids
 *   that for the slot ("took ^off" must not read "took the harness off").
 * Words are written lowercase and without apostrophes ("didnt"), as the parser normalises input that way.
 */
import type { Severity } from '../severity.js';

export interface SignalEntry {
  readonly id: string;
  readonly label: string;
  readonly severity: Severity;
  /** Ways owners say it. The label itself must also be recognised (a test checks it). */
  readonly phrases: readonly string[];
}

const TREATS = 'treat*|snack*|churu*|reward*|goodies|goody|kibble|tuna|chicken|lickable*|temptations';
const HOME = 'door*|doorway|inside|indoors|home|house|flap|catflap|porch';
const TO_HOME = `back? to|for|towards|toward|into? the? ${HOME}`;
const MOVE_BACK =
  'scramble*|ran|run*|went|go*|goes|head*|dash*|rush*|hurry|hurried|hurrying|scurry|scurried|scoot*|came|come*|walk*|trot*|dart*|beeline*|hightail*|made';
const RUN_OFF = 'ran|run*|raced|race*|shot|took|darted|dart*|sprint*|zoom*|tore|fled|flee*';
const TOUCH = 'touch*|pick*|lift*|pet*|petted|stroke*|handle*|press*|groom*|brush*|held|hold*|felt|feel*';
const HARNESS = 'harness*|vest|strap*|buckle*|leash*|lead|clip';
const BITE =
  'chew*|gnaw*|bit|bite*|biting|bitten|nibble*|claw*|scratch*|attack*|tore|tear*|rip*|ripped|swat*|swipe*';
const FOOD = 'food|meal*|dinner|breakfast|lunch|supper|kibble|bowl*';

export const SIGNAL_ENTRIES: readonly SignalEntry[] = [
  // mild
  {
    id: 'stiff_gait',
    label: 'stiff-legged walk',
    severity: 'mild',
    phrases: [
      'stiff*|stiffly|stiffness legged|leg|legs? gait|walk*|walking|steps?',
      'walk*|walking|moved|moving|went|go*|goes stiff*|stiffly|funny|funnily|weird|weirdly|strange|strangely|awkward|awkwardly legged|leg|legs?',
      'walk*|walking like robot*|soldier*|penguin*',
      'robot|robotic walk*|walking|gait',
      'high step*|stepping',
      'tin soldier*',
    ],
  },
  {
    id: 'freezing',
    label: 'freezing',
    severity: 'mild',
    phrases: [
      'freeze*|froze|frozen|freezes',
      'like? statue*',
      'stood|standing|stayed|staying|stopped|sat|stand* still|dead|frozen',
      'did? didnt|not|never move|moved|moving|budge|budged',
    ],
  },
  {
    id: 'low_crouch',
    label: 'low crouch',
    severity: 'mild',
    phrases: [
      'low? crouch*|crouching low?',
      'slunk|slink*|slinking|slinky',
      'belly|tummy|stomach low|down|ground|floor',
      'army|commando|low crawl*',
      'crawl*|crawling',
      'hunker*|hunkered down?',
      'hunch*|hunched down|low',
      'walk*|walking|stay*|stayed|kept|move*|moving|creep*|crept|went|go*|slid low|flat',
      'low to? the? ground|floor',
    ],
  },
  {
    id: 'lip_licking',
    label: 'lip licking',
    severity: 'mild',
    phrases: ['lick*|licking lip*|nose|chops|mouth', 'lip*|nose lick*|licking', 'tongue flick*'],
  },
  {
    id: 'tail_low',
    label: 'tail low',
    severity: 'mild',
    phrases: [
      'tail* low|lowered|down|tucked|dropped|drooping|droopy|between|under',
      'low|tucked|lowered|droopy|drooping tail*',
    ],
  },
  {
    id: 'ears_sideways',
    label: 'ears turned sideways',
    severity: 'mild',
    phrases: [
      'ear* turned? sideways|side|sides|swivel*|swivelled|swiveling|rotate*|turned|out',
      'sideways|swivel*|swivelling|swiveling ear*',
    ],
  },
  {
    id: 'retreating',
    label: 'retreating to the door',
    severity: 'mild',
    phrases: [
      'retreat*|scramble*',
      `${MOVE_BACK} ${TO_HOME}`,
      `${MOVE_BACK} back in|inside|indoors|home|house`,
      `back to|at? the? ${HOME}`,
      'back inside|indoors',
      'wanted|asked|begged|tried|try*|trying|wants to? go|get|come? back? in|inside|indoors|home',
      'turned|turn* ^around|back',
    ],
  },
  // moderate
  {
    id: 'ears_flat',
    label: 'ears flat',
    severity: 'moderate',
    phrases: [
      'ear* turned? flat*|flattened|pinned|back|down|plastered|pressed|folded|airplane*|aeroplane*|plane',
      'flat|flattened|pinned|airplane*|aeroplane*|plane|helicopter ear*',
      'airplane|aeroplane mode',
    ],
  },
  {
    id: 'hard_stare',
    label: 'hard stare',
    severity: 'moderate',
    phrases: [
      'hard|death|dirty|cold|mean|evil|intense|angry stare*|staring|look*|glare*',
      'gave|give*|giving|got? stink*|side eye*|eyes|look|looks',
      'stink* eye*|eyes',
      'stinkeye',
      'side eyed|eyeing',
      'glare*|glaring|glared',
      'stare*|staring|stared at? me|us down?',
      'stare* ^down',
    ],
  },
  {
    id: 'tail_lashing',
    label: 'tail lashing',
    severity: 'moderate',
    phrases: [
      'tail* lash*|thump*|thrash*|swish*|flick*|whip*|slap*|wag*|twitch*|flail*|thwack*|bang*|swing*|swung|flip*',
      'lash*|thump*|swish*|whip*|wag*|flick*|thrash*|bang*|slap* tail*',
      'lash*|lashed|lashing',
      'thump*',
    ],
  },
  {
    id: 'dilated_pupils',
    label: 'dilated pupils',
    severity: 'moderate',
    phrases: [
      'dilate*|dilated pupil*|eye*',
      'pupil* dilate*|dilated|huge|big|wide|blown|massive|black|round|saucer*',
      'big|huge|wide|blown|black|massive|giant|round pupil*',
      'eye* like? huge|wide|black|saucer*|massive',
      'saucer|wide eye*|eyed',
      'wide eyed',
    ],
  },
  {
    id: 'grumbling',
    label: 'grumbling',
    severity: 'moderate',
    phrases: [
      'grumble*|grumbling|grumbly',
      'complain*|complaining',
      'mutter*|muttering',
      'whine*|whining|whiny',
      'yowl*|yowling',
      'grunt*',
      'unhappy|angry|cross|annoyed|complaining|grumpy|cranky meow*|noise*|sound*|mrrp*|chirp*',
    ],
  },
  {
    id: 'hiding',
    label: 'hiding',
    severity: 'moderate',
    phrases: [
      'hide*|hid|hidden|hiding',
      'ran|run*|went|go*|dove|dived|dive*|crawl*|crept|dart*|scurry|scurried|shot|squeeze*|retreat*|disappear*|vanish*|stay* under|behind|beneath',
      'disappear*|disappeared|vanish*',
      'took|take* cover',
      'hidey|hiding hole|spot|place',
    ],
  },
  {
    id: 'refusing_treats',
    label: 'refusing treats',
    severity: 'moderate',
    phrases: [
      `refuse*|reject*|ignore*|snub*|decline*|turn*|turned down? ${TREATS}`,
      `@neg take|took|taking|takes|eat*|ate|eating|want*|wanted|accept*|touch*|interest|interested|care|fan|look* ${TREATS}`,
      `${TREATS} refused|ignored|rejected|untouched|uneaten|declined`,
      `spit*|spat out ${TREATS}`,
      `no interest in? ${TREATS}`,
    ],
  },
  {
    id: 'walking_away',
    label: 'walking away',
    severity: 'moderate',
    phrases: [
      'walk*|wander*|stalk*|stomp*|stroll*|trot*|moved|moving|saunter*|sashay*|strut* ^away|off|out',
      'left|abandon*|quit|quitting|ended|end*|exit*|leaves|leave|leaving the? session|training|lesson',
      'walk*|stalk*|stomp*|strut* out of? the? session|training|lesson|room',
      'turned|turn* his|her|their? back',
    ],
  },
  // severe
  {
    id: 'hissing',
    label: 'hissing or growling',
    severity: 'severe',
    phrases: [
      'hiss*|hissy|hissed|hissing',
      'growl*|growled|growling|growly',
      'snarl*',
      'spit*|spat|spitting',
      'low growl*',
    ],
  },
  {
    id: 'escape_attempt',
    label: 'escape attempt',
    severity: 'severe',
    phrases: [
      'escape* attempt*|artist?',
      'tried|try*|trying|attempt*|attempted|wanted|want* to? escape*',
      'full? houdini|houdinis|houdinied|houdinid|houdinying|houdinied|houdinying',
      'went|go*|goes|going|pull*|pulled|did|doing houdini|houdinis',
      'tried|try*|trying|attempt*|wanted to? get|wriggle|wiggle|squirm|slip|back|wrestle|twist|worm out',
      'wiggle*|wriggle*|squirm*|slip*|backed|twist*|wrestle*|worm* out of? the? harness*|vest?',
      'got|get*|gotten out of harness*|vest',
      `slip*|shed|shook|shake* off? ${HARNESS}`,
      'wiggle*|wriggle*|squirm*|struggle*|thrash*',
      `fought|fight*|fighting|wrestle* the? ${HARNESS}`,
    ],
  },
  {
    id: 'going_rigid',
    label: 'going rigid',
    severity: 'severe',
    phrases: [
      'went|go*|goes|going|turned|became|stay*|stayed rigid|rigidly|solid',
      'rigid|rigidly',
      'stiff*|rigid as? board|plank|rock|brick',
      'like board|plank|brick',
      'went|go*|goes|going stiff* as? board|plank|rock|brick',
    ],
  },
  {
    id: 'flopping',
    label: 'flopping, refusing to move',
    severity: 'severe',
    phrases: [
      'flop*|flopped|flopping|plop*|plopped|pancake*|pancaked|melt*|melted|melting',
      'puddle* of? protest?',
      'went|go*|goes|going limp|boneless|floppy|dead|noodle',
      'dead weight',
      'play* dead',
      'fell|fall*|collapse*|drop* ^over|down|sideways|flat',
      'collapse*',
      'refuse*|refused|refusing to? move|moving|budge|walk|walking|stand|get|go',
      'wouldnt|wont|cant|couldnt move|budge|walk|stand',
    ],
  },
  {
    id: 'bolting',
    label: 'panic or bolting',
    severity: 'severe',
    phrases: [
      `bolt*|bolted|bolting ${TO_HOME}`,
      'bolt*|bolted|bolting',
      'panic*|panicked|panicking|panicky',
      'freak*|freaked|freaking out?',
      `${RUN_OFF} ^away|off`,
      'fled|flee*|fleeing',
      'went|go*|goes|going crazy|nuts|berserk|ballistic|feral|bonkers',
    ],
  },
  {
    id: 'swatting',
    label: 'swatting',
    severity: 'severe',
    phrases: [
      'swat*|swatted|swatting|swipe*|swiped|swiping|smack*|whack*|slap*',
      'lash*|lashed|lashing out',
      'claw*|clawed|scratch*|scratched at? me|my|us|hand|hands|arm|arms|finger*|him|her|face',
      'bit|nip*|nipped|chomp*|attack*|attacked me|my|us|hand|hands|arm|arms|finger*|him|her|face',
      'bite*|biting|bitten|nip|nipped|nipping',
    ],
  },
  {
    id: 'biting_harness',
    label: 'biting the harness',
    severity: 'severe',
    phrases: [`${BITE} ${HARNESS}`, `${HARNESS} biting|chewing|attack*`],
  },
  // wins
  {
    id: 'sniffing',
    label: 'sniffing',
    severity: 'win',
    phrases: [
      'sniff*|sniffed|sniffing|sniffy|snuffle*|smell*|smelled|smelling|smelt',
      'had|took|gave|give*|taking|having sniff*|smell*',
      'nose twitch*|twitching',
    ],
  },
  {
    id: 'exploring',
    label: 'exploring',
    severity: 'win',
    phrases: [
      'explore*|explored|exploring|investigate*|inspect*|roam*|roamed|patrol*|patrolled|adventure*',
      'check*|checked out|around',
      'look*|poke*|nose|nosed|nosing|wander*|walk*|mooch*|potter*|putter* around|about',
      'curious|curiosity|curiously|nosy|nosey',
    ],
  },
  {
    id: 'took_treat',
    label: 'took a treat',
    severity: 'win',
    phrases: [
      `took|take*|taking|ate|eat*|eaten|eating|accept*|grab*|grabbed|gobble*|love*|enjoy*|scarf*|wolf*|wolfed|inhale*|munch*|snatch*|lick*|licked|devour* ${TREATS}`,
      `${TREATS} taken|eaten|accepted|gone|devoured|worked`,
    ],
  },
  {
    id: 'relaxed',
    label: 'relaxed',
    severity: 'win',
    phrases: [
      'relax*|relaxed|relaxing|calm*|calmly|calmer|chill*|chilled|mellow|content|contented|comfy|comfortable|unbothered|unfazed|unconcerned|nonchalant|zen',
      'relax*|relaxed|soft|loose|calm* body|posture|stance|face',
      'at ease',
      'slept|sleep*|asleep|nap*|doze*|snooze*|loaf*|snuggle*|cuddle*',
      'fell|fall* asleep',
      'did? @neg mind|care|notice|react|flinch|bother|bothered|fazed|phased',
      'no|zero|without reaction|fuss|drama|problem*|issue*|complaints',
      `ignore*|ignored|ignoring ${HARNESS}|it`,
    ],
  },
  {
    id: 'tail_up',
    label: 'tail up',
    severity: 'win',
    phrases: [
      'tail* straight? up|high|upright|raised|vertical|aloft|erect|flag|question',
      'high|raised|upright|vertical|flag|question mark? tail*',
    ],
  },
  {
    id: 'purring',
    label: 'purring',
    severity: 'win',
    phrases: ['purr*|purred|purring|purry|purrs|motorboat*|purrbox'],
  },
  {
    id: 'kneading',
    label: 'kneading',
    severity: 'win',
    phrases: ['knead*', 'made|making|make*|baked|bake* biscuit*|muffins|bread|dough'],
  },
  {
    id: 'playing',
    label: 'playing',
    severity: 'win',
    phrases: ['play*|playful|playfully|pounce*|zoomies|bat*|chase*|frolic*|romp*'],
  },
  {
    id: 'slow_blink',
    label: 'slow blinks',
    severity: 'win',
    phrases: [
      'slow|soft|lazy blink*|blinks|blinked|blinking',
      'blink*|blinked slowly|slow|softly|lazily|at',
      'slowblink*',
      'eye kiss*|kisses',
    ],
  },
  {
    id: 'walking_ahead',
    label: 'walking ahead on the leash',
    severity: 'win',
    phrases: [
      'walk*|trot*|stroll*|strut*|went|march*|led|lead*|prance* ahead|forward|front',
      'led|lead*|leading the? way',
      'took|take*|taking the? lead',
      'took|take*|taking|gave|give* me? for|on a? walk|stroll|tour',
      'grand tour',
      'walk*|walked|walking|strolled|trotted on|with the? leash|lead',
      'walk*|walked|walking|strolled|trotted nicely|well|confidently|proudly|happily|beautifully',
    ],
  },
  // pain, not stress
  {
    id: 'limping',
    label: 'limping',
    severity: 'pain',
    phrases: [
      'limp*|limped|limping|limpy',
      'favor*|favored|favoring|favour*|favoured|favouring leg|paw|foot|side',
      'hobble*|hobbled|lame',
      'hold*|held|lift* ^up paw|leg|foot',
    ],
  },
  {
    id: 'squinting_hunched',
    label: 'squinting, hunched',
    severity: 'pain',
    phrases: ['squint*|squinted|squinting|squinty', 'hunch*|hunched|hunching up|over?'],
  },
  {
    id: 'crying_out',
    label: 'crying out when touched',
    severity: 'pain',
    phrases: [
      `cry|cries|cried|crying|yowl*|scream*|flinch*|wince*|yelp*|squeal* out? when|if|as|whenever|while ${TOUCH}`,
      'cry|cries|cried|crying out',
      'yelp*|yelped|shriek*|squeal*',
    ],
  },
  {
    id: 'not_eating',
    label: 'not eating',
    severity: 'pain',
    phrases: [
      'not|isnt|wasnt|wont|didnt|doesnt|hasnt|havent|wouldnt|cant|never|stopped|barely|hardly eat|eating|eaten|ate|eats',
      'no|lost|poor|little|low|reduced|zero appetite',
      `off his|her|their|its? ${FOOD}|feed`,
      `skip*|skipped|skipping ${FOOD}`,
      `refuse*|refused|refusing ${FOOD}`,
      'hunger strike',
      `left|leaves|leaving|ignore* ${FOOD} untouched|uneaten|full`,
      `${FOOD} untouched|uneaten|full`,
    ],
  },
];
