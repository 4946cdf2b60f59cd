import type { Writable } from 'node:stream';
import yoctoSpinner, { type Spinner } from 'yocto-spinner';
import { formatDuration } from './format.js';

/**
 * A stream the CLI writes to (`process.stdout` / `process.stderr` or a test double).
 */
export type OutputStream = Writable & { isTTY?: boolean; columns?: number };

/**
 * Where and how {@link Output} writes.
 */
export interface OutputOptions {
  /** `--json`: stdout gets only JSON documents; progress lines are silenced. */
  json: boolean;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Environment used to detect an interactive terminal (`TERM=dumb` and `CI` disable it). */
  env?: Record<string, string | undefined>;
}

/**
 * Live progress of one long-running step (an upload, a prediction).
 */
export interface Progress {
  /** New status text; the elapsed time is appended by the progress itself. */
  update(text: string): void;
  /** Ends the progress with a success line (stderr). */
  succeed(text: string): void;
  /** Ends the progress with a failure line (stderr). */
  fail(text: string): void;
  /** Ends the progress without a final line. */
  stop(): void;
}

const ELAPSED_TICK_MS = 100;

/**
 * The CLI's only way to write. Results go to stdout (JSON with `--json`, readable lines otherwise);
 * progress and notes go to stderr: a spinner with live status and elapsed time on a terminal,
 * plain lines (one per status change) when stderr is a pipe or a file.
 */
export class Output {
  readonly json: boolean;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** True when stderr is a terminal that can redraw a spinner. */
  readonly interactive: boolean;

  constructor(options: OutputOptions) {
    this.json = options.json;
    this.stdout = options.stdout;
    this.stderr = options.stderr;
    const env = options.env ?? {};
    this.interactive = Boolean(options.stderr.isTTY) && env.TERM !== 'dumb' && !('CI' in env);
  }

  /** Terminal width for tables, or undefined when stdout is not a terminal (never truncate). */
  get width(): number | undefined {
    return this.stdout.isTTY && this.stdout.columns ? this.stdout.columns : undefined;
  }

  /**
   * Prints a command's result: `data` as one JSON document with `--json`, else the human lines.
   */
  result(data: unknown, human: string | readonly string[]): void {
    if (this.json) {
      this.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return;
    }
    const lines = typeof human === 'string' ? [human] : human;
    if (lines.length > 0) this.stdout.write(`${lines.join('\n')}\n`);
  }

  /** A plain text block on stdout (help, version) regardless of `--json`. */
  text(text: string): void {
    this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A progress note on stderr; silent with `--json`. */
  note(text: string): void {
    if (!this.json) this.stderr.write(`${text}\n`);
  }

  /** A message that must reach the user even with `--json` (errors, warnings), on stderr. */
  warn(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** Starts live progress for a long step (see {@link Progress}). */
  progress(text: string): Progress {
    if (this.json) return silentProgress;
    if (this.interactive) return new SpinnerProgress(this.stderr, text);
    return new LineProgress(this.stderr, text);
  }
}

const silentProgress: Progress = {
  update() {},
  succeed() {},
  fail() {},
  stop() {},
};

class LineProgress implements Progress {
  readonly #stream: OutputStream;
  readonly #started = Date.now();
  #last = '';
  #done = false;

  constructor(stream: OutputStream, text: string) {
    this.#stream = stream;
    this.update(text);
  }

  update(text: string): void {
    if (this.#done || text === this.#last) return;
    this.#last = text;
    this.#stream.write(`${text} (${formatDuration(Date.now() - this.#started)})\n`);
  }

  succeed(text: string): void {
    this.#end(text);
  }

  fail(text: string): void {
    this.#end(text);
  }

  stop(): void {
    this.#done = true;
  }

  #end(text: string): void {
    if (this.#done) return;
    this.#done = true;
    this.#stream.write(`${text}\n`);
  }
}

class SpinnerProgress implements Progress {
  readonly #spinner: Spinner;
  readonly #started = Date.now();
  readonly #timer: NodeJS.Timeout;
  #text: string;

  constructor(stream: OutputStream, text: string) {
    this.#text = text;
    // The CLI handles Ctrl-C itself (it must print the prediction id before exiting).
    this.#spinner = yoctoSpinner({ stream, handleSignals: false, text: this.#line() }).start();
    this.#timer = setInterval(() => {
      this.#spinner.text = this.#line();
    }, ELAPSED_TICK_MS);
    this.#timer.unref();
  }

  #line(): string {
    return `${this.#text} · ${formatDuration(Date.now() - this.#started)}`;
  }

  update(text: string): void {
    this.#text = text;
    this.#spinner.text = this.#line();
  }

  succeed(text: string): void {
    clearInterval(this.#timer);
    this.#spinner.success(text);
  }

  fail(text: string): void {
    clearInterval(this.#timer);
    this.#spinner.error(text);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#spinner.stop();
  }
}
