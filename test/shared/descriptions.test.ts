import type { INodeTypeDescription } from 'n8n-workflow';

import { buildWorkflow, node } from '../harness/engine';
import { nodeType, nodeTypes } from '../harness/nodeTypes';

/** The subtitle as n8n's editor shows it: the description's expression, evaluated for a node. */
function subtitle(type: string, parameters: Record<string, string>): unknown {
	const description = nodeTypes.getByNameAndVersion(nodeType(type))
		.description as INodeTypeDescription;
	const shown = node(nodeType(type), parameters, { name: 'Shown' });
	const workflow = buildWorkflow({ nodes: [shown], connections: {} });
	return workflow.expression.getSimpleParameterValue(shown, description.subtitle!, 'internal', {});
}

describe('node subtitles on the canvas', () => {
	it.each([
		['betatel', { resource: 'telegram', operation: 'getAll' }, 'Get Many: Telegram'],
		['betatel', { resource: 'whatsapp', operation: 'summarize' }, 'Summarize: WhatsApp'],
		[
			'betatelTrigger',
			{ event: 'failureRateAboveThreshold', channel: 'whatsapp' },
			'Failure Rate Above Threshold: WhatsApp',
		],
		[
			'ninetyNineDigital',
			{ resource: 'whatsapp', operation: 'getConversationStatistics' },
			'Get Conversation Statistics: WhatsApp',
		],
		['whatomate', { resource: 'analytics', operation: 'compareAgents' }, 'Compare Agents'],
	])('%s with %j reads "%s"', (type, parameters, expected) => {
		expect(subtitle(type, parameters)).toBe(expected);
	});

	it('shows a value that no option has as it is', () => {
		expect(subtitle('betatel', { resource: 'telegram', operation: 'someday' })).toBe(
			'someday: Telegram',
		);
	});
});
