/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- the sandbox is a set of fake provider servers, run by Node beside n8n, never inside it */
import { writeFileSync } from 'node:fs';

import { DateTime } from 'luxon';

import { LiveTraffic } from './liveTraffic';
import {
	sandboxCredentials,
	sandboxPorts,
	startSandbox,
	WHATSAPP_TRAFFIC,
	type Sandbox,
} from './sandbox';
import { PortInUseError } from './servers/base';

/**
 * New WhatsApp records every `everyMs` for as long as the sandbox runs, at the rate of its
 * hourly statistics, so that "the last hour" never runs dry and the alert examples have
 * traffic to judge. Only `npm start` turns it on: the tests want the data to hold still.
 */
function liveWhatsappTraffic(sandbox: Sandbox, everyMs = 10_000): () => void {
	const live = new LiveTraffic(sandbox.betatel, WHATSAPP_TRAFFIC);
	live.settleHistory();
	const timer = setInterval(() => {
		sandbox.betatel.records.whatsapp.push(...live.tick(DateTime.utc(), everyMs / 1000));
	}, everyMs);
	return () => clearInterval(timer);
}

/**
 * Runs the sandbox until stopped. With a file name as argument, writes there the
 * credentials n8n should import to use it.
 */
async function main(): Promise<void> {
	const base = Number(process.env.SANDBOX_PORT_BASE ?? 5701);
	const sandbox = await startSandbox(sandboxPorts(base)).catch((error: Error) => {
		if (!(error instanceof PortInUseError)) throw error;
		process.stderr.write(
			`The sandbox cannot start: ${error.message}. It uses ports ${base}–${base + 5}: stop what ` +
				`uses that port, or choose other ports with SANDBOX_PORT_BASE=<port> npm start\n`,
		);
		process.exit(1);
	});
	const stopTraffic = liveWhatsappTraffic(sandbox);
	const credentialsFile = process.argv[2];
	if (credentialsFile)
		writeFileSync(credentialsFile, JSON.stringify(sandboxCredentials(sandbox), null, 2));
	process.stdout.write(
		[
			'Sandbox APIs on 127.0.0.1:',
			`  Betatel Connect Hub   ${sandbox.betatel.url}   (${sandbox.betatel.records.whatsapp.length} WDRs, ${sandbox.betatel.records.telegram.length} TDRs, 6 weeks of hourly stats)`,
			`  99digital             ${sandbox.ninetyNineDigital.url}   (${sandbox.ninetyNineDigital.numbers.length} WhatsApp numbers)`,
			`  Whatomate (current)   ${sandbox.whatomate.url}`,
			`  Whatomate (documented) ${sandbox.whatomateDocumented.url}`,
			`  Webhook sink          ${sandbox.sink.url}   (GET /__sandbox/received shows what the workflows posted)`,
			`  Chat model (scripted) ${sandbox.model.url}/v1   (OpenAI-compatible; answers the AI agent example's four questions)`,
			'',
		].join('\n'),
	);
	const stop = () => {
		stopTraffic();
		void sandbox.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
