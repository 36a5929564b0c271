import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Employment registration (就业登记) of a migrant at a community: where human resources counts them in its figures
 * and which community worker serves them. Not in the graph by itself.
 */
@Entity('worker')
export class Worker {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 16 })
  personId!: string;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;

  @Column({ name: 'registered_on', type: 'date' })
  registeredOn!: string;

  /** Household registration place (户籍所在地, GB/T 2260), counted in the origin report; null on registrations from before it was asked. */
  @Column({ name: 'origin_region_code', type: 'varchar', length: 6, nullable: true })
  originRegionCode!: string | null;
}
