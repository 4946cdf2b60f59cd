import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/output.js';

class Capture extends Writable {
  text = '';
  isTTY: boolean;
  columns = 80;

  constructor(isTTY = false) {
    super();
    this.isTTY = isTTY;
  }

  override _write(chunk: Buffer | string, _encoding: string, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }

  // The terminal methods a spinner uses on a TTY.
  cursorTo(): boolean {
    return true;
  }
  moveCursor(): boolean {
    return true;
  }
  clearLine(): boolean {
    return true;
  }
}

function setup(options: { json?: boolean; tty?: boolean } = {}) {
  const stdout = new Capture();
  const stderr = new Capture(options.tty ?? false);
  const out = new Output({ json: options.json ?? false, stdout, stderr, env: {} });
  return { out, stdout, stderr };
}

describe('Output', () => {
  it('prints human results on stdout and notes on stderr', () => {
    const { out, stdout, stderr } = setup();
    out.result({ a: 1 }, ['line 1', 'line 2']);
    out.note('a note');
    expect(stdout.text).toBe('line 1\nline 2\n');
    expect(stderr.text).toBe('a note\n');
  });

  it('with --json prints only JSON on stdout and silences notes and progress', () => {
    const { out, stdout, stderr } = setup({ json: true });
    out.note('hidden');
    const progress = out.progress('Submitting');
    progress.update('processing');
    progress.succeed('done');
    out.result({ outputs: ['https://x'] }, 'https://x');
    expect(JSON.parse(stdout.text)).toEqual({ outputs: ['https://x'] });
    expect(stderr.text).toBe('');
    out.warn('errors still reach stderr');
    expect(stderr.text).toBe('errors still reach stderr\n');
  });

  it('prints one plain line per status change when stderr is not a terminal', () => {
    const { out, stderr } = setup();
    expect(out.interactive).toBe(false);
    const progress = out.progress('Submitting');
    progress.update('created');
    progress.update('created');
    progress.update('processing');
    progress.succeed('Completed in 1s');
    progress.update('late');
    const lines = stderr.text.trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/ \([^)]*\)$/, ''))).toEqual([
      'Submitting',
      'created',
      'processing',
      'Completed in 1s',
    ]);
    expect(lines[0]).toMatch(/^Submitting \(\d+ms\)$/);
  });

  it('draws a spinner with status and elapsed time on a terminal, and stops its timers', async () => {
    const { out, stderr } = setup({ tty: true });
    expect(out.interactive).toBe(true);
    const progress = out.progress('Prediction abc created');
    progress.update('Prediction abc processing');
    await new Promise((resolve) => setTimeout(resolve, 250));
    progress.succeed('Completed abc');
    const text = stderr.text;
    expect(text).toContain('Prediction abc processing ·');
    expect(text).toMatch(/processing · \d+(ms|\.\ds)/);
    expect(text).toContain('Completed abc');
    const after = stderr.text.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(stderr.text.length).toBe(after);
  });
});
