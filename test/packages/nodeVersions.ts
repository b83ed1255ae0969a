import type {
	IDisplayOptions,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

/**
 * What a saved workflow relies on, per node type and typeVersion: each parameter's type,
 * default and option values. A saved workflow keeps its node's typeVersion and stores only
 * the parameters that differ from their defaults, so a default that changes, an option value
 * that goes, or a parameter that goes, changes what an existing workflow does.
 */
export interface LockedParameter {
	type: string;
	default: unknown;
	options?: unknown[];
}

export type NodeVersionLock = Record<string, Record<string, Record<string, LockedParameter>>>;

export const LOCK_FILE = 'test/packages/node-versions.lock.json';

type VersionCondition = number | { _cnd: Record<string, unknown> };

function matches(version: number, condition: VersionCondition): boolean {
	if (typeof condition === 'number') return version === condition;
	const [[operator, operand]] = Object.entries(condition._cnd);
	const value = operand as number;
	switch (operator) {
		case 'eq':
			return version === value;
		case 'not':
			return version !== value;
		case 'gte':
			return version >= value;
		case 'lte':
			return version <= value;
		case 'gt':
			return version > value;
		case 'lt':
			return version < value;
		case 'between': {
			const { from, to } = operand as { from: number; to: number };
			return version >= from && version <= to;
		}
		default:
			throw new Error(`@version condition ${operator} is not understood by the version lock`);
	}
}

/** Whether n8n shows a parameter on a node of this version (its `@version` display rules). */
function appliesTo(displayOptions: IDisplayOptions | undefined, version: number): boolean {
	const show = displayOptions?.show?.['@version'] as VersionCondition[] | undefined;
	const hide = displayOptions?.hide?.['@version'] as VersionCondition[] | undefined;
	if (show && !show.some((condition) => matches(version, condition))) return false;
	return !hide?.some((condition) => matches(version, condition));
}

/**
 * The other display rules, as text: a parameter name can stand more than once, shown for
 * different resources or channels, and each is a parameter of its own.
 */
function shownWhen(displayOptions: IDisplayOptions | undefined): string {
	const parts: string[] = [];
	for (const kind of ['show', 'hide'] as const) {
		const rules = Object.entries(displayOptions?.[kind] ?? {})
			.filter(([name]) => name !== '@version')
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([name, values]) => `${name}=${JSON.stringify(values)}`);
		if (rules.length) parts.push(`${kind} ${rules.join(' ')}`);
	}
	return parts.length ? ` (${parts.join('; ')})` : '';
}

function optionValues(property: INodeProperties): unknown[] | undefined {
	if (property.type !== 'options' && property.type !== 'multiOptions') return undefined;
	// Options loaded from the provider (a dropdown of its numbers) are the account's, not the node's.
	if (!property.options) return undefined;
	return (property.options as INodePropertyOptions[]).map((option) => option.value);
}

function lockParameters(
	properties: INodeProperties[],
	version: number,
	prefix: string,
	into: Record<string, LockedParameter>,
): void {
	for (const property of properties) {
		if (!appliesTo(property.displayOptions, version)) continue;
		const path = `${prefix}${property.name}`;
		const options = optionValues(property);
		into[`${path}${shownWhen(property.displayOptions)}`] = {
			type: property.type,
			default: property.default,
			...(options ? { options } : {}),
		};
		if (property.type === 'collection') {
			lockParameters(property.options as INodeProperties[], version, `${path}.`, into);
		}
		if (property.type === 'fixedCollection') {
			for (const group of property.options as INodePropertyCollection[]) {
				lockParameters(group.values, version, `${path}.${group.name}.`, into);
			}
		}
	}
}

/** The lock of these nodes as they are now. */
export function lockOf(descriptions: INodeTypeDescription[]): NodeVersionLock {
	const lock: NodeVersionLock = {};
	for (const description of descriptions) {
		const versions = Array.isArray(description.version)
			? description.version
			: [description.version];
		lock[description.name] = {};
		for (const version of versions) {
			const parameters: Record<string, LockedParameter> = {};
			lockParameters(description.properties, version, '', parameters);
			lock[description.name][String(version)] = parameters;
		}
	}
	return JSON.parse(JSON.stringify(lock)) as NodeVersionLock;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What the nodes now change of what the lock recorded (`broken`), and what they add to it
 * (`added`): a parameter, an option value, a version or a node not recorded yet.
 */
export function compareWithLock(
	locked: NodeVersionLock,
	current: NodeVersionLock,
): { broken: string[]; added: string[] } {
	const broken: string[] = [];
	const added: string[] = [];
	for (const [node, versions] of Object.entries(locked)) {
		for (const [version, parameters] of Object.entries(versions)) {
			const now = current[node]?.[version];
			const where = `${node} version ${version}`;
			if (!now) {
				broken.push(`${where}: the version is gone`);
				continue;
			}
			for (const [name, was] of Object.entries(parameters)) {
				const is = now[name];
				if (!is) broken.push(`${where}: parameter ${name} is gone`);
				else if (is.type !== was.type)
					broken.push(`${where}: parameter ${name} was ${was.type}, is ${is.type}`);
				else if (!same(is.default, was.default))
					broken.push(
						`${where}: the default of ${name} was ${JSON.stringify(was.default)}, is ${JSON.stringify(is.default)}`,
					);
				const gone = (was.options ?? []).filter(
					(value) => !(is?.options ?? []).some((option) => same(option, value)),
				);
				if (is && gone.length)
					broken.push(`${where}: ${name} no longer offers ${JSON.stringify(gone)}`);
				const offered = (is?.options ?? []).filter(
					(value) => !(was.options ?? []).some((option) => same(option, value)),
				);
				if (offered.length) added.push(`${where}: ${name} offers ${JSON.stringify(offered)}`);
			}
			for (const name of Object.keys(now).filter((name) => !parameters[name]))
				added.push(`${where}: parameter ${name}`);
		}
	}
	for (const [node, versions] of Object.entries(current)) {
		for (const version of Object.keys(versions).filter((version) => !locked[node]?.[version]))
			added.push(`${node} version ${version}`);
	}
	return { broken, added };
}

/** The lock as it should be written: what it recorded, and what the nodes add to it. */
export function extendLock(locked: NodeVersionLock, current: NodeVersionLock): NodeVersionLock {
	const next = JSON.parse(JSON.stringify(locked)) as NodeVersionLock;
	for (const [node, versions] of Object.entries(current)) {
		next[node] ??= {};
		for (const [version, parameters] of Object.entries(versions)) {
			next[node][version] ??= {};
			for (const [name, parameter] of Object.entries(parameters)) {
				const was = next[node][version][name];
				next[node][version][name] = was
					? {
							...was,
							...(parameter.options
								? { options: [...new Set([...(was.options ?? []), ...parameter.options])] }
								: {}),
						}
					: parameter;
			}
		}
	}
	return next;
}
