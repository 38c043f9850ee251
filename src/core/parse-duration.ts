import { UsageError } from "./errors.js";

/**
 * A duration as people type it, in whole seconds: `3600` (seconds), `15m`, `1h`, `1h30m`, `90s`, `2h5m10s` (units
 * h, m, s, each at most once, largest first). Range checks are the caller's (they differ per flag).
 * @throws UsageError naming `flag` and the accepted forms.
 * @example parseDuration("1h30m", "--duration") // 5400
 */
export function parseDuration(text: string, flag: string): number {
  if (/^\d{1,6}$/.test(text)) return Number(text);
  const match = /^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s)?$/.exec(text);
  if (match === null || text === "") {
    throw new UsageError(
      `${flag} takes a duration: seconds (3600) or hours/minutes/seconds (1h, 15m, 1h30m, 90s), not "${text}".`,
    );
  }
  const [, h, m, s] = match;
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}
