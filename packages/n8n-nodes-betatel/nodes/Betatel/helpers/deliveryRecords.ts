import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import type { Channel } from '../../shared/normalize';
import { readField } from '../../shared/parameters';
import { resourceField, triggerChannelField } from '../actions/common.descriptions';

/** The node's Resource is its channel: checked, since a workflow's JSON can say anything. */
export function readChannel(context: IExecuteFunctions, itemIndex: number): Channel {
	return readField<Channel>(context, resourceField, itemIndex);
}

/** The trigger's Channel, checked like the node's Resource. */
export function readTriggerChannel(context: IPollFunctions): Channel {
	return readField<Channel>(context, triggerChannelField);
}

/**
 * What a record's uuid can be. Anything else, "..", "." or a slash above all, would make
 * the path reach another endpoint of the API.
 */
export const RECORD_UUID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function deliveryRecordItem(channel: Channel, record: IDataObject): IDataObject {
	return { provider: 'betatel', channel, ...record };
}

/** WDRs carry the number without "+", TDRs in E.164 with it. */
export function recipientFilter(channel: Channel, value: unknown): string | undefined {
	const digits = String(value ?? '').replace(/[\s\-()+]/g, '');
	if (!digits) return undefined;
	return channel === 'telegram' ? `+${digits}` : digits;
}

/** A record's creation instant in milliseconds; NaN when it has none. */
export const recordTime = (record: IDataObject): number =>
	DateTime.fromISO(String(record.timestamp ?? '')).toMillis();

export const recordKey = (record: IDataObject): string | undefined =>
	typeof record.uuid === 'string' ? record.uuid : undefined;
