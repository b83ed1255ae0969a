import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { credentialTypes, MemoryCredentialsHelper } from './credentials';
import { buildWorkflow, node } from './engine';
import { recordTexts } from './sweep';

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	httpStatus?: number;
	message?: string;
}

/**
 * Runs a credential type's `test` request the way n8n's "Test" button does for a
 * declarative test: expressions resolved against `$credentials`, `authenticate` applied
 * (what a function throws becomes the message),
 * and a non-2xx answer or a matching `responseSuccessBody` rule reported as a failure.
 */
export async function testCredential(
	typeName: string,
	data: IDataObject,
): Promise<CredentialTestOutcome> {
	const outcome = await runCredentialTest(typeName, data);
	recordTexts(outcome);
	return outcome;
}

async function runCredentialTest(
	typeName: string,
	data: IDataObject,
): Promise<CredentialTestOutcome> {
	const type = credentialTypes[typeName];
	if (!type.test) throw new Error(`${typeName} has no test request`);
	const probe = node('test.fixtureItems', {}, { name: 'Credential test' });
	const workflow = buildWorkflow({ nodes: [probe], connections: {} });
	const credentials = { ...data } as ICredentialDataDecryptedObject;
	// n8n runs preAuthentication before testing a credential that has one.
	if (type.preAuthentication) {
		try {
			Object.assign(
				credentials,
				await type.preAuthentication.call(
					{ helpers: { httpRequest: fetchJson } } as never,
					credentials,
				),
			);
		} catch (error) {
			return { status: 'Error', message: (error as Error).message };
		}
	}
	const resolve = <T>(value: T): T =>
		typeof value === 'string' && value.startsWith('=')
			? (workflow.expression.getSimpleParameterValue(
					probe,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				) as T)
			: value;
	const { request, rules } = type.test;
	let options: IHttpRequestOptions = {
		method: request.method ?? 'GET',
		url: `${resolve(request.baseURL ?? '')}${resolve(request.url ?? '')}`,
		body: request.body as IDataObject,
		qs: request.qs as IDataObject,
		headers: { ...(request.headers as IDataObject) },
	};
	const helper = new MemoryCredentialsHelper();
	try {
		options = await helper.authenticate(credentials, typeName, options, workflow, probe);
	} catch (error) {
		// n8n shows what a credential's authenticate function throws as the Test's message.
		return { status: 'Error', message: (error as Error).message };
	}
	const response = await fetch(
		options.url +
			(options.qs ? `?${new URLSearchParams(options.qs as Record<string, string>)}` : ''),
		{
			method: options.method,
			headers: {
				'content-type': 'application/json',
				...(options.headers as Record<string, string>),
			},
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			redirect: request.disableFollowRedirect ? 'manual' : 'follow',
		},
	);
	const text = await response.text();
	// As n8n's CredentialsTester: a responseCode rule's message, else the status text.
	if (!response.ok) {
		const rule = (rules ?? []).find(
			(candidate) =>
				candidate.type === 'responseCode' && candidate.properties.value === response.status,
		);
		return {
			status: 'Error',
			httpStatus: response.status,
			message:
				(rule?.properties.message as string | undefined) ??
				(response.statusText || `Received HTTP status code: ${response.status}`),
		};
	}
	let body: IDataObject = {};
	try {
		body = JSON.parse(text) as IDataObject;
	} catch {
		// a non-JSON 2xx passes unless a rule says otherwise
	}
	for (const rule of rules ?? []) {
		if (
			rule.type === 'responseSuccessBody' &&
			body[rule.properties.key] === rule.properties.value
		) {
			return { status: 'Error', httpStatus: response.status, message: rule.properties.message };
		}
	}
	return { status: 'OK', httpStatus: response.status };
}

/**
 * A stand-in for n8n's helpers.httpRequest, enough for a token exchange: JSON, the full
 * response, status errors ignored and redirects left alone when the options say so.
 */
async function fetchJson(options: IHttpRequestOptions): Promise<unknown> {
	const response = await fetch(options.url, {
		method: options.method ?? 'GET',
		headers: { 'content-type': 'application/json' },
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
		redirect: options.disableFollowRedirect ? 'manual' : 'follow',
	});
	const text = await response.text();
	if (!response.ok && !options.ignoreHttpStatusErrors)
		throw Object.assign(new Error(`HTTP ${response.status}`), {
			response: { status: response.status },
		});
	let body: unknown = text;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON: the text as it came
	}
	return options.returnFullResponse
		? {
				statusCode: response.status,
				statusMessage: response.statusText,
				headers: Object.fromEntries(response.headers),
				body,
			}
		: body;
}
