import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, OperationalError } from 'n8n-workflow';

/** The contexts a node reads a credential and sends its requests from. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** What the node needs to know of a credential type before it may send anything with it. */
export interface CredentialSpec {
	/** The credential type's name, e.g. "betatelApi". */
	type: string;
	/** The credential type's display name, as the user sees it in n8n. */
	displayName: string;
	/** Fields that must not be empty, by name, with their labels. */
	required: Record<string, string>;
	/** Fields whose values are secrets: masked wherever a provider echoes them. */
	secretFields: string[];
	baseUrl: { field: string; label: string; default?: string; normalize?: (url: string) => string };
}

/**
 * Why a credential cannot be used, in words that name the field; undefined when it can.
 * Checked before any request: an empty secret sent to 99digital counts as a bad attempt
 * towards its IP block, and a non-http URL would only fail deep inside the HTTP client.
 */
export function credentialProblem(
	spec: CredentialSpec,
	data: ICredentialDataDecryptedObject,
): string | undefined {
	for (const [field, label] of Object.entries(spec.required)) {
		const value = data[field];
		if (typeof value !== 'string' || !value.trim()) {
			return `${label} in the credential "${spec.displayName}" is empty: fill it in`;
		}
	}
	const problem = baseUrlProblem(credentialBaseUrl(spec, data));
	return problem && `${spec.baseUrl.label} in the credential "${spec.displayName}" ${problem}`;
}

/** The URL as an error may show it: a password, if any, masked. */
const shown = (url: string) => url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');

/**
 * Hosts that plain http may reach: this machine and the private networks (RFC 1918, unique
 * local IPv6, link-local), and names that only a private network resolves (one label, such as
 * a Docker service, or .local, .internal, .lan, .home.arpa). Anything else carries the key in
 * clear text across the internet.
 */
function isPrivateHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host.includes(':')) return host === '::1' || /^f[cd]/.test(host) || host.startsWith('fe80');
	if (!host.includes('.') || /\.(local|internal|lan|home\.arpa|localhost)$/.test(host)) return true;
	const octets = host.split('.').map(Number);
	if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet))) return false;
	const [a, b] = octets;
	return (
		a === 127 ||
		a === 10 ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168) ||
		(a === 169 && b === 254)
	);
}

/**
 * Why a Base URL cannot take a credential's key, in words; undefined when it can. Parsed, not
 * prefixed: "https://evil.com#@api.betatel.com" and "https://api.betatel.com@evil.com" both
 * start like Betatel's address and both reach evil.com.
 */
export function baseUrlProblem(url: string): string | undefined {
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol) || !/^https?:\/\/[^/\s]/i.test(url))
		return `must start with https:// (or http:// for a server on your own network): "${shown(url)}" does not`;
	if (parsed.username || parsed.password)
		return `must not hold a user name or password, which would send the key elsewhere: "${shown(url)}"`;
	if (url.includes('?') || url.includes('#'))
		return `must not hold a query (?) or a fragment (#), which would move the API's path or its host: "${shown(url)}"`;
	if (parsed.protocol === 'http:' && !isPrivateHost(parsed.hostname))
		return `must use https:// for a server on the internet, or the key crosses it in clear text: "${shown(url)}" (http:// is for this machine and private networks)`;
	return undefined;
}

/**
 * A credential type's `authenticate`: the headers, from the fields named, after the checks
 * of `credentialProblem`. n8n runs it before every request sent with the credential, the
 * Test button's included, and shows what it throws, where its own words for a Base URL
 * without http:// would be the bare code ERR_INVALID_URL.
 */
export function headerAuthentication(spec: CredentialSpec, headerFields: Record<string, string>) {
	return async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const problem = credentialProblem(spec, credentials);
		if (problem) throw new OperationalError(problem);
		const headers = { ...requestOptions.headers };
		for (const [header, field] of Object.entries(headerFields)) {
			headers[header] = String(credentials[field]);
		}
		return { ...requestOptions, headers };
	};
}

export function credentialBaseUrl(
	spec: CredentialSpec,
	data: ICredentialDataDecryptedObject,
): string {
	const raw = String(data[spec.baseUrl.field] ?? '').trim() || spec.baseUrl.default || '';
	const trimmed = raw.replace(/\/+$/, '');
	return spec.baseUrl.normalize ? spec.baseUrl.normalize(trimmed) : trimmed;
}

export function credentialSecrets(
	spec: CredentialSpec,
	data: ICredentialDataDecryptedObject,
): unknown[] {
	return spec.secretFields.map((field) => data[field]);
}

/**
 * The decrypted credential, read once per node run and item and checked before use.
 * Return All sends hundreds of requests, and decrypting for each showed in the benchmark.
 * The same object is handed to n8n with every request, so a token n8n fetches during one
 * request (99digital's) is in it for the next request and for masking.
 */
const cache = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

export async function runCredentials(
	context: RequestContext,
	spec: CredentialSpec,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	let byKey = cache.get(context);
	if (!byKey) cache.set(context, (byKey = new Map()));
	const key = `${spec.type}:${itemIndex}`;
	let pending = byKey.get(key);
	if (!pending) {
		pending = context.getCredentials(spec.type, itemIndex).then((data) => {
			const problem = credentialProblem(spec, data);
			if (problem) throw new NodeOperationError(context.getNode(), problem, { itemIndex });
			return data;
		});
		byKey.set(key, pending);
		// A refused credential is read again next time, after the user fixed it.
		pending.catch(() => byKey.delete(key));
	}
	return await pending;
}
