import { operationRouter } from '../../shared/execute';
import * as getConversationStatistics from './getConversationStatistics.operation';
import * as getManyNumbers from './getManyNumbers.operation';

export const router = operationRouter({
	getConversationStatistics: getConversationStatistics.execute,
	getAll: getManyNumbers.execute,
});
