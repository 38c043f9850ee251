import type { CommandName } from "./command-names.js";
import type { OptionId } from "./option-table.js";

/** An option's help: one text, or one per command where the option's effect reads differently. */
export type OptionHelp = string | ({ readonly default: string } & Partial<Record<CommandName, string>>);

const twoSidedProfile =
  "Not used here: this command works on two sides; use --target-profile and --build-profile";

/**
 * The help text of every option in option-table.ts (lines after the first are continuation lines). Only the full
 * CLI loads it, when --help or completion asks: assume's fast path never does (scripts/build.mjs refuses it there).
 */
export const optionHelp = {
  config: "Access spec (default: $CROSSROLE_CONFIG, else crossrole.yaml here or above)",
  target: {
    default:
      "Only these targets (positional or repeatable flag; default: all). A multi-account target's\nname selects all its accounts, GROUP-ACCOUNT one of them",
    rollout: "Only these multi-account targets (positional or repeatable flag; default: all)",
    revoke: "Targets to revoke (positional or repeatable flag; or --all)",
    rotate: "rotate external-id: the target (positional or flag, the same)",
    assume: "A target of the access spec (positional or flag, the same)",
    exec: "A target of the access spec (positional or flag, the same)",
    serve: "A target of the access spec (positional or flag, the same)",
    profile:
      "A target of the access spec (positional or flag, the same): role ARN, ExternalId and\nregion come from it",
    "ecr login": "Targets whose registries to log in to (positional or repeatable flag; default: all)",
    "ecr configure-helper": "Targets whose registries to route (positional or repeatable flag; default: all)",
    "ecr logout": "Only the entries of these targets (positional or repeatable flag; default: all)",
  },
  profile: {
    default: "The source (BUILD) credentials' profile: the same as --source-profile",
    apply: twoSidedProfile,
    diff: twoSidedProfile,
    destroy: twoSidedProfile,
    rollout: twoSidedProfile,
    verify: `${twoSidedProfile} (and --source-profile for BUILD)`,
    revoke: `${twoSidedProfile} (and --source-profile for the proof)`,
    rotate: `${twoSidedProfile} (and --source-profile for the proof)`,
  },
  "source-profile": {
    default: "Source (BUILD) credentials from this profile (default: the SDK's default chain)",
    verify: "BUILD credentials from this profile (default: the SDK's default chain)",
    revoke: "BUILD credentials for the proof (default: the SDK's default chain)",
    rotate: "BUILD credentials for the proof (default: the SDK's default chain)",
    whoami: "Whose identity: this profile (default: the SDK's default chain)",
    profile:
      "Another profile holds the source credentials (source_profile = NAME); it must exist in the\nconfig or credentials file (exit 2 otherwise; --force writes anyway, with a warning)",
  },
  "audit-profile":
    "Admin read profile of one account to audit (repeatable: one per account of a fleet;\ndefault: the SDK's default chain, $AWS_PROFILE included). It needs iam:ListRoles",
  "ignore-file":
    "Acknowledge accepted findings: a YAML/JSON file with ignore: entries of rule,\nrole (an ARN, * for any run of characters), reason (required) and optionally\nuntil (YYYY-MM-DD). They are shown with their reason and do not fail the audit",
  "target-profile": {
    default:
      "Admin profile of the target accounts (overrides targets.*.admin in the spec; with a\nper-account admin.roleArn, the profile the role is assumed from)",
    rollout: "Profile of the StackSet administrator account",
    verify: "Admin profile of the target accounts, to read the live documents",
  },
  "build-profile": {
    default: "Admin profile of the BUILD account (overrides build.admin in the spec)",
    rollout: "Admin profile of the BUILD account (the grant)",
    verify: "Admin profile of the BUILD account, to read the live grant",
  },
  region: {
    default: "Region (default: the spec's, else $AWS_REGION/$AWS_DEFAULT_REGION, else the profile's)",
    plan: "Plan as if the spec named this region, for every target (default: the spec's): it is\nwritten into the plan and the Terraform providers and decides each ARN's partition",
    profile: "Region of the profile (default: the target's; none with --role-arn)",
    configure: "Region of the profiles (default: $REGION, else $AWS_REGION)",
    whoami: "STS region (default: $AWS_REGION, $AWS_DEFAULT_REGION, the profile's, else us-east-1)",
    audit:
      "Region for the STS calls (IAM is global; default: $AWS_REGION, $AWS_DEFAULT_REGION, else us-east-1)",
  },
  "endpoint-url": "Send AWS calls here (e.g. a local emulator); AWS_ENDPOINT_URL works too",
  side: "target | build | all (default all): which account(s) to work on",
  concurrency: "Targets worked on at once (default 8)",
  "dry-run": {
    default: "Show what would change; write nothing",
    apply: "Show the diff and the IAM calls; write nothing",
    rollout: "Show what would change; write nothing (no ExternalIds either)",
  },
  yes: "Do not ask for confirmation (required when stdin is not a terminal)",
  adopt: "Take over existing roles that lack the managed-by=crossrole tag",
  "create-build-user": "Create the spec's BUILD IAM user if missing, with one access key",
  "key-out": {
    default:
      "Where the new key goes: a new file (mode 0600, JSON {AccessKeyId, SecretAccessKey}),\nor - for stdout (only when stdout is not a terminal; the report then goes to stderr).\nThe file is checked before anything is created; if the key still cannot be handed\nover, the new key and user are deleted again, so a re-run starts over",
    rotate:
      "build-key: where the new key goes (a new file, mode 0600; - for stdout when it is\nnot a terminal)",
  },
  "no-build-grant": "Do not write the BUILD grant",
  "max-concurrent": "Accounts deployed at once (1..100, default 10)",
  "failure-tolerance": "Accounts that may fail before rollout stops (0..100, default 0)",
  "administration-role-arn": "SELF_MANAGED administration role (default: AWS's standard name)",
  "execution-role-name": "Role CloudFormation assumes in each account (default: AWS's standard name)",
  "delegated-admin": "Call as a delegated StackSets administrator (CallAs DELEGATED_ADMIN; OU targets)",
  "plan-format":
    "text (default): a review for people\njson: stable machine-readable plan (formatVersion 1)\nmarkdown: a pull/merge request comment: Mermaid access graph, a table\n  per target, lint findings with fixes (ExternalIds masked; fits a comment)\ndot: Graphviz access graph for fleets too large for Mermaid (dot -Tsvg)\ncloudformation: one template per target account + one for BUILD\nterraform: *.tf.json per account",
  "diff-format":
    "text (default); json: machine-readable (formatVersion 1); markdown: a\npull/merge request comment with the +/- of principals, ExternalIds (masked),\nactions and resources",
  "comment-file":
    "With --format markdown: write the comment to FILE (atomically, 0644) instead\nof stdout, e.g. for a GitLab merge request note",
  html: "Also write the evidence as one self-contained HTML page to FILE (atomically,\n0644; a matrix of targets by checks, the JSON embedded; ExternalIds masked)",
  "plan-out":
    "Write files into DIR (relative to the current directory, or absolute) instead of\nstdout; directories it creates are 0755, files 0644\n(cloudformation/terraform default: ./crossrole-plan)",
  json: {
    default: "One JSON document on stdout (schema/output/COMMAND.schema.json)",
    apply:
      "One JSON document on stdout (schema/output/apply.schema.json): the diff and each\npart's outcome; the preview and progress go to stderr. Not with --key-out -",
    configure:
      "One JSON document on stdout (schema/output/configure.schema.json): the sections\nwritten and where; never the keys",
    destroy:
      "One JSON document on stdout (schema/output/destroy.schema.json): the deletions\nplanned and each part's outcome; the preview and progress go to stderr",
    diff: "One JSON document on stdout (schema/output/diff.schema.json); the same as --format json",
    whoami:
      "One JSON document on stdout (schema/output/whoami.schema.json): every part, or\nwhy it could not be found out; never a key",
    audit:
      "One JSON document on stdout (schema/output/audit.schema.json): every role of every\naccount, its status and findings",
    "ecr login":
      "One JSON document on stdout (schema/output/ecr-login.schema.json): registries, hosts\nand files; never a token (not with --print-password)",
    "ecr configure-helper":
      "One JSON document on stdout (schema/output/ecr-configure-helper.schema.json): the\nregistries routed and the file",
    "ecr logout":
      "One JSON document on stdout (schema/output/ecr-logout.schema.json): the entries removed\nand the file",
    init: "One JSON document on stdout (schema/output/init.schema.json): the file, the\nspec's name and its targets (the ExternalIds stay in the file)",
    lint: "Findings as one JSON document (schema/output/lint.schema.json)",
    plan: "The same as --format json",
    profile:
      "One JSON document on stdout (schema/output/profile.schema.json): the sections\nwritten (or removed) and where; never keys or the ExternalId's value",
    revoke: "One JSON document on stdout (schema/output/revoke.schema.json)",
    rollout:
      "One JSON document on stdout (schema/output/rollout.schema.json); the preview\nand progress go to stderr",
    rotate:
      "One JSON document on stdout (schema/output/rotate-external-id.schema.json,\nrotate-build-key.schema.json); build-key: with --key-out FILE only, and the\ndocument names the file, never the secret",
    verify: "Print the evidence document (JSON; schema/output/verify.schema.json) instead of\nthe table",
  },
  strict: "Warnings fail too",
  "verify-out":
    "Also write the evidence document to FILE (atomically, mode 0600; directories\nit creates are 0700)",
  "probe-writes": "Put a small canary object under each S3 write prefix (and delete it)",
  all: "Every target of the spec",
  "disable-build-keys": "Also set the BUILD user's access keys to Inactive",
  "no-proof": "Skip the proof",
  finish: "external-id: end the rotation window (drop the old value)",
  "keep-old": "build-key: deactivate the old key but keep it",
  "role-arn": {
    default: "Ad hoc: this role (instead of TARGET) ...",
    profile: "Ad hoc role, without a spec",
  },
  "external-id": {
    default: "... with this ExternalId (not with TARGET: the spec holds it)",
    profile: "With --role-arn: the ExternalId the role's trust policy requires",
  },
  "session-name": {
    default: "RoleSessionName (default: from CI metadata, else user@host)",
    profile: "role_session_name (default: none; each tool names its sessions, e.g.\nbotocore-session-<time>)",
  },
  duration: {
    default: "Session length, 15m..12h: 3600, 15m, 1h, 1h30m (default 1h; 1h at most when chaining\nroles)",
    profile: "duration_seconds, 15m..12h: 3600, 15m, 1h, 1h30m (default: none, i.e. 1h)",
  },
  "source-identity": "SourceIdentity (needs sts:SetSourceIdentity in the trust)",
  tag: "Session tag, repeatable (needs sts:TagSession in the trust)",
  "min-ttl": "Reuse a cached session only if valid this long: 600, 10m (default 10m)",
  "no-cache": "Neither read nor write the credential cache",
  "id-token-variable":
    "Keyless builds: the BUILD hop takes the CI's OIDC token from this variable\n(GitLab id_tokens; default build.oidc.tokenVariable, else CROSSROLE_ID_TOKEN,\nelse GitHub Actions' token endpoint)",
  "assume-format":
    "sh | fish | powershell | dotenv | json | credential-process | github-env | gitlab-dotenv\n(default: sh when stdout is not a terminal; on a terminal, a summary without\nsecrets). github-env appends to $GITHUB_ENV and prints ::add-mask:: lines.",
  serve:
    "Give COMMAND no keys but a local credential endpoint (127.0.0.1, random port,\nrandom token): AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN.\nAWS SDKs and the aws CLI fetch credentials from it and refresh them themselves;\ncrossrole re-assumes the role before each session expires (the larger of 5 min and\n10 % of its lifetime before), so COMMAND may outlive one session and the 1 h\nrole-chaining cap (while crossrole's own source credentials stay valid, e.g. an\ninstance or task role). The endpoint stops with COMMAND.",
  port: "Listen on this port (default: a free one)",
  bind: "Listen on this IP address (default 127.0.0.1). A non-loopback address (e.g. the\ndocker bridge 172.17.0.1) exposes the endpoint to whatever can reach it, over plain\nHTTP; crossrole warns. Note: botocore (aws CLI, boto3) and the JS SDK v3 accept an\nhttp:// FULL_URI only for loopback, localhost, 169.254.170.2, 169.254.170.23 and\nfd00:ec2::23, so containers should rather share the host network (docker run\n--network host) and use 127.0.0.1.",
  "registry-id": "This account's registry instead of the target's own (repeatable)",
  "print-password":
    "Print only the password, for: ... | docker login --username AWS --password-stdin HOST\n(one registry only; refused when stdout is a terminal; config.json is not written)",
  docker:
    "Run docker login --username AWS --password-stdin HOST per registry instead of writing\nconfig.json (the password goes to docker's stdin, never its arguments)",
  "profile-name":
    "Profile name (default: the target's name; with --role-arn the role's name).\n\"default\" writes [default].",
  "source-from-env":
    "Copy AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment into the\ncredentials file as [NAME-source] (keys are never taken from arguments)",
  "credential-source":
    "Let the SDK find the source credentials: Ec2InstanceMetadata | EcsContainer | Environment",
  remove: "Remove the sections crossrole wrote for NAME, and nothing else",
  "profile-force": {
    default: "Take over a section crossrole did not write (it is then rewritten and marked)",
    configure: "Take over existing sections crossrole did not write",
  },
  "from-env": "Read the settings from the environment (required: the only mode so far)",
  "configure-profile": "Name of the builder profile to write (as aws configure --profile; default: builder)",
  "build-account": "The BUILD account where build servers run (12 digits)",
  "build-principal": "Who builds run as: user/NAME, role/NAME, a full IAM ARN, or root",
  "init-target": "A target account and a name for it (repeatable)",
  role: "Role name (or /path/NAME) to create in each target (default: CrossroleBuildRole)",
  "init-region": "Region of the targets (default: $AWS_REGION, $AWS_DEFAULT_REGION)",
  "init-name":
    "The spec's name: its own part of a BUILD principal several specs share\n(default: the directory's name and 4 random characters)",
  "init-out": "Where to write (default: ./crossrole.yaml)",
  "init-force": "Overwrite an existing file",
  help: "Show this help",
  "schema-path": "Print the installed schema file's path instead of the schema",
  "schema-url": "Print the URL init links (this release's schema on jsDelivr) instead of the schema",
  "no-color": "No colour (also NO_COLOR=1; FORCE_COLOR=1 colours a pipe too)",
  quiet: {
    default: "Only errors, warnings and the result",
    apply: "Only failed parts and the summary line (with --yes, no preview)",
    destroy: "Only failed parts and the summary line (with --yes, no preview)",
    configure: "Only errors and warnings (the profiles are the result)",
    diff: "Only the verdict line (drift or no drift) and the parts that could not be read",
    init: "Nothing on success (the file is the result)",
    lint: "Only the findings that fail the run (errors; warnings too with --strict) and the summary",
    plan: 'The plan only: no "wrote FILE" lines',
    profile: "Only errors and warnings (the profile is the result)",
    revoke: "Only failures and the summary line (with --yes, no announcement)",
    rollout: "Only failed accounts and the summary line (with --yes, no preview)",
    rotate: "Only the result line, failed proofs and places still holding the old value",
    verify: "Only failed and warned checks and the verdict line",
    assume: "Only errors, warnings and the result (the credentials)",
    exec: "Only errors, warnings and the command's own output",
    serve: "Only errors, warnings and refresh failures",
    "ecr login": "Only errors and warnings (the docker config is the result)",
    "ecr configure-helper": "Only errors and warnings (the docker config is the result)",
    "ecr logout": "Only errors and warnings (the docker config is the result)",
    whoami: "Only the identity and the spec in use",
    audit: "Only the roles that fail (critical, error, not judged), their failing findings\nand the summary",
  },
} as const satisfies Record<OptionId, OptionHelp>;
