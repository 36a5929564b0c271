import { Authorized, Field, ObjectType, registerEnumType } from 'type-graphql';
import { RESIDENCE_PERMITS } from '../access';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';

export enum PermitStatus {
  VALID = 'VALID',
  NOT_YET_VALID = 'NOT_YET_VALID',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(PermitStatus, {
  name: 'PermitStatus',
  description: 'Status of a residence permit today.',
  valuesConfig: {
    VALID: { description: 'Valid today (有效).' },
    NOT_YET_VALID: { description: 'A renewal whose period starts after today.' },
    EXPIRED: { description: 'Its period has ended (过期).' },
    REVOKED: { description: 'Withdrawn by the issuing office (注销).' },
  },
});

/** A residence permit period; a renewal is a new record following the old one, so the history stays. */
@ObjectType('ResidencePermit', { description: 'Residence permit (居住证) for one period of validity.' })
@Entity('residence_permit')
export class ResidencePermit {
  @PrimaryGeneratedColumn()
  id!: number;

  @Authorized(RESIDENCE_PERMITS)
  @Field({ nullable: true, description: 'Permit number (居住证号码).' })
  @Column({ type: 'varchar', length: 24 })
  number!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 16 })
  personId!: string;

  @Authorized(RESIDENCE_PERMITS)
  @Field(() => DateScalar, { nullable: true, description: 'Day the permit was issued (签发日期).' })
  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;

  @Authorized(RESIDENCE_PERMITS)
  @Field(() => DateScalar, { nullable: true, description: 'First day of validity.' })
  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Authorized(RESIDENCE_PERMITS)
  @Field(() => DateScalar, { nullable: true, description: 'Last day of validity (有效期至).' })
  @Column({ name: 'valid_until', type: 'date' })
  validUntil!: string;

  @Authorized(RESIDENCE_PERMITS)
  @Field(() => DateScalar, { nullable: true, description: 'Day the permit was revoked, if it was.' })
  @Column({ name: 'revoked_on', type: 'date', nullable: true })
  revokedOn!: string | null;

  /** Whether this is the person's latest period, the one the permit-status filter looks at. */
  @Column({ name: 'is_latest', type: 'boolean', default: false })
  isLatest!: boolean;

  /** The permit this one renews (续签), if any. */
  @Column({ name: 'renews_permit_id', type: 'integer', nullable: true })
  renewsPermitId!: number | null;
}

/** A permit's status on a given day (ISO strings compare as dates). */
export function permitStatusOn(permit: Pick<ResidencePermit, 'validFrom' | 'validUntil' | 'revokedOn'>, day: string): PermitStatus {
  if (permit.revokedOn !== null && permit.revokedOn <= day) return PermitStatus.REVOKED;
  if (permit.validUntil < day) return PermitStatus.EXPIRED;
  if (permit.validFrom > day) return PermitStatus.NOT_YET_VALID;
  return PermitStatus.VALID;
}
