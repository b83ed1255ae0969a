import { DateTime } from 'luxon';

import {
	FakeBetatel,
	makeRecord,
	makeVariedRecords,
	type FakeChannel,
	type FakeRecord,
} from './servers/betatel';
import { FakeNinetyNineDigital, type FakeNumber } from './servers/ninetyNineDigital';
import { FakeModel } from './servers/model';
import { WebhookSink } from './servers/sink';
import { FakeWhatomate } from './servers/whatomate';
import { hourlyTraffic, seededRandom, type TrafficModel } from './traffic';

/** Where each sandbox service listens; the example workflows and credentials point here. */
/**
 * Six ports from `base` on: Betatel, 99digital, Whatomate (current, documented), the sink,
 * and the scripted chat model an AI agent example talks to.
 */
export function sandboxPorts(base: number) {
	return {
		betatel: base,
		ninetyNineDigital: base + 1,
		whatomate: base + 2,
		whatomateDocumented: base + 3,
		sink: base + 4,
		model: base + 5,
	};
}

export const SANDBOX_PORTS = sandboxPorts(5701);

/** Every service on a port the system picks: a service given no port takes a free one. */
export const ANY_FREE_PORTS: Partial<typeof SANDBOX_PORTS> = {};

export interface Sandbox {
	betatel: FakeBetatel;
	ninetyNineDigital: FakeNinetyNineDigital;
	whatomate: FakeWhatomate;
	whatomateDocumented: FakeWhatomate;
	sink: WebhookSink;
	model: FakeModel;
	stop(): Promise<void>;
}

const STATUS_SHARES: Array<[string, number]> = [
	['DELIVERED', 0.78],
	['READ', 0.13],
	['SENT', 0.03],
	['FAILED', 0.035],
	['EXPIRED', 0.01],
	['PENDING', 0.015],
];

const NETWORKS = [
	['Bosnia and Herzegovina', 387, 'BH Telecom', '3876'],
	['Serbia', 381, 'Yettel', '3816'],
	['Croatia', 385, 'A1', '3859'],
	['Germany', 49, 'Telekom', '4915'],
	['Israel', 972, 'Partner', '9725'],
] as const;

/**
 * A week of WhatsApp records, denser over the last two hours, over five networks of which
 * m:tel fails about 30 % and delivers slowest: what the failing-network alert, the failed
 * deliveries export and Summarize need to show something, from the first start on.
 */
function whatsappRecords(): FakeRecord[] {
	const now = DateTime.utc().startOf('second');
	return [
		...makeVariedRecords(6000, { start: now.minus({ days: 7 }), stepSeconds: 100, seed: 3 }),
		...makeVariedRecords(720, { start: now.minus({ hours: 2 }), stepSeconds: 10, seed: 5 }),
	].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

/** A week of delivery records, a few percent failing, spread over the day like the traffic. */
export function sandboxRecords(channel: FakeChannel, count: number, seed: number): FakeRecord[] {
	const random = seededRandom(seed);
	const now = DateTime.utc();
	const records: FakeRecord[] = [];
	for (let i = 0; i < count; i++) {
		const at = now.minus({ seconds: Math.floor(random() * 7 * 24 * 3600) }).startOf('second');
		let pick = random();
		const status = STATUS_SHARES.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'DELIVERED';
		const [country, code, network, prefix] = NETWORKS[Math.floor(random() * NETWORKS.length)];
		const digits = `${prefix}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
		records.push(
			makeRecord(channel, at, {
				status,
				country,
				country_code: code,
				network,
				to: channel === 'telegram' ? `+${digits}` : digits,
			}),
		);
	}
	return records.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

function sandboxNumbers(): FakeNumber[] {
	const random = seededRandom(99);
	const names = [
		['972501000001', 'Support', 'Example Shop'],
		['972501000002', 'Sales', 'Example Shop'],
		['972521000003', 'Clinic Reminders', 'Example Clinic'],
		['972541000004', '', 'Example Delivery'],
	];
	const months: string[] = [];
	// Up to the month it already is in the zone furthest ahead of UTC (UTC+14), so that "this
	// month" has figures in any workflow's zone.
	const latest = DateTime.utc().plus({ hours: 14 });
	for (
		let month = DateTime.fromObject({ year: 2024, month: 12 });
		month <= latest;
		month = month.plus({ months: 1 })
	) {
		months.push(month.toFormat('MMyyyy'));
	}
	return names.map(([whatsapp, display_name, business_name], index) => ({
		whatsapp,
		display_name,
		business_name,
		isOnline: index !== 3,
		apiKey: `sandbox-number-key-${index + 1}`,
		months: Object.fromEntries(
			months.map((month) => {
				const scale = (index + 1) * 1000;
				return [
					month,
					{
						marketing: Math.round(scale * (0.5 + random())),
						service: Math.round(scale * 0.2 * (0.5 + random())),
						incoming: Math.round(scale * 0.4 * (0.5 + random())),
					},
				];
			}),
		),
	}));
}

/** The sandbox's WhatsApp statistics, six weeks of them; `npm start`'s live records follow it. */
export const WHATSAPP_TRAFFIC: TrafficModel = {
	days: 42,
	peakPerHour: 900,
	failureRate: 0.035,
	pricePerMessage: 0.02,
	seed: 1,
};

/** Starts every sandbox service with its data, on fixed ports unless told otherwise. */
export async function startSandbox(
	ports: Partial<typeof SANDBOX_PORTS> = SANDBOX_PORTS,
): Promise<Sandbox> {
	const betatel = new FakeBetatel();
	betatel.apiKey = 'sandbox-betatel-key';
	betatel.accountId = 'sandbox-account';
	betatel.traffic = {
		whatsapp: hourlyTraffic(WHATSAPP_TRAFFIC),
		telegram: hourlyTraffic({
			days: 42,
			peakPerHour: 400,
			failureRate: 0.02,
			pricePerMessage: 0.01,
			seed: 2,
		}),
	};
	betatel.records.whatsapp = whatsappRecords();
	betatel.records.telegram = sandboxRecords('telegram', 2000, 4);

	const ninetyNineDigital = new FakeNinetyNineDigital();
	ninetyNineDigital.clientId = 'sandbox-client';
	ninetyNineDigital.clientSecret = 'sandbox-secret';
	ninetyNineDigital.numbers = sandboxNumbers();

	const whatomate = new FakeWhatomate('current');
	whatomate.apiKey = 'sandbox-whatomate-key';
	const whatomateDocumented = new FakeWhatomate('documented');
	whatomateDocumented.apiKey = 'sandbox-whatomate-key';
	const sink = new WebhookSink();
	const model = new FakeModel();
	model.apiKey = 'sandbox-model-key';

	await betatel.start(ports.betatel ?? 0);
	await ninetyNineDigital.start(ports.ninetyNineDigital ?? 0);
	await whatomate.start(ports.whatomate ?? 0);
	await whatomateDocumented.start(ports.whatomateDocumented ?? 0);
	await sink.start(ports.sink ?? 0);
	await model.start(ports.model ?? 0);
	const all = [betatel, ninetyNineDigital, whatomate, whatomateDocumented, sink, model];
	return {
		betatel,
		ninetyNineDigital,
		whatomate,
		whatomateDocumented,
		sink,
		model,
		stop: async () => void (await Promise.all(all.map(async (server) => await server.stop()))),
	};
}

/** The credentials n8n imports to talk to the sandbox, in `n8n import:credentials` form. */
export function sandboxCredentials(sandbox: Sandbox): object[] {
	return [
		{
			id: 'sandboxBetatel01',
			name: 'Betatel (sandbox)',
			type: 'betatelApi',
			data: {
				apiKey: sandbox.betatel.apiKey,
				accountId: sandbox.betatel.accountId,
				baseUrl: sandbox.betatel.url,
			},
		},
		{
			id: 'sandbox99digital1',
			name: '99digital (sandbox)',
			type: 'ninetyNineDigitalApi',
			data: {
				clientId: sandbox.ninetyNineDigital.clientId,
				clientSecret: sandbox.ninetyNineDigital.clientSecret,
				baseUrl: sandbox.ninetyNineDigital.url,
				accessToken: '',
			},
		},
		{
			id: 'sandboxWhatomate1',
			name: 'Whatomate (sandbox, current release)',
			type: 'whatomateApi',
			data: { instanceUrl: sandbox.whatomate.url, apiKey: sandbox.whatomate.apiKey },
		},
		{
			id: 'sandboxWhatomate2',
			name: 'Whatomate (sandbox, documented API)',
			type: 'whatomateApi',
			data: {
				instanceUrl: sandbox.whatomateDocumented.url,
				apiKey: sandbox.whatomateDocumented.apiKey,
			},
		},
		{
			id: 'sandboxOpenAi01',
			name: 'OpenAI-compatible model (sandbox)',
			type: 'openAiApi',
			data: { apiKey: sandbox.model.apiKey, url: `${sandbox.model.url}/v1`, header: false },
		},
	];
}
