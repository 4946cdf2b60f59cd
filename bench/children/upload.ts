// One upload in a fresh process, so its peak RSS is its own. argv: mode (ours | raw | raw-naive |
// official), file path, API base URL, API key. Prints one JSON line: timing and memory.
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { Client as OfficialClient } from 'wavespeed';
import { loadSdk } from '../lib/load.js';

const [mode, path, baseUrl, apiKey] = process.argv.slice(2);
if (!mode || !path || !baseUrl || !apiKey)
  throw new Error('usage: upload.ts <mode> <file> <baseUrl> <apiKey>');
const size = statSync(path).size;
const MiB = 1024 * 1024;

/** Peak RSS since `reset()`: the kernel's high-water mark where it can be reset, else sampling. */
function peakMeter() {
  let kernel = false;
  try {
    // Writing 5 resets VmHWM (the peak RSS) to the current RSS (Linux ≥ 4.0).
    writeFileSync('/proc/self/clear_refs', '5');
    kernel = true;
  } catch {
    kernel = false;
  }
  let sampled = process.memoryUsage.rss();
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 5);
  return {
    method: kernel ? 'VmHWM' : 'sampled',
    stop(): number {
      clearInterval(timer);
      sampled = Math.max(sampled, process.memoryUsage.rss());
      if (!kernel) return sampled;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
      return Math.max(sampled, Number(hwm) * 1024);
    },
  };
}

/** The file as a web stream that reads 256 KiB from a file handle each time fetch asks for more. */
function pullStream(file: string): ReadableStream<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      handle ??= await open(file);
      const chunk = new Uint8Array(256 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) {
        await handle.close();
        controller.close();
      } else controller.enqueue(chunk.subarray(0, bytesRead));
    },
  });
}

async function rawUpload(): Promise<string> {
  const ticketResponse = await fetch(`${baseUrl}/api/v3/media/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ filename: basename(path as string), size }),
  });
  const ticket = (await ticketResponse.json()) as {
    code: number;
    data: { download_url: string; upload: { url: string; headers: Record<string, string> } };
  };
  if (ticket.code !== 200) throw new Error(`ticket failed: ${JSON.stringify(ticket)}`);
  const put = await fetch(ticket.data.upload.url, {
    method: 'PUT',
    headers: { ...ticket.data.upload.headers, 'content-length': String(size) },
    body:
      mode === 'raw-naive'
        ? (Readable.toWeb(createReadStream(path as string)) as ReadableStream<Uint8Array>)
        : pullStream(path as string),
    duplex: 'half',
    // fetch keeps a copy of a stream body to replay it on a redirect unless told not to follow.
    ...(mode === 'raw' ? { redirect: 'error' as const } : {}),
  } as RequestInit);
  await put.arrayBuffer();
  if (!put.ok) throw new Error(`PUT failed: HTTP ${put.status}`);
  return ticket.data.download_url;
}

let upload: () => Promise<string>;
if (mode === 'ours') {
  const { WaveSpeedClient } = await loadSdk();
  const client = new WaveSpeedClient({ apiKey, baseUrl, logLevel: 'off' });
  upload = async () => (await client.files.upload(path)).url;
} else if (mode === 'official') {
  const client = new OfficialClient(apiKey, { baseUrl });
  upload = () => client.upload(path);
} else {
  upload = rawUpload;
}

// Settle the heap so the baseline is the steady state after loading the code under test.
for (let i = 0; i < 3; i++) globalThis.gc?.();
await new Promise((resolve) => setTimeout(resolve, 50));
const baseline = process.memoryUsage.rss();
const meter = peakMeter();
const start = performance.now();
const url = await upload();
const ms = performance.now() - start;
const peak = meter.stop();
process.stdout.write(
  `${JSON.stringify({
    mode,
    bytes: size,
    ms,
    mibPerSecond: size / MiB / (ms / 1000),
    baselineMiB: baseline / MiB,
    peakMiB: peak / MiB,
    growthMiB: (peak - baseline) / MiB,
    rssMethod: meter.method,
    url,
  })}\n`,
);
