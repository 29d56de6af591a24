import type { TfJson } from "./read";
import { firstPart } from "../text";

type Body = Record<string, unknown>;

/**
 * The provider configurations of a stack keyed by how resources refer to them: `aws` for the
 * default one, `aws.<alias>` for the others. Terraform matches provider configurations by alias,
 * never by position, so the diff compares them the same way: adding an account's provider to the
 * organization stack adds one key and changes no other.
 */
export function providersByReference(json: TfJson): Record<string, Body> {
  const out: Record<string, Body> = {};
  const byType = (json.provider ?? {}) as Record<string, Body | Body[]>;
  for (const [type, configs] of Object.entries(byType)) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      const alias = typeof config.alias === "string" ? config.alias : undefined;
      out[alias ? `${type}.${alias}` : type] = config;
    }
  }
  return out;
}

/** The provider a resource uses: its `provider` meta-argument, or its type's default provider. */
export function providerReferenceOf(type: string, body: Body): string {
  return typeof body.provider === "string" ? body.provider : firstPart(type, "_");
}

/**
 * The region a resource lives in: its own `region` argument (AWS provider v6), else its provider
 * configuration's `region`. Undefined when neither says (the provider then takes it from the
 * environment, which the synth output cannot show).
 */
export function regionOf(type: string, body: Body, providers: Record<string, Body>): unknown {
  if (body.region !== undefined) return body.region;
  return providers[providerReferenceOf(type, body)]?.region;
}
