/**
 * Long-running commands (`serve`, `record`) wait here for Ctrl-C or SIGTERM,
 * then shut down themselves: the process never exits from a signal handler,
 * so data files and recordings are flushed first.
 */
export function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
