/**
 * A plain block-style access spec with `count` targets t0, t1, ... (accounts 100000000000 + i, ECR push and pull,
 * an S3 write prefix and a read prefix, a tag): the shape plan's light reader judges without zod or yaml, at any
 * size, for the plan tests and bench/plan-startup.ts.
 */
export function manyTargetSpec(
  count: number,
  options: {
    /** Target i's ExternalId (default: 40 characters, distinct per target). */
    externalId?: (i: number) => string;
    /** Top-level lines between `build:` and `targets:` (e.g. a `lint:` section). */
    head?: readonly string[];
    /** Text after the targets. */
    tail?: string;
  } = {},
): string {
  const externalId = options.externalId ?? ((i: number) => `id${i}-Q7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0kYaEuIo`);
  return [
    "version: 1",
    "region: eu-west-1",
    "build:",
    '  account: "222222222222"',
    "  principal: role/ci/builder",
    ...(options.head ?? []),
    "targets:",
    ...Array.from({ length: count }, (_, i) => [
      `  t${i}:`,
      `    account: "${100000000000 + i}"`,
      "    role: /ci/BuildRole",
      `    externalId: ${externalId(i)}`,
      "    permissions:",
      `      ecr: { push: [app${i}], pull: [base] }`,
      `      s3: { write: ["artifacts-${i}/builds/"], read: ["config/ci/"] }`,
      "    tags: { team: platform }",
    ]).flat(),
    ...(options.tail === undefined ? [] : [options.tail]),
    "",
  ].join("\n");
}
