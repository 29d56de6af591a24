import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";

export const dnsInput = z.strictObject({
  /**
   * Route 53 hosted zones (ids, not names) whose records external-dns may change for this
   * environment's Services and Ingresses. external-dns gets change permission on these zones only
   * and filters to them. Default: none, and then external-dns is not installed at all.
   */
  hostedZoneIds: z
    .array(
      z.string().regex(/^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJK (aws route53 list-hosted-zones)"),
    )
    .optional(),
});
export type DnsConfig = DeepRequired<z.input<typeof dnsInput>>;

export const dnsDefaults: TierDefaults<DnsConfig> = {
  production: { hostedZoneIds: [] },
  staging: { hostedZoneIds: [] },
};
