import type { OptionSpecs } from './args.js';

/**
 * Flags that build a model input (`run`, `generate`, `price`).
 */
export const INPUT_OPTIONS: OptionSpecs = {
  prompt: { type: 'string', short: 'p', value: 'text', description: 'The prompt input' },
  input: {
    type: 'string',
    short: 'i',
    multiple: true,
    value: 'key=value',
    description:
      'A model input (repeatable). Numbers, true/false, null and JSON ({…} [...]) are parsed; ' +
      '@path uploads a local file; key[]=v appends to an array; @@x is the literal "@x"',
  },
  'input-file': {
    type: 'string',
    value: 'file.json',
    description: 'Read inputs from a JSON object file (- for stdin); --prompt/--input override it',
  },
};

/**
 * Flags of commands that wait for a prediction (`run`, `generate`, `wait`).
 */
export const WAIT_OPTIONS: OptionSpecs = {
  timeout: {
    type: 'string',
    short: 't',
    value: 'seconds',
    description: 'Stop waiting after this many seconds (default 600); the job keeps running',
  },
  'output-dir': {
    type: 'string',
    short: 'o',
    value: 'dir',
    description: 'Download the outputs into dir as <id>-<index>.<ext>',
  },
};

/**
 * The `--sync` flag.
 */
export const SYNC_OPTION: OptionSpecs = {
  sync: {
    type: 'boolean',
    description: 'Sync mode: one request that blocks until done (falls back to polling)',
  },
};
