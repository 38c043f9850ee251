import {
  POLICY_VERSION,
  type PolicyDocument,
  type PolicyStatement,
  policySize,
  singleOrList,
  toList,
} from "./policy-document.js";

/**
 * IAM's quota on one customer-managed policy: 6,144 characters, whitespace excluded (IAM quotas). Unlike the inline
 * quota it is per policy, so a grant too large for the principal's inline quota fits in several managed policies.
 */
export const MANAGED_POLICY_SIZE_LIMIT = 6144;

/**
 * Splits a grant into as few documents as fit `limit` each, keeping every statement's Sid, Effect and Action and
 * distributing its resources in order (greedy packing). The union of the parts allows exactly what `policy`
 * allows. Pure.
 * @throws Error when a single resource cannot fit (a bug: ARNs are far below the limit).
 */
export function splitGrantPolicy(
  policy: PolicyDocument,
  limit = MANAGED_POLICY_SIZE_LIMIT,
): PolicyDocument[] {
  if (policySize(policy) <= limit) return [policy];
  const parts: { statements: { base: PolicyStatement; resources: string[] }[] }[] = [];
  let current: (typeof parts)[number] = { statements: [] };
  const render = (part: typeof current): PolicyDocument => ({
    Version: POLICY_VERSION,
    Statement: part.statements.map((s) => ({ ...s.base, Resource: singleOrList(s.resources) })),
  });
  // policySize(render(current)), kept up to date as resources are added: re-rendering and stringifying the part for
  // every resource made a grant of 1,000 targets cost plan ~50 ms and much garbage. Exact: only the Resource value's
  // text and the Statement list's commas change (singleOrList writes one resource as a string, more as a list).
  const emptySize = policySize({ Version: POLICY_VERSION, Statement: [] });
  let size = emptySize;
  for (const statement of policy.Statement) {
    for (const resource of toList(statement.Resource)) {
      let slot = current.statements.find((s) => s.base.Sid === statement.Sid);
      let grown: number;
      if (slot === undefined) {
        slot = { base: { ...statement }, resources: [] };
        grown = size + (current.statements.length > 0 ? 1 : 0) + statementSize(slot.base, resource);
        current.statements.push(slot);
      } else {
        grown = size + JSON.stringify(resource).length + (slot.resources.length === 1 ? 3 : 1);
      }
      slot.resources.push(resource);
      if (grown <= limit) {
        size = grown;
        continue;
      }
      slot.resources.pop();
      if (slot.resources.length === 0) current.statements.pop();
      if (current.statements.length === 0) throw new Error(`resource ${resource} does not fit a policy`);
      parts.push(current);
      current = { statements: [{ base: { ...statement }, resources: [resource] }] };
      size = emptySize + statementSize(statement, resource);
    }
  }
  if (current.statements.length > 0) parts.push(current);
  return parts.map(render);
}

/**
 * The grant that several documents allow together: statements with the same Sid merged (resources deduplicated and
 * sorted), in first-seen order. The inverse of {@link splitGrantPolicy} up to resource order. Pure.
 */
export function mergeGrantPolicies(documents: readonly PolicyDocument[]): PolicyDocument | undefined {
  if (documents.length === 0) return undefined;
  const merged = new Map<string, { base: PolicyStatement; resources: Set<string> }>();
  for (const doc of documents) {
    for (const s of doc.Statement) {
      const key = s.Sid ?? JSON.stringify({ Effect: s.Effect, Action: s.Action });
      const entry = merged.get(key) ?? { base: { ...s }, resources: new Set<string>() };
      for (const r of toList(s.Resource)) entry.resources.add(r);
      merged.set(key, entry);
    }
  }
  return {
    Version: POLICY_VERSION,
    Statement: [...merged.values()].map(({ base, resources }) => ({
      ...base,
      Resource: singleOrList([...resources].sort()),
    })),
  };
}

// --- internal ---

/** The JSON size of `statement` with one resource, as render writes it. */
function statementSize(statement: PolicyStatement, resource: string): number {
  return JSON.stringify({ ...statement, Resource: resource }).length;
}
