import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { unexpectedResponse } from '../../shared/http/errors';
import { readField } from '../../shared/parameters';
import { invalidField, requireText } from '../../shared/validation';
import {
	BETATEL,
	betatelRequest,
	deliveryRecordItem,
	RECORD_UUID_PATTERN,
	recordPath,
} from '../transport';
import { channelWords, readChannel } from './common.descriptions';

const uuidField: INodeProperties = {
	displayName: 'Record UUID',
	name: 'uuid',
	type: 'string',
	required: true,
	default: '',
	placeholder: '01JV5V54KPYK9GB29265EQRZ2P',
	description: 'The uuid field of the delivery record',
};

const properties: INodeProperties[] = [uuidField];

export const value = 'get';

export function entry(resource: string) {
	const { label, record } = channelWords(resource);
	return {
		name: 'Get Delivery Record',
		description: `Get one ${label} delivery record (${record}) by its UUID`,
		action: `Get a ${label} delivery record`,
	};
}

export function toolText(resource: string): string {
	const { label, record, deliveryTime } = channelWords(resource);
	return `Returns one ${label} delivery record (${record}) from Betatel Connect Hub by its uuid, with its status, country, network and timestamps${deliveryTime}.`;
}

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp', 'telegram'], operation: [value] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const channel = readChannel(this, itemIndex);
	const uuid = requireText(
		this.getNode(),
		itemIndex,
		uuidField.displayName,
		readField(this, uuidField, itemIndex),
	);
	if (!RECORD_UUID_PATTERN.test(uuid)) {
		throw invalidField(
			this.getNode(),
			itemIndex,
			uuidField.displayName,
			`"${uuid.slice(0, 140)}" is not a record uuid`,
			'A uuid has 1 to 128 letters, digits, "-" or "_", such as 01JV5V54KPYK9GB29265EQRZ2P.',
		);
	}
	const response = await betatelRequest(this, 'GET', recordPath(channel, uuid), undefined, {
		itemIndex,
	});
	const record = response.body;
	if (!record || typeof record !== 'object' || Array.isArray(record)) {
		throw unexpectedResponse(this, BETATEL, 'a delivery record', itemIndex);
	}
	return [deliveryRecordItem(channel, record as IDataObject)];
}
