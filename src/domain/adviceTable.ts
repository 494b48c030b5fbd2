/**
 * Advice that answers what happened: for each stage and each family of stress signals, a few ways to say the
 * next tiny step after a session where the cat showed that kind of stress. Our own words: kind, short, concrete.
 * The step is keyed by the stage the session was logged at, so every phrasing still fits after a step back.
 */
import type { StageId } from './stages.js';

/** Kinds of stress the advice answers; signal ids map to them in advice.ts. */
export const SIGNAL_FAMILIES = [
  'warning_looks',
  'escaping',
  'hiding_leaving',
  'freezing',
  'refusing_treats',
] as const;
export type SignalFamily = (typeof SIGNAL_FAMILIES)[number];

/** Several phrasings, so a cat's owner does not read the same sentence every time. */
export type Phrasings = readonly [string, string, ...string[]];

export const ADVICE: Readonly<Record<StageId, Readonly<Record<SignalFamily, Phrasings>>>> = {
  harness_scenery: {
    warning_looks: [
      'Move the harness a little further from the food bowls, where your cat can see it without brushing past it.',
      'Put the harness away for a day, then bring it back somewhere quieter, a few steps off their usual path.',
      'Drape a tea towel that smells of home over the harness for now; tomorrow, leave just one strap showing.',
    ],
    escaping: [
      'Leave the harness completely alone for a couple of days: no handling it near your cat, it just lies there.',
      'If the harness got swatted or chewed, put it up on a shelf at their eye level for a few days: seen, not reached.',
      'Rub a soft cloth on your cat’s cheeks, then on the harness, so it starts to smell like part of home.',
    ],
    hiding_leaving: [
      'Take the harness out of the room your cat avoided, and put it somewhere they pass but never rest.',
      'Give the harness a spot well away from their hiding places and their bed, so safe corners stay safe.',
      'Let your cat come out in their own time. Tomorrow, set the harness down a few steps further from their favourite spots.',
    ],
    freezing: [
      'Lay the harness flat and low, further away, so it looks like a rug on the floor rather than a creature.',
      'Fold the harness into a small, still bundle at the edge of the room and leave it there for a few days.',
      'Play a little with a favourite toy on the far side of the room from the harness, so good things happen near it.',
    ],
    refusing_treats: [
      'Move the harness far enough from the bowls that your cat eats happily again, then inch it closer over several days.',
      'Feed as usual with the harness out of sight today, and bring it back tomorrow a good distance from the food.',
      'Try a treat they really love, placed a step or two further from the harness than before.',
    ],
  },
  harness_drape: {
    warning_looks: [
      'Go back to just holding the harness near your cat for a second, no touching, then a treat.',
      'Next time, touch the harness to their shoulder for half a second and take it away before their ears can move.',
      'Only try the drape when your cat is truly drowsy, and make it shorter than today: one touch, one treat, done.',
    ],
    escaping: [
      'Next time drape only a corner of the harness for a moment, not the whole thing, and treat right away.',
      'Skip the drape for a day or two: let your cat sniff the harness in your hand and treat each sniff.',
      'Hold the harness loosely so it slides off if they move; a cat who can leave any time feels safer staying.',
    ],
    hiding_leaving: [
      'Let your cat come back when they are ready. Next session, sit near them with the harness on your lap, treat, and stop.',
      'Try the drape where they already like to nap, so the harness comes to them and they never need to leave.',
      'Skip draping for a day: leave the harness beside their sleeping spot and give treats there.',
    ],
    freezing: [
      'Next time, lift the harness off the moment it lands and treat straight away, so the pause never builds.',
      'Drape a small, soft cloth instead for a couple of days, with a treat each time; the harness can follow.',
      'Keep your hands slow and quiet: one brief touch of the harness and a treat is plenty for now.',
    ],
    refusing_treats: [
      'Offer the treat first, and only drape while your cat is already happily eating.',
      'Step back to having the harness nearby while they enjoy a favourite treat, with no draping for a day or two.',
      'Try a tastier treat, and keep the harness a little further away until they take it gladly.',
    ],
  },
  harness_buckle: {
    warning_looks: [
      'Make the click boring first: open and close the buckle in another room, away from your cat, until the sound is old news.',
      'Go back to draping with the buckles open for a few sessions, and treat before their ears have a chance to turn.',
      'Next time, hold the buckle ends together for one beat without clicking them shut, then treat.',
    ],
    escaping: [
      'Leave the buckles open for now: drape, treat, lift off. Closing one can come back in a few days.',
      'Close a buckle only while they lick a treat, and open it again before the treat is gone.',
      'Check the fit (two fingers should slide under each strap), then go back to one buckle for one heartbeat.',
    ],
    hiding_leaving: [
      'Click a buckle now and then across the room while your cat eats, so the sound comes with dinner, not with you.',
      'Let them come out when they want. Tomorrow, drape with the buckles open, treat, and stop there.',
      'Do the next buckle session where your cat already feels safe, and keep it to a single second.',
    ],
    freezing: [
      'Close the buckle for even less time than today, just a tap, then treat and let them go.',
      'Go back to draping without buckling for a couple of days, until they stay soft and relaxed under it.',
      'Muffle the click inside your hand a few times before you try the buckle on them again.',
    ],
    refusing_treats: [
      'Start the treat while the buckle is still open, and close it only once they are eating.',
      'Stop buckling for a day or two; drape and treat until treats are welcome again.',
      'Try a lickable treat that lasts a while, and keep the buckle closed for only a moment of it.',
    ],
  },
  harness_wear: {
    warning_looks: [
      'Take the harness off sooner next time, while they are still relaxed, and treat right after.',
      'Keep the next wear to a minute, with a game or a meal to think about instead of the straps.',
      'Check that no strap pinches or rubs, then go back to short wears with plenty of treats.',
    ],
    escaping: [
      'Shorten the wear to a minute and take it off before the wriggling starts, so calm is what ends it.',
      'Go back to one buckle and short wears for a few days; there is no hurry to wear it longer.',
      'Check the fit, then start a wand-toy game the moment the harness is on, and take it off mid-game.',
    ],
    hiding_leaving: [
      'Put the harness on right beside their favourite resting place, and keep the wear short.',
      'Next time, serve a meal while they wear it and take the harness off before the bowl is empty.',
      'Let them settle somewhere safe in the harness without following them, and take it off after a minute.',
    ],
    freezing: [
      'If they flopped or went stiff as a board, take the harness off gently and try shorter wears with treats close by.',
      'Toss a treat one short step ahead so moving feels worth it, and take the harness off after a minute.',
      'Go back to a few days of very short wears, a few seconds each; softer sessions usually get them moving.',
    ],
    refusing_treats: [
      'Put the harness on just before a meal they love, and take it off once they have eaten.',
      'Make the next wear short enough that eating stays easy: half a minute, a treat, off.',
      'Offer a really tasty treat as soon as the harness is on, and stop before their appetite fades.',
    ],
  },
  leash_drag: {
    warning_looks: [
      'Use a lighter, shorter leash next time, and unclip it after a minute.',
      'Clip the leash on during play, so the trailing string becomes part of the game.',
      'Let the leash trail for less time than today, and unclip it while they are still calm.',
    ],
    escaping: [
      'Unclip the leash and go back to harness-only time for a day or two, then try the leash again for a minute.',
      'Keep the leash from catching on furniture: a short, light one on an open floor is far less startling.',
      'Clip it on while they eat and unclip before they finish, so the leash means dinner.',
    ],
    hiding_leaving: [
      'Try the leash in an open room with nothing to snag on, with you sitting on the floor nearby.',
      'Next time, leave the leash lying beside them for a while before you clip it on.',
      'Keep the drag to a minute and end it with a treat, before they feel like leaving.',
    ],
    freezing: [
      'Toss a treat just past the end of the leash, so they walk toward something nice.',
      'Let the leash trail for a shorter time, and unclip it while they are still moving freely.',
      'Try a lighter leash; some cats stop still when they feel a weight behind them.',
    ],
    refusing_treats: [
      'Clip the leash on, give a favourite treat, and unclip right away. That is a whole session.',
      'Go back to the harness alone for a day, with treats, before adding the leash again.',
      'Clip the leash on only while they are already eating, and unclip before the food runs out.',
    ],
  },
  indoor_safari: {
    warning_looks: [
      'Keep the leash slack the whole time, and follow a step further behind than today.',
      'Indoors it is fine to drop your end if they pull; let them set the pace and pick it up later.',
      'Go back to letting the leash drag for a few minutes before you take hold of it again.',
    ],
    escaping: [
      'Put your end down and let the leash drag again for a session or two.',
      'Never hold tension: if they pull, step toward them so the leash goes loose again.',
      'Make the next safari two minutes in a room they love, and end it with a treat.',
    ],
    hiding_leaving: [
      'Let them choose the room, even if it is under the bed; follow, sit down, and wait.',
      'Stay in familiar rooms for a while, and end the safari before they want to leave.',
      'If they head for a hiding spot, drop the leash and let them go; try a shorter safari tomorrow.',
    ],
    freezing: [
      'If they stop, stop too. Wait quietly and let them choose the next move.',
      'Lay a short trail of treats in their favourite room and follow it with them.',
      'Sit down on the floor beside them; being low and still often helps a cat move again.',
    ],
    refusing_treats: [
      'Keep the safari to one room and a couple of minutes, until treats are welcome again.',
      'Serve a meal at the end of a short safari, so following the leash ends somewhere tasty.',
      'Try the safari when they are a little hungry, with a treat they rarely get.',
    ],
  },
  first_outdoors: {
    warning_looks: [
      'Go out at a quieter time of day, and stay right by the door so home is one step away.',
      'Keep the next trip to a minute or two, and carry them back in before they get cross.',
      'Sit in the open doorway and let them look out; going all the way out can wait.',
    ],
    escaping: [
      'Stay in for a few days and do the indoor safari near the open door.',
      'Check the harness fit before going out again, and spend the first minutes right at the door.',
      'Keep the door open behind you next time, so the way home is always clear.',
    ],
    hiding_leaving: [
      'Let them take the way home: being able to leave is what makes it safe to come back.',
      'Pick a spot even closer to the door, with a wall or a plant to tuck in behind.',
      'Bring a blanket from home and set them down on it outside.',
    ],
    freezing: [
      'Sit with them quietly and say nothing; after a minute, carry them home calmly.',
      'Set them down on something that smells of home, right by the door, and let them watch.',
      'Try again in a day or two, and only for as long as one good sniff takes.',
    ],
    refusing_treats: [
      'Do not worry about treats outside yet; give a favourite one as soon as you are back in.',
      'Keep the trip shorter than today, at a time when things outside are quiet.',
      'Go back to the doorway for a few sessions, and treat inside where eating is easy.',
    ],
  },
  outdoor_explorer: {
    warning_looks: [
      'Go back to a spot they already know, and keep the next outing short.',
      'Think about what set them off (a dog, a noise) and pick a calmer time or place.',
      'Give them more distance from people and other animals next time, and head in early.',
    ],
    escaping: [
      'Check the harness fit, and keep the next outing to a familiar patch right by home.',
      'End the next outing before they want to, so going home is a calm choice, not an escape.',
      'Let them lead and never pull; if they strain, move with them toward home.',
    ],
    hiding_leaving: [
      'Let them head home whenever they want; the next outing can be shorter and closer.',
      'Go out at a quiet hour, to a patch with a bush or wall to shelter behind.',
      'Follow them home without fuss and give a treat inside; there is no need to stay out.',
    ],
    freezing: [
      'If they went stiff or flopped, carry them home calmly and make the next trip smaller.',
      'Sit with them somewhere familiar and wait until they choose to move on.',
      'Try a quieter patch they already know, and keep it to a few minutes.',
    ],
    refusing_treats: [
      'Make the next outing shorter and closer to the door, and treat once you are back inside.',
      'Skip treats outside for now; a calm few minutes is the whole goal.',
      'Go out before a meal, so a favourite food is waiting when you come back in.',
    ],
  },
};
