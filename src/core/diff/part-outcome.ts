import type { CrossroleError } from "../errors.js";
import type { IamCall } from "./iam-call.js";

/**
 * What happened to one part of a run (a target, or the BUILD side):
 * - `done`: every planned call succeeded; `unchanged`: nothing to do;
 * - `failed`: a read or a call failed (`applied` lists what did succeed before, `notApplied` the rest);
 * - `refused`: crossrole would not touch it (e.g. a role it does not manage), nothing was written;
 * - `not-attempted`: not started (the run was declined, or something it depends on failed).
 */
export type PartStatus = "done" | "unchanged" | "failed" | "refused" | "not-attempted";

/** The outcome of one part, for the report. */
export interface PartOutcome {
  /** Target name, or "BUILD". */
  part: string;
  side: "target" | "build";
  status: PartStatus;
  applied: IamCall[];
  notApplied: IamCall[];
  error?: CrossroleError;
  /** Extra facts for the report (a created user, a role kept, …). */
  notes: string[];
}

/** A part that failed before anything was applied. */
export function failedPart(part: string, error: CrossroleError): PartOutcome {
  return {
    part,
    side: part === "BUILD" ? "build" : "target",
    status: "failed",
    applied: [],
    notApplied: [],
    error,
    notes: [],
  };
}

/** A target part that was not started. */
export function notAttemptedPart(part: string, note = "not attempted: nothing was written"): PartOutcome {
  return { part, side: "target", status: "not-attempted", applied: [], notApplied: [], notes: [note] };
}
