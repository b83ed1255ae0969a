import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { FakeBetatel, makeRecords } from '../../../sandbox/servers/betatel';
import { served } from '../../harness/served';
import { betatelPoller } from '../fixtures';

describe('its items and state', () => {
	const server = served(new FakeBetatel());
	beforeEach(() => {
		server.reset();
		server.records.whatsapp = makeRecords('whatsapp', 50, {
			start: DateTime.fromISO('2026-11-01T00:00:00Z'),
		});
		server.records.telegram = [];
	});

	const trigger = (parameters: IDataObject) => betatelPoller(server, parameters);

	describe('Betatel Trigger: Failure Rate Above Threshold', () => {
		let figures = { total_requests: 100, total_transactions: 99 };
		beforeEach(() => {
			server.statsOverride = () => [{ ...figures, total_amount: 1, currency: 'EUR' }];
		});
		const rate = (sent: number, failed: number) =>
			(figures = { total_requests: sent, total_transactions: sent - failed });

		it('fires on crossing, stays quiet above, re-arms below, and may announce recovery', async () => {
			const poller = trigger({
				event: 'failureRateAboveThreshold',
				window: 'lasth',
				thresholdPercent: 5,
				minimumRequests: 20,
				notifyOnRecovery: true,
			});
			rate(100, 1);
			expect(await poller.poll()).toBeNull();
			rate(100, 8);
			const [fired] = (await poller.poll())!;
			expect(fired).toMatchObject({
				alert: 'above_threshold',
				failure_rate: 8,
				sent: 100,
				failed: 8,
				threshold_percent: 5,
				provider: 'betatel',
				granularity: 'range',
			});
			rate(100, 9);
			expect(await poller.poll()).toBeNull();
			rate(100, 5);
			expect((await poller.poll())![0]).toMatchObject({ alert: 'recovered', failure_rate: 5 });
			rate(100, 6);
			expect((await poller.poll())![0].alert).toBe('above_threshold');
			expect(server.requestsTo('/stats').map((r) => (r.body as IDataObject).type)).toEqual(
				Array(5).fill('lasth'),
			);
		});

		it('without Notify on Recovery, recovery is silent but re-arms', async () => {
			const poller = trigger({
				event: 'failureRateAboveThreshold',
				thresholdPercent: 5,
				minimumRequests: 20,
				notifyOnRecovery: false,
			});
			rate(100, 10);
			expect(await poller.poll()).not.toBeNull();
			rate(100, 0);
			expect(await poller.poll()).toBeNull();
			rate(100, 10);
			expect(await poller.poll()).not.toBeNull();
		});

		it('by default, a quiet window keeps the alert: traffic returning still high pages no one twice', async () => {
			const poller = trigger({
				event: 'failureRateAboveThreshold',
				thresholdPercent: 5,
				minimumRequests: 20,
				notifyOnRecovery: true,
			});
			rate(100, 50);
			expect((await poller.poll())![0].alert).toBe('above_threshold');
			rate(3, 0);
			expect(await poller.poll()).toBeNull();
			rate(0, 0);
			expect(await poller.poll()).toBeNull();
			rate(100, 40);
			expect(await poller.poll()).toBeNull();
			rate(100, 1);
			expect((await poller.poll())![0]).toMatchObject({
				alert: 'recovered',
				recovered_by: 'below_threshold',
			});
			rate(100, 50);
			expect((await poller.poll())![0].alert).toBe('above_threshold');
		});

		it('with Treat as Recovered, low volume never fires and a spike that ends in it is recovered', async () => {
			const poller = trigger({
				event: 'failureRateAboveThreshold',
				thresholdPercent: 5,
				minimumRequests: 20,
				notifyOnRecovery: true,
				lowTraffic: 'recover',
			});
			rate(10, 9);
			expect(await poller.poll()).toBeNull();
			rate(0, 0);
			expect(await poller.poll()).toBeNull();
			rate(100, 50);
			expect(await poller.poll()).not.toBeNull();
			rate(3, 0);
			expect((await poller.poll())![0]).toMatchObject({
				alert: 'recovered',
				recovered_by: 'low_volume',
			});
			rate(2, 0);
			expect(await poller.poll()).toBeNull();
			rate(100, 50);
			expect((await poller.poll())![0].alert).toBe('above_threshold');
		});

		it('a manual run shows the current evaluation without changing the state', async () => {
			const poller = trigger({
				event: 'failureRateAboveThreshold',
				thresholdPercent: 5,
				minimumRequests: 20,
			});
			rate(100, 50);
			expect((await poller.poll('manual'))![0].alert).toBe('above_threshold');
			expect(poller.staticData.alerting).toBeUndefined();
			rate(5, 0);
			expect((await poller.poll('manual'))![0].alert).toBe('low_volume');
		});
	});
});

describe('across delivery life-cycles and restarts', () => {
	const server = served(new FakeBetatel());
	beforeEach(() => {
		server.reset();
		server.records.whatsapp = [];
		server.records.telegram = [];
	});

	const trigger = (parameters: IDataObject, durable = false) =>
		betatelPoller(server, { event: 'newDeliveryRecord', ...parameters }, durable);

	describe('Failure Rate Above Threshold across restarts', () => {
		let figures = { total_requests: 100, total_transactions: 99 };
		beforeEach(() => {
			server.statsOverride = () => [{ ...figures, total_amount: 1, currency: 'EUR' }];
		});
		const rate = (sent: number, failed: number) =>
			(figures = { total_requests: sent, total_transactions: sent - failed });
		const alertTrigger = (notifyOnRecovery: boolean) =>
			trigger({
				event: 'failureRateAboveThreshold',
				window: 'lasth',
				thresholdPercent: 5,
				minimumRequests: 20,
				notifyOnRecovery,
			});

		it('a silent recovery before a restart does not swallow the next rise', async () => {
			const poller = alertTrigger(false);
			rate(100, 1);
			await poller.poll();
			rate(100, 8);
			expect((await poller.poll())![0].alert).toBe('above_threshold');
			rate(100, 1);
			expect(await poller.poll()).toBeNull(); // recovered: emits nothing, so n8n saves nothing
			const restarted = poller.restart();
			rate(100, 7);
			expect((await restarted.poll())![0].alert).toBe('above_threshold');
			expect(await restarted.poll()).toBeNull();
		});

		it('with Notify on Recovery, a restart during a spike repeats nothing', async () => {
			const poller = alertTrigger(true);
			rate(100, 1);
			await poller.poll();
			rate(100, 8);
			expect((await poller.poll())![0].alert).toBe('above_threshold');
			const restarted = poller.restart();
			expect(await restarted.poll()).toBeNull();
			rate(100, 2);
			expect((await restarted.poll())![0].alert).toBe('recovered');
		});
	});
});
