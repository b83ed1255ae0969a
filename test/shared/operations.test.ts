import { betatelCredentials, betatelNode } from '../betatel/fixtures';
import { ninetyNineDigitalCredentials, ninetyNineDigitalNode } from '../ninetyNineDigital/fixtures';
import { whatomateCredentials, whatomateNode } from '../whatomate/fixtures';
import { allProviders } from '../harness/allProviders';

const { betatel, ninetyNine, whatomate, expectRefusedBeforeSending } = allProviders();

describe('a resource the node does not have is an error naming the field, in every node', () => {
	it.each([
		[
			'Betatel',
			() => betatelNode({ resource: 'sms', operation: 'getStatistics' }),
			() => betatelCredentials(betatel),
		],
		[
			'99digital',
			() => ninetyNineDigitalNode({ resource: 'sms', operation: 'getAll' }),
			() => ninetyNineDigitalCredentials(ninetyNine),
		],
		[
			'Whatomate',
			() => whatomateNode({ resource: 'sms', operation: 'getDashboard' }),
			() => whatomateCredentials(whatomate),
		],
	])('%s', async (_provider, makeNode, credentials) => {
		await expectRefusedBeforeSending(
			makeNode(),
			credentials(),
			/^Resource: "sms" is not one of the allowed values/,
		);
	});
});
