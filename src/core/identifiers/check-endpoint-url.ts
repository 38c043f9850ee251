import { UsageError } from "../errors.js";

/**
 * Checks an endpoint URL before anything is sent to it: an absolute `http:` or `https:` URL with a host and a
 * port from 1 to 65535. The AWS SDK would otherwise fail late with "TypeError: Invalid URL" (reported as a bug or
 * an auth error), or send an `ftp://` endpoint's requests over HTTP to port 80. `source` names where the value
 * came from (`--endpoint-url`, `AWS_ENDPOINT_URL_STS`...), so the error can say which one to fix.
 */
export function checkEndpointUrl(value: string, source: string): string {
  const problem = endpointProblem(value);
  if (problem === undefined) return value;
  throw new UsageError(`${source}=${shown(value)} is not a usable endpoint URL: ${problem}.`, {
    hint: `Give an http:// or https:// URL with a host and an optional port, e.g. http://127.0.0.1:5000 or https://sts.eu-west-1.amazonaws.com; or unset ${source}.`,
  });
}

// --- internal ---

function endpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "it does not parse as a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `the scheme is ${url.protocol.slice(0, -1)}, and AWS endpoints speak only http and https`;
  }
  if (url.hostname === "") return "it has no host";
  if (url.port === "0") return "port 0 is not a port one can connect to";
  return undefined;
}

/** The value as typed, quoted, and cut short when long: it is the user's own input, not a secret. */
function shown(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
}
