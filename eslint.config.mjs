import { globalIgnores } from 'eslint/config';
import { config } from '@n8n/node-cli/eslint';

// Each package is linted in its own folder by `n8n-node lint` with the default config, as
// n8n's verification requires. This lints, with the same rules, what the packages share
// (their folder links to `shared/`, which ESLint does not follow) and the tooling around them.
export default [...config, globalIgnores(['packages', '.n8n-cache', 'package.json'])];
