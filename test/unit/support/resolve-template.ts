/**
 * What CloudFormation deploys from a template in one account, for the intrinsic functions crossrole's templates
 * use: `Ref` (of a parameter, or `AWS::AccountId`), `Fn::Sub` (`${Name}` and `${!literal}`), `Fn::Join`. A
 * `CommaDelimitedList` parameter resolves to a list. Anything else is left as it is (so a test comparing the result
 * with the plan fails on it).
 */
export function resolveTemplate(
  value: unknown,
  context: { account: string; parameters: Record<string, string>; listParameters?: readonly string[] },
): unknown {
  const lookup = (name: string): string | string[] => {
    if (name === "AWS::AccountId") return context.account;
    const v = context.parameters[name];
    if (v === undefined) throw new Error(`no value for ${name}`);
    return context.listParameters?.includes(name) === true ? v.split(",") : v;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    const entries = Object.entries(v);
    const [only] = entries;
    if (entries.length === 1 && only !== undefined) {
      const [fn, arg] = only;
      if (fn === "Ref" && typeof arg === "string") return lookup(arg);
      if (fn === "Fn::Sub" && typeof arg === "string")
        return arg.replace(/\$\{(!?)([^}]*)\}/g, (_, bang: string, name: string) =>
          bang === "!" ? `\${${name}}` : String(lookup(name)),
        );
      if (fn === "Fn::Join" && Array.isArray(arg)) {
        const [sep, parts] = arg as [string, unknown[]];
        return parts.map(walk).join(sep);
      }
    }
    return Object.fromEntries(entries.map(([k, x]) => [k, walk(x)]));
  };
  return walk(value);
}
