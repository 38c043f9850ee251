import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.js";
import { parseDuration } from "./parse-duration.js";

describe("parseDuration", () => {
  it.each([
    ["3600", 3600],
    ["900", 900],
    ["0", 0],
    ["15m", 900],
    ["1h", 3600],
    ["1h30m", 5400],
    ["90s", 90],
    ["2h5m10s", 7510],
    ["12h", 43200],
    ["1m30s", 90],
  ])("%s is %i seconds", (text, seconds) => {
    expect(parseDuration(text, "--duration")).toBe(seconds);
  });

  it.each(["", "1.5h", "h", "1d", "30m1h", "1h 30m", "-5", "1H", "15 m", "1234567", "m30", "1hh"])(
    '"%s" is refused, naming the flag and the accepted forms',
    (text) => {
      expect(() => parseDuration(text, "--min-ttl")).toThrow(UsageError);
      expect(() => parseDuration(text, "--min-ttl")).toThrow(/--min-ttl takes a duration: .*1h30m/);
    },
  );
});
