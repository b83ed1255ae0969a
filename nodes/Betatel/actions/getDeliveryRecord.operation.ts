import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { unexpectedResponse } from '../../shared/http';

import type { Channel } from '../../shared/normalize';
import { requireText } from '../../shared/validation';
import { BETATEL, betatelRequest } from '../transport';
import { deliveryRecordItem, recordPath } from '../deliveryRecords';

const properties: INodeProperties[] = [
	{
		displayName: 'Record UUID',
		name: 'uuid',
		type: 'string',
		required: true,
		default: '',
		placeholder: '01JV5V54KPYK9GB29265EQRZ2P',
		description: 'The uuid field of the delivery record',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp', 'telegram'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const channel = this.getNodeParameter('resource', itemIndex) as Channel;
	const uuid = requireText(
		this.getNode(),
		itemIndex,
		'Record UUID',
		this.getNodeParameter('uuid', itemIndex),
	);
	const response = await betatelRequest.call(
		this,
		'GET',
		recordPath(channel, uuid),
		undefined,
		itemIndex,
	);
	const record = response.body;
	if (!record || typeof record !== 'object' || Array.isArray(record)) {
		throw unexpectedResponse(this, BETATEL, 'a delivery record', itemIndex);
	}
	return [deliveryRecordItem(channel, record as IDataObject)];
}
