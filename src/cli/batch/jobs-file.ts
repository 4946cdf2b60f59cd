import { createReadStream } from 'node:fs';
import { extname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseInputValue } from '../inputs.js';

// Reading a jobs file line by line (JSON Lines or CSV), never whole: a million-line file costs
// one line of memory. Each line becomes a job or the reason it is not one.

/** One line of a jobs file, read. */
export type JobLine =
  | {
      line: number;
      key?: string | undefined;
      model: string | undefined;
      input: Record<string, unknown>;
      /** Local files the input names (`@./path`), to check before anything is sent. */
      files: string[];
    }
  | { line: number; error: string };

/** Where and how to read. */
export interface JobsSource {
  /** The jobs file. */
  path: string;
  /** `csv`, else JSON Lines. */
  format: 'csv' | 'jsonl';
  /** The folder `@./path` values are relative to. */
  base: string;
}

/** The format of a jobs file, from its extension. */
export function formatOf(path: string): 'csv' | 'jsonl' {
  return extname(path).toLowerCase() === '.csv' ? 'csv' : 'jsonl';
}

/** `@./x.png`, `@../x.png`, `@/abs/x.png`: a local file to upload. Other `@…` text stays text. */
const FILE_REFERENCE = /^@(\.{1,2}\/|\/)/;

/**
 * Replaces each `@./path` string at the top level or in a top-level array by a `file:` URL (the
 * batch uploads it), resolved against the jobs file's folder; returns the paths it found.
 */
function withFiles(input: Record<string, unknown>, base: string): string[] {
  const files: string[] = [];
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string' && FILE_REFERENCE.test(value)) {
      const path = resolve(base, value.slice(1));
      files.push(path);
      return pathToFileURL(path);
    }
    return Array.isArray(value) ? value.map(swap) : value;
  };
  for (const [key, value] of Object.entries(input)) input[key] = swap(value);
  return files;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON line as a job: `{"model": …, "key": …, "input": {…}}`, or a flat object whose fields
 * are the input (`model` and `key` then taken out of it).
 */
function jsonJob(text: string, line: number, base: string): JobLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: `not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(value)) return { line, error: 'expected a JSON object' };
  const { model, key, input: nested, ...rest } = value;
  if (nested !== undefined && !isObject(nested))
    return { line, error: '"input" must be an object' };
  const extra = nested === undefined ? [] : Object.keys(rest);
  if (extra.length > 0) {
    return {
      line,
      error: `unknown field "${extra[0]}" beside "input" (a line is {"model", "key", "input"}, or the input itself)`,
    };
  }
  const input = isObject(nested) ? { ...nested } : rest;
  if (model !== undefined && typeof model !== 'string') {
    return { line, error: '"model" must be a string' };
  }
  if (key !== undefined && (typeof key !== 'string' || key === '')) {
    return { line, error: '"key" must be a non-empty string' };
  }
  return { line, key, model, input, files: withFiles(input, base) };
}

/** Splits one CSV record (RFC 4180 quoting); undefined when a quoted field goes on next line. */
function csvFields(text: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}

/** A CSV row as a job: the `model` and `key` columns, the other columns its input. */
function csvJob(header: string[], fields: string[], line: number, base: string): JobLine {
  if (fields.length !== header.length) {
    return { line, error: `expected ${header.length} columns, found ${fields.length}` };
  }
  const input: Record<string, unknown> = {};
  let model: string | undefined;
  let key: string | undefined;
  for (const [i, name] of header.entries()) {
    const cell = fields[i] ?? '';
    if (name === 'model') model = cell === '' ? undefined : cell;
    else if (name === 'key') key = cell === '' ? undefined : cell;
    else if (cell !== '') {
      try {
        input[name] = parseInputValue(cell);
      } catch {
        return { line, error: `column "${name}": not valid JSON` };
      }
    }
  }
  return { line, key, model, input, files: withFiles(input, base) };
}

/** The jobs of a file, in order, one line at a time. */
export async function* readJobs(source: JobsSource): AsyncGenerator<JobLine> {
  const { base } = source;
  const input = createReadStream(source.path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  let header: string[] | undefined;
  let pending: { start: number; text: string } | undefined;
  try {
    for await (const raw of lines) {
      number += 1;
      if (source.format === 'jsonl') {
        if (raw.trim() !== '') yield jsonJob(raw, number, base);
        continue;
      }
      const record = pending === undefined ? raw : `${pending.text}\n${raw}`;
      const start = pending?.start ?? number;
      const fields = csvFields(record);
      if (fields === undefined) {
        pending = { start, text: record };
        continue;
      }
      pending = undefined;
      if (record.trim() === '') continue;
      if (header === undefined) {
        header = fields.map((name) => name.trim());
        continue;
      }
      yield csvJob(header, fields, start, base);
    }
    if (pending !== undefined) yield { line: pending.start, error: 'a quoted field never ends' };
  } finally {
    lines.close();
    input.destroy();
  }
}
