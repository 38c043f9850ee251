/**
 * "Did you mean …?" for misspelled keys. Case-insensitive optimal-string-alignment distance (Damerau-Levenshtein
 * with adjacent transpositions), so `externalID`, `extrnalId`, `exetrnalId` and `maxSessionDurations` all find
 * their key.
 */

/**
 * The candidate closest to `input`, or undefined when none is close enough to be a plausible typo: at most one
 * edit for short keys, and at most a third of the key's length for longer ones. Ties go to the earlier candidate.
 * @example suggestKey("principle", ["account", "principal"]) // "principal"
 */
export function suggestKey(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance <= allowedEdits(candidate) && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// --- internal ---

function allowedEdits(candidate: string): number {
  return Math.max(1, Math.floor(candidate.length / 3));
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(i === 0 ? j : cellCost(rows, row, a, b, i, j));
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}

function cellCost(rows: number[][], row: number[], a: string, b: string, i: number, j: number): number {
  const up = rows[i - 1] ?? [];
  const same = a[i - 1] === b[j - 1];
  let cost = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + (same ? 0 : 1));
  if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
    cost = Math.min(cost, (rows[i - 2]?.[j - 2] ?? 0) + 1);
  }
  return cost;
}
