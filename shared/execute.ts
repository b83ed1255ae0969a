import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runsAsTool, withoutNulls } from './tool';
import { invalidField, requireOption } from './validation';

/** An output item that carries files (a chart) besides its JSON. */
export class ItemWithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

export type OperationOutput = IDataObject | ItemWithBinary;

export type ItemOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<OperationOutput[]>;

/**
 * Runs an operation once per input item with that item's parameters, pairs every output
 * item with its input, leaves out null keys when a model called the node as a tool, and,
 * when the node is set to continue on fail, turns a failing item into an error item and
 * goes on with the next one.
 */
export async function runForEachItem(
	this: IExecuteFunctions,
	operationFor: (itemIndex: number) => ItemOperation,
): Promise<INodeExecutionData[][]> {
	const inputCount = Math.max(this.getInputData().length, 1);
	const output: INodeExecutionData[] = [];
	const asTool = runsAsTool(this);
	const shape = asTool ? withoutNulls : (json: IDataObject) => json;
	for (let itemIndex = 0; itemIndex < inputCount; itemIndex++) {
		try {
			const results = await operationFor(itemIndex).call(this, itemIndex);
			for (const result of results) {
				const pairedItem = { item: itemIndex };
				output.push(
					result instanceof ItemWithBinary
						? { json: shape(result.json), binary: result.binary, pairedItem }
						: { json: shape(result), pairedItem },
				);
			}
		} catch (error) {
			if (!this.continueOnFail()) {
				// Errors raised by this package are already n8n's node errors, with the message,
				// hint and item they belong to, and they reach n8n unchanged: given an error of
				// its own class, n8n's NodeApiError and NodeOperationError hand back that very
				// error. Anything else (a bug, a library's exception) is wrapped, so that n8n shows
				// which node and item failed.
				if (error instanceof NodeApiError || error instanceof NodeOperationError) {
					error.context.itemIndex ??= itemIndex;
					// An agent hands its model the message alone: the hint with the example
					// value the user would see below it has to travel inside.
					if (asTool && error.description && !error.message.includes(error.description))
						error.message = `${error.message}. ${error.description}`;
				}
				if (error instanceof NodeApiError)
					throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			const json: IDataObject = { error: (error as Error).message };
			const description = (error as { description?: unknown }).description;
			if (typeof description === 'string' && description) json.errorDescription = description;
			output.push({ json, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}

/**
 * The node's `execute`: checks each item's Resource against the node's own field (n8n cannot
 * read the operation of a resource it does not know, and would say only that), then picks the
 * item's operation by name and runs it per item.
 */
export function operationRouter(
	resourceField: INodeProperties,
	operations: Record<string, ItemOperation>,
) {
	return async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runForEachItem.call(this, (itemIndex) => {
			requireOption(
				this.getNode(),
				itemIndex,
				resourceField,
				this.getNodeParameter(resourceField.name, itemIndex),
			);
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const run = operations[operation];
			if (!run) {
				throw invalidField(
					this.getNode(),
					itemIndex,
					'Operation',
					`"${operation}" is not one of the allowed values`,
					`Use one of: ${Object.keys(operations).join(', ')}.`,
				);
			}
			return run;
		});
	};
}
