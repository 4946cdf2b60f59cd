// How every example gets a client: the real API when WAVESPEED_API_KEY is set, otherwise a local
// simulator of it (wavespeed-sdk/testing), so the examples run offline, for free, in seconds.
// In your own code you only need the first branch: `new WaveSpeedClient()` reads the key itself.
import { type ClientOptions, WaveSpeedClient } from 'wavespeed-sdk';
import { createSimulator, type Simulator, type SimulatorOptions } from 'wavespeed-sdk/testing';

export interface Connection {
  client: WaveSpeedClient;
  /** Set when the example talks to the local simulator instead of the real API. */
  simulator: Simulator | undefined;
  /** Stops the simulator (if any). Call it in `finally` so the process can exit. */
  close(): Promise<void>;
}

export async function connect(
  options: Omit<ClientOptions, 'apiKey' | 'baseUrl'> = {},
  simulatorOptions: SimulatorOptions = {},
): Promise<Connection> {
  if (process.env.WAVESPEED_API_KEY) {
    return { client: new WaveSpeedClient(options), simulator: undefined, close: async () => {} };
  }
  // The simulator runs jobs on realistic durations divided by `speed` (an image takes ~3 s at
  // speed 1). WAVESPEED_SIMULATOR_SPEED lets scripts/run-examples.mjs run everything quickly.
  const speed = Number(process.env.WAVESPEED_SIMULATOR_SPEED ?? 10);
  const simulator = await createSimulator({ speed, ...simulatorOptions });
  console.error(`(no WAVESPEED_API_KEY: using a local WaveSpeed simulator at ${simulator.url})`);
  const client = new WaveSpeedClient({
    ...options,
    apiKey: simulator.apiKey,
    baseUrl: simulator.url,
  });
  return { client, simulator, close: () => simulator.close() };
}
