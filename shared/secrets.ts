const MASK = '***';

/**
 * Secrets travel in a few well-known shapes: a Bearer header, or a key/value pair whose key
 * says it is a secret. A provider echoing a request back in an error shows them this way,
 * so they are masked whether or not the node knows the value, e.g. a token issued by n8n
 * during that very request.
 */
const SECRET_SHAPES: RegExp[] = [
	/(\bBearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi,
	/(["']?\b(?:access_?token|refresh_?token|id_?token|token|client_?secret|secret|api_?key|x-api-key|apikey|password|authorization)\b["']?\s*[:=]\s*["']?)(?!\*\*\*|Bearer\b)[^"'\s,&;}]{4,}/gi,
];

/** Masks every known secret value, then every secret-shaped value, in a text. */
export function redact(text: string, secrets: unknown[] = []): string {
	let masked = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < 4) continue;
		masked = masked.split(secret).join(MASK);
	}
	for (const shape of SECRET_SHAPES) masked = masked.replace(shape, `$1${MASK}`);
	return masked;
}
