/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- the sandbox is a set of fake provider servers, run by Node beside n8n, never inside it */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: string;
	/** The body as it came, for what is not text (a file upload). */
	bytes: Buffer;
	body: unknown;
	/** When it arrived (ISO 8601). */
	at: string;
}

export interface Reply {
	status: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON, strings as plain text. */
	body?: unknown;
}

export type Handler = (request: LoggedRequest) => Reply | Promise<Reply>;

/**
 * A fake provider API on 127.0.0.1: it logs every request, and a test can queue
 * replies (429s, 503 bursts, a dropped connection) that are served before the routes.
 */
/** A fake could not listen: another process holds its port. */
export class PortInUseError extends Error {
	constructor(readonly port: number) {
		super(`port ${port} is already in use on this machine`);
	}
}

export abstract class FakeApiServer {
	/** Every fake started in this process, so a test run can ask each for its secrets. */
	static readonly running = new Set<FakeApiServer>();

	readonly requests: LoggedRequest[] = [];

	/** Fixed delay before each answer, to model network latency. */
	latencyMs = 0;

	/** Answers a request before the routes when it returns a reply (or drops it), e.g. to echo it back. */
	intercept: ((request: LoggedRequest) => Reply | 'reset' | undefined) | undefined;

	/** Every n-th request is answered 429 with Retry-After: 0, as a steady rate limiter would. */
	throttleEvery = 0;

	/**
	 * A provider with this many request slots (0: unlimited): requests beyond them wait in its
	 * queue for a free slot, each slot busy for `latencyMs`, so the round trip grows with load.
	 */
	slots = 0;

	/** With `slots`: more requests than this in the building at once are answered 429. */
	rejectBeyond = 0;

	/** Requests answered 429 because of `rejectBeyond`. */
	rejected = 0;

	private readonly waitingForSlot: Array<() => void> = [];

	private busySlots = 0;

	/** Requests being answered right now, and the most there have been at once. */
	inFlight = 0;

	peakInFlight = 0;

	private readonly queued: Array<Reply | 'reset'> = [];

	private server: Server | undefined;

	private port = 0;

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	protected abstract route(request: LoggedRequest): Reply | Promise<Reply>;

	/** The secret values this fake knows, none of which may ever show in a node's output. */
	knownSecrets(): string[] {
		return [];
	}

	/** Requests under /__sandbox/ steer the fake (no auth): the sandbox and e2e tests use them. */
	protected admin?(request: LoggedRequest): Reply | undefined;

	/** Serve these replies, in order, to the next requests, whatever they ask for. */
	queue(...replies: Array<Reply | 'reset'>): void {
		this.queued.push(...replies);
	}

	/** Forgets the requests seen and any replies still queued, and restores every behaviour. */
	reset(): void {
		this.requests.length = 0;
		this.queued.length = 0;
		this.peakInFlight = 0;
		this.latencyMs = 0;
		this.slots = 0;
		this.rejectBeyond = 0;
		this.rejected = 0;
		this.intercept = undefined;
		this.throttleEvery = 0;
	}

	requestsTo(pathPart: string): LoggedRequest[] {
		return this.requests.filter((request) => request.path.includes(pathPart));
	}

	async start(port = 0): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', (error: NodeJS.ErrnoException) =>
				reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
			);
			this.server!.listen(port, '127.0.0.1', resolve);
		});
		this.port = (this.server.address() as AddressInfo).port;
		FakeApiServer.running.add(this);
		return this;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const bytes = Buffer.concat(chunks);
		const rawBody = bytes.toString('utf8');
		let body: unknown = undefined;
		if (rawBody) {
			try {
				body = JSON.parse(rawBody);
			} catch {
				body = rawBody;
			}
		}
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const request: LoggedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			rawBody,
			bytes,
			body,
			at: new Date().toISOString(),
		};
		const steering = request.path.startsWith('/__sandbox/') ? this.admin?.(request) : undefined;
		if (steering) {
			send(res, steering);
			return;
		}
		this.requests.push(request);
		this.inFlight++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		res.once('close', () => this.inFlight--);
		if (this.slots > 0) {
			if (this.rejectBeyond > 0 && this.inFlight > this.rejectBeyond) {
				this.rejected++;
				// An overloaded provider asks for a pause, where a steady rate limiter says 0.
				send(res, {
					status: 429,
					headers: { 'retry-after': '1' },
					body: { message: 'Too Many Requests' },
				});
				return;
			}
			await this.inSlot();
		} else if (this.latencyMs > 0) {
			await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
		}
		const throttled =
			this.throttleEvery > 0 && this.requests.length % this.throttleEvery === 0
				? { status: 429, headers: { 'retry-after': '0' }, body: { message: 'Too Many Requests' } }
				: undefined;
		const next = this.queued.shift() ?? throttled ?? this.intercept?.(request);
		if (next === 'reset') {
			req.socket.destroy();
			return;
		}
		let reply: Reply;
		try {
			reply = next ?? (await this.route(request));
		} catch (error) {
			reply = { status: 500, body: { message: (error as Error).message } };
		}
		send(res, reply);
	}

	/** Waits for a free slot, holds it for the latency, and hands it to the next in line. */
	private async inSlot(): Promise<void> {
		if (this.busySlots >= this.slots) {
			await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
		} else {
			this.busySlots++;
		}
		await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
		const next = this.waitingForSlot.shift();
		if (next) next();
		else this.busySlots--;
	}
}

export function send(res: ServerResponse, reply: Reply): void {
	const headers = { ...(reply.headers ?? {}) };
	let payload = '';
	if (typeof reply.body === 'string') {
		payload = reply.body;
		headers['content-type'] ??= 'text/plain; charset=utf-8';
	} else if (reply.body !== undefined) {
		payload = JSON.stringify(reply.body);
		headers['content-type'] ??= 'application/json';
	}
	res.writeHead(reply.status, headers);
	res.end(payload);
}

export function json(body: unknown, status = 200): Reply {
	return { status, body };
}
