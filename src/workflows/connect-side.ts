import type { CallerIdentity } from "../core/diff/live-state.js";
import type { IamPort } from "../core/ports/iam-port.js";
import type { AdminSpec } from "../core/spec/spec-schema.js";

/** Which side(s) a command works on (`--side`). */
export type Side = "target" | "build" | "all";

/** What the workflow asks the caller to connect to: one side of one account. */
export interface SideRequest {
  side: "target" | "build";
  /** The target's name (`GROUP-ACCOUNT` for one account of a multi-account target); undefined for BUILD. */
  target?: string;
  /** For one account of a multi-account target: the spec's target name. */
  group?: string;
  /** The account the spec says this side is in. */
  account: string;
  region: string;
  /**
   * The spec's `admin` block for this side, if any, as written: a multi-account target's `roleArn` may contain
   * `{account}`, which the connector replaces with `account`.
   */
  admin?: AdminSpec;
}

/** Administrator access to one account, as the caller resolved it. */
export interface SideConnection {
  iam: IamPort;
  /** Who the credentials are (GetCallerIdentity), checked against the expected account before anything else. */
  identity: CallerIdentity;
  /** How the credentials were chosen, for messages: "profile target-admin", "the default credential chain". */
  source: string;
}

/** Connects to one side (resolves credentials, runs GetCallerIdentity). May cache per credential source. */
export type ConnectSide = (request: SideRequest) => Promise<SideConnection>;
