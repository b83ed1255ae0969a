/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { shippedNodes } from './lockedNodes';
import { compareWithLock, LOCK_FILE, lockOf, type NodeVersionLock } from './nodeVersions';

const locked = JSON.parse(
	readFileSync(join(__dirname, '..', '..', LOCK_FILE), 'utf8'),
) as NodeVersionLock;

const ADD_A_VERSION =
	'Saved workflows keep their node typeVersion and store only the parameters that differ from their defaults. Put the change in a new node version instead (docs/development.md, "Adding a node version")';

describe('the lock on node versions', () => {
	it('no node version changes or loses a parameter, a default or an option value that it recorded', () => {
		const { broken } = compareWithLock(locked, lockOf(shippedNodes()));
		if (broken.length) throw new Error(`${ADD_A_VERSION}:\n- ${broken.join('\n- ')}`);
	});

	it('everything the nodes offer is recorded', () => {
		const { added } = compareWithLock(locked, lockOf(shippedNodes()));
		if (added.length) {
			throw new Error(
				`Not in ${LOCK_FILE} yet. If the defaults keep what saved workflows do, record them with \`npm run lock:nodes\`; if not, add a node version:\n- ${added.join('\n- ')}`,
			);
		}
	});

	it('fails on a changed default, a removed option value and a removed parameter, saying to add a version', () => {
		const nodes = shippedNodes().map((description) => structuredClone(description));
		const trigger = nodes.find((description) => description.name === 'betatelTrigger')!;
		const field = (name: string) =>
			trigger.properties.find((property) => property.name === name) as INodeProperties;
		field('thresholdPercent').default = 10;
		const windows = field('window');
		windows.options = windows.options!.filter(
			(option) => (option as { value: string }).value !== 'lastm',
		);
		trigger.properties = trigger.properties.filter(
			(property) => property.name !== 'notifyOnRecovery',
		);
		const { broken } = compareWithLock(locked, lockOf(nodes));
		expect(broken.sort()).toEqual(
			[
				'betatelTrigger version 1: the default of thresholdPercent (show compareWith=["threshold"] event=["failureRateAboveThreshold"]) was 5, is 10',
				'betatelTrigger version 1: window (show event=["failureRateAboveThreshold"]) no longer offers ["lastm"]',
				'betatelTrigger version 1: parameter notifyOnRecovery (show event=["failureRateAboveThreshold"]) is gone',
			].sort(),
		);
	});

	it('reads n8n light versioning: a parameter shown from version 1.1 on belongs to 1.1, not to 1', () => {
		const [node] = shippedNodes().map((description) => structuredClone(description));
		node.version = [1, 1.1];
		node.properties = [
			...node.properties,
			{
				displayName: 'Newer',
				name: 'newer',
				type: 'boolean',
				default: true,
				displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
			},
		];
		const lock = lockOf([node]);
		expect(Object.keys(lock[node.name])).toEqual(['1', '1.1']);
		expect(lock[node.name]['1'].newer).toBeUndefined();
		expect(lock[node.name]['1.1'].newer).toEqual({ type: 'boolean', default: true });
		expect(compareWithLock({ [node.name]: locked[node.name] }, lock).broken).toEqual([]);
	});
});
