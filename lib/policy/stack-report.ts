import { Annotations, TerraformDataSource, TerraformResource, type IAspect, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { evaluate, stackView, type TfDocument } from "./engine";
import { exceptionsOf } from "./exceptions";
import { RULES, RULES_BY_ID } from "./rules";
import type { Finding } from "./types";
import { required } from "../defined";

/** A finding with where it lives in the construct tree. */
export interface LocatedFinding extends Finding {
  readonly stack: string;
  /** Construct path inside the stack, e.g. `postgres/Instance`. */
  readonly path: string;
  readonly construct: IConstruct | undefined;
}

/** The Terraform address (`type.name`, `data.type.name`) of each resource construct in a stack. */
function constructsByAddress(stack: TerraformStack): Map<string, IConstruct> {
  const map = new Map<string, IConstruct>();
  for (const c of stack.node.findAll()) {
    if (TerraformResource.isTerraformResource(c)) map.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    else if (TerraformDataSource.isTerraformDataSource(c)) map.set(`data.${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
  }
  return map;
}

/**
 * Evaluates every rule against a stack's resolved Terraform JSON (overrides included), with the
 * exceptions declared on its constructs.
 */
export function evaluateStack(stack: TerraformStack): LocatedFinding[] {
  return inspectStack(stack).findings;
}

/** The findings of a stack and the resource types it declares (for coverage). */
export function inspectStack(stack: TerraformStack): { findings: LocatedFinding[]; resourceTypes: string[] } {
  const doc = stack.toTerraform() as TfDocument;
  const byAddress = constructsByAddress(stack);
  const view = stackView(stack.node.id, doc);
  const findings = evaluate(RULES, view, (address, ruleId) => {
    const c = byAddress.get(address);
    return c ? exceptionsOf(c).find((e) => e.ruleId === ruleId)?.reason : undefined;
  });
  const prefix = `${stack.node.path}/`;
  return {
    resourceTypes: [...new Set(view.resources.map((r) => r.type))],
    findings: findings.map((f) => {
      const construct = byAddress.get(f.address);
      const path = construct ? construct.node.path.replace(prefix, "") : f.address;
      return { ...f, stack: stack.node.id, path, construct };
    }),
  };
}

/** The line `npm run synth` prints for a failing finding. */
export function violationLine(f: LocatedFinding): string {
  const rule = required(RULES_BY_ID.get(f.ruleId), `rule ${f.ruleId}`);
  return `${f.ruleId} ${f.stack} ${f.path}: ${f.problems.join("; ")} — fix: ${rule.fix}`;
}

/**
 * Runs the rules when the stack itself is visited (aspects start at the stack, once per synth) and
 * adds one error annotation per failing resource and rule; app.synth() then refuses the stack.
 */
export class GuardrailsAspect implements IAspect {
  private readonly reported = new Set<string>();
  /** Construct count at the last evaluation: Testing.synth re-runs aspects on an unchanged tree. */
  private evaluatedSize = -1;

  constructor(private readonly stack: TerraformStack) {}

  visit(node: IConstruct): void {
    if (node !== this.stack) return;
    const size = this.stack.node.findAll().length;
    if (size === this.evaluatedSize) return;
    this.evaluatedSize = size;
    for (const f of evaluateStack(this.stack)) {
      if (f.status !== "fail") continue;
      const line = violationLine(f);
      if (this.reported.has(line)) continue; // annotate each problem once
      this.reported.add(line);
      Annotations.of(f.construct ?? this.stack).addError(line);
    }
  }
}
