import type { DashboardSpendingQuery } from '../generated/operations';
import { formatInt, formatMoney, kindLabel, Label, Lang, placeName, t } from '../i18n';
import { narrowedToDistrict, Panel } from '../panel';
import query from '../queries/spending.graphql';

type District = NonNullable<DashboardSpendingQuery['districts']>[number];
type ServicePoint = NonNullable<District['servicePointSpending']>['overCap'][number];

const T = {
  district: { zh: '区县', en: 'District' },
  windows: { zh: '服务窗口', en: 'Windows' },
  total: { zh: '经费合计', en: 'Total' },
  city: { zh: '市级承担', en: 'City share' },
  local: { zh: '区县承担', en: 'District share' },
  cap: { zh: '每窗口上限', en: 'Cap per window' },
  overCap: { zh: '超出上限的窗口', en: 'Windows over the cap' },
  noCap: { zh: '无（县自筹）', en: 'none (self-funded)' },
  none: { zh: '无', en: 'none' },
  yuan: { zh: '元', en: 'yuan' },
  cityTotal: { zh: '全市', en: 'Whole city' },
  funding: { zh: '经费', en: 'funding' },
  cityPart: { zh: '市级', en: 'city' },
  note: {
    zh: '城区社区窗口每个上限12万元，市、区各承担一半；县自筹。列出超出上限或市级承担超过一半的窗口。',
    en: 'An urban community window is capped at 120,000 yuan, half paid by the city and half by the district; counties fund their own. Listed: windows over the cap or with more than half paid by the city.',
  },
};

/** Yuan as a decimal string → whole fen (exact below 2^53 fen, i.e. 90 trillion yuan). */
const fen = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2)) * (amount.startsWith('-') ? -1 : 1);
};
const yuan = (fenAmount: number) => `${Math.trunc(fenAmount / 100)}.${String(Math.abs(fenAmount % 100)).padStart(2, '0')}`;

function cell(tag: 'td' | 'th', text: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

function row(cells: HTMLElement[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.append(...cells);
  return tr;
}

function overCapList(points: ServicePoint[], lang: Lang): HTMLElement {
  if (points.length === 0) return cell('td', t(T.none, lang), 'muted');
  const td = document.createElement('td');
  const list = document.createElement('ul');
  for (const point of points) {
    const item = document.createElement('li');
    // Service-point and community names are kept in Chinese only.
    item.textContent = `${point.name}${point.community ? `（${point.community.name}）` : ''}, ${point.openedYear}: ${t(T.funding, lang)} ${formatMoney(point.funding, lang)}, ${t(T.cityPart, lang)} ${formatMoney(point.cityShare, lang)}`;
    list.append(item);
  }
  td.append(list);
  td.className = 'over-cap';
  return td;
}

const TITLE = { zh: '经费与上限', en: 'Spending against the caps' };

export const spending: Panel<DashboardSpendingQuery> = {
  name: 'spending',
  title: TITLE,
  levels: { city: { file: 'spending', query }, district: narrowedToDistrict({ file: 'spending', query }) },
  unpublished: { zh: '服务站经费只按区县公布。', en: 'Service-point spending is published per district only.' },
  suppressible: false,
  wide: true,
  // Spending is the civil affairs bureau's register, not a statistics release.
  asOf: () => null,
  table(data, lang) {
    const columns = [T.district, T.windows, T.total, T.city, T.local, T.cap, T.overCap].map((label) => t(label, lang));
    return [
      {
        name: t(TITLE, lang),
        // Amounts in yuan, as numbers a spreadsheet sums.
        columns: [...columns.slice(0, 6).map((name, i) => (i >= 2 ? `${name} (${t(T.yuan, lang)})` : name)), columns[6]],
        rows: (data.districts ?? []).map((district) => {
          const s = district.servicePointSpending;
          return [
            `${placeName(district, lang)} (${t(kindLabel(district.kind), lang)})`,
            s?.windows ?? null,
            s ? Number(s.total) : null,
            s ? Number(s.cityShare) : null,
            s ? Number(s.districtShare) : null,
            s?.capPerWindow ? Number(s.capPerWindow) : s ? t(T.noCap, lang) : null,
            s ? s.overCap.map((point) => `${point.name} ${point.openedYear} ${point.funding}`).join('; ') || t(T.none, lang) : null,
          ];
        }),
      },
    ];
  },
  draw(data, lang: Lang) {
    const table = document.createElement('table');
    table.className = 'spending';
    const head = document.createElement('thead');
    const headings: Label[] = [T.district, T.windows, T.total, T.city, T.local, T.cap, T.overCap];
    head.append(row(headings.map((label, i) => cell('th', t(label, lang), i >= 1 && i <= 5 ? 'num' : undefined))));
    const body = document.createElement('tbody');
    const sums = { windows: 0, total: 0, city: 0, local: 0, over: 0 };
    const districts = data.districts ?? [];
    for (const district of districts) {
      const s = district.servicePointSpending;
      // A table without a district's figures would sum up to wrong city totals: the panel shows the errors instead.
      if (!s) throw new Error(`no spending figures for district ${district.code}`);
      sums.windows += s.windows;
      sums.total += fen(s.total);
      sums.city += fen(s.cityShare);
      sums.local += fen(s.districtShare);
      sums.over += s.overCap.length;
      const tr = row([
        cell('th', `${placeName(district, lang)} (${t(kindLabel(district.kind), lang)})`),
        cell('td', formatInt(s.windows, lang), 'num'),
        cell('td', formatMoney(s.total, lang), 'num'),
        cell('td', formatMoney(s.cityShare, lang), 'num'),
        cell('td', formatMoney(s.districtShare, lang), 'num'),
        cell('td', s.capPerWindow === null ? t(T.noCap, lang) : formatMoney(s.capPerWindow, lang), 'num'),
        overCapList(s.overCap, lang),
      ]);
      if (s.overCap.length > 0) tr.className = 'flagged';
      body.append(tr);
    }
    const foot = document.createElement('tfoot');
    foot.append(
      row([
        cell('th', t(T.cityTotal, lang)),
        cell('td', formatInt(sums.windows, lang), 'num'),
        cell('td', formatMoney(yuan(sums.total), lang), 'num'),
        cell('td', formatMoney(yuan(sums.city), lang), 'num'),
        cell('td', formatMoney(yuan(sums.local), lang), 'num'),
        cell('td', ''),
        cell('td', formatInt(sums.over, lang), 'num'),
      ]),
    );
    table.append(head, body, foot);
    const wrapper = document.createElement('div');
    wrapper.className = 'table-wrap';
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = t(T.note, lang);
    wrapper.append(table, note);
    return { table: wrapper, rows: districts.length };
  },
};
