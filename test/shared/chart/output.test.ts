import { DateTime } from 'luxon';
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { PNG } from 'pngjs';

import { chain, runWorkflow } from '../../harness/engine';
import { FakeBetatel, makeVariedRecords } from '../../../sandbox/servers/betatel';
import { FakeNinetyNineDigital } from '../../../sandbox/servers/ninetyNineDigital';
import { FakeWhatomate } from '../../../sandbox/servers/whatomate';
import { STATS_COLUMNS } from '../../../shared/normalize';
import { betatelCredentials, betatelNode } from '../../betatel/fixtures';
import {
	freshAccount,
	ninetyNineDigitalCredentials,
	ninetyNineDigitalNode,
} from '../../ninetyNineDigital/fixtures';
import { whatomateCredentials, whatomateNode } from '../../whatomate/fixtures';

/**
 * The Output choice of every statistics operation, through n8n's engine and real HTTP: the
 * chart is a PNG in the binary field asked for, that an independent decoder reads.
 */
const betatel = new FakeBetatel();
const ninetyNine = new FakeNinetyNineDigital();
const whatomate = new FakeWhatomate('documented');
/** Current Whatomate releases serve the agent reports, which the documented servers do not. */
const whatomateCurrent = new FakeWhatomate('current');
const servers = [betatel, ninetyNine, whatomate, whatomateCurrent];
beforeAll(async () => await Promise.all(servers.map(async (server) => await server.start())));
afterAll(async () => await Promise.all(servers.map(async (server) => await server.stop())));
beforeEach(() => {
	betatel.reset();
	whatomate.reset();
	whatomateCurrent.reset();
	freshAccount(ninetyNine);
});

async function betatelRun(parameters: IDataObject) {
	return await runWorkflow(chain(betatelNode(parameters)), betatelCredentials(betatel));
}

function chartOf(item: INodeExecutionData, field = 'chart'): { meta: IBinaryData; image: PNG } {
	const meta = item.binary?.[field];
	if (!meta) throw new Error(`no binary field ${field}`);
	return { meta, image: PNG.sync.read(Buffer.from(meta.data, 'base64')) };
}

const dailyStats = {
	resource: 'whatsapp',
	operation: 'getStatistics',
	statType: 'daily',
	startTime: '2026-11-01T00:00:00',
	endTime: '2026-11-07T12:00:00',
	timezone: 'Europe/Berlin',
};

describe('Betatel Get Statistics', () => {
	test('Items, the default, is unchanged: no binary', async () => {
		const result = await betatelRun(dailyStats);
		expect(result.output('Betatel')).toHaveLength(7);
		expect(result.output('Betatel').every((item) => item.binary === undefined)).toBe(true);
	});

	test('Items and Chart: the same items, the chart on the first one', async () => {
		const plain = (await betatelRun(dailyStats)).json('Betatel');
		const result = await betatelRun({ ...dailyStats, output: 'itemsAndChart' });
		const output = result.output('Betatel');
		expect(output.map((item) => item.json)).toEqual(plain);
		expect(output.map((item) => Object.keys(item.binary ?? {}))).toEqual([
			['chart'],
			[],
			[],
			[],
			[],
			[],
			[],
		]);
		const { meta, image } = chartOf(output[0]);
		expect(meta).toMatchObject({
			mimeType: 'image/png',
			fileName: 'betatel-whatsapp-statistics-2026-11-01-to-2026-11-07.png',
			fileExtension: 'png',
		});
		expect([image.width, image.height]).toEqual([960, 540]);
		expect(output.map((item) => item.pairedItem)).toEqual(output.map(() => ({ item: 0 })));
	});

	test("Chart Only: one item of the range's totals, the chart in the field asked for", async () => {
		const items = (await betatelRun(dailyStats)).json('Betatel');
		const result = await betatelRun({ ...dailyStats, output: 'chart', chartField: 'weekly_png' });
		const [only, ...rest] = result.output('Betatel');
		expect(rest).toEqual([]);
		const sum = (key: string) => items.reduce((total, item) => total + Number(item[key]), 0);
		expect(Object.keys(only.json)).toEqual([...STATS_COLUMNS]);
		expect(only.json).toMatchObject({
			provider: 'betatel',
			channel: 'whatsapp',
			granularity: 'range',
			sent: sum('sent'),
			failed: sum('failed'),
			period_start: '2026-11-01T00:00:00+01:00',
			period_end: '2026-11-08T00:00:00+01:00',
			timezone: 'Europe/Berlin',
		});
		expect(chartOf(only, 'weekly_png').image.width).toBe(960);
	});

	test('a binary field name that is not usable is refused by its field, before any request', async () => {
		const result = await betatelRun({ ...dailyStats, output: 'chart', chartField: 'my chart!' });
		expect(result.error?.message).toBe(
			'Put Chart in Field: "my chart!" is not a usable binary field name',
		);
		expect(betatelRequests()).toBe(0);
	});

	test('an Output that is not one of the choices is refused by its field', async () => {
		const result = await betatelRun({ ...dailyStats, output: 'pdf' });
		expect(result.error?.message).toMatch(/^Output: "pdf" is not/);
		expect(betatelRequests()).toBe(0);
	});

	test('an empty range draws a chart that says so, and totals of null', async () => {
		betatel.queue({ status: 200, body: [] });
		const result = await betatelRun({ ...dailyStats, output: 'chart' });
		const [only] = result.output('Betatel');
		expect(only.json).toMatchObject({
			sent: null,
			failed: null,
			period_start: '2026-11-01T00:00:00+01:00',
		});
		expect(chartOf(only).image.width).toBe(960);
	});
});

function betatelRequests(): number {
	return betatel.requests.filter((request) => !request.path.startsWith('/__')).length;
}

describe('Betatel Summarize', () => {
	test('by network: a chart of groups; split by time only: a series', async () => {
		const start = DateTime.fromISO('2026-11-28T00:00:00Z');
		betatel.records.whatsapp = makeVariedRecords(600, { start, stepSeconds: 60 });
		const base = {
			resource: 'whatsapp',
			operation: 'summarize',
			createdAfter: start.toISO(),
			createdBefore: start.plus({ hours: 10 }).toISO(),
			timezone: 'UTC',
			output: 'chart',
		};
		const byNetwork = (await betatelRun({ ...base, groupBy: ['network'] })).output('Betatel');
		expect(byNetwork).toHaveLength(1);
		expect(byNetwork[0].json.sent).toBe(600);
		expect(chartOf(byNetwork[0]).meta.fileName).toBe(
			'betatel-whatsapp-delivery-records-by-network-2026-11-28.png',
		);
		const hourly = (await betatelRun({ ...base, groupBy: [], timeGrouping: 'hour' })).output(
			'Betatel',
		);
		expect(hourly[0].json).toMatchObject({ sent: 600, granularity: 'range' });
	});
});

describe('99digital Get Conversation Statistics', () => {
	test('a chart of conversations per month', async () => {
		const result = await runWorkflow(
			chain(
				ninetyNineDigitalNode({
					operation: 'getConversationStatistics',
					startMonth: '2025-01',
					endMonth: '2025-06',
					timezone: 'UTC',
					output: 'itemsAndChart',
				}),
			),
			ninetyNineDigitalCredentials(ninetyNine),
		);
		const output = result.output('99digital');
		expect(output.length).toBeGreaterThan(0);
		const { meta, image } = chartOf(output[0]);
		expect(meta.fileName).toMatch(
			/^99digital-whatsapp-conversations-2025-01-01-to-2025-06-30\.png$/,
		);
		expect(image.height).toBe(540);
	});
});

describe('Whatomate', () => {
	const range = { startDate: '2026-11-01T00:00:00', endDate: '2026-11-07T00:00:00' };
	async function run(parameters: IDataObject, server = whatomate) {
		return await runWorkflow(chain(whatomateNode(parameters)), whatomateCredentials(server));
	}

	test('message analytics: totals of the timeline, not the summary counted twice', async () => {
		const items = (await run({ operation: 'getMessageAnalytics', ...range })).json('Whatomate');
		const [only] = (
			await run({ operation: 'getMessageAnalytics', ...range, output: 'chart' })
		).output('Whatomate');
		const timeline = items.filter((item) => item.granularity !== 'range');
		expect(only.json.sent).toBe(timeline.reduce((total, item) => total + Number(item.sent), 0));
		expect(chartOf(only).meta.fileName).toBe(
			'whatomate-whatsapp-messages-2026-11-01-to-2026-11-07.png',
		);
	});

	test('chatbot analytics chart the flows; agent comparison charts the agents', async () => {
		const chatbot = (
			await run({ operation: 'getChatbotAnalytics', ...range, output: 'itemsAndChart' })
		).output('Whatomate');
		expect(chatbot).toHaveLength(1);
		expect(chatbot[0].json.report).toBe('chatbot');
		expect(chartOf(chatbot[0]).image.width).toBe(960);
		const agents = (
			await run({ operation: 'compareAgents', ...range, output: 'chart' }, whatomateCurrent)
		).output('Whatomate');
		expect(agents).toHaveLength(1);
		expect(agents[0].json.transfers_handled).toBeGreaterThan(0);
	});

	test('agent analytics chart the transfers of each trend bucket', async () => {
		const output = (
			await run(
				{ operation: 'getAgentAnalytics', ...range, output: 'itemsAndChart' },
				whatomateCurrent,
			)
		).output('Whatomate');
		expect(output.length).toBeGreaterThan(1);
		expect(chartOf(output[0]).meta.fileName).toBe(
			'whatomate-whatsapp-agent-transfers-2026-11-01-to-2026-11-07.png',
		);
	});

	test('an agent figure that is not a number is refused by its name', async () => {
		whatomateCurrent.queue({
			status: 200,
			body: {
				status: 'success',
				data: { agents: [{ agent_id: 'a1', agent_name: 'Dana', transfers_handled: 'many' }] },
			},
		});
		const result = await run(
			{ operation: 'compareAgents', ...range, output: 'chart' },
			whatomateCurrent,
		);
		expect(result.error?.message).toBe(
			'transfers_handled: "many" is not a number, so it cannot be charted',
		);
	});

	test('the dashboard, one total, offers Items and Raw only', async () => {
		const result = await run({ operation: 'getDashboard', period: 'month', output: 'chart' });
		expect(result.error?.message).toMatch(/^Output: "chart" is not/);
	});
});
