// What `wavespeed mcp` was started with: the transport, the spending guard, and the settings of
// the task-level tools (text_to_image, image_to_image, generate_video) that the environment
// chooses as the write-up's Python server does.

/** How the server is reached. */
export type McpTransport = { kind: 'stdio' } | { kind: 'http'; host: string; port: number };

/** How task-level tools return their outputs (`WAVESPEED_API_RESOURCE_MODE`). */
export type ResourceMode = 'url' | 'base64' | 'local';

/** The limits on what the server may spend and change. */
export interface GuardConfig {
  /** USD the server may spend over its lifetime. */
  maxSpend: number | undefined;
  /** Runs quoted above this many USD need `confirm: true`. */
  confirmOver: number | undefined;
  /** No tool that spends, uploads or deletes is listed. */
  readOnly: boolean;
  /** Models runs may use (all when undefined). */
  models: ReadonlySet<string> | undefined;
}

/** Everything the server needs besides the SDK client. */
export interface McpConfig {
  transport: McpTransport;
  /** Bearer token the HTTP transport requires (required for a non-loopback bind). */
  token: string | undefined;
  guard: GuardConfig;
  /** Where run outputs are saved (run_model, wait_prediction); not saved when undefined. */
  outputDir: string | undefined;
  tasks: {
    textToImage: string;
    imageToImage: string;
    video: string;
    resourceMode: ResourceMode;
    /** Base folder of `local` mode outputs (`WAVESPEED_MCP_BASE_PATH`). */
    basePath: string;
  };
}

/** The default models of the task-level tools, as the write-up's server names them. */
export const TASK_MODELS = {
  textToImage: 'wavespeed-ai/flux-dev-lora',
  imageToImage: 'bytedance/seedream-v4/edit',
  video: 'wavespeed-ai/wan-2.1/i2v-480p',
} as const;

/** `/wavespeed-ai/flux-dev` (the Python server's endpoint form) → `wavespeed-ai/flux-dev`. */
function modelOf(value: string | undefined, fallback: string): string {
  const trimmed = value?.trim().replace(/^\/+/, '');
  return trimmed === undefined || trimmed === '' ? fallback : trimmed;
}

/** The task-level settings from the environment variables the Python server reads. */
export function taskSettings(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): McpConfig['tasks'] {
  const mode = env.WAVESPEED_API_RESOURCE_MODE?.trim().toLowerCase();
  return {
    textToImage: modelOf(env.WAVESPEED_API_TEXT_TO_IMAGE_ENDPOINT, TASK_MODELS.textToImage),
    imageToImage: modelOf(env.WAVESPEED_API_IMAGE_TO_IMAGE_ENDPOINT, TASK_MODELS.imageToImage),
    video: modelOf(env.WAVESPEED_API_VIDEO_ENDPOINT, TASK_MODELS.video),
    resourceMode: mode === 'base64' || mode === 'local' ? mode : 'url',
    basePath: env.WAVESPEED_MCP_BASE_PATH?.replace(/^~(?=$|\/)/, home) || home,
  };
}

/** Whether `host` is a loopback address (a bind there needs no token). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
