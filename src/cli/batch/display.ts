import type { BatchProgress, BatchResult } from '../../index.js';
import { formatDuration, formatUsd } from '../format.js';
import type { Output } from '../output.js';

// What `wavespeed batch` shows while it runs: a bar redrawn in place on a terminal; a plain line
// every few seconds when stderr is a pipe or a file; nothing with --json.

const REDRAW_MS = 200;
const PLAIN_EVERY_MS = 10_000;
const BAR_WIDTH = 24;

/** The counts the display and the summary share. */
export interface BatchTally {
  /** Jobs of the file that run (invalid ones skipped). */
  total: number;
  completed: number;
  /** Completed in an earlier run (read from the journal). */
  fromJournal: number;
  failed: number;
  /** Failed jobs the next run picks up by itself (a timeout, an unknown submit). */
  resumable: number;
  running: number;
  /** Cost of this run's completed jobs, from price quotes; undefined when unknown. */
  spent: number | undefined;
}

/** The live progress of a batch on stderr. */
/** A tally of `total` jobs with nothing counted yet. */
export function emptyTally(total: number): BatchTally {
  return {
    total,
    completed: 0,
    fromJournal: 0,
    failed: 0,
    resumable: 0,
    running: 0,
    spent: undefined,
  };
}

export class BatchDisplay {
  readonly #out: Output;
  readonly #tally: BatchTally;
  readonly #started = Date.now();
  readonly #timer: NodeJS.Timeout | undefined;
  #drawn = false;

  constructor(out: Output, tally: BatchTally) {
    this.#out = out;
    this.#tally = tally;
    if (out.json) return;
    this.#timer = setInterval(
      () => (out.interactive ? this.#draw() : out.note(this.text())),
      out.interactive ? REDRAW_MS : PLAIN_EVERY_MS,
    );
    this.#timer.unref();
  }

  /** Takes the batch's counts. */
  progress(progress: BatchProgress): void {
    this.#tally.running = progress.running;
  }

  /** Counts a finished job. */
  result(result: BatchResult, price: number | undefined): void {
    const tally = this.#tally;
    if (result.status === 'completed') {
      tally.completed += 1;
      if (result.fromJournal) tally.fromJournal += 1;
      else if (price !== undefined) tally.spent = (tally.spent ?? 0) + price;
    } else {
      tally.failed += 1;
      if (result.resumable) tally.resumable += 1;
    }
  }

  /** Prints a line (on stderr) without breaking the bar. */
  note(text: string): void {
    this.#clear();
    this.#out.note(text);
  }

  /** One line of counts, rate, ETA and cost. */
  text(): string {
    const t = this.#tally;
    const finished = t.completed + t.failed;
    const elapsed = Date.now() - this.#started;
    const fresh = finished - t.fromJournal;
    const rate = elapsed > 0 ? (fresh * 1000) / elapsed : 0;
    const parts = [`${finished}/${t.total} done`];
    if (t.failed > 0) parts.push(`${t.failed} failed`);
    parts.push(`${t.running} running`);
    if (rate > 0) {
      parts.push(`${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} jobs/s`);
      parts.push(`ETA ${formatDuration(((t.total - finished) / rate) * 1000)}`);
    }
    if (t.spent !== undefined) parts.push(`≈${formatUsd(t.spent)} spent`);
    return parts.join(' · ');
  }

  /** Time since the batch started. */
  get elapsed(): number {
    return Date.now() - this.#started;
  }

  /** Stops redrawing and clears the bar. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#clear();
  }

  #draw(): void {
    const t = this.#tally;
    const share = t.total === 0 ? 1 : (t.completed + t.failed) / t.total;
    const filled = Math.round(share * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const line = `${bar} ${this.text()}`;
    const width = this.#out.stderr.columns ?? 100;
    this.#out.stderr.write(`\r\x1b[2K${line.slice(0, Math.max(10, width - 1))}`);
    this.#drawn = true;
  }

  #clear(): void {
    if (!this.#drawn) return;
    this.#out.stderr.write('\r\x1b[2K');
    this.#drawn = false;
  }
}
