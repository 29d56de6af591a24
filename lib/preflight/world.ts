/**
 * The synthesized stacks as the preflight walks them: in deploy order, each resource with the
 * account its provider deploys into, and references (`${aws_x.y.attr}`, remote-state outputs)
 * followed across stacks. Plain JSON reads only: works on any cdktf.out.
 */
import { isObject, type Config } from "../policy/tf";
import { required } from "../defined";

/** One stack at its place in the deploy order. */
export interface PlacedStack {
  readonly name: string;
  /** Position in the deploy order; a lower index is applied earlier. */
  readonly index: number;
  /** Environment name for environment stacks; undefined for bootstrap and organization. */
  readonly environment: string | undefined;
  /** `bootstrap`, `organization`, or the layer (`network` ... `monitoring`). */
  readonly phase: string;
  /** `runs-on` label CI applies the stack from. */
  readonly runsOn: string;
  readonly json: Config;
}

export interface Resource {
  readonly stack: PlacedStack;
  /** `resource` or `data`. */
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** Terraform address: `aws_kms_key.Key_1234` or `data.aws_eks_cluster.cluster`. */
  readonly address: string;
  readonly body: Config;
  /** Account id of the resource's AWS provider, when it has one. */
  readonly account: string | undefined;
}

/** A reference followed to what it names: a resource attribute, or a literal value. */
export type Resolved =
  | { readonly kind: "resource"; readonly resource: Resource; readonly attribute: string }
  | { readonly kind: "literal"; readonly value: string };

const SINGLE_REFERENCE = /^\$\{((?:data\.)?[a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_.[\]-]+))?\}$/;
const REMOTE_OUTPUT = /^\$\{data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/;

export class World {
  readonly stacks: readonly PlacedStack[];
  private readonly resourcesByStack = new Map<string, Resource[]>();

  constructor(stacks: readonly PlacedStack[]) {
    this.stacks = stacks;
    for (const stack of stacks) this.resourcesByStack.set(stack.name, readResources(stack));
  }

  stack(name: string): PlacedStack | undefined {
    return this.stacks.find((s) => s.name === name);
  }

  /** Resources (and data sources) of one stack. */
  resourcesOf(stack: PlacedStack): readonly Resource[] {
    return this.resourcesByStack.get(stack.name) ?? [];
  }

  /** Managed resources of a type in every stack, or in the stacks applied up to `until` (inclusive). */
  resources(type: string, until?: PlacedStack): Resource[] {
    return this.stacks
      .filter((s) => until === undefined || s.index <= until.index)
      .flatMap((s) => this.resourcesOf(s).filter((r) => r.mode === "resource" && r.type === type));
  }

  find(stack: PlacedStack, address: string): Resource | undefined {
    return this.resourcesOf(stack).find((r) => r.address === address);
  }

  /** The stack a `terraform_remote_state` data source reads: same backend type and location. */
  remoteStateSource(dataSource: Resource): PlacedStack | undefined {
    const wanted = backendLocation(String(dataSource.body["backend"]), dataSource.body["config"]);
    if (!wanted) return undefined;
    return this.stacks.find((s) => {
      const backend = s.json["terraform"];
      if (!isObject(backend) || !isObject(backend["backend"])) return false;
      return Object.entries(backend["backend"]).some(([type, cfg]) => backendLocation(type, cfg) === wanted);
    });
  }

  /**
   * Follows a value to what it names: a literal, a resource attribute in the same stack, or a
   * remote-state output followed to the resource the source stack exports. Undefined when the
   * value is an expression the preflight cannot evaluate (functions, variables, interpolation).
   */
  resolve(stack: PlacedStack, value: unknown, depth = 0): Resolved | undefined {
    if (typeof value !== "string" || depth > 5) return undefined;
    if (!value.includes("${")) return { kind: "literal", value };
    const remote = REMOTE_OUTPUT.exec(value);
    if (remote) {
      const data = this.find(stack, `data.terraform_remote_state.${remote[1]}`);
      const source = data && this.remoteStateSource(data);
      const output = source && outputsOf(source)[required(remote[2], `output name in ${value}`)];
      return source && output ? this.resolve(source, output, depth + 1) : undefined;
    }
    const ref = SINGLE_REFERENCE.exec(value);
    if (!ref) return undefined;
    const resource = this.find(stack, `${ref[1]}.${ref[2]}`);
    return resource ? { kind: "resource", resource, attribute: ref[3] ?? "" } : undefined;
  }

  /** The resource a value references (directly or through remote state), whatever the attribute. */
  resourceOf(stack: PlacedStack, value: unknown): Resource | undefined {
    const r = this.resolve(stack, value);
    return r?.kind === "resource" ? r.resource : undefined;
  }
}

/** `output` values of a stack by output name. */
export function outputsOf(stack: PlacedStack): Record<string, unknown> {
  const outputs = stack.json["output"];
  if (!isObject(outputs)) return {};
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, isObject(v) ? v["value"] : undefined]));
}

/** Where a backend keeps state, as one comparable string; undefined when it cannot be told. */
function backendLocation(type: string, config: unknown): string | undefined {
  if (!isObject(config)) return undefined;
  if (type === "s3") return `s3://${String(config["bucket"])}/${String(config["key"])}`;
  if (type === "local") return `local:${String(config["path"])}`;
  return `${type}:${JSON.stringify(config)}`;
}

function providerAccounts(json: Config): Map<string, string> {
  const accounts = new Map<string, string>();
  const providers = isObject(json["provider"]) ? json["provider"] : {};
  const aws = providers["aws"];
  for (const p of Array.isArray(aws) ? aws : [aws]) {
    if (!isObject(p)) continue;
    const ids = p["allowed_account_ids"];
    const id = Array.isArray(ids) && typeof ids[0] === "string" ? ids[0] : undefined;
    if (id) accounts.set(typeof p["alias"] === "string" ? `aws.${p["alias"]}` : "aws", id);
  }
  return accounts;
}

function readResources(stack: PlacedStack): Resource[] {
  const accounts = providerAccounts(stack.json);
  const out: Resource[] = [];
  for (const mode of ["resource", "data"] as const) {
    const byType = stack.json[mode];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        if (!isObject(body)) continue;
        const provider = typeof body["provider"] === "string" ? body["provider"] : "aws";
        out.push({
          stack,
          mode,
          type,
          name,
          address: `${mode === "data" ? "data." : ""}${type}.${name}`,
          body,
          account: type.startsWith("aws_") || type === "terraform_remote_state" ? accounts.get(provider) : undefined,
        });
      }
    }
  }
  return out;
}
