import { randomFillSync } from 'node:crypto';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from '../lib/child.js';
import { loadSdk, loadTesting } from '../lib/load.js';
import { type CaseResult, compare } from '../lib/results.js';
import { quantile, round } from '../lib/stats.js';

const MiB = 1024 * 1024;
/** The largest file the API accepts (300 MB for files that are not image, video or audio). */
const LARGE_MIB = 300;
const OFFICIAL_MIB = 200;
const HUGE_MIB = 1024;
const ROUNDS = 5;

interface UploadRun {
  mode: 'ours' | 'raw' | 'raw-naive' | 'official';
  bytes: number;
  ms: number;
  mibPerSecond: number;
  baselineMiB: number;
  peakMiB: number;
  growthMiB: number;
  rssMethod: string;
}

function writeFile(path: string, mib: number): void {
  const chunk = Buffer.alloc(MiB);
  const fd = openSync(path, 'w');
  try {
    for (let i = 0; i < mib; i++) {
      // Fresh bytes per MiB: nothing along the way can shortcut repeated blocks.
      randomFillSync(chunk);
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
}

function spread(runs: UploadRun[]): string {
  const speeds = runs.map((r) => r.mibPerSecond);
  return `${Math.round(Math.min(...speeds))}–${Math.round(Math.max(...speeds))} MiB/s`;
}

const med = (runs: UploadRun[], pick: (r: UploadRun) => number) => quantile(runs.map(pick), 0.5);

/**
 * `client.files.upload()` of the largest accepted file against a raw streamed `fetch` PUT to the
 * same presigned URL flow, the official SDK's upload on a 200 MiB file, and what happens to a
 * 1 GiB file. Every upload runs in its own process so its peak RSS is its own.
 *
 * @example
 * ```ts
 * const result = await uploadCase();
 * ```
 */
export async function uploadCase(): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wavespeed-bench-'));
  const { createSimulator } = await loadTesting();
  const sim = await createSimulator({ seed: 1 });
  try {
    const large = join(dir, `bench-${LARGE_MIB}.glb`);
    const medium = join(dir, `bench-${OFFICIAL_MIB}.glb`);
    writeFile(large, LARGE_MIB);
    writeFile(medium, OFFICIAL_MIB);
    const one = (mode: UploadRun['mode'], path: string) =>
      runChild<UploadRun>('bench/children/upload.ts', [mode, path, sim.url, sim.apiKey], {
        nodeArgs: ['--expose-gc'],
      });

    const largeRuns: UploadRun[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order: UploadRun['mode'][] = ['ours', 'raw', 'raw-naive'];
      for (const mode of r % 2 === 0 ? order : order.reverse())
        largeRuns.push(await one(mode, large));
    }
    const mediumRuns: UploadRun[] = [];
    for (let r = 0; r < 4; r++) {
      mediumRuns.push(await one(r % 4 === 0 || r % 4 === 3 ? 'ours' : 'official', medium));
    }

    // A 1 GiB file (sparse: its size is all that matters) is over every limit of the API.
    const huge = join(dir, 'bench-1g.glb');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, HUGE_MIB * MiB);
    closeSync(fd);
    const { WaveSpeedClient } = await loadSdk();
    const client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'off' });
    const before = sim.state.requests.length;
    const hugeStart = performance.now();
    let hugeOutcome: string;
    try {
      await client.files.upload(huge);
      hugeOutcome = 'accepted';
    } catch (error) {
      hugeOutcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      hugeOutcome = hugeOutcome.split(dir).join('<tmp>');
    }
    const hugeMs = performance.now() - hugeStart;
    const hugeRequests = sim.state.requests.length - before;

    const pick = (runs: UploadRun[], mode: UploadRun['mode']) =>
      runs.filter((r) => r.mode === mode);
    const ours = pick(largeRuns, 'ours');
    const raw = pick(largeRuns, 'raw');
    const oursMedium = pick(mediumRuns, 'ours');
    const official = pick(mediumRuns, 'official');
    const growth = (r: UploadRun) => r.growthMiB;
    const speed = (r: UploadRun) => r.mibPerSecond;
    const rows = (runs: UploadRun[], name: (r: UploadRun) => string) =>
      runs.map((r) => [
        name(r),
        `${round(r.bytes / MiB, 0)} MiB`,
        `${round(r.ms / 1000, 2)} s`,
        `${round(r.mibPerSecond, 0)} MiB/s`,
        `${round(r.baselineMiB, 1)} MiB`,
        `${round(r.peakMiB, 1)} MiB`,
        `${round(r.growthMiB, 1)} MiB`,
      ]);
    const names: Record<UploadRun['mode'], string> = {
      ours: 'wavespeed-sdk `files.upload`',
      raw: 'raw `fetch` PUT (pull stream, `redirect: error`)',
      'raw-naive': 'raw `fetch` PUT (`Readable.toWeb`, defaults; info)',
      official: 'wavespeed@0.3.2 `upload`',
    };
    return {
      name: 'upload',
      title: 'Upload',
      details: {
        largeMiB: LARGE_MIB,
        officialMiB: OFFICIAL_MIB,
        rssMethod: ours[0]?.rssMethod,
        runs: [...largeRuns, ...mediumRuns],
        oneGiB: { outcome: hugeOutcome, ms: round(hugeMs, 1), requestsSent: hugeRequests },
      },
      comparisons: [
        compare({
          id: 'upload.rss',
          group: 'Upload',
          label: `peak RSS growth, ${LARGE_MIB} MiB file`,
          unit: 'MiB',
          ours: med(ours, growth),
          baseline: med(raw, growth),
          baselineName: 'raw fetch PUT',
          better: 'lower',
          target: { on: 'value', op: '<', value: 64 },
        }),
        compare({
          id: 'upload.throughput',
          group: 'Upload',
          label: `throughput, ${LARGE_MIB} MiB file`,
          unit: 'MiB/s',
          ours: med(ours, speed),
          baseline: med(raw, speed),
          baselineName: 'raw fetch PUT',
          better: 'higher',
          target: { on: 'ratio', op: '>=', value: 0.8 },
          why: `Over ${ours.length} uploads per side the SDK ranged ${spread(ours)} and the raw PUT ${spread(raw)} in this run; the figures are medians.`,
        }),
        compare({
          id: 'upload.official.rss',
          group: 'Upload',
          label: `peak RSS growth, ${OFFICIAL_MIB} MiB file`,
          unit: 'MiB',
          ours: med(oursMedium, growth),
          baseline: med(official, growth),
          baselineName: 'wavespeed@0.3.2',
          better: 'lower',
        }),
        compare({
          id: 'upload.official.throughput',
          group: 'Upload',
          label: `throughput, ${OFFICIAL_MIB} MiB file`,
          unit: 'MiB/s',
          ours: med(oursMedium, speed),
          baseline: med(official, speed),
          baselineName: 'wavespeed@0.3.2',
          better: 'higher',
        }),
      ],
      method: [
        `Files of random bytes written to a temp directory (deleted afterwards), uploaded to an in-process simulator through the ticket flow (\`POST /api/v3/media/uploads\`, then \`PUT\` to the presigned storage URL). Each upload runs in a fresh Node process; its RSS growth is the peak RSS during the upload (${ours[0]?.rssMethod === 'VmHWM' ? 'the kernel’s high-water mark `VmHWM`, reset just before the upload' : 'sampled every 5 ms'}) minus the RSS just before it, after loading the code under test. Sides alternate (ours, raw, raw, ours, …); figures are medians.`,
        `The raw baseline asks for the same ticket with \`fetch\` and PUTs the file as a \`ReadableStream\` that reads 256 KiB from a file handle per pull, with \`duplex: 'half'\`, \`Content-Length\` and \`redirect: 'error'\` — without that last option Node’s \`fetch\` keeps a copy of a stream body in case it must replay it on a redirect, which the “naive” row shows (\`Readable.toWeb(createReadStream(path))\` with default options: RSS grows by about the file size). The official SDK reads the whole file with \`readFileSync\` before its PUT.`,
        `**Why ${LARGE_MIB} MiB and not 1 GiB:** the API accepts at most 300 MB per upload (less for images, video and audio), and both the simulator and \`wavespeed-sdk\` enforce it. A 1 GiB file is rejected by the SDK before any request: outcome “${hugeOutcome}” after ${round(hugeMs, 1)} ms with ${hugeRequests} request(s) sent. Streaming memory does not depend on the file size, so the ${LARGE_MIB} MiB figure is what a 1 GiB file would cost if the API took it.`,
      ],
      tables: [
        {
          caption: `Every upload (${LARGE_MIB} MiB and ${OFFICIAL_MIB} MiB files)`,
          head: ['client', 'size', 'time', 'throughput', 'RSS before', 'peak RSS', 'growth'],
          rows: [
            ...rows(largeRuns, (r) => names[r.mode]),
            ...rows(mediumRuns, (r) => names[r.mode]),
          ],
        },
      ],
    };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
