/** The entry shape and the word groups several phrases share ("treats", "the door", "the harness"…). */
import type { Severity } from '../severity.js';

export interface SignalEntry {
  readonly id: string;
  readonly label: string;
  readonly severity: Severity;
  /** Ways owners say it. The label itself must also be recognised (a test checks it). */
  readonly phrases: readonly string[];
}

/** Word groups, written in the phrase syntax of signalEntries.ts. */
export const TREATS =
  'treat*|treet*|snack*|churu*|reward*|goodies|goody|kibble|tuna|chicken|lickable*|temptations|dreamies|greenies|nibs';
export const HOME = 'door*|doorway|inside|indoors|home|house|flap|catflap|porch';
export const TO_HOME = `back? to|for|towards|toward|into? the? ${HOME}`;
export const MOVE_BACK =
  'scramble*|ran|run*|went|go*|goes|head*|dash*|rush*|hurry|hurried|hurrying|scurry|scurried|scoot*|came|come*|walk*|trot*|dart*|beeline*|hightail*|made|legged|booked|noped|scarpered|skedaddled|shot|zipped|raced|belted|pelted|legging';
export const RUN_OFF = 'ran|run*|raced|race*|shot|took|darted|dart*|sprint*|zoom*|tore|fled|flee*';
export const TOUCH =
  'touch*|pick*|lift*|pet*|petted|stroke*|handle*|press*|groom*|brush*|held|hold*|felt|feel*';
export const HARNESS = 'harness*|vest|strap*|buckle*|leash*|lead|clip';
export const BITE =
  'chew*|gnaw*|bit|bite*|biting|bitten|nibble*|claw*|scratch*|attack*|tore|tear*|rip*|ripped|swat*|swipe*';
export const FOOD =
  'food|meal*|dinner|breakfast|lunch|supper|kibble|bowl*|grub|tucker|brekkie|brekky|wet|pouch*';
