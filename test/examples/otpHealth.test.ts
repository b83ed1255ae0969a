/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { LiveTraffic } from '../../sandbox/liveTraffic';
import { WHATSAPP_TRAFFIC } from '../../sandbox/sandbox';
import { FakeBetatel, type NetworkBehaviour } from '../../sandbox/servers/betatel';
import { hourlyTraffic } from '../../sandbox/traffic';
import { betatelPoller } from '../betatel/fixtures';

/**
 * examples/otp-health.json's trigger, as saved, against `npm start`'s live traffic in
 * simulated time: a Wednesday from 09:00 UTC, a tick of live traffic every 10 s and a poll
 * every 2 minutes, while the test breaks routes through the sandbox's own behaviours.
 */
const example = JSON.parse(
	readFileSync(join(__dirname, '..', '..', 'examples', 'otp-health.json'), 'utf8'),
) as { nodes: Array<{ type: string; parameters: IDataObject }> };
// The schedule is the test's: a poll every 2 minutes of simulated time.
const parameters = {
	...example.nodes.find((node) => node.type === 'n8n-nodes-betatel.betatelTrigger')!.parameters,
};
delete parameters.pollTimes;

const START = DateTime.fromISO('2026-12-02T09:00:00Z');

describe('the WhatsApp OTP health example in npm start', () => {
	const server = new FakeBetatel();
	let now = START.toMillis();
	let clock: jest.SpyInstance;
	beforeAll(async () => {
		clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
		await server.start();
	});
	afterAll(async () => {
		clock.mockRestore();
		await server.stop();
	});

	it('names each broken network once per measure, recovers it once, and never a healthy one', async () => {
		server.traffic = { whatsapp: hourlyTraffic(WHATSAPP_TRAFFIC), telegram: [] };
		const live = new LiveTraffic(server, WHATSAPP_TRAFFIC);
		const poller = betatelPoller(server, parameters);
		const seen: string[] = [];
		/** Runs `minutes` of live traffic, polling every 2 minutes, and notes what fired. */
		const run = async (minutes: number, poll = true) => {
			for (let minute = 0; minute < minutes; minute += 2) {
				for (let tick = 0; tick < 12; tick++) {
					now += 10_000;
					server.records.whatsapp.push(...live.tick(DateTime.fromMillis(now), 10));
				}
				if (!poll) continue;
				for (const item of (await poller.poll()) ?? [])
					seen.push(`${String(item.network)}: ${String(item.measure)} ${String(item.alert)}`);
			}
		};
		const route = (network: string, behaviour: NetworkBehaviour) =>
			(server.networkBehaviour[network] = behaviour);
		const phase = async (minutes: number) => {
			seen.length = 0;
			await run(minutes);
			return [...seen].sort();
		};

		await run(30, false);
		// m:tel's route fails 30 % from the start: it is the one named.
		expect(await phase(30)).toEqual([
			'm:tel: delivery_time delivery_time_above',
			'm:tel: undelivered_rate undelivered_above',
		]);
		route('A1 Hrvatska', 'stuck');
		expect(await phase(20)).toEqual([
			'A1 Hrvatska: delivery_time delivery_time_above',
			'A1 Hrvatska: undelivered_rate undelivered_above',
		]);
		route('A1 Hrvatska', 'delivers');
		expect(await phase(40)).toEqual([
			'A1 Hrvatska: delivery_time recovered',
			'A1 Hrvatska: undelivered_rate recovered',
		]);
		route('Telekom Srbija', 'slow');
		expect(await phase(16)).toEqual(['Telekom Srbija: delivery_time delivery_time_above']);
		route('Telekom Srbija', 'delivers');
		expect(await phase(36)).toEqual(['Telekom Srbija: delivery_time recovered']);
		route('BH Telecom', 'stopped');
		expect(await phase(30)).toEqual(['BH Telecom: traffic_drop traffic_below_usual']);
		route('BH Telecom', 'delivers');
		expect(await phase(20)).toEqual(['BH Telecom: traffic_drop recovered']);
	}, 120_000);
});
