import { loadPeer } from '../peer.js';

// bullmq and ioredis are optional peers: `wavespeed-sdk/bullmq` loads them when it is imported,
// and importing it without them fails at once with the command that installs them.

const INSTALL = 'npm i bullmq@6 ioredis@5';

/** The parts of bullmq this integration uses (BullMQ 6 brings no Redis client: ioredis below). */
export interface BullMQ {
  Queue: typeof import('bullmq').Queue;
  Worker: typeof import('bullmq').Worker;
  QueueEvents: typeof import('bullmq').QueueEvents;
  UnrecoverableError: typeof import('bullmq').UnrecoverableError;
}

export const bullmq: BullMQ = await loadPeer(
  { name: 'bullmq', install: INSTALL, feature: 'wavespeed-sdk/bullmq' },
  () => import('bullmq'),
);

await loadPeer(
  { name: 'ioredis', install: INSTALL, feature: 'wavespeed-sdk/bullmq' },
  () => import('ioredis'),
);
