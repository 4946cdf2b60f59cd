export { computeWebhookSignature } from './core/signature.js';
