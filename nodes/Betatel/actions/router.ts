import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runForEachItem, type ItemOperation } from '../../shared/execute';
import * as getDeliveryRecord from './getDeliveryRecord.operation';
import * as getManyDeliveryRecords from './getManyDeliveryRecords.operation';
import * as getStatistics from './getStatistics.operation';

/** Both resources offer the same operations; the resource only picks the channel. */
const operations: Record<string, ItemOperation> = {
	getStatistics: getStatistics.execute,
	getAll: getManyDeliveryRecords.execute,
	get: getDeliveryRecord.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runForEachItem.call(this, (itemIndex) => {
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const run = operations[operation];
		if (!run) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not supported`,
				{ itemIndex },
			);
		}
		return run;
	});
}
