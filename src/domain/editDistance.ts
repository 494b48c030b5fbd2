/**
 * Optimal string alignment distance: inserting, deleting or changing a letter, or swapping two neighbours
 * ("lgo" → "log"), each count as one edit. Gives up as soon as the distance is sure to exceed `max` and then
 * returns some number above `max`, which keeps typo checks against a small budget cheap.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  // "Is it one typo?" is the question the parser asks per word; it needs no table.
  if (max < 2) return max >= 1 && withinOneEdit(a, b) ? 1 : max + 1;
  // Three rows (two back, previous, current) in one buffer; a swap looks two rows back.
  const width = lb + 1;
  const rows = new Int32Array(3 * width);
  let back = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j <= lb; j++) rows[previous + j] = j;
  for (let i = 1; i <= la; i++) {
    rows[current] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(
        (rows[previous + j] ?? 0) + 1,
        (rows[current + j - 1] ?? 0) + 1,
        (rows[previous + j - 1] ?? 0) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        best = Math.min(best, (rows[back + j - 2] ?? 0) + 1);
      }
      rows[current + j] = best;
      rowMin = Math.min(rowMin, best);
    }
    // Rows never get cheaper further down, so once a whole row is over budget the answer is too.
    if (rowMin > max) return max + 1;
    [back, previous, current] = [previous, current, back];
  }
  return rows[previous + lb] ?? max + 1;
}

/** Whether two different strings are one edit apart, in a single pass. */
function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
