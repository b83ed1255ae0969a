import { DateTime } from 'luxon';

import { parseTimestamp } from '../../../packages/n8n-nodes-betatel/nodes/Betatel/transport/records';
import { FakeBetatel, makeRecord } from '../../../sandbox/servers/betatel';
import { chain, runWorkflow } from '../../harness/engine';
import { served } from '../../harness/served';
import { betatelCredentials, betatelNode, recordAt, sqlTime, unreadableTime } from '../fixtures';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	server.records.whatsapp = [];
});

describe('record timestamps, in the forms real APIs send', () => {
	const instant = Date.UTC(2026, 11, 3, 8, 50, 0);
	it.each([
		['ISO 8601 with Z', '2026-12-03T08:50:00Z', instant],
		['ISO 8601 with an offset', '2026-12-03T10:50:00+02:00', instant],
		['ISO 8601 without a zone, as UTC', '2026-12-03T08:50:00', instant],
		['ISO 8601 with milliseconds', '2026-12-03T08:50:00.000Z', instant],
		['SQL with a space, as UTC', '2026-12-03 08:50:00', instant],
		['SQL with an offset', '2026-12-03 09:50:00 +01:00', instant],
		['epoch seconds', instant / 1000, instant],
		['epoch seconds as text', String(instant / 1000), instant],
		['epoch milliseconds', instant, instant],
		['epoch milliseconds as text', String(instant), instant],
	])('%s', (_, value, expected) => {
		expect(parseTimestamp(value)).toBe(expected);
	});

	it.each([['sometime last week'], [''], [null], [undefined], [{}]])(
		'%p cannot be read: NaN',
		(value) => {
			expect(parseTimestamp(value)).toBeNaN();
		},
	);

	const luxonMillis = (text: string) => {
		const read = DateTime.fromISO(text, { zone: 'utc' });
		return read.isValid ? read.toMillis() : NaN;
	};

	it("the API's own form, read by arithmetic, is the instant luxon reads, across years, zones and precision", () => {
		const zones = ['Z', '+00:00', '+02:00', '-05:00', '+05:45', '-09:30', '+14:00', '-12:00'];
		let checked = 0;
		for (let step = 0; step < 5000; step++) {
			// instants from 1971 to 2100, a prime step apart so every field takes many values
			const at = DateTime.fromMillis(31_536_000_000 + step * 820_001_239, {
				zone: `UTC${zones[step % zones.length].replace('Z', '')}`,
			});
			const precise = at.toISO({ suppressMilliseconds: step % 3 === 0 })!;
			const text = step % zones.length === 0 ? precise.replace('+00:00', 'Z') : precise;
			expect([text, parseTimestamp(text)]).toEqual([text, luxonMillis(text)]);
			checked++;
		}
		expect(checked).toBe(5000);
	});

	it.each([
		'2026-02-29T00:00:00Z',
		'2024-02-29T23:59:59.9-05:00',
		'2026-02-30T00:00:00Z',
		'2026-04-31T12:00:00Z',
		'2026-13-01T00:00:00Z',
		'2026-12-02T24:00:00Z',
		'2026-12-02T23:60:00Z',
		'2026-12-02T23:59:60Z',
		'0050-01-01T00:00:00Z',
		'2026-12-02T09:41:00+25:00',
		'2026-12-02T09:41:00.12Z',
	])('%s reads as luxon reads it (within 1970 to 2199)', (text) => {
		const luxon = luxonMillis(text);
		expect(parseTimestamp(text)).toEqual(luxon >= 0 && luxon < Date.UTC(2200, 0, 1) ? luxon : NaN);
	});

	it.each([
		['epoch microseconds', 1_796_287_800_000_000, instant],
		['epoch microseconds as text', String(1_796_287_800_000_000), instant],
		['epoch nanoseconds', 1_796_287_800_000_000_000, instant],
	])('%s read as the instant they mean', (_, value, expected) => {
		expect(parseTimestamp(value)).toBe(expected);
	});

	it.each([
		['a time without a date', '08:50'],
		['a time with a zone and no date', '08:50:00Z'],
		['epoch 1e20', 1e20],
		['a year no API means', '56893-01-01T00:00:00Z'],
		['before 1970', '1969-12-31T23:59:59Z'],
		['a negative epoch', -5],
		['after 2199', '2200-01-01T00:00:00Z'],
		['a day past the end of February', '2026-02-30T00:00:00Z'],
	])('%s cannot be read: NaN', (_, value) => {
		expect(parseTimestamp(value)).toBeNaN();
	});
});

describe('Summarize and Get Many with odd timestamps', () => {
	it('Summarize counts a record whose time cannot be read under an unknown period, and reads SQL times as UTC', async () => {
		const dayStart = DateTime.utc().startOf('hour').minus({ hours: 3 });
		server.records.whatsapp = [];
		const inHour = makeRecord('whatsapp', dayStart.plus({ minutes: 10 }), { status: 'FAILED' });
		inHour.timestamp = sqlTime(dayStart.plus({ minutes: 10 }));
		const odd = makeRecord('whatsapp', dayStart.plus({ minutes: 20 }), { status: 'DELIVERED' });
		odd.timestamp = 'not a time';
		server.records.whatsapp.push(inHour, odd);
		const result = await runWorkflow(
			chain(
				betatelNode({
					resource: 'whatsapp',
					operation: 'summarize',
					createdAfter: dayStart.minus({ hours: 1 }).toISO(),
					createdBefore: dayStart.plus({ hours: 2 }).toISO(),
					groupBy: [],
					timeGrouping: 'hour',
					timezone: 'UTC',
				}),
			),
			betatelCredentials(server),
		);
		expect(result.error).toBeUndefined();
		const items = result.json('Betatel');
		expect(items.map((item) => [item.period_start, item.sent, item.failed])).toEqual([
			[dayStart.toISO({ suppressMilliseconds: true }), 1, 1],
			[null, 1, 0],
		]);
	});

	it('Get Many with Created After: a SQL time before the cutoff is left out, a time that cannot be read is kept', async () => {
		const recent = recordAt(server, 5, sqlTime, 'DELIVERED');
		const odd = recordAt(server, 6, unreadableTime, 'DELIVERED');
		recordAt(server, 120, sqlTime, 'DELIVERED');
		const result = await runWorkflow(
			chain(
				betatelNode({
					resource: 'whatsapp',
					operation: 'getAll',
					returnAll: true,
					filters: { createdAfter: DateTime.utc().minus({ hours: 1 }).toISO() },
					sortDirection: 'ASC',
				}),
			),
			betatelCredentials(server),
		);
		expect(result.error).toBeUndefined();
		expect(
			result
				.json('Betatel')
				.map((item) => item.uuid as string)
				.sort(),
		).toEqual([recent.uuid, odd.uuid].sort());
	});
});
