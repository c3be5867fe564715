// `import Tinyformer` brings the whole library: tensors and autodiff, layers and optimizers,
// safetensors IO and SVG plotting.
@_exported import TinyformerIO
@_exported import TinyformerNN
@_exported import TinyformerPlot
@_exported import TinyformerRandom
@_exported import TinyformerTensor
