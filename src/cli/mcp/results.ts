import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/server';
import { isWaveSpeedError } from '../../index.js';

// Tool results: human text for the model, structured content for programs, and errors as
// `isError` results carrying what the SDK's error knows (prediction id, status, request id).

/** A successful result. */
export function ok(
  text: string,
  structured: Record<string, unknown>,
  extra: ContentBlock[] = [],
): CallToolResult {
  return { content: [{ type: 'text', text }, ...extra], structuredContent: structured };
}

/** A tool error: the model reads it and can act on it (the server carries on). */
export function refused(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** The fields of an error worth telling the agent, never headers or bodies (or the key). */
export function describeError(error: unknown): { text: string; data: Record<string, unknown> } {
  if (!isWaveSpeedError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { text: message, data: { name: 'Error', message } };
  }
  const json = error.toJSON();
  const facts = Object.entries(json)
    .filter(([key]) => key !== 'name' && key !== 'message' && key !== 'issues')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const text = `${json.name}: ${json.message}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
  return { text, data: json as Record<string, unknown> };
}

/** An error thrown by the SDK (or anything else) as a tool error. */
export function failed(error: unknown, hint = ''): CallToolResult {
  return refused(`${describeError(error).text}${hint === '' ? '' : ` ${hint}`}`);
}
