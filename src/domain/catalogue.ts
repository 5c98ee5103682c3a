/**
 * The special-operations catalogue (作业类别 → 操作项目, domain.md §3) and how the words people use for its work are
 * placed in it, so that "电工" or "氩弧焊" on a roster can be compared with "低压电工作业" or "熔化焊接与热切割作业" on a
 * certificate. The words are data (catalogue-scope.ts: the catalogue's own; catalogue-everyday.ts: everyday ones),
 * read once into a map; a word is placed by looking its normalised form up, never by scanning the word lists.
 */
import { EVERYDAY_WORDS } from './catalogue-everyday.js';
import { ITEM_SCOPE, OUTSIDE_SCOPE } from './catalogue-scope.js';

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

/** What a word means in the catalogue: the items it may name. */
export interface ItemTerm {
  /** Every catalogue item the word may name (a category word such as 电工: every item of 电工作业). */
  items: readonly string[];
  /** The 作业类别 of those items. */
  categories: readonly string[];
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

/** Short forms of a catalogue name: without 作业 / 工艺作业 at the end ("低压电工作业" → "低压电工"). */
function shortForms(name: string): string[] {
  const forms = [name];
  for (const suffix of ['工艺作业', '作业']) {
    if (name.endsWith(suffix) && name.length > suffix.length + 1) forms.push(name.slice(0, -suffix.length));
  }
  return forms;
}

/** Category of each catalogue item. */
const CATEGORY_OF = new Map<string, string>();
/** Normalised word → the catalogue items it may name; a word with several meanings names all of them. */
const ITEMS_OF_WORD = new Map<string, Set<string>>();
/** Normalised category name (and short form) → the category. */
const CATEGORY_BY_WORD = new Map<string, string>();
/** Normalised word → why that work is outside the catalogue. */
const OUTSIDE = new Map<string, string>();
/** Every surface word the catalogue places (for finding item words in free text). */
const WORDS = new Set<string>();

function addWord(word: string, items: Iterable<string>): void {
  const key = normaliseItemText(word);
  WORDS.add(word);
  const known = ITEMS_OF_WORD.get(key) ?? new Set<string>();
  for (const item of items) known.add(item);
  ITEMS_OF_WORD.set(key, known);
}

for (const { category, items } of SPECIAL_OPERATIONS_CATALOGUE) {
  for (const form of shortForms(category)) {
    addWord(form, items);
    CATEGORY_BY_WORD.set(normaliseItemText(form), category);
  }
  const variantsOf = new Map<string, string[]>();
  for (const item of items) {
    CATEGORY_OF.set(item, category);
    for (const form of shortForms(item)) addWord(form, [item]);
    const base = baseOf(item);
    if (base !== item) variantsOf.set(base, [...(variantsOf.get(base) ?? []), item]);
  }
  for (const [base, variants] of variantsOf) for (const form of shortForms(base)) addWord(form, variants);
}
for (const [item, words] of Object.entries(ITEM_SCOPE)) {
  if (!CATEGORY_OF.has(item)) throw new Error(`catalogue-scope: 「${item}」不是目录中的操作项目`);
  for (const word of words) addWord(word, [item]);
}
for (const [word, meaning] of EVERYDAY_WORDS) {
  const named =
    'anyItem' in meaning
      ? [...CATEGORY_OF.keys()]
      : 'category' in meaning
        ? (SPECIAL_OPERATIONS_CATALOGUE.find((c) => c.category === meaning.category)?.items ?? [])
        : meaning.items.flatMap((item) => [...(ITEMS_OF_WORD.get(normaliseItemText(item)) ?? [])]);
  if (named.length === 0) throw new Error(`catalogue-everyday: 「${word}」指向目录中没有的作业`);
  addWord(word, named);
}
for (const [word, why] of Object.entries(OUTSIDE_SCOPE)) {
  OUTSIDE.set(normaliseItemText(word), why);
  WORDS.add(word);
}

/**
 * Every word the catalogue places (category and item names, short forms, scope and everyday words, work it
 * leaves out), each also with 证 after it as people write it ("登高证").
 */
export const CATALOGUE_WORDS: readonly string[] = [...WORDS].flatMap((w) =>
  w.endsWith('证') ? [w] : [w, `${w}证`],
);

/** The map key of a word: normalised, without a trailing 人员 ("有限空间作业人员"). */
function keyOf(text: string): string {
  const key = normaliseItemText(text);
  return key.length > 3 && key.endsWith('人员') ? key.slice(0, -2) : key;
}

/** The items of one word looked up whole, else without a trailing 工 / 员 ("氩弧焊工" → "氩弧焊"). */
function itemsOfWord(text: string): ReadonlySet<string> | undefined {
  const key = keyOf(text);
  const found = ITEMS_OF_WORD.get(key);
  if (found !== undefined || key.length < 3 || !/[工员]$/.test(key)) return found;
  return ITEMS_OF_WORD.get(key.slice(0, -1));
}

/** Marks between words that are alternatives ("电工、焊工": either). */
const ALTERNATIVES = /[、，,;；/／]+/;
/** Marks between a word and its qualifier ("电工（低压）", "电工-低压", "电工作业 低压电工作业"). */
const QUALIFIERS = /[\s\u3000()（）[\]【】\-－—_·:：]+/;

/**
 * The items a text written as qualified words names: each word placed whole, or joined with its neighbour
 * ("电工（低压）" → 低压电工); together, what all of them name (the qualified item), or else any of them.
 * Undefined when a word cannot be placed.
 */
function itemsOfQualified(text: string): ReadonlySet<string> | undefined {
  const whole = itemsOfWord(text);
  if (whole !== undefined) return whole;
  const words = text.split(QUALIFIERS).filter((w) => w !== '');
  if (words.length < 2) return undefined;
  const meanings: ReadonlySet<string>[] = [];
  for (const [i, word] of words.entries()) {
    const neighbours = words.filter((_, j) => j !== i);
    const meaning =
      itemsOfWord(word) ??
      neighbours.map((n) => itemsOfWord(word + n) ?? itemsOfWord(n + word)).find((m) => m !== undefined);
    if (meaning === undefined) return undefined;
    meanings.push(meaning);
  }
  const common = [...(meanings[0] ?? [])].filter((item) => meanings.every((m) => m.has(item)));
  return new Set(common.length > 0 ? common : meanings.flatMap((m) => [...m]));
}

/**
 * What a roster or chat word (工种, 操作项目) names in the catalogue, or undefined for a word it cannot place. A
 * word naming a category names all its items; a word naming several items (登高) names each of them; words
 * listed as alternatives ("电工、焊工") name any of them.
 */
export function resolveItemWord(text: string): ItemTerm | undefined {
  const direct = itemsOfWord(text);
  const parts = direct === undefined ? text.split(ALTERNATIVES).filter((p) => p.trim() !== '') : [];
  const meanings = direct !== undefined ? [direct] : parts.map(itemsOfQualified);
  if (meanings.length === 0 || meanings.some((m) => m === undefined)) return undefined;
  const items = [...new Set(meanings.flatMap((m) => [...(m ?? [])]))];
  return { items, categories: [...new Set(items.map((i) => CATEGORY_OF.get(i) ?? ''))] };
}

/**
 * The warning for an item word the catalogue cannot place: the verdict is then decided as if no item were
 * named. Work the catalogue leaves out (烙铁钎焊) says why.
 */
export function unplacedItemWarning(text: string): string {
  const why = OUTSIDE.get(keyOf(text));
  return why === undefined
    ? `未能识别的工种「${text}」，未比对操作项目`
    : `「${text}」不属于特种作业目录（${why}），未比对操作项目`;
}

/** What of the certificate a match looked at: its item, or its category alone (it names no item it could place). */
export type ItemMatchBasis = 'item' | 'category';

/**
 * Whether a certificate covers the work named: `match`, `mismatch` (certain: only this may be an item
 * mismatch) or `unknown` (the certificate does not say enough to compare; the verdict ignores the item).
 */
export type ItemMatch =
  | { outcome: 'match'; basis: ItemMatchBasis; note?: string }
  | { outcome: 'mismatch'; basis: ItemMatchBasis }
  | { outcome: 'unknown'; note: string };

/** The certificate fields an item match looks at. */
export interface CertItemFields {
  kind?: 'special' | 'safety';
  category?: string;
  item?: string;
}

/**
 * Whether the certificate covers the work `term` names: the certificate's item placed in the catalogue like any
 * word, and matched when the two share an item; a certificate naming only its category is compared by category.
 * A safety-management certificate covers no special operation.
 */
export function matchTerm(term: ItemTerm, cert: CertItemFields): ItemMatch {
  if (cert.kind === 'safety') return { outcome: 'mismatch', basis: 'category' };
  const wanted = new Set(term.items);
  const category =
    cert.category === undefined ? undefined : CATEGORY_BY_WORD.get(normaliseItemText(cert.category));
  const certItems = cert.item === undefined ? undefined : resolveItemWord(cert.item)?.items;
  if (certItems !== undefined) {
    return certItems.some((i) => wanted.has(i))
      ? { outcome: 'match', basis: 'item' }
      : { outcome: 'mismatch', basis: 'item' };
  }
  if (category === undefined) {
    const what =
      cert.item === undefined ? '没有写明作业类别和操作项目' : `的操作项目「${cert.item}」不在特种作业目录中`;
    return { outcome: 'unknown', note: `证书${what}，未比对操作项目` };
  }
  if (!term.categories.includes(category)) return { outcome: 'mismatch', basis: 'category' };
  if (cert.item !== undefined)
    return { outcome: 'unknown', note: `证书的操作项目「${cert.item}」不在特种作业目录中，未比对操作项目` };
  return coversCategory(wanted, category)
    ? { outcome: 'match', basis: 'category' }
    : { outcome: 'match', basis: 'category', note: '证书未写明操作项目，只按作业类别比对' };
}

/** Whether `items` holds every item of `category`. */
function coversCategory(items: ReadonlySet<string>, category: string): boolean {
  const all = SPECIAL_OPERATIONS_CATALOGUE.find((c) => c.category === category)?.items;
  return all?.every((i) => items.has(i)) === true;
}
