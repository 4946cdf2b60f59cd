import { stat } from 'node:fs/promises';
import { keyIndex } from '../../batch/packed-table.js';
import { jobKey, type WaveSpeedClient } from '../../index.js';
import { knownModelIds } from '../../models/known.js';
import { modelIdIssues } from '../../models/model-id.js';
import { preflightIssues } from '../../models/preflight.js';
import { closest } from '../../models/suggest.js';
import { type JobLine, type JobsSource, readJobs } from './jobs-file.js';

// The first pass over a jobs file, before anything is sent: every line parsed and checked (the
// model id, the input against the model's bundled schema, local files, duplicate keys), each
// model looked up once in the catalog. Keeps only keys and line numbers, not the jobs.

/** A line that cannot run, and why. */
export interface LineProblem {
  line: number;
  error: string;
}

/** What the first pass found. */
export interface Prescan {
  /** Lines that make a job. */
  jobs: number;
  problems: LineProblem[];
  /** Lines to leave out with `--skip-invalid`. */
  invalidLines: Set<number>;
  /** Models that are not in the catalog: every line of them is left out. */
  unknownModels: Set<string>;
}

/** A job of the file with its model resolved, or its problem. */
export function resolveLine(
  line: JobLine,
  defaultModel: string | undefined,
): { model: string; key: string; input: Record<string, unknown> } | LineProblem {
  if ('error' in line) return line;
  const model = line.model ?? defaultModel;
  if (model === undefined) {
    return { line: line.line, error: 'no model: add a "model" field (or column), or pass --model' };
  }
  const idIssue = modelIdIssues(model)[0];
  if (idIssue !== undefined) return { line: line.line, error: `model: ${idIssue.message}` };
  return { model, key: line.key ?? jobKey(model, line.input), input: line.input };
}

async function fileProblem(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).isFile() ? undefined : `${path} is not a file`;
  } catch {
    return `no such file ${path}`;
  }
}

/** Reads the whole file once and reports every problem, with line numbers. */
export async function prescan(
  source: JobsSource,
  defaultModel: string | undefined,
  client: WaveSpeedClient,
  signal: AbortSignal,
): Promise<Prescan> {
  const keys = keyIndex();
  const problems: LineProblem[] = [];
  /** Each model's first line and number of jobs. */
  const models = new Map<string, { line: number; count: number }>();
  const checkedFiles = new Map<string, string | undefined>();
  let jobs = 0;
  for await (const line of readJobs(source)) {
    signal.throwIfAborted();
    const job = resolveLine(line, defaultModel);
    if ('error' in job) {
      problems.push(job);
      continue;
    }
    const issues = await preflightIssues(job.model, job.input);
    if (issues.length > 0) {
      const text = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      problems.push({ line: line.line, error: `invalid input for ${job.model}: ${text}` });
      continue;
    }
    const files = 'files' in line ? line.files : [];
    let missing: string | undefined;
    for (const path of files) {
      if (!checkedFiles.has(path)) checkedFiles.set(path, await fileProblem(path));
      missing ??= checkedFiles.get(path);
    }
    if (missing !== undefined) {
      problems.push({ line: line.line, error: missing });
      continue;
    }
    const first = keys.get(job.key);
    if (first !== undefined) {
      problems.push({
        line: line.line,
        error: `the same job as line ${first} (same model and input, or same key); give one a "key" to run both`,
      });
      continue;
    }
    keys.add(job.key, line.line);
    const seen = models.get(job.model);
    if (seen === undefined) models.set(job.model, { line: line.line, count: 1 });
    else seen.count += 1;
    jobs += 1;
  }
  const unknown = await unknownModels(models, client, signal);
  for (const { model } of unknown) jobs -= models.get(model)?.count ?? 0;
  problems.push(...unknown.map(({ problem }) => problem));
  problems.sort((a, b) => a.line - b.line);
  return {
    jobs,
    problems,
    invalidLines: new Set(problems.map((p) => p.line)),
    unknownModels: new Set(unknown.map(({ model }) => model)),
  };
}

/** Models missing from the catalog (one catalog request, only for models not bundled). */
async function unknownModels(
  models: Map<string, { line: number }>,
  client: WaveSpeedClient,
  signal: AbortSignal,
): Promise<Array<{ model: string; problem: LineProblem }>> {
  const bundled = new Set<string>(knownModelIds);
  const others = [...models].filter(([model]) => !bundled.has(model));
  if (others.length === 0) return [];
  const ids = (await client.models.list({ signal })).map((m) => m.id);
  const catalog = new Set(ids);
  return others
    .filter(([model]) => !catalog.has(model))
    .map(([model, { line }]) => {
      const near = closest(model, ids, 3);
      const hint = near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : '';
      const problem = {
        line,
        error: `unknown model "${model}" (here and on every later line).${hint}`,
      };
      return { model, problem };
    });
}
