/**
 * Figures as tables for people: what the dashboard exports and the reports print. Plain code, no DOM, so that the
 * dashboard's bundle and the report commands share it. A withheld figure is never empty and never 0: it is written
 * as the marker below, in the file's language.
 */

/** A figure withheld by disclosure control. */
export const WITHHELD = { withheld: true } as const;

/** A cell: a number, a text, WITHHELD, or null for no value (e.g. no plan count after 2015). */
export type Cell = number | string | null | typeof WITHHELD;

/** A table of figures: a panel's data, a section of a report. */
export interface FigureTable {
  /** Its name (an XLSX sheet, a CSV section, a report's heading). */
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** How a withheld figure is written, in Chinese and in English. */
export const WITHHELD_MARK = { zh: '不公开（<10）', en: 'suppressed (<10)' } as const;

/** A figure record as the graph gives it: the names of its withheld fields. */
export interface Suppressible {
  suppressed: string[];
}

/** A figure of a record: its value, WITHHELD when the record names it suppressed, else null. */
export function figureCell(value: number | null | undefined, field: string, record: Suppressible | null | undefined): Cell {
  if (value !== null && value !== undefined) return value;
  return record?.suppressed.includes(field) ? WITHHELD : null;
}

/** A cell as text: a withheld one as the marker of `lang`. */
export function cellText(cell: Cell, lang: keyof typeof WITHHELD_MARK): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return WITHHELD_MARK[lang];
  return String(cell);
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines of fields as a CSV file Excel reads in Chinese: UTF-8 with a byte-order mark, CRLF line ends. */
export function csvText(lines: string[][]): string {
  return '\uFEFF' + lines.map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}
