import { CLICKHOUSE_NODE_TYPES } from "./constants";

/** vCPUs and memory of an EC2 instance type. */
export interface NodeShape {
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/** GiB of memory per vCPU by EC2 family letter (EC2 instance type pages: c=2, m=4, r/i=8, x=16). */
const MEMORY_PER_VCPU: Readonly<Record<string, number>> = { c: 2, m: 4, r: 8, i: 8, x: 16 };

/** What `nodeShape` accepts, for error messages. */
export const SIZABLE_NODE_TYPES = `${CLICKHOUSE_NODE_TYPES.map((t) => t.type).join(", ")} or a c/m/r/i/x family type`;

/** vCPUs and memory of an EC2 type: the sizing table first, else derived from the name; undefined when neither knows it. */
export function findNodeShape(instanceType: string): NodeShape | undefined {
  const known = CLICKHOUSE_NODE_TYPES.find((t) => t.type === instanceType);
  if (known) return { vcpu: known.vcpu, memoryGiB: known.memoryGiB };
  const m = /^([a-z])[a-z0-9-]*\.(\d*)x?large$/.exec(instanceType);
  const family = m?.[1];
  const perVcpu = family !== undefined ? MEMORY_PER_VCPU[family] : undefined;
  if (!m || perVcpu === undefined) return undefined;
  const vcpu = instanceType.includes(".large") ? 2 : 4 * (m[2] ? Number(m[2]) : 1);
  return { vcpu, memoryGiB: vcpu * perVcpu };
}

/** Like findNodeShape, but throws (naming the field) for a type it cannot size. */
export function nodeShape(instanceType: string): NodeShape {
  const shape = findNodeShape(instanceType);
  if (!shape) throw new Error(`clickhouse.instanceType: cannot size pods for "${instanceType}"; allowed: ${SIZABLE_NODE_TYPES}`);
  return shape;
}
