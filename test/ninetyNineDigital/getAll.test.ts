import { LoadOptionsContext } from 'n8n-core';
import type { IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { NinetyNineDigital } from '../../packages/n8n-nodes-99digital/nodes/NinetyNineDigital/NinetyNineDigital.node';
import { buildWorkflow, chain, runWorkflow } from '../harness/engine';
import {
	ninetyNineDigitalCredentials,
	ninetyNineDigitalNode,
	ninetyNineDigitalServer,
} from './fixtures';

const { server, remember, see } = ninetyNineDigitalServer();

describe('99digital numbers: Get Many and the WhatsApp Number dropdown', () => {
	it('lists numbers without their API keys, with Limit', async () => {
		const result = remember(
			await runWorkflow(
				chain(ninetyNineDigitalNode({ operation: 'getAll', returnAll: false, limit: 1 })),
				ninetyNineDigitalCredentials(server),
			),
		);
		expect(result.json('99digital')).toEqual([
			{
				provider: '99digital',
				whatsapp: '972501111111',
				display_name: 'Shop Support',
				business_name: 'Example Shop',
				isOnline: true,
				conversationsThisMonth: 246,
				marketingThisMonth: 200,
				serviceThisMonth: 20,
				incomingThisMonth: 26,
			},
		]);
	});

	it('offers the account numbers in the dropdown', async () => {
		const node = ninetyNineDigitalNode({ operation: 'getConversationStatistics' });
		const workflow = buildWorkflow({ nodes: [node], connections: {} });
		const additionalData = {
			credentialsHelper: ninetyNineDigitalCredentials(server),
			currentNodeExecutionIndex: 0,
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = new LoadOptionsContext(
			workflow,
			node,
			additionalData,
			'parameters.whatsappNumber',
		);
		const options = await new NinetyNineDigital().methods.loadOptions.getNumbers.call(context);
		see(JSON.stringify(options));
		expect(options).toEqual([
			{ name: 'All Numbers', value: '' },
			{ name: 'Shop Support (+972501111111)', value: '972501111111' },
			{ name: 'Example Clinic (+972502222222)', value: '972502222222' },
		]);
	});
});
