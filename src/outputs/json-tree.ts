/**
 * A JSON document that keeps what `JSON.parse` loses: every number, string and literal as its source text
 * (`12345678901234567890` stays exact, `"\u00e9"` keeps its escape) and every object's keys in file order (numeric-like
 * keys are not moved first, duplicates are kept). For editing files other programs own (docker's config.json).
 * The input must be valid JSON (check it first); rendering indents with tabs, as docker writes the file.
 */
export type JsonNode =
  | { kind: "raw"; text: string }
  | { kind: "array"; items: JsonNode[] }
  | { kind: "object"; members: JsonMember[] };

/** One `"key": value` of an object: the key decoded, and as written. */
export interface JsonMember {
  key: string;
  rawKey: string;
  value: JsonNode;
}

/** Parses valid JSON text into a {@link JsonNode}. @throws SyntaxError on invalid input. */
export function parseJsonTree(text: string): JsonNode {
  let i = 0;
  const space = () => {
    while (i < text.length && " \t\r\n".includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at offset ${i}`);
  };
  const stringAt = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return text.slice(start, i);
  };
  const value = (): JsonNode => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      const members: JsonMember[] = [];
      space();
      if (text[i] === "}") {
        i++;
        return { kind: "object", members };
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        const rawKey = stringAt();
        space();
        if (text[i] !== ":") fail();
        i++;
        members.push({ key: JSON.parse(rawKey) as string, rawKey, value: value() });
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return { kind: "object", members };
        } else fail();
      }
    }
    if (c === "[") {
      i++;
      const items: JsonNode[] = [];
      space();
      if (text[i] === "]") {
        i++;
        return { kind: "array", items };
      }
      for (;;) {
        items.push(value());
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return { kind: "array", items };
        } else fail();
      }
    }
    if (c === '"') return { kind: "raw", text: stringAt() };
    const start = i;
    while (i < text.length && /[-+.\w]/.test(text[i] as string)) i++;
    if (i === start) fail();
    return { kind: "raw", text: text.slice(start, i) };
  };
  const root = value();
  space();
  if (i !== text.length) fail();
  return root;
}

/** A node for a plain JS value (as JSON.stringify writes it). */
export function jsonNodeOf(value: unknown): JsonNode {
  return parseJsonTree(JSON.stringify(value) ?? "null");
}

/** The node's plain JS value (numbers as JSON.parse reads them: for comparisons only). */
export function jsonValueOf(node: JsonNode): unknown {
  return JSON.parse(renderJsonTree(node));
}

/** The member `key` of an object node (the last one, as JSON.parse reads duplicates), or undefined. */
export function jsonMember(node: JsonNode, key: string): JsonMember | undefined {
  if (node.kind !== "object") return undefined;
  for (let m = node.members.length - 1; m >= 0; m--) if (node.members[m]?.key === key) return node.members[m];
  return undefined;
}

/** The text, indented with tabs (docker's layout); an object or array without entries is `{}` / `[]`. */
export function renderJsonTree(node: JsonNode, depth = 0): string {
  if (node.kind === "raw") return node.text;
  const inner = "\t".repeat(depth + 1);
  const outer = "\t".repeat(depth);
  if (node.kind === "array") {
    if (node.items.length === 0) return "[]";
    return `[\n${node.items.map((item) => inner + renderJsonTree(item, depth + 1)).join(",\n")}\n${outer}]`;
  }
  if (node.members.length === 0) return "{}";
  const members = node.members.map((m) => `${inner}${m.rawKey}: ${renderJsonTree(m.value, depth + 1)}`);
  return `{\n${members.join(",\n")}\n${outer}}`;
}
