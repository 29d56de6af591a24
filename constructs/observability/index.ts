export * from "./alarm-topics";
export * from "./eks-node-alarms";
export * from "./msk-alarms";
export * from "./nat-gateway-alarms";
export * from "./rds-alarms";
export * from "./rds-instance-classes";
export * from "./runbook-alarm";
