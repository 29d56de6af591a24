import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../lib/paths";
import { checkText, diskRepository, indexPage, type Repository, sourceFiles } from "./doc-citations";

/** A small repository in memory: the checker reads nothing else, so the cases need no temp folder. */
function memoryRepository(files: Record<string, string>): Repository {
  return {
    topLevel: new Set(Object.keys(files).map((f) => f.split("/")[0]!)),
    exists: (relative) => relative in files,
    read: (relative) => files[relative]!,
  };
}

const PAGE = [
  "# Scanners",
  "## 1. Reading JSON",
  "1. Layout.",
  "2. Blocks.",
  "## 2. Rules",
  "### 2.1 AWS",
  "| row | rule |",
  "|---|---|",
  "| 5 | CKV_AWS_37 |",
  "| 10-13 | launch templates |",
  "- **K7** resource limits",
].join("\n");
const repo = memoryRepository({
  "docs/reference/scanners.md": PAGE,
  "docs/guide.md": "# Guide",
  "README.md": "# Read me",
  "lib/x.ts": "",
  "runbooks/ok.md": "",
});
const check = (text: string, file = "lib/x.ts"): string[] => checkText(file, text, repo).map((f) => `${f.line}: ${f.message}`);

describe("Markdown citations resolve inside the repository", () => {
  test("every shipped source, test, chart and doc file cites only pages, sections and rows that exist", () => {
    const root = repoRoot();
    const disk = diskRepository(root);
    const files = sourceFiles(root);
    expect(files).toContain("lib/sizing/constants.ts");
    const findings = files.flatMap((f) => checkText(f, fs.readFileSync(path.join(root, f), "utf8"), disk));
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([]);
  });

  test("a path, section, row or item that exists passes", () => {
    expect(check("// see docs/reference/scanners.md §1.2 and rows 10-13 (docs/guide.md)")).toEqual([]);
    expect(check("// docs/reference/scanners.md row 5; K7, §2.1")).toEqual([]);
    expect(check("[guide](guide.md) and README.md", "docs/other.md")).toEqual([]);
  });

  test("the bare name of an out-of-repository reference file fails, with or without .md", () => {
    expect(check("// checkov passes these (policy.md §5.1)")).toEqual([expect.stringMatching(/^1: cites "policy\.md".*docs\/reference/)]);
    expect(check("/** A month (cost-sizing §4). */")).toEqual([expect.stringMatching(/cites "cost-sizing §"/)]);
    expect(check("key: 1 # x (deploy-constraints.md row 9)", "lib/x.yaml")).toHaveLength(1);
  });

  test("a path outside the repository fails", () => {
    expect(check("/**\n * from /work/shared/anchors/notes.md\n */")).toEqual([
      expect.stringMatching(/^2: cites \/work\/shared\/anchors\/notes\.md, a path outside/),
    ]);
  });

  test("a missing repository path fails; another project's file does not", () => {
    expect(check("// docs/reference/gone.md §1")).toEqual(["1: cites docs/reference/gone.md, which is not a file in the repository"]);
    expect(check("// ../shared/anchors/x.md")).toEqual([expect.stringMatching(/not a file in the repository/)]);
    expect(check("// checkov CHANGELOG.md; AutoMQ cost-explanation/msk.md; https://example.org/docs/a.md")).toEqual([]);
  });

  test("a section, row or item the cited page lacks fails", () => {
    expect(check("// docs/reference/scanners.md §3")).toEqual(["1: cites docs/reference/scanners.md §3, but that page has no 3"]);
    expect(check("// docs/reference/scanners.md §1.3")).toEqual([expect.stringMatching(/has no 1\.3$/)]);
    expect(check("// docs/reference/scanners.md rows 4-6")).toEqual([expect.stringMatching(/rows 4-6, but that page has no 4, 6$/)]);
    expect(check("// docs/reference/scanners.md row 5; K8")).toEqual([expect.stringMatching(/K8, but that page has no K8$/)]);
  });

  test("only prose is read: comments in code and YAML, all of Markdown; strings hold fixtures and output", () => {
    expect(check('const fixture = "runbooks/gone.md"; // runbooks/gone.md too')).toEqual([
      expect.stringMatching(/^1: cites runbooks\/gone\.md/),
    ]);
    // Source text holding a template placeholder, as a shipped file would.
    const placeholder = "$" + "{base}";
    expect(check(`const url = \`${placeholder}/policy.md\`;\nconst s = 'x // policy.md';`)).toEqual([]);
    expect(check(`runbook_url: '${placeholder}/gone.md'\n# see runbooks/gone.md`, "lib/rules.yaml")).toEqual([
      expect.stringMatching(/^2: /),
    ]);
    expect(check("See policy.md.", "docs/page.md")).toEqual([expect.stringMatching(/^1: cites "policy\.md"/)]);
  });

  test("the page index reads headings, numbered items, table rows and K items", () => {
    const index = indexPage(PAGE);
    expect([...index.sections].sort()).toEqual(["1", "1.1", "1.2", "2", "2.1"]);
    expect([...index.rows].sort()).toEqual(["10", "11", "12", "13", "5", "K7"]);
  });
});
