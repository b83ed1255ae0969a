import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import { percentage, type Channel } from '../../shared/normalize';
import { stateIsCurrent } from '../../shared/pollGuard';
import { readField } from '../../shared/parameters';
import { readTriggerChannel } from '../helpers/deliveryRecords';
import { WINDOW_TYPE_OPTIONS } from '../actions/common.descriptions';
import { readStatistics } from '../helpers/statistics';

const EVENT = { show: { event: ['failureRateAboveThreshold'] } };

const windowField: INodeProperties = {
	displayName: 'Window',
	name: 'window',
	type: 'options',
	options: WINDOW_TYPE_OPTIONS,
	default: 'lasth',
	description: 'The period, ending at each poll, whose failure rate is checked',
	displayOptions: EVENT,
};

const LOW_TRAFFIC = { keepState: 'keepState', recover: 'recover' } as const;

const lowTrafficField: INodeProperties = {
	displayName: 'When Traffic Falls Below Minimum',
	name: 'lowTraffic',
	type: 'options',
	options: [
		{
			name: 'Keep the Last State',
			value: LOW_TRAFFIC.keepState,
			description:
				'A quiet window neither ends an alert nor starts one: when traffic returns with the rate still high, no second alert',
		},
		{
			name: 'Treat as Recovered',
			value: LOW_TRAFFIC.recover,
			description:
				'A quiet window ends the alert (with Notify on Recovery, a "recovered" item with recovered_by: low_volume); the next rise alerts again',
		},
	],
	default: 'keepState',
	description: 'What a window with fewer requests than Minimum Requests does to an ongoing alert',
	displayOptions: EVENT,
};

const thresholdField: INodeProperties = {
	displayName: 'Threshold (%)',
	name: 'thresholdPercent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 5,
	description: 'Fire when the failure rate goes above this percentage',
	displayOptions: EVENT,
};

const minimumRequestsField: INodeProperties = {
	displayName: 'Minimum Requests',
	name: 'minimumRequests',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 20,
	description:
		'Below this many requests in the window, no alert fires: 1 failure out of 2 is not a spike',
	displayOptions: EVENT,
};

const notifyOnRecoveryField: INodeProperties = {
	displayName: 'Notify on Recovery',
	name: 'notifyOnRecovery',
	type: 'boolean',
	default: false,
	description: 'Whether to fire once more when the rate drops back to the threshold or below',
	displayOptions: EVENT,
};

export const failureRateFields: INodeProperties[] = [
	windowField,
	thresholdField,
	minimumRequestsField,
	lowTrafficField,
	notifyOnRecoveryField,
];

type Verdict = 'above_threshold' | 'below_threshold' | 'low_volume';

/** When to fire: the window, the threshold and the traffic below which nothing fires. */
interface Rule {
	channel: Channel;
	window: string;
	threshold: number;
	minimum: number;
	/** Whether a window below the minimum ends an ongoing alert. */
	lowTrafficRecovers: boolean;
}

function readRule(context: IPollFunctions): Rule {
	return {
		channel: readTriggerChannel(context),
		window: readField<string>(context, windowField),
		threshold: readField<number>(context, thresholdField),
		minimum: readField<number>(context, minimumRequestsField),
		lowTrafficRecovers: readField(context, lowTrafficField) === LOW_TRAFFIC.recover,
	};
}

/** The window's figures as one stats item, its failure rate, and what they say. */
async function evaluateWindow(
	context: IPollFunctions,
	{ channel, window, threshold, minimum }: Rule,
): Promise<{ summary: IDataObject; rate: number | null; verdict: Verdict }> {
	const { items } = await readStatistics.call(context, {
		channel,
		statType: window,
		timezone: context.getTimezone(),
	});
	const sent = items.reduce((sum, item) => sum + ((item.sent as number | null) ?? 0), 0);
	const failed = items.reduce((sum, item) => sum + ((item.failed as number | null) ?? 0), 0);
	const rate = percentage(failed, sent);
	// Window types answer with one entry; should there be more, their sum is the window.
	const summary: IDataObject = items.length === 1 ? items[0] : { ...items[0], sent, failed };
	const verdict: Verdict =
		sent < minimum || rate === null
			? 'low_volume'
			: rate > threshold
				? 'above_threshold'
				: 'below_threshold';
	return { summary, rate, verdict };
}

/**
 * Fires once when the failure rate crosses the threshold, stays quiet while it stays
 * above, and re-arms when it drops back (firing then too if asked, with `recovered_by`).
 * A window with too few requests never fires; it ends an alert only if the user chose so.
 */
export async function pollFailureRate(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const rule = readRule(this);
	const { summary, rate, verdict } = await evaluateWindow(this, rule);
	const alertItem = (alert: string, extra: IDataObject = {}) => [
		[
			{
				json: {
					...summary,
					failure_rate: rate,
					alert,
					threshold_percent: rule.threshold,
					minimum_requests: rule.minimum,
					...extra,
				},
			},
		],
	];

	if (this.getMode() === 'manual') return alertItem(verdict);

	const notifyOnRecovery = readField<boolean>(this, notifyOnRecoveryField);
	const state = this.getWorkflowStaticData('node');
	// n8n's default scheduler saves this state only when a poll emits. A recovery that emitted
	// nothing (Notify on Recovery off) is lost at a restart, so a stored "alerting" not known
	// to be current is not trusted: the next rise fires, at the cost of one repeated alert
	// when n8n restarts during a spike. A recovery that was notified was saved, so with
	// Notify on Recovery the stored state is always current.
	const trusted = stateIsCurrent(this) || notifyOnRecovery;
	const alerting = state.alerting === true && trusted;
	if (verdict === 'above_threshold' && !alerting) {
		state.alerting = true;
		return alertItem('above_threshold');
	}
	const recovered =
		verdict === 'below_threshold' || (verdict === 'low_volume' && rule.lowTrafficRecovers);
	if (recovered && state.alerting === true) {
		state.alerting = false;
		return notifyOnRecovery ? alertItem('recovered', { recovered_by: verdict }) : null;
	}
	return null;
}
