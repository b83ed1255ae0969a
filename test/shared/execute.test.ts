import { betatelCredentials, betatelNode } from '../betatel/fixtures';
import { ninetyNineDigitalCredentials, ninetyNineDigitalNode } from '../ninetyNineDigital/fixtures';
import { whatomateCredentials, whatomateNode } from '../whatomate/fixtures';
import { allProviders } from '../harness/allProviders';

const { betatel, ninetyNine, whatomate, expectRefusedBeforeSending } = allProviders();

describe('an operation no file serves is an error naming the field', () => {
	it.each([
		[
			'Betatel',
			() => betatelNode({ resource: 'whatsapp', operation: 'getEverything' }),
			() => betatelCredentials(betatel),
		],
		[
			'99digital',
			() => ninetyNineDigitalNode({ operation: 'getEverything' }),
			() => ninetyNineDigitalCredentials(ninetyNine),
		],
		[
			'Whatomate',
			() => whatomateNode({ operation: 'getEverything' }),
			() => whatomateCredentials(whatomate),
		],
	])('%s', async (_provider, makeNode, credentials) => {
		await expectRefusedBeforeSending(
			makeNode(),
			credentials(),
			/^Operation: "getEverything" is not one of the allowed values/,
		);
	});
});
