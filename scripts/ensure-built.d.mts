/** Whether dist/ exists and is at least as new as every file under src/. */
export function distIsFresh(): boolean;
/** Builds dist/ with tsup unless it is fresh; `label` names the caller in its one log line. */
export function ensureBuilt(label?: string): void;
