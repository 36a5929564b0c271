/**
 * Disclosure control that survives an attacker with a solver: `attack` is what an analyst can learn of each withheld
 * cell from everything published at once; `protect` chooses complementary cells with a solver until the attack learns
 * too little of every one (see PROTECTION_RANGE and the README's disclosure-control section).
 */
export { attack } from './attack';
export type { AttackReport, Interval } from './attack';
export { COST_PER_WITHHELD_FIGURE, protect } from './protect';
export type { ProtectionReport } from './protect';
export { PROTECTION_RANGE, WITHHELD_AT_LEAST } from './table';
export type { CellStatus, AuditedTable, Relation, TableCell } from './table';
