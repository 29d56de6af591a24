import { destructiveOf } from "./destructive";

type Body = Record<string, unknown>;

/** One resource of one synthesized stack. */
export interface Entry {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly body: Body;
}

/** Terraform address, `<type>.<logical id>`. */
export const addressOf = (e: Entry): string => `${e.type}.${e.name}`;

/** The body without cdktf's `//` metadata. */
export function stripMeta(body: Body): Body {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== "//"));
}

/** Whether losing the resource is destructive, and what it loses, as ResourceChange fields. */
export function lossOf(type: string, body: Body): { stateful: boolean; loses?: string } {
  const rule = destructiveOf(type, body);
  return rule ? { stateful: true, loses: rule.loses } : { stateful: false };
}
