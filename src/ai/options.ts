import type { SharedV4ProviderOptions, SharedV4Warning } from '@ai-sdk/provider';
import type { RunOptions } from '../index.js';

// `providerOptions.wavespeed`: any model input, plus how to run the job.

/** What the models read from `providerOptions.wavespeed`. */
export interface WaveSpeedCallOptions {
  /** Model inputs: `{ guidance_scale: 5, output_format: 'png' }`. */
  input: Record<string, unknown>;
  /** How the job runs (`sync`, `webhook`, `timeout`). */
  run: Pick<RunOptions, 'sync' | 'webhook' | 'timeout'>;
}

const RUN_KEYS = new Set(['sync', 'webhook', 'timeout']);

/** Splits `providerOptions.wavespeed` into model inputs and run options. */
export function callOptions(
  providerOptions: SharedV4ProviderOptions | undefined,
): WaveSpeedCallOptions {
  const own = (providerOptions?.wavespeed ?? {}) as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  const run: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(own)) {
    if (RUN_KEYS.has(key)) run[key] = value;
    else input[key] = value;
  }
  return { input, run: run as WaveSpeedCallOptions['run'] };
}

/** A warning for a setting the model has no field for. */
export function unsupported(feature: string, details: string): SharedV4Warning {
  return { type: 'unsupported', feature, details };
}

/**
 * Sets `input[field]` to a call setting when the model has that field, else records a warning:
 * `set('voice', 'voice_id', options.voice)`.
 */
export function fieldSetter(
  fields: Readonly<Record<string, unknown>>,
  input: Record<string, unknown>,
  warnings: SharedV4Warning[],
): (feature: string, field: string, value: unknown) => void {
  return (feature, field, value) => {
    if (value === undefined) return;
    if (fields[field]) input[field] = value;
    else warnings.push(unsupported(feature, `the model has no ${field} input`));
  };
}
