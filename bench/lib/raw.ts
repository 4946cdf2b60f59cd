import ky from 'ky';
/**
 * The hand-written `fetch` calls the SDK is compared against: what a careful user writes without
 * an SDK (auth header, JSON parse, envelope check), and nothing more.
 *
 * @example
 * ```ts
 * const api = rawApi(sim.url, sim.apiKey);
 * const { id } = await api.submit('wavespeed-ai/flux-dev', { prompt: 'x' });
 * ```
 */
export interface RawApi {
  submit(model: string, input: Record<string, unknown>): Promise<RawPrediction>;
  result(id: string): Promise<RawPrediction>;
}

/**
 * The fields of a prediction the raw loop reads.
 *
 * @example
 * ```ts
 * if (prediction.status === 'completed') console.log(prediction.outputs);
 * ```
 */
export interface RawPrediction {
  id: string;
  status: string;
  outputs: unknown[];
  error?: string;
}

interface Envelope {
  code?: number;
  message?: string;
  data?: RawPrediction;
}

async function unwrap(response: Response): Promise<RawPrediction> {
  const body = (await response.json()) as Envelope;
  if (!response.ok || body.code !== 200 || typeof body.data !== 'object' || body.data === null) {
    throw new Error(`HTTP ${response.status}: ${body.message ?? 'unexpected body'}`);
  }
  return body.data;
}

/**
 * Raw submit and result calls against `baseUrl`.
 *
 * @example
 * ```ts
 * const prediction = await rawApi(url, key).result(id);
 * ```
 */
export function rawApi(baseUrl: string, apiKey: string): RawApi {
  const auth = { authorization: `Bearer ${apiKey}` };
  return {
    async submit(model, input) {
      const response = await fetch(`${baseUrl}/api/v3/${model}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return unwrap(response);
    },
    async result(id) {
      const response = await fetch(`${baseUrl}/api/v3/predictions/${id}/result`, { headers: auth });
      return unwrap(response);
    },
  };
}

/**
 * The same calls through one bare ky instance (the HTTP layer the SDK is built on): what ky alone
 * costs, with no SDK above it.
 *
 * @example
 * ```ts
 * const prediction = await kyApi(url, key).result(id);
 * ```
 */
export function kyApi(baseUrl: string, apiKey: string): RawApi {
  const bare = ky.create({
    prefix: baseUrl,
    headers: { authorization: `Bearer ${apiKey}` },
    retry: 0,
    throwHttpErrors: false,
  });
  return {
    submit: async (model, input) => unwrap(await bare.post(`api/v3/${model}`, { json: input })),
    result: async (id) => unwrap(await bare.get(`api/v3/predictions/${id}/result`)),
  };
}

/**
 * Resolves after `ms` milliseconds.
 *
 * @example
 * ```ts
 * await sleep(5);
 * ```
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
