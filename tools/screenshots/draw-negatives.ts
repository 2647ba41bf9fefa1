/**
 * Images without an error, for the silence checks: a desktop, a CPU chart, photo-like noise, and Hyper-V Manager
 * listing healthy VMs. 100 % DPI coordinates.
 */
import { font, rng, windowFrame, type Ctx } from './draw-windows';

export function drawDesktop(ctx: Ctx, width: number, family: string, seed: number): number {
  const height = 640;
  const g = ctx.createLinearGradient(0, 0, width, height);
  g.addColorStop(0, '#0a3d7a');
  g.addColorStop(1, '#4aa3df');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, width, height);
  const r = rng(seed);
  const icons = ['Recycle Bin', 'This PC', 'Network', 'notes.txt', 'Budget 2025.xlsx', 'Team photos'];
  font(ctx, 12, family);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  icons.forEach((label, i) => {
    const y = 16 + i * 86;
    ctx.fillStyle = `hsl(${Math.floor(r() * 360)}, 60%, 60%)`;
    ctx.fillRect(26, y, 40, 40);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(label, 46, y + 46);
  });
  ctx.textAlign = 'left';
  ctx.fillStyle = '#1f1f1f';
  ctx.fillRect(0, height - 40, width, 40);
  ctx.fillStyle = '#ffffff';
  ctx.fillText('Type here to search', 60, height - 26);
  ctx.fillText('10:42 AM', width - 80, height - 34);
  ctx.fillText('3/14/2025', width - 80, height - 18);
  return height;
}

export function drawChart(ctx: Ctx, width: number, family: string, seed: number): number {
  const height = 400;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  font(ctx, 14, family, true);
  ctx.textBaseline = 'top';
  ctx.fillText('CPU usage (%) by host, last 24 hours', 60, 12);
  font(ctx, 11, family);
  ctx.strokeStyle = '#444444';
  ctx.beginPath();
  ctx.moveTo(50, 40); ctx.lineTo(50, 350); ctx.lineTo(width - 20, 350);
  ctx.stroke();
  for (let v = 0; v <= 100; v += 25) ctx.fillText(String(v), 20, 344 - v * 3);
  const r = rng(seed);
  const colors = ['#1f77b4', '#ff7f0e', '#2ca02c'];
  colors.forEach((c, k) => {
    ctx.strokeStyle = c;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let h = 0; h < 24; h++) {
      const x = 50 + (h * (width - 80)) / 23;
      const y = 350 - (20 + r() * 60 + k * 5) * 3;
      if (h === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
  });
  ctx.lineWidth = 1;
  ctx.fillStyle = '#000000';
  for (let h = 0; h < 24; h += 4) ctx.fillText(`${String(h).padStart(2, '0')}:00`, 40 + (h * (width - 80)) / 23, 358);
  ctx.fillText('HV01   HV02   HV03', width - 170, 380);
  return height;
}

/** Smooth colour blobs with grain, like a phone photo of a rack. */
export function drawPhoto(ctx: Ctx, width: number, seed: number): number {
  const height = 480;
  const r = rng(seed);
  ctx.fillStyle = '#5b5142';
  ctx.fillRect(0, 0, width, height);
  for (let i = 0; i < 40; i++) {
    const g = ctx.createRadialGradient(r() * width, r() * height, 0, r() * width, r() * height, 40 + r() * 160);
    g.addColorStop(0, `rgba(${Math.floor(r() * 255)}, ${Math.floor(r() * 255)}, ${Math.floor(r() * 255)}, 0.8)`);
    g.addColorStop(1, 'rgba(0, 0, 0, 0)');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, width, height);
  }
  for (let i = 0; i < 12; i++) {
    ctx.fillStyle = r() > 0.5 ? '#22ff44' : '#ffaa00';
    ctx.fillRect(100 + r() * 400, 60 + i * 30, 4, 4);
  }
  return height;
}

/** Hyper-V Manager with its VM list: every machine running, nothing failed. */
export function drawVmList(ctx: Ctx, width: number, family: string): number {
  const height = 420;
  const top = windowFrame(ctx, 0, 0, width, height, 'Hyper-V Manager', family);
  ctx.fillStyle = '#000000';
  font(ctx, 12, family);
  ctx.textBaseline = 'top';
  ctx.fillText('File    Action    View    Help', 8, top + 2);
  ctx.fillText('Hyper-V Manager', 8, top + 30);
  ctx.fillText('  HV01', 8, top + 50);
  ctx.fillText('  HV02', 8, top + 70);
  font(ctx, 12, family, true);
  ctx.fillText('Virtual Machines', 200, top + 30);
  font(ctx, 12, family);
  const cols = [200, 360, 450, 560, 700, 820];
  const rows = [
    ['Name', 'State', 'CPU Usage', 'Assigned Memory', 'Uptime', 'Status'],
    ['SQL01', 'Running', '3 %', '16384 MB', '12.04:11:09', ''],
    ['WEB03', 'Running', '1 %', '4096 MB', '3.22:41:56', ''],
    ['web-fe-03', 'Running', '0 %', '2048 MB', '41.06:02:17', ''],
    ['DC01', 'Running', '0 %', '2048 MB', '88.13:50:21', ''],
    ['build-agent-2', 'Off', '', '', '', ''],
  ];
  rows.forEach((row, i) => row.forEach((c, j) => ctx.fillText(c, cols[j], top + 54 + i * 20)));
  ctx.fillText('Checkpoints', 200, top + 200);
  ctx.fillText('The selected virtual machine has no checkpoints.', 220, top + 222);
  return height;
}
