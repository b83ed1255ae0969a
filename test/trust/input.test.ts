import { DateTime } from 'luxon';
import type { IDataObject, INode } from 'n8n-workflow';

import { testCredential } from '../harness/credentialTest';
import type { MemoryCredentialsHelper } from '../harness/credentials';
import { chain, node, PollingTrigger, runWorkflow } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import { FakeBetatel, makeRecords } from '../../sandbox/servers/betatel';
import { FakeNinetyNineDigital, sampleNumbers } from '../../sandbox/servers/ninetyNineDigital';
import { FakeWhatomate } from '../../sandbox/servers/whatomate';
import { betatelCredentials, betatelNode } from '../betatel/fixtures';
import { ninetyNineDigitalCredentials, ninetyNineDigitalNode } from '../ninetyNineDigital/fixtures';
import { whatomateCredentials, whatomateNode } from '../whatomate/fixtures';

const betatel = new FakeBetatel();
const ninetyNine = new FakeNinetyNineDigital();
const whatomate = new FakeWhatomate('documented');
const servers = [betatel, ninetyNine, whatomate];

beforeAll(async () => {
	for (const server of servers) await server.start();
});
afterAll(async () => {
	for (const server of servers) await server.stop();
});
beforeEach(() => {
	for (const server of servers) server.reset();
	ninetyNine.numbers = sampleNumbers();
	betatel.records.whatsapp = makeRecords('whatsapp', 30);
});

const requestsSent = () => servers.reduce((sum, server) => sum + server.requests.length, 0);

async function expectRefusedBeforeSending(
	nodeUnderTest: INode,
	credentials: MemoryCredentialsHelper,
	message: RegExp,
	description?: RegExp,
): Promise<void> {
	const result = await runWorkflow(chain(nodeUnderTest), credentials);
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.message).toMatch(message);
	if (description) expect(result.error?.description).toMatch(description);
	expect(requestsSent()).toBe(0);
}

const betatelList = (parameters: IDataObject = {}) =>
	betatelNode({
		resource: 'whatsapp',
		operation: 'getAll',
		returnAll: false,
		limit: 5,
		...parameters,
	});

describe('an empty secret is never sent', () => {
	it.each([
		['apiKey', /^API Key in the credential "Betatel Connect Hub API" is empty/],
		['accountId', /^Account ID in the credential "Betatel Connect Hub API" is empty/],
	])('Betatel with an empty %s', async (field, message) => {
		await expectRefusedBeforeSending(
			betatelList(),
			betatelCredentials(betatel, { [field]: '' }),
			message,
		);
	});

	it.each([
		['clientId', /^Client ID in the credential "99digital Partners API" is empty/],
		['clientSecret', /^Client Secret in the credential "99digital Partners API" is empty/],
	])(
		'99digital with an empty %s: no token request, so no step towards the IP block',
		async (field, message) => {
			const result = await runWorkflow(
				chain(ninetyNineDigitalNode({ operation: 'getConversationStatistics' })),
				ninetyNineDigitalCredentials(ninetyNine, { [field]: '  ' }),
			);
			expect(result.error?.message).toMatch(message);
			expect(requestsSent()).toBe(0);
			const outcome = await testCredential('ninetyNineDigitalApi', {
				clientId: field === 'clientId' ? '' : ninetyNine.clientId,
				clientSecret: field === 'clientSecret' ? '' : ninetyNine.clientSecret,
				baseUrl: ninetyNine.url,
				accessToken: '',
			});
			expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(message) });
			expect(requestsSent()).toBe(0);
		},
	);

	it('Whatomate with an empty API key', async () => {
		await expectRefusedBeforeSending(
			whatomateNode({ operation: 'compareAgents' }),
			whatomateCredentials(whatomate, { apiKey: '' }),
			/^API Key in the credential "Whatomate API" is empty/,
		);
	});
});

describe('a base URL that is not http(s) names the credential and the field', () => {
	it('Betatel', async () => {
		await expectRefusedBeforeSending(
			betatelList(),
			betatelCredentials(betatel, { baseUrl: 'ftp://api.betatel.com' }),
			/^Base URL in the credential "Betatel Connect Hub API" must start with https:\/\/ \(or http:\/\/ for a server on your own network\): "ftp:\/\/api.betatel.com" does not$/,
		);
	});

	it('99digital, before the token exchange', async () => {
		await expectRefusedBeforeSending(
			ninetyNineDigitalNode({ operation: 'getConversationStatistics' }),
			ninetyNineDigitalCredentials(ninetyNine, { baseUrl: 'partners.99digital.co.il' }),
			/^Base URL in the credential "99digital Partners API" must start with https:\/\/ \(or http:\/\/ for a server on your own network\): "partners.99digital.co.il" does not$/,
		);
	});
});

describe('a record uuid cannot walk to another endpoint', () => {
	it.each(['..', '.', '../wdr', 'a/b', 'x?page=2', 'a%2F..', 'x'.repeat(129)])(
		'"%s" is refused naming Record UUID',
		async (uuid) => {
			await expectRefusedBeforeSending(
				betatelNode({ resource: 'whatsapp', operation: 'get', uuid }),
				betatelCredentials(betatel),
				/^Record UUID: ".*" is not a record uuid$/,
				/1 to 128 letters, digits/,
			);
		},
	);

	it('a real uuid still reads its record', async () => {
		const uuid = betatel.records.whatsapp[3].uuid;
		const result = await runWorkflow(
			chain(betatelNode({ resource: 'whatsapp', operation: 'get', uuid })),
			betatelCredentials(betatel),
		);
		expect(result.error).toBeUndefined();
		expect(result.json('Betatel')[0].uuid).toBe(uuid);
	});
});

describe('an option given by expression is checked against its list', () => {
	it.each([
		[
			betatelList({ sortBy: '={{ "bogus" }}' }),
			/^Sort By: "bogus" is not one of the allowed values$/,
			/country, delivery_time, network, to, status, timestamp/,
		],
		[
			betatelList({ sortDirection: '={{ "sideways" }}' }),
			/^Sort Direction: "sideways"/,
			/DESC, ASC/,
		],
		[
			betatelList({ filters: { status: '={{ "LOST" }}' } }),
			/^Status: "LOST"/,
			/PENDING, QUEUED, SENT/,
		],
		[
			betatelNode({ resource: 'sms', operation: 'getAll', returnAll: false, limit: 1 }),
			/^Resource: "sms"/,
			/telegram, whatsapp/,
		],
		[
			betatelNode({ resource: 'whatsapp', operation: 'getStatistics', statType: 'decade' }),
			/^Period: "decade" is not a Betatel stat type/,
			/today, hourly/,
		],
		[
			whatomateNode({ operation: 'getDashboard', period: '={{ "decade" }}' }),
			/^Period: "decade"/,
			/custom, month, week, year, today/,
		],
		[
			whatomateNode({ operation: 'getMessageAnalytics', granularity: '={{ "fortnight" }}' }),
			/^Granularity: "fortnight"/,
			/hour, day, week, month/,
		],
		[
			whatomateNode({ operation: 'getAgentAnalytics', groupBy: '={{ "month" }}' }),
			/^Group By: "month"/,
			/day, week/,
		],
		[
			whatomateNode({ operation: 'getAgentAnalytics', output: '={{ "xml" }}' }),
			/^Output: "xml"/,
			/normalized, itemsAndChart, chart, raw/,
		],
	] as Array<[INode, RegExp, RegExp]>)('%#: %s', async (nodeUnderTest, message, allowed) => {
		const credentials = nodeUnderTest.type.endsWith('whatomate')
			? whatomateCredentials(whatomate)
			: betatelCredentials(betatel);
		await expectRefusedBeforeSending(nodeUnderTest, credentials, message, allowed);
	});

	it('letter case is forgiven: "desc" is DESC', async () => {
		const result = await runWorkflow(
			chain(betatelList({ sortDirection: '={{ "desc" }}' })),
			betatelCredentials(betatel),
		);
		expect(result.error).toBeUndefined();
		expect((betatel.requests[0].body as IDataObject).sort_direction).toBe('DESC');
	});

	it.each([
		[{ window: 'lastyear' }, /^Window: "lastyear"/],
		[{ channel: 'sms' }, /^Channel: "sms"/],
	])('the trigger refuses %j before polling', async (parameters, message) => {
		const poller = new PollingTrigger(
			node(
				nodeType('betatelTrigger'),
				{ event: 'failureRateAboveThreshold', channel: 'whatsapp', ...parameters },
				{
					name: 'Betatel Trigger',
					credentials: { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } },
				},
			),
			betatelCredentials(betatel),
		);
		await expect(poller.poll()).rejects.toThrow(message);
		expect(requestsSent()).toBe(0);
	});
});

describe('an operation no file serves is an error naming the field', () => {
	it.each([
		[
			'Betatel',
			() => betatelNode({ resource: 'whatsapp', operation: 'getEverything' }),
			() => betatelCredentials(betatel),
		],
		[
			'99digital',
			() => ninetyNineDigitalNode({ operation: 'getEverything' }),
			() => ninetyNineDigitalCredentials(ninetyNine),
		],
		[
			'Whatomate',
			() => whatomateNode({ operation: 'getEverything' }),
			() => whatomateCredentials(whatomate),
		],
	])('%s', async (_provider, makeNode, credentials) => {
		await expectRefusedBeforeSending(
			makeNode(),
			credentials(),
			/^Operation: "getEverything" is not one of the allowed values/,
		);
	});
});

describe('a resource the node does not have is an error naming the field, in every node', () => {
	it.each([
		[
			'Betatel',
			() => betatelNode({ resource: 'sms', operation: 'getStatistics' }),
			() => betatelCredentials(betatel),
		],
		[
			'99digital',
			() => ninetyNineDigitalNode({ resource: 'sms', operation: 'getAll' }),
			() => ninetyNineDigitalCredentials(ninetyNine),
		],
		[
			'Whatomate',
			() => whatomateNode({ resource: 'sms', operation: 'getDashboard' }),
			() => whatomateCredentials(whatomate),
		],
	])('%s', async (_provider, makeNode, credentials) => {
		await expectRefusedBeforeSending(
			makeNode(),
			credentials(),
			/^Resource: "sms" is not one of the allowed values/,
		);
	});
});

describe('the bounds the editor shows hold for expressions too', () => {
	it.each([
		[
			{ returnAll: true, options: { maxConcurrency: 17 } },
			/^Max Concurrent Requests: must be a whole number from 1 to 16, got 17$/,
		],
		[
			{ returnAll: true, options: { maxConcurrency: 0 } },
			/^Max Concurrent Requests: must be a whole number from 1 to 16, got 0$/,
		],
		[
			{ returnAll: false, limit: 10_001 },
			/^Limit: must be a whole number from 1 to 10000, got 10001$/,
		],
		[{ returnAll: false, limit: 2.5 }, /^Limit: must be a whole number from 1 to 10000, got 2.5$/],
	])('%j', async (parameters, message) => {
		await expectRefusedBeforeSending(betatelList(parameters), betatelCredentials(betatel), message);
	});
});

it('99digital Get Many holds Limit to the same bounds', async () => {
	await expectRefusedBeforeSending(
		ninetyNineDigitalNode({ operation: 'getAll', returnAll: false, limit: '={{ 10001 }}' }),
		ninetyNineDigitalCredentials(ninetyNine),
		/^Limit: must be a whole number from 1 to 10000, got 10001$/,
	);
});

describe('a range needing more intervals than the node computes', () => {
	it('is refused naming Start, with what to change', async () => {
		await expectRefusedBeforeSending(
			betatelNode({
				resource: 'whatsapp',
				operation: 'getStatistics',
				statType: 'hourly',
				startTime: DateTime.fromISO('2024-01-01T00:00:00Z').toISO(),
				endTime: DateTime.fromISO('2026-01-01T00:00:00Z').toISO(),
				timezone: 'UTC',
			}),
			betatelCredentials(betatel),
			/^Start: the range holds about 17,545 hour intervals, more than the 10,000 the node computes$/,
			/coarser period .* or a shorter range/,
		);
	});

	it('a year of hours is still fine', async () => {
		const result = await runWorkflow(
			chain(
				betatelNode({
					resource: 'whatsapp',
					operation: 'getStatistics',
					statType: 'hourly',
					startTime: '2025-01-01T00:00:00Z',
					endTime: '2025-12-31T23:00:00Z',
					timezone: 'UTC',
				}),
			),
			betatelCredentials(betatel),
		);
		expect(result.error).toBeUndefined();
		expect(result.json('Betatel')).toHaveLength(8760);
	});
});
