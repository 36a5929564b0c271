import 'reflect-metadata';
import DataLoader from 'dataloader';
import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, registerEnumType, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { manyByKey } from '../loaders';
import { pageSize } from '../pagination';
import { personalGrant, publicGrant } from './grant';
import { AUDIT_COLUMNS, AuditAction, AuditRecord, auditRecordFromRow } from './audit';

// Accountability in the graph: Person.accessLog lists who read the person's data, each bureau adding its own records.

/** Audit trails are for auditors only (and, later, the person themselves). */
export const AUDIT_TRAIL = personalGrant('audit trail', { AUDITOR: ['audit'] });

/** The parts of an access log, reachable only through a field granted AUDIT_TRAIL. */
const AUDIT_TRAIL_CONTENT = publicGrant('audit record content (reached through AUDIT_TRAIL fields only)');

/** The values of AuditAction, as a GraphQL enum. */
enum AccessAction {
  READ = 'READ',
  WRITE = 'WRITE',
}
registerEnumType(AccessAction, {
  name: 'AccessAction',
  description: 'What a request did with the data (访问类型).',
  valuesConfig: {
    READ: { description: 'Read it (查询).' },
    WRITE: { description: 'Recorded or changed it: a mutation (登记/变更).' },
  },
});

@Directive('@shareable')
@ObjectType('AccessRecord', {
  description: "One request that read or wrote the person's data, or was refused it, as the bureau's audit trail recorded it (访问记录).",
})
export class AccessRecordType {
  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field(() => DateTimeResolver, { description: 'When the data was read or written (UTC).' })
  recordedAt!: string;

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field(() => AccessAction, { description: 'Whether the request read the data or wrote it.' })
  action!: AuditAction;

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field({ description: 'The official (token subject).' })
  subject!: string;

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field({ description: "The official's bureau." })
  bureau!: string;

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field({ description: "The official's role." })
  role!: string;

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field(() => String, { nullable: true, description: 'The purpose of use declared (x-purpose).' })
  purpose!: string | null;

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field(() => String, { nullable: true, description: 'The GraphQL operation, as the gateway named it for this bureau.' })
  operationName!: string | null;

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field(() => String, { nullable: true, description: 'Request id issued by the gateway, the same in every bureau a request reached.' })
  requestId!: string | null;

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field(() => String, { nullable: true, description: "The caller's own x-request-id, as it sent it." })
  clientRequestId!: string | null;

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field(() => [String], {
    description:
      'Fields read in that request (Type.field), for all persons it read; for a write, the mutation; a filter as the field it selects by and the argument, e.g. `Person.ethnicity (filter.ethnicityCode)`; a lookup by id as `Person.id (id)`, `Person.id (filter.ids)` or `Person.id (entity key)`.',
  })
  fields!: string[];

  @Authorized(AUDIT_TRAIL_CONTENT)
  @Field(() => [String], { description: 'Fields that request was refused (FORBIDDEN), for all persons it was refused about; named as `fields` are.' })
  refusedFields!: string[];
}

export interface AccessLogKey {
  personId: string;
  limit: number;
}

/** The latest audit records of many persons (read or refused about them) in one statement (a LATERAL page per person). */
export function createAccessRecordLoader(db: DataSource) {
  return new DataLoader<AccessLogKey, AuditRecord[], string>(
    async (keys) => {
      const rows = await db.query(
        `SELECT k.ordinal, ${AUDIT_COLUMNS.split(', ')
          .map((c) => `a.${c}`)
          .join(', ')}
         FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS k(person_id, page_limit, ordinal)
         CROSS JOIN LATERAL (
           SELECT * FROM audit_record WHERE person_ids @> ARRAY[k.person_id] OR refused_person_ids @> ARRAY[k.person_id] ORDER BY seq DESC LIMIT k.page_limit
         ) a
         ORDER BY k.ordinal, a.seq DESC`,
        [keys.map((k) => k.personId), keys.map((k) => k.limit)],
      );
      const ordinals = keys.map((_, index) => index + 1);
      return manyByKey(ordinals, rows, (row: Record<string, unknown>) => Number(row.ordinal)).map((group) => group.map(auditRecordFromRow));
    },
    { cacheKeyFn: (key) => `${key.personId}|${key.limit}` },
  );
}

interface AccessLogContext {
  accessRecords: ReturnType<typeof createAccessRecordLoader>;
}

/** A bureau's name in camel case (`city-bureau` → `cityBureau`): the field it adds to AccessLog. */
export function accessLogFieldName(bureau: string): string {
  return bureau.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

const accessLogTypesByBureau = new Map<string, { AccessLog: new () => { personId: string }; AccessLogResolver: Function }>();

/**
 * The `AccessLog` entity (key `personId`) with this bureau's field of records. Every subgraph gets it from the kit;
 * the same classes are returned for the same bureau, so the Person owner can return an AccessLog.
 */
export function accessLogTypes(bureau: string) {
  const existing = accessLogTypesByBureau.get(bureau);
  if (existing) return existing;

  @Directive('@key(fields: "personId")')
  @ObjectType('AccessLog', { description: "Who read or wrote a person's data (访问日志): each bureau lists the requests that did so there." })
  class AccessLog {
    @Authorized(AUDIT_TRAIL_CONTENT)
    @Field(() => ID, { description: 'Registry id of the person.' })
    personId!: string;
  }

  @Resolver(() => AccessLog)
  class AccessLogResolver {
    @Authorized(AUDIT_TRAIL)
    @FieldResolver(() => [AccessRecordType], {
      nullable: true,
      name: accessLogFieldName(bureau),
      description: `Requests that read or wrote this person's data in ${bureau}, newest first.`,
    })
    records(
      @Root() log: AccessLog,
      @Ctx() context: AccessLogContext,
      @Arg('first', () => Int, { defaultValue: 50, description: 'How many of the latest records, at most 100.' }) first: number,
    ): Promise<AuditRecord[]> {
      return context.accessRecords.load({ personId: log.personId, limit: pageSize(first) });
    }
  }

  const types = { AccessLog, AccessLogResolver };
  accessLogTypesByBureau.set(bureau, types);
  return types;
}
