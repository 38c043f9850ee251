/** What a test needs to reach a running emulator: its endpoint URL. */
export interface EmulatorEndpoint {
  /** `http://127.0.0.1:PORT`: give it to AWS clients as `endpoint` / `AWS_ENDPOINT_URL`. */
  readonly endpoint: string;
}

/** One AssumeRole session as the emulator recorded it (from `/moto-api/data.json`). */
export interface AssumedRoleSession {
  /** Account of the role (and of the session's keys). */
  readonly accountId: string;
  readonly roleArn: string;
  /** `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`. */
  readonly arn: string;
  readonly sessionName: string;
  /** The ExternalId the client sent, or null when it sent none. */
  readonly externalId: string | null;
  /** The SourceIdentity the client sent, or null. */
  readonly sourceIdentity: string | null;
  /** When the session was issued (aws:TokenIssueTime), ISO 8601 UTC with microseconds. */
  readonly tokenIssueTime: string;
  readonly accessKeyId: string;
  readonly region: string;
}

/** Control of a running emulator (state reset, auth switch, inspection). Safe to use from any test worker. */
export interface EmulatorClient extends EmulatorEndpoint {
  /** PID of the Python server process. */
  readonly pid: number;
  /** Wipe all state in all accounts (POST /moto-api/reset). The auth switch is left as it is. */
  reset(): Promise<void>;
  /**
   * Turn enforcement of the CALLER's identity policies on or off (POST /moto-api/reset-auth). Trust policies are
   * judged for AssumeRole either way. While on, every request must be signed with keys the emulator issued, so do
   * admin setup (adminClients, createRole, ...) while it is off.
   */
  setAuthEnforcement(on: boolean): Promise<void>;
  /** Every AssumeRole session issued since the last reset, oldest first. */
  sessions(): Promise<AssumedRoleSession[]>;
}

async function post(url: string, body: string): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "text/plain" }, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`crossrole emulator: POST ${url} answered ${response.status}: ${text}`);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function toSession(raw: unknown): AssumedRoleSession {
  const record = (raw ?? {}) as Record<string, unknown>;
  const text = (key: string): string => {
    const value = record[key];
    if (typeof value !== "string")
      throw new Error(`crossrole emulator: session field ${key} is not a string`);
    return value;
  };
  return {
    accountId: text("account_id"),
    roleArn: text("role_arn"),
    arn: text("arn"),
    sessionName: text("session_name"),
    externalId: stringOrNull(record.external_id),
    sourceIdentity: stringOrNull(record.source_identity),
    tokenIssueTime: text("token_issue_time"),
    accessKeyId: text("access_key_id"),
    region: text("region_name"),
  };
}

/** A client for an emulator started elsewhere (e.g. by the vitest global setup). */
export function connectEmulator(endpoint: string, pid: number): EmulatorClient {
  return {
    endpoint,
    pid,
    reset: () => post(`${endpoint}/moto-api/reset`, ""),
    setAuthEnforcement: (on) => post(`${endpoint}/moto-api/reset-auth`, on ? "0" : "inf"),
    async sessions() {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (!response.ok) throw new Error(`crossrole emulator: data.json answered ${response.status}`);
      const data = (await response.json()) as { sts?: { AssumedRole?: unknown[] } };
      return (data.sts?.AssumedRole ?? []).map(toSession);
    },
  };
}
