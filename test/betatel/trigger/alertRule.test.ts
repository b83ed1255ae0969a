import { FakeBetatel } from '../../../sandbox/servers/betatel';
import { served } from '../../harness/served';
import { betatelPoller } from '../fixtures';

/* The rule of Failure Rate Above Threshold, read from its fields before any request. */
const server = served(new FakeBetatel());
beforeEach(() => server.reset());

const alert = (parameters: Record<string, unknown>) =>
	betatelPoller(server, { event: 'failureRateAboveThreshold', ...parameters });

describe('the alert’s rule', () => {
	it.each([
		[{ thresholdPercent: 150 }, 'Threshold (%): must be a number from 0 to 100, got 150'],
		[{ minimumRequests: 2.5 }, 'Minimum Requests: must be a whole number of 0 or more, got 2.5'],
		[
			{ lowTraffic: 'ignore' },
			'When Traffic Falls Below Minimum: "ignore" is not one of the allowed values',
		],
		[{ watch: 'everyone' }, 'Watch: "everyone" is not one of the allowed values'],
		[
			{ channel: 'telegram', measures: ['deliveryTime'] },
			'Alert On: Delivery Time watches the delivery_time of WhatsApp records, and Telegram records carry none',
		],
	])(
		'%j is refused by its field as the editor names it, before any request',
		async (parameters, message) => {
			await expect(alert(parameters).poll()).rejects.toThrow(message);
			expect(server.requests).toHaveLength(0);
		},
	);
});
