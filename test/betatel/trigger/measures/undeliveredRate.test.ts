import { FakeBetatel } from '../../../../sandbox/servers/betatel';
import { alerts, alertTrigger, windowHolds } from '../alertFixtures';
import { served } from '../../../harness/served';

const server = served(new FakeBetatel());
beforeEach(() => server.reset());

const undelivered = (parameters = {}, durable = false) =>
	alertTrigger(
		server,
		{
			measures: ['failureRate', 'undeliveredRate'],
			graceSeconds: 120,
			notifyOnRecovery: true,
			...parameters,
		},
		durable,
	);

/** BH Telecom delivers; m:tel's platform accepted 40 of its 100 messages and never delivered them. */
const stuckAtSent = () =>
	windowHolds(server, {
		bh: [{ count: 500, status: 'DELIVERED' }],
		mtel: [
			{ count: 40, status: 'SENT' },
			{ count: 60, status: 'DELIVERED' },
		],
	});

describe('Alert On: Undelivered Rate', () => {
	it('a network whose messages stay SENT fires on the undelivered rate while its failure rate is 0 %', async () => {
		stuckAtSent();
		const items = await undelivered().poll();
		expect(alerts(items)).toEqual(['m:tel: undelivered_above']);
		expect(items![0]).toMatchObject({
			network: 'm:tel',
			measure: 'undelivered_rate',
			sent: 100,
			failed: 0,
			failure_rate: 0,
			undelivered: 40,
			undelivered_rate: 40,
			undelivered_by_status: { SENT: 40 },
			grace_seconds: 120,
			undelivered_above_percent: 10,
			undelivered_recover_percent: 5,
		});
		expect(items![0].undelivered_uuids).toHaveLength(5);
		expect(Object.keys(items![0]).slice(0, 3)).toEqual(['network', 'alert', 'measure']);
	});

	it('messages younger than the grace are never counted, whatever their status', async () => {
		windowHolds(server, {
			bh: [{ count: 500, status: 'DELIVERED' }],
			mtel: [
				{ count: 100, status: 'DELIVERED' },
				{ count: 80, status: 'SENT', secondsAgo: 30 },
				{ count: 20, status: 'PENDING', secondsAgo: 1 },
			],
		});
		const poller = undelivered();
		expect(await poller.poll()).toBeNull();
		const now = await poller.poll('manual');
		const mtel = now!.find(
			(item) => item.network === 'm:tel' && item.measure === 'undelivered_rate',
		)!;
		expect(mtel).toMatchObject({ sent: 100, undelivered: 0, alert: 'below_threshold' });
	});

	it('every status short of Delivered or Read counts, each named; recovery comes once, at its line', async () => {
		const poller = undelivered();
		windowHolds(server, {
			bh: [{ count: 300, status: 'READ' }],
			mtel: [
				{ count: 69, status: 'DELIVERED' },
				{ count: 10, status: 'PENDING' },
				{ count: 8, status: 'QUEUED' },
				{ count: 7, status: 'UNKNOWN' },
				{ count: 6, status: 'EXPIRED' },
			],
		});
		const items = await poller.poll();
		// The failure rate (6 % EXPIRED) fires too: each measure is an alert of its own.
		expect(alerts(items)).toEqual(['m:tel: above_threshold', 'm:tel: undelivered_above']);
		expect(items![1].undelivered_by_status).toEqual({
			PENDING: 10,
			QUEUED: 8,
			UNKNOWN: 7,
			EXPIRED: 6,
		});
		expect(items![1].undelivered_rate).toBe(31);
		// No failure is left, but 7 % is above the undelivered recovery line of 5 %: only the
		// failure rate recovers.
		windowHolds(server, {
			bh: [{ count: 300, status: 'READ' }],
			mtel: [
				{ count: 93, status: 'DELIVERED' },
				{ count: 7, status: 'SENT' },
			],
		});
		const first = await poller.poll();
		expect(first!.map((item) => `${String(item.measure)}: ${String(item.alert)}`)).toEqual([
			'failure_rate: recovered',
		]);
		windowHolds(server, {
			bh: [{ count: 300, status: 'READ' }],
			mtel: [{ count: 100, status: 'DELIVERED' }],
		});
		const [recovered, ...others] = (await poller.poll())!;
		expect(others).toEqual([]);
		expect(recovered).toMatchObject({
			measure: 'undelivered_rate',
			alert: 'recovered',
			recovered_by: 'below_threshold',
			undelivered_rate: 0,
		});
		expect(await poller.poll()).toBeNull();
	});

	it.each([
		['the default scheduler, with Notify on Recovery', false],
		["n8n's durable scheduler", true],
	])('a restart in the middle of the incident repeats nothing: %s', async (_, durable) => {
		const poller = undelivered({ measures: ['undeliveredRate'] }, durable);
		windowHolds(server, { bh: [{ count: 500, status: 'DELIVERED' }] });
		expect(await poller.poll()).toBeNull();
		stuckAtSent();
		expect(alerts(await poller.poll())).toEqual(['m:tel: undelivered_above']);
		expect(await poller.poll()).toBeNull();
		const restarted = poller.restart();
		expect(await restarted.poll()).toBeNull();
		expect(await restarted.poll()).toBeNull();
	});

	it('Undelivered Recovers At above Undelivered Above is an error naming the field, before any request', async () => {
		await expect(
			undelivered({ undeliveredAbovePercent: 10, undeliveredRecoverPercent: 20 }).poll(),
		).rejects.toThrow(/^Undelivered Recovers At \(%\): 20 is above Undelivered Above \(%\), 10/);
		expect(server.requests).toHaveLength(0);
	});
});
