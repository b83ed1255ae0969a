import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{ ignores: ['.n8n-cache/**', 'examples/**'] },
	{
		// Tests, the sandbox's fake provider servers and the scripts run in Node, not inside n8n: they may use
		// Node's own modules and globals, which the community-node rules forbid in nodes.
		files: ['test/**/*.ts', 'sandbox/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/node-usable-as-tool': 'off',
			'@n8n/community-nodes/icon-validation': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
		},
	},
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
];
