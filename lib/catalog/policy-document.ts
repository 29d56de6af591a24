/**
 * The one IAM policy-document type (issue 18): constructs write it (constructs/kit/policy-document.ts),
 * the policy checker reads it back out of Terraform JSON (lib/policy/tf.ts), and the test helpers
 * hand it to the IAM simulator. Element names and the version string follow the IAM JSON policy
 * elements reference (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html,
 * cited 2026-12-07). Types only: no constructs, no configuration.
 */

/** One value or several: IAM accepts a string or an array for Action, Resource and principals. */
export type OneOrMore = string | readonly string[];

/** `"*"` (anyone) or principals by type: `AWS`, `Service`, `Federated`, `CanonicalUser`. */
export type PolicyPrincipal = "*" | Readonly<Record<string, OneOrMore>>;

/** Condition operator, then condition key, then value(s): `{ StringEquals: { "aws:SourceAccount": "1234…" } }`. */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The two effects IAM knows. */
export type PolicyEffect = "Allow" | "Deny";

/**
 * How a statement's elements are held. `written`: what constructs write, checked by the compiler.
 * `parsed`: what a reader gets back out of Terraform JSON, which can hold anything a hand-written or
 * foreign document holds (an unknown Effect, a bare-string Principal), so those stay unnarrowed and
 * the lists are always lists (empty when the element is absent). `json`: a document nobody has read yet, each
 * element whatever JSON held (readers narrow it).
 */
interface StatementForms {
  readonly written: { effect: PolicyEffect; list: OneOrMore; principal: PolicyPrincipal; condition: PolicyCondition };
  readonly parsed: { effect: string; list: readonly string[]; principal: unknown; condition: unknown };
  readonly json: { effect: unknown; list: unknown; principal: unknown; condition: unknown };
}

/** One statement. Action or NotAction, and Resource or NotResource (except in resource and trust policies), per IAM. */
export interface PolicyStatement<Form extends keyof StatementForms = "written"> {
  readonly Sid?: string;
  readonly Effect: StatementForms[Form]["effect"];
  readonly Principal?: StatementForms[Form]["principal"];
  readonly NotPrincipal?: StatementForms[Form]["principal"];
  readonly Action?: StatementForms[Form]["list"];
  readonly NotAction?: StatementForms[Form]["list"];
  readonly Resource?: StatementForms[Form]["list"];
  readonly NotResource?: StatementForms[Form]["list"];
  readonly Condition?: StatementForms[Form]["condition"];
}

/** A statement read back from Terraform JSON: Action, NotAction and Resource always present as lists. */
export type ParsedStatement = PolicyStatement<"parsed"> & {
  readonly Action: readonly string[];
  readonly NotAction: readonly string[];
  readonly Resource: readonly string[];
};

/** A policy document: the current policy language version and its statements. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/**
 * A policy document as JSON may hold it (an AWS managed policy, a document from cdktf.out): any
 * Version, one statement object or a list of them, any element missing (Effect too: IAM refuses
 * such a statement, and the simulator reads it as it would).
 */
export type PolicyDocumentJson = Omit<PolicyDocument, "Version" | "Statement"> & {
  readonly Version?: string;
  readonly Statement: Partial<PolicyStatement<"json">> | readonly Partial<PolicyStatement<"json">>[];
};

/**
 * What a policy attribute in Terraform JSON turned out to be: a readable document, or why it could
 * not be read (a `${...}` expression only Terraform can evaluate, text that is not JSON, no statements).
 */
export type ParsedPolicy =
  { readonly ok: true; readonly statements: readonly ParsedStatement[] } | { readonly ok: false; readonly why: string };
