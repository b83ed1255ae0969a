import { DateTime } from 'luxon';
import type { IDataObject, INode } from 'n8n-workflow';

import { MemoryCredentialsHelper } from '../harness/credentials';
import { node, PollingTrigger } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import { makeRecord, type FakeBetatel } from '../../sandbox/servers/betatel';

export const BETATEL_NODE = nodeType('betatel');

export function betatelCredentials(
	server: FakeBetatel,
	overrides: IDataObject = {},
): MemoryCredentialsHelper {
	return new MemoryCredentialsHelper().add({
		id: 'cred-betatel',
		name: 'Betatel test account',
		type: 'betatelApi',
		data: { apiKey: server.apiKey, accountId: server.accountId, baseUrl: server.url, ...overrides },
	});
}

export function betatelNode(parameters: IDataObject, extra: Partial<INode> = {}): INode {
	return node(BETATEL_NODE, parameters, {
		name: 'Betatel',
		credentials: { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } },
		...extra,
	});
}

/** A record created `minutesAgo` on `server`, its timestamp written as `format` writes that instant. */
export function recordAt(
	server: FakeBetatel,
	minutesAgo: number,
	format: (at: DateTime) => unknown,
	status = 'FAILED',
) {
	const at = DateTime.utc().minus({ minutes: minutesAgo }).startOf('second');
	const record = makeRecord('whatsapp', at, { status });
	record.timestamp = format(at) as string;
	server.records.whatsapp.push(record);
	return record;
}

/** A timestamp as SQL writes it, without a zone. */
export const sqlTime = (at: DateTime) => at.toFormat('yyyy-MM-dd HH:mm:ss');
export const unreadableTime = () => 'sometime last week';

/** Get Many with a Limit of 5 over WhatsApp, with these parameters. */
export const betatelList = (parameters: IDataObject = {}) =>
	betatelNode({
		resource: 'whatsapp',
		operation: 'getAll',
		returnAll: false,
		limit: 5,
		...parameters,
	});

/**
 * The Betatel Trigger, polled as n8n polls it (its default scheduler, or with `durable` its
 * durable one), against `server`, with these parameters over the WhatsApp channel.
 */
export function betatelPoller(
	server: FakeBetatel,
	parameters: IDataObject,
	durable = false,
): PollingTrigger {
	return new PollingTrigger(
		node(
			nodeType('betatelTrigger'),
			{ channel: 'whatsapp', ...parameters },
			{
				name: 'Betatel Trigger',
				credentials: { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } },
			},
		),
		betatelCredentials(server),
		'UTC',
		{},
		undefined,
		durable,
	);
}
