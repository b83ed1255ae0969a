import { FakeApiServer, json, type LoggedRequest, type Reply } from './base';

/**
 * Stands in for a Slack incoming webhook and a report endpoint: it answers "ok" to every
 * POST, as Slack does, and keeps what it received for anyone to read back.
 */
export class WebhookSink extends FakeApiServer {
	received(pathPart: string): unknown[] {
		return this.requestsTo(pathPart)
			.filter((request) => request.method === 'POST')
			.map((request) => request.body);
	}

	protected admin(request: LoggedRequest): Reply | undefined {
		if (request.path !== '/__sandbox/received') return undefined;
		if (request.method === 'DELETE') {
			this.reset();
			return json({ cleared: true });
		}
		const posts = this.requests
			.filter((r) => r.method === 'POST')
			.map((r) => ({ path: r.path, body: r.body }));
		return json({ received: posts });
	}

	protected route(request: LoggedRequest): Reply {
		return request.method === 'POST'
			? { status: 200, body: 'ok' }
			: { status: 405, body: 'POST only' };
	}
}
