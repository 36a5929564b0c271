/**
 * A panel's data as a file: CSV (UTF-8 with a byte-order mark, so that Excel reads Chinese; RFC 4180 quoting) or
 * XLSX (write-excel-file). Both hold, in the page's language, the field names, one row per data row, withheld counts
 * as the marker "不公开（<10）" / "suppressed (<10)" (never empty, never 0), and a stamp: the release the figures
 * come from (asOf), the time range, and that counts of 1–9 are withheld — the CSV's first line, the XLSX's second sheet.
 */
import writeXlsxFile from 'write-excel-file/browser';
import { cellText, csvText, FigureTable } from '../reports/tables';
import { L, Lang, t } from './i18n';

/** One table of a panel (a panel of two charts exports two), named in the page's language. */
export type ExportTable = FigureTable;

/** What a file says about its figures. */
export interface Stamp {
  panel: string;
  /** The release's cut-off day, or null when the panel's figures are not from a release. */
  asOf: string | null;
  /** The time range in words, for the panels that take one. */
  range: string | null;
}

const T = {
  release: { zh: '统计截止', en: 'Release (figures as of)' },
  range: { zh: '时间范围', en: 'Time range' },
  panel: { zh: '图表', en: 'Panel' },
  withheld: { zh: '小于10的数不公开，记为', en: 'Counts of 1–9 are withheld, written as' },
  about: { zh: '说明', en: 'About' },
  notRelease: { zh: '非统计发布数据', en: 'not from a statistics release' },
};

function stampLines(stamp: Stamp, lang: Lang): [string, string][] {
  return [
    [t(T.panel, lang), stamp.panel],
    [t(T.release, lang), stamp.asOf ?? t(T.notRelease, lang)],
    ...(stamp.range ? ([[t(T.range, lang), stamp.range]] as [string, string][]) : []),
    [t(T.withheld, lang), t(L.suppressed, lang)],
  ];
}

/** The stamp as one line of text. */
export function stampText(stamp: Stamp, lang: Lang): string {
  return stampLines(stamp, lang)
    .map(([key, value]) => `${key}${lang === 'zh' ? '：' : ': '}${value}`)
    .join(lang === 'zh' ? '；' : '; ');
}

export function toCsv(tables: ExportTable[], stamp: Stamp, lang: Lang): string {
  const lines = [[stampText(stamp, lang)]];
  for (const table of tables) {
    // A file of several tables names each before its header.
    if (tables.length > 1) lines.push([''], [table.name]);
    lines.push(table.columns, ...table.rows.map((row) => row.map((cell) => cellText(cell, lang))));
  }
  return csvText(lines);
}

/** A sheet's name: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (name: string) => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

export function toXlsx(tables: ExportTable[], stamp: Stamp, lang: Lang): Promise<Blob> {
  const sheets = tables.map((table) => ({
    sheet: sheetName(table.name),
    stickyRowsCount: 1,
    data: [
      table.columns.map((column) => ({ value: column, fontWeight: 'bold' as const })),
      ...table.rows.map((row) => row.map((cell) => (cell !== null && typeof cell === 'object' ? t(L.suppressed, lang) : cell))),
    ],
  }));
  sheets.push({ sheet: sheetName(t(T.about, lang)), stickyRowsCount: 0, data: stampLines(stamp, lang) });
  return writeXlsxFile(sheets).toBlob();
}

/** Saves a blob as a file (an <a download> on an object URL: nothing leaves the page). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once click() returned; the URL is freed on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
