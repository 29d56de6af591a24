export * from "./encrypted-log-group";
export * from "./regional-network";
export * from "./subnet-plan";
