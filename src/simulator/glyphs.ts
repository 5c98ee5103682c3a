/**
 * Stroke shapes of the digits 0-9 (Hershey-like polylines), so the captcha needs no system font: a fresh
 * machine may have none. Each glyph lives in a box 10 wide and 16 high, y pointing down.
 */

/** A point in glyph units. */
export type Point = readonly [number, number];

/** One pen stroke. */
export type Stroke = readonly Point[];

export const GLYPH_WIDTH = 10;
export const GLYPH_HEIGHT = 16;

/** Points along an ellipse arc; angles in degrees, 0 = right, 90 = down, increasing clockwise on screen. */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number): Point[] {
  const steps = Math.max(4, Math.round(Math.abs(to - from) / 15));
  const points: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const a = ((from + ((to - from) * i) / steps) * Math.PI) / 180;
    points.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return points;
}

/** The strokes of each digit, indexed by the digit. */
export const DIGIT_GLYPHS: readonly (readonly Stroke[])[] = [
  [arc(5, 8, 4.5, 8, 0, 360)],
  [
    [
      [2.5, 3.5],
      [6, 0],
      [6, 16],
    ],
    [
      [3, 16],
      [9, 16],
    ],
  ],
  [[...arc(5, 4.5, 4.3, 4.5, 190, 400), [0.5, 16], [10, 16]]],
  [[...arc(5, 4, 4, 4, 200, 450), ...arc(5, 12, 4.6, 4, 270, 520)]],
  [
    [
      [7.5, 16],
      [7.5, 0],
      [0, 11],
      [10, 11],
    ],
  ],
  [[[9, 0], [2, 0], [1.2, 7.3], ...arc(4.8, 11, 4.4, 5, 240, 515)]],
  [[[8.5, 1], [6, 0], [3.5, 0.8], [1.5, 3.5], [0.6, 8], [0.7, 11.5], ...arc(5, 11.5, 4.3, 4.5, 180, 540)]],
  [
    [
      [0, 0],
      [10, 0],
      [4, 16],
    ],
  ],
  [arc(5, 4, 3.8, 4, 0, 360), arc(5, 12, 4.5, 4, 0, 360)],
  [[...arc(5, 4.8, 4.3, 4.8, 0, 360), [9.2, 9.5], [7.8, 13.8], [5, 16], [2, 15.2]]],
];
