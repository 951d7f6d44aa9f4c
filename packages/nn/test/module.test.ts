import * as torch from 'kindling';
import { describe, expect, expectTypeOf, it } from 'vitest';

const { Module, Parameter } = torch.nn;

class Affine extends Module {
  weight: torch.nn.Parameter;
  bias: torch.nn.Parameter | null;
  constructor(n: number, bias = true) {
    super();
    this.weight = new Parameter(torch.ones(n));
    this.bias = bias ? new Parameter(torch.zeros(n)) : null;
  }
  override forward(x: torch.Tensor): torch.Tensor {
    const y = x.mul(this.weight);
    return this.bias ? y.add(this.bias) : y;
  }
  override extraRepr(): string {
    return `n=${this.weight.shape[0]}`;
  }
}

class Net extends Module {
  a = new Affine(2);
  b = new Affine(2, false);
  declare running: torch.Tensor;
  constructor() {
    super();
    this.registerBuffer('running', torch.zeros(2));
    this.registerBuffer('tmp', torch.zeros(1), { persistent: false });
  }
  override forward(x: torch.Tensor): torch.Tensor {
    return this.b.forward(this.a.forward(x));
  }
}

describe('Parameter', () => {
  it('is a leaf tensor that requires grad and prints like PyTorch', () => {
    const p = new Parameter(torch.tensor([0, 0], { dtype: 'float32' }));
    expect(p).toBeInstanceOf(torch.Tensor);
    expect(p.requiresGrad && p.isLeaf).toBe(true);
    expect(String(p)).toBe('Parameter containing:\ntensor([0., 0.], requires_grad=True)');
    expect(String(new Parameter(torch.tensor([0, 0], { dtype: 'float32' }), false))).toBe(
      'Parameter containing:\ntensor([0., 0.])',
    );
    expect(() => new Parameter(torch.tensor([1], { dtype: 'int64' }))).toThrow(
      'Only Tensors of floating point and complex dtype can require gradients',
    );
  });
});

describe('Module', () => {
  it('finds fields in declaration order with dotted names', () => {
    const net = new Net();
    expect([...net.namedParameters()].map(([n]) => n)).toEqual(['a.weight', 'a.bias', 'b.weight']);
    expect([...net.namedChildren()].map(([n]) => n)).toEqual(['a', 'b']);
    expect([...net.namedModules()].map(([n]) => n)).toEqual(['', 'a', 'b']);
    expect([...net.namedBuffers()].map(([n]) => n)).toEqual(['running', 'tmp']);
    expect(Object.keys(net.stateDict())).toEqual(['running', 'a.weight', 'a.bias', 'b.weight']);
    Object.assign(net, { c: new Affine(1) });
    expect([...net.namedParameters()].map(([n]) => n)).toEqual([
      'a.weight',
      'a.bias',
      'b.weight',
      'c.weight',
      'c.bias',
    ]);
  });

  it('shares parameters once in parameters() and under every name in stateDict()', () => {
    const net = new Net();
    net.b = net.a;
    expect([...net.parameters()].length).toBe(2);
    expect(Object.keys(net.stateDict())).toEqual(['running', 'a.weight', 'a.bias', 'b.weight', 'b.bias']);
  });

  it('fires hooks however forward is called, and handles remove them', () => {
    const net = new Net();
    const calls: string[] = [];
    const h1 = net.a.registerForwardPreHook((_m, args) => {
      calls.push('pre');
      return [(args[0] as torch.Tensor).mul(2)];
    });
    const h2 = net.a.registerForwardHook((_m, _args, out) => {
      calls.push('post');
      return (out as torch.Tensor).add(1);
    });
    const x = torch.tensor([1, 2]);
    expect(net.forward(x).tolist()).toEqual([3, 5]);
    expect(net.a.forward(x).tolist()).toEqual([3, 5]);
    expect(calls).toEqual(['pre', 'post', 'pre', 'post']);
    h1.remove();
    h2.remove();
    expect(net.forward(x).tolist()).toEqual([1, 2]);
    expect(() => new Module().forward()).toThrow(
      'Module [Module] is missing the required "forward" function',
    );
  });

  it('train/eval, apply, zeroGrad and requiresGrad_', () => {
    const net = new Net();
    net.eval();
    expect([...net.modules()].map((m) => m.training)).toEqual([false, false, false]);
    net.train();
    expect(net.b.training).toBe(true);
    const seen: string[] = [];
    net.apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(['Affine', 'Affine', 'Net']);
    net
      .forward(torch.tensor([1, 2]))
      .sum()
      .backward();
    expect(net.a.weight.grad?.tolist()).toEqual([1, 2]);
    net.zeroGrad({ setToNone: false });
    expect(net.a.weight.grad?.tolist()).toEqual([0, 0]);
    net.zeroGrad();
    expect(net.a.weight.grad).toBeNull();
    net.requiresGrad_(false);
    expect([...net.parameters()].some((p) => p.requiresGrad)).toBe(false);
  });

  it('to(dtype) keeps parameter identity', () => {
    const net = new Net();
    const w = net.a.weight;
    net.to('float64');
    expect(net.a.weight).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(w.requiresGrad).toBe(true);
    expect(net.running.dtype).toBe('float64');
    expect(net.forward(torch.tensor([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(() => net.to('int32')).toThrow('nn.Module.to only accepts floating point dtypes');
  });

  it('loadStateDict copies values and reports errors in PyTorch words without changing state', () => {
    const src = new Net();
    src.a.weight.detach().fill_(3);
    src.running.fill_(7);
    const dst = new Net();
    expect(dst.loadStateDict(src.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(dst.a.weight.tolist()).toEqual([3, 3]);
    expect(dst.running.tolist()).toEqual([7, 7]);
    const sd = new Net().stateDict();
    delete sd['a.bias'];
    sd.foo = torch.zeros(1);
    sd['a.bar'] = torch.zeros(1);
    sd['b.weight'] = torch.zeros(3);
    expect(() => dst.loadStateDict(sd)).toThrow(
      'Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "a.bias". \n\tUnexpected key(s) in state_dict: "foo", "a.bar". \n\tsize mismatch for b.weight: copying a param with shape torch.Size([3]) from checkpoint, the shape in current model is torch.Size([2]).',
    );
    expect(dst.a.weight.tolist()).toEqual([3, 3]);
    delete sd['b.weight'];
    expect(dst.loadStateDict(sd, { strict: false })).toEqual({
      missingKeys: ['a.bias', 'b.weight'],
      unexpectedKeys: ['foo', 'a.bar'],
    });
  });

  it('prints like PyTorch repr', () => {
    expect(new Net().toString()).toBe('Net(\n  (a): Affine(n=2)\n  (b): Affine(n=2)\n)');
    expect(String(new Module())).toBe('Module()');
  });

  it('registerX validates names like PyTorch', () => {
    const m = new Net();
    expect(() => m.registerBuffer('a.b', null)).toThrow(`buffer name can't contain "."`);
    expect(() => m.registerParameter('', null)).toThrow(`parameter name can't be empty string ""`);
    expect(() => m.registerBuffer('a', torch.zeros(1))).toThrow(`attribute 'a' already exists`);
    m.registerParameter('extra', new Parameter(torch.zeros(1)));
    expect([...m.namedParameters('', false)].map(([n]) => n)).toEqual(['extra']);
  });
});

describe('Module details', () => {
  it('member iterators take an options object too', () => {
    const net = new Net();
    expect([...net.namedParameters({ prefix: 'net', recurse: true })].map(([n]) => n)).toEqual([
      'net.a.weight',
      'net.a.bias',
      'net.b.weight',
    ]);
    expect([...net.parameters({ recurse: false })]).toEqual([]);
    expect([...net.namedBuffers({ recurse: false })].map(([n]) => n)).toEqual(['running', 'tmp']);
  });

  it('refuses hooks on a forward written as a field instead of skipping them', () => {
    class Arrow extends Module {
      override forward = (x: torch.Tensor) => x;
    }
    expect(() => new Arrow().registerForwardHook(() => undefined)).toThrow(
      'Arrow.forward is a field, so hooks cannot wrap it: define forward as a method',
    );
  });

  it('loadStateDict rejects non-tensors in the checkpoint', () => {
    const sd: Record<string, unknown> = { ...new Net().stateDict(), running: 3 };
    expect(() => new Net().loadStateDict(sd as Record<string, torch.Tensor>)).toThrow(
      'While copying the parameter named "running", expected torch.Tensor or Tensor-like object from checkpoint but received number',
    );
  });
});

describe('forward types', () => {
  it('stay exactly what each module declares', () => {
    const lin = new torch.nn.Linear(2, 3);
    expectTypeOf(lin.forward).parameters.toEqualTypeOf<[torch.Tensor]>();
    expectTypeOf(lin.forward).returns.toEqualTypeOf<torch.Tensor>();
    expectTypeOf(new torch.nn.Bilinear(1, 2, 3).forward).parameters.toEqualTypeOf<
      [torch.Tensor, torch.Tensor]
    >();
    expectTypeOf(new Net().forward).parameters.toEqualTypeOf<[torch.Tensor]>();
    // @ts-expect-error Linear.forward takes a tensor
    expect(() => lin.forward(3)).toThrow();
  });
});

describe('memory scopes', () => {
  it('a module built inside torch.scope keeps its parameters', () => {
    let lin: torch.nn.Linear | undefined;
    torch.scope(() => {
      lin = new torch.nn.Linear(2, 2);
      lin.registerParameter('frozen', new Parameter(torch.ones(2), false));
    });
    const frozen = [...lin!.parameters()][2]!;
    expect(frozen.isDisposed || lin!.weight.isDisposed).toBe(false);
    expect(frozen.tolist()).toEqual([1, 1]);
    expect(lin!.forward(torch.ones(1, 2)).shape).toEqual([1, 2]);
  });
});
