import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readReturnAllAndLimit, returnAllAndLimit } from '../../shared/descriptions';
import { listNumbers } from './numbers';

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp'], operation: ['getAll'] } },
	returnAllAndLimit(),
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { limit } = readReturnAllAndLimit(this, itemIndex);
	// getWhatsApp answers with every number at once: the limit only trims the output.
	const numbers = await listNumbers.call(this, itemIndex);
	return (limit === undefined ? numbers : numbers.slice(0, limit)).map((number) => ({
		provider: '99digital',
		...number,
	}));
}
