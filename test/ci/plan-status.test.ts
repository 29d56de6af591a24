import * as path from "node:path";
import { repoRoot } from "../../lib/paths";

interface Dependency {
  name: string;
  stack: string;
  bucket: string;
  key: string;
  outputs: string[];
}
interface Facts {
  initExit: number;
  planExit: number;
  drift: boolean;
  dependencies: Dependency[];
  states: Map<string, string[] | null>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { decideStatus } = require(path.join(repoRoot(), ".github", "scripts", "plan-status.js")) as {
  decideStatus: (facts: Facts) => { status: string; waitingOn: string[] };
};

const network: Dependency = {
  name: "in-net",
  stack: "us-network",
  bucket: "b",
  key: "us-network/terraform.tfstate",
  outputs: ["vpc", "subnets"],
};
const facts = (over: Partial<Facts>): Facts => ({
  initExit: 0,
  planExit: 1,
  drift: false,
  dependencies: [network],
  states: new Map(),
  ...over,
});

describe("plan status (plan-status.js)", () => {
  test("exit codes: 0 planned; 2 under DRIFT_CHECK drifted; a failed init fails even when a dependency has no state", () => {
    expect(decideStatus(facts({ planExit: 0 })).status).toBe("planned");
    expect(decideStatus(facts({ planExit: 2, drift: true })).status).toBe("drifted");
    expect(decideStatus(facts({ initExit: 1, states: new Map([["in-net", null]]) })).status).toBe("failed");
  });

  test("a failed plan waits only for a dependency with no state or a missing output", () => {
    expect(decideStatus(facts({ states: new Map([["in-net", null]]) }))).toEqual({
      status: "waiting-for-dependencies",
      waitingOn: ["us-network: no state yet (s3://b/us-network/terraform.tfstate)"],
    });
    expect(decideStatus(facts({ states: new Map([["in-net", ["vpc"]]]) }))).toEqual({
      status: "waiting-for-dependencies",
      waitingOn: ["us-network: its state has no output subnets yet"],
    });
    expect(decideStatus(facts({ states: new Map([["in-net", ["vpc", "subnets", "extra"]]]) })).status).toBe("failed");
    // A state that could not be read (access denied) is no reason to wait.
    expect(decideStatus(facts({ states: new Map() })).status).toBe("failed");
    expect(decideStatus(facts({ dependencies: [], states: new Map() })).status).toBe("failed");
  });
});
