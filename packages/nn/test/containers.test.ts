import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

const { nn } = torch;

describe('Sequential', () => {
  it('chains children, names them 0, 1, … and prints like PyTorch', () => {
    const seq = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU());
    expect(String(seq)).toBe(
      'Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=True)\n  (1): ReLU()\n)',
    );
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias']);
    const x = torch.randn(2, 4);
    const lin = seq.get(0) as torch.nn.Linear;
    expect(seq.forward(x).tolist()).toEqual(lin.forward(x).relu().tolist());
    expect(seq.get(-1)).toBeInstanceOf(nn.ReLU);
    expect(seq.length).toBe(2);
    expect(() => seq.get(5)).toThrow('index 5 is out of range');
    expect(String(new nn.Sequential())).toBe('Sequential()');
  });

  it('takes a record of named modules, slices keep names, append/insert/delete renumber', () => {
    const seq = new nn.Sequential({ fc: new nn.Linear(2, 2), act: new nn.Tanh() });
    expect([...seq.namedChildren()].map(([n]) => n)).toEqual(['fc', 'act']);
    expect([...seq.slice(1).namedChildren()].map(([n]) => n)).toEqual(['act']);
    const s2 = new nn.Sequential(new nn.ReLU(), new nn.Tanh());
    s2.append(new nn.Sigmoid());
    s2.insert(0, new nn.Identity());
    expect([...s2].map((m) => m.constructor.name)).toEqual(['Identity', 'ReLU', 'Tanh', 'Sigmoid']);
    s2.delete(1);
    expect([...s2.namedChildren()].map(([n, m]) => `${n}:${m.constructor.name}`)).toEqual([
      '0:Identity',
      '1:Tanh',
      '2:Sigmoid',
    ]);
    expect(() => s2.append(3 as never)).toThrow('number is not a Module subclass');
  });

  it('nests with indented reprs and dotted names; hooks on children fire', () => {
    class Net extends nn.Module {
      a = new nn.Linear(2, 2);
      s = new nn.Sequential(new nn.ReLU(), new nn.Sequential(new nn.Tanh()));
      override forward(x: torch.Tensor): torch.Tensor {
        return this.s.forward(this.a.forward(x));
      }
    }
    const net = new Net();
    expect(String(net)).toBe(
      'Net(\n  (a): Linear(in_features=2, out_features=2, bias=True)\n  (s): Sequential(\n    (0): ReLU()\n    (1): Sequential(\n      (0): Tanh()\n    )\n  )\n)',
    );
    expect([...net.namedModules()].map(([n]) => n)).toEqual(['', 'a', 's', 's.0', 's.1', 's.1.0']);
    let seen = 0;
    (net.s.get(1) as torch.nn.Sequential).get(0).registerForwardHook(() => {
      seen++;
    });
    net.forward(torch.randn(1, 2));
    expect(seen).toBe(1);
  });
});

describe('ModuleList and ModuleDict', () => {
  it('register children in order and have no forward', () => {
    const list = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 1)]);
    expect([...list.namedParameters()].map(([n]) => n)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(list.get(1).outFeatures).toBe(1);
    expect(() => list.forward()).toThrow('Module [ModuleList] is missing the required "forward" function');
    expect(String(new nn.ModuleList())).toBe('ModuleList()');
    expect(() => list.get(3)).toThrow('index 3 is out of range');
    const dict = new nn.ModuleDict<torch.nn.Module>({ a: new nn.ReLU() });
    dict.set('b', new nn.Linear(1, 1));
    expect([...dict.keys()]).toEqual(['a', 'b']);
    expect(Object.keys(dict.stateDict())).toEqual(['b.weight', 'b.bias']);
    expect(String(new nn.ModuleDict({ a: new nn.ReLU() }))).toBe('ModuleDict(\n  (a): ReLU()\n)');
    expect(() => dict.get('x')).toThrow("'x'");
    dict.pop('a');
    expect(dict.length).toBe(1);
  });
});

describe('ParameterList and ParameterDict', () => {
  it('wrap tensors as Parameters, are found by parameters(), and print like PyTorch', () => {
    const pl = new nn.ParameterList([torch.zeros(2, 3), torch.zeros(2, { dtype: 'float64' })]);
    expect(pl.get(0)).toBeInstanceOf(nn.Parameter);
    expect(String(pl)).toBe(
      'ParameterList(\n    (0): Parameter containing: [torch.float32 of size 2x3]\n    (1): Parameter containing: [torch.float64 of size 2]\n)',
    );
    const pd = new nn.ParameterDict({ x: torch.zeros(2), y: torch.zeros(2, 3, { dtype: 'float64' }) });
    expect(String(pd)).toBe(
      'ParameterDict(\n    (x): Parameter containing: [torch.FloatTensor of size 2]\n    (y): Parameter containing: [torch.DoubleTensor of size 2x3]\n)',
    );
    class M extends nn.Module {
      ps = pl;
      pd = pd;
    }
    expect(Object.keys(new M().stateDict())).toEqual(['ps.0', 'ps.1', 'pd.x', 'pd.y']);
  });
});
