/**
 * Ctrl-C and `kill` (SIGINT / SIGTERM): the first asks the run to stop at its next safe point (between
 * files, between stages) and record itself interrupted; a second one exits at once, which is still safe
 * because every file is one transaction and the lock is removed on exit.
 */
export interface StopSignals {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function stopOnSignals(handlers: { onStop?(signal: NodeJS.Signals): void; onForce?(signal: NodeJS.Signals): void } = {}): StopSignals {
  const controller = new AbortController();
  const handle = (sig: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(sig);
      handlers.onStop?.(sig);
      return;
    }
    handlers.onForce?.(sig);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handle);
      process.off('SIGTERM', handle);
    },
  };
}
