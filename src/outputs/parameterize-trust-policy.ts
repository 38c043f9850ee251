import type { PolicyDocument } from "../core/plan/policy-document.js";
import { orderPolicy } from "./render-plan-json.js";

/** What replaces the planned values in an infrastructure-as-code template. */
export interface TrustParameters {
  /** The BUILD principal ARN the plan names. */
  principalArn: string;
  /** Replaces that ARN wherever it is a principal value. */
  principal: unknown;
  /** Replaces the `StringEquals` `sts:ExternalId` value(s). */
  externalId: unknown;
}

/**
 * A trust policy (keys ordered) with the BUILD principal and the ExternalId replaced by template references:
 * `{ Ref: … }` for CloudFormation, a marker for Terraform. Everything else is kept as planned.
 */
export function parameterizeTrustPolicy(trust: PolicyDocument, params: TrustParameters): unknown {
  const doc = orderPolicy(trust);
  return {
    Version: doc.Version,
    Statement: doc.Statement.map((s) => {
      const out: Record<string, unknown> = { ...s };
      if (s.Principal !== undefined && s.Principal !== "*") {
        out.Principal = Object.fromEntries(
          Object.entries(s.Principal).map(([type, v]) => [
            type,
            v === params.principalArn ? params.principal : v,
          ]),
        );
      }
      const strict = s.Condition?.StringEquals;
      if (strict?.["sts:ExternalId"] !== undefined) {
        out.Condition = { ...s.Condition, StringEquals: { ...strict, "sts:ExternalId": params.externalId } };
      }
      return out;
    }),
  };
}
