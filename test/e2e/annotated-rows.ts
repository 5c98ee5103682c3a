/**
 * The rows of an annotated roster as the bot sends it back, read from the first sheet that is not the 汇总: each
 * row below the header (the row holding 核验结论, below the 核验结果 heading) as its cells by column title.
 */
import ExcelJS from 'exceljs';

/** Each row's cells by the header's titles (姓名, 身份证号, 核验结论 …); rows without a 姓名 or 身份证号 are left out. */
export async function annotatedRows(bytes: Buffer): Promise<Array<Record<string, string>>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets.find((ws) => ws.name !== '汇总');
  const rows: Array<Record<string, string>> = [];
  let header: string[] | undefined;
  sheet?.eachRow((row) => {
    const cells = Array.from({ length: row.cellCount }, (_, i) => row.getCell(i + 1).text);
    if (!header) {
      if (cells.includes('核验结论') && (cells.includes('姓名') || cells.includes('身份证号')))
        header = cells;
      return;
    }
    const titles = header;
    const record = Object.fromEntries(titles.map((title, i) => [title, cells[i] ?? '']));
    if (record.姓名 || record.身份证号) rows.push(record);
  });
  return rows;
}
