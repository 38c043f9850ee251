import { describe, expect, it } from "vitest";
import { codeFence, escapeHtml, escapeMarkdown, escapeMermaid, quoteDot } from "./escape-markup.js";
import { maskExternalId, maskExternalIdsIn } from "./mask-external-id.js";

describe("escapeHtml", () => {
  it.each([
    ["<script>a&b</script>", "&lt;script&gt;a&amp;b&lt;/script&gt;"],
    [`"'`, "&quot;&#39;"],
    ["plain", "plain"],
  ])("%j", (input, out) => expect(escapeHtml(input)).toBe(out));
});

describe("escapeMarkdown", () => {
  it.each([
    ["a|b", "a\\|b"],
    ["`x`", "\\`x\\`"],
    ["[l](u)", "\\[l\\](u)"],
    ["*e* _u_ ~s~", "\\*e\\* \\_u\\_ \\~s\\~"],
    ["<b>&", "&lt;b&gt;&amp;"],
    ["two\nlines\r", "two lines "],
    ["arn:aws:iam::1:role/x-y.z", "arn:aws:iam::1:role/x-y.z"],
  ])("%j", (input, out) => expect(escapeMarkdown(input)).toBe(out));
});

describe("escapeMermaid", () => {
  it.each([
    ['a"b', "a#34;b"],
    ["[x]|(y){z}", "#91;x#93;#124;#40;y#41;#123;z#125;"],
    ["`md`", "#96;md#96;"],
    ["<br>#quot;;", "#60;br#62;#35;quot#59;#59;"],
    ["arn:aws:iam::1:role/a_b-c", "arn:aws:iam::1:role/a_b-c"],
    ["ü", "#252;"],
    ["a\nb", "a b"],
  ])("%j", (input, out) => expect(escapeMermaid(input)).toBe(out));
});

describe("quoteDot", () => {
  it.each([
    ['a"b', '"a\\"b"'],
    ["\\N \\G \\l", '"\\\\N \\\\G \\\\l"'],
    ["a\nb", '"a b"'],
  ])("%j", (input, out) => expect(quoteDot(input)).toBe(out));
});

describe("codeFence", () => {
  it.each([
    ["plain", "```"],
    ["has ``` inside", "````"],
    ["has ````` inside", "``````"],
  ])("%j", (input, out) => expect(codeFence(input)).toBe(out));
});

describe("maskExternalId", () => {
  it.each([
    ["Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0", "…zXi0"],
    ["abcdef", "…ef"],
    ["ab", "…"],
  ])("%j", (input, out) => expect(maskExternalId(input)).toBe(out));

  it("masks known values and the values lint messages quote, whatever they are", () => {
    const known = "Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0";
    expect(maskExternalIdsIn(`id ${known} and again ${known}`, [known])).toBe("id …zXi0 and again …zXi0");
    expect(maskExternalIdsIn('Target "a": ExternalId "liveonlyvalue123" of x', [])).toBe(
      'Target "a": ExternalId "…e123" of x',
    );
    expect(maskExternalIdsIn('checks sts:ExternalId with StringLike ["abc*defghijkl","x"]: weak', [])).toBe(
      'checks sts:ExternalId with StringLike ["…ijkl","…"]: weak',
    );
    expect(maskExternalIdsIn("accepts 3 ExternalIds (aaaaaaaaaaaa, bbbbbbbbbbbb, cc); two", [])).toBe(
      "accepts 3 ExternalIds (…aaaa, …bbbb, …); two",
    );
  });
});
