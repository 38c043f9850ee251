/**
 * The `region` of profile `name` in an AWS config file's text (`[profile NAME]`, or `[default]` for "default"),
 * as the aws CLI reads it; undefined when the profile or its region is not there. Pure.
 * @example profileRegion("[profile ci]\nregion = eu-west-1\n", "ci") // "eu-west-1"
 */
export function profileRegion(text: string, name: string): string | undefined {
  let inside = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*([^\]]*?)\s*\]/.exec(line);
    if (header !== null) {
      const section = (header[1] as string).replace(/^profile\s+/, "");
      inside = section === name && (header[1] !== name || name === "default");
      continue;
    }
    if (!inside) continue;
    const setting = /^region\s*=\s*([^\s#;]+)/.exec(line);
    if (setting !== null) return setting[1];
  }
  return undefined;
}
