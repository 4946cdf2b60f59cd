/**
 * Least severe level a client writes. `'off'` writes nothing.
 */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/**
 * Where log lines go: any object with these four methods (`console`, pino, winston…).
 *
 * @example
 * ```ts
 * const logger: Logger = { debug() {}, info() {}, warn: console.warn, error: console.error };
 * ```
 */
export interface Logger {
  /** Details of every request, retry and poll (`logLevel: 'debug'`). */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Submits, recoveries and fall-backs (`logLevel: 'info'`). */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Things that worked out but deserve attention, e.g. a recovered job. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Failures. */
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };
const REDACTED = '[redacted]';

/** The only place the library touches the console: warnings and errors when no logger is given. */
const consoleLogger: Logger = {
  debug: (message, fields) => console.debug(message, ...(fields ? [fields] : [])),
  info: (message, fields) => console.info(message, ...(fields ? [fields] : [])),
  warn: (message, fields) => console.warn(message, ...(fields ? [fields] : [])),
  error: (message, fields) => console.error(message, ...(fields ? [fields] : [])),
};

/**
 * Replaces every secret and every `Bearer …` credential in `text` with `[redacted]`.
 *
 * @example
 * ```ts
 * redact('Authorization: Bearer wsk_test_123', ['wsk_test_123']); // 'Authorization: Bearer [redacted]'
 * ```
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join(REDACTED);
  }
  return out.replace(/(Bearer\s+)(?!\[redacted\])[^\s"',;]+/gi, `$1${REDACTED}`);
}

function redactValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return redact(`${value.name}: ${value.message}`, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = /^(authorization|api[-_]?key|x-api-key)$/i.test(key)
      ? REDACTED
      : redactValue(item, secrets, depth + 1);
  }
  return out;
}

/**
 * The logger the SDK's own code writes to: a {@link Logger} that also tells whether a level is
 * written, so hot paths skip building fields that would be dropped.
 */
export interface SdkLogger extends Logger {
  /** Whether lines of `level` are written. */
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
}

/**
 * A logger that drops lines below `level` and redacts secrets from messages and fields.
 */
export function createLogger(
  options: { logger?: Logger | undefined; level?: LogLevel; secrets?: readonly string[] } = {},
): SdkLogger {
  const target = options.logger ?? consoleLogger;
  const threshold = RANK[options.level ?? 'warn'];
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  const emit =
    (level: Exclude<LogLevel, 'off'>) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (RANK[level] > threshold) return;
      const line = `[wavespeed] ${redact(message, secrets)}`;
      try {
        if (fields === undefined) target[level](line);
        else target[level](line, redactValue(fields, secrets, 0) as Record<string, unknown>);
      } catch {
        // A broken user logger must never break a request.
      }
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    enabled: (level) => RANK[level] <= threshold,
  };
}

function sizeOf(value: unknown): string {
  if (typeof value === 'string') return `string(${value.length})`;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return `Blob(${value.size} B)`;
  if (value instanceof Uint8Array) return `bytes(${value.byteLength} B)`;
  if (value instanceof URL) return `URL(${value.protocol})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value === null) return 'null';
  if (typeof value === 'object') return `object(${Object.keys(value).length} keys)`;
  return typeof value;
}

/**
 * Describes an input for logs: its keys and the size of each value, never the values (prompts,
 * signed URLs and base64 payloads are users' data).
 *
 * @example
 * ```ts
 * describeInput({ prompt: 'A cat', seed: 1 }); // { keys: ['prompt', 'seed'], sizes: { prompt: 'string(5)', seed: 'number' } }
 * ```
 */
export function describeInput(input: unknown): { keys: string[]; sizes: Record<string, string> } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { keys: [], sizes: {} };
  }
  const sizes: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) sizes[key] = sizeOf(value);
  return { keys: Object.keys(sizes), sizes };
}
