/** Specs larger than this are refused unread: a spec is a small hand-written file. */
export const MAX_SPEC_BYTES = 1024 * 1024;
