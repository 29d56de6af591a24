export * from "./regional-network";
export * from "./subnet-plan";
