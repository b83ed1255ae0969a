import { FakeBetatel } from '../../../sandbox/servers/betatel';
import {
	stepGroup,
	type IncidentRule,
	type Verdict,
} from '../../../packages/n8n-nodes-betatel/nodes/Betatel/helpers/incidents';
import { alerts, alertTrigger, stoppedClock, windowHolds } from '../trigger/alertFixtures';
import { served } from '../../harness/served';

const server = served(new FakeBetatel());
beforeEach(() => server.reset());

const stuck = () =>
	windowHolds(server, {
		bh: [{ count: 300, status: 'DELIVERED' }],
		mtel: [
			{ count: 50, status: 'SENT' },
			{ count: 50, status: 'DELIVERED' },
		],
	});
const healed = () =>
	windowHolds(server, {
		bh: [{ count: 300, status: 'DELIVERED' }],
		mtel: [{ count: 100, status: 'DELIVERED' }],
	});

describe('Remind Every', () => {
	it('reminds at the interval while the incident lasts, saying how long, and stops at recovery', async () => {
		const clock = stoppedClock();
		try {
			const poller = alertTrigger(server, {
				measures: ['undeliveredRate'],
				remindEveryMinutes: 15,
				notifyOnRecovery: true,
			});
			const seen: string[] = [];
			for (let minute = 0; minute <= 50; minute += 5) {
				if (minute === 35) healed();
				else if (minute < 35) stuck();
				const items = await poller.poll();
				for (const item of items ?? [])
					seen.push(
						`${minute}: ${String(item.alert)} ${String(item.incident_minutes ?? '')}`.trim(),
					);
				clock.advanceMinutes(5);
			}
			expect(seen).toEqual([
				'0: undelivered_above',
				'15: reminder 15',
				'30: reminder 30',
				'35: recovered 35',
			]);
		} finally {
			clock.restore();
		}
	});

	it('is off by default: one alert, one recovery', async () => {
		const clock = stoppedClock();
		try {
			const poller = alertTrigger(server, {
				measures: ['undeliveredRate'],
				notifyOnRecovery: true,
			});
			const seen: string[] = [];
			for (let minute = 0; minute <= 120; minute += 10) {
				if (minute < 100) stuck();
				else healed();
				seen.push(...alerts(await poller.poll()));
				clock.advanceMinutes(10);
			}
			expect(seen).toEqual(['m:tel: undelivered_above', 'm:tel: recovered']);
		} finally {
			clock.restore();
		}
	});
});

describe('the incident engine, the same for every measure', () => {
	const rule: IncidentRule = { fireAfter: 2, lowTrafficRecovers: false, remindEveryMs: 0 };
	const verdict = (above: boolean, recovered = !above): Verdict => ({
		above,
		recovered,
		lowVolume: false,
		active: true,
	});

	it('fires after Fire After polls, once; holds between the lines; recovers once', () => {
		const steps = [true, true, true, false, false, true, false].map((above, index) => ({
			above,
			// Between the alert line and the recovery line on the 4th poll: the incident goes on.
			recovered: index === 3 ? false : !above,
		}));
		let state;
		const changes: string[] = [];
		for (const step of steps) {
			const result = stepGroup(state, verdict(step.above, step.recovered), rule, {
				now: new Date(),
				trusted: true,
			});
			state = result.state;
			changes.push(result.change?.kind ?? '-');
		}
		expect(changes).toEqual(['-', 'fired', '-', '-', 'recovered', '-', '-']);
	});
});

describe('a firing group that is forgotten', () => {
	it('after a day with no message, says it recovered for want of data, once', async () => {
		const clock = stoppedClock();
		try {
			const poller = alertTrigger(server, {
				measures: ['undeliveredRate'],
				notifyOnRecovery: true,
			});
			stuck();
			expect(alerts(await poller.poll())).toEqual(['m:tel: undelivered_above']);
			windowHolds(server, { bh: [{ count: 300, status: 'DELIVERED' }] });
			clock.advanceMinutes(60);
			expect(await poller.poll()).toBeNull();
			clock.advanceMinutes(24 * 60);
			windowHolds(server, { bh: [{ count: 300, status: 'DELIVERED' }] });
			const [recovered, ...more] = (await poller.poll())!;
			expect(more).toEqual([]);
			expect(recovered).toMatchObject({
				network: 'm:tel',
				measure: 'undelivered_rate',
				alert: 'recovered',
				recovered_by: 'no_data',
			});
			expect(recovered.incident_minutes).toBeGreaterThanOrEqual(24 * 60);
			clock.advanceMinutes(5);
			expect(await poller.poll()).toBeNull();
		} finally {
			clock.restore();
		}
	});
});
