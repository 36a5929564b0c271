import { BASE_OPTION, figureText, PALETTE, percentPoint, tooltip } from '../charts';
import { Cell, figureCell, Suppressible, WITHHELD } from '../../reports/tables';
import type {
  DashboardCoverageCommunityQuery,
  DashboardCoverageDistrictQuery,
  DashboardCoverageQuery,
  DashboardCoverageStreetQuery,
} from '../generated/operations';
import { L, Label, Lang, Named, placeName, t } from '../i18n';
import type { Panel } from '../panel';
import type { Level } from '../place';
import query from '../queries/coverage.graphql';
import communityQuery from '../queries/coverage-community.graphql';
import districtQuery from '../queries/coverage-district.graphql';
import streetQuery from '../queries/coverage-street.graphql';

/** One place of the panel (a district, street or community), with the figures its level publishes. */
interface CoveragePlace extends Named {
  population: ({ asOf: string; registeredMigrants: number | null; permitRate: number | null } & Suppressible) | null;
  /** Never withheld (the service points' public monthly activity); null while civil affairs is unavailable. */
  reliefAndMediation: { servicePointVisits: number | null } | null;
  /** Undefined where human resources publishes no employment figures (streets). */
  employment?: ({ contractRate: number | null } & Suppressible) | null;
}

/** The places shown: the chosen place's districts, streets or communities (a community: itself). */
interface CoverageData {
  level: Exclude<Level, 'city'>;
  places: CoveragePlace[];
  /** Whether the places lie below the chosen one (a click drills into them), not the chosen community itself. */
  drillable: boolean;
}

const T = {
  visits: { zh: '每百名登记流动人口服务站到访（近12个月）', en: 'Service-point visits per 100 registered migrants (12 months)' },
  visitsShort: { zh: '每百人到访次数', en: 'Visits per 100' },
  permitRate: { zh: '居住证持有率', en: 'Holding a valid residence permit' },
  contractRate: { zh: '劳动合同签订率', en: 'Employed with a labour contract' },
  visitsCount: { zh: '服务站到访次数（近12个月）', en: 'Service-point visits (12 months)' },
  migrants: { zh: '登记流动人口', en: 'Registered migrants' },
  share: { zh: '比例', en: 'Share' },
  how: {
    zh: '每百人到访次数 = 100 × 近12个月服务站到访次数（民政局）÷ 登记流动人口（公安局），保留一位小数',
    en: 'Visits per 100 = 100 × service-point visits in the last 12 months (civil affairs) ÷ registered migrants (public security), to one decimal',
  },
  noContractRate: { zh: '人社局不按街道公布劳动合同签订率。', en: 'Human resources publishes no contract rate for streets.' },
};

const PLACE_LABEL: Record<CoverageData['level'], Label> = {
  district: { zh: '区县', en: 'District' },
  street: { zh: '街道', en: 'Street' },
  community: { zh: '社区', en: 'Community' },
};

/**
 * Service-point visits per 100 registered migrants, to one decimal; WITHHELD when the count of migrants is, null when
 * there is no one registered (or no figure at all).
 */
function visitsPer100(place: CoveragePlace): Cell {
  const visits = place.reliefAndMediation?.servicePointVisits;
  const registered = figureCell(place.population?.registeredMigrants, 'registeredMigrants', place.population);
  if (registered === WITHHELD) return WITHHELD;
  if (typeof visits !== 'number' || typeof registered !== 'number' || registered === 0) return null;
  return Math.round((1000 * visits) / registered) / 10;
}

/**
 * A rate 0–1 as a percentage to one decimal; WITHHELD when it is null because one of its two counts is withheld
 * (the record names the counts, not the rate), else null.
 */
function rateCell(value: number | null | undefined, counts: [string, string], record: Suppressible | null | undefined): Cell {
  if (value !== null && value !== undefined) return percentPoint(value);
  return counts.some((count) => record?.suppressed.includes(count)) ? WITHHELD : null;
}

const permitRate = (p: CoveragePlace) => rateCell(p.population?.permitRate, ['validPermits', 'registeredMigrants'], p.population);
const contractRate = (p: CoveragePlace) => rateCell(p.employment?.contractRate, ['withContract', 'employed'], p.employment);

const chartValue = (cell: Cell) => (typeof cell === 'number' ? cell : null);

const TITLES: Record<Level, Label> = {
  city: { zh: '各区县覆盖情况', en: 'Coverage by district' },
  district: { zh: '各街道覆盖情况', en: 'Coverage by street' },
  street: { zh: '各社区覆盖情况', en: 'Coverage by community' },
  community: { zh: '社区覆盖情况', en: 'Coverage of the community' },
};

const withEnglishName = <P extends { code: string; name: string | null }>(place: P) => ({ nameEn: null, ...place });

export const coverage: Panel<CoverageData> = {
  name: 'coverage',
  title: (_range, level) => TITLES[level],
  levels: {
    city: { file: 'coverage', query, data: (answer: DashboardCoverageQuery) => ({ level: 'district', places: answer.districts ?? [], drillable: true }) },
    district: {
      file: 'coverage-district',
      query: districtQuery,
      variables: (_range, place) => ({ district: place.district }),
      data: (answer: DashboardCoverageDistrictQuery) => ({ level: 'street', places: (answer.district?.streets ?? []).map(withEnglishName), drillable: true }),
    },
    street: {
      file: 'coverage-street',
      query: streetQuery,
      variables: (_range, place) => ({ street: place.street }),
      data: (answer: DashboardCoverageStreetQuery) => ({
        level: 'community',
        places: (answer.street?.communities ?? []).map(withEnglishName),
        drillable: true,
      }),
    },
    community: {
      file: 'coverage-community',
      query: communityQuery,
      variables: (_range, place) => ({ community: place.community }),
      data: (answer: DashboardCoverageCommunityQuery) => ({
        level: 'community',
        places: answer.community ? [withEnglishName(answer.community)] : [],
        drillable: false,
      }),
    },
  },
  suppressible: true,
  asOf: (data) => data.places.find((p) => p.population)?.population?.asOf ?? null,
  table(data, lang) {
    const contract = data.level !== 'street';
    return [
      {
        name: t(TITLES.city, lang),
        columns: [
          PLACE_LABEL[data.level],
          { zh: `${t(T.visitsShort, 'zh')}（近12个月）`, en: `${t(T.visitsShort, 'en')} (12 months)` },
          { zh: '居住证持有率 (%)', en: 'Holding a valid residence permit (%)' },
          ...(contract ? [{ zh: '劳动合同签订率 (%)', en: 'Employed with a labour contract (%)' }] : []),
          T.visitsCount,
          T.migrants,
        ].map((label) => t(label, lang)),
        rows: data.places.map((p): Cell[] => [
          placeName(p, lang),
          visitsPer100(p),
          permitRate(p),
          ...(contract ? [contractRate(p)] : []),
          p.reliefAndMediation?.servicePointVisits ?? null,
          figureCell(p.population?.registeredMigrants, 'registeredMigrants', p.population),
        ]),
      },
    ];
  },
  draw(data, lang: Lang) {
    const places = data.places;
    const contract = data.level !== 'street';
    const withheldText = (cell: Cell, format: (v: number) => string) =>
      cell === null ? t(L.noValue, lang) : typeof cell === 'number' ? format(cell) : t(L.suppressed, lang);
    const option = {
      ...BASE_OPTION,
      color: [PALETTE[0], PALETTE[1], PALETTE[2]],
      legend: { top: 0 },
      // The formula wraps within the narrowest panel (390 px screens), below the rotated place names.
      title: {
        subtext: [t(T.how, lang), ...(contract ? [] : [t(T.noContractRate, lang)])].join('\n'),
        subtextStyle: { width: 320, overflow: 'break', lineHeight: 14 },
        left: 'center',
        bottom: 0,
        top: 'auto',
      },
      // Room above the plot for a legend of two rows and the axis names.
      grid: { left: 50, right: 60, top: 80, bottom: contract ? 125 : 140 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const p = places[params[0].dataIndex];
          const count = (v: number) => v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
          return tooltip(placeName(p, lang), [
            { color: PALETTE[0], name: t(T.visits, lang), value: withheldText(visitsPer100(p), (v) => v.toFixed(1)) },
            { color: PALETTE[1], name: t(T.permitRate, lang), value: withheldText(permitRate(p), (v) => `${v.toFixed(1)}%`) },
            ...(contract
              ? [
                  {
                    color: PALETTE[2],
                    name: t(T.contractRate, lang),
                    value: withheldText(contractRate(p), (v) => `${v.toFixed(1)}%`),
                  },
                ]
              : []),
            {
              name: t(T.visitsCount, lang),
              value: figureText(p.reliefAndMediation?.servicePointVisits, 'servicePointVisits', null, lang, count),
            },
            { name: t(T.migrants, lang), value: figureText(p.population?.registeredMigrants, 'registeredMigrants', p.population, lang, count) },
          ]);
        },
      },
      xAxis: {
        type: 'category',
        data: places.map((p) => placeName(p, lang)),
        axisLabel: { interval: 0, rotate: lang === 'en' || places.length > 8 ? 30 : 0 },
      },
      yAxis: [
        { type: 'value', name: `${t(T.share, lang)} (%)`, min: 0, max: 100 },
        { type: 'value', name: t(T.visitsShort, lang), splitLine: { show: false } },
      ],
      series: [
        { name: t(T.visits, lang), type: 'bar', yAxisIndex: 1, data: places.map((p) => chartValue(visitsPer100(p))) },
        { name: t(T.permitRate, lang), type: 'bar', data: places.map((p) => chartValue(permitRate(p))) },
        ...(contract
          ? [
              {
                name: t(T.contractRate, lang),
                type: 'bar',
                data: places.map((p) => chartValue(contractRate(p))),
              },
            ]
          : []),
      ],
    };
    return { charts: [{ option, height: 460, drill: data.drillable ? places.map((p) => p.code) : [] }] };
  },
};
