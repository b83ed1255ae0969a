import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listNumbers } from '../helpers/numbers';

/** The number dropdown: every number of the account, after "All Numbers". */
export async function getNumbers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const numbers = await listNumbers(this);
	return [
		{ name: 'All Numbers', value: '' },
		...numbers.map((number) => {
			const label = (number.display_name || number.business_name || '') as string;
			return {
				name: label ? `${label} (+${number.whatsapp})` : `+${number.whatsapp}`,
				value: String(number.whatsapp),
			};
		}),
	];
}
