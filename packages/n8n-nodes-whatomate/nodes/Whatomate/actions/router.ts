import type { INodeProperties } from 'n8n-workflow';

import { operationRouter } from '../../shared/execute';
import * as compareAgents from './compareAgents.operation';
import * as getAgentAnalytics from './getAgentAnalytics.operation';
import * as getChatbotAnalytics from './getChatbotAnalytics.operation';
import * as getDashboard from './getDashboard.operation';
import * as getMessageAnalytics from './getMessageAnalytics.operation';

export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Analytics', value: 'analytics' }],
	default: 'analytics',
};

export const router = operationRouter(resourceField, {
	getDashboard: getDashboard.execute,
	getMessageAnalytics: getMessageAnalytics.execute,
	getChatbotAnalytics: getChatbotAnalytics.execute,
	getAgentAnalytics: getAgentAnalytics.execute,
	compareAgents: compareAgents.execute,
});
