import { resourceTypeFacts } from "../../lib/catalog/resource-type-facts";
import { RESOURCE_TYPES } from "../../lib/catalog/resource-types";
import { isFree, PRICERS, USAGE_BASED } from "../../lib/cost/registry";
import { price } from "./fixtures";

/**
 * Every type the stacks synthesize has an answer in the cost registry: a pricer, free, or
 * usage-based with its reason. The resource catalog lists exactly the synthesized types (kept equal
 * to the shipped and fixture synth by test/catalog/resource-types.test.ts), so it drives the check.
 */
const silentlyUnpriced = (types: readonly string[]) => types.filter((t) => resourceTypeFacts(t).pricing === "unpriced").sort();

describe("the cost registry covers every synthesized type", () => {
  test("no type the stacks synthesize is silently unpriced", () => {
    const types = Object.keys(RESOURCE_TYPES);
    expect(types.length).toBeGreaterThan(50);
    expect(silentlyUnpriced(types)).toEqual([]);
  });

  test("the check names a type the registry does not know", () => {
    expect(silentlyUnpriced(["aws_vpc", "aws_opensearch_domain", "aws_guardduty_detector"])).toEqual(["aws_opensearch_domain"]);
  });

  test("each usage-based type gives its reason with the published price page, and is neither priced nor free", () => {
    for (const [type, reason] of Object.entries(USAGE_BASED)) {
      expect({
        type,
        cites: /https:\/\/aws\.amazon\.com\/\S+\/pricing\//.test(reason),
        priced: Object.hasOwn(PRICERS, type),
        free: isFree(type),
      }).toEqual({ type, cites: true, priced: false, free: false });
    }
  });

  test("the estimate lists a usage-based resource as unpriced with that reason, never as zero or free", () => {
    const cost = price({
      aws_guardduty_detector: { main: { enable: true } },
      aws_guardduty_detector_feature: { eks: { name: "EKS_AUDIT_LOGS" } },
    });
    expect(cost.unpriced).toEqual([
      expect.objectContaining({
        address: "aws_guardduty_detector.main",
        component: "(usage)",
        reason: expect.stringMatching(
          /^usage-based, not estimated: GuardDuty charges per GB .*https:\/\/aws\.amazon\.com\/guardduty\/pricing\//,
        ),
      }),
    ]);
    expect(cost.free).toEqual({ aws_guardduty_detector_feature: 1 });
    expect(cost.monthlyUsd).toBe(0);
  });
});
