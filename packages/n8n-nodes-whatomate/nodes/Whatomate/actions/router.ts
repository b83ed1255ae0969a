import { routerOf } from '../../shared/operations';
import { resourceField } from './common.descriptions';
import * as compareAgents from './compareAgents.operation';
import * as getAgentAnalytics from './getAgentAnalytics.operation';
import * as getChatbotAnalytics from './getChatbotAnalytics.operation';
import * as getDashboard from './getDashboard.operation';
import * as getMessageAnalytics from './getMessageAnalytics.operation';

/** The operations, in the order the Operation picker lists them. */
export const operations = [
	compareAgents,
	getAgentAnalytics,
	getChatbotAnalytics,
	getDashboard,
	getMessageAnalytics,
];

export const defaultOperation = getDashboard;

export const router = routerOf(resourceField, operations);
