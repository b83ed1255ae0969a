import { routerOf } from '../../shared/operations';
import { resourceField } from './common.descriptions';
import * as getAll from './getAll.operation';
import * as getConversationStatistics from './getConversationStatistics.operation';

/** The operations, in the order the Operation picker lists them; the first is the default. */
export const operations = [getConversationStatistics, getAll];

export const router = routerOf(resourceField, operations);
