import { CrossroleError } from "../core/errors.js";
import type { RefresherEvent } from "../workflows/credential-refresher.js";

/** One stderr line (with newline) for a refresh event of the credential endpoint. Never secrets. */
export function renderRefresherEvent(event: RefresherEvent, roleArn: string): string {
  if (event.type === "refreshed") {
    return `crossrole: re-assumed ${roleArn} (refresh ${event.refreshes}); expires ${iso(event.expiration)}, next refresh ${iso(event.nextRefreshAt)}.\n`;
  }
  const why =
    event.error instanceof CrossroleError
      ? event.error.message.split("\n")[0]
      : event.error instanceof Error
        ? event.error.message
        : String(event.error);
  const serving =
    event.stillValidUntil === undefined
      ? "no valid credentials are left to serve (clients get HTTP 503)"
      : `still serving the last credentials, valid until ${iso(event.stillValidUntil)}`;
  return `crossrole: warning: re-assuming ${roleArn} failed (attempt ${event.attempt}): ${why}; ${serving}; retrying at ${iso(event.retryAt)}.\n`;
}

// --- internal ---

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
