import { DateTime } from 'luxon';
import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import { walkNumberedPages } from '../../shared/pagination';
import { requirePositiveInteger } from '../../shared/validation';
import {
	deliveryRecordItem,
	MAX_ROWS_PER_PAGE,
	readTriggerChannel,
	recipientFilter,
	recordKey,
	recordPageReader,
	recordTime,
	WHATSAPP_STATUS_OPTIONS,
} from '../deliveryRecords';

const EVENT = { show: { event: ['newDeliveryRecord'] } };

export const newDeliveryRecordFields: INodeProperties[] = [
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: WHATSAPP_STATUS_OPTIONS,
		default: [],
		description: 'Only records with one of these statuses; none selected means every record',
		displayOptions: { show: { ...EVENT.show, channel: ['whatsapp'] } },
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'string',
		default: '',
		placeholder: 'FAILED, EXPIRED',
		description:
			'Only records with one of these statuses, separated by commas; empty means every record',
		displayOptions: { show: { ...EVENT.show, channel: ['telegram'] } },
	},
	{
		displayName: 'Recipient',
		name: 'recipient',
		type: 'string',
		default: '',
		placeholder: '+38761444555',
		description: 'Only records sent to this number',
		displayOptions: EVENT,
	},
	{
		displayName: 'Max Records per Poll',
		name: 'maxRecordsPerPoll',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		description:
			'A larger backlog is emitted oldest first over the following polls; the last record of a capped poll carries backlog_remaining',
		displayOptions: EVENT,
	},
];

/** Where the last poll stopped: the newest timestamp emitted and every record at it. */
interface RecordCursor {
	query: string;
	timestamp: string | null;
	uuids: string[];
}

const instant = (record: IDataObject) =>
	DateTime.fromISO(String(record.timestamp ?? '')).toMillis();

function readStatuses(context: IPollFunctions): string[] {
	const raw = context.getNodeParameter('statuses', []) as string[] | string;
	const list = Array.isArray(raw) ? raw : String(raw).split(',');
	return [...new Set(list.map((status) => status.trim().toUpperCase()).filter(Boolean))];
}

/**
 * Emits the records created since the last poll, oldest first, each once. The list is
 * read newest first down to the cursor; records at the cursor's own timestamp are told
 * apart by uuid, so records sharing a timestamp across two polls are neither lost nor
 * repeated. The cursor is written only once every request of the poll has succeeded.
 */
export async function pollNewDeliveryRecords(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const node = this.getNode();
	const channel = readTriggerChannel(this);
	const statuses = readStatuses(this);
	const to = recipientFilter(channel, this.getNodeParameter('recipient', ''));
	const max = requirePositiveInteger(
		node,
		0,
		'Max Records per Poll',
		this.getNodeParameter('maxRecordsPerPoll', 1000),
	);

	// The list filters on one status at a time: one walk per status, merged.
	const filters: IDataObject[] = (statuses.length ? statuses : [undefined]).map((status) => ({
		...(status ? { status } : {}),
		...(to ? { to } : {}),
	}));
	const query = JSON.stringify({ channel, statuses, to: to ?? null });
	const readNewest = async (rows: number) =>
		(
			await Promise.all(
				filters.map(
					async (filter) =>
						(
							await recordPageReader(this, {
								channel,
								filter,
								sortBy: 'timestamp',
								sortDirection: 'DESC',
							})(1, rows)
						).items,
				),
			)
		).flat();

	if (this.getMode() === 'manual') {
		const newest = (await readNewest(1)).sort((a, b) => recordTime(b) - recordTime(a))[0];
		return newest ? [[{ json: deliveryRecordItem(channel, newest) }]] : null;
	}

	const state = this.getWorkflowStaticData('node');
	const cursor = state.cursor as RecordCursor | undefined;
	if (!cursor || cursor.query !== query) {
		// First poll after activation, or the filters changed: start from now, emit nothing.
		const latest = await readNewest(MAX_ROWS_PER_PAGE);
		const top = Math.max(...latest.map(instant), Number.NEGATIVE_INFINITY);
		const atTop = latest.filter((record) => recordTime(record) === top);
		state.cursor = {
			query,
			timestamp: atTop.length ? String(atTop[0].timestamp) : null,
			uuids: atTop.map((record) => String(record.uuid)),
		} satisfies RecordCursor;
		return null;
	}

	const since =
		cursor.timestamp === null
			? Number.NEGATIVE_INFINITY
			: DateTime.fromISO(cursor.timestamp).toMillis();
	const seenAtCursor = new Set(cursor.uuids);
	const fresh = new Map<string, IDataObject>();
	for (const filter of filters) {
		const { items } = await walkNumberedPages({
			fetchPage: recordPageReader(this, {
				channel,
				filter,
				sortBy: 'timestamp',
				sortDirection: 'DESC',
			}),
			maxPageSize: MAX_ROWS_PER_PAGE,
			keyOf: recordKey,
			stopAt: (record) => recordTime(record) < since,
		});
		for (const record of items) {
			const uuid = String(record.uuid);
			if (recordTime(record) === since && seenAtCursor.has(uuid)) continue;
			fresh.set(uuid, record);
		}
	}
	if (fresh.size === 0) return null;

	const ordered = [...fresh.values()].sort(
		(a, b) => recordTime(a) - recordTime(b) || String(a.uuid).localeCompare(String(b.uuid)),
	);
	const emitted = ordered.slice(0, max);
	const last = emitted[emitted.length - 1];
	const lastInstant = recordTime(last);
	const uuidsAtLast = emitted
		.filter((record) => recordTime(record) === lastInstant)
		.map((record) => String(record.uuid));
	if (lastInstant === since) uuidsAtLast.push(...cursor.uuids);

	const items = emitted.map((record) => ({ json: deliveryRecordItem(channel, record) }));
	if (ordered.length > emitted.length) {
		const remaining = ordered.length - emitted.length;
		items[items.length - 1].json.backlog_remaining = remaining;
		this.logger.warn(
			`Betatel Trigger: ${remaining} more records wait for the next poll (Max Records per Poll is ${max})`,
		);
	}
	state.cursor = {
		query,
		timestamp: String(last.timestamp),
		uuids: uuidsAtLast,
	} satisfies RecordCursor;
	return [items];
}
