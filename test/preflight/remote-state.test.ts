import { findingsOf, ref, remoteState } from "./fixture";

const network = {
  name: "env-network",
  resource: { aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16" } } },
  output: { vpc_id: ref("aws_vpc.Vpc.id") },
};
const dataReading = (output: string) => ({
  name: "env-data",
  data: { terraform_remote_state: { network: remoteState("env-network") } },
  resource: {
    aws_db_subnet_group: { Subnets: { name: "db", subnet_ids: [ref(`data.terraform_remote_state.network.outputs.${output}`)] } },
  },
});

describe("preflight: remote state", () => {
  test("passes when the stack read is applied earlier and declares the output", () => {
    expect(findingsOf([network, dataReading("vpc_id")])).toEqual([]);
  });

  test("a reference to an output the source stack does not declare is a finding naming the data source", () => {
    const findings = findingsOf([network, dataReading("subnet_ids")]);
    expect(findings).toEqual([
      expect.objectContaining({ stack: "env-data", address: "data.terraform_remote_state.network", check: "remote-state" }),
    ]);
    expect(findings[0]!.missing).toBe("outputs.subnet_ids is not an output of env-network");
  });

  test("reading the state of a stack applied later is a finding", () => {
    const findings = findingsOf([dataReading("vpc_id"), network]);
    expect(findings).toEqual([expect.objectContaining({ stack: "env-data", address: "data.terraform_remote_state.network" })]);
    expect(findings[0]!.missing).toContain("applied later");
  });

  test("reading state no stack writes is a finding", () => {
    const findings = findingsOf([dataReading("vpc_id")]);
    expect(findings).toEqual([expect.objectContaining({ stack: "env-data", address: "data.terraform_remote_state.network" })]);
    expect(findings[0]!.missing).toContain("no stack of the deploy order writes");
  });
});
