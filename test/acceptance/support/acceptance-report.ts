import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** One thing the suite asserted, with the evidence a maintainer can check in CloudTrail. */
export interface AssertionRecord {
  test: string;
  /** The AWS behaviour in question, when the test settles one. */
  question?: string;
  asserted: string;
  passed: boolean;
  observed: string;
  requestIds: string[];
  ms?: number;
}

/** One bounded wait for eventual consistency: how long it took. */
export interface WaitRecord {
  what: string;
  ms: number;
  attempts: number;
  status: "done" | "exhausted" | "timed-out";
}

/** The JSON report of one run (`formatVersion: 1`). */
export interface AcceptanceReportDocument {
  formatVersion: 1;
  runId: string;
  startedAt: string;
  finishedAt?: string;
  against: "aws" | "endpoint";
  endpoint?: string;
  region: string;
  accounts: { target?: string; build?: string };
  crossroleVersion: string;
  node: string;
  assertions: AssertionRecord[];
  waits: WaitRecord[];
  skipped: Array<{ test: string; reason: string }>;
  commands: Array<{ test: string; command: string; exitCode: number | null; ms: number }>;
  cleanup?: { removed: string[]; failed: string[] };
  /** Keyless builds, when a token source was given: what was proven with it (never the token). */
  keyless?: {
    issuer: string;
    subject: string;
    audience: string;
    providerArn: string;
    buildRoleArn: string;
    targetRoleArn: string;
  };
}

/** The request ID of an SDK response or error (`$metadata.requestId`), if any. */
export function requestIdOf(value: unknown): string | undefined {
  const metadata = (value as { $metadata?: { requestId?: unknown } } | undefined)?.$metadata;
  return typeof metadata?.requestId === "string" ? metadata.requestId : undefined;
}

/** Every `requestId` / `requestIds` value anywhere in a JSON value (crossrole's evidence documents). */
export function requestIdsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) requestIdsIn(item, found);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (/^requestIds?$/i.test(key)) {
        for (const id of [item].flat()) if (typeof id === "string") found.push(id);
      } else {
        requestIdsIn(item, found);
      }
    }
  }
  return found;
}

/** Collects the run's evidence and writes it as JSON. */
export class AcceptanceReport {
  readonly document: AcceptanceReportDocument;

  constructor(
    init: Omit<AcceptanceReportDocument, "formatVersion" | "assertions" | "waits" | "skipped" | "commands">,
  ) {
    this.document = { formatVersion: 1, ...init, assertions: [], waits: [], skipped: [], commands: [] };
  }

  assertion(record: AssertionRecord): void {
    this.document.assertions.push(record);
    const mark = record.passed ? "ok  " : "FAIL";
    console.log(`[aws acceptance] ${mark} ${record.test}: ${record.asserted} (observed: ${record.observed})`);
  }

  wait(record: WaitRecord): void {
    this.document.waits.push(record);
    console.log(
      `[aws acceptance] waited ${record.ms} ms (${record.attempts} attempts, ${record.status}): ${record.what}`,
    );
  }

  skip(test: string, reason: string): void {
    this.document.skipped.push({ test, reason });
    console.log(`[aws acceptance] SKIPPED ${test}: ${reason}`);
  }

  command(test: string, command: string, exitCode: number | null, ms: number): void {
    this.document.commands.push({ test, command, exitCode, ms });
  }

  async write(file: string): Promise<void> {
    this.document.finishedAt = new Date().toISOString();
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(this.document, null, 2)}\n`);
    console.log(`[aws acceptance] report: ${file}`);
  }
}
