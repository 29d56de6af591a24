import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Finds citations of Markdown files that a reader of the repository cannot open: a path that does
 * not exist, a path outside the repository, a bare name of one of the team reference files kept
 * outside it, or a section, row or item (`§3.2`, `row 68`, `K7`) that the cited page does not have.
 */

/** The team reference files comments used to cite by bare name; their facts now live in docs/reference/. */
const OUT_OF_REPO_NAMES = ["policy", "cost-sizing", "features", "engineering", "deploy-constraints", "style"];
const OUT_OF_REPO = new RegExp(String.raw`(?<![\w/.-])(${OUT_OF_REPO_NAMES.join("|")})(\.md(?![\w-])|\s+(?:§|rows?\s+\d|gotcha\s+\d))`);

/** A Markdown file name or path; `.mdx` and the like are other formats. */
const MD_TOKEN = /(?<![\w.-])[\w./-]*[\w-]\.md(?![\w-])/g;
const URL = /\b[a-z][a-z+.-]*:\/\/\S+/gi;
/** `§1.5`, `§1-2`, `row 9`, `rows 35-43`, `K7` right after a cited path, up to the end of the clause. */
const REFERENCE = /§(\d+(?:\.\d+)?)(?:-(\d+))?|\brows?\s+(\d+)(?:-(\d+))?|\b(K\d+)\b/g;

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** What a cited page offers: its numbered sections (`1`, `2.1`, `3.4`) and row ids (`9`, `K7`). */
export interface PageIndex {
  readonly sections: ReadonlySet<string>;
  readonly rows: ReadonlySet<string>;
}

/** Reads sections from numbered headings and numbered list items, rows from table first cells and bold `K<n>` items. */
export function indexPage(markdown: string): PageIndex {
  const sections = new Set<string>();
  const rows = new Set<string>();
  let current = "";
  for (const line of markdown.split("\n")) {
    const heading = /^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s/.exec(line);
    if (heading) {
      current = heading[1]!;
      sections.add(current);
      continue;
    }
    const item = /^(\d+)\.\s/.exec(line);
    if (item && current) sections.add(`${current.split(".")[0]}.${item[1]}`);
    const cell = /^\|\s*(\d+)(?:-(\d+))?\s*\|/.exec(line);
    if (cell) for (let n = Number(cell[1]); n <= Number(cell[2] ?? cell[1]); n++) rows.add(String(n));
    for (const bold of line.matchAll(/\*\*(K\d+)\*\*/g)) rows.add(bold[1]!);
  }
  return { sections, rows };
}

export interface Repository {
  /** Top-level folder names: a path starting with one of them is a path in this repository. */
  readonly topLevel: ReadonlySet<string>;
  /** Whether a path relative to the repository root is a file. */
  exists(relative: string): boolean;
  /** The text of a Markdown file, by path relative to the root. */
  read(relative: string): string;
}

/** Code tokens whose text is kept (comments) or blanked (strings, which hold fixtures and output text). */
const CODE_TOKENS = /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|(\/\/[^\n]*|\/\*[\s\S]*?\*\/)/g;
const blank = (text: string): string => text.replace(/[^\n]/g, " ");

/**
 * The part of a file that is prose: Markdown whole; in code, the comments (`//`, block comments,
 * YAML and shell `#` lines), everything else blanked with line breaks kept so lines still count.
 */
export function proseOf(file: string, text: string): string {
  if (file.endsWith(".md")) return text;
  if (/\.(ya?ml|sh)$/.test(file)) return text.replace(/^([^#]*?)(#.*)?$/gm, (_, code: string, comment = "") => blank(code) + comment);
  let prose = "";
  let last = 0;
  for (const match of text.matchAll(CODE_TOKENS)) {
    prose += blank(text.slice(last, match.index)) + (match[2] ?? blank(match[0]));
    last = match.index + match[0].length;
  }
  return prose + blank(text.slice(last));
}

/** Checks one file; `file` is its path relative to the repository root. */
export function checkText(file: string, text: string, repo: Repository): Finding[] {
  const findings: Finding[] = [];
  const indexes = new Map<string, PageIndex>();
  const dir = path.posix.dirname(file);
  proseOf(file, text)
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.replace(URL, " ");
      const report = (message: string): void => void findings.push({ file, line: i + 1, message });
      const bare = OUT_OF_REPO.exec(line);
      // A page of the same name beside the citing file (docs/reference/README.md) is a relative link.
      if (bare && !(bare[2]!.startsWith(".md") && repo.exists(path.posix.join(dir, `${bare[1]}.md`))))
        report(`cites "${bare[0]}", a team reference file kept outside the repository; cite its page in docs/reference/ instead`);
      for (const match of line.matchAll(MD_TOKEN)) {
        const token = match[0];
        if (/^\/[\w.-]+\//.test(token)) {
          report(`cites ${token}, a path outside the repository; cite a page in docs/ (or the public source) instead`);
          continue;
        }
        const relativeToFile = path.posix.normalize(path.posix.join(dir, token));
        const first = token.split("/")[0]!;
        const inRepo = token.includes("/") ? repo.topLevel.has(first) || first === "." || first === ".." : false;
        const target = [token, relativeToFile].find((candidate) => !candidate.startsWith("..") && repo.exists(candidate));
        if (!target) {
          // Another project's file (`CHANGELOG.md`, `cost-explanation/msk.md`) is a citation of that project.
          if (inRepo) report(`cites ${token}, which is not a file in the repository`);
          continue;
        }
        const tail = line.slice(match.index + token.length).split(/[):]|\.\s/)[0]!;
        const leading = /^\s*(?:`?\s*)?((?:(?:§[\d.-]+|rows?\s+[\d-]+|K\d+)(?:,\s*|;\s*|\s+and\s+|\s+for\s+the\s+key)?\s*)+)/.exec(tail);
        if (!leading) continue;
        const index = indexes.get(target) ?? indexPage(repo.read(target));
        indexes.set(target, index);
        for (const ref of leading[1]!.matchAll(REFERENCE)) {
          const [text, section, sectionEnd, row, rowEnd, item] = ref;
          const missing = section
            ? range(section, sectionEnd).filter((s) => !index.sections.has(s))
            : row
              ? range(row, rowEnd).filter((r) => !index.rows.has(r))
              : index.rows.has(item!)
                ? []
                : [item!];
          if (missing.length > 0) report(`cites ${token} ${text}, but that page has no ${missing.join(", ")}`);
        }
      }
    });
  return findings;
}

/** `1-2` → 1, 2; `3.4` → 3.4 (a range only over whole numbers or the last part). */
function range(start: string, end: string | undefined): string[] {
  if (end === undefined) return [start];
  const parts = start.split(".");
  const from = Number(parts.pop());
  const prefix = parts.map((p) => `${p}.`).join("");
  return Array.from({ length: Number(end) - from + 1 }, (_, k) => `${prefix}${from + k}`);
}

const SCANNED = /\.(ts|js|mjs|cjs|ya?ml|md|sh)$/;
const SKIPPED_DIRS = new Set(["node_modules", "__snapshots__", "cdktf.out", ".git", "dist", "coverage"]);

/** Every scanned file under the repository root, relative to it. */
export function sourceFiles(root: string): string[] {
  const walk = (relative: string): string[] =>
    fs.readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((e) => {
      const child = relative ? `${relative}/${e.name}` : e.name;
      if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : walk(child);
      return e.isFile() && SCANNED.test(e.name) && e.name !== "package-lock.json" ? [child] : [];
    });
  return walk("").sort();
}

/** The repository on disk. */
export function diskRepository(root: string): Repository {
  return {
    topLevel: new Set(fs.readdirSync(root)),
    exists: (relative) => fs.statSync(path.join(root, relative), { throwIfNoEntry: false })?.isFile() ?? false,
    read: (relative) => fs.readFileSync(path.join(root, relative), "utf8"),
  };
}
