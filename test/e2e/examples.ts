/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

export interface ExampleWorkflow {
	id: string;
	nodes: Array<{ type: string; parameters: IDataObject }>;
}

const EVERY_15_SECONDS = ['0', '15', '30', '45'].map((second) => ({
	mode: 'custom',
	cronExpression: `${second} * * * * *`,
}));

/**
 * An example of examples/ as a user imports it, posting to the test's sink. Its Betatel
 * Trigger, if it has one, polls every 15 s instead of every few minutes so that a scenario
 * fits in minutes, with `trigger` changing any other of its parameters.
 */
export function exampleWorkflow(
	file: string,
	sinkUrl: string,
	trigger: IDataObject = {},
): ExampleWorkflow {
	const text = readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8');
	const workflow = JSON.parse(text.replaceAll('http://127.0.0.1:5705', sinkUrl)) as ExampleWorkflow;
	const node = workflow.nodes.find(({ type }) => type === 'n8n-nodes-betatel.betatelTrigger');
	if (node) Object.assign(node.parameters, { pollTimes: { item: EVERY_15_SECONDS } }, trigger);
	return workflow;
}
