import { chain, runWorkflow } from '../../harness/engine';
import {
	ninetyNineDigitalCredentials,
	ninetyNineDigitalNode,
	ninetyNineDigitalServer,
} from '../fixtures';

const { server, remember } = ninetyNineDigitalServer();

describe('99digital: Get Many', () => {
	it('lists numbers without their API keys, with Limit', async () => {
		const result = remember(
			await runWorkflow(
				chain(ninetyNineDigitalNode({ operation: 'getAll', returnAll: false, limit: 1 })),
				ninetyNineDigitalCredentials(server),
			),
		);
		expect(result.json('99digital')).toEqual([
			{
				provider: '99digital',
				whatsapp: '972501111111',
				display_name: 'Shop Support',
				business_name: 'Example Shop',
				isOnline: true,
				conversationsThisMonth: 246,
				marketingThisMonth: 200,
				serviceThisMonth: 20,
				incomingThisMonth: 26,
			},
		]);
	});
});
