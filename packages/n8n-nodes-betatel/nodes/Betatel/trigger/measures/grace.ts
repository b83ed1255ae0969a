import type { INodeProperties, IPollFunctions } from 'n8n-workflow';

import { readField } from '../../../shared/parameters';
import { EVENT_VALUE } from './measure';

/**
 * Two minutes: an OTP that has not arrived by then has failed its login, while WhatsApp
 * delivers most messages within seconds, so a message still on its way is not yet counted.
 */
const DEFAULT_GRACE_SECONDS = 120;

/** The messages a poll has to wait for before it can say they did not arrive. */
export const graceField: INodeProperties = {
	displayName: 'Grace Period (Seconds)',
	name: 'graceSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 86_400 },
	default: DEFAULT_GRACE_SECONDS,
	description:
		'How long a message has to arrive before it counts as undelivered: the window judged ends this long before the poll, so a message just sent is never counted',
	displayOptions: {
		show: { event: [EVENT_VALUE], measures: ['undeliveredRate', 'deliveryTime'] },
	},
};

export const readGraceMs = (context: IPollFunctions): number =>
	readField<number>(context, graceField) * 1000;
