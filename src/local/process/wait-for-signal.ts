/** Signals that stop a long-running crossrole process (`serve`) cleanly. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Resolves with the first of `signals` the process receives (the handlers replace node's default "exit at once",
 * so the caller can shut down cleanly), or with "aborted" when `abort` fires. Handlers are removed either way.
 */
export function waitForSignal(
  signals: readonly NodeJS.Signals[] = STOP_SIGNALS,
  abort?: AbortSignal,
): Promise<NodeJS.Signals | "aborted"> {
  return new Promise((resolve) => {
    const done = (outcome: NodeJS.Signals | "aborted") => {
      for (const signal of signals) process.off(signal, onSignal);
      abort?.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onSignal = (signal: NodeJS.Signals) => done(signal);
    const onAbort = () => done("aborted");
    for (const signal of signals) process.on(signal, onSignal);
    if (abort?.aborted === true) onAbort();
    else abort?.addEventListener("abort", onAbort, { once: true });
  });
}
