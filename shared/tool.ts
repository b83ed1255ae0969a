import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * How the nodes present themselves to an AI agent. n8n makes a tool of every node marked
 * `usableAsTool` and tells the model, as the tool's description, the node's own
 * `toolDescription` parameter if it has one, and otherwise only the operation's action
 * label ("Get WhatsApp statistics in Betatel Connect Hub"): nothing of what comes back,
 * how dates are read, or what the defaults do. These parameters carry that, one per
 * operation; '@tool' shows them only in the tool version of a node, where the user can
 * read and change what the model is told.
 */
export function toolDescriptionFields(
	operations: Array<{ show: Record<string, string[]>; text: string }>,
): INodeProperties[] {
	return operations.map(({ show, text }) => ({
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 6 },
		default: text,
		description:
			"What the AI agent's model is told about this tool: what it returns and how to fill its parameters",
		displayOptions: { show: { '@tool': [true], ...show } },
	}));
}

/** Said of every date a model may fill, in each description that has one. */
export const DATES_FOR_MODELS =
	"Dates are ISO 8601, e.g. 2026-11-21 or 2026-11-21T14:00:00; one without an offset is read in the workflow's time zone.";

/** n8n names the tool version of a node after it, with "Tool" at the end. */
export function runsAsTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

/**
 * An item as a model gets it: the keys with no value (a provider that does not report a
 * figure leaves it null, by the normalized items' contract) are left out, since every key
 * costs the model's context and a null says nothing to it.
 */
export function withoutNulls(item: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null));
}
