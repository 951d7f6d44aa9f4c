import '@kindling/backend-cpu';
import { registerCpuBackend } from '@kindling/backend-cpu';
import * as torch from '@kindling/core';
import { it } from 'vitest';
import { configureGpu } from '../src/index.js';
import { launch, readBuffer, uploadBuffer } from '../src/program.js';
import { ensureDisplay } from './xvfb.js';

ensureDisplay();
registerCpuBackend();
configureGpu({ mode: 'headlessgl' });
it('nan', () => {
  const x = torch.tensor([1, Number.NaN, 3, Number.NaN, -Infinity, Infinity]).to('gpu');
  console.log('roundtrip', x.tolist());
  console.log('isnan', x.isnan().tolist());
  console.log('max', torch.tensor([1, Number.NaN, 3]).to('gpu').amax().tolist());
  const b = uploadBuffer(new Float32Array([1, Number.NaN, 3, Number.NaN]));
  const src = (body: string) =>
    `function(p0) { const tid = this.thread.x + 0.0; const a = p0[tid]; ${body} }`;
  console.log('kisnan', Array.from(readBuffer(launch(src('return kisnan(a);'), [b], 4))));
  console.log('kmax(a,1)', Array.from(readBuffer(launch(src('return kmax(a, 1.0);'), [b], 4))));
  console.log('kmax(1,a)', Array.from(readBuffer(launch(src('return kmax(1.0, a);'), [b], 4))));
  console.log('ne', Array.from(readBuffer(launch(src('return a !== a ? 1.0 : 0.0;'), [b], 4))));
  console.log(
    'loop',
    Array.from(
      readBuffer(
        launch(
          src(
            'let acc = 0.0; for (let j = 0.0; j < 4.0; j++) { const v = p0[j]; if (j < 0.5) { acc = v; } else { acc = kmax(acc, v); } } return acc;',
          ),
          [b],
          1,
        ),
      ),
    ),
  );
  console.log(
    'loop2',
    Array.from(
      readBuffer(
        launch(
          src(
            'let acc = 0.0; for (let j = 0.0; j < 4.0; j++) { const v = p0[j]; if (j < 0.5) { acc = v; } else { if (kisnan(acc) < 0.5) { if (kisnan(v) > 0.5 || v > acc) { acc = v; } } } } return acc;',
          ),
          [b],
          1,
        ),
      ),
    ),
  );
});
