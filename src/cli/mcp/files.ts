import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { WaveSpeedClient } from '../../index.js';

// Local files in tool inputs: `"@./path"` values (the official server's convention) and, for the
// task-level tools, bare local paths (the Python server's). They are uploaded; URLs pass through.

/** The path named by an `@path` value, if it is one. */
export function atPath(value: string): string | undefined {
  return /^@(\.{0,2}\/|~\/|[A-Za-z]:[\\/])/.test(value) ? value.slice(1) : undefined;
}

function expand(path: string, cwd: string): string {
  const home = path.replace(/^~(?=\/)/, homedir());
  return isAbsolute(home) ? home : resolve(cwd, home);
}

/** Whether `value` names an existing local file (not a URL, not a data URI). */
export async function isLocalFile(value: string, cwd: string): Promise<boolean> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[A-Za-z]:[\\/]/.test(value)) return false;
  return (await stat(expand(value, cwd)).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Uploads the local files of `input` (top-level values and arrays of them) and returns the input
 * with their URLs. `bare` also takes plain paths of existing files.
 */
export async function uploadLocal(
  client: WaveSpeedClient,
  input: Record<string, unknown>,
  options: { cwd: string; bare: boolean; signal: AbortSignal },
): Promise<Record<string, unknown>> {
  const one = async (value: unknown): Promise<unknown> => {
    if (typeof value !== 'string') return value;
    const path =
      atPath(value) ??
      (options.bare && (await isLocalFile(value, options.cwd)) ? value : undefined);
    if (path === undefined) return value;
    const file = await client.files.upload(expand(path, options.cwd), { signal: options.signal });
    return file.url;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    out[key] = Array.isArray(value) ? await Promise.all(value.map(one)) : await one(value);
  }
  return out;
}
