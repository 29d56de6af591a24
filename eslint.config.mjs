import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The provider packages' index files load every resource class (about 2,200 modules, ~3 s and
// ~550 MiB). Only deep imports such as "@cdktf/provider-aws/lib/eks-cluster" are allowed.
const providerRoots = ["@cdktf/provider-aws", "@cdktf/provider-kubernetes", "@cdktf/provider-helm"];

const deepImportPaths = providerRoots.map((name) => ({
  name,
  message: `Import the class by deep path (${name}/lib/<resource>): the package root loads every resource.`,
}));
const deepImportPatterns = [
  {
    regex: "^@cdktf/provider-(aws|kubernetes|helm)/lib(/index(\\.js)?)?/?$",
    message: "Import the resource's own module (lib/<resource>), not the lib index.",
  },
];

// Constructs take plain props: configuration is resolved once (lib/config, lib/sizing) and passed
// down by the stacks, which only wire. A construct importing configuration, repository paths, the app
// or a stack would tie the bottom layer to the top again (issue 18).
const constructLayerPattern = {
  regex: "^(\\.\\./)+(lib/(config|sizing|paths|app)|stacks)(/.*|\\.js)?$",
  message:
    "Constructs never import lib/config, lib/sizing, lib/paths, lib/app or stacks/: declare a prop and let the stack pass the resolved value.",
};

// No hard-coded partition (aws-cdk's @cdklabs/no-literal-partition): an organization may live in
// GovCloud or China (lib/catalog/partitions.ts), so ARNs and regional endpoints come from the
// stack's partition (constructs/core/partition.ts) or lib/catalog/partitions.ts's arn().
const partitionSelectors = [
  {
    selector: "Literal[value=/arn:aws:/], TemplateElement[value.raw=/arn:aws:/]",
    message: "No literal arn:aws: ARN: build it with Partition.of(this).arn(...) or arn({ partition, ... }).",
  },
  {
    selector: "TemplateElement[value.raw=/^\\.amazonaws\\.com/]",
    message:
      "No literal <service>.<region>.amazonaws.com: use Partition.of(this).endpoint(service, region) (China's suffix is amazonaws.com.cn).",
  },
];

// One shared construct kit (issue 18): outside constructs/kit, a construct neither builds its own
// bucket, log group or KMS key (each carries encryption, retention and destroy protection the kit
// decides once), nor writes a policy document by hand (one typed shape), nor words its own
// validation error (PropsProblems: "<path>: <field>: <allowed> (got <value>)").
const kitResources = "S3Bucket|CloudwatchLogGroup|KmsKey";
const kitSelectors = [
  {
    selector: `NewExpression[callee.name=/^(${kitResources})$/]`,
    message:
      "Build buckets, log groups and KMS keys with the kit: SecureBucket, EncryptedLogGroup or logGroupWithKey, customerManagedKey (constructs/kit).",
  },
  {
    selector:
      "ImportDeclaration[importKind='value'][source.value=/^@cdktf\\/provider-aws\\/lib\\/(s3-bucket|cloudwatch-log-group|kms-key)$/] > ImportSpecifier[importKind='value']",
    message: "Only the kit builds buckets, log groups and KMS keys (constructs/kit); import the class with `import type` to name it.",
  },
  {
    selector: "Property[key.name='Version'][value.value='2012-10-17']",
    message:
      "Write policies with the kit's one document type: policyDocument(...) or policyJson(...) of PolicyStatement (constructs/kit/policy-document.ts).",
  },
  {
    selector:
      "ThrowStatement > :matches(NewExpression, CallExpression)[callee.name=/Error$/], ThrowStatement > :matches(Literal, TemplateLiteral)",
    message:
      "Report bad props with PropsProblems (constructs/kit/validation.ts), which names the construct path; a state that cannot happen with required() (lib/defined.ts).",
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "cdktf.out.*/", "coverage/", "charts/", "**/*.js", "!eslint.config.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": ["error", { paths: deepImportPaths, patterns: deepImportPatterns }],
      "no-template-curly-in-string": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      // Source states what is true instead of asserting it: a guard naming what is missing
      // (lib/defined.ts required()), a narrowed type or a default (issue 18). Tests may keep `!` (below).
      "@typescript-eslint/no-non-null-assertion": "error",
    },
  },
  {
    // A later block's options replace the earlier ones for these files, so the deep-import rule repeats.
    files: ["constructs/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { paths: deepImportPaths, patterns: [...deepImportPatterns, constructLayerPattern] }] },
  },
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/no-non-null-assertion": "off" } },
  {
    files: ["constructs/**/*.ts", "stacks/**/*.ts", "lib/**/*.ts", "tools/**/*.ts"],
    rules: { "no-restricted-syntax": ["error", ...partitionSelectors] },
  },
  {
    // A later block's options replace the earlier ones for these files, so the partition selectors repeat.
    files: ["constructs/**/*.ts"],
    ignores: ["constructs/kit/**"],
    rules: { "no-restricted-syntax": ["error", ...partitionSelectors, ...kitSelectors] },
  },
);
