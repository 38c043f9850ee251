/** One role the step handed on, as the job summary shows it. Never a secret. */
export interface SummaryRole {
  /** The spec target, or undefined for role-arn. */
  target?: string | undefined;
  roleArn: string;
  sessionArn?: string | undefined;
  /** ISO 8601. */
  expiration: string;
  /** Already masked (maskExternalId); undefined when the role takes none. */
  maskedExternalId?: string | undefined;
}

/** What the step did, for $GITHUB_STEP_SUMMARY. */
export interface JobSummary {
  roles: readonly SummaryRole[];
  /** How the credentials were handed on: the `export` input. */
  exportMode: string;
  /** ECR registries logged in to. */
  registries: readonly string[];
  /** `mask-aws-account-id`: account IDs shown as `***`, as the log shows them. */
  maskAccountIds: boolean;
}

const HANDED_ON: Record<string, string> = {
  env: "AWS_* variables for the next steps",
  profile: "one AWS profile per target",
  serve: "a credential endpoint until the job ends",
  none: "step outputs only",
};

/**
 * The step's Markdown for the job summary page: a table of the roles (target, role ARN, session ARN, expiration,
 * ExternalId masked), how they were handed on and the registries. Holds no secret: credentials and tokens are not
 * among its inputs, and the ExternalId comes in masked.
 */
export function renderJobSummary(summary: JobSummary): string {
  const cell = (value: string | undefined) => {
    if (value === undefined || value === "") return "—";
    const shown = summary.maskAccountIds ? value.replace(/\b\d{12}\b/g, "***") : value;
    return `\`${shown.replace(/[`|\\\r\n]/g, " ")}\``;
  };
  const lines = [
    "### crossrole",
    "",
    "| target | role | session | expires | ExternalId |",
    "| --- | --- | --- | --- | --- |",
    ...summary.roles.map(
      (r) =>
        `| ${cell(r.target)} | ${cell(r.roleArn)} | ${cell(r.sessionArn)} | ${cell(r.expiration)} | ${cell(r.maskedExternalId)} |`,
    ),
    "",
    `Handed on as ${HANDED_ON[summary.exportMode] ?? summary.exportMode} (\`export: ${summary.exportMode}\`).`,
  ];
  if (summary.registries.length > 0) {
    lines.push("", `Docker logged in to ${summary.registries.map((h) => cell(h)).join(", ")}.`);
  }
  return `${lines.join("\n")}\n`;
}
