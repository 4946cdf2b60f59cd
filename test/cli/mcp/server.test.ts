import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { connectMcp, type McpSession, textOf } from './helpers.js';

// A real MCP client over stdio against `wavespeed mcp` (the built CLI) and the simulator.

const MODEL = 'wavespeed-ai/flux-dev';
const IMAGE = fileURLToPath(new URL('../../../examples/assets/sunset.png', import.meta.url));
let sim: Simulator;
let dir: string;
const sessions: McpSession[] = [];

beforeAll(async () => {
  sim = await createSimulator({
    speed: 50,
    seed: 41,
    failWhen: ({ input }) =>
      String(input.prompt).includes('forbidden') ? 'flagged by the safety checker' : undefined,
  });
  dir = await mkdtemp(join(tmpdir(), 'wavespeed-mcp-'));
});

afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function open(flags: string[] = [], env: Record<string, string> = {}, withSim = true) {
  const session = await connectMcp(withSim ? sim : undefined, flags, env);
  sessions.push(session);
  return session;
}

type Structured = Record<string, unknown>;

describe('wavespeed mcp', () => {
  it('lists every tool with input and output schemas', async () => {
    const { client } = await open();
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(
      [
        'delete_predictions',
        'generate_video',
        'get_balance',
        'get_model_schema',
        'get_prediction',
        'get_price',
        'get_usage',
        'image_to_image',
        'image_to_video',
        'list_models',
        'list_predictions',
        'run_model',
        'text_to_image',
        'upload_file',
        'wait_prediction',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
    }
  });

  it('finds a model, reads its schema, quotes, and reports the balance', async () => {
    const { client } = await open();
    const list = await client.callTool({
      name: 'list_models',
      arguments: { query: 'flux dev', type: 'text-to-image', limit: 5 },
    });
    expect((list.structuredContent as Structured).models).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: MODEL })]),
    );
    const schema = await client.callTool({ name: 'get_model_schema', arguments: { model: MODEL } });
    expect(textOf(schema)).toMatch(/Required: prompt/);
    const price = await client.callTool({
      name: 'get_price',
      arguments: { model: MODEL, input: { prompt: 'x' } },
    });
    expect((price.structuredContent as Structured).price).toBeGreaterThan(0);
    const balance = await client.callTool({ name: 'get_balance', arguments: {} });
    expect((balance.structuredContent as Structured).balance).toBeGreaterThan(0);
    const usage = await client.callTool({ name: 'get_usage', arguments: {} });
    expect(usage.isError).toBeFalsy();
  });

  it('runs a model: outputs, an image preview, saved files, progress notifications', async () => {
    const { client } = await open(['--output-dir', dir]);
    const steps: string[] = [];
    const result = await client.callTool(
      {
        name: 'run_model',
        arguments: { model: MODEL, input: { prompt: 'a red fox', image: `@${IMAGE}` } },
      },
      { onprogress: (p) => steps.push(String(p.message)) },
    );
    expect(result.isError, textOf(result)).toBeFalsy();
    const out = result.structuredContent as Structured;
    expect(out.status).toBe('completed');
    expect(out.files).toHaveLength(1);
    expect(await readdir(dir)).toContain((out.files as string[])[0]?.split('/').pop());
    expect((result.content as Array<{ type: string }>).some((c) => c.type === 'image')).toBe(true);
    expect(steps[0]).toMatch(/^submitted \w+/);
    const job = sim.state.jobs.find((j) => j.id === out.id);
    expect(String(job?.input.image)).toMatch(/^http/); // the local file was uploaded
  });

  it('returns the id of a job still running, then waits on it without submitting again', async () => {
    const { client } = await open();
    const before = sim.state.jobs.length;
    const started = await client.callTool({
      name: 'run_model',
      arguments: { model: MODEL, input: { prompt: 'a slow one' }, wait_seconds: 0 },
    });
    const id = (started.structuredContent as Structured).id as string;
    expect(textOf(started)).toMatch(/never run it again/);
    const waited = await client.callTool({ name: 'wait_prediction', arguments: { id } });
    expect((waited.structuredContent as Structured).status).toBe('completed');
    const got = await client.callTool({ name: 'get_prediction', arguments: { id } });
    expect((got.structuredContent as Structured).outputs).toHaveLength(1);
    const listed = await client.callTool({ name: 'list_predictions', arguments: { limit: 50 } });
    expect(JSON.stringify(listed.structuredContent)).toContain(id);
    expect(sim.state.jobs.length).toBe(before + 1);
  });

  it('a failing model is a tool error with its prediction id; bad arguments are refused by the schema', async () => {
    const { client } = await open();
    const failed = await client.callTool({
      name: 'run_model',
      arguments: { model: MODEL, input: { prompt: 'forbidden' } },
    });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toMatch(/PredictionFailedError: .*flagged.*predictionId: \w+/);
    const bad = await client
      .callTool({ name: 'run_model', arguments: { model: MODEL, input: 'a cat' } })
      .catch((e: Error) => e);
    const message = bad instanceof Error ? bad.message : textOf(bad);
    expect(message).toMatch(/input/);
  });

  it('deletes only with confirm: true', async () => {
    const { client } = await open();
    const run = await client.callTool({
      name: 'run_model',
      arguments: { model: MODEL, input: { prompt: 'to delete' } },
    });
    const id = (run.structuredContent as Structured).id as string;
    const asked = await client.callTool({ name: 'delete_predictions', arguments: { ids: [id] } });
    expect(asked.isError).toBe(true);
    expect(textOf(asked)).toMatch(/cannot be undone.*"confirm": true/);
    const deleted = await client.callTool({
      name: 'delete_predictions',
      arguments: { ids: [id], confirm: true },
    });
    expect(deleted.isError).toBeFalsy();
    const gone = await client.callTool({ name: 'get_prediction', arguments: { id } });
    expect(gone.isError).toBe(true);
  });

  it('the budget refuses the run that would exceed it, with what is left', async () => {
    // flux-dev costs $0.012 a run in the simulator's price table: two fit in $0.03, a third does not.
    const { client } = await open(['--max-spend', '0.03']);
    const before = sim.state.jobs.length;
    for (const prompt of ['one', 'two']) {
      const ok = await client.callTool({
        name: 'run_model',
        arguments: { model: MODEL, input: { prompt } },
      });
      expect(ok.isError, textOf(ok)).toBeFalsy();
    }
    const third = await client.callTool({
      name: 'run_model',
      arguments: { model: MODEL, input: { prompt: 'three' } },
    });
    expect(third.isError).toBe(true);
    expect(textOf(third)).toMatch(/costs \$0\.012, but only \$0\.006 of the \$0\.03 budget/);
    expect(sim.state.jobs.length).toBe(before + 2);
  });

  it('asks for confirmation above --confirm-over, and runs when confirmed', async () => {
    const { client } = await open(['--confirm-over', '0.01']);
    const asked = await client.callTool({
      name: 'run_model',
      arguments: { model: MODEL, input: { prompt: 'pricey' } },
    });
    expect((asked.structuredContent as Structured).status).toBe('needs_confirmation');
    const run = await client.callTool({
      name: 'run_model',
      arguments: { model: MODEL, input: { prompt: 'pricey' }, confirm: true },
    });
    expect((run.structuredContent as Structured).status).toBe('completed');
  });

  it('--read-only lists no tool that spends or deletes; --models limits what runs', async () => {
    const readOnly = await open(['--read-only']);
    const names = (await readOnly.client.listTools()).tools.map((t) => t.name);
    for (const name of [
      'run_model',
      'delete_predictions',
      'upload_file',
      'text_to_image',
      'generate_video',
    ]) {
      expect(names).not.toContain(name);
    }
    expect(names).toContain('get_prediction');
    const limited = await open(['--models', 'wavespeed-ai/flux-schnell']);
    const refused = await limited.client.callTool({
      name: 'run_model',
      arguments: { model: MODEL, input: { prompt: 'x' } },
    });
    expect(textOf(refused)).toMatch(
      /not allowed on this server \(--models wavespeed-ai\/flux-schnell\)/,
    );
  });

  it('a cancelled call stops the wait, not the job', async () => {
    const slow = await createSimulator({ speed: 1, jobDuration: 60_000 });
    try {
      const session = await connectMcp(slow);
      sessions.push(session);
      const controller = new AbortController();
      const call = session.client.callTool(
        { name: 'run_model', arguments: { model: MODEL, input: { prompt: 'long' } } },
        {
          signal: controller.signal,
          onprogress: () => controller.abort(new Error('user cancelled')),
        },
      );
      await expect(call).rejects.toThrow();
      while (!session.stderr().includes('keeps running'))
        await new Promise((r) => setTimeout(r, 20));
      expect(slow.state.jobs).toHaveLength(1);
      expect(slow.state.jobs[0]?.status).not.toBe('failed');
    } finally {
      await slow.close();
    }
  });

  it('the task tools of the Python server: names, arguments and result shape', async () => {
    const { client } = await open();
    const image = await client.callTool({
      name: 'text_to_image',
      arguments: { prompt: 'a lighthouse', size: '512*512', num_images: 1, seed: 7 },
    });
    const out = image.structuredContent as Structured;
    expect(out).toMatchObject({
      status: 'success',
      model: 'wavespeed-ai/flux-dev-lora',
      error: null,
    });
    expect(out.urls).toHaveLength(1);
    const video = await client.callTool({
      name: 'generate_video',
      arguments: { image: IMAGE, prompt: 'waves roll in' },
    });
    expect((video.structuredContent as Structured).status, textOf(video)).toBe('success');
    const job = sim.state.jobs.at(-1);
    expect(job?.model).toBe('wavespeed-ai/wan-2.1/i2v-480p');
    expect(String(job?.input.image)).toMatch(/^http/);
  });

  it('local result mode saves under WAVESPEED_MCP_BASE_PATH; the endpoint variables choose models', async () => {
    const { client } = await open([], {
      WAVESPEED_API_RESOURCE_MODE: 'local',
      WAVESPEED_MCP_BASE_PATH: dir,
      WAVESPEED_API_TEXT_TO_IMAGE_ENDPOINT: '/wavespeed-ai/flux-schnell',
    });
    const result = await client.callTool({
      name: 'text_to_image',
      arguments: { prompt: 'a boat', output_directory: 'boats' },
    });
    const out = result.structuredContent as Structured;
    expect(out.status, textOf(result)).toBe('success');
    expect(out.model).toBe('wavespeed-ai/flux-schnell');
    const files = out.local_files as Array<{ path: string }>;
    expect(files[0]?.path).toContain(join(dir, 'boats'));
    expect(await readdir(join(dir, 'boats'))).toHaveLength(1);
  });

  it('starts without an API key; tools say how to set one, and no output holds a key', async () => {
    const { client, stderr } = await open([], {}, false);
    const result = await client.callTool({ name: 'get_balance', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/WAVESPEED_API_KEY/);
    expect(stderr()).not.toMatch(/wsk_test_/);
  });
});
