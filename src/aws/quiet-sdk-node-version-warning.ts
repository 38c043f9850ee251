import { state } from "@aws-sdk/core/client";

/**
 * Marks the AWS SDK's "NodeVersionSupportWarning" (a multi-line process.emitWarning about the SDK's releases
 * after early January 2027 needing Node 22, emitted on Node 20 by the first client a process builds) as already
 * shown, in this process's copy of the SDK only. crossrole supports Node 20.19+ (package.json engines), and the
 * warning would land in every build log and read like an error.
 *
 * The SDK's flag (`state.warningEmitted` of @aws-sdk/core/client, which every client's runtime config checks)
 * rather than its environment switch AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: a variable set in
 * process.env would be inherited by the commands `crossrole exec` runs, and silence their own SDKs too.
 */
export function quietSdkNodeVersionWarning(): void {
  state.warningEmitted = true;
}
