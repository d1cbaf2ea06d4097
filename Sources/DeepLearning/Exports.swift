// What users of the engine need from Kernels comes with `import DeepLearning`: the scalar protocol that
// `Tensor<Float>` and every layer are generic over (`Float: KernelScalar`), the thread controls (`KernelWorkers`,
// `BLASThreads`) and the kernels themselves for code that works on flat buffers.
@_exported import Kernels
