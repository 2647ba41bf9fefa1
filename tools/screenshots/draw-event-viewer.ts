/**
 * Event Viewer with one event selected (tree, event list, General tab with the message and the field grid), and a
 * Windows PowerShell console with a red error record. 100 % DPI coordinates.
 */
import { MONO_FONT, font, paragraphs, windowFrame, type Ctx } from './draw-windows';
import type { ScreenSpec } from './screens';

const TREE = ['Event Viewer (Local)', '  Custom Views', '  Windows Logs', '  Applications and Services Logs', '    Microsoft', '      Windows'];

export function drawEventViewer(ctx: Ctx, spec: ScreenSpec, width: number, family: string): number {
  const ev = spec.event ?? { id: 21502, source: 'Hyper-V-High-Availability', log: 'Microsoft-Windows-Hyper-V-High-Availability-Admin' };
  const top = windowFrame(ctx, 0, 0, width, 1400, spec.caption, family);
  ctx.fillStyle = '#000000';
  font(ctx, 12, family);
  ctx.textBaseline = 'top';
  ctx.fillText('File    Action    View    Help', 8, top + 2);
  ctx.fillStyle = '#f5f5f5';
  ctx.fillRect(1, top + 20, 190, 1000);
  ctx.fillStyle = '#000000';
  [...TREE, `        ${ev.source}`, '          Admin'].forEach((t, i) => ctx.fillText(t, 6, top + 28 + i * 19));
  const x = 200;
  const w = width - x - 8;
  font(ctx, 12, family, true);
  ctx.fillText(`Admin    Number of events: ${spec.eventCount ?? 214}`, x, top + 26);
  font(ctx, 12, family);
  const cols = [x, x + 90, x + 250, x + 470, x + 540];
  const header = ['Level', 'Date and Time', 'Source', 'Event ID', 'Task Category'];
  ctx.fillStyle = '#f0f0f0';
  ctx.fillRect(x, top + 46, w, 20);
  ctx.fillStyle = '#000000';
  header.forEach((h, i) => ctx.fillText(h, cols[i] + 4, top + 50));
  const rows = spec.eventRows ?? [['Error', spec.logged ?? '3/14/2025 9:41:07 AM', ev.source, String(ev.id), 'None']];
  rows.forEach((r, i) => {
    const y = top + 68 + i * 19;
    if (i === 0) { ctx.fillStyle = '#cce8ff'; ctx.fillRect(x, y - 2, w, 19); }
    ctx.fillStyle = '#000000';
    r.forEach((c, j) => ctx.fillText(c, cols[j] + 4, y));
  });
  let y = top + 80 + rows.length * 19;
  ctx.fillStyle = '#e5e5e5';
  ctx.fillRect(x, y, w, 24);
  ctx.fillStyle = '#000000';
  font(ctx, 12, family, true);
  ctx.fillText(`Event ${ev.id}, ${ev.source}`, x + 6, y + 6);
  font(ctx, 12, family);
  y += 30;
  ctx.fillText('General     Details', x + 6, y);
  y += 22;
  const boxTop = y;
  y = paragraphs(ctx, spec.body, x + 10, y + 8, w - 24, 16, 8);
  ctx.strokeStyle = '#a0a0a0';
  ctx.strokeRect(x + 4.5, boxTop + 0.5, w - 10, y - boxTop + 4);
  y += 14;
  const fields: Array<[string, string, string, string]> = [
    ['Log Name:', ev.log, '', ''],
    ['Source:', ev.source, 'Logged:', spec.logged ?? '3/14/2025 9:41:07 AM'],
    ['Event ID:', String(ev.id), 'Task Category:', 'None'],
    ['Level:', ev.level ?? 'Error', 'Keywords:', ''],
    ['User:', 'SYSTEM', 'Computer:', spec.computer ?? 'HV01.contoso.local'],
    ['OpCode:', 'Info', '', ''],
  ];
  for (const [k1, v1, k2, v2] of fields) {
    ctx.fillText(k1, x + 8, y);
    ctx.fillText(v1, x + 110, y);
    if (k2) { ctx.fillText(k2, x + 400, y); ctx.fillText(v2, x + 500, y); }
    y += 19;
  }
  return y + 12;
}

/** Windows PowerShell 5.1: white on blue for the prompt, red on black for the error record. */
export function drawConsole(ctx: Ctx, spec: ScreenSpec, width: number): number {
  const top = windowFrame(ctx, 0, 0, width, 1400, spec.caption, 'Liberation Sans');
  ctx.fillStyle = '#012456';
  ctx.fillRect(1, top, width - 2, 1400);
  font(ctx, 14, MONO_FONT);
  ctx.textBaseline = 'top';
  const charW = ctx.measureText('M').width;
  const columns = Math.floor((width - 16) / charW);
  let y = top + 6;
  for (const line of spec.prompt ?? []) {
    ctx.fillStyle = '#eeedf0';
    ctx.fillText(line, 8, y);
    y += 17;
  }
  for (const para of spec.body) {
    for (const chunk of hardWrap(para, columns)) {
      ctx.fillStyle = '#000000';
      ctx.fillRect(8, y, ctx.measureText(chunk).width, 17);
      ctx.fillStyle = '#ff0000';
      ctx.fillText(chunk, 8, y);
      y += 17;
    }
  }
  ctx.fillStyle = '#eeedf0';
  ctx.fillText('PS C:\\> ', 8, y + 17);
  return y + 48;
}

/** The console wraps at the buffer width, in the middle of words. */
function hardWrap(text: string, columns: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += columns) out.push(text.slice(i, i + columns));
  return out.length > 0 ? out : [''];
}

