import { describe, expect, it } from "vitest";
import { AwsAuthError } from "../core/errors.js";
import { renderRefresherEvent } from "./render-refresher-event.js";

const ROLE = "arn:aws:iam::111111111111:role/deploy";

describe("renderRefresherEvent", () => {
  it("a refresh: when it expires and when the next one is", () => {
    expect(
      renderRefresherEvent(
        {
          type: "refreshed",
          refreshes: 2,
          expiration: new Date("2026-01-01T01:00:00.123Z"),
          nextRefreshAt: new Date("2026-01-01T00:54:00Z"),
        },
        ROLE,
      ),
    ).toBe(
      `crossrole: re-assumed ${ROLE} (refresh 2); expires 2026-01-01T01:00:00Z, next refresh 2026-01-01T00:54:00Z.\n`,
    );
  });

  it("a failure while the last credentials are valid: first line of the error, retry time", () => {
    const line = renderRefresherEvent(
      {
        type: "refresh-failed",
        error: new AwsAuthError("ACCESS_DENIED", "access denied: sts:AssumeRole.\n  1. details"),
        attempt: 3,
        retryAt: new Date("2026-01-01T00:55:04Z"),
        stillValidUntil: new Date("2026-01-01T01:00:00Z"),
      },
      ROLE,
    );
    expect(line).toBe(
      `crossrole: warning: re-assuming ${ROLE} failed (attempt 3): access denied: sts:AssumeRole.; still serving the last credentials, valid until 2026-01-01T01:00:00Z; retrying at 2026-01-01T00:55:04Z.\n`,
    );
  });

  it("a failure with nothing valid left says clients get 503", () => {
    const line = renderRefresherEvent(
      {
        type: "refresh-failed",
        error: "boom",
        attempt: 1,
        retryAt: new Date(0),
        stillValidUntil: undefined,
      },
      ROLE,
    );
    expect(line).toContain("no valid credentials are left to serve (clients get HTTP 503)");
  });
});
