import { loadPlatformConfig } from "../../lib/config/load";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";

// What node groups launch (instances, their volumes and network interfaces) carries the
// environment's tags: provider default tags stop at the launch template, and without them the
// biggest cost line could not be allocated to an environment, team or tenant.
const stacks = buildStacks();
const envs = loadPlatformConfig().environments;
type TagSpec = { resource_type: string; tags: Record<string, string> };

describe.each(envs.map((e) => [e.name, e] as const))("%s: node tags", (_name, env) => {
  const templates = Object.entries(resourcesOf(synthJson(stacks.get(`${env.name}-cluster`)!), "aws_launch_template")) as [
    string,
    { tag_specifications: TagSpec[] },
  ][];

  test("every launch template tags instances, volumes and network interfaces with every environment tag", () => {
    expect(templates.length).toBeGreaterThan(0);
    for (const [id, template] of templates) {
      expect([id, template.tag_specifications.map((s) => s.resource_type).sort()]).toEqual([
        id,
        ["instance", "network-interface", "volume"],
      ]);
      for (const spec of template.tag_specifications)
        expect([id, spec.resource_type, spec.tags]).toEqual([id, spec.resource_type, expect.objectContaining(env.tags)]);
    }
  });
});
