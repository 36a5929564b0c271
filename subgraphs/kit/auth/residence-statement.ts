import { Authorized, Directive, Field } from 'type-graphql';
import { publicGrant } from './grant';
import type { Identity } from './identity';
import { isSignedBy, signAs } from './service-keys';

/**
 * "Own community" means one thing in every bureau: the community where public security has the person registered now.
 * Public security signs a statement of it (`Person.residenceStatement`: person id, community code, time of issue).
 * Every other bureau declares the field `@external` on its Person stub and `@requires` it on each personal field a
 * community worker may read, so the gateway brings it along with the key, in one `_entities` call to public security
 * per level of the query plan. The kit keeps the statements that come with a request's Person representations and,
 * for a community worker, takes the community of a record about a person from the person's valid, fresh statement:
 * a missing, forged, altered, stale or another person's statement scopes the person to no community, so their records
 * are refused. A bureau never reads another's tables, and an `_entities` call sent straight to a subgraph cannot name
 * a community of its choosing.
 */

export const RESIDENCE_STATEMENT_FIELD = 'residenceStatement';

/** The directive on each Person field of another bureau that a community worker may read. */
export const REQUIRES_RESIDENCE_STATEMENT = `@requires(fields: "${RESIDENCE_STATEMENT_FIELD}")`;

const VERSION = 'rs1';

/** What public security states: the person, where they are registered now, and when it said so. */
export interface ResidenceFact {
  personId: string;
  communityCode: string;
  /** Milliseconds since the epoch. */
  issuedAt: number;
}

/** `rs1.<payload>.<signature>`: a base64url JSON payload signed with public security's residence-statement key. */
export function issueResidenceStatement(fact: ResidenceFact): string {
  const signed = `${VERSION}.${Buffer.from(JSON.stringify({ p: fact.personId, c: fact.communityCode, t: fact.issuedAt })).toString('base64url')}`;
  return `${signed}.${signAs('residence-statement', signed)}`;
}

/**
 * The fact a statement states if public security signed it and it is fresh: issued within `maxAgeMs` either side of
 * now (`RESIDENCE_STATEMENT_MAX_AGE_SECONDS`; the gateway uses a statement within the request it came with).
 */
export function readResidenceStatement(statement: unknown, maxAgeMs: number, now = Date.now()): ResidenceFact | null {
  if (typeof statement !== 'string') return null;
  const parts = statement.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const signed = `${parts[0]}.${parts[1]}`;
  if (!isSignedBy('residence-statement', signed, parts[2])) return null;
  let payload: { p?: unknown; c?: unknown; t?: unknown };
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { p: personId, c: communityCode, t: issuedAt } = payload;
  if (typeof personId !== 'string' || typeof communityCode !== 'string' || typeof issuedAt !== 'number') return null;
  if (Math.abs(now - issuedAt) > maxAgeMs) return null;
  return { personId, communityCode, issuedAt };
}

/** The statements that came with one request's Person representations, checked when a community worker's read needs one. */
export class StatedResidences {
  private readonly statements = new Map<string, Set<unknown>>();
  private readonly communities = new Map<string, string | null>();

  /** `maxAgeMs`: how old a statement may be (see readResidenceStatement). */
  constructor(private readonly maxAgeMs: number) {}

  note(personId: string, statement: unknown): void {
    if (statement === undefined || statement === null) return;
    const known = this.statements.get(personId) ?? new Set();
    known.add(statement);
    this.statements.set(personId, known);
    this.communities.delete(personId);
  }

  /** Where public security states the person is registered now: the newest valid statement about them, if any. */
  communityOf(personId: string): string | null {
    if (!this.communities.has(personId)) {
      const facts = [...(this.statements.get(personId) ?? [])]
        .map((statement) => readResidenceStatement(statement, this.maxAgeMs))
        .filter((fact): fact is ResidenceFact => fact !== null && fact.personId === personId)
        .sort((a, b) => b.issuedAt - a.issuedAt);
      this.communities.set(personId, facts[0]?.communityCode ?? null);
    }
    return this.communities.get(personId)!;
  }
}

/** What the functions below read of a request's access: a part of access.ts's AccessContext, which holds the statements. */
interface StatementContext {
  access: { identity: Identity; residences: StatedResidences };
}

/** Notes the statement a Person representation carries (the kit calls this for every `_entities` Person). */
export function noteResidenceStatement(typeName: string, reference: Record<string, unknown>, context: StatementContext): void {
  if (typeName === 'Person' && RESIDENCE_STATEMENT_FIELD in reference) {
    context.access.residences.note(String(reference.id), reference[RESIDENCE_STATEMENT_FIELD]);
  }
}

/**
 * A bureau's `communityOf` for a record about a person (or several, as an enrolment is the child's and the guardian's):
 * the community public security states for them in this request. A record about several persons is in the caller's
 * community when one of them is.
 */
export function statedCommunityOf<R>(personsOf: (record: R) => string | string[] | null) {
  return (record: R, context: StatementContext): string | null => {
    const persons = personsOf(record);
    const ids = Array.isArray(persons) ? persons : persons ? [persons] : [];
    const communities = ids.map((id) => context.access.residences.communityOf(id));
    const own = context.access.identity.community;
    return communities.find((community) => community === own) ?? communities.find((community) => community !== null) ?? null;
  };
}

/** A bureau's `communityOf` for its Person stub. */
export const statedCommunityOfPerson = statedCommunityOf((person: { id: string }) => person.id);

/** The statement as the gateway passed it: it only ever echoes the caller's own representation. */
const PASSED_STATEMENT = publicGrant('statement of current residence, as passed with the key (@external)');

/** The `@external` field each other bureau's Person stub declares, to `@requires` it. */
export function ExternalResidenceStatement(): PropertyDecorator {
  return (prototype, property) => {
    Authorized(PASSED_STATEMENT)(prototype, property);
    Directive('@external')(prototype, property);
    Field(() => String, {
      nullable: true,
      description: "Public security's signed statement of the community where the person is registered now (现居住地社区证明), brought by the gateway.",
    })(prototype, property);
  };
}
