import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import { ItemWithBinary, type OperationOutput } from '../execute';
import { readField } from '../parameters';
import { invalidField } from '../validation';
import { drawChart } from './draw';
import {
	chartFileName,
	chartOf,
	findNotAFigure,
	periodOf,
	totalsOf,
	type ChartPlan,
} from './fromItems';

export const OUTPUT = {
	items: 'normalized',
	itemsAndChart: 'itemsAndChart',
	chart: 'chart',
	raw: 'raw',
} as const;

export type OutputChoice = (typeof OUTPUT)[keyof typeof OUTPUT];

const ITEMS_OPTIONS = [
	{
		name: 'Items',
		value: OUTPUT.items,
		description:
			'The same flat columns for every provider: sent, delivered, failed, rates, period and more',
	},
	{
		name: 'Items and Chart',
		value: OUTPUT.itemsAndChart,
		description: 'The items, and a PNG chart of them in a binary field of the first item',
	},
	{
		name: 'Chart Only',
		value: OUTPUT.chart,
		description: "One item: the range's totals, and a PNG chart in a binary field",
	},
];

/**
 * The Output choice of a statistics operation: items, items and a chart, a chart only, and,
 * where the provider's answer can be passed on as it came, Raw.
 */
export function outputField({
	raw,
	chart = true,
	chartOnly = true,
}: {
	raw: boolean;
	chart?: boolean;
	/** Whether Chart Only is offered: not where the items are the point, as in an alert. */
	chartOnly?: boolean;
}): INodeProperties {
	const options = !chart
		? ITEMS_OPTIONS.slice(0, 1)
		: chartOnly
			? ITEMS_OPTIONS
			: ITEMS_OPTIONS.slice(0, 2);
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		// A literal: n8n's scanner reads a field's default only from one.
		default: 'normalized',
		options: raw
			? [
					...options,
					{
						name: 'Raw',
						value: OUTPUT.raw,
						description: "The provider's response as it came, one item per entry",
					},
				]
			: options,
	};
}

/** The Output field of the operations that can also pass the provider's answer on as it came. */
export const outputWithRawField = outputField({ raw: true });

export const chartFieldField: INodeProperties = {
	displayName: 'Put Chart in Field',
	name: 'chartField',
	type: 'string',
	default: 'chart',
	required: true,
	hint: 'The name of the output binary field to put the chart in',
	displayOptions: { show: { output: [OUTPUT.itemsAndChart, OUTPUT.chart] } },
};

/** Output with Raw, and the chart's field: what a statistics operation shows last. */
export const chartedOutputFields: INodeProperties[] = [outputWithRawField, chartFieldField];

export interface OutputRequest {
	choice: OutputChoice;
	/** The binary field the chart goes in, when one is drawn. */
	chartField?: string;
}

/** A binary field name that expressions and other nodes can use as it is: `$binary.chart`. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** The item's Output choice and chart field, checked before any request is sent. */
export function readOutput(
	context: IExecuteFunctions | IPollFunctions,
	itemIndex: number,
	field: INodeProperties = outputWithRawField,
): OutputRequest {
	const choice = readField<OutputChoice>(context, field, itemIndex);
	if (choice !== OUTPUT.itemsAndChart && choice !== OUTPUT.chart) return { choice };
	const chartField = readField<string>(context, chartFieldField, itemIndex);
	if (!FIELD_NAME.test(chartField)) {
		throw invalidField(
			context.getNode(),
			itemIndex,
			chartFieldField.displayName,
			`"${chartField}" is not a usable binary field name`,
			'Use letters, digits, "_" and "-", starting with a letter or "_", for example "chart".',
		);
	}
	return { choice, chartField };
}

/**
 * The chart of `items` in a binary field, ready for an item: a figure that is not a number is
 * an error naming it, and no items at all give a chart that says there is no data.
 */
export async function chartBinary(
	context: IExecuteFunctions | IPollFunctions,
	itemIndex: number,
	items: IDataObject[],
	chartField: string,
	plan: ChartPlan,
): Promise<{ binary: IBinaryKeyData; period: ReturnType<typeof periodOf> }> {
	const notAFigure = findNotAFigure(items, plan);
	if (notAFigure) {
		throw invalidField(
			context.getNode(),
			itemIndex,
			notAFigure.field,
			`"${String(notAFigure.value)}" is not a number, so it cannot be charted`,
			'Charts draw numbers: check what the provider returned for this field, or choose the Items output.',
		);
	}
	const period = periodOf(items, plan.subject);
	const png = drawChart(chartOf(items, plan, period)).png();
	const binary: IBinaryKeyData = {
		[chartField]: await context.helpers.prepareBinaryData(
			Buffer.from(png),
			chartFileName(items, plan.subject, period),
			'image/png',
		),
	};
	return { binary, period };
}

/**
 * The operation's output as asked: its items unchanged, the items with the chart in the
 * first one, or one item of totals with the chart.
 */
export async function withChart(
	context: IExecuteFunctions,
	itemIndex: number,
	items: IDataObject[],
	output: OutputRequest,
	plan: ChartPlan,
): Promise<OperationOutput[]> {
	if (!output.chartField) return items;
	const { binary, period } = await chartBinary(context, itemIndex, items, output.chartField, plan);
	const [first, ...rest] = items;
	return output.choice === OUTPUT.chart || !first
		? [new ItemWithBinary(totalsOf(items, plan, period), binary)]
		: [new ItemWithBinary(first, binary), ...rest];
}
