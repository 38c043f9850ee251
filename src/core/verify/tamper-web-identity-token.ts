/** The claim that marks verify's forged copy (true), so an issuer's or AWS's logs can tell it from a real token. */
export const FORGED_CLAIM = "crossrole_forged";

/**
 * A forged copy of a web identity token (a JWS compact JWT): every claim of the real token kept (sub, aud, exp, …)
 * and one added, {@link FORGED_CLAIM}: true; header and signature kept. No trust condition can refuse it for its
 * claims (AWS exposes no condition key for that claim), so only the signature check can. Pure: base64url by hand,
 * no Buffer. Undefined when the token is not three base64url parts with a JSON object payload.
 */
export function forgeToken(token: string): string | undefined {
  const parts = token.trim().split(".");
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const claims = decodeClaims(payload);
  if (claims === undefined) return undefined;
  const forged = { ...claims, [FORGED_CLAIM]: true };
  return `${header}.${encodeBase64Url(JSON.stringify(forged))}.${signature}`;
}

/** The token's claims (its payload), or undefined when it is not a JWT: for messages (`sub`, `aud`), never the token. */
export function decodeClaims(payloadOrToken: string): Record<string, unknown> | undefined {
  const parts = payloadOrToken.trim().split(".");
  const payload = parts.length === 3 ? parts[1] : parts.length === 1 ? parts[0] : undefined;
  if (payload === undefined || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  try {
    const parsed: unknown = JSON.parse(decodeBase64Url(payload));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// --- internal ---

function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
