import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readReturnAllAndLimit, returnAllAndLimit } from '../../shared/descriptions';
import { listNumbers } from '../helpers/numbers';

export const value = 'getAll';

export const entry = () => ({
	name: 'Get Many',
	description: "List the account's WhatsApp numbers with this month's figures",
	action: 'Get many numbers',
});

export const toolText = () =>
	"Lists the 99digital account's WhatsApp business numbers, each with its id, display name and this month's conversation figures.";

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp'], operation: [value] } },
	returnAllAndLimit(),
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { limit } = readReturnAllAndLimit(this, itemIndex);
	// getWhatsApp answers with every number at once: the limit only trims the output.
	const numbers = await listNumbers(this, itemIndex);
	return (limit === undefined ? numbers : numbers.slice(0, limit)).map((number) => ({
		provider: '99digital',
		...number,
	}));
}
