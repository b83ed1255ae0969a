import { operationRouter } from '../../shared/execute';
import * as getConversationStatistics from './getConversationStatistics.operation';
import * as getAll from './getAll.operation';

export const router = operationRouter({
	getConversationStatistics: getConversationStatistics.execute,
	getAll: getAll.execute,
});
