/**
 * Data for telling a name from the other words people type next to an ID number: the words that are never a
 * holder's name (chatter, labels, ways of addressing someone), and the common surnames used as a plausibility
 * signal in free text. Kept as data so a word can be added without touching the parser.
 */

/**
 * Words that are not names. The free-text parser cuts a run of Han characters at each of them, so
 * "帮我看看张三" leaves 张三 and "王师傅" leaves nothing; a reply to the name prompt containing one is no name.
 */
export const NOT_NAME_WORDS: readonly string[] = [
  // Asking whether it is genuine, asking for help.
  '是真',
  '真的',
  '真假',
  '是不是',
  '是否',
  '帮我',
  '帮忙',
  '看看',
  '看下',
  '看一下',
  '查查',
  '查一查',
  '查询',
  '核验',
  '核实',
  '验证',
  '有效',
  '有效期',
  '能用',
  '可以',
  '没有',
  '什么',
  '怎么',
  '还有',
  '多少',
  '这个',
  '那个',
  '这位',
  '那位',
  '他叫',
  '她叫',
  '叫做',
  // Labels of other fields.
  '电话',
  '手机',
  '手机号',
  '联系方式',
  '性别',
  '年龄',
  '民族',
  '住址',
  '地址',
  '身份证',
  '姓名',
  '证书',
  '信息',
  '平台',
  '官方',
  // Who the person is rather than what they are called.
  '师傅',
  '老师',
  '同事',
  '员工',
  '工人',
  '新来的',
  '新员工',
  '我们单位',
  '我们公司',
  '单位',
  '公司',
  '经理',
  '老板',
  // Not knowing, politeness.
  '不知道',
  '不清楚',
  '不记得',
  '忘了',
  '谢谢',
  '你好',
  '您好',
  '麻烦',
  '好的',
  '收到',
  '马上',
  '时间',
  '时候',
];

/** Two-character surnames (复姓), checked before the single ones. */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '司空',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '西门',
  '南宫',
  '独孤',
  '百里',
  '呼延',
  '赫连',
  '澹台',
  '公羊',
  '太史',
  '申屠',
  '闻人',
  '万俟',
  '钟离',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '仲孙',
  '拓跋',
  '第五',
  '东郭',
  '左丘',
  '梁丘',
];

/** Single-character surnames, the common ones (together they cover nearly every holder). */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔' +
  '钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛' +
  '樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉' +
  '骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗' +
  '瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原' +
  '栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬' +
  '来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干' +
  '但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由代才郗降么达次扎格洛央拉多旦泽';
