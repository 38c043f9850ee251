import { renderJsonDocument } from "./render-json-document.js";
import type { WhoamiDocument } from "./whoami-document.js";

/** A part whoami found out, or why not (the shape of the workflow's StatusPart; outputs do not import workflows). */
type Part<T> = { ok: true; value: T } | { ok: false; problem: string; hint?: string | undefined };

/** What whoami found (the workflow's Status, structurally). */
export interface WhoamiStatus {
  identity: Part<{ arn: string; account: string; userId: string }>;
  spec: Part<{
    file: string;
    name?: string | undefined;
    targets: ReadonlyArray<{ name: string; account: string; roleArn: string; region: string }>;
  }>;
  sessions: ReadonlyArray<{
    roleArn: string;
    assumedRoleArn?: string | undefined;
    expiration: Date;
    expired: boolean;
  }>;
  profiles: ReadonlyArray<{ name: string; file: string; origin?: string | undefined }>;
  docker: {
    configPath: string;
    auths: readonly string[];
    credHelpers: ReadonlyArray<{ host: string; target?: string | undefined }>;
  };
}

/** `crossrole whoami --json` (schema/output/whoami.schema.json): each field copied by name, so no key slips in. */
export function renderWhoamiJson(status: WhoamiStatus): string {
  const document: WhoamiDocument = {
    formatVersion: 1,
    command: "whoami",
    identity: orProblem(status.identity, (id) => ({ arn: id.arn, account: id.account, userId: id.userId })),
    spec: orProblem(status.spec, (spec) => ({
      file: spec.file,
      ...(spec.name === undefined ? {} : { name: spec.name }),
      targets: spec.targets.map((t) => ({
        name: t.name,
        account: t.account,
        roleArn: t.roleArn,
        region: t.region,
      })),
    })),
    sessions: status.sessions.map((s) => ({
      roleArn: s.roleArn,
      ...(s.assumedRoleArn === undefined ? {} : { assumedRoleArn: s.assumedRoleArn }),
      expiration: s.expiration.toISOString(),
      expired: s.expired,
    })),
    profiles: status.profiles.map((p) => ({
      name: p.name,
      file: p.file,
      ...(p.origin === undefined ? {} : { origin: p.origin }),
    })),
    docker: {
      configPath: status.docker.configPath,
      auths: [...status.docker.auths],
      credHelpers: status.docker.credHelpers.map((c) => ({
        host: c.host,
        ...(c.target === undefined ? {} : { target: c.target }),
      })),
    },
  };
  return renderJsonDocument(document);
}

function orProblem<T, D>(part: Part<T>, show: (value: T) => D): D | { problem: string; hint?: string } {
  if (part.ok) return show(part.value);
  return part.hint === undefined ? { problem: part.problem } : { problem: part.problem, hint: part.hint };
}
