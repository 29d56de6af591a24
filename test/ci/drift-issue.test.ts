import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../lib/paths";

/**
 * The drift workflow's issue keeping (.github/scripts/upsert-drift-issue.js) against an in-memory
 * repository with GitHub's REST semantics for the calls it makes: given the plan status of a stack
 * and the issues that exist, which issues are opened, commented on and closed.
 */
type Upsert = (api: { github: unknown; context: unknown }, args: { stack: string; status: string; file: string }) => Promise<void>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const upsert = require(path.join(repoRoot(), ".github", "scripts", "upsert-drift-issue.js")) as Upsert;

interface Issue {
  number: number;
  title: string;
  state: "open" | "closed";
  labels: { name: string }[];
  body: string;
  comments: string[];
  pull_request?: object;
}

/** A repository's issues with the listForRepo filters (state, labels) GitHub applies. */
function fakeRepo(issues: Issue[]) {
  const actions: string[] = [];
  const find = (n: number) => issues.find((i) => i.number === n)!;
  const github = {
    paginate: async (fn: (p: Record<string, unknown>) => Promise<{ data: Issue[] }>, params: Record<string, unknown>) =>
      (await fn(params)).data,
    rest: {
      issues: {
        listForRepo: async (p: { state: string; labels: string }) => ({
          data: issues.filter(
            (i) => (p.state === "all" || i.state === p.state) && p.labels.split(",").every((l) => i.labels.some((x) => x.name === l)),
          ),
        }),
        create: async (p: { title: string; body: string; labels: string[] }) => {
          const issue: Issue = {
            number: Math.max(0, ...issues.map((i) => i.number)) + 1,
            title: p.title,
            state: "open",
            labels: p.labels.map((name) => ({ name })),
            body: p.body,
            comments: [],
          };
          issues.push(issue);
          actions.push(`create #${issue.number} ${p.title} [${p.labels.join(",")}]`);
        },
        createComment: async (p: { issue_number: number; body: string }) => {
          find(p.issue_number).comments.push(p.body);
          actions.push(`comment #${p.issue_number}`);
        },
        update: async (p: { issue_number: number; state: "open" | "closed" }) => {
          find(p.issue_number).state = p.state;
          actions.push(`${p.state === "closed" ? "close" : "reopen"} #${p.issue_number}`);
        },
      },
    },
  };
  const context = { repo: { owner: "acme", repo: "infra" }, serverUrl: "https://github.com", runId: 42 };
  return { github, context, actions, issues };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
const report = path.join(work, "drift.md");
fs.writeFileSync(report, "### Drift in `us-data`: Plan: 0 to add, 1 to change, 0 to destroy.\n");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const issue = (over: Partial<Issue> & { number: number; title: string }): Issue => ({
  state: "open",
  labels: [{ name: "drift" }],
  body: "",
  comments: [],
  ...over,
});

describe("drift issues (upsert-drift-issue.js)", () => {
  test("drift without an open issue opens one, titled by the stack, labelled drift, with the plan summary", async () => {
    const r = fakeRepo([issue({ number: 1, title: "Drift: us-data", state: "closed" })]);
    await upsert(r, { stack: "us-data", status: "drifted", file: report });
    expect(r.actions).toEqual(["create #2 Drift: us-data [drift]"]);
    expect(r.issues[1]!.body).toContain("Plan: 0 to add, 1 to change, 0 to destroy.");
  });

  test("drift again updates the open issue of that stack only (not another stack's, not a pull request)", async () => {
    const r = fakeRepo([
      issue({ number: 1, title: "Drift: us-data", pull_request: {} }),
      issue({ number: 2, title: "Drift: eu-data" }),
      issue({ number: 3, title: "Drift: us-data" }),
    ]);
    await upsert(r, { stack: "us-data", status: "drifted", file: report });
    expect(r.actions).toEqual(["comment #3"]);
    expect(r.issues[2]!.comments[0]).toContain("Plan: 0 to add, 1 to change");
  });

  test("no drift closes the open issue with a note naming the run; with no issue it does nothing", async () => {
    const r = fakeRepo([issue({ number: 7, title: "Drift: us-data" })]);
    await upsert(r, { stack: "us-data", status: "planned", file: report });
    expect(r.actions).toEqual(["comment #7", "close #7"]);
    expect(r.issues[0]!.comments[0]).toContain("https://github.com/acme/infra/actions/runs/42");
    const none = fakeRepo([]);
    await upsert(none, { stack: "us-data", status: "planned", file: report });
    expect(none.actions).toEqual([]);
  });

  test.each(["failed", "waiting-for-dependencies"])("a %s plan says nothing about drift: the issue is left as it is", async (status) => {
    const r = fakeRepo([issue({ number: 4, title: "Drift: us-data" })]);
    await upsert(r, { stack: "us-data", status, file: report });
    expect(r.actions).toEqual([]);
    expect(r.issues[0]!.state).toBe("open");
  });

  test("an issue without the drift label is not taken for the stack's drift issue", async () => {
    const r = fakeRepo([issue({ number: 5, title: "Drift: us-data", labels: [] })]);
    await upsert(r, { stack: "us-data", status: "drifted", file: report });
    expect(r.actions).toEqual(["create #6 Drift: us-data [drift]"]);
  });
});
