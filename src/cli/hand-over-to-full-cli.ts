/**
 * Thrown inside a CommonJS fast path (scripts/build.mjs builds `offline-fast-path.cjs` with the spec's full parser
 * replaced by a module that throws this) when it reaches code it does not carry: the launcher then runs the full
 * ES-module CLI with the same argv. It is thrown before the command wrote anything, so the full CLI's run is the
 * only one the user sees. The full CLI itself never throws it.
 */
export class HandOverToFullCli extends Error {
  constructor(what: string) {
    super(`the fast path does not carry ${what}: the full CLI runs instead`);
    this.name = "HandOverToFullCli";
  }
}
