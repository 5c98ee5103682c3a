import { describe, expect, it } from 'vitest';
import { decideAccess, enterpriseOf, isAdmin } from '../../../src/chat/core/access.js';
import { parseCommand } from '../../../src/chat/core/commands.js';
import type { ChatInput } from '../../../src/chat/types.js';
import { chatConfig, groupText, privateText } from '../helpers.js';

describe('parseCommand', () => {
  it('knows the commands', () => {
    expect(parseCommand(' 帮助 ')).toEqual({ kind: 'help' });
    expect(parseCommand('/help')).toEqual({ kind: 'help' });
    expect(parseCommand('统计')).toEqual({ kind: 'stats' });
    expect(parseCommand('导出 线索清单')).toEqual({ kind: 'export', report: 'leads' });
    expect(parseCommand('导出月度统计')).toEqual({ kind: 'export', report: 'stats' });
    expect(parseCommand('导出 自查报告')).toEqual({ kind: 'export', report: 'report' });
    expect(parseCommand('导出')).toEqual({ kind: 'export', report: undefined });
    for (const text of ['我的ID', '我的id', 'myid', 'MyID', '/我的ID'])
      expect(parseCommand(text)).toEqual({ kind: 'myid' });
  });

  it('tells bare names from other text', () => {
    expect(parseCommand('张三')).toEqual({ kind: 'name', name: '张三' });
    const isName = (text: string) => parseCommand(text).kind === 'name';
    expect(isName('欧阳娜娜')).toBe(true);
    expect(isName('艾力·买买')).toBe(true);
    expect(isName('买买提·艾力')).toBe(true);
    expect(isName('张')).toBe(false);
    expect(isName('诸葛孔明先生')).toBe(false);
    expect(isName('张3')).toBe(false);
    expect(parseCommand('张三 11010519491231002X')).toEqual({
      kind: 'text',
      text: '张三 11010519491231002X',
    });
  });

  it('drops the spaces inside a name and takes a rare surname, but no chatter, as the answer', () => {
    expect(parseCommand('张 伟')).toEqual({ kind: 'name', name: '张伟' });
    expect(parseCommand('黄\u3000勇')).toEqual({ kind: 'name', name: '黄勇' });
    expect(parseCommand('阿卜杜•热合曼')).toEqual({ kind: 'name', name: '阿卜杜·热合曼' });
    // 甪 is a rare surname: a name given in answer to the question is taken as it is.
    expect(parseCommand('甪里')).toEqual({ kind: 'name', name: '甪里' });
    for (const chatter of [
      '不知道',
      '王师傅',
      '李师傅',
      '谢谢',
      '你好',
      '好的',
      '新来的',
      '我们单位',
      '查查',
    ])
      expect(parseCommand(chatter), chatter).toEqual({ kind: 'text', text: chatter });
  });
});

describe('access', () => {
  it('ignores un-mentioned group messages before anything else', () => {
    expect(decideAccess(chatConfig(), groupText('x', false))).toBe('ignore');
  });

  it('matches rooms and contacts by id only, never by a topic or display name anyone can change', () => {
    expect(decideAccess(chatConfig({ allowedRooms: ['room-1@chatroom'] }), groupText('x'))).toBe('allow');
    expect(decideAccess(chatConfig({ allowedRooms: ['安全生产群'] }), groupText('x'))).toBe('refuse');
    expect(decideAccess(chatConfig({ allowedContacts: ['user-1'] }), privateText('x'))).toBe('allow');
    expect(decideAccess(chatConfig({ allowedContacts: ['李经理'] }), privateText('x'))).toBe('refuse');
    expect(
      decideAccess(chatConfig({ allowedContacts: ['user-9'], strangers: 'ignore' }), privateText('x')),
    ).toBe('ignore');
  });

  it('an admin is an id, not whoever renames themselves to the admin', () => {
    const config = chatConfig({ admins: ['wxid_admin'] });
    expect(isAdmin(config, privateText('x', { id: 'wxid_admin', name: '张三' }))).toBe(true);
    expect(isAdmin(config, privateText('x', { id: 'wxid_other', name: 'wxid_admin' }))).toBe(false);
  });

  it('a DOOR:ID entry matches on its door only; a plain id on any door', () => {
    const config = chatConfig({ admins: ['console:安全科王科长', 'wxid_admin'] });
    const on = (door: ChatInput['door'], id: string) => ({ ...privateText('x', { id, name: id }), door });
    expect(isAdmin(config, on('console', '安全科王科长'))).toBe(true);
    expect(isAdmin(config, on('wechaty', '安全科王科长'))).toBe(false);
    expect(isAdmin(config, on(undefined, '安全科王科长'))).toBe(false);
    expect(isAdmin(config, on('wechaty', 'wxid_admin'))).toBe(true);
    expect(isAdmin(config, on('console', 'wxid_admin'))).toBe(true);
  });

  it('finds the enterprise by room id first, then by contact id', () => {
    const config = chatConfig({ enterprises: { 'room-1@chatroom': '甲公司', 'user-2': '乙公司' } });
    expect(enterpriseOf(config, groupText('x'))).toBe('甲公司');
    expect(enterpriseOf(config, privateText('x', { id: 'user-2', name: '王工' }))).toBe('乙公司');
    expect(enterpriseOf(config, privateText('x'))).toBeUndefined();
    const byTopic = chatConfig({ enterprises: { 安全生产群: '甲公司', 王工: '乙公司' } });
    expect(enterpriseOf(byTopic, groupText('x'))).toBeUndefined();
  });
});
