import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestHelper,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { OperationalError } from 'n8n-workflow';

import { credentialBaseUrl, credentialProblem } from '../../shared/credentials';
import {
	errorMessageFromBody,
	hostOf,
	networkReason,
	redirectTarget,
} from '../../shared/http/errors';
import { joinUrl } from '../../shared/http/request';
import { redact } from '../../shared/secrets';
import {
	NINETY_NINE_DIGITAL,
	NINETY_NINE_DIGITAL_REASONS,
	pairFingerprint,
	REASON_REFUSED,
	REASON_TOKEN_EXPIRED,
} from './api';

/** The token exchange gave no token. */
export class TokenExchangeError extends OperationalError {}

/** 99digital's own answer refusing the client ID and secret; never asked again at once. */
export class TokenRefusedError extends TokenExchangeError {}

/**
 * Pairs 99digital refused lately, by fingerprint, in this n8n process. n8n asks for a
 * token again after a failure, and Continue On Fail or a schedule would ask once per item
 * or per run: each bad attempt brings 99digital's IP block closer, so a refused pair is
 * not sent again until it changes or the pause has passed.
 */
const refusedPairs = new Map<string, { at: number; error: TokenRefusedError }>();
export const REFUSAL_PAUSE_MS = 15 * 60 * 1000;
/**
 * Any other failed exchange, for a few seconds: n8n's older request helper asks for a
 * token again at once after every failure, which would only send the secret a second
 * time for the same answer. Not a refusal, so it is not kept longer.
 */
const recentFailures = new Map<string, { at: number; error: TokenExchangeError }>();
const FAILURE_ECHO_MS = 2_000;

/**
 * The exchange under way per pair. Executions that started before n8n saved a new token in
 * the credential (the other executions on this worker) hold the empty or the expired one,
 * and each would otherwise ask for a token of its own.
 * The database is the only thing n8n's processes share and a node cannot read it, so
 * several workers may still each fetch one, once.
 */
const underway = new Map<string, Promise<IDataObject | TokenExchangeError>>();

/** The last token this process was issued per pair, and the few it was issued before it. */
interface IssuedHere {
	token: IDataObject;
	at: number;
	refused: boolean;
	earlier: string[];
}
const issued = new Map<string, IssuedHere>();
/** Enough to recognise the tokens of the last few hours; older ones expired long before. */
const EARLIER_KEPT = 8;

/**
 * Whether the last token this process was issued came after `refused`: for certain when
 * `refused` is one this process was issued before it; otherwise (another worker's token)
 * only if it expires later, since both live an hour. A token issued in the same second
 * elsewhere, or before, is no newer and is taken as dead with it.
 */
function issuedAfter(last: IssuedHere, refused: ICredentialDataDecryptedObject): boolean {
	if (last.token.accessToken === refused.accessToken) return false;
	if (last.earlier.includes(String(refused.accessToken))) return true;
	return Number(last.token.accessTokenExpiresAt) > Number(refused.accessTokenExpiresAt);
}

/**
 * 99digital answered that this token expired: it is not handed out again, nor is a token
 * of this process that is no newer, and the credential carries it as the refused one, so
 * that the next token asked for is newer.
 */
export function tokenRefusedAsExpired(credentials: ICredentialDataDecryptedObject): void {
	const last = issued.get(String(credentials.accessTokenFor));
	if (last && !issuedAfter(last, credentials)) last.refused = true;
	credentials.refusedAccessToken = credentials.accessToken;
	credentials.accessToken = '';
}

/** Ample for n8n to write a token to its database and for other executions to read it. */
const SAVE_WINDOW_MS = 60_000;

/**
 * The last token this process was issued, for a caller whose credential holds no token that
 * works: one that saw an older token refused, or an execution that read the credential in
 * the moment before n8n saved the token another execution here had just been issued (each
 * of those would otherwise ask 99digital for a token of its own). A credential that has
 * held no token for longer is a new one or a credential test, which must reach 99digital.
 */
function tokenIssuedHere(
	credentials: ICredentialDataDecryptedObject,
	fingerprint: string,
): IDataObject | undefined {
	const last = issued.get(fingerprint);
	if (!last || last.refused || last.token.accessToken === credentials.refusedAccessToken) return;
	if (!credentials.refusedAccessToken && Date.now() - last.at > SAVE_WINDOW_MS) return;
	return stillValid(last.token, fingerprint) ? { ...last.token } : undefined;
}

/** A token this close to its expiry is renewed rather than used. */
const EXPIRY_MARGIN_S = 60;
const TOKEN_LIFETIME_S = 3600;

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

function stillValid(
	token: ICredentialDataDecryptedObject | IDataObject,
	fingerprint: string,
): boolean {
	return (
		typeof token.accessToken === 'string' &&
		token.accessToken !== '' &&
		token.accessTokenFor === fingerprint &&
		Number(token.accessTokenExpiresAt) > Date.now() / 1000 + EXPIRY_MARGIN_S
	);
}

/**
 * The credential's preAuthentication: exchanges the client ID and secret for the one-hour
 * access token. n8n calls it when the stored token is empty, and also after any failed
 * request of its older helper (a reset connection included): a token that is still valid
 * and was issued for this very pair is then kept, so a retry does not cost a new token.
 * Returning no token tells n8n to keep the one it has.
 */
export async function issueAccessToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	const problem = credentialProblem(NINETY_NINE_DIGITAL.credential, credentials);
	if (problem) throw new TokenExchangeError(problem);
	const fingerprint = pairFingerprint(credentials);
	if (stillValid(credentials, fingerprint)) return {};
	const ours = tokenIssuedHere(credentials, fingerprint);
	if (ours) return ours;
	const refused = refusedPairs.get(fingerprint);
	if (refused && Date.now() - refused.at < REFUSAL_PAUSE_MS) throw refused.error;
	const failed = recentFailures.get(fingerprint);
	if (failed && Date.now() - failed.at < FAILURE_ECHO_MS) throw failed.error;
	let pending = underway.get(fingerprint);
	if (!pending) {
		// Kept before the exchange stops being shared, so that no caller falls between the two.
		pending = exchange(this, credentials, fingerprint)
			.then((outcome) => remember(fingerprint, outcome))
			.finally(() => underway.delete(fingerprint));
		underway.set(fingerprint, pending);
	}
	const outcome = await pending;
	if (outcome instanceof TokenExchangeError) throw outcome;
	return { ...outcome };
}

/** What an exchange gave, for the requests after it in this process. */
function remember(
	fingerprint: string,
	outcome: IDataObject | TokenExchangeError,
): IDataObject | TokenExchangeError {
	if (outcome instanceof TokenExchangeError) {
		const memory = outcome instanceof TokenRefusedError ? refusedPairs : recentFailures;
		memory.set(fingerprint, { at: Date.now(), error: outcome });
		return outcome;
	}
	const previous = issued.get(fingerprint);
	const earlier = previous
		? [String(previous.token.accessToken), ...previous.earlier].slice(0, EARLIER_KEPT)
		: [];
	issued.set(fingerprint, { token: outcome, at: Date.now(), refused: false, earlier });
	return outcome;
}

async function exchange(
	context: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	fingerprint: string,
): Promise<IDataObject | TokenExchangeError> {
	const url = joinUrl(
		credentialBaseUrl(NINETY_NINE_DIGITAL.credential, credentials),
		'/api/settings/accessToken',
	);
	const secrets = [credentials.clientSecret];
	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequest({
			method: 'POST',
			url,
			body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: 30_000,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		return new TokenExchangeError(
			`Could not reach 99digital at ${hostOf(url)} for an access token: ${networkReason(error)}. Check Base URL in the credential "${NINETY_NINE_DIGITAL.credential.displayName}", and that this machine reaches that address.`,
		);
	}
	return tokenFromAnswer(response, url, fingerprint, secrets);
}

/** What the token request's answer says: a token, a refusal, or why there is none. */
function tokenFromAnswer(
	response: IN8nHttpFullResponse,
	url: string,
	fingerprint: string,
	secrets: unknown[],
): IDataObject | TokenExchangeError {
	const { statusCode } = response;
	if (statusCode >= 300 && statusCode < 400) {
		return new TokenExchangeError(
			`99digital answered the token request with ${statusCode}, a redirect to ${redirectTarget(response.headers.location, url)}, which the node does not follow: the client secret is only ever sent to the address in the credential. Set Base URL in the credential "${NINETY_NINE_DIGITAL.credential.displayName}" to the address 99digital answers at.`,
		);
	}
	const body = (response.body ?? {}) as IDataObject;
	const token = typeof body === 'object' ? body.access_token : undefined;
	if (typeof token === 'string' && token && body.status !== 'FAIL') {
		const expiresAt = Number(body.expiration_time);
		return {
			accessToken: token,
			accessTokenFor: fingerprint,
			accessTokenExpiresAt: String(
				Number.isFinite(expiresAt) && expiresAt > 0
					? expiresAt
					: Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_S,
			),
		};
	}
	const reason = typeof body === 'object' ? Number(body.reason) : NaN;
	if (body.status === 'FAIL' && (reason === REASON_REFUSED || reason === REASON_TOKEN_EXPIRED)) {
		const until = clock(Date.now() + REFUSAL_PAUSE_MS);
		const what =
			reason === REASON_TOKEN_EXPIRED
				? `99digital refused the token request after too many bad attempts and blocks this IP for a while (reason ${reason}): wait, then check the client ID and secret`
				: `99digital refused the client ID and secret (reason ${reason}: ${NINETY_NINE_DIGITAL_REASONS[reason]}): check them in the credential`;
		return new TokenRefusedError(
			`${what}. This n8n process remembers the refusal until ${until}, or until the client ID or secret changes, and sends no token request for them before then, since repeated bad attempts get the IP blocked.`,
		);
	}
	const shown = errorMessageFromBody(response.body);
	return new TokenExchangeError(
		`99digital issued no access token: it answered HTTP ${statusCode}${shown ? ` with ${redact(shown, secrets)}` : ' without a token'}. This is not a refusal of the client ID and secret; check Base URL in the credential "${NINETY_NINE_DIGITAL.credential.displayName}", or try again later.`,
	);
}
