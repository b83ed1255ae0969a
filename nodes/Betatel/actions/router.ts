import { operationRouter } from '../../shared/execute';
import { readChannel } from '../deliveryRecords';
import * as getDeliveryRecord from './getDeliveryRecord.operation';
import * as getManyDeliveryRecords from './getManyDeliveryRecords.operation';
import * as getStatistics from './getStatistics.operation';

/** Both resources offer the same operations; the resource only picks the channel. */
export const router = operationRouter(
	{
		getStatistics: getStatistics.execute,
		getAll: getManyDeliveryRecords.execute,
		get: getDeliveryRecord.execute,
	},
	readChannel,
);
