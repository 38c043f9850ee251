import type { BuildPlan } from "../plan/access-plan.js";
import { grantOwnerOfInline, grantOwnerOfPart } from "../plan/grant-layout.js";
import { type PolicyDocument, policySize, toList } from "../plan/policy-document.js";
import { mergeGrantPolicies } from "../plan/split-grant-policy.js";
import type { LiveGrantPart, LiveGrantStorage, OtherGrant } from "./live-state.js";

/** Everything read from a BUILD principal that may be part of a grant. */
export interface PrincipalPolicies {
  /** Every inline policy on the principal, by name (crossrole's and anyone else's). */
  inline: ReadonlyMap<string, PolicyDocument | undefined>;
  /** The crossrole grant parts found (attached, or one of this spec's planned parts left detached). */
  parts: readonly LiveGrantPart[];
}

/** What of a principal's policies is this spec's part, what is other specs', and what the inline quota has left. */
export interface SortedGrantParts {
  storage: LiveGrantStorage;
  /** What this spec's part allows (inline and attached parts merged); undefined when it has none. */
  grantPolicy: PolicyDocument | undefined;
  otherGrants: OtherGrant[];
  otherInlineSize: number;
}

/**
 * Sorts a BUILD principal's policies by owner: this spec's part (named after its `name:`), the other specs' parts,
 * and everything else. A named spec takes over the unnamed grant an earlier crossrole wrote (`adopted`) only when
 * that grant allows exactly this spec's roles (it was this spec's grant before it had a name); otherwise the
 * unnamed grant belongs to another spec and is left in place (`legacyLeft`). The inline size counts every inline
 * policy except this spec's own and an adopted one (both are rewritten or removed). Pure.
 */
export function sortGrantParts(
  plan: Pick<BuildPlan, "specName" | "grantPolicy">,
  found: PrincipalPolicies,
): SortedGrantParts {
  const own = plan.specName;
  const byOwner = new Map<
    string | undefined,
    { inline?: [string, PolicyDocument]; managed: LiveGrantPart[] }
  >();
  const entry = (specName: string | undefined) => {
    const e = byOwner.get(specName) ?? { managed: [] };
    byOwner.set(specName, e);
    return e;
  };
  for (const [name, document] of found.inline) {
    const owner = grantOwnerOfInline(name);
    if (owner !== undefined && document !== undefined) entry(owner.specName).inline = [name, document];
  }
  for (const part of found.parts) {
    const owner = grantOwnerOfPart(part.policyArn);
    if (owner !== undefined) entry(owner.specName).managed.push(part);
  }
  const mine = byOwner.get(own) ?? { managed: [] };
  byOwner.delete(own);
  const storage: LiveGrantStorage = {
    ...(mine.inline === undefined ? {} : { inline: mine.inline[1] }),
    managed: mine.managed,
  };
  let adoptedInline: string | undefined;
  const legacy = own === undefined ? undefined : byOwner.get(undefined);
  if (legacy !== undefined && sameRoles(documentsOf(legacy), plan.grantPolicy)) {
    byOwner.delete(undefined);
    adoptedInline = legacy.inline?.[0];
    storage.adopted = {
      inlineName: legacy.inline?.[0] ?? "",
      ...(legacy.inline === undefined ? {} : { inline: legacy.inline[1] }),
      managed: legacy.managed,
    };
  }
  const otherGrants: OtherGrant[] = [...byOwner.entries()]
    .map(([specName, e]) => ({
      specName,
      policies: [...(e.inline === undefined ? [] : [e.inline[0]]), ...e.managed.map((m) => m.policyArn)],
      roles: rolesOf(documentsOf(e)),
      legacyLeft: specName === undefined && own !== undefined,
    }))
    .sort((a, b) => ((a.specName ?? "") < (b.specName ?? "") ? -1 : 1));
  let otherInlineSize = 0;
  for (const [name, document] of found.inline) {
    if (document === undefined || name === adoptedInline) continue;
    if (mine.inline !== undefined && name === mine.inline[0]) continue;
    otherInlineSize += policySize(document);
  }
  const grantPolicy = mergeGrantPolicies([
    ...(storage.inline === undefined ? [] : [storage.inline]),
    ...storage.managed.flatMap((m) => (m.attached && m.document !== undefined ? [m.document] : [])),
  ]);
  return { storage, grantPolicy, otherGrants, otherInlineSize };
}

// --- internal ---

function documentsOf(e: { inline?: [string, PolicyDocument]; managed: LiveGrantPart[] }): PolicyDocument[] {
  return [
    ...(e.inline === undefined ? [] : [e.inline[1]]),
    ...e.managed.flatMap((m) => (m.attached && m.document !== undefined ? [m.document] : [])),
  ];
}

function rolesOf(documents: readonly PolicyDocument[]): string[] {
  return [...new Set(documents.flatMap((d) => d.Statement.flatMap((s) => toList(s.Resource))))].sort();
}

function sameRoles(documents: readonly PolicyDocument[], grant: PolicyDocument): boolean {
  const live = rolesOf(documents);
  const wanted = rolesOf([grant]);
  return live.length > 0 && live.length === wanted.length && live.every((r, i) => r === wanted[i]);
}
