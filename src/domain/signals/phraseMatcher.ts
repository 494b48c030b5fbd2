/**
 * Phrase matching over `units`: the words and separators of a log (other symbols such as `*` or emoji are
 * transparent). A phrase matches when its slots accept the words in order, with at most MAX_GAP words skipped
 * between slots and never across a separator, a "not" or a clause opener ("when", "because").
 */
import type { Token } from './tokenise.js';
import type { Pattern, Slot } from './vocabulary.js';

const MAX_GAP = 2;
const NO_MATCH = -1e9;

function slotAccepts(slot: Slot, unit: Token): boolean {
  const forms = unit.info.forms;
  for (let f = 0; f < forms.length; f++) if (slot.words.has(forms[f] ?? '')) return true;
  return false;
}

/** Best end of `pattern` from slot k, scored end*64 − skipped words (longer first, then tighter). */
function matchFrom(
  units: readonly Token[],
  pattern: Pattern,
  k: number,
  pos: number,
  lastEnd: number,
  gaps: number,
): number {
  if (k === pattern.slots.length) return lastEnd < 0 ? NO_MATCH : lastEnd * 64 - gaps;
  const slot = pattern.slots[k];
  if (slot === undefined) return NO_MATCH;
  let best = slot.optional ? matchFrom(units, pattern, k + 1, pos, lastEnd, gaps) : NO_MATCH;
  const maxGap = lastEnd < 0 || slot.adjacent ? 0 : MAX_GAP;
  for (let g = 0; g <= maxGap; g++) {
    const unit = units[pos + g];
    if (unit === undefined || unit.kind === 'separator') break;
    if (slotAccepts(slot, unit)) {
      const score = matchFrom(units, pattern, k + 1, pos + g + 1, pos + g, gaps + g);
      if (score > best) best = score;
    }
    // Never skip over a "not", nor into another clause ("went nuts *when* the door banged").
    if (unit.info.negator || unit.info.clauseOpener) break;
  }
  return best;
}

/** A match packs where it ends and which entry it found into one number, so entries must stay below this. */
const SIGNAL_BITS = 1024;

/** The best phrase starting at unit `at`, as end * SIGNAL_BITS + signal index; -1 for none. */
export function bestMatchAt(units: readonly Token[], at: number): number {
  const unit = units[at];
  if (unit === undefined || unit.info.starts.length === 0) return -1;
  let bestScore = NO_MATCH;
  let bestOrder = Infinity;
  let bestSignal = -1;
  for (const pattern of unit.info.starts) {
    const score = matchFrom(units, pattern, 0, at, -1, 0);
    if (score > bestScore || (score === bestScore && score !== NO_MATCH && pattern.order < bestOrder)) {
      bestScore = score;
      bestOrder = pattern.order;
      bestSignal = pattern.signal;
    }
  }
  return bestSignal < 0 ? -1 : Math.floor((bestScore + 63) / 64) * SIGNAL_BITS + bestSignal;
}

/** After a verb, "the grass" / "at me" / "under the bed" are understood with it. */
export function absorbObject(units: readonly Token[], end: number): number {
  let j = end + 1;
  let leads = 0;
  for (;;) {
    const unit = units[j];
    if (unit === undefined || leads >= 3 || !unit.info.objectLead || bestMatchAt(units, j) >= 0) break;
    leads++;
    j++;
  }
  if (leads === 0) return end;
  let last = j - 1;
  for (let words = 0; words < 2; words++) {
    const unit = units[j];
    if (unit === undefined || unit.kind === 'separator' || unit.info.negator) break;
    // "melted into a puddle": the next signal keeps its own words.
    if (bestMatchAt(units, j) >= 0) return words === 0 ? end : last;
    last = j;
    j++;
    if (!unit.info.objectModifier) break;
  }
  return last;
}

/** The unit where a match from bestMatchAt ends. */
export function matchEnd(match: number): number {
  return Math.floor(match / SIGNAL_BITS);
}

/** The entry index (into Vocabulary.entries) a match from bestMatchAt found. */
export function matchSignal(match: number): number {
  return match % SIGNAL_BITS;
}
