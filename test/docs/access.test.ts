import * as fs from "node:fs";
import * as path from "node:path";
import { ACCESS_POLICY } from "../../constructs/eks/eks-cluster";
import { PERMISSION_SET_DEFINITIONS, PERMISSION_SET_NAMES } from "../../constructs/organization/identity-center";
import { repoRoot } from "../../lib/paths";
import { SESSION_PREFERENCES_DOCUMENT } from "../../constructs/observability/session-logging";
import { SESSION_TRANSCRIPTS_PREFIX, sessionTranscriptsBucketName } from "../../constructs/organization/session-transcripts-bucket";

const page = fs.readFileSync(path.join(repoRoot(), "docs", "access.md"), "utf8");

describe("docs/access.md (who can reach what)", () => {
  test("names every permission set the code defines, with its AWS managed policy", () => {
    for (const name of PERMISSION_SET_NAMES) {
      expect(page).toContain(`permission set \`${name}\``);
      for (const policy of PERMISSION_SET_DEFINITIONS[name].managedPolicies) expect(page).toContain(policy.split("/").pop());
    }
  });

  test("names every EKS access policy entries are given", () => {
    for (const arn of Object.values(ACCESS_POLICY)) expect(page).toContain(arn.split("/").pop());
  });

  test("names the Session Manager preferences document and where transcripts go", () => {
    expect(page).toContain(`\`${SESSION_PREFERENCES_DOCUMENT}\``);
    expect(page).toContain("`/aws/ssm/session-manager/<environment>`");
  });

  test("names the log-archive bucket transcripts are shipped to, and its prefix", () => {
    const bucket = sessionTranscriptsBucketName({
      organizationName: "<organization>",
      partition: "aws",
      logArchiveAccountId: "<log-archive account>",
      homeRegion: "us-east-1",
    });
    expect(page).toContain(`\`${bucket}\``);
    expect(page).toContain(`\`${SESSION_TRANSCRIPTS_PREFIX}/<account>/<environment>/\``);
    expect(page).not.toContain("Session transcripts stay in each environment's account");
  });

  test("every repository path it cites exists", () => {
    const cited = [
      ...page.matchAll(/`((?:constructs|lib|stacks|runbooks|test|charts)\/[^`#]+?)`/g),
      ...page.matchAll(/\]\(\.\.\/([^)#]+)/g),
    ].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((p) => !fs.existsSync(path.join(repoRoot(), p)))).toEqual([]);
  });
});
