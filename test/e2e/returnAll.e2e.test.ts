import type { IDataObject } from 'n8n-workflow';

import { makeRecords } from '../../sandbox/servers/betatel';
import {
	ANY_FREE_PORTS,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import { execute, freshUserFolder, importJson, N8N_MAJOR } from './n8n';

/**
 * Return All in a real n8n, read as the packages read it on every n8n they support
 * (N8N_VERSION picks the cached n8n): one page at a time when asked, and every record once
 * through dropped connections.
 */
const RECORDS = 1300;
let sandbox: Sandbox;
let userFolder: string;

const getMany = (id: string, options: IDataObject) => ({
	id,
	name: `Return All ${id}`,
	active: false,
	nodes: [
		{
			id: 'start',
			name: 'Run now',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'read',
			name: 'Get Many',
			type: 'n8n-nodes-betatel.betatel',
			typeVersion: 1,
			position: [200, 0],
			parameters: { resource: 'whatsapp', operation: 'getAll', returnAll: true, options },
			credentials: { betatelApi: { id: 'sandboxBetatel01', name: 'Betatel (sandbox)' } },
		},
	],
	connections: { 'Run now': { main: [[{ node: 'Get Many', type: 'main', index: 0 }]] } },
	settings: {},
});

beforeAll(async () => {
	sandbox = await startSandbox(ANY_FREE_PORTS);
	userFolder = await freshUserFolder('e2e-return-all');
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	await importJson(userFolder, 'workflow', getMany('returnAllOneByOne', { maxConcurrency: 1 }));
	await importJson(userFolder, 'workflow', getMany('returnAllDefault', {}));
});
afterAll(async () => await sandbox?.stop());
beforeEach(() => {
	sandbox.betatel.reset();
	sandbox.betatel.records.whatsapp = makeRecords('whatsapp', RECORDS, { failEvery: 30 });
});

const lists = () =>
	sandbox.betatel.requests.filter((request) => request.path.endsWith('/whatsapp/wdr'));

describe(`Return All in a real n8n ${N8N_MAJOR}.x`, () => {
	it('Max Concurrent Requests 1: one request per page, one at a time, in page order', async () => {
		const run = await execute(userFolder, 'returnAllOneByOne');
		expect(run.status).toBe('success');
		expect(run.output('Get Many')).toHaveLength(RECORDS);
		expect(lists().map((request) => (request.body as IDataObject).page)).toEqual(
			Array.from({ length: RECORDS / 100 }, (_, index) => index + 1),
		);
		expect(sandbox.betatel.peakInFlight).toBe(1);
	});

	it('dropped connections in the middle of the read are retried, and every record comes once', async () => {
		let request = 0;
		sandbox.betatel.intercept = () => (++request % 4 === 0 ? 'reset' : undefined);
		const run = await execute(userFolder, 'returnAllDefault');
		expect(run.status).toBe('success');
		const uuids = run.output('Get Many').map((record) => record.uuid);
		expect(uuids).toHaveLength(RECORDS);
		expect(new Set(uuids).size).toBe(RECORDS);
		expect(lists().length).toBeGreaterThan(RECORDS / 100);
	});

	it('a server that resets every request: five attempts, then a clear error', async () => {
		sandbox.betatel.intercept = () => 'reset';
		const run = await execute(userFolder, 'returnAllDefault').catch((error: Error) => error);
		expect(lists()).toHaveLength(5);
		expect(String(run instanceof Error ? run.message : JSON.stringify(run))).toMatch(
			/Could not reach Betatel after 5 attempts: connection reset/,
		);
	});
});
