import type { Worker } from 'bullmq';

// Which job owns which prediction, kept in Redis beside the queue, so that a job recovering a
// submit whose answer was lost never takes a prediction another job (with the same input) owns.

/** Predictions are kept for 7 days by the API; so are the claims. */
const CLAIM_TTL_SECONDS = 7 * 24 * 3600;
const COMMAND = 'wavespeedClaim';
/** Sets the claim when free; answers the owner either way (atomic: two workers never both own it). */
const CLAIM_LUA = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return ARGV[1] end
return redis.call('GET', KEYS[1])`;

/** Claims of one queue. */
export interface Claims {
  /** Claims `predictionId` for `jobId`; true when it is (now or already) this job's. */
  claim(predictionId: string, jobId: string): Promise<boolean>;
}

/**
 * The claims of a worker's queue, on the worker's own Redis connection.
 *
 * @example
 * ```ts
 * if (await claims.claim(candidate.id, job.id)) return candidate; // ours now, or ours already
 * ```
 */
export function claimsOf(worker: Worker): Claims {
  const prefix = worker.getBackend().toKey('wavespeed-claim');
  let defined: Promise<void> | undefined;
  const client = async () => {
    const redis = await worker.getBackend().connection.client;
    defined ??= Promise.resolve(redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: CLAIM_LUA }));
    await defined;
    return redis;
  };
  return {
    async claim(predictionId, jobId) {
      const redis = await client();
      const owner: unknown = await redis.runCommand(COMMAND, [
        `${prefix}:${predictionId}`,
        jobId,
        CLAIM_TTL_SECONDS,
      ]);
      return owner === jobId;
    },
  };
}
