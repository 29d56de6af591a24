export * from "./github-runner";
export * from "./names";
export * from "./runner-network";
