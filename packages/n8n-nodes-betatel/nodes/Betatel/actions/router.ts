import { operationRouter } from '../../shared/execute';
import { resourceField } from './common.descriptions';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getStatistics from './getStatistics.operation';
import * as summarize from './summarize.operation';

/** Both resources offer the same operations; the resource only picks the channel. */
export const router = operationRouter(resourceField, {
	getStatistics: getStatistics.execute,
	getAll: getAll.execute,
	get: get.execute,
	summarize: summarize.execute,
});
