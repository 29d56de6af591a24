import { Aspects, type App, type IAspect, TerraformElement, TerraformStack, TerraformVariable } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Makes `cdktf synth --hcl` write HCL that means what the JSON synth means.
 *
 * cdktf 0.21's HCL renderer (node_modules/cdktf/lib/hcl/render.js, `escapeQuotes`) leaves a string
 * untouched when it contains `${`, assuming the whole string is an expression. A JSON document that
 * embeds a reference (a bucket policy naming `${aws_s3_bucket.x.arn}`, a trust policy naming the OIDC
 * provider) is then written as `policy = "{"Version":"2012-10-17",…}"`: the inner quotes end the HCL
 * string, and the CLI's formatter turns the rest into `"{" Version ":" 2012 - 10 - 17 …`, which
 * Terraform rejects. The JSON synth is unaffected (JSON escapes its own quotes).
 *
 * The fix escapes such strings before the renderer sees them, as an HCL quoted template needs: `\`,
 * `"` and line breaks outside `${…}` become `\\`, `\"` and `\n`, `%{` becomes `%%{`, and each `${…}` is kept as it is
 * (its expression may hold quoted strings of its own). The renderer then wraps the string in quotes
 * and leaves it alone (`${` in it), or escapes only quotes that have no backslash before them (none
 * left). HCL template syntax: hashicorp/hcl
 * hclsyntax/spec.md, "Template Expressions" and "Template Interpolation" (read 2026-12-07).
 */
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function escapeHclTemplate(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      // A literal `${` (already escaped for Terraform): copy it, the text after it is literal.
      out += "$${";
      i += 3;
    } else if (text.startsWith("${", i)) {
      const end = interpolationEnd(text, i + 2);
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith("%{", i)) {
      out += "%%{";
      i += 2;
    } else {
      const c = text.charAt(i);
      out += ESCAPES[c] ?? c;
      i += 1;
    }
  }
  return out;
}

/** Index just past the `}` that closes an interpolation whose body starts at `from`. */
function interpolationEnd(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"') {
      // A quoted string inside the expression: skip it, honouring its escapes.
      i += 1;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    } else if (c === "{") {
      depth += 1;
    } else if (c === "}") {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  throw new Error(`unterminated \${ in a string of the synthesized configuration: ${text.slice(0, 120)}`);
}

/**
 * Strings the renderer gets wrong: those holding an expression (written verbatim between quotes), a
 * template directive `%{`, or a line break (written as a heredoc, whose content gains a trailing
 * newline the JSON synth does not have: a changed user_data or Kafka configuration). Escaped, they
 * are one-line quoted templates with the same value.
 */
const needsEscaping = (s: string) => s.includes("${") || s.includes("%{") || /[\r\n]/.test(s);

function escapeStrings(value: unknown): unknown {
  if (typeof value === "string") return needsEscaping(value) ? escapeHclTemplate(value) : value;
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeStrings(v)]));
  }
  return value;
}

/**
 * Block arguments of the AWS provider processed in Terraform's "attributes as blocks" mode, where
 * `ingress = []` (remove every rule) differs from leaving the argument out (leave the rules alone).
 * The JSON synth writes `"ingress": []`; cdktf's renderer drops an empty block list, so the HCL must
 * say `= []` for these (Terraform docs, "Attributes as Blocks", developer.hashicorp.com/terraform/
 * language/attr-as-blocks; AWS provider docs of each resource: "This argument is processed in
 * attribute-as-blocks mode"; read 2026-12-07). For every other block an empty list is no block.
 */
export const ATTRIBUTES_AS_BLOCKS: Readonly<Record<string, readonly string[]>> = {
  aws_default_security_group: ["ingress", "egress"],
  aws_security_group: ["ingress", "egress"],
  aws_default_network_acl: ["ingress", "egress"],
  aws_network_acl: ["ingress", "egress"],
  aws_default_route_table: ["route"],
  aws_route_table: ["route"],
};

type Fragment = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

/** Writes an empty attributes-as-blocks list as `name = []` instead of nothing. */
function keepEmptyAttributeBlocks(fragment: Fragment): void {
  for (const [type, byName] of Object.entries(fragment.resource ?? {})) {
    for (const attributes of Object.values(byName)) {
      for (const name of ATTRIBUTES_AS_BLOCKS[type] ?? []) {
        const attr = attributes[name] as { value?: unknown; isBlock?: boolean } | undefined;
        if (attr?.isBlock && Array.isArray(attr.value) && attr.value.length === 0) attributes[name] = { value: [], type: "any" };
      }
    }
  }
}

/**
 * Fixes every element's HCL fragment before the renderer sees it (tokens are still unresolved
 * markers inside `${…}` then): strings as above; empty attributes-as-blocks lists; and a variable's
 * default of "", 0 or false, which cdktf's TerraformVariable leaves out of HCL (it keeps only truthy
 * values), turning an optional variable into a required one.
 */
class FixHclFragments implements IAspect {
  private readonly done = new WeakSet<TerraformElement>();
  visit(node: IConstruct): void {
    if (!TerraformElement.isTerraformElement(node) || this.done.has(node)) return;
    this.done.add(node);
    const render = node.toHclTerraform.bind(node);
    node.toHclTerraform = () => {
      const fragment = escapeStrings(render()) as Fragment;
      keepEmptyAttributeBlocks(fragment);
      if (node instanceof TerraformVariable && node.default !== undefined) {
        const variable = Object.values(fragment.variable ?? {})[0] as Record<string, unknown> | undefined;
        if (variable && !("default" in variable)) variable.default = { value: escapeStrings(node.default), type: "any" };
      }
      return fragment;
    };
  }
}

/** Registers the fixes on every stack of an app that synthesizes HCL (`cdktf synth --hcl`); JSON synth is left alone. */
export function escapeHclTemplatesOf(app: App): void {
  if (!app.hclOutput) return;
  for (const stack of app.node.children.filter((c) => TerraformStack.isStack(c))) Aspects.of(stack).add(new FixHclFragments());
}
