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
}
