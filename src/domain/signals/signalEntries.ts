/**
 * The signals `/log` understands and the ways owners say them, as data. vocabulary.ts compiles the phrases once at
 * module load. The entries themselves live in stressEntries.ts and winAndPainEntries.ts, their shared word groups in phraseGroups.ts.
 *
 * Phrase syntax (small on purpose):
 * - slots are separated by spaces; a slot lists alternatives with `|`; a trailing `?` makes the slot optional;
 * - `word*` also accepts the usual inflections (hiss → hisses, hissed, hissing; flop → flopped…);
 * - `@neg` stands for any negation word (not, didn't, won't…), for phrases like "won't eat";
 * - up to two filler words may sit between slots ("ears *went* flat", "tail *held* high"); a leading `^` forbids
 *   that for the slot ("took ^off" must not read "took the harness off").
 * - an emoji may be a phrase of its own (😾); it counts only when nothing else in its clause is a signal.
 * Words are written lowercase and without apostrophes ("didnt"), as the parser normalises input that way.
 */
import type { SignalEntry } from './phraseGroups.js';
import { STRESS_ENTRIES } from './stressEntries.js';
import { WIN_AND_PAIN_ENTRIES } from './winAndPainEntries.js';

export type { SignalEntry } from './phraseGroups.js';

/** Every entry, in severity groups: mild, moderate, severe, wins, pain. */
export const SIGNAL_ENTRIES: readonly SignalEntry[] = [...STRESS_ENTRIES, ...WIN_AND_PAIN_ENTRIES];
