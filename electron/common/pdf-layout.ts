/**
 * How a letter or a receipt is printed to PDF. One definition for both users of Chromium's print
 * pipeline: Electron's webContents.printToPDF in the app and the test tier's Chromium (CDP
 * Page.printToPDF, the call Electron's printToPDF wraps).
 */
export const PDF_LAYOUT = {
  pageSize: 'A4',
  /** Page margins on every side, in millimetres. */
  marginMm: 15,
  /** The official stylesheets colour table headers; keep them. */
  printBackground: true,
} as const;

export const MM_PER_INCH = 25.4;
