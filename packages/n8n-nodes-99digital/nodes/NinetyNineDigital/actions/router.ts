import type { INodeProperties } from 'n8n-workflow';

import { operationRouter } from '../../shared/execute';
import * as getConversationStatistics from './getConversationStatistics.operation';
import * as getAll from './getAll.operation';

export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'WhatsApp', value: 'whatsapp' }],
	default: 'whatsapp',
};

export const router = operationRouter(resourceField, {
	getConversationStatistics: getConversationStatistics.execute,
	getAll: getAll.execute,
});
