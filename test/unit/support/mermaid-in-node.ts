/**
 * mermaid's own parser in Node. Mermaid sanitizes labels with DOMPurify, which needs a browser DOM; parsing does
 * not, so DOMPurify's two calls are stubbed (labels are checked by the browser test, which renders them).
 */
export async function loadMermaidParser(): Promise<(text: string) => Promise<unknown>> {
  const { default: purify } = (await import("dompurify")) as unknown as {
    default: { addHook?: unknown; sanitize?: unknown };
  };
  purify.addHook ??= () => undefined;
  purify.sanitize ??= (text: string) => text;
  const { default: mermaid } = (await import("mermaid")) as unknown as {
    default: { parse: (text: string) => Promise<unknown> };
  };
  return (text) => mermaid.parse(text);
}
