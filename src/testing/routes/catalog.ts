import type { App } from '../app.js';
import { type Ctx, envelope, sendError, sendJson } from '../http.js';
import { priceOf } from '../pricing.js';
import type { SimModel } from '../types.js';

/**
 * `GET /api/v3/models`: the whole catalog at once.
 */
export function listModels(app: App, ctx: Ctx): void {
  sendJson(ctx, 200, envelope(app.catalog));
}

function modelFor(
  app: App,
  ctx: Ctx,
  body: Record<string, unknown>,
): { model: SimModel; inputs: Record<string, unknown> } | undefined {
  const id = body.model_id;
  if (typeof id !== 'string' || id === '') {
    sendError(ctx, 400, "Invalid parameters: 'model_id' is required");
    return undefined;
  }
  const model = app.models.get(id);
  if (!model) {
    sendError(ctx, 404, `Model not found: ${id}`);
    return undefined;
  }
  const inputs = body.inputs ?? {};
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    sendError(ctx, 400, "Invalid parameters: 'inputs' must be an object");
    return undefined;
  }
  return { model, inputs: inputs as Record<string, unknown> };
}

/**
 * `POST /api/v3/model/price` `{model_id, inputs}`: a quote, no charge.
 */
export function price(app: App, ctx: Ctx, body: Record<string, unknown>): void {
  const found = modelFor(app, ctx, body);
  if (!found) return;
  const value = priceOf(found.model, found.inputs);
  sendJson(
    ctx,
    200,
    envelope({
      model_id: found.model.model_id,
      price: value,
      discounted_price: value,
      discount_rate: 1,
      currency: 'USD',
    }),
  );
}

/**
 * `POST /api/v3/model/pricing`: the legacy quote shape `{model_id, unit_price, currency}`.
 */
export function legacyPricing(app: App, ctx: Ctx, body: Record<string, unknown>): void {
  const found = modelFor(app, ctx, body);
  if (!found) return;
  sendJson(
    ctx,
    200,
    envelope({
      model_id: found.model.model_id,
      unit_price: priceOf(found.model, found.inputs),
      currency: 'USD',
    }),
  );
}
