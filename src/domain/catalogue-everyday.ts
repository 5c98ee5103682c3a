/**
 * The everyday words rosters and chats use for the work of the catalogue (domain.md §3: 电工, 焊工, 电焊工, 登高,
 * 架子工, 制冷工, 司钻 …), each with what it may mean: a whole category, or the items it can name. A word that
 * people use for several items names all of them (登高: 登高架设作业 or 高处安装、维护、拆除作业), so that it matches
 * any, never a mismatch. Pure data, read once by catalogue.ts into its lookup map; the catalogue's own words for
 * each item are in catalogue-scope.ts.
 */

/**
 * What an everyday word means: any item of a category, any of some items (maybe across categories), or any item
 * of the catalogue (特种作业 in a 工种 column names no particular work).
 */
export type EverydayMeaning = { category: string } | { items: readonly string[] } | { anyItem: true };

const HEIGHT_ITEMS = ['登高架设作业', '高处安装、维护、拆除作业'] as const;
const FUSION_WELDING = ['熔化焊接与热切割作业'] as const;

/** Everyday word → meaning. Written without a trailing 证 (电工证 is read as 电工) or 人员. */
export const EVERYDAY_WORDS: ReadonlyArray<readonly [string, EverydayMeaning]> = [
  ['特种作业', { anyItem: true }],
  ['电工', { category: '电工作业' }],
  ['维修电工', { category: '电工作业' }],
  ['高压电工', { items: ['高压电工作业'] }],
  ['低压电工', { items: ['低压电工作业'] }],
  ['防爆电工', { items: ['防爆电气作业'] }],
  ['电缆工', { items: ['电力电缆作业'] }],
  ['焊工', { category: '焊接与热切割作业' }],
  ['焊接', { category: '焊接与热切割作业' }],
  ['电焊', { items: FUSION_WELDING }],
  ['电焊工', { items: FUSION_WELDING }],
  // 电气焊 is 电焊 and 气焊 together; 二保焊 (CO₂ gas-shielded) and 氩弧焊 are 气体保护焊 (domain.md §3).
  ['电气焊', { items: FUSION_WELDING }],
  ['电气焊工', { items: FUSION_WELDING }],
  ['气焊工', { items: FUSION_WELDING }],
  ['气割工', { items: FUSION_WELDING }],
  ['切割工', { items: FUSION_WELDING }],
  ['熔化焊', { items: FUSION_WELDING }],
  ['二保焊', { items: FUSION_WELDING }],
  ['二保焊工', { items: FUSION_WELDING }],
  ['二氧化碳保护焊', { items: FUSION_WELDING }],
  ['二氧化碳气体保护焊', { items: FUSION_WELDING }],
  ['CO2保护焊', { items: FUSION_WELDING }],
  ['CO₂保护焊', { items: FUSION_WELDING }],
  ['氩弧焊', { items: FUSION_WELDING }],
  ['氩弧焊工', { items: FUSION_WELDING }],
  ['手工电弧焊', { items: FUSION_WELDING }],
  ['手工焊', { items: FUSION_WELDING }],
  ['压焊', { items: ['压力焊作业'] }],
  ['压焊工', { items: ['压力焊作业'] }],
  ['点焊', { items: ['压力焊作业'] }],
  ['对焊', { items: ['压力焊作业'] }],
  ['钎焊工', { items: ['钎焊作业'] }],
  ['登高', { items: HEIGHT_ITEMS }],
  ['登高作业', { items: HEIGHT_ITEMS }],
  ['高空作业', { category: '高处作业' }],
  ['架子工', { items: ['登高架设作业'] }],
  ['脚手架工', { items: ['登高架设作业'] }],
  ['高空安装', { items: ['高处安装、维护、拆除作业'] }],
  ['外墙清洗', { items: ['高处安装、维护、拆除作业'] }],
  ['蜘蛛人', { items: ['高处安装、维护、拆除作业'] }],
  // A small air conditioner hung on a wall is 高处安装 (3.2); a large system is 制冷与空调设备安装修理 (4.2).
  ['空调安装', { items: ['高处安装、维护、拆除作业', '制冷与空调设备安装修理作业'] }],
  ['空调维修', { items: ['高处安装、维护、拆除作业', '制冷与空调设备安装修理作业'] }],
  ['制冷工', { category: '制冷与空调作业' }],
  ['空调工', { category: '制冷与空调作业' }],
  ['瓦斯检查工', { items: ['煤矿瓦斯检查作业'] }],
  ['瓦检员', { items: ['煤矿瓦斯检查作业'] }],
  ['瓦检工', { items: ['煤矿瓦斯检查作业'] }],
  ['瓦斯抽采工', { items: ['煤矿瓦斯抽采作业'] }],
  ['瓦斯抽放', { items: ['煤矿瓦斯抽采作业'] }],
  ['防突工', { items: ['煤矿防突作业'] }],
  ['探放水工', { items: ['煤矿探放水作业'] }],
  ['监测监控工', { items: ['煤矿安全监测监控作业'] }],
  ['采煤机司机', { items: ['煤矿采煤机（掘进机）操作作业'] }],
  ['掘进机司机', { items: ['煤矿采煤机（掘进机）操作作业'] }],
  ['爆破工', { items: ['煤矿井下爆破作业', '金属非金属矿山爆破作业'] }],
  ['放炮员', { items: ['煤矿井下爆破作业', '金属非金属矿山爆破作业'] }],
  ['井下爆破', { items: ['煤矿井下爆破作业', '金属非金属矿山爆破作业'] }],
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
  ['勘探司钻', { items: ['司钻作业'] }],
  ['煤气工', { items: ['煤气作业'] }],
  ['危化', { category: '危险化学品安全作业' }],
  ['危化品', { category: '危险化学品安全作业' }],
  ['危险化学品', { category: '危险化学品安全作业' }],
  ['化工仪表', { items: ['化工自动化控制仪表作业'] }],
  ['仪表工', { items: ['化工自动化控制仪表作业'] }],
  ['氨基化工艺', { items: ['胺基化工艺作业'] }],
  ['烟花爆竹', { category: '烟花爆竹安全作业' }],
  ['仓库保管员', { items: ['烟花爆竹储存作业'] }],
];
