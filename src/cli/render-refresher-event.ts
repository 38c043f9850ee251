import { CrossroleError } from "../core/errors.js";
import { formatExpiration } from "../core/session/format-expiration.js";
import type { RefresherEvent } from "../workflows/credential-refresher.js";

/** One stderr line (with newline) for a refresh event of the credential endpoint. Never secrets. */
export function renderRefresherEvent(event: RefresherEvent, roleArn: string): string {
  if (event.type === "refreshed") {
    return `crossrole: re-assumed ${roleArn} (refresh ${event.refreshes}); expires ${formatExpiration(event.expiration)}, next refresh ${formatExpiration(event.nextRefreshAt)}.\n`;
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
      : `still serving the last credentials, valid until ${formatExpiration(event.stillValidUntil)}`;
  return `crossrole: warning: re-assuming ${roleArn} failed (attempt ${event.attempt}): ${why}; ${serving}; retrying at ${formatExpiration(event.retryAt)}.\n`;
}
