import type { INode } from 'n8n-workflow';

import { FakeBetatel, makeRecords } from '../../sandbox/servers/betatel';
import { FakeNinetyNineDigital, sampleNumbers } from '../../sandbox/servers/ninetyNineDigital';
import { FakeWhatomate } from '../../sandbox/servers/whatomate';
import { betatelCredentials, betatelNode } from '../betatel/fixtures';
import type { MemoryCredentialsHelper } from '../harness/credentials';
import { chain, runWorkflow } from '../harness/engine';
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
