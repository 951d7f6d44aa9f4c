/** TODO(helper): kernels of this family on device 'gpu'. */
export function registerIm2col(): void {}
