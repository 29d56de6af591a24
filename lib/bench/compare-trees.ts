import * as fs from "node:fs";
import * as path from "node:path";

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk("");
  return out.sort();
}

/** Files that differ between two folders (missing on one side, or different bytes); empty when identical. */
export function differingFiles(a: string, b: string): string[] {
  const fa = listFiles(a);
  const fb = listFiles(b);
  const all = [...new Set([...fa, ...fb])].sort();
  return all.filter(
    (f) => !fa.includes(f) || !fb.includes(f) || !fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))),
  );
}
