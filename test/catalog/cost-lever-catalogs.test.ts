import { architectureOf, isGraviton } from "../../lib/catalog/architecture";
import { EC2_INSTANCE_TYPES, MSK_BROKER_TYPES, RDS_POSTGRES_CLASSES } from "../../lib/catalog/instance-types";
import { brokerTypeSupportsTieredStorage, isExpressBroker, kafkaVersionSupportsTieredStorage } from "../../lib/catalog/msk-tiered-storage";

describe("architecture from an instance type's name", () => {
  test.each([
    ["m7g.large", "arm64"],
    ["r7g.2xlarge", "arm64"],
    ["c7gn.xlarge", "arm64"],
    ["im4gn.2xlarge", "arm64"],
    ["r6gd.4xlarge", "arm64"],
    ["kafka.m7g.large", "arm64"],
    ["express.m7g.large", "arm64"],
    ["db.r7g.large", "arm64"],
    ["m6i.large", "x86_64"],
    ["m6a.xlarge", "x86_64"],
    ["g5.xlarge", "x86_64"],
    ["kafka.m5.large", "x86_64"],
    ["db.t3.medium", "x86_64"],
  ])("%s is %s", (type, arch) => {
    expect(architectureOf(type)).toBe(arch);
    expect(isGraviton(type)).toBe(arch === "arm64");
  });

  test("the catalogs accept the Graviton types the levers use", () => {
    for (const t of ["m7g.large", "m7g.xlarge", "r7g.2xlarge", "r7g.4xlarge", "m6g.xlarge", "c7g.2xlarge"])
      expect(EC2_INSTANCE_TYPES.has(t)).toBe(true);
    for (const t of ["kafka.m7g.large", "kafka.m7g.xlarge"]) expect(MSK_BROKER_TYPES.has(t)).toBe(true);
    for (const t of ["db.r7g.large", "db.m7g.large", "db.r6g.large"]) expect(RDS_POSTGRES_CLASSES.has(t)).toBe(true);
  });
});

describe("MSK tiered storage requirements", () => {
  test.each([
    ["3.6.0", true],
    ["3.8.x", true],
    ["3.9.x.kraft", true],
    ["4.0.x", true],
    ["2.8.2.tiered", true],
    ["3.5.1", false],
    ["2.8.1", false],
  ])("Kafka %s: %s", (version, ok) => {
    expect(kafkaVersionSupportsTieredStorage(version)).toBe(ok);
  });

  test.each([
    ["kafka.m5.large", true],
    ["kafka.m7g.xlarge", true],
    ["kafka.t3.small", false],
    ["express.m7g.large", false],
  ])("broker %s: %s", (type, ok) => {
    expect(brokerTypeSupportsTieredStorage(type)).toBe(ok);
  });

  test("Express brokers are told apart from Standard ones", () => {
    expect(isExpressBroker("express.m7g.large")).toBe(true);
    expect(isExpressBroker("kafka.m7g.large")).toBe(false);
  });
});
