import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { statsFigures } from '../../shared/chart/fromItems';
import { chartedOutputFields, OUTPUT, readOutput, withChart } from '../../shared/chart/output';
import { fieldsNamed, readTimeZone, timeZoneField } from '../../shared/descriptions';
import type { OperationOutput } from '../../shared/execute';
import { unexpectedResponse } from '../../shared/http/errors';
import { statsItem } from '../../shared/normalize';
import { isoWithOffset } from '../../shared/timeBuckets';
import { DATES_FOR_MODELS } from '../../shared/tool';
import { invalidField, parseMonth } from '../../shared/validation';
import { NINETY_NINE_DIGITAL, ninetyNineDigitalRequest } from '../transport';

/** 99digital collects nothing before December 2024. */
const FIRST_MONTH_WITH_DATA = { year: 2024, month: 12 };

const whatsappNumberField: INodeProperties = {
	displayName: 'WhatsApp Number Name or ID',
	name: 'whatsappNumber',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getNumbers' },
	default: '',
	description:
		'The WhatsApp business number whose conversations to count, listed by its display name; leave empty for all numbers of the account. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Start Month',
		name: 'startMonth',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-03',
		description:
			'First month to include, as a year and month (2026-03) or any date in it. Leave empty for no lower bound.',
		hint: '99digital has data from December 2024 on',
	},
	{
		displayName: 'End Month',
		name: 'endMonth',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-05',
		description:
			'Last month to include, as a year and month (2026-05) or any date in it. Leave empty to count up to now (this month included).',
	},
	whatsappNumberField,
	{ ...timeZoneField, description: 'IANA time zone in which the months of the output begin' },
	...chartedOutputFields,
];

export const value = 'getConversationStatistics';

export const entry = () => ({
	name: 'Get Conversation Statistics',
	description: 'Get conversations per month, for one number or all of them',
	action: 'Get conversation statistics',
});

export const toolText = () =>
	[
		'Returns 99digital WhatsApp conversation counts, one item per month: period_start, period_end, conversations, conversations_marketing, conversations_service, conversations_incoming, and account (the WhatsApp number, or null for all numbers).',
		`Start Month and End Month take any date within the month; empty means no bound (End Month: up to and including this month). ${DATES_FOR_MODELS}`,
		"99digital has data from December 2024. For this month's conversations give this month's first day as both Start Month and End Month.",
	].join(' ');

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp'], operation: [value] } },
	properties,
);

function parseMonthYear(value: unknown, zone: string): DateTime | undefined {
	const match = /^(\d{2})(\d{4})$/.exec(String(value ?? ''));
	if (!match) return undefined;
	const month = DateTime.fromObject(
		{ year: Number(match[2]), month: Number(match[1]), day: 1 },
		{ zone },
	);
	return month.isValid ? month : undefined;
}

const [startMonthField, endMonthField] = fieldsNamed(properties, 'startMonth', 'endMonth');

/** Start and End Month, each optional, in order; months begin in `timezone`. */
function readMonths(
	context: IExecuteFunctions,
	itemIndex: number,
	timezone: string,
): { start?: DateTime; end?: DateTime } {
	const node = context.getNode();
	const [start, end] = [startMonthField, endMonthField].map((field) =>
		parseMonth(
			node,
			itemIndex,
			field.displayName,
			context.getNodeParameter(field.name, itemIndex, ''),
			timezone,
		),
	);
	if (start && end && end < start) {
		throw invalidField(
			node,
			itemIndex,
			endMonthField.displayName,
			`${end.toFormat('yyyy-MM')} is before ${startMonthField.displayName} ${start.toFormat('yyyy-MM')}`,
		);
	}
	return { start, end };
}

/** The WhatsApp number as 99digital reads it, digits only; empty for all numbers. */
function readNumber(context: IExecuteFunctions, itemIndex: number): string {
	const raw = String(context.getNodeParameter(whatsappNumberField.name, itemIndex, '') ?? '');
	const number = raw.replace(/[\s\-+()]/g, '');
	if (number && !/^\d+$/.test(number)) {
		throw invalidField(
			context.getNode(),
			itemIndex,
			whatsappNumberField.displayName,
			`"${raw}" is not a phone number`,
			'Use digits with the country code, such as 972501234567.',
		);
	}
	return number;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput[]> {
	// Read first: a bad value given by expression is refused before any request.
	const output = readOutput(this, itemIndex);
	const timezone = readTimeZone(this, itemIndex);
	const { start, end } = readMonths(this, itemIndex, timezone);
	const number = readNumber(this, itemIndex);
	const firstWithData = DateTime.fromObject(
		{ ...FIRST_MONTH_WITH_DATA, day: 1 },
		{ zone: timezone },
	);
	if (start && start < firstWithData) {
		this.addExecutionHints({
			message: `99digital has no data before December 2024, so nothing comes back for ${start.toFormat('MMMM yyyy')} to November 2024.`,
			location: 'outputPane',
		});
	}

	const body: IDataObject = {};
	if (start) body.start_date = start.toFormat('MMyyyy');
	if (end) body.end_date = end.toFormat('MMyyyy');
	if (number) body.whatsapp = number;
	const data = await ninetyNineDigitalRequest(this, {
		method: 'GET',
		path: 'whatsapp/getConversationsStatistics',
		body,
		itemIndex,
	});
	if (!Array.isArray(data.list)) {
		throw unexpectedResponse(this, NINETY_NINE_DIGITAL, 'a list of months', itemIndex);
	}
	const entries = data.list as IDataObject[];
	if (output.choice === OUTPUT.raw) return entries;
	const items = monthItems(entries, number, timezone);
	return await withChart(this, itemIndex, items, output, {
		subject: {
			provider: '99digital',
			channel: 'WhatsApp',
			report: number ? `conversations of ${number}` : 'conversations',
			timezone,
			range: start && end ? { start, end: end.plus({ months: 1 }) } : undefined,
		},
		figures: statsFigures(items),
	});
}

/** One normalized item per month, oldest first. */
function monthItems(entries: IDataObject[], number: string, timezone: string): IDataObject[] {
	// The list comes newest first, and "MMYYYY" strings do not sort by time: sort parsed months.
	return entries
		.map((entry) => ({ entry, month: parseMonthYear(entry.monthYear, timezone) }))
		.sort(
			(a, b) =>
				(a.month?.toMillis() ?? Number.POSITIVE_INFINITY) -
				(b.month?.toMillis() ?? Number.POSITIVE_INFINITY),
		)
		.map(({ entry, month }) =>
			statsItem(
				{
					provider: '99digital',
					channel: 'whatsapp',
					report: 'conversations',
					account: number || null,
					granularity: 'month',
					period_start: month ? isoWithOffset(month) : null,
					period_end: month ? isoWithOffset(month.plus({ months: 1 })) : null,
					timezone,
				},
				{
					conversations: entry.totalConversations as number,
					conversations_marketing: entry.totalMarketing as number,
					conversations_service: entry.totalService as number,
					conversations_incoming: entry.totalIncoming as number,
				},
				month ? {} : { month_year: entry.monthYear as string },
			),
		);
}
