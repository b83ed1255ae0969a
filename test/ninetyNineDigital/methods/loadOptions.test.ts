import { LoadOptionsContext } from 'n8n-core';
import type { IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { NinetyNineDigital } from '../../../packages/n8n-nodes-99digital/nodes/NinetyNineDigital/NinetyNineDigital.node';
import { buildWorkflow } from '../../harness/engine';
import {
	ninetyNineDigitalCredentials,
	ninetyNineDigitalNode,
	ninetyNineDigitalServer,
} from '../fixtures';

const { server, see } = ninetyNineDigitalServer();

describe('the WhatsApp Number dropdown', () => {
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
