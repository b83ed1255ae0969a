import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

import { BetatelApi } from '../../packages/n8n-nodes-betatel/credentials/BetatelApi.credentials';
import { NinetyNineDigitalApi } from '../../packages/n8n-nodes-99digital/credentials/NinetyNineDigitalApi.credentials';
import { WhatomateApi } from '../../packages/n8n-nodes-whatomate/credentials/WhatomateApi.credentials';

export const credentialTypes: Record<string, ICredentialType> = {
	betatelApi: new BetatelApi(),
	ninetyNineDigitalApi: new NinetyNineDigitalApi(),
	whatomateApi: new WhatomateApi(),
};

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: IDataObject;
}

/** Applies a credential's defaults the way n8n does before handing data to a node. */
function withDefaults(type: ICredentialType, data: IDataObject): IDataObject {
	const filled: IDataObject = {};
	for (const property of type.properties) {
		if (property.default !== undefined && typeof property.default !== 'object')
			filled[property.name] = property.default;
	}
	return { ...filled, ...data };
}

/**
 * What a full n8n supplies to the engine: stored credentials, decrypted per request, the
 * type's `authenticate` block applied with expressions resolved against `$credentials`,
 * and `preAuthentication` run when an expirable field is empty or a request said it had
 * expired, with the new value saved back, as n8n's CredentialsHelper does.
 */
export class MemoryCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, StoredCredential>();

	preAuthenticationCalls = 0;

	add(credential: StoredCredential): this {
		this.store.set(credential.id, credential);
		return this;
	}

	getParentTypes(name: string): string[] {
		const parents = credentialTypes[name]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes[typeName]?.authenticate;
		const options = requestOptions as IHttpRequestOptions;
		if (!authenticate) return options;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (authenticate.type !== 'generic') return options;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=') && workflow && node
				? workflow.expression.getSimpleParameterValue(
						node,
						value,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					)
				: value;
		for (const [target, values] of Object.entries(authenticate.properties)) {
			const key = target as 'headers' | 'qs' | 'body' | 'auth';
			const bag = ((options as unknown as Record<string, IDataObject | undefined>)[key] ??=
				{}) as IDataObject;
			for (const [name, value] of Object.entries(values as IDataObject))
				bag[name] = resolve(value) as string;
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type?.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!type?.preAuthentication || !expirable) return undefined;
		if (
			credentials[expirable.name] !== '' &&
			credentials[expirable.name] !== undefined &&
			!credentialsExpired
		) {
			return undefined;
		}
		this.preAuthenticationCalls++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		if (details)
			await this.updateCredentials(details, typeName, {
				...credentials,
				...output,
			} as ICredentialDataDecryptedObject);
		return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		return type?.preAuthentication
			? ((await type.preAuthentication.call(
					helpers,
					credentials,
				)) as ICredentialDataDecryptedObject)
			: undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const stored = this.find(nodeCredentials);
		return {
			id: stored.id,
			name: stored.name,
			type,
			data: undefined,
			getData: () => ({ ...stored.data }),
			getDataToSave: () => ({ id: stored.id, name: stored.name, type, data: '' }),
			setData: () => undefined,
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.find(nodeCredentials);
		return withDefaults(
			credentialTypes[type],
			structuredClone(stored.data),
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.find(nodeCredentials).data = structuredClone(data) as IDataObject;
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}

	private find(details: INodeCredentialsDetails): StoredCredential {
		const stored =
			(details.id && this.store.get(details.id)) ||
			[...this.store.values()].find((c) => c.name === details.name);
		if (!stored) throw new Error(`No credential ${details.id ?? details.name} in the test store`);
		return stored;
	}
}
