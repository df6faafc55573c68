// Flat config: typescript-eslint's recommended rules plus Pulumi's own plugin,
// which catches Outputs used where plain values are expected.
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
    { ignores: ["node_modules/**", "dist/**", "policy-pack/node_modules/**", "bench-results/**", ".tmp/**"] },
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        plugins: { "@pulumi": pulumi },
        languageOptions: {
            parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            ...(pulumi.configs?.recommended?.rules ?? {}),
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            "@typescript-eslint/no-floating-promises": "error",
            eqeqeq: ["error", "always"],
        },
    },
);
