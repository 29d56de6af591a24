/**
 * @deprecated The secure bucket moved to the construct kit (constructs/kit/secure-bucket.ts); this
 * re-export keeps old imports compiling for one release.
 */
export * from "../kit/secure-bucket";
