import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { chain, fixtureItems, runWorkflow } from '../../harness/engine';
import {
	countGroups,
	FakeBetatel,
	makeRecord,
	makeVariedRecords,
} from '../../../sandbox/servers/betatel';
import { RELATIVE_ERROR } from '../../../packages/n8n-nodes-betatel/nodes/Betatel/helpers/quantileSketch';
import { betatelCredentials, betatelNode } from '../fixtures';
import { served } from '../../harness/served';

/**
 * Summarize through the engine and real HTTP: its groups against counts made record by
 * record from the fake's own data, and what it does when records arrive during the read.
 */
const server = served(new FakeBetatel());
const START = DateTime.fromISO('2026-03-28T00:00:00Z');
const RECORDS = 3000;
beforeEach(() => {
	server.reset();
	// one record a minute over about two days, across the European DST change of 29 March
	server.records.whatsapp = makeVariedRecords(RECORDS, { start: START, stepSeconds: 60 });
});

const FROM = START.plus({ hours: 5, minutes: 30 });
const TO = START.plus({ hours: 40 });

function summarize(parameters: IDataObject = {}, inputs?: IDataObject[]) {
	const node = betatelNode({
		resource: 'whatsapp',
		operation: 'summarize',
		createdAfter: FROM.toISO(),
		createdBefore: TO.toISO(),
		groupBy: ['network'],
		timeGrouping: 'none',
		timezone: 'UTC',
		...parameters,
	});
	return runWorkflow(
		inputs ? chain(fixtureItems(inputs), node) : chain(node),
		betatelCredentials(server),
	);
}

/** The value at rank ⌊q·(n−1)⌋, as the sketch defines its quantiles. */
function exactQuantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(q * (sorted.length - 1))];
}

function expectMatchesOracle(
	items: IDataObject[],
	keyOf: (item: IDataObject) => string,
	expected: ReturnType<typeof countGroups>,
) {
	expect(items.map(keyOf).sort()).toEqual([...expected.keys()].sort());
	for (const item of items) {
		const group = expected.get(keyOf(item))!;
		expect([item.sent, item.delivered, item.read, item.failed]).toEqual([
			group.sent,
			group.delivered,
			group.read,
			group.failed,
		]);
		expect(item.failure_rate).toBe(Math.round((group.failed / group.sent) * 10_000) / 100);
		for (const [q, key] of [
			[0.5, 'delivery_time_median_ms'],
			[0.95, 'delivery_time_p95_ms'],
		] as const) {
			if (group.deliveryTimes.length === 0) {
				expect(item[key]).toBeNull();
				continue;
			}
			const exact = exactQuantile(group.deliveryTimes, q);
			expect(Math.abs((item[key] as number) - exact)).toBeLessThanOrEqual(
				exact * RELATIVE_ERROR + 1,
			);
		}
	}
}

describe('Betatel Summarize', () => {
	it('by network: exact counts, rates and delivery-time quantiles, ', async () => {
		const result = await summarize();
		expect(result.error).toBeUndefined();
		const items = result.json('Betatel');
		expectMatchesOracle(
			items,
			(item) => String(item.network),
			countGroups(server.records.whatsapp, { from: FROM, to: TO, fields: ['network'] }),
		);
		expect(items[0]).toMatchObject({
			provider: 'betatel',
			channel: 'whatsapp',
			report: 'delivery_records',
			granularity: 'range',
			period_start: '2026-03-28T05:30:00Z',
			period_end: '2026-03-29T16:00:00Z',
			network: 'm:tel',
		});
	});

	it('delivery times count delivered records only: a group of undelivered ones has none', async () => {
		const at = (minutes: number) => FROM.plus({ minutes });
		server.records.whatsapp = [
			makeRecord('whatsapp', at(1), { network: 'm:tel', status: 'FAILED', delivery_time: 0 }),
			makeRecord('whatsapp', at(2), { network: 'm:tel', status: 'EXPIRED', delivery_time: 0 }),
			makeRecord('whatsapp', at(3), { network: 'A1', status: 'FAILED', delivery_time: 0 }),
			makeRecord('whatsapp', at(4), { network: 'A1', status: 'DELIVERED', delivery_time: 3000 }),
			makeRecord('whatsapp', at(5), { network: 'A1', status: 'READ', delivery_time: 5000 }),
		].reverse();
		const result = await summarize();
		expect(result.error).toBeUndefined();
		const byNetwork = new Map(result.json('Betatel').map((item) => [item.network, item]));
		expect(byNetwork.get('m:tel')).toMatchObject({
			sent: 2,
			failed: 2,
			delivery_time_median_ms: null,
			delivery_time_p95_ms: null,
		});
		const a1 = byNetwork.get('A1')!;
		expect(a1).toMatchObject({ sent: 3, delivered: 2, failed: 1 });
		expect(Math.abs(Number(a1.delivery_time_median_ms) - 3000)).toBeLessThanOrEqual(
			3000 * RELATIVE_ERROR,
		);
	});

	it('reads no page past the start of the range, beyond those already in flight', async () => {
		// the newest 300 records, pages 1–3 of 30; page 4 holds the first record before the range
		const newest = DateTime.fromISO(String(server.records.whatsapp.at(-1)!.timestamp));
		const result = await summarize({
			groupBy: [],
			createdAfter: newest.minus({ minutes: 299 }).toISO(),
			createdBefore: newest.plus({ minutes: 1 }).toISO(),
			options: { concurrencyMode: 'fixed', maxConcurrency: 2 },
		});
		expect(result.json('Betatel')[0].sent).toBe(300);
		const pages = server.requests.map((request) => (request.body as IDataObject).page as number);
		expect(Math.max(...pages)).toBeLessThanOrEqual(6);
	});

	it('by status and country, per hour in Europe/Berlin across the DST change', async () => {
		const result = await summarize({
			groupBy: ['country', 'status'],
			timeGrouping: 'hour',
			timezone: 'Europe/Berlin',
		});
		expect(result.error).toBeUndefined();
		const items = result.json('Betatel');
		expectMatchesOracle(
			items,
			(item) => [item.period_start, item.country, item.status].join('|'),
			countGroups(server.records.whatsapp, {
				from: FROM,
				to: TO,
				fields: ['country', 'status'],
				time: 'hour',
				zone: 'Europe/Berlin',
			}),
		);
		// 02:00 does not exist on 29 March in Berlin: 01:00+01:00 is followed by 03:00+02:00
		const periods = [...new Set(items.map((item) => `${item.period_start} ${item.period_end}`))];
		expect(periods).toContain('2026-03-29T01:00:00+01:00 2026-03-29T03:00:00+02:00');
		const starts = items.map((item) => Date.parse(String(item.period_start)));
		expect(starts).toEqual([...starts].sort((a, b) => a - b));
	});

	it('records that arrive at the head during the read are left out, and the ones they push down counted once', async () => {
		const before = countGroups(server.records.whatsapp, { from: FROM, to: TO, fields: [] });
		server.beforeListPage = (channel) => {
			const newest = DateTime.fromISO(String(server.records[channel].at(-1)!.timestamp));
			for (let i = 1; i <= 7; i++)
				server.records[channel].push(makeRecord(channel, newest.plus({ seconds: i })));
		};
		const result = await summarize({
			groupBy: [],
			createdBefore: START.plus({ days: 10 }).toISO(),
		});
		expect(result.error).toBeUndefined();
		// the first page is answered after the first 7 arrivals: the list as it stood then
		const whole = countGroups(server.records.whatsapp.slice(0, RECORDS + 7), {
			from: FROM,
			to: START.plus({ days: 10 }),
			fields: [],
		});
		expect(result.json('Betatel')).toHaveLength(1);
		expect(result.json('Betatel')[0].sent).toBe(whole.get('')!.sent);
		expect(before.get('')!.sent).toBeLessThan(whole.get('')!.sent);
	});

	it('one summary per input item, paired; a bad item becomes an error item with Continue On Fail', async () => {
		const node = betatelNode(
			{
				resource: 'whatsapp',
				operation: 'summarize',
				createdAfter: '={{ $json.after }}',
				createdBefore: TO.toISO(),
				groupBy: [],
				timeGrouping: 'none',
				timezone: 'UTC',
			},
			{ onError: 'continueRegularOutput' },
		);
		const result = await runWorkflow(
			chain(
				fixtureItems([
					{ after: FROM.toISO() },
					{ after: 'yesterday-ish' },
					{ after: TO.minus({ hours: 1 }).toISO() },
				]),
				node,
			),
			betatelCredentials(server),
		);
		const output = result.output('Betatel');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.sent).toBeGreaterThan(output[2].json.sent as number);
		expect(output[2].json.sent).toBe(60);
		expect(output[1].json.error).toMatch(/^Created After:/);
	});

	it.each([
		[{ groupBy: ['operator'] }, /^Group By: "operator" is not one of the allowed values/],
		[{ timeGrouping: 'minute' }, /^Split By Time:/],
		[{ createdAfter: TO.toISO(), createdBefore: FROM.toISO() }, /Created/],
		[{ timezone: 'Mars/Olympus' }, /^Time Zone:/],
		[{ filters: { status: 'LOST' } }, /^Status:/],
		[{ options: { maxConcurrency: 99 } }, /^Max Concurrent Requests:/],
	])('refuses bad input before any request: %j', async (parameters, message) => {
		const result = await summarize(parameters);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect(server.requests).toHaveLength(0);
	});
});
