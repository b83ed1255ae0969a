import { DateTime } from 'luxon';
import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import type { Channel } from '../../shared/normalize';
import { readRecords } from '../pagination';
import { TELEGRAM_STATUS_OPTIONS, WHATSAPP_STATUS_OPTIONS } from '../helpers/channels';
import { readTriggerChannel } from './channel';
import {
	deliveryRecordItem,
	newestFirst,
	recipientFilter,
	recordKey,
	recordSource,
	recordTime,
} from '../transport';
import { readField } from '../../shared/parameters';

const EVENT = { show: { event: ['newDeliveryRecord'] } };

/** OTP templates expire within 15 minutes; four times that leaves room for queues and retries. */
export const DEFAULT_LOOK_BACK_MINUTES = 60;
const MAX_LOOK_BACK_MINUTES = 7 * 24 * 60;
const MAX_RECORDS_PER_POLL = 100_000;

const lookBackField: INodeProperties = {
	displayName: 'Look-Back Window (Minutes)',
	name: 'lookBackMinutes',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_LOOK_BACK_MINUTES },
	default: DEFAULT_LOOK_BACK_MINUTES,
	description:
		'How far back each poll re-reads: a message that reaches a status later (SENT, then FAILED) is caught as long as it was created within this window',
	hint: 'Each poll reads every matching record of the window, 100 per request: a longer window costs more requests',
	displayOptions: EVENT,
};

const maxRecordsField: INodeProperties = {
	displayName: 'Max Records per Poll',
	name: 'maxRecordsPerPoll',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_RECORDS_PER_POLL },
	default: 1000,
	description:
		'A larger backlog is emitted oldest first over the following polls; the last record of a capped poll carries backlog_remaining',
	displayOptions: EVENT,
};

export const newDeliveryRecordFields: INodeProperties[] = [
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: WHATSAPP_STATUS_OPTIONS,
		default: [],
		description:
			'Emit each record once when it is first seen with one of these statuses; none selected means every new record',
		displayOptions: { show: { ...EVENT.show, channel: ['whatsapp'] } },
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: TELEGRAM_STATUS_OPTIONS,
		default: [],
		description:
			'Emit each record once when it is first seen with one of these statuses; none selected (and no other status) means every new record',
		displayOptions: { show: { ...EVENT.show, channel: ['telegram'] } },
	},
	{
		displayName: 'Other Statuses',
		name: 'otherStatuses',
		type: 'string',
		default: '',
		placeholder: 'REJECTED, BLOCKED',
		description:
			'Statuses not in the list above, separated by commas: Betatel does not document every Telegram status',
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
	lookBackField,
	maxRecordsField,
];

/**
 * What the trigger keeps between polls: the filter it was set up for, and every matching
 * record it emitted that is still within the look-back window, by uuid, with the record's
 * creation time so it can be pruned once it leaves the window.
 */
interface EmittedRecords {
	query: string;
	emitted: Record<string, number>;
}

function readStatuses(context: IPollFunctions): string[] {
	const chosen = context.getNodeParameter('statuses', []) as string[] | string;
	const other = String(context.getNodeParameter('otherStatuses', '') ?? '');
	const list = [
		...(Array.isArray(chosen) ? chosen : String(chosen).split(',')),
		...other.split(','),
	];
	return [...new Set(list.map((status) => status.trim().toUpperCase()).filter(Boolean))];
}

/** What one poll asks for: the parameters, checked, and one list filter per status. */
interface TriggerQuery {
	channel: Channel;
	/** One filter per chosen status (the list filters on one status at a time). */
	filters: IDataObject[];
	/** The parameters that decide which records match: a change means a new start. */
	key: string;
	max: number;
	lookBackMinutes: number;
}

function readTriggerQuery(context: IPollFunctions): TriggerQuery {
	const channel = readTriggerChannel(context);
	const statuses = readStatuses(context);
	const to = recipientFilter(channel, context.getNodeParameter('recipient', ''));
	const max = readField<number>(context, maxRecordsField);
	const lookBackMinutes = readField<number>(context, lookBackField);
	const filters = (statuses.length ? statuses : [undefined]).map((status) => ({
		...(status ? { status } : {}),
		...(to ? { to } : {}),
	}));
	return {
		channel,
		filters,
		key: JSON.stringify({ channel, statuses, to: to ?? null }),
		max,
		lookBackMinutes,
	};
}

/** A manual test run: the newest matching record, to show what an item looks like. */
async function newestMatching(
	context: IPollFunctions,
	{ channel, filters }: TriggerQuery,
): Promise<INodeExecutionData[][] | null> {
	const pages = await Promise.all(
		filters.map(
			async (filter) =>
				(await recordSource(context, newestFirst(channel, filter)).fetchPage(1, 1)).items,
		),
	);
	const newest = pages.flat().sort((a, b) => recordTime(b) - recordTime(a))[0];
	return newest ? [[{ json: deliveryRecordItem(channel, newest) }]] : null;
}

/** Every matching record created since `windowStart`, by uuid, from one read per status. */
async function recordsInWindow(
	context: IPollFunctions,
	{ channel, filters }: TriggerQuery,
	windowStart: number,
): Promise<Map<string, IDataObject>> {
	const inWindow = new Map<string, IDataObject>();
	for (const filter of filters) {
		const { items } = await readRecords({
			...recordSource(context, newestFirst(channel, filter)),
			returnAll: true,
			cutoff: { timeOf: recordTime, at: windowStart },
			concurrency: { max: 1, adaptive: false },
			newItemsAtHead: true,
		});
		for (const record of items) {
			const uuid = recordKey(record);
			if (uuid !== undefined && !inWindow.has(uuid)) inWindow.set(uuid, record);
		}
	}
	return inWindow;
}

/**
 * Emits every record that has one of the chosen statuses, once, whenever it reaches it.
 * A record keeps its creation timestamp while its status moves on (SENT, then FAILED), so
 * no cursor on the timestamp can catch it: each poll re-reads the look-back window newest
 * first, one list per status, and emits what it has not emitted before. The uuids emitted
 * are kept only while their records are within the window, so memory follows the
 * matching records of one window. State is written only after every request succeeded.
 */
export async function pollNewDeliveryRecords(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const query = readTriggerQuery(this);
	if (this.getMode() === 'manual') return await newestMatching(this, query);

	const now = Date.now();
	const windowStart = DateTime.fromMillis(now).minus({ minutes: query.lookBackMinutes }).toMillis();
	const inWindow = await recordsInWindow(this, query, windowStart);

	const state = this.getWorkflowStaticData('node');
	const previous = state.records as EmittedRecords | undefined;
	const emitted: Record<string, number> = {};
	if (previous?.query === query.key) {
		for (const [uuid, time] of Object.entries(previous.emitted)) {
			if (time >= windowStart) emitted[uuid] = time;
		}
		// A record whose time cannot be read is kept as long as the reads still bring it.
		for (const [uuid, record] of inWindow) {
			if (previous.emitted[uuid] !== undefined && Number.isNaN(recordTime(record)))
				emitted[uuid] = now;
		}
	}
	const fresh = [...inWindow.entries()]
		.filter(([uuid]) => emitted[uuid] === undefined)
		.map(([, record]) => record);

	if (previous?.query !== query.key) {
		// First poll after activation, or the filters changed: what is there now is the past.
		for (const record of fresh) emitted[String(record.uuid)] = keptUntil(record, now);
		state.records = { query: query.key, emitted } satisfies EmittedRecords;
		delete state.cursor;
		return null;
	}
	const items = fresh.length === 0 ? [] : emitOldestFirst(this, query, fresh, emitted, now);
	state.records = { query: query.key, emitted } satisfies EmittedRecords;
	return items.length === 0 ? null : [items];
}

/**
 * The fresh records, oldest first, up to Max Records per Poll, each noted in `emitted`;
 * the last item of a capped poll says how many wait.
 */
function emitOldestFirst(
	context: IPollFunctions,
	{ channel, max, lookBackMinutes }: TriggerQuery,
	fresh: IDataObject[],
	emitted: Record<string, number>,
	now: number,
): INodeExecutionData[] {
	const ordered = fresh.sort(
		(a, b) => timeOrLast(a) - timeOrLast(b) || String(a.uuid).localeCompare(String(b.uuid)),
	);
	const batch = ordered.slice(0, max);
	for (const record of batch) {
		emitted[String(record.uuid)] = keptUntil(record, now);
		if (Number.isNaN(recordTime(record))) {
			context.logger.warn(
				`Betatel Trigger: record ${String(record.uuid)} has a timestamp that cannot be read (${JSON.stringify(record.timestamp ?? null).slice(0, 60)}); it is emitted once, and not again while the reads bring it`,
			);
		}
	}
	const items = batch.map((record) => ({ json: deliveryRecordItem(channel, record) }));
	if (ordered.length > batch.length) {
		const remaining = ordered.length - batch.length;
		items[items.length - 1].json.backlog_remaining = remaining;
		context.logger.warn(
			`Betatel Trigger: ${remaining} more records wait for the next poll (Max Records per Poll is ${max}); records that leave the ${lookBackMinutes}-minute look-back window before then are not emitted`,
		);
	}
	return items;
}

/** Records whose time cannot be read go last, after every record of a known time. */
const timeOrLast = (record: IDataObject) => {
	const time = recordTime(record);
	return Number.isNaN(time) ? Infinity : time;
};

/**
 * Until when an emitted record is remembered: its creation time, which the window passes;
 * for one whose time cannot be read, now, renewed at every poll that still reads it.
 */
const keptUntil = (record: IDataObject, now: number) => {
	const time = recordTime(record);
	return Number.isNaN(time) ? now : time;
};
