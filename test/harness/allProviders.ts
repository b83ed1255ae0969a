import type { INode } from 'n8n-workflow';

import { FakeBetatel, makeRecords } from '../../sandbox/servers/betatel';
import { FakeNinetyNineDigital, sampleNumbers } from '../../sandbox/servers/ninetyNineDigital';
import { FakeWhatomate } from '../../sandbox/servers/whatomate';
import type { MemoryCredentialsHelper } from './credentials';
import { chain, runWorkflow } from './engine';
import { served } from './served';

/**
 * The three fake providers for the tests of input every node must refuse, and the check that
 * a node refused it with a NodeOperationError before sending anything to any of them.
 */
export function allProviders() {
	const betatel = served(new FakeBetatel());
	const ninetyNine = served(new FakeNinetyNineDigital());
	const whatomate = served(new FakeWhatomate('documented'));
	const servers = [betatel, ninetyNine, whatomate];
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

	return { betatel, ninetyNine, whatomate, requestsSent, expectRefusedBeforeSending };
}
