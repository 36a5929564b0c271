/**
 * The time range of the monthly panels: from/to months ("YYYY-MM"), kept in the page's query string (?from=…&to=…)
 * so that a link reproduces the view (the token stays in the fragment). No `to` means up to the month of the release.
 */
import { Label, Lang, t } from './i18n';

export interface MonthRange {
  from: string;
  /** null: up to the month of the latest release. */
  to: string | null;
}

/** When the plan began: the first month every series has. */
export const FIRST_MONTH = '2013-01';
export const DEFAULT_RANGE: MonthRange = { from: FIRST_MONTH, to: null };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const isMonth = (text: string): boolean => MONTH.test(text);

/** The month `months` after (or before) `month`. */
export function addMonths(month: string, months: number): string {
  const [year, m] = month.split('-').map(Number);
  const total = year * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Presets ending with the release's month: the last 12 months, the last 5 years, everything since 2013. */
export const PRESETS = {
  '12m': { label: { zh: '近12个月', en: '12 months' }, months: 12 },
  '5y': { label: { zh: '近5年', en: '5 years' }, months: 60 },
  since2013: { label: { zh: '2013年以来', en: 'since 2013' }, months: null },
} satisfies Record<string, { label: Label; months: number | null }>;
export type Preset = keyof typeof PRESETS;

export function presetRange(preset: Preset, latest: string): MonthRange {
  const months = PRESETS[preset].months;
  if (months === null) return DEFAULT_RANGE;
  const from = addMonths(latest, -(months - 1));
  return { from: from < FIRST_MONTH ? FIRST_MONTH : from, to: latest };
}

/**
 * Why a range cannot be asked for, or null when it can: months written YYYY-MM, from 2013 on, not after the
 * release's month (when the page knows it), `from` not after `to`.
 */
export function rangeProblem(range: MonthRange, latest: string | null): Label | null {
  for (const month of [range.from, range.to]) {
    if (month === null) continue;
    if (!isMonth(month)) return { zh: '月份格式应为 YYYY-MM。', en: 'A month is written YYYY-MM.' };
    if (month < FIRST_MONTH) return { zh: `月份不能早于 ${FIRST_MONTH}。`, en: `No month before ${FIRST_MONTH}.` };
    if (latest && month > latest) return { zh: `月份不能晚于发布月份 ${latest}。`, en: `No month after the release's month, ${latest}.` };
  }
  if (range.to !== null && range.from > range.to) return { zh: '起始月份不能晚于结束月份。', en: 'The first month must not be after the last.' };
  return null;
}

/** The range in the address bar; a malformed one is ignored (the default range). */
export function rangeFromUrl(): MonthRange {
  const params = new URLSearchParams(window.location.search);
  const range = { from: params.get('from') ?? FIRST_MONTH, to: params.get('to') || null };
  return rangeProblem(range, null) ? DEFAULT_RANGE : range;
}

/** Puts the range into the address bar (replacing the entry: a range is a view, not a step back). */
export function rangeToUrl(range: MonthRange): void {
  const url = new URL(window.location.href);
  for (const key of ['from', 'to'] as const) url.searchParams.delete(key);
  if (range.from !== FIRST_MONTH || range.to !== null) url.searchParams.set('from', range.from);
  if (range.to !== null) url.searchParams.set('to', range.to);
  history.replaceState(null, '', url.pathname + url.search + url.hash);
}

/** The range in words: "2013-01 – 2026-11" (the release's month when `to` is open). */
export function rangeText(range: MonthRange, latest: string | null, lang: Lang): string {
  const to = range.to ?? latest;
  if (!to) return t({ zh: `${range.from} 起`, en: `from ${range.from}` }, lang);
  return t({ zh: `${range.from} 至 ${to}`, en: `${range.from} to ${to}` }, lang);
}
