import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { modelIdIssues } from '../models/model-id.js';
import type { CommandContext } from './command.js';
import { UsageError } from './errors.js';

/**
 * A local file named with `@path` in `--input`; replaced by its uploaded URL before submitting.
 */
export class LocalFile {
  /** Absolute path of the file. */
  readonly path: string;
  /** The flag that named it, for error messages. */
  readonly flag: string;

  constructor(path: string, flag: string) {
    this.path = path;
    this.flag = flag;
  }

  /** The file name (what progress lines show). */
  get name(): string {
    return basename(this.path);
  }
}

/**
 * Where a model input comes from on the command line.
 */
export interface InputSources {
  /** `--prompt` (or the positional prompt of `generate`). */
  prompt?: string | undefined;
  /** Every `--input key=value`, in order; later ones win. */
  inputs: readonly string[];
  /** `--input-file f.json` (`-` reads stdin). */
  inputFile?: string | undefined;
}

/**
 * Options for {@link collectInput}.
 */
export interface CollectOptions {
  /** The command, so usage errors point at its `--help`. */
  command: string;
  /** Directory relative `@path`s and `--input-file` resolve against. */
  cwd?: string;
  /** Reads all of stdin (for `--input-file -`). */
  readStdin?: () => Promise<string>;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Turns the text after `key=` into a value: `true`/`false` → boolean, `null` → null, a JSON
 * number → number (`007` and `1024*1024` stay strings), a value starting with `{`, `[` or `"`
 * → parsed JSON (throws `SyntaxError` when it isn't valid), anything else → the string itself.
 *
 * @example
 * ```ts
 * parseInputValue('42');      // 42
 * parseInputValue('[1,2]');   // [1, 2]
 * parseInputValue('1024*1024'); // '1024*1024'
 * ```
 */
export function parseInputValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (JSON_NUMBER.test(raw)) {
    const value = Number(raw);
    if (Number.isFinite(value)) return value;
  }
  const first = raw.trimStart()[0];
  if (first === '{' || first === '[' || first === '"') return JSON.parse(raw);
  return raw;
}

/**
 * One parsed `--input key=value`.
 */
export interface InputPair {
  key: string;
  /** `key[]=value`: append to an array instead of replacing. */
  append: boolean;
  value: unknown;
}

/**
 * Parses one `--input` argument. `@path` makes a {@link LocalFile} (upload), `@@text` is the
 * literal `@text`. Errors are usage errors that quote the flag.
 *
 * @example
 * ```ts
 * parseInputPair('seed=42', { command: 'run' }); // { key: 'seed', append: false, value: 42 }
 * ```
 */
export function parseInputPair(raw: string, options: CollectOptions): InputPair {
  const flag = `--input ${raw}`;
  const eq = raw.indexOf('=');
  if (eq <= 0) {
    throw new UsageError(
      `${quote(flag)}: expected key=value (e.g. --input seed=42 or --input image=@cat.png)`,
      options.command,
    );
  }
  let key = raw.slice(0, eq).trim();
  const text = raw.slice(eq + 1);
  const append = key.endsWith('[]');
  if (append) key = key.slice(0, -2);
  if (key === '' || /\s/.test(key)) {
    throw new UsageError(`${quote(flag)}: "${key}" is not a valid input key`, options.command);
  }
  if (text.startsWith('@@')) return { key, append, value: text.slice(1) };
  if (text.startsWith('@') && text.length > 1) {
    const path = resolve(options.cwd ?? process.cwd(), text.slice(1));
    return { key, append, value: new LocalFile(path, flag) };
  }
  try {
    return { key, append, value: parseInputValue(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${quote(flag)}: invalid JSON value (${reason})`, options.command);
  }
}

function quote(flag: string): string {
  const short = flag.length > 80 ? `${flag.slice(0, 77)}...` : flag;
  return `"${short}"`;
}

/**
 * Reads `--input-file` (a JSON object; `-` reads stdin).
 */
export async function readInputFile(
  file: string,
  options: CollectOptions,
): Promise<Record<string, unknown>> {
  const flag = `--input-file ${file}`;
  let text: string;
  try {
    if (file === '-') {
      text = await (options.readStdin ?? readAllStdin)();
    } else {
      text = await readFile(resolve(options.cwd ?? process.cwd(), file), 'utf8');
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(error);
    throw new UsageError(`${quote(flag)}: ${reason}`, options.command);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${quote(flag)}: not valid JSON (${reason})`, options.command);
  }
  if (!isPlainObject(value)) {
    throw new UsageError(
      `${quote(flag)}: must hold a JSON object of model inputs, like {"prompt": "A cat"}`,
      options.command,
    );
  }
  return value;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds the model input from `--input-file`, then `--prompt`, then each `--input` (later wins),
 * and checks that every `@path` names a readable file — all before any request is sent.
 * The result may hold {@link LocalFile} values; {@link resolveFileInputs} uploads them.
 */
export async function collectInput(
  sources: InputSources,
  options: CollectOptions,
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = sources.inputFile
    ? await readInputFile(sources.inputFile, options)
    : {};
  if (sources.prompt !== undefined) input.prompt = sources.prompt;
  for (const raw of sources.inputs) {
    const pair = parseInputPair(raw, options);
    if (pair.append) {
      const current = input[pair.key];
      input[pair.key] = Array.isArray(current) ? [...current, pair.value] : [pair.value];
    } else {
      input[pair.key] = pair.value;
    }
  }
  for (const file of localFiles(input)) await checkFile(file, options.command);
  return input;
}

async function checkFile(file: LocalFile, command: string): Promise<void> {
  try {
    const info = await stat(file.path);
    if (!info.isFile()) throw new UsageError(`${quote(file.flag)}: not a file`, command);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT' ? `no such file ${file.path}` : `cannot read ${file.path}`;
    throw new UsageError(`${quote(file.flag)}: ${reason}`, command);
  }
}

/**
 * Every {@link LocalFile} in an input (top level and inside arrays), each path once.
 *
 * @example
 * ```ts
 * localFiles({ image: new LocalFile('/tmp/a.png', '--input image=@a.png') }).length; // 1
 * ```
 */
export function localFiles(input: Record<string, unknown>): LocalFile[] {
  const found = new Map<string, LocalFile>();
  const visit = (value: unknown): void => {
    if (value instanceof LocalFile) {
      if (!found.has(value.path)) found.set(value.path, value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    }
  };
  for (const value of Object.values(input)) visit(value);
  return [...found.values()];
}

/**
 * Uploads every {@link LocalFile} in the input (each distinct path once, one at a time so the
 * progress line stays readable) and returns a new input with their URLs in place.
 */
export async function resolveFileInputs(
  input: Record<string, unknown>,
  upload: (file: LocalFile) => Promise<string>,
): Promise<Record<string, unknown>> {
  const urls = new Map<string, string>();
  for (const file of localFiles(input)) urls.set(file.path, await upload(file));
  const swap = (value: unknown): unknown => {
    if (value instanceof LocalFile) return urls.get(value.path);
    if (Array.isArray(value)) return value.map(swap);
    return value;
  };
  return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, swap(value)]));
}

/**
 * The model id and input of `run`, `generate` and `price`: checks the id's shape (naming `flag`
 * when it came from one) and collects the input from `--prompt` (or the given prompt),
 * `--input` and `--input-file`.
 */
export async function modelAndInput(
  ctx: CommandContext,
  command: string,
  model: string,
  options: { flag?: string; prompt?: string | undefined } = {},
): Promise<{ model: string; input: Record<string, unknown> }> {
  const [issue] = modelIdIssues(model);
  if (issue !== undefined) {
    const named = options.flag === undefined ? 'the model' : options.flag;
    throw new UsageError(`${named}: ${issue.message}`, command);
  }
  const input = await collectInput(
    {
      prompt: 'prompt' in options ? options.prompt : ctx.flags.string('prompt'),
      inputs: ctx.flags.strings('input'),
      inputFile: ctx.flags.string('input-file'),
    },
    { command, cwd: ctx.cwd },
  );
  return { model, input };
}
