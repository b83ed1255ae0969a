import { DateTime } from 'luxon';

import { FakeBetatel } from '../../../../sandbox/servers/betatel';
import {
	alerts,
	alertTrigger,
	requestsOf,
	usualTraffic,
	windowHolds,
	type PollingTrigger,
} from '../alertFixtures';
import { served } from '../../../harness/served';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	server.traffic = undefined;
});

const drop = (parameters = {}, durable = false) =>
	alertTrigger(
		server,
		{
			measures: ['trafficDrop'],
			trafficBelowPercent: 30,
			trafficRecoverPercent: 60,
			minimumUsualMessages: 20,
			notifyOnRecovery: true,
			...parameters,
		},
		durable,
	);

/** The hours of the day a one-hour window ending now covers, in UTC. */
const hoursOfWindow = () => {
	const now = DateTime.utc();
	return [now.hour, now.minus({ hours: 1 }).hour];
};

/** A usual hour: BH Telecom 400 messages, m:tel 200. */
const usualHour = () =>
	windowHolds(server, {
		bh: [{ count: 400, status: 'DELIVERED' }],
		mtel: [{ count: 200, status: 'DELIVERED' }],
	});

/** Polls through the groups' learning of their share of the channel: 12 polls. */
async function learned(poller: PollingTrigger): Promise<void> {
	usualHour();
	for (let poll = 0; poll < 12; poll++) expect(await poller.poll()).toBeNull();
}

describe('Alert On: Traffic Drop, All Traffic', () => {
	it("the channel's usual traffic comes from the hourly statistics at the first poll: a silent channel fires at once", async () => {
		server.traffic = { whatsapp: usualTraffic(600), telegram: [] };
		server.windowStats = { requests: 0, failed: 0 };
		const poller = drop({ watch: 'all' });
		const [alert, ...more] = (await poller.poll())!;
		expect(more).toEqual([]);
		expect(alert).toMatchObject({
			measure: 'traffic_drop',
			alert: 'traffic_below_usual',
			sent: 0,
			usual_count: 600,
			traffic_percent_of_usual: 0,
			traffic_below_percent: 30,
		});
		expect(requestsOf(server)).toEqual({ pages: 0, hourly: 1, window: 1 });
		// The usual traffic is kept for a day: the next polls ask for the window only.
		expect(await poller.poll()).toBeNull();
		expect(requestsOf(server)).toEqual({ pages: 0, hourly: 1, window: 2 });
		server.windowStats = { requests: 500, failed: 0 };
		expect(alerts(await poller.poll())).toEqual(['all: recovered']);
	});

	it('the same low traffic at an hour when it is usual does not fire', async () => {
		const [now, before] = hoursOfWindow();
		server.traffic = { whatsapp: usualTraffic(600, { [now]: 4, [before]: 4 }), telegram: [] };
		server.windowStats = { requests: 3, failed: 0 };
		const poller = drop({ watch: 'all' });
		expect(await poller.poll()).toBeNull();
		const [manual] = (await poller.poll('manual'))!;
		expect(manual).toMatchObject({ alert: 'low_volume', usual_count: 4, sent: 3 });
	});
});

describe('Alert On: Traffic Drop, Each Network', () => {
	it('a network that stops sending at an hour when it usually sends fires within 2 polls, and recovers once', async () => {
		server.traffic = { whatsapp: usualTraffic(600), telegram: [] };
		const poller = drop();
		await learned(poller);
		expect(requestsOf(server).hourly).toBe(1);
		windowHolds(server, { bh: [{ count: 400, status: 'DELIVERED' }] });
		const items = await poller.poll();
		expect(alerts(items)).toEqual(['m:tel: traffic_below_usual']);
		expect(items![0]).toMatchObject({
			sent: 0,
			traffic_percent_of_usual: 0,
			usual_share_polls: 12,
		});
		expect(items![0].usual_count).toBeCloseTo(200, 0);
		expect(items![0].usual_share_percent).toBeCloseTo(33.3, 1);
		expect(await poller.poll()).toBeNull();
		usualHour();
		expect(alerts(await poller.poll())).toEqual(['m:tel: recovered']);
		expect(await poller.poll()).toBeNull();
	});

	it('nothing fires while the groups learn their share, and a manual run says so', async () => {
		server.traffic = { whatsapp: usualTraffic(600), telegram: [] };
		const poller = drop();
		usualHour();
		for (let poll = 0; poll < 5; poll++) expect(await poller.poll()).toBeNull();
		windowHolds(server, { bh: [{ count: 400, status: 'DELIVERED' }] });
		expect(await poller.poll()).toBeNull();
		const manual = await poller.poll('manual');
		expect(alerts(manual)).toEqual(['BH Telecom: learning']);
	});

	it('the same silence at an hour when the channel usually sends little does not fire', async () => {
		const [now, before] = hoursOfWindow();
		server.traffic = { whatsapp: usualTraffic(600, { [now]: 30, [before]: 30 }), telegram: [] };
		const poller = drop();
		await learned(poller);
		windowHolds(server, { bh: [{ count: 20, status: 'DELIVERED' }] });
		expect(await poller.poll()).toBeNull();
	});

	it.each([
		['the default scheduler, with Notify on Recovery', false],
		["n8n's durable scheduler", true],
	])('a restart in the middle of the incident repeats nothing: %s', async (_, durable) => {
		server.traffic = { whatsapp: usualTraffic(600), telegram: [] };
		const poller = drop({}, durable);
		await learned(poller);
		windowHolds(server, { bh: [{ count: 400, status: 'DELIVERED' }] });
		expect(alerts(await poller.poll())).toEqual(['m:tel: traffic_below_usual']);
		expect(await poller.poll()).toBeNull();
		const restarted = poller.restart();
		expect(await restarted.poll()).toBeNull();
		expect(await restarted.poll()).toBeNull();
	});
});
