import { operationRouter } from '../../shared/execute';
import * as compareAgents from './compareAgents.operation';
import * as getAgentAnalytics from './getAgentAnalytics.operation';
import * as getChatbotAnalytics from './getChatbotAnalytics.operation';
import * as getDashboard from './getDashboard.operation';
import * as getMessageAnalytics from './getMessageAnalytics.operation';

export const router = operationRouter({
	getDashboard: getDashboard.execute,
	getMessageAnalytics: getMessageAnalytics.execute,
	getChatbotAnalytics: getChatbotAnalytics.execute,
	getAgentAnalytics: getAgentAnalytics.execute,
	compareAgents: compareAgents.execute,
});
