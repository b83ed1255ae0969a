import type {
	INodeProperties,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { subtitleOf } from '../shared/descriptions';
import { pollExclusively } from './trigger/pollGuard';
import { triggerChannelField } from './trigger/channel';
import { BETATEL_CREDENTIAL } from './transport';
import { failureRateFields, pollFailureRate } from './trigger/failureRateAboveThreshold';
import { newDeliveryRecordFields, pollNewDeliveryRecords } from './trigger/newDeliveryRecord';
import { readField } from '../shared/parameters';

const eventField: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Failure Rate Above Threshold',
			value: 'failureRateAboveThreshold',
			description:
				'A recent window goes past a line: its failure rate, its undelivered rate after a grace, its delivery time, or its traffic against the usual',
		},
		{
			name: 'New Delivery Record',
			value: 'newDeliveryRecord',
			description:
				'A record reached one of the chosen statuses (or was created, with none chosen): one item per WDR or TDR, once, oldest first',
		},
	],
	default: 'newDeliveryRecord',
};

/** One file per event value under trigger/, each named after it. */
const POLLS = {
	failureRateAboveThreshold: pollFailureRate,
	newDeliveryRecord: pollNewDeliveryRecords,
};

const properties: INodeProperties[] = [
	eventField,
	triggerChannelField,
	...newDeliveryRecordFields,
	...failureRateFields,
];

export class BetatelTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Betatel Connect Hub Trigger',
		name: 'betatelTrigger',
		icon: { light: 'file:../../icons/betatel.svg', dark: 'file:../../icons/betatel.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: subtitleOf(properties, 'event', 'channel'),
		// n8n's nodes panel shows one entry for a node and its trigger, with the trigger's
		// description: it has to say what both do.
		description:
			'Read WhatsApp and Telegram delivery statistics and records from Betatel Connect Hub, or start a workflow on new records or a failure-rate spike',
		defaults: { name: 'Betatel Connect Hub Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: BETATEL_CREDENTIAL, required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = readField<keyof typeof POLLS>(this, eventField);
		return await pollExclusively(this, async () => await POLLS[event].call(this));
	}
}
