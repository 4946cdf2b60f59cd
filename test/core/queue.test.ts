import { describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/core/queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('JobQueue', () => {
  it('runs at most `concurrency` tasks at once', async () => {
    const queue = new JobQueue({ concurrency: 3 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        queue.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 1 + (i % 4)));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(queue.peak).toBe(3);
    expect(queue.active).toBe(0);
  });

  it('a pause holds waiting tasks, not running ones, and ends on its own', async () => {
    const queue = new JobQueue({ concurrency: 1 });
    const gate = deferred();
    const order: string[] = [];
    const first = queue.run(async () => {
      order.push('first');
      queue.pauseFor(80);
      await gate.promise;
    });
    const started = Date.now();
    const second = queue.run(async () => {
      order.push(`second after ${Date.now() - started >= 70 ? 'pause' : 'no pause'}`);
    });
    gate.resolve();
    await first;
    expect(queue.waiting).toBe(1);
    await second;
    expect(order).toEqual(['first', 'second after pause']);
  });

  it('removes an aborted task that was still waiting, rejecting with the reason', async () => {
    const queue = new JobQueue({ concurrency: 1 });
    const gate = deferred();
    const running = queue.run(() => gate.promise);
    const controller = new AbortController();
    const reason = new Error('never mind');
    let ran = false;
    const waiting = queue.run(
      async () => {
        ran = true;
      },
      { signal: controller.signal },
    );
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    gate.resolve();
    await running;
    expect(ran).toBe(false);
  });
});
