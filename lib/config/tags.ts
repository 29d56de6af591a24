/**
 * A tag set with `tenant` added for a dedicated install's resources (docs/tenants.md); shared
 * environments and accounts get their tags unchanged, so their synthesized output does not move.
 */
export function withTenant(tags: Readonly<Record<string, string>>, tenant: string | null): Record<string, string> {
  return tenant ? { ...tags, tenant } : { ...tags };
}
