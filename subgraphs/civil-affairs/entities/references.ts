import { originReportReference, personReference } from '../../kit/entity-references';

// Entities of other bureaus that civil affairs refers to or adds fields to (kit/entity-references.ts).

export const PersonReference = personReference('civil affairs adds their relief cases and disputes');
export type PersonReference = InstanceType<typeof PersonReference>;

export const OriginReportReference = originReportReference(
  'civil affairs adds the relief granted to the migrants from there and the disputes of which one of them is the first party',
);
export type OriginReportReference = InstanceType<typeof OriginReportReference>;
