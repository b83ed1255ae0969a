/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { cpus } from 'node:os';

import { DateTime } from 'luxon';

import { countGroups, makeVariedRecords } from '../sandbox/servers/betatel';
import { ANY_FREE_PORTS, startSandbox } from '../sandbox/sandbox';
import { executeWorkflow, median, prepareUserFolder } from './benchN8n';

/**
 * `npm run bench:alert`: one poll of the failure-rate trigger watching each network, over
 * BENCH_RECORDS (10,000) WhatsApp records in its one-hour window and as many again before
 * it, next to Get Many (Return All, Created After an hour ago) reading the same records, in
 * the cached real n8n at BENCH_LATENCY_MS (50) per request. `n8n execute` runs the trigger's
 * poll as the editor's test run does, and that reads the whole window as a scheduled poll
 * does. Reports the median of BENCH_RUNS (3) runs of each, the requests, n8n's peak memory,
 * and checks every network's counts against counts made record by record.
 */
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CREDENTIALS = { betatelApi: { id: 'sandboxBetatel01', name: 'Betatel (sandbox)' } };

const node = (name: string, type: string, parameters: object, x: number) => ({
	id: name,
	name,
	type,
	typeVersion: 1,
	position: [x, 0],
	parameters,
	...(type.startsWith('n8n-nodes-betatel.') ? { credentials: CREDENTIALS } : {}),
});

const pollWorkflow = {
	id: 'benchAlertPoll',
	name: 'bench failure rate by network',
	active: false,
	nodes: [
		node(
			'Poll',
			'n8n-nodes-betatel.betatelTrigger',
			{
				event: 'failureRateAboveThreshold',
				channel: 'whatsapp',
				watch: 'network',
				window: 'lasth',
				maxRecordsToRead: 1_000_000,
			},
			0,
		),
	],
	connections: {},
	settings: { timezone: 'UTC' },
};

const getManyWorkflow = {
	id: 'benchAlertGetMany',
	name: 'bench Get Many of the same hour',
	active: false,
	nodes: [
		node('Start', 'n8n-nodes-base.manualTrigger', {}, 0),
		node(
			'Get Many',
			'n8n-nodes-betatel.betatel',
			{
				resource: 'whatsapp',
				operation: 'getAll',
				returnAll: true,
				filters: { createdAfter: '={{ $now.minus({ hours: 1 }) }}' },
			},
			200,
		),
	],
	connections: { Start: { main: [[{ node: 'Get Many', type: 'main', index: 0 }]] } },
	settings: { timezone: 'UTC' },
};

async function timed(
	userFolder: string,
	workflowId: string,
	nodeName: string,
	requests: () => number,
) {
	const runs = [];
	for (let run = 0; run < RUNS; run++) {
		const before = requests();
		const execution = await executeWorkflow(userFolder, workflowId, nodeName);
		runs.push({ ...execution, requests: requests() - before });
	}
	return {
		wallMs: median(runs.map((run) => run.wallMs)),
		requests: median(runs.map((run) => run.requests)),
		peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
		items: runs[0].items,
	};
}

async function main(): Promise<void> {
	const sandbox = await startSandbox(ANY_FREE_PORTS);
	try {
		const userFolder = await prepareUserFolder('bench-alert-user', sandbox, [
			pollWorkflow,
			getManyWorkflow,
		]);
		// The window's records end a minute ago, so that they are all in it while the runs last.
		const now = DateTime.utc();
		const windowStart = now.minus({ minutes: 50 });
		const stepSeconds = (45 * 60) / RECORDS;
		const before = makeVariedRecords(RECORDS, {
			start: now.minus({ hours: 3 }),
			stepSeconds,
			seed: 21,
		});
		const inWindow = makeVariedRecords(RECORDS, { start: windowStart, stepSeconds, seed: 22 });
		sandbox.betatel.records.whatsapp = [...before, ...inWindow];
		sandbox.betatel.latencyMs = LATENCY;
		const requests = () => sandbox.betatel.requests.length;

		const poll = await timed(userFolder, pollWorkflow.id, 'Poll', requests);
		const getMany = await timed(userFolder, getManyWorkflow.id, 'Get Many', requests);

		const expected = countGroups(inWindow, {
			from: windowStart,
			to: now.plus({ hours: 1 }),
			fields: ['network'],
		});
		const exact =
			poll.items.length === expected.size &&
			poll.items.every(({ json }) => {
				const group = expected.get(String(json.network));
				return group !== undefined && json.sent === group.sent && json.failed === group.failed;
			});
		const row = (name: string, run: typeof poll, items: string) =>
			`| ${name} | ${run.wallMs} | ${(run.wallMs / getMany.wallMs).toFixed(2)} | ${run.requests} | ${run.peakRssMb} | ${items} |`;
		process.stdout.write(
			[
				`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; n8n 2.41.1 on Node 24; ${RECORDS.toLocaleString('en-US')} WhatsApp records in the last hour and as many before it; ${LATENCY} ms latency per request; median of ${RUNS} runs.`,
				'',
				'| read | execution (ms) | against Get Many | requests | peak RSS of n8n (MB) | items |',
				'|---|---|---|---|---|---|',
				row(
					'failure-rate poll, Watch: Each Network',
					poll,
					`${poll.items.length} groups, counts ${exact ? 'exact' : 'WRONG'}`,
				),
				row(
					'Get Many, Return All, Created After an hour ago',
					getMany,
					`${getMany.items.length} records`,
				),
				'',
			].join('\n'),
		);
		if (!exact || getMany.items.length !== RECORDS) process.exitCode = 1;
	} finally {
		await sandbox.stop();
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
