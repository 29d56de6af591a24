import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The provider packages' index files load every resource class (about 2,200 modules, ~3 s and
// ~550 MiB). Only deep imports such as "@cdktf/provider-aws/lib/eks-cluster" are allowed.
const providerRoots = ["@cdktf/provider-aws", "@cdktf/provider-kubernetes", "@cdktf/provider-helm"];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "cdktf.out.*/", "coverage/", "charts/", "**/*.js", "!eslint.config.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: providerRoots.map((name) => ({
            name,
            message: `Import the class by deep path (${name}/lib/<resource>): the package root loads every resource.`,
          })),
          patterns: [
            {
              regex: "^@cdktf/provider-(aws|kubernetes|helm)/lib(/index(\\.js)?)?/?$",
              message: "Import the resource's own module (lib/<resource>), not the lib index.",
            },
          ],
        },
      ],
      "no-template-curly-in-string": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/no-non-null-assertion": "off" } },
);
