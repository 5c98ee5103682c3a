/**
 * The special-operations catalogue (作业类别 → 操作项目, domain.md §3) and the everyday words rosters use for it,
 * so that "电工" on a roster can be compared with "低压电工作业" on a certificate.
 */

/** One 作业类别 with its 操作项目. */
export interface CatalogueCategory {
  category: string;
  items: readonly string[];
}

/** 作业类别 → 操作项目, exactly as domain.md §3 lists them (variants in full-width brackets). */
export const SPECIAL_OPERATIONS_CATALOGUE: readonly CatalogueCategory[] = [
  {
    category: '电工作业',
    // The last three are listed by many provincial systems.
    items: ['高压电工作业', '低压电工作业', '防爆电气作业', '电力电缆作业', '继电保护作业', '电气试验作业'],
  },
  { category: '焊接与热切割作业', items: ['熔化焊接与热切割作业', '压力焊作业', '钎焊作业'] },
  { category: '高处作业', items: ['登高架设作业', '高处安装、维护、拆除作业'] },
  { category: '制冷与空调作业', items: ['制冷与空调设备运行操作作业', '制冷与空调设备安装修理作业'] },
  {
    category: '煤矿安全作业',
    items: [
      '煤矿井下电气作业',
      '煤矿井下爆破作业',
      '煤矿安全监测监控作业',
      '煤矿瓦斯检查作业',
      '煤矿安全检查作业',
      '煤矿提升机操作作业',
      '煤矿采煤机（掘进机）操作作业',
      '煤矿瓦斯抽采作业',
      '煤矿防突作业',
      '煤矿探放水作业',
    ],
  },
  {
    category: '金属非金属矿山安全作业',
    items: [
      '金属非金属矿井通风作业',
      '尾矿作业',
      '金属非金属矿山安全检查作业（露天矿山）',
      '金属非金属矿山安全检查作业（小型露天采石场）',
      '金属非金属矿山安全检查作业（地下矿山）',
      '金属非金属矿山提升机操作作业',
      '金属非金属矿山支柱作业',
      '金属非金属矿山井下电气作业',
      '金属非金属矿山排水作业',
      '金属非金属矿山爆破作业',
    ],
  },
  { category: '石油天然气安全作业', items: ['司钻作业（钻井作业）', '司钻作业（井下作业）'] },
  { category: '冶金（有色）生产安全作业', items: ['煤气作业'] },
  {
    category: '危险化学品安全作业',
    items: [
      '光气及光气化工艺作业',
      '氯碱电解工艺作业',
      '氯化工艺作业',
      '硝化工艺作业',
      '合成氨工艺作业',
      '裂解（裂化）工艺作业',
      '氟化工艺作业',
      '加氢工艺作业',
      '重氮化工艺作业',
      '氧化工艺作业',
      '过氧化工艺作业',
      '胺基化工艺作业',
      '磺化工艺作业',
      '聚合工艺作业',
      '烷基化工艺作业',
      '化工自动化控制仪表作业',
    ],
  },
  {
    category: '烟花爆竹安全作业',
    items: ['烟火药制造作业', '黑火药制造作业', '引火线制造作业', '烟花爆竹产品涉药作业', '烟花爆竹储存作业'],
  },
  // Local items some provinces add (domain.md §3.11).
  { category: '应急管理部认定的其他作业', items: ['有限空间作业'] },
];

/** Everyday roster words → a category (any of its items) or a list of items. */
const ROSTER_WORDS: ReadonlyArray<readonly [string, { category: string } | { items: readonly string[] }]> = [
  ['电工', { category: '电工作业' }],
  ['电工证', { category: '电工作业' }],
  ['维修电工', { category: '电工作业' }],
  ['高压电工', { items: ['高压电工作业'] }],
  ['低压电工', { items: ['低压电工作业'] }],
  ['防爆电工', { items: ['防爆电气作业'] }],
  ['电缆工', { items: ['电力电缆作业'] }],
  ['焊工', { category: '焊接与热切割作业' }],
  ['电焊', { items: ['熔化焊接与热切割作业'] }],
  ['电焊工', { items: ['熔化焊接与热切割作业'] }],
  ['气焊工', { items: ['熔化焊接与热切割作业'] }],
  ['气割工', { items: ['熔化焊接与热切割作业'] }],
  ['熔化焊', { items: ['熔化焊接与热切割作业'] }],
  ['钎焊工', { items: ['钎焊作业'] }],
  ['登高', { items: ['登高架设作业'] }],
  ['架子工', { items: ['登高架设作业'] }],
  ['高空作业', { category: '高处作业' }],
  ['高处安装', { items: ['高处安装、维护、拆除作业'] }],
  ['制冷工', { category: '制冷与空调作业' }],
  ['空调工', { category: '制冷与空调作业' }],
  ['瓦斯检查工', { items: ['煤矿瓦斯检查作业'] }],
  ['瓦检员', { items: ['煤矿瓦斯检查作业'] }],
  ['瓦检工', { items: ['煤矿瓦斯检查作业'] }],
  ['瓦斯抽采工', { items: ['煤矿瓦斯抽采作业'] }],
  ['防突工', { items: ['煤矿防突作业'] }],
  ['探放水工', { items: ['煤矿探放水作业'] }],
  ['采煤机司机', { items: ['煤矿采煤机（掘进机）操作作业'] }],
  ['掘进机司机', { items: ['煤矿采煤机（掘进机）操作作业'] }],
  ['爆破工', { items: ['煤矿井下爆破作业', '金属非金属矿山爆破作业'] }],
  ['放炮员', { items: ['煤矿井下爆破作业', '金属非金属矿山爆破作业'] }],
  ['井下电工', { items: ['煤矿井下电气作业', '金属非金属矿山井下电气作业'] }],
  ['井下电钳工', { items: ['煤矿井下电气作业', '金属非金属矿山井下电气作业'] }],
  ['提升机司机', { items: ['煤矿提升机操作作业', '金属非金属矿山提升机操作作业'] }],
  ['绞车司机', { items: ['煤矿提升机操作作业', '金属非金属矿山提升机操作作业'] }],
  ['安检工', { items: ['煤矿安全检查作业', '金属非金属矿山安全检查作业'] }],
  ['通风工', { items: ['金属非金属矿井通风作业'] }],
  ['尾矿工', { items: ['尾矿作业'] }],
  ['支柱工', { items: ['金属非金属矿山支柱作业'] }],
  ['排水工', { items: ['金属非金属矿山排水作业'] }],
  ['司钻', { items: ['司钻作业'] }],
  ['煤气工', { items: ['煤气作业'] }],
  ['化工仪表', { items: ['化工自动化控制仪表作业'] }],
  ['仪表工', { items: ['化工自动化控制仪表作业'] }],
  ['氨基化工艺', { items: ['胺基化工艺作业'] }],
  ['仓库保管员', { items: ['烟花爆竹储存作业'] }],
];

/** What a roster word means in the catalogue: a whole category, or some items (maybe across categories). */
export interface ItemTerm {
  /** Set for a category-level word (电工 → 电工作业): any item of it matches. */
  category?: string;
  /** Catalogue items the word stands for (a base name such as 司钻作业 stands for all its variants). */
  items: readonly string[];
}

/**
 * Comparable form of an item or category text: full-width ASCII folded, spaces, brackets and punctuation
 * removed, a trailing 证 / 操作证 / 资格证 dropped ("电工证" → "电工").
 */
export function normaliseItemText(text: string): string {
  let s = '';
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    if (c <= 32 || c === 0x3000 || PUNCTUATION.includes(String.fromCharCode(c))) continue;
    s += String.fromCharCode(c);
  }
  for (const suffix of ['操作证', '资格证', '证']) {
    if (s.length > suffix.length + 1 && s.endsWith(suffix)) return s.slice(0, -suffix.length);
  }
  return s;
}
const PUNCTUATION = '()[]【】、，,.:：;；·/\\"\'“”-—_';

/** The item name without its variant in brackets: "司钻作业（钻井作业）" → "司钻作业". */
function baseOf(item: string): string {
  const cut = item.search(/[（(]/);
  return cut < 0 ? item : item.slice(0, cut);
}

/** Normalised category of each normalised item name and base item name. */
const CATEGORY_OF_ITEM = new Map<string, string>();
/** Normalised word → term; built from the catalogue names, their short forms and the roster words. */
const TERMS = new Map<string, ItemTerm>();
/** Every surface word the catalogue knows (for finding item words in free text). */
const WORDS = new Set<string>();

function addTerm(word: string, term: ItemTerm): void {
  const key = normaliseItemText(word);
  WORDS.add(word);
  if (!TERMS.has(key)) TERMS.set(key, term);
}

/** Short forms of a catalogue name: without 作业 / 工艺作业 at the end ("低压电工作业" → "低压电工"). */
function shortForms(name: string): string[] {
  const forms = [name];
  for (const suffix of ['工艺作业', '作业']) {
    if (name.endsWith(suffix) && name.length > suffix.length + 1) forms.push(name.slice(0, -suffix.length));
  }
  return forms;
}

for (const { category, items } of SPECIAL_OPERATIONS_CATALOGUE) {
  for (const form of shortForms(category)) addTerm(form, { category, items: [] });
  const variantsOf = new Map<string, string[]>();
  for (const item of items) {
    const base = baseOf(item);
    CATEGORY_OF_ITEM.set(normaliseItemText(item), category);
    CATEGORY_OF_ITEM.set(normaliseItemText(base), category);
    for (const form of shortForms(item)) addTerm(form, { items: [item] });
    if (base !== item) variantsOf.set(base, [...(variantsOf.get(base) ?? []), item]);
  }
  for (const [base, variants] of variantsOf) {
    for (const form of shortForms(base)) addTerm(form, { items: variants });
  }
}
for (const [word, meaning] of ROSTER_WORDS) {
  if ('category' in meaning) addTerm(word, { category: meaning.category, items: [] });
  else
    addTerm(word, {
      items: meaning.items.flatMap((item) => TERMS.get(normaliseItemText(item))?.items ?? [item]),
    });
}

/** Every word the catalogue recognises (category and item names, short forms, roster words). */
export const CATALOGUE_WORDS: readonly string[] = [...WORDS];

/** What a roster word means in the catalogue, or undefined for a word it does not know. */
export function resolveItemWord(text: string): ItemTerm | undefined {
  return TERMS.get(normaliseItemText(text));
}

/** How a match was decided: by item, by category, or by plain text for a word the catalogue does not know. */
export type ItemMatchBasis = 'item' | 'category' | 'text';

export interface ItemMatch {
  matches: boolean;
  basis: ItemMatchBasis;
  /** Chinese note when the decision is weaker than a catalogue match. */
  note?: string;
}

/** The certificate fields an item match looks at. */
export interface CertItemFields {
  category?: string;
  item?: string;
}

/**
 * Whether a roster's item text matches a certificate's category and item. A category-level word (电工) matches
 * any item of the category; an item word (高压电工) only that item; an unknown word falls back to a normalised
 * contains-match and says so in `note`.
 */
export function matchesItem(rosterText: string, cert: CertItemFields): ItemMatch {
  const certItem = cert.item === undefined ? undefined : normaliseItemText(cert.item);
  const certBase = cert.item === undefined ? undefined : normaliseItemText(baseOf(cert.item));
  const certCategory =
    cert.category !== undefined
      ? normaliseItemText(cert.category)
      : (categoryOf(certItem) ?? categoryOf(certBase));
  const term = resolveItemWord(rosterText);
  if (term === undefined) {
    const wanted = normaliseItemText(rosterText);
    const texts = [certItem, certCategory].filter((t): t is string => t !== undefined && t !== '');
    const matches = wanted !== '' && texts.some((t) => t.includes(wanted) || wanted.includes(t));
    return { matches, basis: 'text', note: `「${rosterText}」不在特种作业目录中，按文字包含关系比对` };
  }
  if (term.category !== undefined) {
    return { matches: certCategory === normaliseItemText(term.category), basis: 'category' };
  }
  if (certItem === undefined) {
    const categories = term.items.map((i) => categoryOf(normaliseItemText(i)));
    return {
      matches: certCategory !== undefined && categories.includes(certCategory),
      basis: 'category',
      note: '证书未写明操作项目，只按作业类别比对',
    };
  }
  const matches = term.items.some((i) => {
    const norm = normaliseItemText(i);
    return norm === certItem || norm === certBase || normaliseItemText(baseOf(i)) === certItem;
  });
  return { matches, basis: 'item' };
}

/** Normalised category of a normalised item name. */
function categoryOf(normItem: string | undefined): string | undefined {
  if (normItem === undefined) return undefined;
  const category = CATEGORY_OF_ITEM.get(normItem);
  return category === undefined ? undefined : normaliseItemText(category);
}
