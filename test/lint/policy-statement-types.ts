import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/**
 * Finds declarations of an IAM policy statement shape in TypeScript source: an interface or object
 * type with an Effect element and an Action or Resource element (any case, so a lowercase
 * re-modelling such as `{ effect; actions }` counts too). Issue 18 keeps one such type, in
 * lib/catalog/policy-document.ts.
 */

const EFFECT = "effect";
const TARGETS = new Set(["action", "notaction", "actions", "notactions", "resource", "notresource", "resources", "notresources"]);

export interface StatementDeclaration {
  readonly file: string;
  readonly line: number;
  /** The interface or type alias name, or `(type literal)` for an inline one. */
  readonly name: string;
}

const memberNames = (members: ts.NodeArray<ts.TypeElement>): string[] =>
  members.flatMap((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text.toLowerCase()] : []));

const isStatementShape = (names: readonly string[]): boolean => names.includes(EFFECT) && names.some((n) => TARGETS.has(n));

/** Statement-shaped declarations in one source text. */
export function statementDeclarations(file: string, text: string): StatementDeclaration[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: StatementDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    const members = ts.isInterfaceDeclaration(node) || ts.isTypeLiteralNode(node) ? node.members : undefined;
    if (members && isStatementShape(memberNames(members))) {
      const owner = ts.isInterfaceDeclaration(node) ? node : ts.isTypeAliasDeclaration(node.parent) ? node.parent : undefined;
      found.push({
        file,
        line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
        name: owner ? owner.name.text : "(type literal)",
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every `.ts` file under these folders of the repository root, as root-relative paths, sorted. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) return walk(rel);
      return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
    });
  return folders.flatMap(walk).sort();
}
