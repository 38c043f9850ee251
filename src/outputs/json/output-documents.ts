import type { z } from "zod";
import { applyDocument } from "./apply-document.js";
import { auditDocument } from "./audit-document.js";
import { configureDocument } from "./configure-document.js";
import { destroyDocument } from "./destroy-document.js";
import { diffDocument } from "./diff-document.js";
import { ecrConfigureHelperDocument } from "./ecr-configure-helper-document.js";
import { ecrLoginDocument } from "./ecr-login-document.js";
import { ecrLogoutDocument } from "./ecr-logout-document.js";
import { errorDocument } from "./error-document.js";
import { initDocument } from "./init-document.js";
import { lintDocument } from "./lint-document.js";
import { planDocument } from "./plan-document.js";
import { profileDocument } from "./profile-document.js";
import { revokeDocument } from "./revoke-document.js";
import { rolloutDocument } from "./rollout-document.js";
import { rotateBuildKeyDocument } from "./rotate-build-key-document.js";
import { rotateExternalIdDocument } from "./rotate-external-id-document.js";
import { verifyDocument } from "./verify-document.js";
import { whoamiDocument } from "./whoami-document.js";

/**
 * Every JSON document crossrole prints, by the name of its schema file (`schema/output/NAME.schema.json`): the
 * command (`ecr login` is `ecr-login`), and `error` for any command's failure. scripts/write-schema.ts writes the
 * files; test/unit/output-schemas.test.ts checks they are current and that every reporting command has one.
 * Imported by the script and tests only: commands import the documents' types, never zod's schemas.
 */
export const outputDocuments = {
  init: initDocument,
  plan: planDocument,
  lint: lintDocument,
  apply: applyDocument,
  diff: diffDocument,
  destroy: destroyDocument,
  rollout: rolloutDocument,
  verify: verifyDocument,
  revoke: revokeDocument,
  "rotate-external-id": rotateExternalIdDocument,
  "rotate-build-key": rotateBuildKeyDocument,
  profile: profileDocument,
  "ecr-login": ecrLoginDocument,
  "ecr-configure-helper": ecrConfigureHelperDocument,
  "ecr-logout": ecrLogoutDocument,
  configure: configureDocument,
  whoami: whoamiDocument,
  audit: auditDocument,
  error: errorDocument,
} satisfies Record<string, z.ZodType>;

/** The name of a document's schema file. */
export type OutputDocumentName = keyof typeof outputDocuments;
