import type { INodeTypeDescription } from 'n8n-workflow';

import { Betatel } from '../../packages/n8n-nodes-betatel/nodes/Betatel/Betatel.node';
import { BetatelTrigger } from '../../packages/n8n-nodes-betatel/nodes/Betatel/BetatelTrigger.node';
import { NinetyNineDigital } from '../../packages/n8n-nodes-99digital/nodes/NinetyNineDigital/NinetyNineDigital.node';
import { Whatomate } from '../../packages/n8n-nodes-whatomate/nodes/Whatomate/Whatomate.node';

/** Every node the three packages ship, as its description stands in the code. */
export const shippedNodes = (): INodeTypeDescription[] =>
	[new Betatel(), new BetatelTrigger(), new NinetyNineDigital(), new Whatomate()].map(
		(node) => node.description,
	);
