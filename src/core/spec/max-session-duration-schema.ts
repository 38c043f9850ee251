import { z } from "zod";

/**
 * A role's MaxSessionDuration as IAM accepts it: whole seconds from 3600 to 43200. One rule, with one wording, for
 * target roles (`targets.*.maxSessionDuration`) and the keyless BUILD role (`build.oidc.maxSessionDuration`).
 */
export const maxSessionDurationSchema = z
  .number({ error: "must be a whole number of seconds between 3600 and 43200" })
  .int({ error: "must be a whole number of seconds between 3600 and 43200" })
  .min(3600, { error: "must be at least 3600 seconds (1 hour), the IAM minimum" })
  .max(43200, { error: "must be at most 43200 seconds (12 hours), the IAM maximum" });
