import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Public security's own copy of the published division code list (district / street / community), used to
 * validate the address of a registration without reading civil affairs' tables.
 */
@Entity('administrative_division')
export class AdministrativeDivision {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ type: 'varchar', length: 10 })
  level!: 'DISTRICT' | 'STREET' | 'COMMUNITY';

  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode!: string | null;
}
