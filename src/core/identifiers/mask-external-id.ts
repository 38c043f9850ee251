/**
 * An ExternalId as every report shows it (verify, rotate external-id, the pictures): an ellipsis and its last
 * characters, never the whole value. At most 4 characters, and at most a third of a short value: a 4-character
 * ExternalId shows 1, a 2-character one none. The suffix, not the prefix: human-chosen ExternalIds tend to share
 * a prefix (`acme-prod-…`), so the tail is what tells two apart (a rotation's old and new), as card numbers do;
 * the cap is what keeps a short value from being shown whole, which the last-4 rule of verify and rotate did.
 */
export function maskExternalId(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 3));
  return `…${shown === 0 ? "" : value.slice(-shown)}`;
}
