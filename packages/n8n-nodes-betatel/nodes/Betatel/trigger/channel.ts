import type { INodeProperties, IPollFunctions } from 'n8n-workflow';

import type { Channel } from '../../shared/normalize';
import { readField } from '../../shared/parameters';
import { CHANNEL_OPTIONS } from '../helpers/channels';

/** The trigger's Channel, the picker the node's Resource is. */
export const triggerChannelField: INodeProperties = {
	displayName: 'Channel',
	name: 'channel',
	type: 'options',
	noDataExpression: true,
	options: CHANNEL_OPTIONS,
	default: 'whatsapp',
};

/** The trigger's Channel, checked like the node's Resource. */
export function readTriggerChannel(context: IPollFunctions): Channel {
	return readField<Channel>(context, triggerChannelField);
}
