// CSV as spreadsheets read it (RFC 4180: comma-separated, CRLF lines, a field
// quoted when it holds a quote, comma or line break, quotes doubled), with
// formula injection defused: a cell that begins with =, +, -, @, a tab or a
// carriage return is a formula to Excel, LibreOffice and Google Sheets, and
// much of what we export was typed by visitors (organization names, emails,
// user agents). Such a cell gets a leading apostrophe, which the spreadsheet
// shows as text (OWASP's advice). Pure: no database, no secret.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** Makes Excel read the file as UTF-8 (names in any script); other readers skip it. */
export const UTF8_BOM = "\uFEFF";
