import type { IDataObject } from 'n8n-workflow';

import type { Channel } from '../../shared/normalize';

/** WhatsApp calls its records WDRs, Telegram TDRs; the routes follow the names. */
export function recordKind(channel: Channel): 'wdr' | 'tdr' {
	return channel === 'telegram' ? 'tdr' : 'wdr';
}

export function recordPath(channel: Channel, uuid?: string): string {
	const kind = recordKind(channel);
	return uuid ? `${channel}/${encodeURIComponent(uuid)}/${kind}` : `${channel}/${kind}`;
}

export function deliveryRecordItem(channel: Channel, record: IDataObject): IDataObject {
	return { provider: 'betatel', channel, ...record };
}
