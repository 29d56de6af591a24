import { Testing } from "cdktf";
import { NatGatewayAlarms } from "../../../constructs/observability/nat-gateway-alarms";
import type { TfJson } from "../../helpers/synth";
import { alarmNamed, alarms, observabilityStack } from "./helpers";

function synth(natGatewayIds: string[], droppedPacketsThreshold?: number): TfJson {
  const { stack, topics } = observabilityStack();
  new NatGatewayAlarms(stack, "Nat", {
    namePrefix: "us",
    topics,
    natGatewayIds,
    ...(droppedPacketsThreshold !== undefined ? { droppedPacketsThreshold } : {}),
  });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("NatGatewayAlarms", () => {
  test("port allocation errors and dropped packets per NAT gateway", () => {
    const json = synth(["nat-a", "nat-b"]);
    expect(alarms(json)).toHaveLength(4);
    expect(alarmNamed(json, "us-nat-1-port-allocation-errors")).toMatchObject({
      metric_name: "ErrorPortAllocation",
      dimensions: { NatGatewayId: "nat-b" },
      statistic: "Sum",
      threshold: 0,
    });
    expect(alarmNamed(json, "us-nat-0-packets-dropped")).toMatchObject({
      metric_name: "PacketsDropCount",
      dimensions: { NatGatewayId: "nat-a" },
      threshold: 100,
    });
  });

  test("throws without NAT gateways", () => {
    expect(() => synth([])).toThrow("test/Nat: natGatewayIds: at least one NAT gateway (got [])");
  });

  test("throws on a dropped-packet threshold below 1", () => {
    expect(() => synth(["nat-a"], 0)).toThrow("test/Nat: droppedPacketsThreshold: at least 1 (got 0)");
  });
});
