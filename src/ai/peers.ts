import { loadPeer } from '../peer.js';

// `@ai-sdk/provider` is an optional peer: `wavespeed-sdk/ai` loads it when imported (its error
// classes are what the AI SDK recognises), and importing it without it fails at once with the
// command that installs it.

/** The parts of @ai-sdk/provider this provider uses at run time. */
export interface AiSdkProvider {
  APICallError: typeof import('@ai-sdk/provider').APICallError;
  NoSuchModelError: typeof import('@ai-sdk/provider').NoSuchModelError;
}

export const aiSdk: AiSdkProvider = await loadPeer(
  { name: '@ai-sdk/provider', install: 'npm i @ai-sdk/provider@4', feature: 'wavespeed-sdk/ai' },
  () => import('@ai-sdk/provider'),
);
