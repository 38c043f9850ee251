/** GitHub's limit on a pull request comment (and on `$GITHUB_STEP_SUMMARY` per step): 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** What the markdown renderers aim at: the limit less a margin for a bot's own header or footer. */
export const COMMENT_BUDGET = 60_000;

/**
 * Adds whole blocks while they fit in `budget` characters (never a block cut in half); the blocks that did not
 * fit are counted, so the caller can say what it left out.
 */
export function fitBlocks(blocks: readonly string[], budget: number): { text: string; omitted: number } {
  let text = "";
  let i = 0;
  for (; i < blocks.length; i++) {
    const block = blocks[i] ?? "";
    if (text.length + block.length > budget) break;
    text += block;
  }
  return { text, omitted: blocks.length - i };
}
