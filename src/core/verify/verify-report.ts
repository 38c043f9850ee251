import type { CallerIdentity } from "../diff/live-state.js";
import type { CheckStatus, VerifyCheck } from "./verify-checks.js";

/** One target's verification. */
export interface TargetVerification {
  name: string;
  account: string;
  region: string;
  roleArn: string;
  /** The session GetCallerIdentity showed, when AssumeRole worked. */
  sessionArn?: string;
  checks: VerifyCheck[];
}

/** The evidence document of one `crossrole verify` run (`--json`, `--out FILE`). Holds no credentials. */
export interface VerifyReport {
  formatVersion: 1;
  kind: "crossrole-verify-evidence";
  /** When the run started (ISO 8601). */
  generatedAt: string;
  crossroleVersion: string;
  spec: { file: string; sha256: string };
  /** Who ran it: sts:GetCallerIdentity of the BUILD credentials. */
  caller: CallerIdentity & { requestId?: string };
  buildPrincipalArn: string;
  /** BUILD-side checks: the caller, and the live lint of the BUILD grant. */
  build: { checks: VerifyCheck[] };
  targets: TargetVerification[];
  /** Things not checked and why (no admin credentials for the live lint, nothing granted to probe, …). */
  notices: string[];
  summary: Record<CheckStatus, number> & { ok: boolean };
}
