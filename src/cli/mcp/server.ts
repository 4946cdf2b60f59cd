import { McpServer } from '@modelcontextprotocol/server';
import { SDK_VERSION } from '../../index.js';
import type { ToolDeps } from './context.js';
import { registerAccountTools } from './tools/account.js';
import { registerCatalogTools } from './tools/catalog.js';
import { registerPredictionTools } from './tools/predictions.js';
import { registerTaskTools } from './tools/tasks.js';

// The MCP server: every tool, registered on one McpServer.

const INSTRUCTIONS =
  'WaveSpeed AI: 200+ generative models (image, video, audio, 3D, LLM). Find a model with ' +
  'list_models, read its input with get_model_schema, quote with get_price, run with run_model. ' +
  'Runs cost money. A run still going when run_model returns keeps its prediction id: get the ' +
  'outputs with wait_prediction, never by running it again.';

/** A server with the tools `deps` allows (read-only hides those that spend or delete). */
export function createMcpServer(deps: ToolDeps): McpServer {
  const server = new McpServer(
    { name: 'wavespeed', version: SDK_VERSION },
    { instructions: INSTRUCTIONS, capabilities: { tools: {}, logging: {} } },
  );
  registerCatalogTools(server, deps);
  registerPredictionTools(server, deps);
  registerAccountTools(server, deps);
  registerTaskTools(server, deps);
  return server;
}
