/**
 * The shape check of a store document: data whose fields of the defaults are missing or of another kind (an object
 * where an array belongs …) is refused, naming where it came from, instead of failing far away in the code that
 * reads it with a message that names nothing.
 */
import { wrongShapeText } from './store-words.js';
import { StoreFileError } from './versioned-json.js';

/** What a JSON value is, in the words of a wrong-shape message. */
function kindOf(value: unknown): string {
  if (value === undefined) return '缺失';
  if (value === null) return 'null';
  if (Array.isArray(value)) return '数组';
  switch (typeof value) {
    case 'object':
      return '对象';
    case 'string':
      return '字符串';
    case 'number':
      return '数字';
    case 'boolean':
      return '布尔值';
    default:
      return typeof value;
  }
}

/** Throw a `wrong_shape` StoreFileError naming `where` unless `data` has every field of `defaults`, of its kind. */
export function checkShape(data: object, defaults: object, where: string): void {
  for (const [key, expected] of Object.entries(defaults)) {
    const found: unknown = (data as Record<string, unknown>)[key];
    if (kindOf(found) !== kindOf(expected)) {
      throw new StoreFileError(
        'wrong_shape',
        where,
        wrongShapeText(where, key, kindOf(expected), kindOf(found)),
      );
    }
  }
}
