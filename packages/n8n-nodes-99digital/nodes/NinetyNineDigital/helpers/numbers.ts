import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/credentials';
import { unexpectedResponse } from '../../shared/http/errors';
import { NINETY_NINE_DIGITAL, ninetyNineDigitalRequest } from '../transport';

/** Each number carries its own API key; such fields never leave the node. */
const SECRET_FIELD = /api[_-]?key|secret|token|password/i;

export function withoutSecrets(number: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(number).filter(([key]) => !SECRET_FIELD.test(key)));
}

/** The account's WhatsApp numbers (getWhatsApp), secrets removed. */
export async function listNumbers(context: RequestContext, itemIndex = 0): Promise<IDataObject[]> {
	const data = await ninetyNineDigitalRequest(context, {
		method: 'GET',
		path: 'whatsapp/getWhatsApp',
		itemIndex,
	});
	if (!Array.isArray(data.list))
		throw unexpectedResponse(context, NINETY_NINE_DIGITAL, 'a list of numbers', itemIndex);
	return (data.list as IDataObject[]).map(withoutSecrets);
}
