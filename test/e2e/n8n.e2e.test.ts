/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { DateTime } from 'luxon';
import { NodeHelpers, type IDataObject, type INode, type INodeTypeDescription } from 'n8n-workflow';
import { PNG } from 'pngjs';

import { STATS_COLUMNS } from '../../shared/normalize';
import {
	sandboxCredentials,
	sandboxPorts,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import { testCredential } from '../harness/credentialTest';
import { compareWithLock, LOCK_FILE, lockOf, type NodeVersionLock } from '../packages/nodeVersions';
import {
	execute,
	freshUserFolder,
	importJson,
	N8N_MAJOR,
	REPO,
	servedTypes,
	signIn,
	startN8n,
} from './n8n';

let sandbox: Sandbox;
let userFolder: string;

beforeAll(async () => {
	// Ports of its own, so that `npm start` (5701–5706) can run beside the tests.
	sandbox = await startSandbox(sandboxPorts(5741));
	userFolder = await freshUserFolder('e2e-user');
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	for (const file of readdirSync(join(REPO, 'examples'))) {
		await importJson(
			userFolder,
			'workflow',
			// The examples post to the sandbox's sink on its default port, as start.sh rewrites it.
			JSON.parse(
				readFileSync(join(REPO, 'examples', file), 'utf8').replaceAll(
					'http://127.0.0.1:5705',
					sandbox.sink.url,
				),
			),
		);
	}
});
afterAll(async () => await sandbox?.stop());
beforeEach(() => sandbox.sink.reset());

/**
 * The AI agent example uses n8n's AI Agent 3.1, which n8n 1.x does not have; every other
 * example runs on both lines.
 */
const runsOnThisN8n = (file: string) => N8N_MAJOR >= 2 || file !== 'ai-agent.json';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const slackPosts = () => sandbox.sink.received('/slack/');

describe('the example workflows in a real n8n', () => {
	it('daily report: one table of normalized rows from Betatel WhatsApp, Telegram and 99digital', async () => {
		const run = await execute(userFolder, 'exampleDailyRep1');
		expect(run.status).toBe('success');
		const rows = sandbox.sink.received('/report/daily') as IDataObject[];
		expect(rows.map((row) => `${row.provider}/${row.channel}/${row.granularity}`)).toEqual([
			'betatel/whatsapp/day',
			'betatel/telegram/day',
			'99digital/whatsapp/month',
		]);
		for (const row of rows) expect(Object.keys(row)).toEqual([...STATS_COLUMNS]);
		const yesterday = DateTime.now().setZone('Europe/Berlin').startOf('day').minus({ days: 1 });
		expect(rows[0].period_start).toBe(yesterday.toISO({ suppressMilliseconds: true }));
		expect(rows[0].sent).toBeGreaterThan(1000);
		expect(rows[2].conversations).toBeGreaterThan(0);

		// The chart, as Slack's file upload receives it: one multipart part, the PNG intact.
		const [upload, ...more] = sandbox.sink.uploads('/slack/files.upload');
		expect(more).toEqual([]);
		const [file] = upload.files;
		const days = [7, 1].map((back) => yesterday.plus({ days: 1 - back }).toFormat('yyyy-MM-dd'));
		expect(file).toMatchObject({
			field: 'file',
			filename: `betatel-whatsapp-statistics-${days.join('-to-')}.png`,
			contentType: 'image/png',
		});
		const image = PNG.sync.read(file.bytes);
		expect([image.width, image.height]).toEqual([960, 540]);
		expect(upload.fields.initial_comment).toMatch(/^WhatsApp, last 7 days: \d+ sent, \d+ failed/);
	});

	it.each([
		[1000, 50, true],
		[1000, 49, false],
		[1000, 120, true],
		[1000, 0, false],
	])(
		'failure alert: %i requests, %i failed: alert posted = %s (threshold 5 %)',
		async (requests, failed, fires) => {
			sandbox.betatel.windowStats = { requests, failed };
			const run = await execute(userFolder, 'exampleFailAlert');
			expect(run.status).toBe('success');
			expect(run.output('WhatsApp last hour')[0].failure_rate).toBe((failed / requests) * 100);
			expect(slackPosts()).toHaveLength(fires ? 1 : 0);
			if (fires)
				expect((slackPosts()[0] as IDataObject).text).toMatch(`${failed} of ${requests} failed`);
			sandbox.betatel.windowStats = undefined;
		},
	);

	it.each(
		readdirSync(join(REPO, 'examples')).filter(
			(file) =>
				readFileSync(join(REPO, 'examples', file), 'utf8').includes(
					'n8n-nodes-base.manualTrigger',
				) && runsOnThisN8n(file),
		),
	)('%s runs to success against the sandbox npm start runs', async (file) => {
		const { id } = JSON.parse(readFileSync(join(REPO, 'examples', file), 'utf8')) as { id: string };
		const run = await execute(userFolder, id);
		expect(run.status).toBe('success');
	});

	it("every node: the one trigger runs all four nodes, as the editor's Execute workflow does", async () => {
		const run = await execute(userFolder, 'exampleGallery01');
		expect(run.status).toBe('success');
		for (const name of [
			'Betatel statistics',
			'Betatel delivery records',
			'99digital conversations',
			'Whatomate dashboard',
		]) {
			expect(run.ran(name)).toBe(true);
			expect(run.output(name).length).toBeGreaterThan(0);
		}
	});

	it('failed deliveries export: every FAILED WDR of the last 24 hours, once each', async () => {
		const cutoff = DateTime.utc().minus({ days: 1 }).toISO()!;
		const expected = sandbox.betatel.records.whatsapp.filter(
			(r) => r.status === 'FAILED' && r.timestamp >= cutoff,
		);
		const run = await execute(userFolder, 'exampleFailedExp');
		const items = run.output('Failed WhatsApp messages, last 24 hours');
		expect(expected.length).toBeGreaterThan(20);
		// a record or two may cross the 24-hour line between the two cutoffs
		expect(Math.abs(items.length - expected.length)).toBeLessThanOrEqual(2);
		expect(new Set(items.map((item) => item.uuid)).size).toBe(items.length);
		expect(items.every((item) => item.status === 'FAILED' && item.provider === 'betatel')).toBe(
			true,
		);
	});
});

describe('the examples that need an account elsewhere (Google Sheets, Slack)', () => {
	it("import into n8n and open without a parameter issue, judged by n8n's own node descriptions", async () => {
		const n8n = await startN8n(userFolder, 5693);
		try {
			const base = 'http://127.0.0.1:5693';
			const cookie = await signIn(base);
			const descriptions = await servedTypes<INodeTypeDescription>(base, cookie, 'nodes');
			const describe = (node: INode) =>
				descriptions.find(
					(candidate) =>
						candidate.name === node.type && [candidate.version].flat().includes(node.typeVersion),
				);
			for (const file of readdirSync(join(REPO, 'examples')).filter(runsOnThisN8n)) {
				const workflow = JSON.parse(readFileSync(join(REPO, 'examples', file), 'utf8')) as {
					nodes: INode[];
				};
				for (const node of workflow.nodes) {
					const description = describe(node);
					expect([file, node.name, description?.name]).toEqual([file, node.name, node.type]);
					// As the editor does on opening a node: defaults filled in, then the issues.
					const parameters = NodeHelpers.getNodeParameters(
						description!.properties,
						node.parameters,
						true,
						false,
						node,
						description!,
					);
					const issues = NodeHelpers.getNodeParametersIssues(
						description!.properties,
						{ ...node, parameters: parameters ?? {} },
						description!,
					);
					expect([file, node.name, issues?.parameters ?? {}]).toEqual([file, node.name, {}]);
				}
			}
		} finally {
			await n8n.stop();
		}
	});
});

describe('the three packages installed together', () => {
	it('n8n lists every node and credential of the three, with no load error', async () => {
		const n8n = await startN8n(userFolder, 5691);
		try {
			const base = 'http://127.0.0.1:5691';
			const cookie = await signIn(base);
			const nodes = await servedTypes<{ name: string; properties: unknown[] }>(
				base,
				cookie,
				'nodes',
			);
			const ours = nodes.filter((node) =>
				/^n8n-nodes-(betatel|99digital|whatomate)\./.test(node.name),
			);
			// the …Tool variants are n8n's AI-tool versions of the nodes marked usableAsTool
			expect(ours.map((node) => node.name).sort()).toEqual(
				[
					'n8n-nodes-betatel.betatel',
					'n8n-nodes-betatel.betatelTool',
					'n8n-nodes-betatel.betatelTrigger',
					'n8n-nodes-99digital.ninetyNineDigital',
					'n8n-nodes-99digital.ninetyNineDigitalTool',
					'n8n-nodes-whatomate.whatomate',
					'n8n-nodes-whatomate.whatomateTool',
				].sort(),
			);
			for (const node of ours) expect(node.properties.length).toBeGreaterThan(2);
			// The nodes as built, packed and loaded by n8n hold to the lock on node versions.
			const locked = JSON.parse(readFileSync(join(REPO, LOCK_FILE), 'utf8')) as NodeVersionLock;
			const served = ours
				.filter((node) => !node.name.endsWith('Tool'))
				.map((node) => ({ ...node, name: node.name.replace(/^[^.]+\./, '') }));
			const { broken, added } = compareWithLock(
				locked,
				lockOf(served as unknown as INodeTypeDescription[]),
			);
			expect(broken).toEqual([]);
			// n8n adds Poll Times to every polling trigger it loads: its parameter, not the node's.
			// n8n 1.x offers a Custom API Call in Resource and Operation of nodes with a credential.
			expect(
				added.filter(
					(entry) =>
						!/: parameter pollTimes\b/.test(entry) && !entry.includes('__CUSTOM_API_CALL__'),
				),
			).toEqual([]);
			const credentials = await servedTypes<{ name: string }>(base, cookie, 'credentials');
			expect(
				credentials
					.map((c) => c.name)
					.filter((name) => ['betatelApi', 'ninetyNineDigitalApi', 'whatomateApi'].includes(name))
					.sort(),
			).toEqual(['betatelApi', 'ninetyNineDigitalApi', 'whatomateApi']);
			expect(n8n.log()).not.toMatch(/n8n-nodes-[^\n]*(error|fail)/i);

			// The credential tests of the unit suite re-implement n8n's: here both answer the same.
			const redirector = createServer((_request, response) => {
				response.writeHead(307, { location: `${sandbox.sink.url}/caught` });
				response.end();
			});
			await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
			const redirectUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
			const cases: Array<[string, string, IDataObject]> = [
				[
					'sandboxBetatel01',
					'betatelApi',
					{
						apiKey: sandbox.betatel.apiKey,
						accountId: sandbox.betatel.accountId,
						baseUrl: sandbox.betatel.url,
					},
				],
				[
					'sandboxBetatel01',
					'betatelApi',
					{
						apiKey: 'wrong-key',
						accountId: sandbox.betatel.accountId,
						baseUrl: sandbox.betatel.url,
					},
				],
				[
					'sandboxBetatel01',
					'betatelApi',
					{ apiKey: 'any-key', accountId: 'any', baseUrl: redirectUrl },
				],
				[
					'sandboxBetatel01',
					'betatelApi',
					{ apiKey: '', accountId: sandbox.betatel.accountId, baseUrl: sandbox.betatel.url },
				],
				[
					'sandboxWhatomate1',
					'whatomateApi',
					{ apiKey: sandbox.whatomate.apiKey, instanceUrl: sandbox.whatomate.url },
				],
				[
					'sandboxWhatomate1',
					'whatomateApi',
					{ apiKey: 'whm_wrong', instanceUrl: sandbox.whatomate.url },
				],
				[
					'sandbox99digital1',
					'ninetyNineDigitalApi',
					{
						clientId: sandbox.ninetyNineDigital.clientId,
						clientSecret: sandbox.ninetyNineDigital.clientSecret,
						baseUrl: sandbox.ninetyNineDigital.url,
						accessToken: '',
					},
				],
				[
					'sandbox99digital1',
					'ninetyNineDigitalApi',
					{
						clientId: sandbox.ninetyNineDigital.clientId,
						clientSecret: 'wrong-secret',
						baseUrl: sandbox.ninetyNineDigital.url,
						accessToken: '',
					},
				],
			];
			const testInN8n = async (id: string, type: string, data: IDataObject) =>
				(
					(await (
						await fetch(`${base}/rest/credentials/test`, {
							method: 'POST',
							headers: { 'content-type': 'application/json', cookie },
							body: JSON.stringify({ credentials: { id, name: 'test', type, data } }),
						})
					).json()) as { data: { status: string; message: string } }
				).data;
			try {
				for (const [id, type, data] of cases) {
					const real = { data: await testInN8n(id, type, data) };
					const ours = await testCredential(type, data);
					expect([type, real.data.status]).toEqual([type, ours.status]);
					// n8n 1.x answers a rejected key in its own words ("Authorization failed - please
					// check your credentials") before the credential's rules run: the outcome is the same.
					if (ours.status === 'Error' && ours.httpStatus !== 307 && N8N_MAJOR >= 2) {
						// The refusal memory's "until" clock may differ by a second.
						const upToTime = (text = '') => text.replace(/until \d\d:\d\d:\d\d UTC.*/, '');
						expect(upToTime(real.data.message)).toBe(upToTime(ours.message));
					}
				}
				expect(sandbox.sink.requestsTo('/caught')).toHaveLength(0);

				// What the Test button says when the address is wrong: ours where n8n runs our code
				// (a credential's authenticate step, 99digital's token exchange), and n8n's bare
				// error code for a network failure of a declarative test, which the Base URL's hint
				// explains on the same screen.
				const closedPort = await new Promise<number>((resolve) => {
					const probe = createServer();
					probe.listen(0, '127.0.0.1', () => {
						const { port } = probe.address() as AddressInfo;
						probe.close(() => resolve(port));
					});
				});
				const refused = `http://127.0.0.1:${closedPort}`;
				// https: plain http reaches only this machine and private networks.
				const unknown = 'https://no-such-host.invalid';
				const noScheme = (label: string, credential: string, url: string) =>
					`${label} in the credential "${credential}" must start with https:// (or http:// for a server on your own network): "${url}" does not`;
				const unreachable = (host: string, reason: string) =>
					`Could not reach 99digital at ${host} for an access token: ${reason}. Check Base URL in the credential "99digital Partners API", and that this machine reaches that address.`;
				// n8n 2.x shows a declarative test's network failure as the bare code, 1.x as its own
				// sentence for it.
				const connectionRefused =
					N8N_MAJOR >= 2
						? 'ECONNREFUSED'
						: 'The service refused the connection - perhaps it is offline';
				const hostNotFound =
					N8N_MAJOR >= 2
						? /^(ENOTFOUND|EAI_AGAIN)$/
						: /^(The connection cannot be established, this usually occurs due to an incorrect host \(domain\) value|The DNS server returned an error, perhaps the server is offline)$/;
				const betatel = (baseUrl: string) => ({
					apiKey: sandbox.betatel.apiKey,
					accountId: sandbox.betatel.accountId,
					baseUrl,
				});
				const whatomate = (instanceUrl: string) => ({
					apiKey: sandbox.whatomate.apiKey,
					instanceUrl,
				});
				const digital = (baseUrl: string) => ({
					clientId: sandbox.ninetyNineDigital.clientId,
					clientSecret: sandbox.ninetyNineDigital.clientSecret,
					baseUrl,
					accessToken: '',
				});
				const credentials = [
					{
						id: 'sandboxBetatel01',
						type: 'betatelApi',
						at: betatel,
						noScheme: noScheme('Base URL', 'Betatel Connect Hub API', 'api.betatel.com'),
						refused: connectionRefused,
						unknown: hostNotFound,
					},
					{
						id: 'sandboxWhatomate1',
						type: 'whatomateApi',
						at: whatomate,
						noScheme: noScheme('Instance URL', 'Whatomate API', 'api.betatel.com'),
						refused: connectionRefused,
						unknown: hostNotFound,
					},
					{
						id: 'sandbox99digital1',
						type: 'ninetyNineDigitalApi',
						at: digital,
						noScheme: noScheme('Base URL', '99digital Partners API', 'api.betatel.com'),
						refused: unreachable(`127.0.0.1:${closedPort}`, 'connection refused'),
						unknown: new RegExp(
							`^${escapeRegExp(unreachable('no-such-host.invalid', 'HOST'))}$`.replace(
								'HOST',
								'(host not found|host name lookup failed)',
							),
						),
					},
				];
				const words = credentials.flatMap(({ id, type, at, ...expected }) =>
					(
						[
							['api.betatel.com', expected.noScheme],
							[refused, expected.refused],
							[unknown, expected.unknown],
						] as const
					).map(([url, words]) => [id, type, at(url), words] as const),
				);
				for (const [id, type, data, expected] of words) {
					const shown = await testInN8n(id, type, data);
					expect([type, data, shown.status]).toEqual([type, data, 'Error']);
					if (typeof expected === 'string') expect(shown.message).toBe(expected);
					else expect(shown.message).toMatch(expected);
				}
			} finally {
				redirector.close();
			}
		} finally {
			await n8n.stop();
		}
	});
});
