/**
 * Test helpers: mixes of people written as command-line arguments in the ways people type them (a name glued
 * before or after the number, a Chinese comma, a name as its own argument before or after, a `T` number), drawn
 * with a fixed seed so every run checks the same held-out mixes. Each mix says which name each number must get.
 */
import { seededRandom } from '../../src/simulator/random.js';
import { makeId } from './ids.js';

/** One person of a mix. */
export interface Person {
  name: string;
  id: string;
}

/** How one person is written; each form gives the arguments for that person. */
export const FORMS = {
  glued_before: (p) => [`${p.name}${p.id}`],
  glued_after: (p) => [`${p.id}${p.name}`],
  comma_before: (p) => [`${p.name}，${p.id}`],
  comma_after: (p) => [`${p.id}，${p.name}`],
  spaced: (p) => [`${p.name} ${p.id}`],
  own_before: (p) => [p.name, p.id],
  own_after: (p) => [p.id, p.name],
  t_number: (p) => [`${p.name} T${p.id}`],
  t_glued: (p) => [`T${p.id}${p.name}`],
  own_before_t: (p) => [p.name, `T${p.id}`],
  id_and_t: (p) => [`${p.name} ${p.id} T${p.id}`],
} satisfies Record<string, (p: Person) => string[]>;

/** The name of a form. */
export type Form = keyof typeof FORMS;

/** The forms that present a certificate number (`T` + ID). */
export const T_FORMS: readonly Form[] = ['t_number', 't_glued', 'own_before_t', 'id_and_t'];

/** A mix: the arguments in order, and the people in the order their numbers appear. */
export interface Mix {
  args: string[];
  people: Person[];
  forms: Form[];
}

const NAMES = [
  '赵强',
  '孙丽',
  '王芳',
  '李明',
  '周杰',
  '吴敏',
  '郑伟',
  '冯娟',
  '陈晨',
  '欧阳娜',
  '黄勇',
  '刘洋',
];
const REGIONS = ['440106', '420106', '110105', '310104', '510107', '650102'];

/** `count` mixes of 2–4 people each, every person with a distinct name and a valid, distinct ID. */
export function argumentMixes(count: number, seed: number): Mix[] {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const formNames = Object.keys(FORMS) as Form[];
  const mixes: Mix[] = [];
  for (let m = 0; m < count; m++) {
    const size = 2 + Math.floor(next() * 3);
    const names = [...NAMES].sort(() => next() - 0.5).slice(0, size);
    const people = names.map((name, i) => {
      const year = 1960 + Math.floor(next() * 45);
      const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
      const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
      const seq = String(100 + i * 100 + Math.floor(next() * 99)).padStart(3, '0');
      return { name, id: makeId(pick(REGIONS), `${year}${month}${day}`, seq) };
    });
    const forms = people.map(() => pick(formNames));
    const args = people.flatMap((p, i) => FORMS[forms[i] as Form](p));
    mixes.push({ args, people, forms });
  }
  return mixes;
}
