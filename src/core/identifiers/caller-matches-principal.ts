/**
 * True when `callerArn` (sts:GetCallerIdentity) is the principal `principalArn` names: the same user, a session of
 * the named role (assumed-role ARNs carry no path, so account and role name are compared, R13), or any principal of
 * the account for `…:root` (R14).
 *
 * @example
 * callerMatchesPrincipal("arn:aws:sts::222222222222:assumed-role/ci/i-0abc", "arn:aws:iam::222222222222:role/build/ci") // true
 * callerMatchesPrincipal("arn:aws:iam::222222222222:user/other", "arn:aws:iam::222222222222:user/ci")                // false
 */
export function callerMatchesPrincipal(callerArn: string, principalArn: string): boolean {
  const caller = /^arn:([\w-]+):(?:iam|sts)::(\d{12}):(user|assumed-role|role|root)(?:\/(.+))?$/.exec(
    callerArn,
  );
  const want = /^arn:([\w-]+):iam::(\d{12}):(root|user\/.+|role\/.+)$/.exec(principalArn);
  if (caller === null || want === null) return callerArn === principalArn;
  const [, callerPartition, callerAccount, callerKind, callerRest = ""] = caller;
  const [, wantPartition, wantAccount, wantWhat = ""] = want;
  if (callerPartition !== wantPartition || callerAccount !== wantAccount) return false;
  if (wantWhat === "root") return true;
  const wantName = wantWhat.slice(wantWhat.lastIndexOf("/") + 1);
  // GetCallerIdentity reports a user's ARN with its path, as the spec's ARN has it.
  if (wantWhat.startsWith("user/")) return callerKind === "user" && `user/${callerRest}` === wantWhat;
  if (callerKind === "assumed-role") return callerRest.split("/")[0] === wantName;
  return callerKind === "role" && `role/${callerRest}` === wantWhat;
}
