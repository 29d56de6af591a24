/** The environment tiers. A tier supplies every default a short environment file leaves out. */
export const TIERS = ["production", "staging"] as const;
export type Tier = (typeof TIERS)[number];

/**
 * The fully resolved form of an input shape: every optional field filled in. Tier defaults are
 * typed with it, so a default missing for a new field is a compile error, not a runtime surprise.
 */
export type DeepRequired<T> = T extends readonly (infer U)[]
  ? DeepRequired<U>[]
  : T extends object
    ? { [K in keyof T]-?: DeepRequired<Exclude<T[K], undefined>> }
    : T;

/** Per-tier defaults of one section of an environment file. */
export type TierDefaults<T> = Readonly<Record<Tier, T>>;
