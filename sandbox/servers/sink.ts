import { FakeApiServer, json, type LoggedRequest, type Reply } from './base';

/** A file part of a multipart upload, as Slack's upload endpoint receives it. */
export interface UploadedFile {
	field: string;
	filename: string;
	contentType: string;
	bytes: Buffer;
}

/** The parts of a multipart/form-data body: text fields by name, and the files. */
export interface Upload {
	fields: Record<string, string>;
	files: UploadedFile[];
}

/** Splits a multipart/form-data body at its boundary; the bytes of each file stay intact. */
export function parseMultipart(request: LoggedRequest): Upload | undefined {
	const type = String(request.headers['content-type'] ?? '');
	const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
	if (!boundary) return undefined;
	const upload: Upload = { fields: {}, files: [] };
	const delimiter = Buffer.from(`--${boundary}`);
	let at = request.bytes.indexOf(delimiter);
	while (at !== -1) {
		const start = at + delimiter.length + 2; // past the boundary's CRLF
		const next = request.bytes.indexOf(delimiter, start);
		if (next === -1) break;
		const part = request.bytes.subarray(start, next - 2); // without the CRLF before the boundary
		const headerEnd = part.indexOf('\r\n\r\n');
		const headers = part.subarray(0, headerEnd).toString('utf8');
		const content = part.subarray(headerEnd + 4);
		const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
		const filename = /filename="([^"]*)"/.exec(headers)?.[1];
		if (filename === undefined) upload.fields[name] = content.toString('utf8');
		else
			upload.files.push({
				field: name,
				filename,
				contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? '',
				bytes: Buffer.from(content),
			});
		at = next;
	}
	return upload;
}

/**
 * Stands in for a Slack incoming webhook, Slack's file upload and a report endpoint: it
 * answers "ok" to every POST, as Slack does, and keeps what it received for anyone to read
 * back. An upload is kept as its fields and files; the admin listing shows each file's name,
 * type and size rather than its bytes.
 */
export class WebhookSink extends FakeApiServer {
	received(pathPart: string): unknown[] {
		return this.requestsTo(pathPart)
			.filter((request) => request.method === 'POST')
			.map((request) => parseMultipart(request) ?? request.body);
	}

	/** The multipart uploads POSTed to paths containing `pathPart`. */
	uploads(pathPart: string): Upload[] {
		return this.requestsTo(pathPart)
			.filter((request) => request.method === 'POST')
			.map((request) => parseMultipart(request))
			.filter((upload): upload is Upload => upload !== undefined);
	}

	protected admin(request: LoggedRequest): Reply | undefined {
		if (request.path !== '/__sandbox/received') return undefined;
		if (request.method === 'DELETE') {
			this.reset();
			return json({ cleared: true });
		}
		// One post a line, with when it came, for a person reading it with curl.
		const posts = this.requests
			.filter((r) => r.method === 'POST')
			.map((r) => ({ at: r.at, path: r.path, body: summary(r) }));
		return {
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: `{"received": [\n${posts.map((post) => `  ${JSON.stringify(post)}`).join(',\n')}\n]}\n`,
		};
	}

	protected route(request: LoggedRequest): Reply {
		return request.method === 'POST'
			? { status: 200, body: 'ok' }
			: { status: 405, body: 'POST only' };
	}
}

function summary(request: LoggedRequest): unknown {
	const upload = parseMultipart(request);
	if (!upload) return request.body;
	return {
		fields: upload.fields,
		files: upload.files.map(({ field, filename, contentType, bytes }) => ({
			field,
			filename,
			contentType,
			size: bytes.length,
		})),
	};
}
