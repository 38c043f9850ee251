import { AwsOperationError } from "../core/errors.js";
import type { StackInstanceInfo } from "../core/ports/stackset-port.js";

/** The error for a stack instance that a rollout left in a state other than CURRENT (either permission model). */
export function instanceNotCurrent(stackSetName: string, live: StackInstanceInfo): AwsOperationError {
  const detail = live.detailedStatus === undefined ? "" : ` (${live.detailedStatus})`;
  const reason = live.statusReason === undefined ? "" : `: ${live.statusReason}`;
  return new AwsOperationError(
    "STACK_INSTANCE_NOT_CURRENT",
    `stack instance ${stackSetName} ${live.account}/${live.region} is ${live.status}${detail}${reason}`,
    {
      hint: "See the StackSet's operation results in the CloudFormation console, fix, and run crossrole rollout again.",
    },
  );
}
