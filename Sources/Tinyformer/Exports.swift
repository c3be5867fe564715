// `import Tinyformer` brings the whole library: tensors and autodiff, layers, transformer blocks,
// optimizers and the training loop, safetensors and run records, SVG plotting, the seeded
// generator, and the capabilities built on them (the noisy quadratic model, sequence-to-sequence
// translation, scaling-law sweeps and fits, BERT, CLIP).
@_exported import TinyformerBERT
@_exported import TinyformerCLIP
@_exported import TinyformerIO
@_exported import TinyformerNMT
@_exported import TinyformerNN
@_exported import TinyformerNQM
@_exported import TinyformerPlot
@_exported import TinyformerRandom
@_exported import TinyformerScaling
@_exported import TinyformerTensor
