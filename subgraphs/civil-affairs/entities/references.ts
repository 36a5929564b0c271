import { personReference } from '../../kit/entity-references';

// Entities of other bureaus that civil affairs refers to or adds fields to (kit/entity-references.ts).

export const PersonReference = personReference('civil affairs adds their relief cases and disputes');
export type PersonReference = InstanceType<typeof PersonReference>;
