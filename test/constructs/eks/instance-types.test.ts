import { amiTypeFor, hasInstanceStore, isGraviton } from "../../../constructs/eks/instance-types";

describe("instance types", () => {
  test.each([
    "i4i.2xlarge",
    "i3en.6xlarge",
    "im4gn.4xlarge",
    "is4gen.2xlarge",
    "i4g.4xlarge",
    "i7ie.xlarge",
    "r6id.2xlarge",
    "m6gd.large",
    "c7gd.xlarge",
    "x2idn.16xlarge",
    "m5dn.large",
  ])("%s has NVMe instance store", (t) => expect(hasInstanceStore(t)).toBe(true));
  test.each(["r6i.2xlarge", "m6i.large", "c7gn.xlarge", "m7g.large", "r7i.4xlarge"])("%s has none", (t) =>
    expect(hasInstanceStore(t)).toBe(false),
  );

  test.each([
    ["m7g.large", true],
    ["im4gn.4xlarge", true],
    ["r6gd.xlarge", true],
    ["x2gd.large", true],
    ["c7gn.large", true],
    ["i4i.xlarge", false],
    ["m6i.large", false],
    ["g5.xlarge", false],
  ])("%s Graviton: %s", (t, expected) => expect(isGraviton(t as string)).toBe(expected));

  test("AMI type by architecture", () => {
    expect(amiTypeFor("im4gn.4xlarge")).toBe("AL2023_ARM_64_STANDARD");
    expect(amiTypeFor("i4i.4xlarge")).toBe("AL2023_x86_64_STANDARD");
  });
});
