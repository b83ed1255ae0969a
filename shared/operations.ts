import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationRouter, type ItemOperation } from './execute';
import { toolDescriptionFields } from './tool';

/**
 * What every `actions/<value>.operation.ts` exports, in every package: the operation's value
 * (spelled there alone), its entry in the Operation picker and what an AI agent's model is told
 * of it (both for the resource it is shown under, where a node words them per resource), its
 * parameters, and what it runs per item.
 */
export interface OperationModule {
	value: string;
	entry: (resource: string) => { name: string; description: string; action: string };
	toolText: (resource: string) => string;
	description: INodeProperties[];
	execute: ItemOperation;
}

const resourcesOf = (resourceField: INodeProperties) =>
	(resourceField.options as INodePropertyOptions[]).map((option) => String(option.value));

/**
 * A node's parameters from its operations, in the order they are listed: the Resource, an
 * Operation picker per resource, each operation's parameters and its tool description.
 */
export function operationProperties(
	resourceField: INodeProperties,
	operations: OperationModule[],
	defaultOperation: OperationModule = operations[0],
): INodeProperties[] {
	const resources = resourcesOf(resourceField);
	// Named, not `defaultOperation.value` inline: the community-package scanner's
	// node-param-default-missing rule sees a member expression as no default at all.
	const defaultValue = defaultOperation.value;
	return [
		resourceField,
		...resources.map(
			(resource): INodeProperties => ({
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resource] } },
				options: operations.map((operation) => ({
					...operation.entry(resource),
					value: operation.value,
				})),
				default: defaultValue,
			}),
		),
		...operations.flatMap((operation) => operation.description),
		...toolDescriptionFields(
			resources.flatMap((resource) =>
				operations.map((operation) => ({
					show: { resource: [resource], operation: [operation.value] },
					text: operation.toolText(resource),
				})),
			),
		),
	];
}

/** The node's `execute`, routing each item to its operation by value. */
export function routerOf(resourceField: INodeProperties, operations: OperationModule[]) {
	return operationRouter(
		resourceField,
		Object.fromEntries(operations.map((operation) => [operation.value, operation.execute])),
	);
}
