import type { BureauAccess } from '../kit/auth/access';
import { publicGrant } from '../kit/auth/access';

// Civil affairs' access rules. The geography and the service points are public administrative facts: any signed-in
// caller may read them, analysts included, with no purpose and no audit record.

export const GEOGRAPHY = publicGrant('administrative geography and service points');

/** No type here holds a person's record yet. */
export const civilAffairsAccess: BureauAccess = {};
