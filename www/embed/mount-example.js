// How a portal embeds the checker with mount(): every path given explicitly, the
// stylesheet linked by the page itself (styles: false), and the result used by the
// portal's own code.
import { mount } from '../nianbao-checker.js';

const summary = document.getElementById('portal-summary');
const checker = mount(document.getElementById('checker'), {
  wasm: '../pkg/nianbao_bg.wasm',
  glue: '../pkg/nianbao.js',
  worker: '../nianbao-worker.js',
  styles: false,
  sample: '../sample-report.txt',
  onResult(report) {
    const c = report.counts;
    summary.textContent = `门户摘要：${report.verdict === 'pass' ? '通过' : '不通过'}（错误 ${c.error}、警告 ${c.warning}、提示 ${c.info}）`;
  },
});

checker.ready.then(
  () => { summary.textContent = '检查程序已就绪：请粘贴或拖入报告。'; },
  (err) => { summary.textContent = `检查程序加载失败：${err.message}`; },
);

// The same controller checks without showing anything, e.g. for a batch of uploads:
//   const result = await checker.check({ name: '报告.docx', bytes: new Uint8Array(buf) });
window.nianbaoChecker = checker;
