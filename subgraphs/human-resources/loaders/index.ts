import DataLoader from 'dataloader';
import { In, type DataSource, type FindOptionsOrder, type ObjectLiteral, type Repository } from 'typeorm';
import { entityRows } from '../../kit/entity-rows';
import { createPageLoader, manyByKey, oneByKey } from '../../kit/loaders';
import { Employer } from '../entities/employer';
import { Employment } from '../entities/employment';
import { EmploymentService } from '../entities/employment-service';
import { LabourDispute } from '../entities/labour-dispute';
import { SocialInsurance } from '../entities/social-insurance';
import { Training } from '../entities/training';
import { createEmploymentRelease } from './employment-figures';

/** A page of an employer's current employees. */
export interface EmployeesKey {
  employerCode: string;
  afterId: number | undefined;
  limit: number;
}

/** All of a person's records of one kind, for many persons in one statement. */
function recordsOfPersons<T extends ObjectLiteral & { personId: string }>(repository: Repository<T>, order: FindOptionsOrder<T>) {
  return new DataLoader<string, T[]>(async (ids) =>
    manyByKey(ids, await repository.find({ where: { personId: In([...ids]) } as never, order }), (record) => record.personId),
  );
}

/** Per-request loaders: each batch is one SQL statement, whatever the number of keys. */
export function createLoaders(db: DataSource) {
  const employers = db.getRepository(Employer);
  const employments = db.getRepository(Employment);
  const employmentRows = entityRows(db, Employment);
  return {
    employer: new DataLoader<string, Employer | null>(async (codes) =>
      oneByKey(codes, await employers.findBy({ code: In([...codes]) }), (employer) => employer.code),
    ),
    employmentsOfPerson: recordsOfPersons(employments, { startDate: 'DESC', id: 'DESC' }),
    insuranceOfPerson: recordsOfPersons(db.getRepository(SocialInsurance), { type: 'ASC', startDate: 'DESC' }),
    trainingsOfPerson: recordsOfPersons(db.getRepository(Training), { startDate: 'DESC', id: 'DESC' }),
    servicesOfPerson: recordsOfPersons(db.getRepository(EmploymentService), { date: 'DESC', id: 'DESC' }),
    disputesOfPerson: recordsOfPersons(db.getRepository(LabourDispute), { filedOn: 'DESC', id: 'DESC' }),

    /** Pages of the current employees of many employers in one statement (a LATERAL page per employer). */
    currentEmployees: createPageLoader<EmployeesKey, Employment>(db, {
      keys: [
        { name: 'employer_code', type: 'varchar', of: (key) => key.employerCode },
        { name: 'after_id', type: 'int', of: (key) => key.afterId ?? null },
      ],
      select: employmentRows.columns('e'),
      page: `SELECT * FROM employment x
             WHERE x.employer_code = k.employer_code AND x.end_date IS NULL AND (k.after_id IS NULL OR x.id > k.after_id)
             ORDER BY x.id LIMIT k.page_limit`,
      as: 'e',
      order: 'e.id',
      fromRow: employmentRows.fromRow,
    }),

    currentEmployeeCount: new DataLoader<string, number>(async (codes) => {
      const rows: { employer_code: string; count: number }[] = await db.query(
        `SELECT employer_code, count(*) AS count FROM employment WHERE end_date IS NULL AND employer_code = ANY($1::varchar[]) GROUP BY employer_code`,
        [codes],
      );
      return oneByKey(codes, rows, (row) => row.employer_code).map((row) => row?.count ?? 0);
    }),

    /** The bureau's latest statistics release, looked up once per request. */
    release: createEmploymentRelease(db),
  };
}

export type HumanResourcesLoaders = ReturnType<typeof createLoaders>;
