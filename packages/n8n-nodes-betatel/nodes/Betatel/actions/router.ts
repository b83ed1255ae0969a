import { routerOf } from '../../shared/operations';
import { resourceField } from './common.descriptions';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getStatistics from './getStatistics.operation';
import * as summarize from './summarize.operation';

/**
 * Both resources offer the same operations, in the order the Operation picker lists them
 * (the first is the default); the resource only picks the channel.
 */
export const operations = [getStatistics, getAll, get, summarize];

export const router = routerOf(resourceField, operations);
