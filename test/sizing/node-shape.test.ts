import { findNodeShape, nodeShape } from "../../lib/sizing/node-shape";

describe("node shape of an instance type", () => {
  test("uses the sizing table and derives unknown types from the name", () => {
    expect(nodeShape("r6i.2xlarge")).toEqual({ vcpu: 8, memoryGiB: 64 });
    expect(nodeShape("m6i.4xlarge")).toEqual({ vcpu: 16, memoryGiB: 64 });
    expect(nodeShape("r7g.large")).toEqual({ vcpu: 2, memoryGiB: 16 });
  });

  test("a type it cannot size: undefined from findNodeShape, an error naming the field from nodeShape", () => {
    expect(findNodeShape("z1d.metal")).toBeUndefined();
    expect(() => nodeShape("z1d.metal")).toThrow(/clickhouse\.instanceType: cannot size pods for "z1d.metal"/);
  });
});
