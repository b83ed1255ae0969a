/** Betatel's channels, statuses and window types: the option lists the node and the trigger share. */

export const WHATSAPP_STATUSES = [
	'PENDING',
	'QUEUED',
	'SENT',
	'DELIVERED',
	'READ',
	'FAILED',
	'EXPIRED',
	'DELETED',
	'UNKNOWN',
];

/**
 * Betatel documents Telegram's statuses only as "PENDING, SENT, …"; these are the ones its
 * records are seen with. The trigger accepts others as text.
 */
export const TELEGRAM_STATUSES = ['PENDING', 'SENT', 'DELIVERED', 'FAILED', 'EXPIRED', 'UNKNOWN'];

/** Status choices labelled "Delivered" rather than "DELIVERED". */
const statusOptions = (statuses: string[]) =>
	statuses.map((status) => ({
		name: status.charAt(0) + status.slice(1).toLowerCase(),
		value: status,
	}));

export const WHATSAPP_STATUS_OPTIONS = statusOptions(WHATSAPP_STATUSES);
export const TELEGRAM_STATUS_OPTIONS = statusOptions(TELEGRAM_STATUSES);

/** The fields the WDR/TDR lists sort by. */
export const SORT_FIELDS = [
	{ name: 'Country', value: 'country' },
	{ name: 'Delivery Time', value: 'delivery_time' },
	{ name: 'Network', value: 'network' },
	{ name: 'Recipient', value: 'to' },
	{ name: 'Status', value: 'status' },
	{ name: 'Timestamp', value: 'timestamp' },
];

/** The two channels Betatel Connect Hub serves, as one picker for the node and the trigger. */
export const CHANNEL_OPTIONS = [
	{ name: 'Telegram', value: 'telegram' },
	{ name: 'WhatsApp', value: 'whatsapp' },
];

/** The stat types that total a window ending now, as the Window of the trigger offers them. */
export const WINDOW_TYPE_OPTIONS = [
	{ name: 'Last Minute', value: 'lastm' },
	{ name: 'Last 5 Minutes', value: 'last5m' },
	{ name: 'Last 10 Minutes', value: 'last10m' },
	{ name: 'Last 30 Minutes', value: 'last30m' },
	{ name: 'Last Hour', value: 'lasth' },
	{ name: 'Last 12 Hours', value: 'last12h' },
	{ name: 'Last 24 Hours', value: 'last24h' },
	{ name: 'Last 30 Days', value: 'lastmonth' },
];
