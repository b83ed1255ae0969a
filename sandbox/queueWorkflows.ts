/* eslint-disable @n8n/community-nodes/no-restricted-imports -- reads the examples for the queue tests and benchmark, never inside n8n */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO } from './queueCluster';

interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> } & object>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export const QUEUE_WORKFLOWS = {
	dailyReport: {
		id: 'queueDailyReport',
		path: 'queue-daily-report',
		webhookId: '7d1f3a52-5c0e-4b8e-9a41-0d5a6f1c2b01',
		example: 'daily-report',
	},
	failedExport: {
		id: 'queueFailedExport',
		path: 'queue-failed-export',
		webhookId: '7d1f3a52-5c0e-4b8e-9a41-0d5a6f1c2b02',
		example: 'failed-deliveries-export',
	},
} as const;
export type QueueWorkflow = keyof typeof QUEUE_WORKFLOWS;

/**
 * An example as teams run it in queue mode: its schedule replaced by a webhook that answers
 * with the last node's items once the execution is done, so that a batch can be started
 * from outside and each execution's outcome read back. "Run now" stays, for the regular
 * mode's reference run. The sink is the test's own; `createdAfter` is fixed, so that every
 * execution of the batch reads the same records.
 */
export function webhookCopy(which: QueueWorkflow, sinkUrl: string, createdAfter: string): object {
	const { id, path, webhookId, example } = QUEUE_WORKFLOWS[which];
	const text = readFileSync(join(REPO, 'examples', `${example}.json`), 'utf8').replaceAll(
		'http://127.0.0.1:5705',
		sinkUrl,
	);
	const workflow = JSON.parse(text) as WorkflowJson;
	const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger')!;
	Object.assign(schedule, {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId,
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	});
	workflow.connections.Webhook = workflow.connections['Every morning at 07:00'];
	delete workflow.connections['Every morning at 07:00'];
	for (const node of workflow.nodes) {
		const filters = node.parameters.filters as Record<string, unknown> | undefined;
		if (filters?.createdAfter) filters.createdAfter = createdAfter;
	}
	return { ...workflow, id, name: `Queue: ${workflow.name}`, active: false };
}
