import type { Rule } from "../types";
import { auditRules } from "./audit";
import { coverageRules } from "./coverage";
import { dataProtectionRules, mskRules, rdsRules } from "./data";
import { ec2Rules } from "./ec2";
import { eksRules } from "./eks";
import { iamRules } from "./iam";
import { kubernetesRules } from "./kubernetes";
import { networkRules } from "./network";
import { kmsRules, s3Rules } from "./s3-kms";

/** The whole rule set, in report order. */
export const RULES: readonly Rule[] = [
  ...eksRules,
  ...ec2Rules,
  ...rdsRules,
  ...mskRules,
  ...s3Rules,
  ...kmsRules,
  ...dataProtectionRules,
  ...networkRules,
  ...iamRules,
  ...auditRules,
  ...coverageRules,
  ...kubernetesRules,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
