import type { INodeProperties, IPollFunctions } from 'n8n-workflow';

import { readField } from '../../../shared/parameters';
import { invalidField } from '../../../shared/validation';
import { deliveryTime } from './deliveryTime';
import { failureRate } from './failureRate';
import { graceField } from './grace';
import { EVENT_VALUE, type CommonSettings, type Measure, type PreparedMeasure } from './measure';
import { trafficDrop } from './trafficDrop';
import { undeliveredRate } from './undeliveredRate';

/** Every measure an alert can watch, in the order their items come out. */
const MEASURES: Measure[] = [failureRate, undeliveredRate, deliveryTime, trafficDrop];

export const measuresField: INodeProperties = {
	displayName: 'Alert On',
	name: 'measures',
	type: 'multiOptions',
	options: MEASURES.map((measure) => measure.option).sort((a, b) => a.name.localeCompare(b.name)),
	default: ['failureRate'],
	description:
		'What is watched in each group, each with its own line and its own alerts; one read of the window serves them all',
	displayOptions: { show: { event: [EVENT_VALUE] } },
};

/** The fields of every measure, each shown when its measure is chosen. */
export const measureFields: INodeProperties[] = [
	graceField,
	...MEASURES.flatMap((measure) => measure.fields),
];

/** The measures chosen, each with its settings read and checked. */
export function prepareMeasures(
	context: IPollFunctions,
	common: CommonSettings,
): PreparedMeasure[] {
	const chosen = readField<string[]>(context, measuresField);
	if (chosen.length === 0) {
		throw invalidField(
			context.getNode(),
			0,
			measuresField.displayName,
			'no measure is chosen, so there is nothing to alert on',
			'Choose at least one, such as Failure Rate.',
		);
	}
	return MEASURES.filter((measure) => chosen.includes(measure.name)).map((measure) =>
		measure.prepare(context, common),
	);
}

export type { PreparedMeasure, WindowGroup, PollFacts, MeasureName } from './measure';
export { failureRateOptionsField } from './failureRate';
